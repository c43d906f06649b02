"""Note B rules, hand-worked (R-115 Note B; R-2; R-110).  Amounts in the fixtures are kroner."""

from __future__ import annotations

import pandas as pd
import pytest

from imdi_ledger.bevilgning.note_b import (
    Grunnlag5Prosent,
    NoteBSpec,
    kontroller_publisert_note_b,
    merinntekt_netto_mva,
    note_b,
    publisert_note_b_frame,
)
from imdi_ledger.errors import InputError
from imdi_ledger.load.fullmakter import load_fullmakter
from imdi_ledger.regelverk import FELLESKAPITTEL_NUMRE, fem_prosent_ore

KR = 100  # øre per krone
FELLES = FELLESKAPITTEL_NUMRE


def post(kapittel: str, post: str, *, arets: int = 0, overfort: int = 0, regnskap: int = 0,
         type: str = "utgift", stikkord: str | None = None) -> dict:
    """One kapittel/post of the bevilgningsrapportering, amounts in kroner."""
    return {"kapittel": kapittel, "post": post, "type": type, "stikkord": stikkord,
            "arets": arets, "overfort": overfort, "regnskap": regnskap}


def poster(*rows: dict) -> pd.DataFrame:
    """The posts frame in the shape of ``Bevilgningsrapportering.poster`` (øre, ``Int64``)."""
    recs = []
    for r in rows:
        samlet = r["arets"] + r["overfort"]
        if r["kapittel"] in FELLES:
            mer = None
        elif r["type"] == "utgift":
            mer = (samlet - r["regnskap"]) * KR
        else:
            mer = (r["regnskap"] - samlet) * KR
        recs.append({
            "kapittel": r["kapittel"], "post": r["post"], "kapittelnavn": f"Kapittel {r['kapittel']}",
            "posttekst": f"Post {r['post']}", "type": r["type"], "stikkord": r["stikkord"],
            "overfort_fra_i_fjor_ore": r["overfort"] * KR, "arets_tildeling_ore": r["arets"] * KR,
            "samlet_tildeling_ore": samlet * KR, "regnskap_ore": r["regnskap"] * KR,
            "merutgift_mindreutgift_ore": mer,
        })
    frame = pd.DataFrame(recs)
    for c in frame.columns:
        if c.endswith("_ore"):
            frame[c] = frame[c].astype("Int64")
    return frame


def rad(nb, kp: str) -> dict:
    f = nb.to_frame()
    return f.loc[f["kapittel_post"] == kp].iloc[0].to_dict()


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


# --- columns c, e, i, k ------------------------------------------------------------------------


def test_mindreutgift_on_post_01_is_transferable_up_to_5_percent_of_arets_tildeling():
    # 0100/01: årets 1 000 000, overført 200 000, regnskap 1 100 000 -> c = 100 000
    # j = 5 % × 1 000 000 = 50 000; k = min(100 000, 50 000) = 50 000
    nb = note_b(poster(post("0100", "01", arets=1_000_000, overfort=200_000, regnskap=1_100_000)))
    r = rad(nb, "0100 01")
    assert r["merutgift_mindreutgift_ore"] == 100_000 * KR
    assert r["sum_grunnlag_for_overforing_ore"] == 100_000 * KR
    assert r["maks_overforbart_ore"] == 50_000 * KR
    assert r["mulig_overforbart_ore"] == 50_000 * KR
    assert "5 % av årets tildeling" in r["regel_maks"]


def test_5_percent_base_samlet_tildeling_option():
    # same post; base samlet 1 200 000 -> j = 60 000; k = min(100 000, 60 000) = 60 000
    nb = note_b(poster(post("0100", "01", arets=1_000_000, overfort=200_000, regnskap=1_100_000)),
                spec=NoteBSpec(grunnlag_5_prosent=Grunnlag5Prosent.SAMLET_TILDELING))
    r = rad(nb, "0100 01")
    assert r["maks_overforbart_ore"] == 60_000 * KR
    assert r["mulig_overforbart_ore"] == 60_000 * KR
    assert "samlet tildeling" in r["regel_maks"]


