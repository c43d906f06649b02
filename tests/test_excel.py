"""The auditor's workbook (render/excel.py): sheets, live sum formulas, the check sheet
evaluated in Python, formula-injection safety and provenance.

Every formula is stored with the library's value (cached); the tests also evaluate the formulas
themselves with the small evaluator below (SUM, SUMIF, SUMIFS, COUNTIF, IF, ABS, MAX, MIN, cell
and range references, + − * / and comparisons) — the subset the workbook writes — so an edited
cell is followed through to the checks without a spreadsheet program.
"""

from __future__ import annotations

import decimal
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import range_boundaries

from imdi_ledger.avstemming.eksport import alle_funn
from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.kontoplan import standard_kontoplan
from imdi_ledger.load.srapport import load_srapport
from imdi_ledger.regnskap import Grunnlag, beregn
from imdi_ledger.render.excel import KRONER_FORMAT, KONTROLLER, arknavn, skriv_arbeidsbok


# --------------------------------------------------------------------------- evaluator

_TOKEN = re.compile(r"""
    (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z_][\w.\-]*!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<func>[A-Z][A-Z0-9.]*)\(
  | (?P<op><=|>=|<>|[-+*/=<>(),])
  | (?P<ws>\s+)
""", re.VERBOSE)


class Evaluator:
    """Evaluates the formulas of an openpyxl workbook (loaded without ``data_only``)."""

    def __init__(self, wb: openpyxl.Workbook) -> None:
        self.wb = wb
        self.cache: dict[tuple[str, str], Any] = {}
        self.ranges: dict[tuple[str, str], list[Any]] = {}

    def cell(self, sheet: str, coord: str) -> Any:
        key = (sheet, coord.replace("$", ""))
        if key not in self.cache:
            c = self.wb[sheet][key[1]]
            v = c.value
            self.cache[key] = self.formula(sheet, v[1:]) if c.data_type == "f" else v
        return self.cache[key]

    def formula(self, sheet: str, text: str) -> Any:
        toks = []
        for m in _TOKEN.finditer(text):
            if m.lastgroup != "ws":
                toks.append((m.lastgroup, m.group(m.lastgroup)))
        joined = "".join(t[1] + ("(" if t[0] == "func" else "") for t in toks)
        assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text), text
        self._toks, self._i, self._sheet = toks, 0, sheet
        value = self._compare()
        assert self._i == len(toks), f"trailing tokens in {text!r}"
        return value

    # recursive descent; state saved around nested cell evaluations
    def _peek(self) -> tuple[str, str] | None:
        return self._toks[self._i] if self._i < len(self._toks) else None

    def _take(self) -> tuple[str, str]:
        t = self._toks[self._i]
        self._i += 1
        return t

    def _compare(self) -> Any:
        left = self._add()
        t = self._peek()
        if t and t[0] == "op" and t[1] in ("=", "<>", "<", ">", "<=", ">="):
            self._take()
            right = self._add()
            a, b = _scalar(left), _scalar(right)
            return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[t[1]]
        return left

    def _add(self) -> Any:
        v = self._mul()
        while (t := self._peek()) and t[0] == "op" and t[1] in "+-":
            self._take()
            r = self._mul()
            v = _num(v) + _num(r) if t[1] == "+" else _num(v) - _num(r)
        return v

    def _mul(self) -> Any:
        v = self._unary()
        while (t := self._peek()) and t[0] == "op" and t[1] in "*/":
            self._take()
            r = self._unary()
            v = _num(v) * _num(r) if t[1] == "*" else _num(v) / _num(r)
        return v

    def _unary(self) -> Any:
        t = self._peek()
        if t and t[0] == "op" and t[1] == "-":
            self._take()
            return -_num(self._unary())
        return self._primary()

    def _primary(self) -> Any:
        kind, text = self._take()
        if kind == "num":
            return float(text)  # float ok: spreadsheet arithmetic
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return self._ref(text)
        if kind == "op" and text == "(":
            v = self._compare()
            assert self._take() == ("op", ")")
            return v
        if kind == "func":
            args = []
            if self._peek() != ("op", ")"):
                args.append(self._compare())
                while self._peek() == ("op", ","):
                    self._take()
                    args.append(self._compare())
            assert self._take() == ("op", ")")
            return self._call(text, args)
        raise ValueError(f"unexpected token {text!r}")

    def _ref(self, text: str) -> Any:
        sheet = self._sheet
        if "!" in text:
            s, text = text.rsplit("!", 1)
            sheet = s[1:-1].replace("''", "'") if s.startswith("'") else s
        state = (self._toks, self._i, self._sheet)
        try:
            if ":" in text:
                key = (sheet, text.replace("$", ""))
                if key not in self.ranges:
                    c1, r1, c2, r2 = range_boundaries(key[1])
                    ws = self.wb[sheet]
                    self.ranges[key] = [
                        self.cell(sheet, f"{openpyxl.utils.get_column_letter(c)}{r}") if cell.data_type == "f"
                        else cell.value
                        for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2) for c, cell
                        in zip(range(c1, c2 + 1), row) for r in (cell.row,)]
                return self.ranges[key]
            return self.cell(sheet, text)
        finally:
            self._toks, self._i, self._sheet = state

    def _call(self, name: str, args: list[Any]) -> Any:
        flat = [x for a in args for x in (a if isinstance(a, list) else [a])]
        if name == "SUM":
            return sum(_num(x) for x in flat if not isinstance(x, str))
        if name == "ABS":
            return abs(_num(args[0]))
        if name == "MAX":
            return max(_num(x) for x in flat)
        if name == "MIN":
            return min(_num(x) for x in flat)
        if name == "IF":
            return args[1] if _scalar(args[0]) else args[2]
        if name == "AND":
            return all(_scalar(x) for x in flat)
        if name == "ROUND":  # spreadsheet ROUND: half away from zero
            q = decimal.Decimal(1).scaleb(-int(_num(args[1])))
            return float(decimal.Decimal(repr(_num(args[0]))).quantize(q, rounding=decimal.ROUND_HALF_UP))  # float ok
        if name == "INT":
            return float(math.floor(_num(args[0])))  # float ok
        if name == "COUNTIF":
            return sum(1 for x in args[0] if x == args[1])
        if name == "SUMIF":
            return sum(_num(v) for x, v in zip(args[0], args[2]) if x == args[1])
        if name == "SUMIFS":  # exact criteria only (no operators or wildcards), text case-insensitive
            pairs = list(zip(args[1::2], args[2::2]))
            return sum(_num(v) for i, v in enumerate(args[0]) if all(_lik(rng[i], crit) for rng, crit in pairs))
        raise NotImplementedError(name)


