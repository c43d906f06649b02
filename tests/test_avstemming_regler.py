"""Rule families on small inline årsregnskap dicts: one case that holds, one that fails."""

from __future__ import annotations

from typing import Any

import pytest

from imdi_ledger.avstemming import REGLER, Figurer, regel, verify
from imdi_ledger.findings import Severity

KR = 100


def _a(d: dict[str, Any], presisjon: str = "kroner") -> Figurer:
    return Figurer.from_dict(d, presisjon=presisjon)  # type: ignore[arg-type]


def _bev(regnskap_01: int = 90, mer_01: int = 10, netto: int = 130) -> dict[str, Any]:
    return {"bevilgningsrapportering": {
        "utgifter": [
            {"kapittel": "0670", "post": "01", "posttekst": "Driftsutgifter", "samlet_tildeling": 100,
             "regnskap": regnskap_01, "merutgift_mindreutgift": mer_01},
            {"kapittel": "0671", "post": "62", "posttekst": "Tiltak", "samlet_tildeling": 50,
             "regnskap": 50, "merutgift_mindreutgift": 0},
            {"kapittel": "1633", "post": "01", "samlet_tildeling": 0, "regnskap": 10, "merutgift_mindreutgift": None},
        ],
        "sum_utgiftsfort": {"samlet_tildeling": 150, "regnskap": 150, "merutgift_mindreutgift": 10},
        "inntekter": [{"kapittel": "5700", "post": "72", "samlet_tildeling": 0, "regnskap": 20}],
        "sum_inntektsfort": {"samlet_tildeling": 0, "regnskap": 20},
        "netto_rapportert": netto,
        "kapitalkontoer": [{"konto": "60088701", "belop": 5}, {"konto": "60088702", "belop": -140},
                           {"konto": "705005", "belop": 5}],
        "sum_rapportert": 0,
        "mellomvaerende": {"konto": "705005", "ub": -10, "ib": -15, "endring": 5},
    }}


def _ids(a: Figurer, sev: Severity | None = None) -> set[str]:
    return {f.rule for f in verify(a) if sev is None or f.severity == sev}


def test_bevilgning_consistent_has_no_findings() -> None:
    assert _ids(_a(_bev())) == set()


def test_bevilgning_line_and_sum_errors() -> None:
    a = _a(_bev(regnskap_01=80, mer_01=10))
    funn = {f.rule: f for f in verify(a) if f.severity == Severity.ERROR}
    assert funn["BEV-LINJE-MERUTGIFT"].difference_ore == -10 * KR
    assert funn["BEV-SUM-UTGIFT"].difference_ore == 10 * KR
    assert "BEV-NETTO" not in funn  # the printed sums still agree with each other


def test_computed_figures_have_zero_tolerance() -> None:
    d = _bev()
    d["bevilgningsrapportering"]["sum_utgiftsfort"]["regnskap"] = 151
    kr = [f for f in verify(_a(d)) if f.rule == "BEV-SUM-UTGIFT"]
    ore = [f for f in verify(_a(d, "ore")) if f.rule == "BEV-SUM-UTGIFT"]
    assert kr[0].severity == Severity.INFO and kr[0].tolerance_ore == 2 * KR
    assert ore[0].severity == Severity.ERROR and ore[0].tolerance_ore == 0 and ore[0].difference_ore == 1


def test_merutgift_without_fullmakt() -> None:
    d = _bev()
    d["bevilgningsrapportering"]["utgifter"][1].update(regnskap=60, merutgift_mindreutgift=-10)
    hits = [f for f in verify(_a(d)) if f.rule == "BEV-MERUTGIFT-UTEN-FULLMAKT"]
    assert [f.line for f in hits] == ["0671/62 Tiltak"] and hits[0].severity == Severity.WARNING
    d["note_b"] = [{"kapittel_post": "0671 62", "stikkord": "kan overføres", "merutgift_mindreutgift": -10}]
    assert not [f for f in verify(_a(d)) if f.rule == "BEV-MERUTGIFT-UTEN-FULLMAKT"]


