"""Hypothesis properties of Note B (R-115 Note B; R-2): bounds, monotonicity, totals; column f net of
the mva on the overskridelse a merinntekt covers (merinntektsfullmakt, kap. 1633 post 01)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from imdi_ledger.bevilgning.note_b import Grunnlag5Prosent, NoteBSpec, merinntekt_netto_mva, note_b
from imdi_ledger.load.fullmakter import Fullmakter, load_fullmakter
from test_note_b import post, poster

KAPITLER = ("0100", "0200")
POSTER = ("01", "21", "24", "45", "60", "70")
STIKKORD = (None, "kan overføres", "overslagsbevilgning")
belop = st.integers(min_value=0, max_value=10_000_000)
MVA = st.sampled_from([None, 0, 12, 15, 25, 100])


@st.composite
def aar(draw, mva: st.SearchStrategy = MVA) -> tuple[pd.DataFrame, Fullmakter]:
    """A random year: utgift posts (with an income post 3100/01) and fullmakter on them."""
    keys = draw(st.lists(st.tuples(st.sampled_from(KAPITLER), st.sampled_from(POSTER)),
                         min_size=1, max_size=8, unique=True))
    rows = [post(k, p, arets=draw(belop), overfort=draw(belop), regnskap=draw(belop),
                 stikkord=draw(st.sampled_from(STIKKORD))) for k, p in keys]
    rows.append(post("3100", "01", type="inntekt", arets=draw(belop), regnskap=draw(belop)))
    doc: dict = {"poster": [], "avgitte_belastningsfullmakter": [], "merinntektsfullmakter": [],
                 "innsparinger": [], "forskutteringer": []}
    for k, p in keys:
        if draw(st.booleans()):
            doc["poster"].append({"kapittel": k, "post": p, "bevilgning_i_fjor": draw(belop)})
        if draw(st.integers(0, 3)) == 0:
            doc["avgitte_belastningsfullmakter"].append(
                {"kapittel": k, "post": p, "til": "Bufdir", "innvilget": 10_000_000, "utgiftsfort": draw(belop)})
        if draw(st.integers(0, 3)) == 0:
            doc["innsparinger"].append({"kapittel": k, "post": p, "belop": draw(belop)})
        if p in ("01", "21") and draw(st.integers(0, 3)) == 0:
            doc["forskutteringer"].append({"kapittel": k, "post": p, "belop": draw(belop)})
    k0, p0 = keys[0]
    if draw(st.booleans()):
        doc["merinntektsfullmakter"].append({"kapittel": k0, "post": p0, "inntekt_kapittel": "3100",
                                             "inntekt_post": "01", "mva_prosent": draw(mva)})
    return poster(*rows), load_fullmakter(doc)


specs = st.sampled_from([NoteBSpec(), NoteBSpec(grunnlag_5_prosent=Grunnlag5Prosent.SAMLET_TILDELING)])


def _k(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index("kapittel_post")["mulig_overforbart_ore"]


@settings(max_examples=150, deadline=None)
@given(aar(), specs)
def test_k_between_zero_and_j(year, spec):
    f = note_b(*year, spec=spec).to_frame()
    assert (f["mulig_overforbart_ore"] >= 0).all()
    assert (f["mulig_overforbart_ore"] <= f["maks_overforbart_ore"]).all()
    assert (f["maks_overforbart_ore"] >= 0).all()


@settings(max_examples=150, deadline=None)
@given(aar(), specs)
def test_identities_e_and_i(year, spec):
    f = note_b(*year, spec=spec).to_frame().fillna({
        "utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore": 0, "merinntekter_merinntektsfullmakt_ore": 0,
        "omdisponering_ore": 0, "innsparinger_ore": 0})
    assert (f["etter_avgitte_belastningsfullmakter_ore"]
            == f["merutgift_mindreutgift_ore"] + f["utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore"]).all()
    assert (f["sum_grunnlag_for_overforing_ore"]
            == f["etter_avgitte_belastningsfullmakter_ore"] + f["merinntekter_merinntektsfullmakt_ore"]
            + f["omdisponering_ore"] + f["innsparinger_ore"]).all()


@settings(max_examples=150, deadline=None)
@given(aar(), specs, st.data())
def test_more_mindreutgift_never_lowers_k(year, spec, data):
    frame, fullmakter = year
    utgift = frame.index[frame["type"] == "utgift"].tolist()
    i = data.draw(st.sampled_from(utgift))
    x = data.draw(st.integers(min_value=1, max_value=5_000_000_00))
    less = frame.copy()
    less.loc[i, "regnskap_ore"] -= x
    less.loc[i, "merutgift_mindreutgift_ore"] += x
    before, after = _k(note_b(frame, fullmakter, spec=spec).to_frame()), _k(note_b(less, fullmakter, spec=spec).to_frame())
    assert (after >= before).all()


@settings(max_examples=150, deadline=None)
@given(aar(), specs, st.integers(min_value=1, max_value=5_000_000_00))
def test_merinntekt_under_fullmakt_never_lowers_k(year, spec, x):
    frame, fullmakter = year
    more = frame.copy()
    i = more.index[(more["kapittel"] == "3100")][0]
    more.loc[i, "regnskap_ore"] += x
    more.loc[i, "merutgift_mindreutgift_ore"] += x
    before, after = _k(note_b(frame, fullmakter, spec=spec).to_frame()), _k(note_b(more, fullmakter, spec=spec).to_frame())
    assert (after >= before).all()


@settings(max_examples=150, deadline=None)
@given(aar(), specs)
def test_post_without_basis_always_gets_zero(year, spec):
    frame, fullmakter = year
    f = note_b(frame, fullmakter, spec=spec).to_frame()
    kan = f["stikkord"].fillna("").str.contains("kan overføres")
    overslag = f["stikkord"].fillna("").str.contains("overslagsbevilgning")
    drift = f["post"].astype(int).between(1, 29) & (f["post"] != "24")
    no_basis = overslag | (~kan & ~drift)
    assert (f.loc[no_basis, "maks_overforbart_ore"] == 0).all()
    assert (f.loc[no_basis, "mulig_overforbart_ore"] == 0).all()


@settings(max_examples=150, deadline=None)
@given(aar(), specs)
def test_totals_equal_sum_of_rows_and_omitted_rows_carry_nothing(year, spec):
    nb = note_b(*year, spec=spec)
    t = nb.tabell.to_frame()
    lines, total = t[t["kind"] == "line"], t[t["kind"] == "sum"].iloc[0]
    for col in ("merutgift_mindreutgift_ore", "sum_grunnlag_for_overforing_ore", "mulig_overforbart_ore"):
        assert total[col] == lines[col].fillna(0).sum()
    f = nb.to_frame()
    assert (f.loc[~f["vis_i_note"], "mulig_overforbart_ore"] == 0).all()
    assert total["mulig_overforbart_ore"] == nb.sum_mulig_overforbart_ore


@st.composite
def aar_med_mva(draw) -> tuple[pd.DataFrame, Fullmakter]:
    """A year whose merinntektsfullmakt (always present) deducts mva at a drawn rate 1–100 %."""
    frame, fullmakter = draw(aar(mva=st.integers(min_value=1, max_value=100)))
    if not fullmakter.merinntekt:
        k, p = frame.loc[frame["type"] == "utgift", ["kapittel", "post"]].iloc[0]
        fullmakter = load_fullmakter({"merinntektsfullmakter": [
            {"kapittel": k, "post": p, "inntekt": "3100 01", "mva_prosent": draw(st.integers(1, 100))}]})
    return frame, fullmakter


@settings(max_examples=150, deadline=None)
@given(aar_med_mva(), specs, st.integers(min_value=1, max_value=5_000_000_00))
def test_merinntekt_under_fullmakt_never_lowers_k_with_mva(year, spec, x):
    frame, fullmakter = year
    more = frame.copy()
    i = more.index[(more["kapittel"] == "3100")][0]
    more.loc[i, "regnskap_ore"] += x
    more.loc[i, "merutgift_mindreutgift_ore"] += x
    before, after = note_b(frame, fullmakter, spec=spec).to_frame(), note_b(more, fullmakter, spec=spec).to_frame()
    assert (_k(after) >= _k(before)).all()
    f_for = before["merinntekter_merinntektsfullmakt_ore"].fillna(0)
    f_etter = after["merinntekter_merinntektsfullmakt_ore"].fillna(0)
    assert (f_etter >= f_for).all()


@settings(max_examples=150, deadline=None)
@given(aar_med_mva(), specs)
def test_mva_option_never_raises_f_and_only_on_a_merutgift(year, spec):
    frame, fullmakter = year
    uten = Fullmakter(merinntekt=tuple(
        type(m)(m.kapittel, m.post, m.inntekt_kapittel, m.inntekt_post, m.hjemmel, None, m.kilde)
        for m in fullmakter.merinntekt), poster=fullmakter.poster, avgitte=fullmakter.avgitte,
        innsparinger=fullmakter.innsparinger, forskutteringer=fullmakter.forskutteringer)
    med_f, uten_f = note_b(frame, fullmakter, spec=spec).to_frame(), note_b(frame, uten, spec=spec).to_frame()
    mva = med_f["merinntekt_mva_ore"].fillna(0)
    f_med = med_f["merinntekter_merinntektsfullmakt_ore"].fillna(0)
    f_uten = uten_f["merinntekter_merinntektsfullmakt_ore"].fillna(0)
    assert (f_med == f_uten - mva).all()
    assert (mva >= 0).all()
    no_overskridelse = med_f["etter_avgitte_belastningsfullmakter_ore"] >= 0
    assert (mva[no_overskridelse] == 0).all()
    assert (_k(med_f) <= _k(uten_f)).all()


@settings(max_examples=300, deadline=None)
@given(st.integers(-10**12, 10**12), st.integers(0, 10**12), st.integers(0, 100), st.integers(1, 10**9))
def test_merinntekt_netto_mva_bounds_and_monotone(m, u, p, dm):
    f, dekket, mva = merinntekt_netto_mva(m, u, p)
    assert 0 <= dekket <= max(u, 0)
    assert dekket + mva <= max(m, 0)
    assert f == m - mva
    f2, _, _ = merinntekt_netto_mva(m + dm, u, p)
    assert f2 >= f
    f3, _, _ = merinntekt_netto_mva(m, u + dm, p)
    assert f3 <= f
