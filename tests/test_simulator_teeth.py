"""Teeth: deliberately broken booking rules make the properties fail.

* ``AgaUtenMotpost``: arbeidsgiveravgift 540 reported without its 1986 counter-entry on
  kap 5700/72 (domain-rules §4) → S-rapport periods no longer sum to 0 and Sum rapportert ≠ 0.
* ``MvaPaPosten``: nettoført mva reported on the expense post instead of kap 1633/01 in the
  S-rapport while the ledger books 1987 → the cash statements still balance, but Note 7A's
  cross-check of underkonto 1987 against kap 1633 fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import find
from hypothesis import strategies as st

from imdi_ledger.testing import Bokforing, Kontoer, Leverandorfaktura, Lonn, SRad, bokfor
from imdi_ledger.testing.oppstillinger import kontantregnskap

from test_properties_kontant import perioder_summerer_til_null, sum_rapportert_null


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
    from imdi_ledger.avstemming.note7 import note_7a
    from imdi_ledger.load.hovedbok import load_hovedbok
    from imdi_ledger.testing.oppstillinger import last_srapport, srapport_frame

    f = Leverandorfaktura("F", date(2025, 3, 1), date(2025, 3, 10), "673", 1000_00, 250_00)

    def mva_ties(boker) -> None:
        a = note_7a(last_srapport(boker.srapport, 2025), load_hovedbok(srapport_frame(boker.hovedbok)))
        assert not [x for x in a.findings if x.rule == "NOTE7A-1987"], [x.message for x in a.findings]

    mva_ties(bokfor(2025, [f]))
    with pytest.raises(AssertionError):
        mva_ties(bokfor(2025, [MvaPaPosten(f)]))