def _note_b(**kw: Any) -> dict[str, Any]:
    rad = {"kapittel_post": "0670 01", "stikkord": None, "merutgift_mindreutgift": 10,
           "utgiftsfort_av_andre_avgitte_belastningsfullmakter": -2, "etter_avgitte_belastningsfullmakter": 8,
           "sum_grunnlag_for_overforing": 8, "maks_overforbart": 5, "mulig_overforbart": 5}
    rad.update(kw)
    d = _bev()
    d["note_a"] = [{"kapittel_post": "0670 01", "overfort_fra_i_fjor": 0, "arets_tildelinger": 100, "samlet_tildeling": 100},
                   {"kapittel_post": "0671 62", "overfort_fra_i_fjor": None, "arets_tildelinger": 50, "samlet_tildeling": 50}]
    d["note_b"] = [rad]
    return d


def test_note_a_and_b_consistent() -> None:
    assert _ids(_a(_note_b())) == set()


@pytest.mark.parametrize(("felt", "verdi", "rule", "diff"), [
    ("etter_avgitte_belastningsfullmakter", 9, "NOTEB-E", 1),
    ("sum_grunnlag_for_overforing", 7, "NOTEB-I", -1),
    ("mulig_overforbart", 8, "NOTEB-K", 3),
    ("merutgift_mindreutgift", 11, "X-NOTEB-BEV", 1),
])
def test_note_b_arithmetic(felt: str, verdi: int, rule: str, diff: int) -> None:
    a = Figurer.from_dict(_note_b(**{felt: verdi}), presisjon="ore")
    assert [f.difference_ore for f in verify(a) if f.rule == rule] == [diff]


def test_note_b_cap_five_percent_of_arets_and_samlet_observation() -> None:
    d = _note_b(maks_overforbart=60)
    d["note_a"][0].update(overfort_fra_i_fjor=200, arets_tildelinger=1000, samlet_tildeling=1200)
    hits = [f for f in verify(_a(d)) if f.rule == "NOTEB-MAKS"]
    assert len(hits) == 1 and hits[0].severity == Severity.WARNING and hits[0].expected_ore == 50 * KR
    assert "samlet tildeling" in hits[0].message
    d["note_b"][0]["maks_overforbart"] = 90
    assert [f.severity for f in verify(_a(d)) if f.rule == "NOTEB-MAKS"] == [Severity.ERROR]


def test_note_b_post_60_without_kan_overfores_not_transferable() -> None:
    d = _note_b(kapittel_post="0671 62", merutgift_mindreutgift=0, utgiftsfort_av_andre_avgitte_belastningsfullmakter=None,
                etter_avgitte_belastningsfullmakter=0, sum_grunnlag_for_overforing=0, maks_overforbart=None,
                mulig_overforbart=3)
    hits = [f for f in verify(_a(d)) if f.rule == "NOTEB-OVERFORBAR"]
    assert [h.severity for h in hits] == [Severity.ERROR]
    d["note_b"][0]["stikkord"] = "kan overføres"
    assert not [f for f in verify(_a(d)) if f.rule == "NOTEB-OVERFORBAR"]


def test_note_a_missing_post_and_mismatch() -> None:
    d = _note_b()
    d["note_a"][0]["samlet_tildeling"] = 99
    funn = [f for f in verify(_a(d, "ore")) if f.rule in ("NOTEA-LINJE", "X-NOTEA-BEV")]
    assert sorted((f.rule, f.difference_ore) for f in funn) == [("NOTEA-LINJE", -1), ("X-NOTEA-BEV", -1)]
    del d["note_a"][1]
    assert any("ikke forklart i Note A" in f.message for f in verify(_a(d)) if f.rule == "X-NOTEA-BEV")


