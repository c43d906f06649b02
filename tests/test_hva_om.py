"""What-if on Note B (R-115 Note B; R-2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imdi_ledger.bevilgning.hva_om import hva_om
from imdi_ledger.load.fullmakter import load_fullmakter
from test_note_b import KR, post, poster


def _row(frame, kap, p):
    return frame[(frame["kapittel"] == kap) & (frame["post"] == p)].iloc[0]


def test_spending_more_on_01_lowers_k_only_when_below_the_cap():
    # 0100/01: årets 100 000, regnskap 90 000 -> c = 10 000, j = 5 000, k = 5 000
    # spend 4 000 more: c = 6 000 -> k still 5 000; spend 8 000 more: c = 2 000 -> k = 2 000
    frame = poster(post("0100", "01", arets=100_000, regnskap=90_000))
    a = _row(hva_om(frame, None, {("0100", "01"): 4_000 * KR}), "0100", "01")
    assert (a["mulig_overforbart_for_ore"], a["mulig_overforbart_etter_ore"]) == (5_000 * KR, 5_000 * KR)
    b = _row(hva_om(frame, None, {("0100", "01"): 8_000 * KR}), "0100", "01")
    assert b["merutgift_mindreutgift_etter_ore"] == 2_000 * KR
    assert b["mulig_overforbart_etter_ore"] == 2_000 * KR
    assert b["endring_mulig_overforbart_ore"] == -3_000 * KR


def test_spending_less_raises_k_up_to_cap():
    # 0100/45 kan overføres, j = 1 000 + 0: c = 0, spend 1 500 less -> i = 1 500 -> k = 1 000
    f = load_fullmakter({"poster": [{"kapittel": "0100", "post": "45", "bevilgning_i_fjor": 0}]})
    frame = poster(post("0100", "45", arets=1_000, regnskap=1_000, stikkord="kan overføres"))
    r = _row(hva_om(frame, f, {("0100", "45"): -1_500 * KR}), "0100", "45")
    assert r["mulig_overforbart_etter_ore"] == 1_000 * KR


def test_more_income_under_merinntektsfullmakt():
    # 0100/01 c = -100; income +300 on 3100/01 -> f = 300 -> i = 200; j = 5 % × 10 000 = 500 -> k = 200
    f = load_fullmakter({"merinntektsfullmakter": [
        {"kapittel": "0100", "post": "01", "inntekt_kapittel": "3100", "inntekt_post": "01"}]})
    frame = poster(post("0100", "01", arets=10_000, regnskap=10_100), post("3100", "01", type="inntekt"))
    r = _row(hva_om(frame, f, {("3100", "01"): 300 * KR}), "0100", "01")
    assert (r["mulig_overforbart_for_ore"], r["mulig_overforbart_etter_ore"]) == (0, 200 * KR)


def test_mva_effect_on_1633():
    # 10 000 more on post 01 with 25 % mva -> 1633/01 regnskap +2 500; 1633 has no k
    frame = poster(post("0100", "01", arets=100_000, regnskap=90_000), post("1633", "01", regnskap=500))
    out = hva_om(frame, None, {("0100", "01"): 10_000 * KR}, mva_prosent=25)
    mva = _row(out, "1633", "01")
    assert mva["regnskap_endring_ore"] == 2_500 * KR
    assert mva["regnskap_etter_ore"] == 3_000 * KR
    assert out["mulig_overforbart_etter_ore"].isna().tolist() == [False, True]


def test_unknown_post_raises():
    frame = poster(post("0100", "01", arets=1_000))
    with pytest.raises(KeyError, match="0100 02"):
        hva_om(frame, None, {("0100", "02"): 1})


def test_float_change_is_rejected():
    frame = poster(post("0100", "01", arets=1_000))
    with pytest.raises(TypeError, match="heltall øre"):
        hva_om(frame, None, {("0100", "01"): 1.5})


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000_000), st.integers(0, 10_000_000), st.integers(-10_000_000_00, 10_000_000_00))
def test_spending_more_never_raises_k_and_zero_change_is_identity(arets, regnskap, x):
    frame = poster(post("0100", "01", arets=arets, regnskap=regnskap))
    same = hva_om(frame, None, {})
    assert (same["mulig_overforbart_for_ore"] == same["mulig_overforbart_etter_ore"]).all()
    r = _row(hva_om(frame, None, {("0100", "01"): x}), "0100", "01")
    if x >= 0:
        assert r["mulig_overforbart_etter_ore"] <= r["mulig_overforbart_for_ore"]
    else:
        assert r["mulig_overforbart_etter_ore"] >= r["mulig_overforbart_for_ore"]
