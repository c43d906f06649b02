"""Teeth: deliberately broken booking rules make the properties fail.

* ``AgaUtenMotpost``: arbeidsgiveravgift 540 reported without its 1986 counter-entry on
  kap 5700/72 → S-rapport periods no longer sum to 0 and Sum rapportert ≠ 0.
* ``MvaPaPosten``: nettoført mva reported on the expense post instead of kap 1633/01 in the
  S-rapport while the ledger books 1987 → the cash statements still balance, but Note 7A's
  cross-check of underkonto 1987 against kap 1633 fails.
* ``GulvAvskrivning``: depreciation booked with ``floor(kost × m / n)`` instead of the SRS rule's
  round half up → the register/ledger property (SRS-ANL-02 on avskrivninger) fails by 1 øre.
* ``UkjentGruppe``: the asset written to the register under a group name the library does not
  know (``ikt``) → SRS-ANL-03 and the asset is missing from note 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import find
from hypothesis import strategies as st

from imdi_ledger.testing import Bokforing, HRad, Investering, Kontoer, Leverandorfaktura, Lonn, SRad, bokfor
from imdi_ledger.testing.oppstillinger import aarsregnskap, kontantregnskap

from test_properties_kontant import perioder_summerer_til_null, sum_rapportert_null
from test_properties_srs import ingen_error, notene_er_lik_oppstillingene


@dataclass(frozen=True)
class AgaUtenMotpost:
    """A payroll whose S-rapport lacks the 1986 row."""

    lonn: Lonn

    @property
    def id(self) -> str:
        return self.lonn.id

    def book(self, k: Kontoer) -> Bokforing:
        b = self.lonn.book(k)
        return Bokforing(tuple(r for r in b.srapport if r.artskonto != "1986"), b.hovedbok)


@dataclass(frozen=True)
class MvaPaPosten:
    """An invoice whose mva is reported on the expense post instead of kap 1633/01."""

    faktura: Leverandorfaktura

    @property
    def id(self) -> str:
        return self.faktura.id

    def book(self, k: Kontoer) -> Bokforing:
        b = self.faktura.book(k)
        s = tuple(SRad(r.periode, self.faktura.kapittel + self.faktura.post, self.faktura.artskonto, r.belop_ore, r.tekst)
                  if r.artskonto == "1987" else r for r in b.srapport)
        return Bokforing(s, b.hovedbok)


def _ubalansert(brutto: int) -> bool:
    boker = bokfor(2025, [AgaUtenMotpost(Lonn.fra_brutto("L", date(2025, 2, 20), brutto))])
    return bool((boker.srapport.groupby("periode")["belop_ore"].sum() != 0).any())


def test_aga_without_1986_breaks_period_balance():
    counterexample = find(st.integers(1, 10**9), _ubalansert)
    broken = bokfor(2025, [AgaUtenMotpost(Lonn.fra_brutto("L", date(2025, 2, 20), counterexample))])
    with pytest.raises(AssertionError):
        perioder_summerer_til_null(broken)
    with pytest.raises(AssertionError):
        sum_rapportert_null(kontantregnskap(broken))
    correct = bokfor(2025, [Lonn.fra_brutto("L", date(2025, 2, 20), counterexample)])
    perioder_summerer_til_null(correct)
    sum_rapportert_null(kontantregnskap(correct))


def test_mva_on_the_post_is_caught_by_note_7a():
    from imdi_ledger.note7 import note_7a
    from imdi_ledger.load.hovedbok import load_hovedbok
    from imdi_ledger.testing.oppstillinger import last_srapport, srapport_frame

    f = Leverandorfaktura("F", date(2025, 3, 1), date(2025, 3, 10), "673", 1000_00, 250_00)

    def mva_ties(boker) -> None:
        a = note_7a(last_srapport(boker.srapport, 2025), load_hovedbok(srapport_frame(boker.hovedbok)))
        assert not [x for x in a.findings if x.rule == "NOTE7A-1987"], [x.message for x in a.findings]

    mva_ties(bokfor(2025, [f]))
    with pytest.raises(AssertionError):
        mva_ties(bokfor(2025, [MvaPaPosten(f)]))


@dataclass(frozen=True)
class GulvAvskrivning:
    """An asset whose yearly depreciation is ``floor(kost × m / n)`` differences (truncating),
    not the round-half-up accumulated figure of docs/srs.md."""

    inv: Investering

    @property
    def id(self) -> str:
        return self.inv.id

    def register_rad(self) -> dict[str, object]:
        return self.inv.register_rad()

    def book(self, k: Kontoer) -> Bokforing:
        b = self.inv.book(k)
        t, n = self.inv.tatt_i_bruk, 12 * self.inv.levetid_ar
        rows = []
        for r in b.hovedbok:
            if "-AVS" in r.bilag:
                m1 = min(max((r.dato.year - t.year) * 12 + 12 - t.month, 0), n)
                m0 = min(max(m1 - 12, 0), n) if r.dato.year > t.year else 0
                gulv = self.inv.kost_ore * m1 // n - self.inv.kost_ore * m0 // n
                r = HRad(r.bilag, r.dato, r.konto, gulv if r.belop_ore > 0 else -gulv, r.tekst)
            rows.append(r)
        return Bokforing(b.srapport, tuple(rows))


@dataclass(frozen=True)
class UkjentGruppe:
    """An ikt_utstyr asset written to the register as group ``ikt``."""

    inv: Investering

    @property
    def id(self) -> str:
        return self.inv.id

    def register_rad(self) -> dict[str, object]:
        return {**self.inv.register_rad(), "gruppe": "ikt"}

    def book(self, k: Kontoer) -> Bokforing:
        return self.inv.book(k)


def _anlegg_ok(boker) -> None:
    r = aarsregnskap(boker)
    ingen_error(r)
    notene_er_lik_oppstillingene(r.virksomhetsregnskap, boker.hovedbok)


#: 100 000,18 kr over 36 months, in use from March 2025: 10 months in 2025, where the floor and
#: the rounded figure differ by 1 øre.
_IKT = Investering("A", date(2025, 2, 3), date(2025, 2, 3), "ikt_utstyr", 100_000_18, 3, date(2025, 2, 28))


def test_floor_depreciation_breaks_the_register_property():
    _anlegg_ok(bokfor(2025, [_IKT]))
    with pytest.raises(AssertionError):
        _anlegg_ok(bokfor(2025, [GulvAvskrivning(_IKT)]))
    r = aarsregnskap(bokfor(2025, [GulvAvskrivning(_IKT)]))
    avvik = [(f.line, f.actual_ore - f.expected_ore) for f in r.findings if f.rule == "SRS-ANL-02"]
    assert ("avskrivninger", -1) in avvik


def test_unknown_group_in_the_register_breaks_the_register_property():
    with pytest.raises(AssertionError):
        _anlegg_ok(bokfor(2025, [UkjentGruppe(_IKT)]))
    r = aarsregnskap(bokfor(2025, [UkjentGruppe(_IKT)]))
    assert "SRS-ANL-03" in {f.rule for f in r.findings}