def _note_c(samlet: int = 30, senere_kort: int = 0) -> dict[str, Any]:
    return {"note_c": {"leie": [
        {"varighet": "inntil 1 år", "arlig": 10, "neste_ar": 10, "senere_ar": senere_kort, "samlet": 10 + senere_kort},
        {"varighet": "1-5 år", "arlig": 5, "neste_ar": 5, "senere_ar": 15, "samlet": 20},
        {"varighet": "Totalt", "sum": True, "arlig": 15, "neste_ar": 15, "senere_ar": 15 + senere_kort, "samlet": samlet + senere_kort},
    ]}}


def test_note_c() -> None:
    assert _ids(_a(_note_c())) == set()
    assert _ids(_a(_note_c(samlet=40)), Severity.ERROR) == {"NOTEC-TOTALT", "NOTEC-SAMLET"}
    assert _ids(_a(_note_c(senere_kort=3))) == {"NOTEC-KORTTID"}


def _art(felles_netto: int = -10, total: int = 130, mv_sum: int = -10) -> dict[str, Any]:
    d = _bev()
    d["artskontorapportering"] = {"lines": [
        {"seksjon": "drift_inn", "tekst": "Sum innbetalinger fra drift", "kind": "sum", "belop": 0, "belop_fjor": 0},
        {"seksjon": "drift_ut", "tekst": "Lønn", "kind": "line", "belop": 90, "belop_fjor": 1},
        {"seksjon": "drift_ut", "tekst": "Sum utbetalinger til drift", "kind": "sum", "belop": 90, "belop_fjor": 1},
        {"seksjon": "drift", "tekst": "Netto rapporterte driftsutgifter", "kind": "netto", "belop": 90, "belop_fjor": 1},
        {"seksjon": "tilskudd", "tekst": "Sum tilskudd", "kind": "sum", "belop": 50, "belop_fjor": 0},
        {"seksjon": "felles", "tekst": "Gruppeliv konto 1985", "kind": "line", "sign": -1, "belop": 0, "belop_fjor": 0},
        {"seksjon": "felles", "tekst": "Arbeidsgiveravgift konto 1986", "kind": "line", "sign": -1, "belop": 20, "belop_fjor": 0},
        {"seksjon": "felles", "tekst": "Merverdiavgift konto 1987", "kind": "line", "sign": 1, "belop": 10, "belop_fjor": 0},
        {"seksjon": "felles", "tekst": "Netto felleskapitler", "kind": "netto", "belop": felles_netto, "belop_fjor": 0},
        {"seksjon": "total", "tekst": "Netto rapportert", "kind": "netto", "belop": total, "belop_fjor": 1},
    ], "mellomvaerende": [
        {"tekst": "Skyldig skattetrekk", "kind": "line", "belop": -10, "belop_fjor": -15},
        {"tekst": "Sum mellomværende med statskassen", "kind": "sum", "belop": mv_sum, "belop_fjor": -15},
    ]}
    return d


def test_artskonto_and_ties_consistent() -> None:
    assert _ids(_a(_art())) == set()


def test_artskonto_failures() -> None:
    funn = {(f.rule, f.difference_ore) for f in verify(_a(_art(felles_netto=-5, total=140, mv_sum=-20)))
            if f.severity == Severity.ERROR}
    assert ("ART-NETTO", 5 * KR) in funn  # felleskapitler: 1987 − 1985 − 1986 = −10, printed −5
    assert ("X-BEV-ART-NETTO", -10 * KR) in funn
    assert ("ART-MV-SUM", -10 * KR) in funn and ("X-BEV-ART-MV", -10 * KR) in funn