def _lik(x: Any, crit: Any) -> bool:
    if isinstance(crit, str):
        return isinstance(x, str) and x.casefold() == crit.casefold()
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == crit


def _scalar(v: Any) -> Any:
    return 0 if v is None else v


def _num(v: Any) -> float:
    if v is None:
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    raise TypeError(f"not a number: {v!r}")


def test_evaluator_follows_references_and_functions(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ark 1"
    ws["A1"], ws["A2"], ws["A3"] = 1.5, 2.25, "=SUM(A1:A2)-A1*2"
    other = wb.create_sheet("B")
    other["A1"] = "=IF(ABS('Ark 1'!A3-0.75)<0.005,\"OK\",\"AVVIK\")"
    other["A2"] = "=COUNTIF('Ark 1'!A1:A3,1.5)+MAX(0,-3)"
    other["A3"] = '=IF(AND(A1="OK",A2=1),"OK","AVVIK")'
    other["A4"] = '=IF(AND(A1="OK",A2=2),"OK","AVVIK")'
    path = tmp_path / "e.xlsx"
    wb.save(path)
    ev = Evaluator(openpyxl.load_workbook(path))
    assert ev.cell("Ark 1", "A3") == pytest.approx(0.75)
    assert ev.cell("B", "A1") == "OK"
    assert ev.cell("B", "A2") == 1
    assert (ev.cell("B", "A3"), ev.cell("B", "A4")) == ("OK", "AVVIK")


# --------------------------------------------------------------------------- the example workbook

@pytest.fixture(scope="module")
def regnskap():
    return beregn(last_eksempel())


@pytest.fixture(scope="module")
def bok(regnskap, tmp_path_factory) -> Path:
    return skriv_arbeidsbok(regnskap, tmp_path_factory.mktemp("excel") / "aarsregnskap.xlsx")


@pytest.fixture(scope="module")
def wb(bok):
    return openpyxl.load_workbook(bok)


def _rows(ws) -> dict[str, int]:
    """line_id -> worksheet row, from the «Linje-id» column of a table sheet."""
    head = [c.value for c in ws[3]]
    col = head.index("Linje-id") + 1
    return {ws.cell(r, col).value: r for r in range(4, ws.max_row + 1) if ws.cell(r, col).value is not None}


def test_sheets_follow_r115_order_with_unique_short_names(regnskap, wb) -> None:
    tabeller = regnskap.tabeller()
    navn = arknavn(tabeller)
    expected = ["Om", *[navn[t.id] for t in tabeller], "Kontroller", "Funn", "Kilder", "S-rapport", "Hovedbok"]
    assert wb.sheetnames == expected
    assert len({n.lower() for n in wb.sheetnames}) == len(wb.sheetnames)
    assert max(len(n) for n in wb.sheetnames) <= 31
    assert wb["Bevilgning utgifter"].freeze_panes == "A4"


def test_sheet_names_stay_unique_when_truncated() -> None:
    from imdi_ledger.tabell import Kolonne, Tabell

    long = "note_c.avtaler_om_leie_av_kontorlokaler_og_annet"
    t1 = Tabell.bygg(long + "_a", "x", [Kolonne("t", "T")], [])
    t2 = Tabell.bygg(long + "_b", "y", [Kolonne("t", "T")], [])
    t3 = Tabell.bygg("om", "z", [Kolonne("t", "T")], [])
    names = arknavn([t1, t2, t3])
    assert len(set(names.values())) == 3
    assert all(len(n) <= 31 for n in names.values())
    assert names["om"].lower() != "om"


def test_sum_rows_are_live_formulas(wb) -> None:
    ws = wb["Bevilgning utgifter"]
    r = _rows(ws)["sum_utgiftsfort"]
    head = [c.value for c in ws[3]]
    cell = ws.cell(r, head.index("Regnskap 31.12") + 1)
    assert cell.data_type == "f" and cell.value.startswith("=SUM(")
    note_a = wb["Note A"]
    assert note_a.cell(_rows(note_a)["sum"], 4).value.startswith("=SUM(")
    inn = wb["Bevilgning inntekter"]
    netto = inn.cell(_rows(inn)["netto_rapportert"], 7).value
    assert "'Bevilgning utgifter'!" in netto
    art = wb["Artskontorapportering"]
    assert art.cell(_rows(art)["netto_rapportert"], 2).data_type == "f"


def test_every_formula_reproduces_the_computed_amount_to_the_ore(regnskap, wb) -> None:
    ev = Evaluator(wb)
    navn = arknavn(regnskap.tabeller())
    n_formulas = 0
    for t in regnskap.tabeller():
        ws = wb[navn[t.id]]
        rows = _rows(ws)
        for j, k in enumerate(t.kolonner, start=1):
            if not k.penger:
                continue
            for rec in t.rader.to_dict("records"):
                cell = ws.cell(rows[rec["line_id"]], j)
                if pd.isna(rec[k.navn]):
                    assert cell.value is None
                    continue
                assert cell.number_format == KRONER_FORMAT
                value = ev.cell(ws.title, cell.coordinate)
                assert round(value * 100) == int(rec[k.navn]), (t.id, rec["line_id"], k.navn)
                n_formulas += cell.data_type == "f"
    assert n_formulas > 100


def test_sums_written_as_values_have_no_written_term(regnskap, wb) -> None:
    """A sum/netto row is a value only where none of its declared terms has an amount (all
    blank), and then its amount is 0 or blank."""
    navn = arknavn(regnskap.tabeller())
    n_verdi = 0
    for t in regnskap.tabeller():
        ws = wb[navn[t.id]]
        head = [c.value for c in ws[3]]
        som, lid = head.index("Sum som") + 1, head.index("Linje-id") + 1
        for r in range(4, ws.max_row + 1):
            if ws.cell(r, som).value != "verdi":
                continue
            n_verdi += 1
            line = ws.cell(r, lid).value
            for col in t.ledd_kolonner(line):
                assert all(t.verdi(l.linje, col) is None for l in t.ledd(line) if l.tabell is None), (t.id, line)
                assert t.verdi(line, col) in (None, 0), (t.id, line, col)
    assert n_verdi > 0  # the example has empty sections (e.g. «Sum finansielle anleggsmidler»)


def _kontroller(ev: Evaluator, wb) -> dict[str, Any]:
    ws = wb["Kontroller"]
    return {ws.cell(r, 1).value: ev.cell("Kontroller", f"G{r}") for r in range(5, ws.max_row + 1)
            if ws.cell(r, 1).value}


def test_check_sheet_is_ok_on_the_example(wb) -> None:
    ev = Evaluator(wb)
    status = _kontroller(ev, wb)
    ids = {k.id for k in KONTROLLER}
    assert ids <= set(status)
    # Ties whose cells the example does not have (note 6 finansinntekter, note 13, note 1's income
    # types other than bevilgninger) are not assessed.
    ikke_i_eksempelet = {"NOTE6-INNTEKTER", "NOTE13", "NOTE1-TILSKUDD", "NOTE1-GEBYRER", "NOTE1-SALG", "NOTE1-ANDRE"}
    assert {k for k, v in status.items() if v != "OK"} == ikke_i_eksempelet | {k + "-FJOR" for k in ikke_i_eksempelet}
    assert {status[k] for k in ikke_i_eksempelet} == {"IKKE VURDERT"}
    assert any(k.startswith("NOTEB-K-LE-J") for k in status)
    assert status["NOTEB-MAKS 0670 01"] == "OK"
    assert any(k.startswith("KILDE-SUM") for k in status)
    assert ev.cell("Kontroller", "G2") == "OK"
    assert ev.cell("Om", "B7") == "OK"  # the Kontroller sheet's master check


def test_cover_status_counts_the_error_findings(regnskap, bok) -> None:
    """Kontrollstatus on the cover is AVVIK while a finding of the run is an error (the worked
    example has the published overskridelse and the report's own inconsistencies), and turns
    OK when the Funn sheet holds no error."""
    wb = openpyxl.load_workbook(bok)
    ev = Evaluator(wb)
    feil = [f for f in alle_funn(regnskap) if f.severity.value == "error"]
    assert feil and ev.cell("Om", "B6") == "AVVIK"
    funn = wb["Funn"]
    for r in range(2, funn.max_row + 1):
        if funn.cell(r, 2).value == "error":
            funn.cell(r, 2).value = "warning"
    assert Evaluator(wb).cell("Om", "B6") == "OK"


def test_note_b_cap_one_ore_above_five_percent_shows_avvik(bok) -> None:
    """The NOTEB-MAKS row recomputes the R-2 cap from Note A in the sheet, exactly in øre."""
    wb = openpyxl.load_workbook(bok)
    ws = wb["Note B"]
    head = [c.value for c in ws[3]]
    j = head.index("Maks. overførbart beløp *") + 1
    ws.cell(_rows(ws)["0670 01"], j).value += 0.01
    status = _kontroller(Evaluator(wb), wb)
    assert status["NOTEB-MAKS 0670 01"] == "AVVIK"
    assert status["NOTEB-K-LE-J 0670 01"] == "OK"


def _cached(bok: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(bok, data_only=True)


def test_tampered_line_value_shows_avvik(bok) -> None:
    """Typing a number over a statement line (its formula) by 1 kr turns the ties to AVVIK."""
    wb = openpyxl.load_workbook(bok)
    ws = wb["Bevilgning utgifter"]
    r = _rows(ws)["U-0670-01"]
    assert ws.cell(r, 7).value.startswith("=SUMIFS(")
    ws.cell(r, 7).value = _cached(bok)["Bevilgning utgifter"].cell(r, 7).value + 1
    ev = Evaluator(wb)
    status = _kontroller(ev, wb)
    assert status["BEV-ART-NETTO"] == "AVVIK"
    # Kapitalkontoer «Netto rapportert» refers to the bevilgning cell, so it follows it; the sum of
    # the kapitalkontoer is then no longer 0.
    assert status["KAP-NETTO"] == "OK"
    assert status["KAP-SUM-RAPPORTERT"] == "AVVIK"
    assert ev.cell("Kontroller", "G2") == "AVVIK"


def test_tampered_balance_and_source_show_avvik(bok) -> None:
    wb = openpyxl.load_workbook(bok)
    bal = wb["Balanse"]
    r = _rows(bal)["leverandorgjeld"]
    bal.cell(r, 3).value = _cached(bok)["Balanse"].cell(r, 3).value + 0.01
    sr = wb["S-rapport"]
    head = [c.value for c in sr[1]]
    belop, fil = head.index("Beløp") + 1, head.index("Fil") + 1
    sr.cell(2, belop).value += 0.01
    kilder = wb["Kilder"]
    n = next(r - 1 for r in range(2, kilder.max_row + 1) if kilder.cell(r, 2).value == sr.cell(2, fil).value)
    status = _kontroller(Evaluator(wb), wb)
    assert status["BAL-BALANSE"] == "AVVIK"
    assert status["BAL-BALANSE-FJOR"] == "OK"
    assert status[f"KILDE-SUM {n}"] == "AVVIK"
    assert status[f"KILDE-RADER {n}"] == "OK"
    assert {k for k, v in status.items() if k.startswith("KILDE-SUM") and v == "AVVIK"} == {f"KILDE-SUM {n}"}


def test_a_changed_source_row_changes_the_line_it_belongs_to(regnskap, bok) -> None:
    """Each statement line that is a sum of source rows is a SUMIFS over the S-rapport sheet by the
    line the library gave the row: 1 kr more on one S-rapport row moves its post line of the
    bevilgningsrapportering and its line of the artskontorapportering (and their sums) by 1 kr,
    and nothing else; the statements still tie, only the file total no longer matches."""
    wb = openpyxl.load_workbook(bok)
    sr = wb["S-rapport"]
    head = [c.value for c in sr[1]]
    col = {h: head.index(h) + 1 for h in head}
    src_row = next(r for r in range(2, sr.max_row + 1)
                   if str(sr.cell(r, col["Bevilgningslinje"]).value or "").startswith("U-")
                   and sr.cell(r, col["År"]).value == regnskap.ar)
    bev_linje = sr.cell(src_row, col["Bevilgningslinje"]).value
    art_linje = sr.cell(src_row, col["Artskontolinje"]).value
    ev0 = Evaluator(wb)
    ut, art = wb["Bevilgning utgifter"], wb["Artskontorapportering"]
    cells = {"post": ("Bevilgning utgifter", ut.cell(_rows(ut)[bev_linje], 7).coordinate),
             "sum": ("Bevilgning utgifter", ut.cell(_rows(ut)["sum_utgiftsfort"], 7).coordinate),
             "art": ("Artskontorapportering", art.cell(_rows(art)[art_linje], 2).coordinate),
             "art_fjor": ("Artskontorapportering", art.cell(_rows(art)[art_linje], 3).coordinate),
             "netto": ("Artskontorapportering", art.cell(_rows(art)["netto_rapportert"], 2).coordinate)}
    before = {k: ev0.cell(*v) for k, v in cells.items()}
    sr.cell(src_row, col["Beløp"]).value += 1
    ev = Evaluator(wb)
    after = {k: ev.cell(*v) for k, v in cells.items()}
    linjer = standard_kontoplan().linjer
    fortegn = int(linjer.loc[linjer["linje"] == art_linje, "fortegn"].iloc[0])
    assert after["post"] == pytest.approx(before["post"] + 1)
    assert after["sum"] == pytest.approx(before["sum"] + 1)
    assert after["art"] == pytest.approx(before["art"] + fortegn)
    assert after["art_fjor"] == pytest.approx(before["art_fjor"])
    assert after["netto"] == pytest.approx(before["netto"] + 1)
    status = _kontroller(ev, wb)
    assert status["BEV-ART-NETTO"] == status["KAP-NETTO"] == "OK"
    avvik = {k for k, v in status.items() if v == "AVVIK"}
    # The file's total and the period balance (Sum rapportert = 0) no longer hold: one row changed.
    assert any(k.startswith("KILDE-SUM") for k in avvik)
    assert avvik <= {"KAP-SUM-RAPPORTERT"} | {k for k in status if k.startswith("KILDE-SUM")}


def test_note_b_check_catches_k_above_j(bok) -> None:
    wb = openpyxl.load_workbook(bok)
    ws = wb["Note B"]
    r = _rows(ws)["0670 01"]
    ws.cell(r, 11).value = ws.cell(r, 10).value + 1
    status = _kontroller(Evaluator(wb), wb)
    assert status["NOTEB-K-LE-J 0670 01"] == "AVVIK"
    assert status["NOTEB-K-LE-J 0670 21"] == "OK"


def test_funn_and_kilder_sheets(regnskap, wb) -> None:
    funn = wb["Funn"]
    alle = alle_funn(regnskap)
    assert funn.max_row - 1 == len(alle) > len(regnskap.findings)
    for i, f in enumerate(alle, start=2):
        assert funn.cell(i, 1).value == f.rule
        assert funn.cell(i, 2).value == f.severity.value
        if f.difference_ore is not None:
            assert round(funn.cell(i, 8).value * 100) == f.difference_ore
    kilder = wb["Kilder"]
    listed = {kilder.cell(r, 2).value: (kilder.cell(r, 3).value, kilder.cell(r, 4).value)
              for r in range(2, kilder.max_row + 1)}
    for k in regnskap.grunnlag.kilder():
        assert listed[regnskap.grunnlag.vist_navn(k.file)] == (k.rader, k.sha256)   # named as in the folder
    sr = wb["S-rapport"]
    n_src = len(regnskap.grunnlag.srapport.frame) + len(regnskap.grunnlag.srapport_fjor.frame)
    assert sr.max_row - 1 == n_src
    assert wb.calculation.fullCalcOnLoad


# --------------------------------------------------------------------------- formula injection

def test_input_text_is_never_a_formula(tmp_path: Path) -> None:
    src = tmp_path / "srapport_2025.csv"
    src.write_text(
        "periode;statskonto;artskonto;belop;tekst\n"
        '2025-01;067001;611;1000,00;=HYPERLINK("http://x.invalid","klikk")\n'
        "2025-01;60088702;611;-1000,00;+SUM(A1:A9)\n"
        "2025-02;067001;611;5,50;@kontroll\x0b\n"
        "2025-02;60088702;611;-5,50;-1+1\n"
        "2025-03;067001;611;1,00;\" <b>&amp;_x0041_ \"\n"
        "2025-03;60088702;611;-1,00;ok\n",
        encoding="utf-8",
    )
    r = beregn(Grunnlag(srapport=load_srapport(src)))
    path = skriv_arbeidsbok(r, tmp_path / "bok.xlsx")
    ws = openpyxl.load_workbook(path)["S-rapport"]
    head = [c.value for c in ws[1]]
    tekst = head.index("Tekst") + 1
    cells = [ws.cell(row, tekst) for row in range(2, 6)]
    assert [c.data_type for c in cells] == ["s"] * 4
    assert cells[0].value == '=HYPERLINK("http://x.invalid","klikk")'
    assert cells[1].value == "+SUM(A1:A9)"
    assert cells[2].value == "@kontroll\\x0b"
    assert all(c.quotePrefix for c in cells)
    # Markup, entities, an Excel escape sequence and surrounding spaces arrive as typed (the
    # literal «_x0041_» is stored escaped as «_x005F_x0041_», as Excel does; openpyxl does not
    # decode that escape, Excel and LibreOffice do).
    assert ws.cell(6, tekst).value.replace("_x005F_", "_") == " <b>&amp;_x0041_ "
    assert not ws.cell(6, tekst).quotePrefix
    formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_small_workbook_without_srs_marks_missing_checks(tmp_path: Path) -> None:
    src = tmp_path / "srapport_2025.csv"
    src.write_text("periode;statskonto;artskonto;belop;tekst\n2025-01;067001;611;10,00;a\n"
                   "2025-01;60088702;611;-10,00;b\n", encoding="utf-8")
    r = beregn(Grunnlag(srapport=load_srapport(src)))
    wb = openpyxl.load_workbook(skriv_arbeidsbok(r, tmp_path / "bok.xlsx"))
    ev = Evaluator(wb)
    status = _kontroller(ev, wb)
    assert status["BAL-BALANSE"] == "IKKE VURDERT"
    assert status["BEV-ART-NETTO"] == "OK"
    assert status["KILDE-RADER 1"] == "OK"
    assert ev.cell("Kontroller", "G2") == "OK"


# --------------------------------------------------------------------------- declared terms

_REF = re.compile(r"(?:'((?:[^']|'')+)'!|([A-Za-z_][\w.\-]*)!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def _formel_ledd(formula: str, sheet: str) -> list[tuple[int, str, str]]:
    """(sign, sheet, A1) of every cell a sum formula adds: ``=SUM(C5:C7)`` or ``=C5-C6+'X'!C7``."""
    body = formula[1:]
    out = []
    if body.startswith("SUM("):
        m = _REF.fullmatch(body[4:-1])
        assert m and m.group(5), formula
        for r in range(int(m.group(4)), int(m.group(6)) + 1):
            out.append((1, sheet, f"{m.group(3)}{r}"))
        return out
    for sign, ref in re.findall(r"([+-]?)((?:'(?:[^']|'')+'!|[A-Za-z_][\w.\-]*!)?[A-Z]{1,3}\d+)", body):
        m = _REF.fullmatch(ref)
        s = (m.group(1) or "").replace("''", "'") or m.group(2) or sheet
        out.append((-1 if sign == "-" else 1, s, f"{m.group(3)}{m.group(4)}"))
    assert re.sub(r"([+-]?)((?:'(?:[^']|'')+'!|[A-Za-z_][\w.\-]*!)?[A-Z]{1,3}\d+)", "", body) == "", formula
    return out


def test_every_sum_formula_adds_exactly_the_declared_terms(regnskap, wb) -> None:
    """The workbook reads the terms; it does not search for them.  Each formula adds the cells of
    the declared terms with their signs (blank terms left out, a SUM range only over added
    terms), nothing else."""
    tabeller = regnskap.tabeller()
    navn = arknavn(tabeller)
    sheet_rows = {t.id: _rows(wb[navn[t.id]]) for t in tabeller}
    n = 0
    for t in tabeller:
        ws = wb[navn[t.id]]
        col_of = {k.navn: j for j, k in enumerate(t.kolonner, start=1)}
        for lid in t.summer:
            for col in t.ledd_kolonner(lid):
                cell = ws.cell(sheet_rows[t.id][lid], col_of[col])
                if cell.data_type != "f":
                    continue
                n += 1
                got = _formel_ledd(cell.value, ws.title)
                want = []
                for l in t.ledd(lid):
                    tid = l.tabell or t.id
                    src = next(x for x in tabeller if x.id == tid)
                    coord = f"{openpyxl.utils.get_column_letter(col_of[col])}{sheet_rows[tid][l.linje]}"
                    if src.verdi(l.linje, col) is not None or cell.value.startswith("=SUM("):
                        want.append((l.fortegn, navn[tid], coord))
                assert sorted(got) == sorted(want), (t.id, lid, col, cell.value)
    assert n > 100


def test_netto_rapportert_refers_to_the_expense_sheet(wb) -> None:
    inn = wb["Bevilgning inntekter"]
    ut = wb["Bevilgning utgifter"]
    head = [c.value for c in inn[3]]
    col = openpyxl.utils.get_column_letter(head.index("Regnskap 31.12") + 1)
    formula = inn.cell(_rows(inn)["netto_rapportert"], head.index("Regnskap 31.12") + 1).value
    assert formula == (f"='Bevilgning utgifter'!{col}{_rows(ut)['sum_utgiftsfort']}"
                       f"-{col}{_rows(inn)['sum_inntektsfort']}")
    summerer = inn.cell(_rows(inn)["netto_rapportert"], head.index("Summerer") + 1).value
    assert summerer == "bevilgning_utgifter:sum_utgiftsfort -sum_inntektsfort [regnskap]"


# --------------------------------------------------------------------------- cached values, bytes, row limit

def test_every_formula_carries_the_value_the_library_computed(bok, wb) -> None:
    """A reader that does not calculate (openpyxl ``data_only``, a previewer) sees every
    number: each formula cell stores a value, and it is the value of the formula."""
    cached = _cached(bok)
    ev = Evaluator(wb)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                n += 1
                stored = cached[ws.title][cell.coordinate].value
                assert stored is not None, (ws.title, cell.coordinate, cell.value)
                if ws.title in ("Kontroller", "Om") or isinstance(stored, str):
                    value = ev.cell(ws.title, cell.coordinate)
                    assert (value == stored if isinstance(stored, str) else abs(value - stored) < 0.005), \
                        (ws.title, cell.coordinate, cell.value, stored, value)
    assert n > 379


def test_pandas_reads_the_totals_without_recalculation(regnskap, bok) -> None:
    ut = pd.read_excel(bok, sheet_name="Bevilgning utgifter", header=2)
    rad = ut[ut["Linje-id"] == "sum_utgiftsfort"].iloc[0]
    assert round(rad["Regnskap 31.12"] * 100) == regnskap.bevilgning.utgifter.verdi("sum_utgiftsfort", "regnskap")
    post = ut[ut["Linje-id"] == "U-0670-01"].iloc[0]
    assert round(post["Regnskap 31.12"] * 100) == regnskap.bevilgning.utgifter.verdi("U-0670-01", "regnskap")
    art = pd.read_excel(bok, sheet_name="Artskontorapportering", header=2)
    netto = art[art["Linje-id"] == "netto_rapportert"].iloc[0]
    assert round(netto.iloc[1] * 100) == regnskap.artskonto.netto_rapportert_ore
    bal = pd.read_excel(bok, sheet_name="Balanse", header=2)
    vr = regnskap.virksomhetsregnskap
    for lid in ("sum_eiendeler", "sum_kapital_gjeld"):
        assert round(bal.loc[bal["Linje-id"] == lid].iloc[0, 2] * 100) == vr.balanse.verdi(lid, "belop")
    kontroller = pd.read_excel(bok, sheet_name="Kontroller", header=None)
    assert kontroller.iloc[1, 6] == "OK"


def test_identical_inputs_give_identical_bytes(regnskap, bok, tmp_path) -> None:
    import zipfile

    again = skriv_arbeidsbok(regnskap, tmp_path / "igjen.xlsx")
    assert again.read_bytes() == Path(bok).read_bytes()
    with zipfile.ZipFile(again) as z:
        core = z.read("docProps/core.xml").decode()
        # XlsxWriter's fixed entry time (1980-01-31 in constant_memory mode, 1980-01-01 otherwise).
        assert len({i.date_time for i in z.infolist()}) == 1 and z.infolist()[0].date_time[0] == 1980
    assert "2000-01-01T00:00:00Z" in core
    om = openpyxl.load_workbook(again)["Om"]
    rows = {r[0]: r[1] for r in om.iter_rows(max_col=2, values_only=True) if r[0]}
    from imdi_ledger._version import __version__
    assert rows["Verktøy"] == f"imdi_ledger {__version__}"
    assert re.match(r"[0-9a-f]{64} ", rows["Inndata (SHA-256)"])
    lenker = {c.value: c.hyperlink.location for row in om.iter_rows(max_col=1) for c in row if c.hyperlink}
    assert lenker["Bevilgning utgifter"] == "'Bevilgning utgifter'!A1"
    assert {"Kontroller", "Funn", "Kilder", "S-rapport", "Hovedbok", "Note 7A"} <= set(lenker)


def test_a_source_beyond_the_row_limit_is_aggregated_and_the_lines_sum_over_it(regnskap, tmp_path) -> None:
    """With a (small, artificial) sheet row limit the source sheets are written aggregated by
    key and period, labelled so; the statement lines sum over them and every check ties."""
    path = skriv_arbeidsbok(regnskap, tmp_path / "agg.xlsx", maks_rader=2000)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-2:] == ["S-rapport (aggregert)", "Hovedbok (aggregert)"]
    sr = wb["S-rapport (aggregert)"]
    assert sr["A1"].value.startswith("Aggregert: kilden har 14 734 rader")
    head = [c.value for c in sr[2]]
    assert {"Beløp", "Antall rader", "Fil", "Bevilgningslinje", "Artskontolinje", "Periode"} <= set(head)
    assert sr.max_row - 2 < 2000
    antall = head.index("Antall rader")
    assert sum(r[antall] for r in sr.iter_rows(min_row=3, values_only=True)) == 14734
    ut = wb["Bevilgning utgifter"]
    assert "'S-rapport (aggregert)'!" in ut.cell(_rows(ut)["U-0670-01"], 7).value
    resultat = wb["Resultatregnskap"]
    assert "'Hovedbok (aggregert)'!" in resultat.cell(_rows(resultat)["lonnskostnader"], 3).value
    ev = Evaluator(wb)
    for t in regnskap.tabeller()[:1] + [regnskap.artskonto.tabell, regnskap.virksomhetsregnskap.resultat]:
        ws = wb[arknavn(regnskap.tabeller())[t.id]]
        rows = _rows(ws)
        for j, k in enumerate(t.kolonner, start=1):
            for rec in t.rader.to_dict("records"):
                if k.penger and not pd.isna(rec[k.navn]):
                    cell = ws.cell(rows[rec["line_id"]], j)
                    assert round(ev.cell(ws.title, cell.coordinate) * 100) == int(rec[k.navn]), (t.id, rec)
    status = _kontroller(ev, wb)
    assert {v for k, v in status.items() if k.startswith("KILDE")} == {"OK"}
    assert ev.cell("Kontroller", "G2") == "OK"
    om = openpyxl.load_workbook(path)["Om"]
    assert any(r[0] == "S-rapport (aggregert)" for r in om.iter_rows(max_col=1, values_only=True))


def test_the_report_dates_every_member_1980_without_recompressing_the_sheets(regnskap, tmp_path) -> None:
    """``uten_tidsstempel`` copies the compressed members and rewrites only the headers and
    docProps/core.xml: the same content as writing the archive anew through zipfile, every member
    dated 1980-01-01, no time of writing, and a valid archive."""
    import shutil
    import zipfile

    from imdi_ledger.rapport import _skriv_zip_pa_nytt, uten_tidsstempel

    fra = skriv_arbeidsbok(regnskap, tmp_path / "fra.xlsx")
    kopi, gammel = tmp_path / "kopi.xlsx", tmp_path / "gammel.xlsx"
    shutil.copy(fra, kopi)
    shutil.copy(fra, gammel)
    uten_tidsstempel(kopi)
    with zipfile.ZipFile(gammel) as z:
        kjerne = z.read("docProps/core.xml")
    assert b"<dcterms:created" in kjerne
    _skriv_zip_pa_nytt(gammel, re.sub(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>", b"", kjerne))

    def innhold(p: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert {i.external_attr for i in z.infolist()} == {0o600 << 16}
            return {i.filename: z.read(i.filename) for i in z.infolist()}

    ny, referanse = innhold(kopi), innhold(gammel)
    assert list(ny) == list(referanse) and ny == referanse
    assert b"dcterms:created" not in ny["docProps/core.xml"]
    with zipfile.ZipFile(fra) as z:
        assert all(z.read(n) == ny[n] for n in ny if n != "docProps/core.xml")
    openpyxl.load_workbook(kopi, read_only=True).close()
    igjen = tmp_path / "igjen.xlsx"
    shutil.copy(kopi, igjen)
    uten_tidsstempel(igjen)
    assert igjen.read_bytes() == kopi.read_bytes()


def test_source_rows_written_in_blocks_are_the_cells_xlsxwriter_writes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The source sheet's block writer (cell XML once per distinct value, rows joined by Arrow,
    shared strings for columns of few distinct values, references only after a blank) gives
    the same cells as XlsxWriter writing every cell itself: every value, type and style, the
    same sheet XML around the rows; blanks, awkward text, long text, float and integer amounts,
    a column of distinct text, more rows than one block."""
    import zipfile

    from xlsxwriter import Workbook

    from imdi_ledger.render import excel

    n = 2 * excel._BLOKK + 7
    tekster = ["vanlig", "", None, "=SUM(A1)", " mellomrom ", "a&b<c>", "_x0041_", "kontroll\x0b",
               "x" * 40_000, "æøå €", "\ufffe", "-1", "@", "\t"]
    frame = pd.DataFrame({
        "ar": [2025] * n,
        "bilag": [None if i % 7 == 3 else ("y" * 40_000, f"=B{i}", f" B{i}", f"B{i}\x0b", f"Bø{i}",
                                            f"B_x{i}_", f"B&{i}")[i] if i < 7 else f"B{i}" for i in range(n)],
        "belop_ore": [(-1) ** i * (i * 137 % 100_003) for i in range(n)],
        "tekst": pd.array([tekster[i % len(tekster)] for i in range(n)], dtype="string"),
        "_file": [None if i % 5 == 0 else f"fil_{i % 3}.csv" for i in range(n)],
        "_row": list(range(n)),
    })
    frame["flyt"] = [None if i % 4 == 0 else i / 8 for i in range(n)]
    frame["konto"] = pd.Categorical([None if i % 6 == 0 else ("+1900", "6100", "a&b")[i % 3] for i in range(n)],
                                    categories=["ubrukt", "+1900", "6100", "a&b"])
    spec = [("ar", "År", "tall"), ("bilag", "Bilag", "tekst"), ("belop_ore", "Beløp", "kroner"),
            ("tekst", "Tekst", "tekst"), ("_file", "Fil", "tekst"), ("_row", "Rad", "tall"),
            ("flyt", "Flyt", "kroner"), ("konto", "Konto", "tekst")]

    rask_ark = excel._rask

    def ark(rask: bool) -> Path:
        monkeypatch.setattr(excel, "_rask", lambda ws: rask and rask_ark(ws))
        path = tmp_path / f"bok_{rask}.xlsx"
        wb = Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                  "strings_to_formulas": False, "strings_to_urls": False})
        excel._skriv_kildeark(wb.add_worksheet("S-rapport"), excel._Kildeark("S-rapport", frame, spec),
                              excel._Stiler(wb))
        wb.close()
        return path

    def xml(path: Path) -> tuple[bytes, bytes]:
        with zipfile.ZipFile(path) as z:
            delt = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() else b""
            return z.read("xl/worksheets/sheet1.xml"), delt

    def verdi(v: object) -> object:
        # «_x005F_» is the escaped «_» of «_xHHHH_» text in an inline and a shared string alike
        # (LibreOffice reads both as the text); openpyxl decodes it in shared strings only.
        return v.replace("_x005F_", "_") if isinstance(v, str) else v

    def celler(path: Path) -> list[tuple]:
        ws = openpyxl.load_workbook(path)["S-rapport"]
        return [(c.coordinate, verdi(c.value), c.data_type, c.number_format, c.quotePrefix, c.font.b)
                for row in ws.iter_rows() for c in row if c.value is not None]

    rask, sakte = ark(True), ark(False)
    blokker, delt = xml(rask)
    assert b"_x005F_x0041_" in delt and b'xml:space="preserve"' in delt
    assert b' t="s"><v>' in blokker and b"<c><v>2025</v></c>" in blokker    # shared, no reference
    assert b'<c r="E3" t="s">' in blokker         # the cell after a blank keeps its reference
    assert b"<t>B8</t>" in blokker                 # distinct text stays inline
    hel = xml(sakte)[0]
    start, slutt = b"<sheetData>", b"</sheetData>"
    assert blokker[:blokker.index(start)] == hel[:hel.index(start)]
    assert blokker[blokker.index(slutt):] == hel[hel.index(slutt):]
    forventet = celler(sakte)
    assert len(forventet) > 6 * n and celler(rask) == forventet


def test_rows_deflated_while_written_give_the_sheets_xlsxwriter_writes(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's workbook (each sheet's rows deflated while written, packed into the hole
    its XML leaves for them) holds every part with the content XlsxWriter's own workbook gives
    from the same writes, byte for byte; so does it when XlsxWriter's packing is not the one
    the project runs (the rows inflated into the sheet's XML)."""
    import zipfile

    from xlsxwriter import Workbook

    from imdi_ledger.render import excel, xlsxzip

    monkeypatch.setattr(xlsxzip, "_STRØM_START", 1 << 14)   # the stream's thread starts early
    n = 2 * excel._BLOKK + 11
    frame = pd.DataFrame({
        "bilag": [f"B{i}" if i % 9 else None for i in range(n)],
        "belop_ore": [(-1) ** i * (i * 7919 % 1_000_003) for i in range(n)],
        "tekst": pd.array([("æøå", "a&b", "=1", "x" * 300, "")[i % 5] for i in range(n)], dtype="string"),
        "_row": list(range(n)),
    })
    spec = [("bilag", "Bilag", "tekst"), ("belop_ore", "Beløp", "kroner"), ("tekst", "Tekst", "tekst"),
            ("_row", "Rad", "tall")]

    def bok(klasse: type, navn: str) -> dict[str, bytes]:
        path = tmp_path / navn
        wb = klasse(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                "strings_to_formulas": False, "strings_to_urls": False})
        stiler = excel._Stiler(wb)
        ws = wb.add_worksheet("Om")
        ws.write_string(0, 0, "Arbeidsbok")
        excel._skriv_kildeark(wb.add_worksheet("S-rapport"), excel._Kildeark("S-rapport", frame, spec), stiler)
        wb.add_worksheet("Tom")
        wb.close()
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
            return {i.filename: z.read(i) for i in z.infolist() if i.filename != "docProps/core.xml"}

    forventet = bok(Workbook, "xlsxwriter.xlsx")
    assert len(forventet["xl/worksheets/sheet2.xml"]) > 4 * xlsxzip._STRØM_START
    assert bok(excel._Arbeidsbok, "prosjektet.xlsx") == forventet
    monkeypatch.setattr(excel._Arbeidsbok, "_store_workbook", Workbook._store_workbook)
    assert bok(excel._Arbeidsbok, "uten_hull.xlsx") == forventet


def test_source_text_that_looks_like_rich_text_stays_text(tmp_path: Path) -> None:
    """Text of the form ``<r>…</r>`` (which XlsxWriter's shared-string table would write as
    rich-text XML) is written as an escaped inline string, whatever the column's other values."""
    from xlsxwriter import Workbook

    from imdi_ledger.render import excel

    tekst = ["<r>x</r>" if i % 3 == 0 else "vanlig" for i in range(40)]
    frame = pd.DataFrame({"tekst": pd.array(tekst, dtype="string")})
    path = tmp_path / "rik.xlsx"
    wb = Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                              "strings_to_formulas": False, "strings_to_urls": False})
    excel._skriv_kildeark(wb.add_worksheet("S-rapport"),
                          excel._Kildeark("S-rapport", frame, [("tekst", "Tekst", "tekst")]), excel._Stiler(wb))
    wb.close()
    ws = openpyxl.load_workbook(path)["S-rapport"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == tekst


@given(st.lists(st.integers(min_value=-(2**53 - 1), max_value=2**53 - 1), min_size=1, max_size=50))
def test_kroner_text_is_the_exact_decimal_a_reader_parses_to_the_written_double(ore: list[int]) -> None:
    """A source sheet's amounts: the decimal is øre/100 exactly (no trailing zeros, no point for
    whole kroner), and parses to the double øre/100, the value XlsxWriter writes for it."""
    from decimal import Decimal

    from imdi_ledger.render.excel import _kroner_tekst

    tekster = _kroner_tekst(np.array(ore, dtype=np.int64)).to_pylist()
    for o, t in zip(ore, tekster):
        desimal = format(Decimal(o).scaleb(-2), "f")          # e.g. "-12.50", "0.07", "3.00"
        assert t == desimal.rstrip("0").rstrip(".")
        assert float(t) == o / 100


@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF)),
                          st.sampled_from(["", "a\x0bb", "\x00", "_x0041_", "æøå"])), max_size=30))
def test_a_few_text_values_are_converted_as_the_whole_column_is(verdier: list[str | None]) -> None:
    """The source sheet's text of a block's few distinct values, taken one at a time, is the
    text the column-wise conversion gives: blanks as no cell, XML-illegal characters as \\xNN."""
    from imdi_ledger.render import excel

    col = pd.Series(verdier, dtype=object)
    en_og_en = excel._kolonneverdier(col, "tekst")
    gammel, excel._FA_TEKSTER = excel._FA_TEKSTER, -1
    try:
        assert en_og_en == excel._kolonneverdier(col, "tekst")
    finally:
        excel._FA_TEKSTER = gammel
