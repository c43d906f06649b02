"""The catalogue's roll-forward rules (SRS 17 notes 3 and 4, NOTE-RAD, X-ANLEGG-BALANSE,
X-NOTE3-PAGAENDE) on any set of group columns, not only IMDi's published ones."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from imdi_ledger.avstemming import Figurer as Figurer, verify
from imdi_ledger.avstemming import sjekk_srs as s
from imdi_ledger.avstemming.eksport import kontroller
from imdi_ledger.avstemming.kontroll import Regel, Toleranse
from imdi_ledger.findings import Severity
from imdi_ledger.srs import load_anleggsgrupper
from imdi_ledger.srs.anleggsmidler import RADER
from imdi_ledger.testing import SimuleringsSpec, simuler
from imdi_ledger.testing.oppstillinger import aarsregnskap

#: Per group (øre): cost 01.01, tilgang, reclassification, accumulated depreciation 01.01, the year's.
GRUPPER = {
    "programvare": {"kost_ib": 1_000_000, "tilgang": 200_000, "reklassifisering": 300_000,
                    "avskr_ib": 400_000, "avskr_aret": 150_000},
    "rettigheter": {"kost_ib": 500_000, "tilgang": 100_000, "avskr_ib": 100_000, "avskr_aret": 50_000},
    "under_utforelse": {"kost_ib": 300_000, "tilgang": 250_000, "reklassifisering": -300_000},
}


def _rullering(grupper: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Note 3 as the library writes it (row texts of ``RADER``), sums computed per group."""
    per = {g: dict.fromkeys((r[0] for r in RADER), 0) | v for g, v in grupper.items()}
    for v in per.values():
        v["kost_ub"] = v["kost_ib"] + v["tilgang"] + v["avgang"] + v["reklassifisering"]
        v["bv_ub"] = v["kost_ub"] - v["nedskr_ib"] - v["nedskr_aret"] - v["avskr_ib"] - v["avskr_aret"] - v["avskr_avgang"]
    rows = []
    for rid, kind, tekst in RADER:
        rad: dict[str, Any] = {"tekst": tekst, **({"kind": "sum"} if kind == "sum" else {})}
        rad |= {g: per[g][rid] for g in grupper}
        rad["sum"] = sum(per[g][rid] for g in grupper)
        rows.append(rad)
    return rows


def _bv(rows: list[dict[str, Any]], *grupper: str, fjor: bool = False) -> int:
    by = {r["tekst"]: r for r in rows}
    if fjor:
        return sum(by["Anskaffelseskost 01.01."][g] - by["Akkumulerte nedskrivninger 01.01."][g]
                   - by["Akkumulerte avskrivninger 01.01."][g] for g in grupper)
    return sum(rows[-1][g] for g in grupper)


def _figurer() -> dict[str, Any]:
    n3 = _rullering(GRUPPER)
    u = GRUPPER["under_utforelse"]
    linjer = (("Programvare og lignende rettigheter", ("programvare", "rettigheter")),
              ("Immaterielle eiendeler under utførelse", ("under_utforelse",)),
              ("Sum immaterielle eiendeler", ("sum",)))
    eiendeler = [{"tekst": t, **({"kind": "sum"} if t.startswith("Sum") else {}),
                  "belop": _bv(n3, *g), "belop_fjor": _bv(n3, *g, fjor=True)} for t, g in linjer]
    pag = {"ib": u["kost_ib"], "arets_anskaffelse": u["tilgang"], "aktivert": -u["reklassifisering"]}
    pag["pagaende"] = pag["ib"] + pag["arets_anskaffelse"] - pag["aktivert"]
    return {
        "presisjon": "ore",
        "balanse": {"eiendeler": eiendeler, "kapital_og_gjeld": []},
        "andre_noter": {
            "note_3_immaterielle": n3,
            "note_3_pagaende_anlegg": [{"tekst": "Nytt saksbehandlingssystem", **pag},
                                       {"tekst": "Sum pågående anlegg", "kind": "sum", **pag}],
        },
    }


def _feil(d: dict[str, Any]) -> list[tuple[str, str | None, int | None]]:
    return [(f.rule, f.line, f.difference_ore) for f in verify(Figurer.from_dict(d))
            if f.severity == Severity.ERROR]


def test_programvare_og_rettigheter_gir_ingen_feil():
    assert _feil(_figurer()) == []


def test_balanselinjen_er_summen_av_gruppene_den_dekker():
    d = _figurer()
    d["balanse"]["eiendeler"][0]["belop"] += 7  # «Programvare og lignende rettigheter»
    feil = _feil(d)
    assert ("X-ANLEGG-BALANSE", "note_3_immaterielle: Balanseført verdi 31.12., programvare + rettigheter", -7) in feil
    assert {r for r, _, _ in feil} == {"X-ANLEGG-BALANSE", "SRS-BAL-SUM"}


def test_sumkolonnen_er_summen_av_alle_gruppekolonnene():
    d = _figurer()
    d["andre_noter"]["note_3_immaterielle"][1]["rettigheter"] += 5  # tilgang, sum left as it was
    feil = [x for x in _feil(d) if x[0] == "NOTE-RAD"]
    assert feil == [("NOTE-RAD", "note_3_immaterielle: Tilgang i året, sum", -5)]


@pytest.mark.parametrize("tekst", ["Fra under utførelse til annen gruppe i året",
                                   "Fra immaterielle eiendeler under utførelse til annen gruppe i året"])