def _srs(res: int = 0, sum_eiendeler: int = 30) -> dict[str, Any]:
    return {
        "resultatregnskap": [
            {"tekst": "Inntekt fra bevilgninger", "kind": "line", "belop": 100, "belop_fjor": 90},
            {"tekst": "Sum driftsinntekter", "kind": "sum", "belop": 100, "belop_fjor": 90},
            {"tekst": "Lønnskostnader", "kind": "line", "belop": 100, "belop_fjor": 90},
            {"tekst": "Sum driftskostnader", "kind": "sum", "belop": 100, "belop_fjor": 90},
            {"tekst": "Driftsresultat", "kind": "netto", "belop": res, "belop_fjor": 0},
            {"tekst": "Resultat av periodens aktiviteter", "kind": "netto", "belop": res, "belop_fjor": 0},
        ],
        "balanse": {
            "eiendeler": [{"tekst": "Andre fordringer", "kind": "line", "belop": 30, "belop_fjor": 20},
                          {"tekst": "Sum fordringer", "kind": "sum", "belop": 30, "belop_fjor": 20},
                          {"tekst": "Sum eiendeler", "kind": "sum", "belop": sum_eiendeler, "belop_fjor": 20}],
            "kapital_og_gjeld": [
                {"tekst": "Avregnet med statskassen (bruttobudsjetterte)", "kind": "line", "belop": 20, "belop_fjor": 15},
                {"tekst": "Sum avregninger", "kind": "sum", "belop": 20, "belop_fjor": 15},
                {"tekst": "Sum statens kapital", "kind": "sum", "belop": 20, "belop_fjor": 15},
                {"tekst": "Leverandørgjeld", "kind": "line", "belop": 10, "belop_fjor": 5},
                {"tekst": "Sum kortsiktig gjeld", "kind": "sum", "belop": 10, "belop_fjor": 5},
                {"tekst": "Sum gjeld", "kind": "sum", "belop": 10, "belop_fjor": 5},
                {"tekst": "Sum statens kapital og gjeld drift", "kind": "sum", "belop": 30, "belop_fjor": 20},
                {"tekst": "Sum statens kapital og gjeld", "kind": "sum", "belop": 30, "belop_fjor": 20}]},
        "andre_noter": {"note_2_lonnskostnader": [
            {"tekst": "Lønn", "belop": 100, "belop_fjor": 90},
            {"tekst": "Sum lønnskostnader", "kind": "sum", "belop": 100, "belop_fjor": 90}]},
    }


def test_srs_consistent() -> None:
    assert _ids(_a(_srs())) == set()


def test_srs_resultat_not_zero_and_balance_off() -> None:
    ids = _ids(_a(_srs(res=5, sum_eiendeler=33)), Severity.ERROR)
    assert {"SRS-RESULTAT-NULL", "SRS-RES-SUM", "SRS-BALANSE"} <= ids


def test_note_sum_and_tie() -> None:
    d = _srs()
    d["andre_noter"]["note_2_lonnskostnader"][1]["belop"] = 104
    funn = {(f.rule, f.difference_ore) for f in verify(_a(d)) if f.severity == Severity.ERROR}
    assert funn == {("NOTE-SUM", 4 * KR), ("X-NOTE-OPPSTILLING", 4 * KR)}


def _n7(mva: int = 10, forskjell: int = 15) -> dict[str, Any]:
    d = _art()
    d.update(_srs())
    d["note_7"] = {"a": {
        "avregnet_i_balansen": {"belop": 20, "belop_fjor": 15, "endring": 5},
        "lines": [{"tekst": "Konsernkonto utbetaling", "belop": -140}, {"tekst": "Konsernkonto innbetaling", "belop": 5},
                  {"tekst": "Netto trekk konsernkonto", "kind": "sum", "belop": -135},
                  {"tekst": "+ Inntektsført fra bevilgning (underkonto 1991)", "belop": 100},
                  {"tekst": "- Gruppeliv/arbeidsgiveravgift (underkonto 1985 og 1986)", "belop": -20},
                  {"tekst": "+ Nettoordning, statlig betalt merverdiavgift (underkonto 1987)", "belop": mva}],
        "forskjell_resultatfort_og_netto_trekk": forskjell - 60, "resultat_for_avregning": 0,
        "sum_endring_i_avregnet": -45}}
    return d


def test_note_7a_rules() -> None:
    base = {f.rule for f in verify(_a(_n7())) if f.rule.startswith(("N7A", "X-7A"))}
    feil = {(f.rule, f.difference_ore) for f in verify(_a(_n7(mva=12))) if f.rule.startswith(("N7A", "X-7A"))}
    assert ("X-7A-FELLESKAP", 2 * KR) in feil and ("N7A-FORSKJELL", -2 * KR) in feil
    assert "X-7A-FELLESKAP" not in base


