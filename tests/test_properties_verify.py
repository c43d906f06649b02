"""Property (issue 6): the rule catalogue raises no ``error`` on the statements the library
computes from a simulated agency-year (R-115 cash statements, SRS 1 virksomhetsregnskap with
notes 3 and 4 from the asset register, Note 7A/7B), with every rule of the catalogue run;
warnings are allowed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from imdi_ledger.avstemming.eksport import kontroller
from imdi_ledger.findings import Severity
from imdi_ledger.testing import simuler
from imdi_ledger.testing import strategies as sst
from imdi_ledger.testing.oppstillinger import aarsregnskap


def _regnskap(spec):
    sim = simuler(spec)
    return aarsregnskap(sim.boker, sim.tildeling)


@given(spec=sst.spec(max_ansatte=15, med=("067045",)))
def test_catalogue_has_no_error_on_computed_statements(spec):
    r = _regnskap(spec)
    funn = kontroller(r)
    feil = [(f.rule, f.line, f.difference_ore) for f in funn if f.severity == Severity.ERROR]
    assert feil == []
    assert all(f.tolerance_ore == 0 for f in funn)
    # the asset register is in: notes 3 and 4 come from it
    assert {"note_3", "note_3_pagaende", "note_4"} <= {t.id for t in r.tabeller()}


@given(spec=sst.spec(max_ansatte=15))
def test_catalogue_sees_every_computed_statement(spec):
    """The export is complete enough that the SRS and Note 7 rules have figures to check:
    breaking one computed figure in the export gives an error."""
    from imdi_ledger.avstemming import Figurer, verify
    from imdi_ledger.avstemming.eksport import til_publisert_form

    d = til_publisert_form(_regnskap(spec))
    rad = next(x for x in d["balanse"]["kapital_og_gjeld"] if x["tekst"].startswith("Avregnet med statskassen"))
    rad["belop"] += 1
    funn = verify(Figurer.from_dict(d, presisjon="ore"))
    assert {"SRS-BAL-SUM", "X-7A-BALANSE", "X-7B-BALANSE"} <= {f.rule for f in funn if f.severity == Severity.ERROR}


@given(spec=sst.spec(max_ansatte=15))
def test_note_7_cross_rules_keep_their_teeth_on_computed_statements(spec):
    """X-7A-FELLESKAP and X-7B-ART-MV allow timing and line-classification differences, not
    wrong figures: a 7A 1987 line that no longer ties the note, or a 7B rapportert line that
    changes the total, is an ``error`` with the change as its difference; an amount moved
    between two 7B lines (total unchanged) is a ``warning`` only."""
    from imdi_ledger.avstemming import Figurer, verify
    from imdi_ledger.avstemming.eksport import til_publisert_form
    from imdi_ledger.avstemming.sjekk_srs import mv_kategori

    d = til_publisert_form(_regnskap(spec))

    def funn(regel):
        return [(f.severity, f.difference_ore, f.line or "")
                for f in verify(Figurer.from_dict(d, presisjon="ore")) if f.rule == regel]

    def linje_1987():
        return [(s, x) for s, x, linje in funn("X-7A-FELLESKAP") if "1987" in linje]

    mva = next(x for x in d["note_7"]["a"]["lines"] if "1987" in x["tekst"])
    for_7a = linje_1987()
    assert Severity.ERROR not in {s for s, _ in for_7a}
    mva["belop"] += 100
    assert linje_1987() == [(Severity.ERROR, (for_7a[0][1] if for_7a else 0) + 100)]
    mva["belop"] -= 100

    rapportert = [x for x in d["note_7"]["b"]["rows"] if x.get("kind") != "sum"]
    fra = rapportert[0]
    til = next(x for x in rapportert if mv_kategori(x["tekst"], "7b") != mv_kategori(fra["tekst"], "7b"))
    fra["mellomvaerende"] += 100
    assert (Severity.ERROR, 100, "Note 7B mellomværende, sum av linjene") in funn("X-7B-ART-MV")
    til["mellomvaerende"] -= 100
    assert Severity.ERROR not in {s for s, _, _ in funn("X-7B-ART-MV")}
    assert any(s == Severity.WARNING and x is not None and abs(x) >= 100 for s, x, _ in funn("X-7B-ART-MV"))


@given(spec=sst.spec(max_ansatte=10), gebyrer=st.lists(st.integers(1, 10**9), min_size=1, max_size=4))
def test_note_1_with_fees_has_no_error_and_its_sums_have_teeth(spec, gebyrer):
    """Any year with fees (a second income type in note 1): no error on the computed
    statements; a changed «Sum inntekt fra gebyrer» is a NOTE-SUM and an X-NOTE-OPPSTILLING
    error, and no other sum of note 1 is reported."""
    from datetime import date

    from imdi_ledger.avstemming import Figurer, verify
    from imdi_ledger.avstemming.eksport import til_publisert_form
    from imdi_ledger.testing import Gebyr

    kap = str(3000 + int(spec.driftspost.kapittel)).zfill(4)
    ekstra = tuple(Gebyr(f"GX{i}", date(spec.ar, 1 + i, 10), n, kap, "01") for i, n in enumerate(gebyrer))
    sim = simuler(spec, ekstra)
    r = aarsregnskap(sim.boker, sim.tildeling)
    assert [f for f in kontroller(r) if f.severity == Severity.ERROR] == []
    d = til_publisert_form(r)
    sumrad = next(x for x in d["andre_noter"]["note_1_driftsinntekter"] if x["tekst"] == "Sum inntekt fra gebyrer")
    assert sumrad["belop"] >= sum(gebyrer)
    sumrad["belop"] += 1
    feil = {(f.rule, f.line) for f in verify(Figurer.from_dict(d, presisjon="ore")) if f.severity == Severity.ERROR}
    assert feil == {("NOTE-SUM", "note_1_driftsinntekter: Sum inntekt fra gebyrer, belop"),
                    ("X-NOTE-OPPSTILLING", "note_1_driftsinntekter: Sum inntekt fra gebyrer (i år)")}