def test_pagaende_finner_aktivert_raden_i_begge_formuleringer(tekst):
    d = _figurer()
    n3 = d["andre_noter"]["note_3_immaterielle"]
    next(r for r in n3 if r["tekst"].startswith("Fra ")).update(tekst=tekst)
    assert _feil(d) == []
    for rad in d["andre_noter"]["note_3_pagaende_anlegg"]:
        rad["aktivert"] += 100
        rad["pagaende"] -= 100
    funn = [(f.line, f.difference_ore) for f in verify(Figurer.from_dict(d)) if f.rule == "X-NOTE3-PAGAENDE"]
    assert funn == [("Pågående anlegg: Sum pågående anlegg, aktivert", 100),
                    ("Pågående anlegg: Sum pågående anlegg, pagaende", -100)]


def test_note4_pagaende_mot_anlegg_under_utforelse():
    d = _figurer()
    n4 = _rullering({"ikt_utstyr": {"kost_ib": 0, "reklassifisering": 44_305_839},
                     "anlegg_under_utforelse": {"kost_ib": 44_305_839, "reklassifisering": -44_305_839}})
    d["andre_noter"]["note_4_varige_driftsmidler"] = n4
    pag = {"ib": 44_305_839, "arets_anskaffelse": 0, "aktivert": 44_305_839, "pagaende": 0}
    d["andre_noter"]["note_4_pagaende_anlegg"] = [{"tekst": "PC-park", **pag},
                                                 {"tekst": "Sum pågående anlegg", "kind": "sum", **pag}]
    regel = Regel("X-NOTE4-PAGAENDE", "Pågående anlegg-tabellen = anlegg under utførelse i note 4", Severity.ERROR,
                  "SRS 17", Toleranse.AVRUNDING, "Noter", s.note4_pagaende)
    assert regel(Figurer.from_dict(d)) == []
    brutt = copy.deepcopy(d)
    brutt["andre_noter"]["note_4_pagaende_anlegg"][-1]["ib"] += 1
    assert [(f.line, f.difference_ore) for f in regel(Figurer.from_dict(brutt))] == [
        ("Pågående anlegg: Sum pågående anlegg, ib", 1)]
    # note 4's pågående table is not note 3's
    assert [f for f in verify(Figurer.from_dict(d)) if f.rule == "X-NOTE3-PAGAENDE"] == []


def test_anlegg_balanse_dekker_gruppene_i_anleggsgrupper_csv():
    """Every asset group of the shipped table is a column of exactly one balance-line entry of
    its own note."""
    dekket = {(note, g) for note, grupper, _ in s.ANLEGG_BALANSE for g in grupper}
    for r in load_anleggsgrupper().frame.to_dict("records"):
        note = "note_3_immaterielle" if r["note"] == "3" else "note_4_varige_driftsmidler"
        assert (note, r["gruppe"]) in dekket, r["gruppe"]
    assert sum(1 for _, grupper, _ in s.ANLEGG_BALANSE for g in grupper if g == "rettigheter") == 1


def test_simulert_register_med_programvare_og_rettigheter_gir_ingen_feil():
    sim = simuler(SimuleringsSpec(ar=2016, seed=1))
    r = aarsregnskap(sim.boker, sim.tildeling)
    n3 = next(t for t in r.tabeller() if t.id == "note_3")
    assert {"programvare", "rettigheter", "under_utforelse"} <= {k.navn for k in n3.kolonner}
    assert [(f.rule, f.line) for f in kontroller(r) if f.severity == Severity.ERROR] == []


def test_tekst_i_en_gruppekolonne_er_inputerror():
    from imdi_ledger.errors import InputError

    d = _figurer()
    d["andre_noter"]["note_3_immaterielle"][0]["rettigheter"] = "500 000"
    with pytest.raises(InputError) as exc:
        Figurer.from_dict(d)
    assert exc.value.column == "andre_noter.note_3_immaterielle[0].rettigheter"


def test_pagaende_med_komponent_kjopt_og_tatt_i_bruk_samme_ar():
    """A project carried under utførelse from last year, with a second component bought and
    taken in use this year (a tilgang of programvare in note 3, never under utførelse): the
    computed pågående-anlegg table shows the gross flows and states that component on its own
    row, so X-NOTE3-PAGAENDE finds nothing; without that row (as IMDi printed it, I11) the same
    amount is an error on «årets anskaffelse» and «aktivert»."""
    from datetime import date

    from imdi_ledger.avstemming.eksport import til_publisert_form
    from imdi_ledger.srs.anleggsmidler import HERAV_DIREKTE
    from imdi_ledger.testing import Investering

    ekstra = (Investering("XK0", date(2024, 10, 3), date(2024, 10, 3), "programvare", 500_000_00, 5,
                          date(2025, 5, 28), 0, eiendel="X"),
              Investering("XK1", date(2025, 2, 3), date(2025, 2, 3), "programvare", 123_456_78, 5,
                          date(2025, 5, 28), 0, eiendel="X"))
    sim = simuler(SimuleringsSpec(ar=2025, seed=5, antall_ansatte=5, tilskudd_mnok=0), ekstra)
    r = aarsregnskap(sim.boker, sim.tildeling)
    tab = r.virksomhetsregnskap.noter["note_3_pagaende"]
    assert tab.verdi("herav_direkte", "arets_anskaffelse") >= 123_456_78
    assert not [f for f in kontroller(r) if f.severity == Severity.ERROR]
    d = til_publisert_form(r)
    pag = d["andre_noter"]["note_3_pagaende_anlegg"]
    herav = next(x for x in pag if x["tekst"] == HERAV_DIREKTE)
    pag.remove(herav)
    funn = [(f.rule, f.severity, f.difference_ore) for f in verify(Figurer.from_dict(d, presisjon="ore"))
            if f.rule == "X-NOTE3-PAGAENDE"]
    assert funn == [("X-NOTE3-PAGAENDE", Severity.ERROR, herav["arets_anskaffelse"])]