def test_fem_prosent_rounds_down_to_whole_ore():
    """R-2 allows «inntil 5 %»: the cap is the largest whole øre amount not above 5 % of the base."""
    assert fem_prosent_ore(10) == 0          # 0.5 øre -> 0 øre
    assert fem_prosent_ore(30) == 1          # 1.5 øre -> 1 øre
    assert fem_prosent_ore(39) == 1          # 1.95 øre -> 1 øre
    assert fem_prosent_ore(40) == 2          # 2 øre exactly
    assert fem_prosent_ore(-30) == -2        # -1.5 øre -> -2 øre (never above 5 %)
    assert fem_prosent_ore(40_239_500_000) == 2_011_975_000  # 402 395 000 kr × 5 % = 20 119 750 kr
    assert fem_prosent_ore(40_239_500_030) == 2_011_975_001  # 402 395 000,30 kr -> 20 119 750,01 kr


def test_merutgift_gives_zero_and_is_not_carried_as_negative():
    # c = 900 - 1 000 = -100 -> i = -100 -> k = max(-100, 0) = 0
    nb = note_b(poster(post("0100", "21", arets=900, regnskap=1_000, stikkord="kan overføres")),
                load_fullmakter({"poster": [{"kapittel": "0100", "post": "21", "bevilgning_i_fjor": 0}]}))
    r = rad(nb, "0100 21")
    assert r["sum_grunnlag_for_overforing_ore"] == -100 * KR
    assert r["mulig_overforbart_ore"] == 0


def test_post_24_and_post_70_without_stikkord_have_no_basis():
    nb = note_b(poster(post("0100", "24", arets=1_000, regnskap=500),
                       post("0100", "70", arets=1_000, regnskap=500)))
    for kp in ("0100 24", "0100 70"):
        r = rad(nb, kp)
        assert r["maks_overforbart_ore"] == 0
        assert r["mulig_overforbart_ore"] == 0
        assert "ingen overføringsadgang" in r["regel_maks"]
        assert not r["vis_i_note"]
    assert nb.tabell.line_ids == ["sum"]


def test_kan_overfores_cap_is_sum_of_this_and_last_years_bevilgning():
    # 0100/45: årets 1 000, overført 5 000 (older unused amounts), regnskap 0 -> i = 6 000
    # j = 1 000 + bevilgning i fjor 2 000 = 3 000 -> k = 3 000
    f = load_fullmakter({"poster": [{"kapittel": "0100", "post": "45", "bevilgning_i_fjor": 2_000}]})
    nb = note_b(poster(post("0100", "45", arets=1_000, overfort=5_000, stikkord="kan overføres")), f)
    r = rad(nb, "0100 45")
    assert r["sum_grunnlag_for_overforing_ore"] == 6_000 * KR
    assert r["maks_overforbart_ore"] == 3_000 * KR
    assert r["mulig_overforbart_ore"] == 3_000 * KR
    assert "«kan overføres»" in r["regel_maks"]


def test_kan_overfores_last_year_from_poster_i_fjor_frame():
    # no bevilgning_i_fjor in the fullmakter: last year's frame gives arets 2 500 -> j = 1 000 + 2 500
    fjor = poster(post("0100", "45", arets=2_500, stikkord="kan overføres"))
    nb = note_b(poster(post("0100", "45", arets=1_000, overfort=5_000, stikkord="kan overføres")),
                spec=NoteBSpec(poster_i_fjor=fjor))
    assert rad(nb, "0100 45")["maks_overforbart_ore"] == 3_500 * KR
    assert "NOTEB-FJOR-MANGLER" not in rules(nb.findings)


def test_kan_overfores_without_last_year_is_a_finding():
    nb = note_b(poster(post("0100", "45", arets=1_000, overfort=5_000, stikkord="kan overføres")))
    assert rad(nb, "0100 45")["maks_overforbart_ore"] == 1_000 * KR
    assert "NOTEB-FJOR-MANGLER" in rules(nb.findings)


def test_overslagsbevilgning_is_never_transferable():
    nb = note_b(poster(post("0100", "01", arets=1_000, regnskap=100, stikkord="overslagsbevilgning")))
    r = rad(nb, "0100 01")
    assert r["sum_grunnlag_for_overforing_ore"] == 900 * KR
    assert r["maks_overforbart_ore"] == 0 and r["mulig_overforbart_ore"] == 0
    assert r["regel_maks"].startswith("overslagsbevilgning")