def _n7b(skatt: int = -10, pensjon: int = 0) -> dict[str, Any]:
    d = _art()
    d["artskontorapportering"]["mellomvaerende"] = [
        {"tekst": "Skyldig skattetrekk", "kind": "line", "belop": -8, "belop_fjor": 0},
        {"tekst": "Avsatt pensjonspremie", "kind": "line", "belop": -2, "belop_fjor": 0},
        {"tekst": "Sum mellomværende med statskassen", "kind": "sum", "belop": -10, "belop_fjor": -15}]
    d["note_7"] = {"b": {"rows": [
        {"gruppe": "Kortsiktig gjeld", "tekst": "Skyldig skattetrekk og andre trekk", "avregning": -8, "mellomvaerende": skatt, "forskjell": -8 - skatt},
        {"gruppe": "Kortsiktig gjeld", "tekst": "Avsatt pensjonspremie", "avregning": 0, "mellomvaerende": pensjon, "forskjell": -pensjon},
        {"gruppe": "Kortsiktig gjeld", "tekst": "Sum", "kind": "sum", "avregning": -8, "mellomvaerende": skatt + pensjon, "forskjell": -8 - skatt - pensjon}],
        "total": {"avregning": -8, "mellomvaerende": skatt + pensjon, "forskjell": -8 - skatt - pensjon}}}
    return d


def test_note_7b_reclassification_once_and_line_errors() -> None:
    flyttet = [f for f in verify(_a(_n7b())) if f.rule == "X-7B-ART-MV"]
    assert len(flyttet) == 1 and flyttet[0].severity == Severity.WARNING and abs(flyttet[0].difference_ore or 0) == 2 * KR
    assert not [f for f in verify(_a(_n7b(skatt=-8, pensjon=-2))) if f.rule.startswith(("N7B", "X-7B"))]
    d = _n7b(skatt=-8, pensjon=-2)
    d["note_7"]["b"]["rows"][0]["forskjell"] = 5
    assert [(f.rule, f.difference_ore) for f in verify(_a(d)) if f.rule == "N7B-FORSKJELL"] == [("N7B-FORSKJELL", 5 * KR)]


def _n7_gar_opp(mva: int, endring: int) -> dict[str, Any]:
    """Note 7A whose printed lines sum to −100 − 20 − 135 + mva; ``endring`` is ΔAMS."""
    d = _n7(mva=mva)
    a = d["note_7"]["a"]
    a["avregnet_i_balansen"] = {"belop": 15 + endring, "belop_fjor": 15, "endring": endring}
    forskjell = -135 + 100 - 20 + mva
    a.update(forskjell_resultatfort_og_netto_trekk=forskjell, sum_endring_i_avregnet=forskjell)
    return d


def test_note_7a_1987_timing_difference_is_a_warning_while_the_note_ties() -> None:
    # The ledger's 1987 (12) differs from the S-rapport's (10, artskonto), and the note ties with 12.
    funn = [f for f in verify(_a(_n7_gar_opp(mva=12, endring=43))) if f.rule.startswith(("N7A", "X-7A-FELLESKAP"))]
    assert [(f.rule, f.severity, f.difference_ore) for f in funn] == [("X-7A-FELLESKAP", Severity.WARNING, 2 * KR)]
    assert "periodiseringsforskjell" in funn[0].message
    assert regel("X-7A-FELLESKAP").alvorlighet == Severity.WARNING


def test_note_7a_1987_difference_is_an_error_when_the_note_does_not_tie() -> None:
    d = _n7_gar_opp(mva=12, endring=43)
    d["note_7"]["a"]["avregnet_i_balansen"].update(belop=65, endring=50)
    funn = {(f.rule, f.severity, f.difference_ore) for f in verify(_a(d))}
    assert ("X-7A-FELLESKAP", Severity.ERROR, 2 * KR) in funn
    assert ("N7A-KONGRUENS", Severity.ERROR, 7 * KR) in funn
    # 2 kr over the note's six printed figures is rounding (tolerance 3 kr): the note still ties.
    d["note_7"]["a"]["avregnet_i_balansen"].update(belop=60, endring=45)
    assert ("X-7A-FELLESKAP", Severity.WARNING, 2 * KR) in {(f.rule, f.severity, f.difference_ore) for f in verify(_a(d))}


