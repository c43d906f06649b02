"""One finding per fact: where the computation and the rule catalogue report the same difference
(declared by ``Regel.samme_forhold``), ``alle_funn`` keeps one finding that names both rules."""

from __future__ import annotations

import pytest

from imdi_ledger.avstemming.eksport import alle_funn, ett_funn_per_forhold, kontroller
from imdi_ledger.avstemming.kontroll import Regel, Toleranse
from imdi_ledger.avstemming.regler import REGLER
from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.findings import Finding, Severity
from imdi_ledger.regnskap import beregn


def _f(rule: str, sev: Severity, diff: int, line: str = "") -> Finding:
    return Finding(rule=rule, severity=sev, message="m", line=line, expected_ore=0, actual_ore=diff)


def _regel(partnere: tuple[str, ...]) -> Regel:
    return Regel("KAT", "t", Severity.WARNING, "R-115", Toleranse.OBSERVASJON, "x", lambda a, r: (),
                 samme_forhold=partnere)


def test_the_more_severe_finding_is_kept_and_names_the_other():
    ut = ett_funn_per_forhold([_f("BER", Severity.ERROR, -500, "0671 62")],
                              [_f("KAT", Severity.WARNING, -500, "0671/62 Tilskudd")], [_regel(("BER",))])
    assert [(f.rule, f.severity) for f in ut] == [("BER", Severity.ERROR)]
    assert ut[0].message.endswith("(også funnet av regel KAT)")


def test_on_a_tie_the_catalogue_finding_is_kept():
    ut = ett_funn_per_forhold([_f("BER", Severity.WARNING, 637_372_00)],
                              [_f("KAT", Severity.WARNING, -637_372_00)], [_regel(("BER",))])
    assert [f.rule for f in ut] == ["KAT"]
    assert ut[0].message.endswith("(også funnet av regel BER)")


@pytest.mark.parametrize("beregnet, katalog", [
    (_f("BER", Severity.ERROR, -500, "0671 62"), _f("KAT", Severity.WARNING, -501, "0671/62")),  # another amount
    (_f("BER", Severity.ERROR, -500, "0671 62"), _f("KAT", Severity.WARNING, -500, "0671/60")),  # another post
    (_f("ANNEN", Severity.ERROR, -500, "0671 62"), _f("KAT", Severity.WARNING, -500, "0671/62")),  # not declared
    (Finding(rule="BER", severity=Severity.ERROR, message="m"), _f("KAT", Severity.WARNING, 0)),  # no amount
])
def test_different_facts_are_both_kept(beregnet, katalog):
    ut = ett_funn_per_forhold([beregnet], [katalog], [_regel(("BER",))])
    assert ut == (beregnet, katalog)


def test_each_finding_merges_with_at_most_one_other():
    # two catalogue findings of the same amount (this year and last) and one computed finding
    beregnet = [_f("BER", Severity.WARNING, 100)]
    katalog = [_f("KAT", Severity.WARNING, 100, "i år"), _f("KAT", Severity.WARNING, -100, "i fjor")]
    ut = ett_funn_per_forhold(beregnet, katalog, [_regel(("BER",))])
    assert [f.line for f in ut] == ["i år", "i fjor"]
    assert ["også funnet" in f.message for f in ut] == [True, False]


@pytest.fixture(scope="module", params=["imdi-2025", "statlig-gebyr-2025"])
def regnskap(request):
    return beregn(last_eksempel(request.param))


def test_no_fact_is_reported_twice_in_the_examples(regnskap):
    funn = alle_funn(regnskap)
    samme = {r.id: set(r.samme_forhold) for r in REGLER if r.samme_forhold}
    for k in funn:
        for g in funn:
            if g.rule in samme.get(k.rule, ()) and k.difference_ore is not None and g.difference_ore is not None:
                assert abs(k.difference_ore) != abs(g.difference_ore), (k, g)
    # nothing else is dropped: every computed and every catalogue finding is in the list or named
    # by the finding that replaced it
    navngitt = " ".join(f.message for f in funn)
    for f in (*regnskap.findings, *kontroller(regnskap)):
        assert f.rule in {g.rule for g in funn} or f"(også funnet av regel {f.rule})" in navngitt, f


def test_the_worked_example_merges_its_three_double_reports():
    r = beregn(last_eksempel("imdi-2025"))
    funn = alle_funn(r)
    assert len(r.findings) + len(kontroller(r)) - len(funn) == 3
    slatt_sammen = {(f.rule, f.message.rsplit("regel ", 1)[1].rstrip(")")) for f in funn if "også funnet" in f.message}
    assert slatt_sammen == {
        ("NOTEB-MERUTGIFT-UTEN-FULLMAKT", "BEV-MERUTGIFT-UTEN-FULLMAKT"),   # 0671/62: Note B's error kept
        ("X-SRS-ART-GJENNOMSTROMNING", "NOTE7A-TILSKUDD"),                  # tilskudd −92 949 kr
        ("X-7A-FELLESKAP", "NOTE7A-1987"),                                  # mva 637 372 kr
    }