def test_stikkord_override_in_fullmakter_wins_over_tildeling():
    f = load_fullmakter({"poster": [{"kapittel": "0100", "post": "70", "stikkord": "kan overføres",
                                     "bevilgning_i_fjor": 500}]})
    nb = note_b(poster(post("0100", "70", arets=1_000, regnskap=200)), f)
    r = rad(nb, "0100 70")
    assert r["stikkord"] == "kan overføres"
    # j = 1 000 + 500; i = 800 -> k = 800
    assert r["maks_overforbart_ore"] == 1_500 * KR
    assert r["mulig_overforbart_ore"] == 800 * KR


# --- columns d, f, g, h ------------------------------------------------------------------------


def test_avgitt_belastningsfullmakt_column_d():
    # c = 10 000 - 8 000 = 2 000; d = -300; e = 1 700; j = 5 % × 10 000 = 500 -> k = 500
    f = load_fullmakter({"avgitte_belastningsfullmakter": [
        {"kapittel": "0100", "post": "01", "til": "Bufdir", "innvilget": 400, "utgiftsfort": 300}]})
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=8_000)), f)
    r = rad(nb, "0100 01")
    assert r["utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore"] == -300 * KR
    assert r["etter_avgitte_belastningsfullmakter_ore"] == 1_700 * KR
    assert r["mulig_overforbart_ore"] == 500 * KR
    assert any("Bufdir" in t for t in r["forklaring"])


def test_merinntekt_under_fullmakt_column_f_covers_merutgift():
    # 0100/01 c = 1 000 - 1 300 = -300; 3100/01 merinntekt = 500 - 0 = 500 -> f = 500
    # i = -300 + 500 = 200; j = 5 % × 1 000 = 50 -> k = 50; no uncovered merutgift
    f = load_fullmakter({"merinntektsfullmakter": [
        {"kapittel": "0100", "post": "01", "inntekt_kapittel": "3100", "inntekt_post": "01"}]})
    nb = note_b(poster(post("0100", "01", arets=1_000, regnskap=1_300),
                       post("3100", "01", type="inntekt", regnskap=500)), f)
    r = rad(nb, "0100 01")
    assert r["merinntekter_merinntektsfullmakt_ore"] == 500 * KR
    assert r["sum_grunnlag_for_overforing_ore"] == 200 * KR
    assert r["mulig_overforbart_ore"] == 50 * KR
    assert "NOTEB-MERUTGIFT-UTEN-FULLMAKT" not in rules(nb.findings)


def test_mindreinntekt_under_fullmakt_reduces_the_grunnlag():
    # income 3100/01: samlet 400, regnskap 100 -> mindreinntekt -300; 0100/01 c = 1 000 -> i = 700
    f = load_fullmakter({"merinntektsfullmakter": [
        {"kapittel": "0100", "post": "01", "inntekt_kapittel": "3100", "inntekt_post": "01"}]})
    nb = note_b(poster(post("0100", "01", arets=20_000, regnskap=19_000),
                       post("3100", "01", type="inntekt", arets=400, regnskap=100)), f)
    assert rad(nb, "0100 01")["sum_grunnlag_for_overforing_ore"] == 700 * KR


def test_omdisponering_01_to_45_column_g():
    # 0100/01: c = 10 000, g = -2 000 -> i = 8 000, j = 5 % × 100 000 = 5 000 -> k = 5 000
    # 0100/45 (kan overføres, fjor 0): c = 0, g = +2 000 -> i = 2 000, j = 50 000 -> k = 2 000
    f = load_fullmakter({"poster": [{"kapittel": "0100", "post": "45", "bevilgning_i_fjor": 0}],
                         "omdisponeringer": [{"kapittel": "0100", "belop": 2_000}]})
    nb = note_b(poster(post("0100", "01", arets=100_000, regnskap=90_000),
                       post("0100", "45", arets=50_000, regnskap=50_000, stikkord="kan overføres")), f)
    r01, r45 = rad(nb, "0100 01"), rad(nb, "0100 45")
    assert r01["omdisponering_ore"] == -2_000 * KR and r45["omdisponering_ore"] == 2_000 * KR
    assert r01["mulig_overforbart_ore"] == 5_000 * KR
    assert r45["mulig_overforbart_ore"] == 2_000 * KR
    assert r45["vis_i_note"]
    assert "NOTEB-OMDISP-UTEN-INNSPARING" not in rules(nb.findings)


