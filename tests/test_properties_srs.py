"""Properties of the SRS virksomhetsregnskap (SRS 1, SRS 10 for bruttobudsjetterte; SRS 17
notes 3 and 4 from the asset register) and of Note 7A/7B (R-115 «sammenheng mellom avregnet
med statskassen og mellomværende») over simulated agency-years."""

from __future__ import annotations

import pandas as pd
from hypothesis import given

from imdi_ledger.note7 import note_7a, note_7b
from imdi_ledger.findings import Severity
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.load.srapport import load_mellomvaerende_ib
from imdi_ledger.srs import virksomhetsregnskap
from imdi_ledger.testing import simuler
from imdi_ledger.testing import strategies as sst
from imdi_ledger.avstemming.eksport import kontroller
from imdi_ledger.testing.oppstillinger import aarsregnskap, last_srapport, srapport_frame


def hovedbok_av(boker):
    return load_hovedbok(srapport_frame(boker.hovedbok), name="<simulert hovedbok>")


def resultat_null(v) -> None:
    assert v.resultat.verdi("resultat_aktiviteter", "belop") == 0
    assert v.resultat.verdi("sum_innkreving", "belop") in (0, None)
    assert v.resultat.verdi("sum_tilskudd", "belop") in (0, None)


def balansen_balanserer(v) -> None:
    assert v.balanse.verdi("sum_eiendeler", "belop") == v.balanse.verdi("sum_kapital_gjeld", "belop")


def note_7a_uten_rest(a) -> None:
    assert a.uforklart_ore == 0
    assert a.resultat_ore == 0 and a.kongruensavvik_ore == a.endring_ams_ore


def note_7b_forskjell(b, mellomvaerende_ub_ore: int) -> None:
    t = b.tabell.to_frame()
    rader = t[t["kind"] != "header"]
    assert (rader["forskjell"] == rader["bokfort"] - rader["rapportert"]).all()
    assert b.sum_rapportert_ore == mellomvaerende_ub_ore


@given(spec=sst.spec(max_ansatte=10))
def test_srs_result_is_zero_and_balance_balances(spec):
    sim = simuler(spec)
    v = virksomhetsregnskap(hovedbok_av(sim.boker), spec.ar)
    resultat_null(v)
    balansen_balanserer(v)
    errors = [(f.rule, f.message) for f in v.findings if f.severity == Severity.ERROR]
    assert not errors


@given(spec=sst.spec(max_ansatte=10))
def test_note_7a_ties_with_zero_unexplained_residual(spec):
    sim = simuler(spec)
    note_7a_uten_rest(note_7a(last_srapport(sim.boker.srapport, spec.ar), hovedbok_av(sim.boker)))


@given(spec=sst.spec(max_ansatte=10))
def test_note_7b_forskjell_is_bokfort_minus_rapportert(spec):
    sim = simuler(spec)
    ib = sim.boker.mellomvaerende_ib
    s = sim.boker.srapport
    ub = int(ib["belop_ore"].sum()) + int(s.loc[s["statskonto"] == spec.kontoer.mellomvaerende, "belop_ore"].sum())
    b = note_7b(last_srapport(s, spec.ar), hovedbok_av(sim.boker),
                mellomvaerende_ib=load_mellomvaerende_ib(srapport_frame(ib)) if len(ib) else pd.DataFrame(
                    {"statskonto": [], "artskonto": [], "belop_ore": []}))
    note_7b_forskjell(b, ub)


# ----------------------------------------------------------------- notes 3 and 4 (SRS 17)

#: Catalogue rules that tie notes 3/4 to the statements.
ANLEGG_REGLER = frozenset({"X-ANLEGG-BALANSE", "X-ANLEGG-AVSKRIVNING", "NOTE-ANLEGG"})


def ingen_error(regnskap) -> None:
    errors = [(f.rule, f.line, f.expected_ore, f.actual_ore) for f in regnskap.findings
              if f.severity == Severity.ERROR]
    assert errors == []


def anleggsnoter_ruller_frem(v) -> None:
    """Every column closes (UB = IB + tilgang − avgang ± reklassifisering; balanseført verdi)
    and this year's 01.01 is last year's 31.12, group by group."""
    a, fjor = v.anlegg, v.anlegg_fjor
    for n in (a, fjor):
        f = n.frame
        assert (f["kost_ub"] == f["kost_ib"] + f["tilgang"] + f["avgang"] + f["reklassifisering"]).all()
        assert (f["bv_ub"] == f["kost_ub"] - f["nedskr_ib"] - f["nedskr_aret"] - f["avskr_ib"]
                - f["avskr_aret"] - f["avskr_avgang"]).all()
        assert int(f["reklassifisering"].sum()) == 0
    na, nf = a.frame.set_index("gruppe"), fjor.frame.set_index("gruppe")
    assert (na["kost_ib"] == nf["kost_ub"]).all()
    assert (na["avskr_ib"] == nf["avskr_ib"] + nf["avskr_aret"] + nf["avskr_avgang"]).all()


def notene_er_lik_oppstillingene(v, hovedbok) -> None:
    """Avskrivninger in the resultatregnskap = notes 3 + 4; the ledger's 6000/6050 = note 3 /
    note 4; each balance line = the notes' balanseført verdi on it."""
    an = v.anlegg
    vist = (v.resultat.verdi("avskrivninger", "belop") or 0) if v.resultat.har_linje("avskrivninger") else 0
    assert vist == an.avskrivninger("3") + an.avskrivninger("4")
    h = hovedbok[hovedbok["dato"].str.startswith(f"{v.ar}-")]
    assert int(h.loc[h["konto"] == "6000", "belop_ore"].sum()) == an.avskrivninger("3")
    assert int(h.loc[h["konto"] == "6050", "belop_ore"].sum()) == an.avskrivninger("4")
    for linje, bv in an.balanseverdi().items():
        vist = (v.balanse.verdi(linje, "belop") or 0) if v.balanse.har_linje(linje) else 0
        assert vist == bv, linje


@given(spec=sst.spec(max_ansatte=2, med=("067045",)))
def test_asset_register_reconciles_with_the_ledger(spec):
    """With the simulator's asset register, ``beregn`` gives no error (no SRS-ANL-*), notes 3/4
    roll forward, avskrivninger and balance lines equal the notes, and the catalogue's
    anleggsnote rules find nothing."""
    sim = simuler(spec)
    assert len(sim.boker.anleggsregister) > 0
    r = aarsregnskap(sim.boker, sim.tildeling)
    ingen_error(r)
    v = r.virksomhetsregnskap
    anleggsnoter_ruller_frem(v)
    notene_er_lik_oppstillingene(v, sim.boker.hovedbok)
    funn = [(f.rule, f.line, f.difference_ore) for f in kontroller(r)
            if f.rule in ANLEGG_REGLER and f.severity == Severity.ERROR]
    assert funn == []
