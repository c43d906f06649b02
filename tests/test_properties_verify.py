"""Property (issue 6): the rule catalogue raises no ``error`` on the statements the library
computes from a simulated agency-year (R-115 cash statements, SRS 1 virksomhetsregnskap,
Note 7A/7B); warnings are allowed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given

from imdi_ledger.avstemming.eksport import kontroller
from imdi_ledger.findings import Severity
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.load.srapport import load_mellomvaerende_ib, load_srapport
from imdi_ledger.regnskap import Grunnlag, beregn
from imdi_ledger.testing import simuler
from imdi_ledger.testing import strategies as sst
from imdi_ledger.testing.oppstillinger import last_tildeling

#: Rules that misfire on correct computed statements (reported to the catalogue's owner):
#: X-7A-FELLESKAP compares the ledger's 1987 movement with the S-rapport's 1987 as an error,
#: though mva on unpaid invoices is a timing difference (``note7`` reports it as a warning);
#: X-7B-ART-MV compares 7B (split by balance line) with the artskonto (split by mellomværende
#: line) category by category, so pensjon mellomværende under skattetrekk/offentlige avgifter in
#: 7B is three errors although the totals agree.
KJENTE_FEILTREFF = frozenset({"X-7A-FELLESKAP", "X-7B-ART-MV"})


def _regnskap(spec):
    sim = simuler(spec)
    with tempfile.TemporaryDirectory() as d:
        files = sim.skriv(Path(d))
        grunnlag = Grunnlag(srapport=load_srapport(files["srapport"]), tildeling=last_tildeling(sim.tildeling),
                            mellomvaerende_ib_fjor=load_mellomvaerende_ib(files["mellomvaerende_ib"]),
                            hovedbok=load_hovedbok(files["hovedbok"]))
        return beregn(grunnlag)


@given(spec=sst.spec(max_ansatte=15))
def test_catalogue_has_no_error_on_computed_statements(spec):
    r = _regnskap(spec)
    funn = kontroller(r)
    feil = [(f.rule, f.line, f.difference_ore) for f in funn
            if f.severity == Severity.ERROR and f.rule not in KJENTE_FEILTREFF]
    assert feil == []
    assert all(f.tolerance_ore == 0 for f in funn)


@given(spec=sst.spec(max_ansatte=15))
def test_catalogue_sees_every_computed_statement(spec):
    """The export is complete enough that the SRS and Note 7 rules have figures to check:
    breaking one computed figure in the export gives an error."""
    from imdi_ledger.avstemming import Aarsregnskap as Figurer, verify
    from imdi_ledger.avstemming.eksport import til_publisert_form

    d = til_publisert_form(_regnskap(spec))
    rad = next(x for x in d["balanse"]["kapital_og_gjeld"] if x["tekst"].startswith("Avregnet med statskassen"))
    rad["belop"] += 1
    funn = verify(Figurer.from_dict(d, presisjon="ore"))
    assert {"SRS-BAL-SUM", "X-7A-BALANSE", "X-7B-BALANSE"} <= {f.rule for f in funn if f.severity == Severity.ERROR}