def test_omdisponering_without_matching_saving_on_01_is_a_finding():
    # post 01 saving = 1 000 - 1 000 = 0 < omdisponert 2 000
    f = load_fullmakter({"poster": [{"kapittel": "0100", "post": "45", "bevilgning_i_fjor": 0}],
                         "omdisponeringer": [{"kapittel": "0100", "belop": 2_000}]})
    nb = note_b(poster(post("0100", "01", arets=1_000, regnskap=1_000),
                       post("0100", "45", arets=50_000, regnskap=50_000, stikkord="kan overføres")), f)
    hit = [x for x in nb.findings if x.rule == "NOTEB-OMDISP-UTEN-INNSPARING"]
    assert len(hit) == 1
    assert hit[0].expected_ore == 2_000 * KR and hit[0].actual_ore == 0


def test_forskuttering_on_post_01_column_g_covers_merutgift():
    # c = 1 000 - 1 200 = -200; forskuttert 200 -> g = +200 -> i = 0 -> k = 0, no finding
    f = load_fullmakter({"forskutteringer": [{"kapittel": "0100", "post": "01", "belop": 200}]})
    nb = note_b(poster(post("0100", "01", arets=1_000, regnskap=1_200)), f)
    r = rad(nb, "0100 01")
    assert r["omdisponering_ore"] == 200 * KR
    assert r["sum_grunnlag_for_overforing_ore"] == 0
    assert "NOTEB-MERUTGIFT-UTEN-FULLMAKT" not in rules(nb.findings)


def test_innsparing_column_h():
    # c = 1 000; h = -400 -> i = 600; j = 5 % × 20 000 = 1 000 -> k = 600
    f = load_fullmakter({"innsparinger": [{"kapittel": "0100", "post": "01", "belop": 400,
                                            "tekst": "innsparing etter overskridelse til investeringsformål 2024"}]})
    nb = note_b(poster(post("0100", "01", arets=20_000, regnskap=19_000)), f)
    r = rad(nb, "0100 01")
    assert r["innsparinger_ore"] == -400 * KR
    assert r["mulig_overforbart_ore"] == 600 * KR


def test_post_used_under_mottatt_belastningsfullmakt_gets_zero_and_no_merutgift_finding():
    f = load_fullmakter({"mottatte_belastningsfullmakter": [
        {"kapittel": "0200", "post": "21", "fra": "Arbeids- og inkluderingsdepartementet",
         "innvilget": 500, "brukt": 300}]})
    nb = note_b(poster(post("0200", "21", regnskap=300)), f)
    r = rad(nb, "0200 21")
    assert r["maks_overforbart_ore"] == 0 and r["mulig_overforbart_ore"] == 0
    assert r["vis_i_note"]
    assert "NOTEB-MERUTGIFT-UTEN-FULLMAKT" not in rules(nb.findings)
    assert "NOTEB-MOTTATT-AVVIK" not in rules(nb.findings)


# --- findings -----------------------------------------------------------------------------------


def test_merutgift_without_fullmakt_is_an_error():
    # 0100/62: 1 000 - 1 100 = -100, no stikkord
    nb = note_b(poster(post("0100", "62", arets=1_000, regnskap=1_100)))
    hit = [x for x in nb.findings if x.rule == "NOTEB-MERUTGIFT-UTEN-FULLMAKT"]
    assert [(x.severity.value, x.actual_ore, x.line) for x in hit] == [("error", -100 * KR, "0100 62")]


def test_samtykke_til_overskridelse_covers_merutgift():
    f = load_fullmakter({"overskridelser": [{"kapittel": "0100", "post": "62", "belop": 100,
                                             "hjemmel": "samtykke fra Finansdepartementet"}]})
    nb = note_b(poster(post("0100", "62", arets=1_000, regnskap=1_100)), f)
    assert "NOTEB-MERUTGIFT-UTEN-FULLMAKT" not in rules(nb.findings)


def test_kan_nyttes_under_covers_merutgift_from_unused_bevilgning():
    # 0100/01 kan nyttes under post 21: mindreutgift 500 covers 0100/21 merutgift 300
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=9_500, stikkord="kan nyttes under post 21"),
                       post("0100", "21", arets=1_000, regnskap=1_300)))
    assert "NOTEB-MERUTGIFT-UTEN-FULLMAKT" not in rules(nb.findings)


