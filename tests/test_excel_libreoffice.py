"""The workbook's formulas evaluated by a real spreadsheet engine: LibreOffice recalculates
the auditor's workbook (recalculation on load forced, domain note in reference/anchors.md D.1)
and its check sheet says OK; a tampered value turns the master check to AVVIK.  Skipped where
LibreOffice is not installed."""

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


def test_a_tampered_line_turns_the_master_check_to_avvik(workbook):
    path, tmp = workbook
    wb = openpyxl.load_workbook(path)
    ws = wb["Bevilgning utgifter"] if "Bevilgning utgifter" in wb.sheetnames else wb[wb.sheetnames[1]]
    cell = next(c for row in ws.iter_rows(min_row=2) for c in row
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and c.value > 1000)  # float ok
    cell.value = cell.value + 1
    tampered = tmp / "tampered.xlsx"
    wb.save(tampered)
    recalc = recalculate(tampered, tmp / "b")
    assert "AVVIK" in statuses(recalc)
    assert recalc["Kontroller"]["G2"].value != "OK"