def test_note_7a_ties_is_judged_from_the_sum_when_the_balance_change_is_blank() -> None:
    from imdi_ledger.avstemming.sjekk_srs import n7a_gar_opp

    r = regel("X-7A-FELLESKAP")
    d = _n7_gar_opp(mva=12, endring=43)
    assert n7a_gar_opp(_a(d), r) is True
    d["note_7"]["a"]["avregnet_i_balansen"]["endring"] = None
    assert n7a_gar_opp(_a(d), r) is True
    d["note_7"]["a"]["sum_endring_i_avregnet"] = -30
    assert n7a_gar_opp(_a(d), r) is False
    d["note_7"]["a"]["sum_endring_i_avregnet"] = None
    assert n7a_gar_opp(_a(d), r) is None
    assert n7a_gar_opp(_a(_bev()), r) is None


def _mv(sju_b: list[tuple[str, int]], art: list[tuple[str, int]]) -> dict[str, Any]:
    """7B rapportert mellomværende and the artskonto mellomværende, sums consistent on each side."""
    d = _art()
    d["artskontorapportering"]["mellomvaerende"] = [
        *({"tekst": t, "kind": "line", "belop": v, "belop_fjor": 0} for t, v in art),
        {"tekst": "Sum mellomværende med statskassen", "kind": "sum", "belop": sum(v for _, v in art), "belop_fjor": 0}]
    rows = [{"gruppe": "Kortsiktig gjeld", "tekst": t, "avregning": 0, "mellomvaerende": v, "forskjell": -v} for t, v in sju_b]
    s = sum(v for _, v in sju_b)
    rows.append({"gruppe": "Kortsiktig gjeld", "tekst": "Sum", "kind": "sum", "avregning": 0, "mellomvaerende": s, "forskjell": -s})
    d["note_7"] = {"b": {"rows": rows, "total": {"avregning": 0, "mellomvaerende": s, "forskjell": -s}}}
    return d


_ART_MV = [("Skyldig skattetrekk og andre trekk", -8), ("Skyldige offentlige avgifter", -3),
           ("Avsatt pensjonspremie til Statens pensjonskasse", -2)]


def _mv_funn(d: dict[str, Any], presisjon: str = "kroner") -> list[Any]:
    return [f for f in verify(_a(d, presisjon)) if f.rule == "X-7B-ART-MV"]


def test_note_7b_category_missing_on_one_side_counts_as_zero() -> None:
    # 7B has no pensjon line: the pensjonspremie stands under skattetrekk (as IMDi 2025, I9).
    funn = _mv_funn(_mv([("Skyldig skattetrekk og andre trekk", -10), ("Skyldige offentlige avgifter", -3)], _ART_MV), "ore")
    assert len(funn) == 1
    f = funn[0]
    assert f.severity == Severity.WARNING and f.line == "Note 7B mellomværende, skattetrekk og pensjon"
    assert (f.actual_ore, f.expected_ore, f.difference_ore) == (0, -2, 2)


def test_note_7b_move_across_three_lines_is_one_warning_with_its_amount() -> None:
    funn = _mv_funn(_mv([("Skyldig skattetrekk og andre trekk", -9), ("Skyldige offentlige avgifter", -4)], _ART_MV), "ore")
    assert [(f.severity, f.difference_ore) for f in funn] == [(Severity.WARNING, 2)]
    assert funn[0].line == "Note 7B mellomværende, skattetrekk, offentlige avgifter og pensjon"
    assert funn[0].message.startswith(funn[0].line + ": 0,02 kr rapportert mellomværende står på en annen linje")


