"""The workbook's formulas evaluated by a real spreadsheet engine: LibreOffice recalculates
the auditor's workbook (recalculation on load forced, domain note in reference/anchors.md D.1):
every formula's recalculated value equals the value stored with it, and the check sheet says OK;
a changed source row moves the statement line it belongs to and turns the file's check to
AVVIK.  Skipped where LibreOffice is not installed."""

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.excel import skriv_arbeidsbok

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item></oor:items>
"""


def recalculate(path: Path, tmp: Path) -> openpyxl.Workbook:
    profile = tmp / "profile" / "user"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
    out = tmp / "out"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=240)
    return openpyxl.load_workbook(out / path.name, data_only=True)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lo")
    path = skriv_arbeidsbok(beregn(last_eksempel()), tmp / "arbeidsbok.xlsx")
    return Path(path), tmp


def statuses(wb: openpyxl.Workbook) -> list[str]:
    ws = wb["Kontroller"]
    return [r[6] for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]  # column G, Status


def test_libreoffice_recalculates_every_check_to_ok(workbook):
    path, tmp = workbook
    wb = recalculate(path, tmp / "a")
    s = statuses(wb)
    assert len(s) > 40 and set(s) <= {"OK", "IKKE VURDERT"} and s.count("OK") > 40
    assert wb["Kontroller"]["G2"].value == "OK"


def test_every_recalculated_value_equals_the_stored_value(workbook):
    """What a reader that does not calculate sees (the cached values) is what LibreOffice
    computes from the formulas, in every formula cell of every sheet."""
    path, tmp = workbook
    recalc = recalculate(path, tmp / "c")
    formulas = openpyxl.load_workbook(path)
    stored = openpyxl.load_workbook(path, data_only=True)
    n = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                n += 1
                want = stored[ws.title][cell.coordinate].value
                got = recalc[ws.title][cell.coordinate].value
                if isinstance(want, str):
                    assert got == want, (ws.title, cell.coordinate, cell.value)
                else:
                    assert abs(got - want) < 0.005, (ws.title, cell.coordinate, cell.value, want, got)
    assert n > 379


def _kontroller(wb: openpyxl.Workbook) -> dict[str, str]:
    return {r[0]: r[6] for r in wb["Kontroller"].iter_rows(min_row=5, values_only=True) if r[0]}


def test_a_changed_source_row_moves_its_line_and_turns_the_file_check_to_avvik(workbook):
    path, tmp = workbook
    wb = openpyxl.load_workbook(path)
    sr = wb["S-rapport"]
    head = [c.value for c in sr[1]]
    col = {h: head.index(h) + 1 for h in head}
    r = next(r for r in range(2, sr.max_row + 1) if str(sr.cell(r, col["Bevilgningslinje"]).value).startswith("U-"))
    linje, fil = sr.cell(r, col["Bevilgningslinje"]).value, sr.cell(r, col["Fil"]).value
    sr.cell(r, col["Beløp"]).value += 1
    ut = wb["Bevilgning utgifter"]
    uhead = [c.value for c in ut[3]]
    ur = next(i for i in range(4, ut.max_row + 1) if ut.cell(i, uhead.index("Linje-id") + 1).value == linje)
    uc = ut.cell(ur, uhead.index("Regnskap 31.12") + 1).coordinate
    kilder = wb["Kilder"]
    n = next(i - 1 for i in range(2, kilder.max_row + 1) if kilder.cell(i, 2).value == fil)
    tampered = tmp / "tampered.xlsx"
    wb.save(tampered)
    before = openpyxl.load_workbook(path, data_only=True)["Bevilgning utgifter"][uc].value
    recalc = recalculate(tampered, tmp / "b")
    assert recalc["Bevilgning utgifter"][uc].value == pytest.approx(before + 1)
    status = _kontroller(recalc)
    assert status[f"KILDE-SUM {n}"] == "AVVIK"
    assert status[f"KILDE-RADER {n}"] == "OK"
    assert status["BEV-ART-NETTO"] == "OK"  # both statements follow the source row
    assert recalc["Kontroller"]["G2"].value == "AVVIK"
