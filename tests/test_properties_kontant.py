"""Properties of the cash statements (R-115 bevilgnings- and artskontorapportering, Note B)
over simulated agency-years and random event sets.  Each property body is a plain function
so the teeth tests (``test_simulator_teeth.py``) can run it on a broken booking."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from imdi_ledger.findings import Severity
from imdi_ledger.testing import Reversering, SimuleringsSpec, bokfor, simuler
from imdi_ledger.testing import strategies as sst
from imdi_ledger.testing.oppstillinger import kontantregnskap, last_tildeling

AR = 2025


# ----------------------------------------------------------------------------- property bodies

def perioder_summerer_til_null(boker) -> None:
    per = boker.srapport.groupby("periode")["belop_ore"].sum()
    assert (per == 0).all(), per[per != 0].to_dict()


def netto_lik_i_begge(regnskap) -> None:
    assert regnskap.bevilgning.netto_rapportert_ore == regnskap.artskonto.netto_rapportert_ore


def sum_rapportert_null(regnskap) -> None:
    assert regnskap.bevilgning.sum_rapportert_ore == 0
    assert regnskap.bevilgning.kapitalkontoer.verdi("sum_rapportert", "belop") == 0


def ingen_error(regnskap) -> None:
    errors = [f for f in regnskap.findings if f.severity == Severity.ERROR]
    assert not errors, [(f.rule, f.message) for f in errors]


def oppstillinger(regnskap) -> dict[str, pd.DataFrame]:
    """Every cash table, without lines whose amounts are all 0 or blank, blanks read as 0 (a
    statskonto whose rows net to 0 may or may not get a zero line, and a sum over such lines
    may be blank or 0; the amounts are what must not change)."""
    out = {}
    for t in (*regnskap.bevilgning.tabeller(), *regnskap.artskonto.tabeller()):
        f = t.to_frame()
        penger = [k.navn for k in t.kolonner if k.penger]
        null = f[penger].fillna(0).eq(0).all(axis=1) & (f["kind"] == "line")
        f = f[~null].reset_index(drop=True)
        f[penger] = f[penger].fillna(0)  # a blank sum and a 0 sum are the same amount
        out[t.id] = f
    return out


def like_oppstillinger(a, b) -> None:
    fa, fb = oppstillinger(a), oppstillinger(b)
    assert fa.keys() == fb.keys()
    for k in fa:
        pd.testing.assert_frame_equal(fa[k], fb[k], obj=k, check_dtype=False)


def note_b_grenser(regnskap) -> None:
    from imdi_ledger.bevilgning.note_b import note_b

    f = note_b(regnskap.bevilgning.poster).to_frame()
    i = f["sum_grunnlag_for_overforing_ore"]
    j = f["maks_overforbart_ore"]
    k = f["mulig_overforbart_ore"]
    assert (k >= 0).all()
    har_j = j.notna()
    assert (k[har_j] <= j[har_j]).all()
    forventet = i.clip(lower=0).where(~har_j, pd.concat([i.clip(lower=0), j], axis=1).min(axis=1))
    assert (k[har_j].astype("int64") == forventet[har_j].astype("int64")).all()
    e = f["merutgift_mindreutgift_ore"].fillna(0) + f["utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore"].fillna(0)
    assert (f["etter_avgitte_belastningsfullmakter_ore"].fillna(0) == e).all()


# ----------------------------------------------------------------------------- simulated years

@pytest.fixture(scope="module")
def aar():
    sim = simuler(SimuleringsSpec(ar=AR, seed=11))
    return sim, kontantregnskap(sim.boker, sim.tildeling)


@given(spec=sst.spec(max_ansatte=15))
def test_every_srapport_period_sums_to_zero(spec):
    perioder_summerer_til_null(simuler(spec).boker)


@given(spec=sst.spec(max_ansatte=15))
def test_statements_of_a_simulated_year(spec):
    """Netto rapportert identical in both statements, Sum rapportert 0, no error finding."""
    sim = simuler(spec)
    r = kontantregnskap(sim.boker, sim.tildeling)
    netto_lik_i_begge(r)
    sum_rapportert_null(r)


@given(spec=sst.spec(max_ansatte=15))
def test_report_of_a_simulated_year_has_no_error(spec):
    sim = simuler(spec)
    ingen_error(kontantregnskap(sim.boker, sim.tildeling))


@given(spec=sst.spec(max_ansatte=15))
def test_note_b_bounds_hold(spec):
    sim = simuler(spec)
    note_b_grenser(kontantregnskap(sim.boker, sim.tildeling))


@given(t=sst.tildeling(AR))
def test_tildeling_dicts_load(t):
    loaded = last_tildeling(t)
    assert loaded.ar == AR and len(loaded.poster) == len(t["poster"])
    assert int(loaded.poster["arets_tildeling_ore"].sum()) == 100 * sum(p["arets_tildeling"] for p in t["poster"])


# ----------------------------------------------------------------------------- invariances

@given(data=st.data())
def test_statements_invariant_under_row_order(aar, data):
    sim, r = aar
    perm = data.draw(st.permutations(range(len(sim.boker.srapport))))
    stokket = sim.boker.srapport.iloc[list(perm)].reset_index(drop=True)
    b = type(sim.boker)(AR, stokket, sim.boker.hovedbok, sim.boker.mellomvaerende_ib, sim.boker.anleggsregister)
    like_oppstillinger(r, kontantregnskap(b, sim.tildeling))


@given(data=st.data())
def test_statements_invariant_under_splitting_a_posting(aar, data):
    sim, r = aar
    s = sim.boker.srapport
    i = data.draw(st.integers(0, len(s) - 1))
    del1 = data.draw(st.integers(-10**10, 10**10))
    rad = s.iloc[[i]].copy()
    rest = rad.copy()
    rad["belop_ore"] = del1
    rest["belop_ore"] = int(s["belop_ore"].iloc[i]) - del1
    delt = pd.concat([s.drop(index=s.index[i]), rad, rest], ignore_index=True)
    b = type(sim.boker)(AR, delt, sim.boker.hovedbok, sim.boker.mellomvaerende_ib, sim.boker.anleggsregister)
    like_oppstillinger(r, kontantregnskap(b, sim.tildeling))


@given(evs=sst.hendelser(AR, min_size=1, max_size=6), ekstra=sst.hendelse(AR, "X"))
def test_statements_invariant_under_event_and_its_reversal(evs, ekstra):
    base = bokfor(AR, evs)
    assume(len(base.srapport) > 0)
    med = bokfor(AR, [*evs, ekstra, Reversering(ekstra)])
    like_oppstillinger(kontantregnskap(base), kontantregnskap(med))


@given(a=sst.hendelser(AR, ident="A", max_size=6), b=sst.hendelser(AR, ident="B", max_size=6))
def test_statements_of_disjoint_event_sets_add_up(a, b):
    ba, bb, bab = bokfor(AR, a), bokfor(AR, b), bokfor(AR, [*a, *b])
    assume(len(ba.srapport) > 0 and len(bb.srapport) > 0)
    ra, rb, rab = kontantregnskap(ba), kontantregnskap(bb), kontantregnskap(bab)
    assert rab.bevilgning.netto_rapportert_ore == ra.bevilgning.netto_rapportert_ore + rb.bevilgning.netto_rapportert_ore
    assert rab.artskonto.netto_rapportert_ore == ra.artskonto.netto_rapportert_ore + rb.artskonto.netto_rapportert_ore

    def linjer(r):
        t = r.artskonto.tabell.to_frame()
        return t[t["kind"] != "header"].set_index("line_id")["belop"].astype("int64")

    def poster(r):
        p = r.bevilgning.poster
        return p.set_index(["kapittel", "post"])["regnskap_ore"].astype("int64")

    def pluss(x, y):  # label-wise sum in int64 (Series.add with fill_value widens to float)
        return pd.concat([x, y]).groupby(level=list(range(x.index.nlevels)), sort=True).sum()

    pd.testing.assert_series_equal(linjer(rab), pluss(linjer(ra), linjer(rb)).reindex(linjer(rab).index),
                                   check_names=False)
    pd.testing.assert_series_equal(poster(rab).sort_index(), pluss(poster(ra), poster(rb)).sort_index(),
                                   check_names=False)