def test_belastningsfullmakt_used_beyond_granted():
    f = load_fullmakter({"avgitte_belastningsfullmakter": [
        {"kapittel": "0100", "post": "01", "til": "Bufdir", "innvilget": 100, "utgiftsfort": 150}]})
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=8_000)), f)
    hit = [x for x in nb.findings if x.rule == "NOTEB-BELASTNING-OVERSKREDET"]
    assert len(hit) == 1 and hit[0].difference_ore == 50 * KR


def test_fullmakt_to_non_existent_post_is_a_finding_and_not_counted():
    f = load_fullmakter({"avgitte_belastningsfullmakter": [
        {"kapittel": "0671", "post": "01", "til": "Bufdir", "innvilget": 100, "utgiftsfort": 79}]},
        name="fullmakter.yaml")
    nb = note_b(poster(post("0670", "01", arets=10_000, regnskap=8_000)), f)
    hit = [x for x in nb.findings if x.rule == "NOTEB-UKJENT-POST"]
    assert len(hit) == 1 and hit[0].line == "0671 01" and hit[0].file == "fullmakter.yaml"
    assert pd.isna(rad(nb, "0670 01")["utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore"])


def test_negative_tildeling_is_a_finding_and_cap_uses_zero():
    nb = note_b(poster(post("0100", "01", arets=-1_000, regnskap=0)))
    assert "NOTEB-NEGATIV-TILDELING" in rules(nb.findings)
    assert rad(nb, "0100 01")["maks_overforbart_ore"] == 0


def test_unknown_stikkord_in_posts_frame_is_a_finding():
    nb = note_b(poster(post("0100", "01", arets=1_000, regnskap=0, stikkord="kan brukes fritt")))
    hit = [x for x in nb.findings if x.rule == "NOTEB-UKJENT-STIKKORD"]
    assert len(hit) == 1 and hit[0].column == "stikkord"


def test_posts_frame_missing_column_raises():
    frame = poster(post("0100", "01", arets=1_000)).drop(columns=["regnskap_ore"])
    with pytest.raises(InputError, match="regnskap_ore"):
        note_b(frame)


def test_duplicate_post_raises_with_row():
    frame = poster(post("0100", "01", arets=1_000), post("0100", "01", arets=2_000))
    with pytest.raises(InputError, match="rad 3"):
        note_b(frame)


def test_tabell_has_printed_headers_and_sum_row():
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=9_000),
                       post("0100", "21", arets=1_000, regnskap=900)))
    heads = [k.overskrift for k in nb.tabell.kolonner]
    assert heads[0] == "Kapittel og post" and heads[-1].startswith("Mulig overførbart beløp")
    # k: 0100/01 min(1 000, 500) = 500; 0100/21 min(100, 50) = 50 -> sum 550
    assert nb.tabell.verdi("sum", "mulig_overforbart_ore") == 550 * KR
    assert nb.tabell.verdi("sum", "maks_overforbart_ore") is None


def test_published_maks_above_cap_and_broken_min_max_are_findings():
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=9_000)))
    # computed: c = 1 000, j = 500, k = 500.  Published: j = 800 (above cap), k = 900 (> j, breaks min/max)
    pub = publisert_note_b_frame([{
        "kapittel_post": "0100 01", "merutgift_mindreutgift": 1_000,
        "etter_avgitte_belastningsfullmakter": 1_000, "sum_grunnlag_for_overforing": 1_000,
        "maks_overforbart": 800, "mulig_overforbart": 900}])
    got = rules(kontroller_publisert_note_b(pub, nb))
    assert "NOTEB-PUBL-MAKS" in got
    assert "NOTEB-PUBL-MULIG" in got
    assert "NOTEB-PUBL-MULIG-OVER-MAKS" in got
    assert "NOTEB-PUBL-AVVIK" in got


def test_published_note_b_consistent_with_computed_has_no_findings():
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=9_000)))
    pub = publisert_note_b_frame([{
        "kapittel_post": "0100 01", "merutgift_mindreutgift": 1_000,
        "etter_avgitte_belastningsfullmakter": 1_000, "sum_grunnlag_for_overforing": 1_000,
        "maks_overforbart": 500, "mulig_overforbart": 500}])
    assert kontroller_publisert_note_b(pub, nb) == []