def test_note_7b_total_difference_is_an_error_naming_the_line() -> None:
    funn = _mv_funn(_mv([("Skyldig skattetrekk og andre trekk", -11), ("Skyldige offentlige avgifter", -3),
                         ("Avsatt pensjonspremie til SPK, arbeidsgiverandel", -2)], _ART_MV), "ore")
    assert [(f.severity, f.line, f.difference_ore) for f in funn] == [
        (Severity.ERROR, "Note 7B mellomværende, sum av linjene", -3)]
    assert "skattetrekk -0,03 kr" in funn[0].message and funn[0].expected_ore == -13


def test_note_7b_total_difference_and_a_move_are_reported_apart() -> None:
    funn = _mv_funn(_mv([("Skyldig skattetrekk og andre trekk", -14), ("Skyldige offentlige avgifter", -3)], _ART_MV), "ore")
    assert sorted((f.severity.value, f.difference_ore) for f in funn) == [("error", -4), ("warning", 2)]


def test_note_7b_agreeing_lines_give_nothing_and_rounding_is_info() -> None:
    assert _mv_funn(_mv([("Skyldig skattetrekk og andre trekk", -8), ("Skyldige offentlige avgifter", -3),
                         ("Avsatt pensjonspremie til SPK, arbeidsgiverandel", -2)], _ART_MV)) == []
    avrundet = _mv([("Skyldig skattetrekk og andre trekk", -9), ("Skyldige offentlige avgifter", -3),
                    ("Avsatt pensjonspremie til SPK, arbeidsgiverandel", -2)], _ART_MV)
    avrundet["artskontorapportering"]["mellomvaerende"].insert(0, {"tekst": "Fordringer på ansatte", "kind": "line", "belop": 0})
    funn = _mv_funn(avrundet)
    assert {f.severity for f in funn} == {Severity.INFO}
    assert {f.line for f in funn} == {"Note 7B mellomværende, skattetrekk", "Note 7B mellomværende, sum av linjene"}
    assert [f.severity for f in _mv_funn(avrundet, "ore")].count(Severity.ERROR) == 1


@pytest.mark.parametrize("tekst,side,kategori", [
    ("Avsatt pensjonspremie til Statens pensjonskasse", "art", "pensjon"),
    ("Avsatt pensjonspremie til SPK, arbeidsgiverandel", "7b", "pensjon"),
    ("Kasse", "art", "kasse og bank"),
    ("Bankinnskudd, kontanter og lignende", "7b", "kasse og bank"),
    ("Differanser på bank og uidentifiserte innbetalinger", "art", "annet"),
    ("Lønn (negativ netto, for mye utbetalt lønn m.m.)", "art", "annet"),
    ("Annen kortsiktig gjeld", "7b", "annet"),
    ("Fordringer på ansatte", "art", "fordringer"),
    ("Andre fordringer", "7b", "fordringer"),
])
def test_mellomvaerende_correspondence(tekst: str, side: str, kategori: str) -> None:
    from imdi_ledger.avstemming.sjekk_srs import mv_kategori

    assert mv_kategori(tekst, side) == kategori


def test_catalogue_is_data_with_unique_ids_and_sources() -> None:
    ids = [r.id for r in REGLER]
    assert len(ids) == len(set(ids))
    assert all(r.kilde and r.tittel for r in REGLER)
    assert regel("NOTEB-K").id == "NOTEB-K"
    with pytest.raises(KeyError):
        regel("FINNES-IKKE")
    assert all(r(_a({"note_c": {}})) == [] for r in REGLER)


