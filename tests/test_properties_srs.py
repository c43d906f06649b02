"""Properties of the SRS virksomhetsregnskap (SRS 1, SRS 10 for bruttobudsjetterte) and of
Note 7A/7B (R-115 «sammenheng mellom avregnet med statskassen og mellomværende») over
simulated agency-years."""

from __future__ import annotations

import pandas as pd
from hypothesis import given

from imdi_ledger.avstemming.note7 import note_7a, note_7b
from imdi_ledger.findings import Severity
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.load.srapport import load_mellomvaerende_ib
from imdi_ledger.srs import virksomhetsregnskap
from imdi_ledger.testing import simuler
from imdi_ledger.testing import strategies as sst
from imdi_ledger.testing.oppstillinger import last_srapport, srapport_frame


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