def test_fullmakt_on_inntekt_post_is_reported_not_dropped():
    f = load_fullmakter({
        "avgitte_belastningsfullmakter": [{"kapittel": "3100", "post": "01", "til": "Skatteetaten",
                                           "innvilget": 100, "utgiftsfort": 50}],
        "innsparinger": [{"kapittel": "3100", "post": "01", "belop": 10}]})
    nb = note_b(poster(post("0100", "01", arets=1_000, regnskap=900), post("3100", "01", type="inntekt")), f)
    hit = sorted((x.severity.value, x.message.split(" ")[0]) for x in nb.findings if x.rule == "NOTEB-FULLMAKT-POSTTYPE")
    assert hit == [("error", "innsparing"), ("info", "avgitt")]


# --- column f net of the mva the overskridelse causes (merinntektsfullmakt with mva_prosent) ----


def _mer(*fullmakter: dict) -> object:
    return load_fullmakter({"merinntektsfullmakter": list(fullmakter)})


def test_merinntekt_short_of_merutgift_and_mva_leaves_the_uncovered_part_as_merutgift():
    # 0100/01: årets 1 000 000, regnskap 1 100 000 -> c = e = -100 000 (U = 100 000)
    # 3100/01: samlet 0, regnskap 100 000 -> M = 100 000; mva 25 %
    # dekket = min(100 000, ⌊100 000 × 100 / 125⌋ = 80 000) = 80 000
    # mva    = 80 000 × 25 / 100 = 20 000 (kap. 1633 post 01)
    # f      = 100 000 - 20 000 = 80 000;  i = -100 000 + 80 000 = -20 000 -> k = 0
    # the 20 000 left is a merutgift no fullmakt covers
    rows = (post("0100", "01", arets=1_000_000, regnskap=1_100_000),
            post("3100", "01", type="inntekt", regnskap=100_000))
    nb = note_b(poster(*rows), _mer({"kapittel": "0100", "post": "01", "inntekt_kapittel": "3100",
                                     "inntekt_post": "01", "mva_prosent": 25}))
    r = rad(nb, "0100 01")
    assert r["merinntekter_merinntektsfullmakt_ore"] == 80_000 * KR
    assert r["merinntekt_mva_ore"] == 20_000 * KR
    assert r["sum_grunnlag_for_overforing_ore"] == -20_000 * KR
    assert r["mulig_overforbart_ore"] == 0
    assert any("mva 25 %" in t and "20 000 kr" in t and "1633" in t for t in r["forklaring"])
    [fnd] = [x for x in nb.findings if x.rule == "NOTEB-MERUTGIFT-UTEN-FULLMAKT"]
    assert fnd.actual_ore == -20_000 * KR
    # without mva_prosent (the default) the same merinntekt covers the whole merutgift
    plain = note_b(poster(*rows), _mer({"kapittel": "0100", "post": "01", "inntekt_kapittel": "3100",
                                        "inntekt_post": "01"}))
    rp = rad(plain, "0100 01")
    assert rp["merinntekter_merinntektsfullmakt_ore"] == 100_000 * KR
    assert pd.isna(rp["merinntekt_mva_ore"])
    assert "NOTEB-MERUTGIFT-UTEN-FULLMAKT" not in rules(plain.findings)


def test_merinntekt_above_merutgift_loses_only_the_mva_on_the_covered_part():
    # 0100/01: årets 2 000 000, regnskap 2 040 000 -> c = -40 000; M = 100 000; mva 25 %
    # dekket = min(40 000, 80 000) = 40 000; mva = 40 000 × 25 / 100 = 10 000
    # f = 100 000 - 10 000 = 90 000; i = -40 000 + 90 000 = 50 000
    # j = 5 % × 2 000 000 = 100 000 -> k = 50 000 (60 000 without the mva option)
    rows = (post("0100", "01", arets=2_000_000, regnskap=2_040_000),
            post("3100", "01", type="inntekt", regnskap=100_000))
    full = {"kapittel": "0100", "post": "01", "inntekt_kapittel": "3100", "inntekt_post": "01"}
    r = rad(note_b(poster(*rows), _mer({**full, "mva_prosent": 25})), "0100 01")
    assert (r["merinntekter_merinntektsfullmakt_ore"], r["merinntekt_mva_ore"]) == (90_000 * KR, 10_000 * KR)
    assert r["sum_grunnlag_for_overforing_ore"] == 50_000 * KR
    assert r["mulig_overforbart_ore"] == 50_000 * KR
    assert rad(note_b(poster(*rows), _mer(full)), "0100 01")["mulig_overforbart_ore"] == 60_000 * KR


