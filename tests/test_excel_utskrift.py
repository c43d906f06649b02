"""The auditor's workbook on paper: every sheet has a print setup (A4, landscape where the print
area is wide, one page wide, header rows repeated, print area on the statement, the sheet's name
and page numbers in the footer).

The setup is read from the file with openpyxl; then LibreOffice prints the worked example's
workbook to PDF (``soffice --headless --convert-to pdf``) and poppler reads the pages back
(``pdftotext``, ``pdfinfo``, ``pdftoppm`` to PNG): far fewer pages than the 1 295 the workbook
printed on without a setup, and every page of a statement sheet holds the statement's first and
last column headers (so no statement is split across pages sideways).  The PDF tests are skipped,
with the reason, only where LibreOffice or poppler-utils is not installed (CI installs both)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.excel import STAENDE_BREDDE, arknavn, skriv_arbeidsbok

SOFFICE = shutil.which("soffice")
POPPLER = {n: shutil.which(n) for n in ("pdftoppm", "pdftotext", "pdfinfo")}
trenger_lo = pytest.mark.skipif(SOFFICE is None or None in POPPLER.values(),
                                reason="LibreOffice (soffice) or poppler-utils (pdftotext, pdfinfo, pdftoppm) "
                                       "is not installed")


@pytest.fixture(scope="module")
def bok(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("utskrift")
    regnskap = beregn(last_eksempel())
    return regnskap, skriv_arbeidsbok(regnskap, tmp / "arbeidsbok.xlsx"), tmp


def _statementark(regnskap) -> dict[str, object]:
    navn = arknavn(regnskap.tabeller())
    return {navn[t.id]: t for t in regnskap.tabeller()}


# --------------------------------------------------------------------------- the setup in the file

def test_every_sheet_has_a_print_setup(bok) -> None:
    regnskap, path, _ = bok
    wb = openpyxl.load_workbook(path)
    ark = _statementark(regnskap)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize in (9, "9"), ws.title                      # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # one page wide (1 is the attribute's default, so left out), as many pages down as it takes
        assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0, ws.title
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text, ws.title
        assert "&A" in ws.oddFooter.left.text, ws.title
        assert str(regnskap.ar) in ws.oddHeader.left.text, ws.title
        assert ws.print_area, ws.title
    for navn, t in ark.items():
        ws = wb[navn]
        assert ws.print_title_rows == "$3:$3", navn
        # The print area is the statement's own columns, down to its last row.
        omr = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
        m = re.search(r"\$A\$1:\$([A-Z]+)\$(\d+)", omr)
        assert m is not None, (navn, omr)
        assert openpyxl.utils.column_index_from_string(m.group(1)) == len(t.kolonner), navn
        assert int(m.group(2)) >= 3 + len(t.rader), navn
        bredder = {}
        for dim in ws.column_dimensions.values():   # a dimension may cover several columns
            for j in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                bredder[j] = dim.width
        # The file stores a width with the cell padding added (5 px of 7 px per character).
        bredde = sum(bredder[j] - 5 / 7 if j in bredder else 8.43 for j in range(1, len(t.kolonner) + 1))
        assert ws.page_setup.orientation == ("landscape" if bredde > STAENDE_BREDDE else "portrait"), navn
    assert wb["Bevilgning utgifter"].page_setup.orientation == "landscape"
    assert wb["Note 1"].page_setup.orientation == "portrait"
    for kilde in ("S-rapport", "Hovedbok"):
        assert wb[kilde].print_title_rows == "$1:$1"


# --------------------------------------------------------------------------- printed by LibreOffice

def _kjor(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=300).stdout


@pytest.fixture(scope="module")
def utskrift(bok):
    regnskap, path, tmp = bok
    profil = tmp / "profil"
    ut = tmp / "pdf"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profil}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(ut), str(path)], check=True, capture_output=True, timeout=600)
    pdf = ut / (path.stem + ".pdf")
    sider = _kjor(POPPLER["pdftotext"], "-layout", str(pdf), "-").split("\f")
    if sider and not sider[-1].strip():
        sider.pop()
    ark = []
    for s in sider:
        m = re.search(r"Ark: (.+?)\s{2,}Side (\d+) av (\d+)", s)
        ark.append(m.group(1).strip() if m else None)
    info = _kjor(POPPLER["pdfinfo"], "-f", "1", "-l", "9999", str(pdf))
    storrelse = [(float(a), float(b)) for a, b in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]
    return pdf, sider, ark, storrelse


def _ord(tekst: str) -> set[str]:
    return set(tekst.split())


@trenger_lo
def test_the_workbook_prints_on_far_fewer_pages(bok, utskrift) -> None:
    regnskap, path, _ = bok
    pdf, sider, ark, storrelse = utskrift
    assert len(sider) < 400                     # 1 295 without a print setup
    assert None not in ark                      # every page has the footer with its sheet's name
    assert len(storrelse) == len(sider)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert set(ark) == set(wb.sheetnames)       # every sheet printed
    # The statements take one or two pages each; the source rows take the rest.
    for navn, t in _statementark(regnskap).items():
        assert 1 <= ark.count(navn) <= 2, (navn, ark.count(navn))


@trenger_lo
def test_every_page_of_a_statement_has_its_first_and_last_column(bok, utskrift) -> None:
    """One page wide: the header row, repeated on every page of the sheet, shows the statement's
    first and its last column on each page; the title is on the sheet's first page."""
    regnskap, path, _ = bok
    pdf, sider, ark, storrelse = utskrift
    wb = openpyxl.load_workbook(path)
    for navn, t in _statementark(regnskap).items():
        sidene = [i for i, a in enumerate(ark) if a == navn]
        assert sidene, navn
        assert _ord(t.tittel) <= _ord(sider[sidene[0]]), navn
        forste = t.kolonner[0].overskrift or t.kolonner[0].navn
        siste = t.kolonner[-1].overskrift or t.kolonner[-1].navn
        for i in sidene:
            assert _ord(forste) <= _ord(sider[i]) and _ord(siste) <= _ord(sider[i]), (navn, i + 1, siste)
        # Landscape exactly where the workbook says so.
        b, h = storrelse[sidene[0]]
        assert (b > h) == (wb[navn].page_setup.orientation == "landscape"), navn


