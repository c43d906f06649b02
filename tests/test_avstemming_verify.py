"""verify_file on the published IMDi 2025 årsregnskap finds the report's own inconsistencies
(the inconsistencies listed in `docs/verify.md`) with the right amounts, and rounding residues (I13) only as info."""

from __future__ import annotations


import pytest

from imdi_ledger.avstemming import har_feil, verify_file
from imdi_ledger.avstemming.verify import findings_tekst
from imdi_ledger.eksempel import publisert_fil
from imdi_ledger.findings import Finding, Severity, findings_json

PUBLISERT = publisert_fil("imdi-2025")
KR = 100


@pytest.fixture(scope="module")
def funn() -> list[Finding]:
    return verify_file(PUBLISERT)


def _en(funn: list[Finding], rule: str, inne: str) -> Finding:
    hits = [f for f in funn if f.rule == rule and inne in (f.line or "")]
    assert len(hits) == 1, [(f.rule, f.line) for f in funn if f.rule == rule]
    return hits[0]


def test_i1_mva_line_in_note_7a(funn: list[Finding]) -> None:
    """Note 7A ties with its own 1987 figure, so the difference from kap. 1633 is reported as a
    timing difference (warning); the unexplained part is I3 under X-7A-KONTANT."""
    f = _en(funn, "X-7A-FELLESKAP", "1987")
    assert f.severity == Severity.WARNING
    assert (f.actual_ore, f.expected_ore) == (43_821_904 * KR, 43_184_532 * KR)
    assert f.difference_ore == 637_372 * KR


def test_i2_note_9_against_post_0672_60(funn: list[Finding]) -> None:
    f = _en(funn, "X-NOTE9-BEV", "0672/60")
    assert f.severity == Severity.ERROR
    assert f.difference_ore == (1_693_808_103 - 1_693_901_052) * KR
    g = _en(funn, "X-SRS-ART-GJENNOMSTROMNING", "Tilskudd til andre (i år)")
    assert g.difference_ore == (23_571_142_341 - 23_571_235_290) * KR


def test_i3_avregnet_explained_by_s_rapport(funn: list[Finding]) -> None:
    f = _en(funn, "X-7A-KONTANT", "endring")
    assert f.severity == Severity.WARNING
    assert f.expected_ore == 29_482_596 * KR and f.actual_ore == 28_938_174 * KR


def test_i4_kapitalkontoer(funn: list[Finding]) -> None:
    null = _en(funn, "BEV-SUM-RAPPORTERT-NULL", "Sum rapportert")
    assert null.severity == Severity.ERROR and null.difference_ore == 1_022_805 * KR
    mv = _en(funn, "BEV-KAPITAL-MV", "705005")
    assert mv.difference_ore == (420 - 1_022_805) * KR
    kk = _en(funn, "X-7A-KK-BEV", "60088702")
    assert kk.expected_ore == -24_084_617_420 * KR and "1 000 kr" in kk.message
    netto = _en(funn, "X-BEV-ART-NETTO", "Netto rapportert")
    assert netto.expected_ore == 24_055_077_059 * KR and netto.actual_ore == 24_055_077 * KR


def test_i5_i6_note_b_caps_are_observations(funn: list[Finding]) -> None:
    i5 = _en(funn, "NOTEB-MAKS", "0670 01")
    assert i5.severity == Severity.WARNING
    assert (i5.expected_ore, i5.actual_ore) == (402_395_000 * 5, 20_711_650 * KR)
    i6 = _en(funn, "NOTEB-MAKS", "0670 21")
    assert i6.severity == Severity.WARNING and i6.expected_ore == 30_000_000 * KR
    assert {f.severity for f in funn if f.rule == "NOTEB-MAKS"} <= {Severity.WARNING, Severity.INFO}


def test_i9_reclassified_pensjonstrekk_reported_once(funn: list[Finding]) -> None:
    hits = [f for f in funn if f.rule == "X-7B-ART-MV"]
    assert len(hits) == 1
    assert hits[0].severity == Severity.WARNING
    assert hits[0].difference_ore == 749_566 * KR
    assert (hits[0].actual_ore, hits[0].expected_ore) == (-4_563_766 * KR, -5_313_332 * KR)
    assert hits[0].line == "Note 7B mellomværende, skattetrekk og pensjon"


def test_i10_note_5_against_note_c(funn: list[Finding]) -> None:
    f = _en(funn, "X-NOTE5-NOTEC", "over 5")
    assert f.difference_ore == (1_724_272 - 1_528_974) * KR
    assert [x for x in funn if x.rule == "X-NOTE5-NOTEC"] == [f]


def test_i11_pagaende_anlegg_once(funn: list[Finding]) -> None:
    hits = [f for f in funn if f.rule == "X-NOTE3-PAGAENDE"]
    assert len(hits) == 1
    assert hits[0].difference_ore == (43_846_164 - 35_315_717) * KR == (48_872_983 - 40_342_536) * KR


def test_i14_merutgift_without_fullmakt(funn: list[Finding]) -> None:
    hits = [f for f in funn if f.rule == "BEV-MERUTGIFT-UTEN-FULLMAKT"]
    assert [h.line for h in hits] == ["0671/62 Kommunale integreringstilltak"]
    assert hits[0].actual_ore == -1_105_226 * KR and hits[0].severity == Severity.WARNING


def test_i13_rounding_residues_are_info(funn: list[Finding]) -> None:
    for rule, inne, diff in [
        ("BEV-SUM-UTGIFT", "regnskap", 1), ("ART-NETTO", "felleskapitler (i år)", 1),
        ("X-7A-FELLESKAP", "1985 og 1986", 1), ("NOTE-SUM", "Sum lønnskostnader, belop", 2),
        ("NOTE-SUM", "Sum tilskudd, belop", 1), ("NOTE-ANLEGG", "note_4", -1),
        ("SRS-BAL-SUM", "Sum eiendeler drift (i fjor)", -1), ("ART-MV-SUM", "(i fjor)", -1),
        ("SRS-INNTEKT-BEVILGNING", "(i fjor)", -1),
    ]:
        f = _en(funn, rule, inne)
        assert f.severity == Severity.INFO, (rule, inne)
        assert f.difference_ore == diff * KR and abs(f.difference_ore) <= f.tolerance_ore


def test_no_error_is_only_rounding(funn: list[Finding]) -> None:
    for f in funn:
        if f.severity == Severity.ERROR and f.difference_ore is not None:
            assert abs(f.difference_ore) > max(f.tolerance_ore, 2 * KR), f


def test_findings_name_figure_file_and_line(funn: list[Finding]) -> None:
    f = _en(funn, "X-7A-FELLESKAP", "1987")
    assert f.file == str(PUBLISERT) and f.column == "note_7.a.lines[7].belop"
    assert "43821904" in PUBLISERT.read_text(encoding="utf-8").splitlines()[(f.row or 0) - 1]
    assert har_feil(funn)
    assert '"rule": "X-7A-FELLESKAP"' in findings_json(funn)
    assert "FEIL" in findings_tekst(funn) and "feil," in findings_tekst(funn).splitlines()[-1]


def test_each_rule_reports_a_cause_once(funn: list[Finding]) -> None:
    keys = [(f.rule, f.line, f.column) for f in funn]
    assert len(keys) == len(set(keys))