def test_merinntekt_without_overskridelse_or_mindreinntekt_carries_no_mva():
    # 0100/01 c = 10 000 - 9 000 = +1 000: no overskridelse, so M = 500 counts in full (mva 0)
    # 0200/01 c = -1 000 with mindreinntekt -300 on 3200/01: f = -300, no mva on a mindreinntekt
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=9_000),
                       post("3100", "01", type="inntekt", regnskap=500),
                       post("0200", "01", arets=10_000, regnskap=11_000),
                       post("3200", "01", type="inntekt", arets=400, regnskap=100)),
                _mer({"kapittel": "0100", "post": "01", "inntekt": "3100 01", "mva_prosent": 25},
                     {"kapittel": "0200", "post": "01", "inntekt": "3200 01", "mva_prosent": 25}))
    r1, r2 = rad(nb, "0100 01"), rad(nb, "0200 01")
    assert (r1["merinntekter_merinntektsfullmakt_ore"], r1["merinntekt_mva_ore"]) == (500 * KR, 0)
    assert (r2["merinntekter_merinntektsfullmakt_ore"], r2["merinntekt_mva_ore"]) == (-300 * KR, 0)


def test_second_merinntekt_on_a_post_covers_what_the_first_left():
    # 0100/01 c = -100 000 (U = 100 000)
    # 3100/01 M1 = 50 000, no mva: dekket 50 000, f1 = 50 000, U left = 50 000
    # 3101/01 M2 = 100 000, 25 %: dekket = min(50 000, 80 000) = 50 000, mva 12 500, f2 = 87 500
    # f = 137 500; i = -100 000 + 137 500 = 37 500
    nb = note_b(poster(post("0100", "01", arets=1_000_000, regnskap=1_100_000),
                       post("3100", "01", type="inntekt", regnskap=50_000),
                       post("3101", "01", type="inntekt", regnskap=100_000)),
                _mer({"kapittel": "0100", "post": "01", "inntekt": "3100 01"},
                     {"kapittel": "0100", "post": "01", "inntekt": "3101 01", "mva_prosent": 25}))
    r = rad(nb, "0100 01")
    assert r["merinntekter_merinntektsfullmakt_ore"] == 137_500 * KR
    assert r["merinntekt_mva_ore"] == 12_500 * KR
    assert r["sum_grunnlag_for_overforing_ore"] == 37_500 * KR


@pytest.mark.parametrize("m, u, p, expected", [
    # (M, U, p) in øre -> (f, dekket, mva)
    (101, 1_000, 25, (81, 80, 20)),     # ⌊10 100/125⌋ = 80; 80 × 0.25 = 20; 101 - 20 = 81
    (7, 7, 25, (6, 5, 1)),              # ⌊700/125⌋ = 5; 5 × 0.25 = 1.25 -> 1; 7 - 1 = 6
    (100, 100, 15, (87, 86, 13)),       # ⌊10 000/115⌋ = 86; 86 × 0.15 = 12.9 -> 13; 100 - 13 = 87
    (10, 2, 25, (9, 2, 1)),             # dekket = U = 2; 2 × 0.25 = 0.5 -> 1 (half away); 10 - 1 = 9
    (-50, 100, 25, (-50, 0, 0)),        # mindreinntekt: no mva
    (50, 0, 25, (50, 0, 0)),            # no merutgift: no overskridelse
    (50, 100, None, (50, 50, 0)),       # no rate: covers min(U, M), f = M
])
def test_merinntekt_netto_mva_rounding(m, u, p, expected):
    assert merinntekt_netto_mva(m, u, p) == expected


# --- avgitte belastningsfullmakter on an inntektskapittel (R-111) ------------------------------