@trenger_lo
def test_source_sheets_print_one_page_wide_with_their_header_on_every_page(utskrift) -> None:
    pdf, sider, ark, storrelse = utskrift
    for kilde, siste in (("S-rapport", "Artskontolinje"), ("Hovedbok", "SRS-linje")):
        sidene = [i for i, a in enumerate(ark) if a == kilde]
        assert len(sidene) > 1, kilde
        for i in sidene:
            s = _ord(sider[i])
            assert "Fil" in s and siste in s and "Beløp" in s, (kilde, i + 1)


@trenger_lo
def test_the_printed_statement_pages_render_with_ink(bok, utskrift, tmp_path) -> None:
    """The statement pages rendered to PNG: each has ink in its body, and text besides the
    running head and the footer."""
    from PIL import Image

    regnskap, _, _ = bok
    pdf, sider, ark, _ = utskrift
    statementer = set(_statementark(regnskap))
    sidene = [i for i, a in enumerate(ark) if a in statementer]
    _kjor(POPPLER["pdftoppm"], "-r", "30", "-png", "-f", str(sidene[0] + 1), "-l", str(sidene[-1] + 1), str(pdf),
          str(tmp_path / "s"))
    bilder = {int(re.search(r"-(\d+)\.png$", p.name).group(1)) - 1: p for p in tmp_path.glob("s-*.png")}
    for i in sidene:
        with Image.open(bilder[i]) as bilde:
            im = bilde.convert("L")
            b, h = im.size
            assert im.crop((0, int(0.1 * h), b, int(0.9 * h))).getextrema()[0] < 200, (ark[i], i + 1)
        linjer = [x for x in sider[i].splitlines() if x.strip()]
        assert len(linjer) >= 4, (ark[i], i + 1)