def _note_1(gebyrer_sum: int = 20) -> dict[str, Any]:
    """An agency with two income types: bevilgninger 80 and gebyrer 20 (SRS 1 note 1 sums each
    type on its own row, as in ``noter.csv``)."""
    d = _srs()
    res = d["resultatregnskap"]
    res[0].update(belop=80, belop_fjor=90)
    res.insert(1, {"tekst": "Inntekt fra gebyrer", "kind": "line", "belop": 20, "belop_fjor": 0})
    d["andre_noter"]["note_1_driftsinntekter"] = [
        {"tekst": "Inntekt fra bevilgninger", "belop": 80, "belop_fjor": 90},
        {"tekst": "Sum inntekt fra bevilgninger", "kind": "sum", "belop": 80, "belop_fjor": 90},
        {"tekst": "Inntekt fra gebyrer", "belop": 20, "belop_fjor": 0},
        {"tekst": "Sum inntekt fra gebyrer", "kind": "sum", "belop": gebyrer_sum, "belop_fjor": 0}]
    return d


def test_note_1_with_two_income_types() -> None:
    """Each income type's sum is its own line (not a running total of the note), and each ties
    to its line of the resultatregnskap."""
    assert _ids(_a(_note_1()), Severity.ERROR) == set()
    funn = {(f.rule, f.line, f.difference_ore) for f in verify(_a(_note_1(gebyrer_sum=25))) if f.severity == Severity.ERROR}
    assert funn == {("NOTE-SUM", "note_1_driftsinntekter: Sum inntekt fra gebyrer, belop", 5 * KR),
                    ("X-NOTE-OPPSTILLING", "note_1_driftsinntekter: Sum inntekt fra gebyrer (i år)", 5 * KR)}


def test_note_sum_of_an_unknown_table_is_still_inferred() -> None:
    """A table that is not an SRS note of ``noter.csv`` (or is printed with other labels) keeps
    the inferred structure: a later sum after lines is a running total."""
    d = _srs()
    d["andre_noter"]["egen_tabell"] = [
        {"tekst": "A", "belop": 1}, {"tekst": "Sum A", "kind": "sum", "belop": 1},
        {"tekst": "B", "belop": 2}, {"tekst": "Totalt", "kind": "sum", "belop": 3}]
    assert not [f for f in verify(_a(d)) if f.rule == "NOTE-SUM"]
    d["andre_noter"]["egen_tabell"][-1]["belop"] = 2
    assert [f.difference_ore for f in verify(_a(d)) if f.rule == "NOTE-SUM"] == [-1 * KR]


def test_note_b_cap_checked_against_the_base_note_b_used() -> None:
    """A Note B row that carries the base of its cap (a computed Note B) is checked against
    that base, and the base against Note A: «kan overføres» with fjorårets bevilgning from the
    fullmakter gives no «not given» observation."""
    from imdi_ledger.bevilgning.note_b import GRUNNLAG_ARETS, GRUNNLAG_TO_AR

    d = _note_b(kapittel_post="0671 62", stikkord="kan overføres", maks_overforbart=120,
                grunnlag_maks_av=GRUNNLAG_TO_AR, grunnlag_maks=120, arets_bevilgning=50, fjorarets_bevilgning=70)
    d["note_a"][1]["arets_tildelinger_fjor"] = 70
    assert [f for f in verify(_a(d)) if f.rule == "NOTEB-MAKS"] == []
    d["note_b"][0]["maks_overforbart"] = 110
    assert [(f.severity, f.difference_ore) for f in verify(_a(d)) if f.rule == "NOTEB-MAKS"] == [(Severity.ERROR, -10 * KR)]
    d["note_b"][0].update(maks_overforbart=50, fjorarets_bevilgning=None)
    hits = [f for f in verify(_a(d)) if f.rule == "NOTEB-MAKS"]
    assert [f.severity for f in hits] == [Severity.INFO] and "hadde ikke fjorårets" in hits[0].message
    # the 5 % rule on the base Note B used; the base must be Note A's årets tildelinger
    d = _note_b(maks_overforbart=5, grunnlag_maks_av=GRUNNLAG_ARETS, grunnlag_maks=100)
    assert [f for f in verify(_a(d)) if f.rule == "NOTEB-MAKS"] == []
    d["note_b"][0].update(grunnlag_maks=120, maks_overforbart=6)
    assert [(f.severity, f.difference_ore) for f in verify(_a(d)) if f.rule == "NOTEB-MAKS"] == [(Severity.ERROR, 20 * KR)]