def test_avgitt_belastningsfullmakt_on_inntekt_post_is_described_on_the_row_it_concerns():
    # 3100/01 is tied to 0100/01 by a merinntektsfullmakt, so 0100/01 is the row it concerns;
    # it is described there and in a footnote, and moves no column
    rows = poster(post("0100", "01", arets=10_000, regnskap=9_000), post("3100", "01", type="inntekt", regnskap=500))
    mer = {"kapittel": "0100", "post": "01", "inntekt": "3100 01"}
    med = load_fullmakter({"merinntektsfullmakter": [mer], "avgitte_belastningsfullmakter_inntekt": [
        {"kapittel": "3100", "post": "01", "til": "Skatteetaten", "innvilget": 2_000, "inntektsfort": 1_500}]})
    nb, uten = note_b(rows, med), note_b(rows, load_fullmakter({"merinntektsfullmakter": [mer]}))
    tekst = [t for t in rad(nb, "0100 01")["forklaring"] if "Skatteetaten" in t]
    assert tekst == ["avgitt belastningsfullmakt på inntektskapittel 3100 post 01 til Skatteetaten: innvilget "
                     "2 000 kr, inntektsført av Skatteetaten 1 500 kr (inngår ikke i noen kolonne; "
                     "R-111; R-115 Note B (avgitte belastningsfullmakter på inntektskapitler))"]
    assert any("Skatteetaten" in t for t in nb.tabell.fotnoter)
    assert not any("Skatteetaten" in t for t in uten.tabell.fotnoter)
    money = [n for n in nb.to_frame().columns if n.endswith("_ore")]
    pd.testing.assert_frame_equal(nb.to_frame()[money], uten.to_frame()[money])
    assert [x.rule for x in nb.findings] == [x.rule for x in uten.findings]


def test_avgitt_belastningsfullmakt_on_untied_inntekt_post_is_in_the_footnote():
    f = load_fullmakter({"avgitte_belastningsfullmakter_inntekt": [
        {"kapittel": "3100", "post": "02", "til": "Skatteetaten"}]})
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=9_000), post("3100", "02", type="inntekt")), f)
    [note] = [t for t in nb.tabell.fotnoter if "Skatteetaten" in t]
    assert note.startswith("Avgitt belastningsfullmakt på inntektskapittel 3100 post 02 til Skatteetaten (")
    assert not any("Skatteetaten" in t for ts in nb.to_frame()["forklaring"] for t in ts)


def test_avgitt_inntekt_fullmakt_pointing_to_an_utgift_post_is_an_error(tmp_path):
    path = tmp_path / "fullmakter.yaml"
    path.write_text("ar: 2025\navgitte_belastningsfullmakter_inntekt:\n"
                    "  - {kapittel: '0100', post: '01', til: Skatteetaten, innvilget: 100, inntektsfort: 150}\n",
                    encoding="utf-8")
    nb = note_b(poster(post("0100", "01", arets=10_000, regnskap=9_000)), load_fullmakter(path))
    [fnd] = [x for x in nb.findings if x.rule == "NOTEB-BELASTNING-INNTEKT-POSTTYPE"]
    assert fnd.severity.value == "error"
    assert (fnd.line, fnd.file, fnd.row, fnd.column) == ("0100 01", str(path), 3, "kapittel")
    assert "utgiftspost" in fnd.message
    assert not any("Skatteetaten" in t for t in nb.tabell.fotnoter)
    [over] = [x for x in nb.findings if x.rule == "NOTEB-BELASTNING-OVERSKREDET"]
    assert (over.expected_ore, over.actual_ore, over.column) == (100 * KR, 150 * KR, "inntektsfort")


def test_expense_section_belastningsfullmakt_on_inntekt_post_is_also_described():
    f = load_fullmakter({"avgitte_belastningsfullmakter": [
        {"kapittel": "3100", "post": "01", "til": "Skatteetaten", "innvilget": 100, "utgiftsfort": 50}]})
    nb = note_b(poster(post("0100", "01", arets=1_000, regnskap=900), post("3100", "01", type="inntekt")), f)
    assert any("inntektskapittel 3100 post 01 til Skatteetaten: innvilget 100 kr, inntektsført av "
               "Skatteetaten 50 kr" in t for t in nb.tabell.fotnoter)
    assert [x.severity.value for x in nb.findings if x.rule == "NOTEB-FULLMAKT-POSTTYPE"] == ["info"]
