"""The sum structure every table declares (``Tabell.summer``): validated when the table is
built, checked against the amounts (``kontroller_summer``, rule ``TABELL-SUM``), written as text
(``Tabell.ledd_tekst``, the CSV column ``summerer``) and written as the workbook's formulas.

The property: for any table with declared terms — and for the worked example and simulated
agency-years — every sum cell of the workbook, evaluated on the cells it refers to, equals the
row's amount to the øre, including terms that are zero, blank or subtracted, terms that are
earlier sums and terms in another table.  The formulas are read back with openpyxl and evaluated
by the small evaluator below (``=SUM(C5:C9)``, ``=C5-C6+'Other sheet'!C7``: the two forms the
workbook writes for a sum).  Also: ``Tabell.bygg`` and the SRS layout loader reject unknown or
later terms, ``beregn`` reports a computed table that does not add up, and the checks of published
SRS 1 figures use the sums of ``srs1.csv``.
"""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import range_boundaries

from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.findings import Severity
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.excel import _Ark, _Celler, _skriv_ark, _skriv_tabell, _Stiler, arknavn, skriv_arbeidsbok
from imdi_ledger.srs.kontoplan_srs import load_kontoplan
from imdi_ledger.srs.oppstilling import beregn_oppstilling
from imdi_ledger.tabell import SUM_REGEL, Kolonne, Ledd, Tabell, kontroller_summer, parse_ledd
from imdi_ledger.testing import simuler
from imdi_ledger.testing import strategies as sst
from imdi_ledger.testing.oppstillinger import aarsregnskap


# --------------------------------------------------------------------------- evaluator

_TERM = re.compile(r"([+-]?)((?:'(?:[^']|'')+'|[A-Za-z_][\w.\-]*)!)?(\$?[A-Z]{1,3}\$?\d+)")


def evaluer(wb: openpyxl.Workbook, sheet: str, coord: str) -> float | None:
    """The value of a cell in kroner: a number, blank (``None``), or a sum formula
    (``=SUM(range)`` or a signed list of cell references, possibly on other sheets)."""
    v = wb[sheet][coord].value
    if not (isinstance(v, str) and v.startswith("=")):
        return v
    body = v[1:]
    if re.fullmatch(r"-?SUMIFS\(.*\)", body):
        return _sumifs(wb, sheet, body)
    m = re.fullmatch(r"SUM\((\$?[A-Z]{1,3}\$?\d+):(\$?[A-Z]{1,3}\$?\d+)\)", body)
    if m:
        c1, r1, c2, r2 = range_boundaries(f"{m.group(1)}:{m.group(2)}".replace("$", ""))
        total = 0.0
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                total += evaluer(wb, sheet, f"{openpyxl.utils.get_column_letter(c)}{r}") or 0
        return total
    assert _TERM.sub("", body) == "", f"unexpected formula {v!r}"
    total = 0.0
    for sign, ark, ref in _TERM.findall(body):
        other = sheet if not ark else ark[:-1].strip("'").replace("''", "'")
        x = evaluer(wb, other, ref.replace("$", "")) or 0
        total += -x if sign == "-" else x
    return total


def _kolonne(wb: openpyxl.Workbook, ref: str) -> list:
    ark, rng = ref.rsplit("!", 1)
    ws = wb[ark.strip("'").replace("''", "'")]
    c1, r1, _, r2 = range_boundaries(rng.replace("$", ""))
    return [row[0] for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c1, values_only=True)]


def _sumifs(wb: openpyxl.Workbook, sheet: str, body: str) -> float:
    """A statement line over a source sheet: ``SUMIFS(amounts, range, criterion, …)`` with
    exact criteria (a number, or a quoted text matched case-insensitively)."""
    sign = -1 if body.startswith("-") else 1
    args = body[body.index("(") + 1:-1].split(",")
    values = _kolonne(wb, args[0])
    keep = [True] * len(values)
    for rng, crit in zip(args[1::2], args[2::2]):
        col = _kolonne(wb, rng)
        if crit.startswith('"'):
            want = crit[1:-1].casefold()
            keep = [k and isinstance(x, str) and x.casefold() == want for k, x in zip(keep, col)]
        else:
            keep = [k and x == float(crit) for k, x in zip(keep, col)]
    return sign * sum(v or 0 for v, k in zip(values, keep) if k)


def test_evaluator_reads_ranges_signs_and_other_sheets() -> None:
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "Ark 1"
    a["C1"], a["C2"], a["C3"] = 1.25, None, -2.5
    a["C4"] = "=SUM(C1:C3)"
    b = wb.create_sheet("B")
    b["A1"] = 10
    b["A2"] = "=A1-'Ark 1'!C4+'Ark 1'!C1"
    assert evaluer(wb, "Ark 1", "C4") == pytest.approx(-1.25)
    assert evaluer(wb, "B", "A2") == pytest.approx(10 + 1.25 + 1.25)


# --------------------------------------------------------------------------- helpers

def formelbok(tabeller: list[Tabell]) -> tuple[openpyxl.Workbook, dict[str, str]]:
    """The table sheets of the workbook (as ``skriv_arbeidsbok`` writes them), saved and
    read back with openpyxl."""
    import xlsxwriter

    navn = arknavn(tabeller)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    stiler = _Stiler(wb)
    celler = _Celler({}, {}, {}, {})
    for t in tabeller:
        ark = _Ark(navn[t.id])
        _skriv_tabell(ark, t, celler)
        _skriv_ark(wb.add_worksheet(ark.title), ark, stiler)
    wb.close()
    buf.seek(0)
    return openpyxl.load_workbook(buf), navn


def rader(ws) -> dict[str, int]:
    head = [c.value for c in ws[3]]
    col = head.index("Linje-id") + 1
    return {ws.cell(r, col).value: r for r in range(4, ws.max_row + 1) if ws.cell(r, col).value is not None}


def sumceller_stemmer(wb: openpyxl.Workbook, navn: dict[str, str], tabeller: list[Tabell]) -> int:
    """Every sum/netto cell evaluates to the row's øre (blank where the row is blank);
    returns the number of formulas evaluated."""
    n = 0
    for t in tabeller:
        ws = wb[navn[t.id]]
        rows = rader(ws)
        for rec in t.rader.to_dict("records"):
            if rec["kind"] not in ("sum", "netto"):
                continue
            for j, k in enumerate(t.kolonner, start=1):
                if not k.penger:
                    continue
                cell = ws.cell(rows[rec["line_id"]], j)
                value = evaluer(wb, ws.title, cell.coordinate)
                if pd.isna(rec[k.navn]):
                    assert cell.value is None, (t.id, rec["line_id"], k.navn, cell.value)
                    continue
                n += cell.data_type == "f"
                assert value is not None and round(value * 100) == int(rec[k.navn]), \
                    (t.id, rec["line_id"], k.navn, cell.value, value)
    return n


# --------------------------------------------------------------------------- generated tables

_ORE = st.one_of(st.just(0), st.integers(-10**11, 10**11), st.none())
_KOL = (Kolonne("tekst", "Tekst"), Kolonne("a", "A", True), Kolonne("b", "B", True))


@st.composite
def _tabell(draw: Any, id: str, andre: Tabell | None = None) -> Tabell:
    rows: list[dict[str, Any]] = []
    summer: dict[str, list[Ledd]] = {}
    sumkol: dict[str, tuple[str, ...]] = {}
    verdier: dict[str, dict[str, int | None]] = {}
    eksterne = [] if andre is None else [lid for lid, k in zip(andre.rader["line_id"], andre.rader["kind"])
                                         if k != "header"]
    for i in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["line", "line", "line", "sum", "netto", "header"])) if i else "line"
        lid = f"{kind}_{i}"
        if kind == "header":
            rows.append({"line_id": lid, "kind": kind, "tekst": "overskrift"})
            continue
        if kind == "line":
            v = {"a": draw(_ORE), "b": draw(_ORE)}
        else:
            kandidater = [(r["line_id"], None) for r in rows if r["kind"] != "header"]
            kandidater += [(x, andre.id) for x in eksterne] if andre is not None else []
            valgt = draw(st.lists(st.sampled_from(kandidater), unique=True, max_size=6)) if kandidater else []
            ledd = [Ledd(linje, draw(st.sampled_from([1, -1])), tab) for linje, tab in valgt]
            summer[lid] = ledd
            cols = ("a", "b")
            if draw(st.booleans()) and not draw(st.booleans()):
                cols = ("a",)
                sumkol[lid] = cols
            v = {"b": draw(_ORE)}
            for c in cols:
                terms = [(l.fortegn, (verdier[l.linje] if l.tabell is None else
                                      {c: andre.verdi(l.linje, c)})[c]) for l in ledd]
                present = [s * x for s, x in terms if x is not None]
                v[c] = sum(present) if present else draw(st.sampled_from([None, 0]))
        verdier[lid] = v
        rows.append({"line_id": lid, "kind": kind, "tekst": f"rad {i}", **v})
    return Tabell.bygg(id, id, _KOL, rows, summer=summer, sumkolonner=sumkol,
                       andre=(andre,) if andre is not None else ())


@st.composite
def _tabeller(draw: Any) -> list[Tabell]:
    t1 = draw(_tabell("forste"))
    return [t1, draw(_tabell("andre", t1))]


@given(tabeller=_tabeller())
@settings(max_examples=60)
def test_every_sum_formula_of_a_generated_table_evaluates_to_its_row(tabeller: list[Tabell]) -> None:
    assert kontroller_summer(tabeller) == []
    wb, navn = formelbok(tabeller)
    sumceller_stemmer(wb, navn, tabeller)


@given(tabeller=_tabeller(), data=st.data())
@settings(max_examples=30)
def test_a_sum_row_that_disagrees_with_its_terms_is_a_finding(tabeller: list[Tabell], data: Any) -> None:
    t = tabeller[-1]
    mulige = [(lid, c) for lid in t.summer for c in t.ledd_kolonner(lid)]
    if not mulige:
        return
    lid, col = data.draw(st.sampled_from(mulige))
    frame = t.to_frame()
    gammel = t.verdi(lid, col)
    frame.loc[frame["line_id"] == lid, col] = (gammel or 0) + 1
    feil = Tabell.bygg(t.id, t.tittel, t.kolonner, frame.to_dict("records"), summer=t.summer,
                       sumkolonner=t.sumkolonner, andre=tabeller[:-1])
    funn = kontroller_summer([*tabeller[:-1], feil])
    hit = [f for f in funn if (f.line, f.column) == (lid, col)]
    assert len(hit) == 1 and hit[0].rule == SUM_REGEL and hit[0].severity == Severity.ERROR
    assert hit[0].actual_ore == (gammel or 0) + 1
    assert hit[0].expected_ore == (gammel or 0)
    assert hit[0].statement == t.id


# --------------------------------------------------------------------------- Tabell.bygg rejects

def _rows(*spec: tuple[str, str, int | None]) -> list[dict[str, Any]]:
    return [{"line_id": lid, "kind": kind, "tekst": lid, "a": a, "b": a} for lid, kind, a in spec]


def test_bygg_rejects_unknown_later_missing_and_header_terms() -> None:
    rows = _rows(("h", "header", None), ("x", "line", 1), ("s", "sum", 1), ("y", "line", 2))
    with pytest.raises(ValueError, match="ukjent eller senere linje 'z'"):
        Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("z")]})
    with pytest.raises(ValueError, match="ukjent eller senere linje 'y'"):
        Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("x"), Ledd("y")]})
    with pytest.raises(ValueError, match="har ingen ledd"):
        Tabell.bygg("t", "t", _KOL, rows)
    with pytest.raises(ValueError, match="overskriften"):
        Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("h")]})
    with pytest.raises(ValueError, match="ukjent linje 'u:x'"):
        Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("x", 1, "u")]})
    with pytest.raises(ValueError, match="ikke er en sum"):
        Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("x")], "y": [Ledd("x")]})
    with pytest.raises(ValueError, match="pengekolonner"):
        Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("x")]}, sumkolonner={"s": ("tekst",)})
    with pytest.raises(ValueError, match="fortegn"):
        Ledd("x", 2)
    ok = Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("x")]})
    assert ok.ledd("s") == (Ledd("x"),) and ok.ledd("x") == ()
    verdi = Tabell.bygg("t", "t", _KOL, rows, verdirader=["s"])
    assert verdi.ledd_tekst("s") == "verdi" and kontroller_summer([verdi]) == []


def test_terms_as_text_round_trip_and_csv_column() -> None:
    ledd = (Ledd("sum_a"), Ledd("sum_b", -1), Ledd("sum_utgiftsfort", 1, "bevilgning_utgifter"),
            Ledd("0670 01", -1), Ledd("anlegg:programvare"))
    tekst = " ".join(l.tekst() for l in ledd)
    assert tekst == 'sum_a -sum_b bevilgning_utgifter:sum_utgiftsfort -"0670 01" "anlegg:programvare"'
    assert parse_ledd(tekst) == ledd
    rows = _rows(("x", "line", 1), ("y", "line", 2), ("s", "netto", -1))
    t = Tabell.bygg("t", "t", _KOL, rows, summer={"s": [Ledd("x"), Ledd("y", -1)]}, sumkolonner={"s": ("a",)})
    f = t.to_frame(med_ledd=True)
    assert list(f.columns[:3]) == ["line_id", "kind", "summerer"]
    assert f["summerer"].tolist() == ["", "", "x -y [a]"]
    assert "summerer" not in t.to_frame().columns


def test_a_term_in_a_table_not_given_is_a_finding() -> None:
    ut = Tabell.bygg("ut", "ut", _KOL, _rows(("s", "line", 5)))
    inn = Tabell.bygg("inn", "inn", _KOL, _rows(("n", "netto", 5)), summer={"n": [Ledd("s", 1, "ut")]}, andre=(ut,))
    assert kontroller_summer([ut, inn]) == []
    funn = kontroller_summer([inn])
    assert {(f.rule, f.line, f.column) for f in funn} == {(SUM_REGEL, "n", "a"), (SUM_REGEL, "n", "b")}


# --------------------------------------------------------------------------- real statements

@pytest.fixture(scope="module")
def eksempel():
    return beregn(last_eksempel("imdi-2025"))


def test_the_worked_example_adds_up_and_every_sum_is_declared(eksempel) -> None:
    assert [f for f in eksempel.findings if f.rule == SUM_REGEL] == []
    tabeller = eksempel.tabeller()
    for t in tabeller:
        for lid, kind in zip(t.rader["line_id"], t.rader["kind"]):
            if kind in ("sum", "netto"):
                assert lid in t.summer or lid in t.verdirader, (t.id, lid)
    assert tabeller[1].ledd("netto_rapportert") == (Ledd("sum_utgiftsfort", 1, "bevilgning_utgifter"),
                                                      Ledd("sum_inntektsfort", -1))


def test_the_example_workbook_formulas_evaluate_to_the_statements(eksempel, tmp_path) -> None:
    path = skriv_arbeidsbok(eksempel, tmp_path / "bok.xlsx")
    tabeller = eksempel.tabeller()
    n = sumceller_stemmer(openpyxl.load_workbook(path), arknavn(tabeller), tabeller)
    assert n > 100


def test_the_example_csv_carries_the_terms(tmp_path) -> None:
    from imdi_ledger.rapport import lag_rapport

    lag_rapport(eksempel="imdi-2025", ut=tmp_path)
    f = pd.read_csv(tmp_path / "resultat.csv", sep=";", dtype=str, keep_default_na=False)
    by = dict(zip(f["line_id"], f["summerer"]))
    # finansinntekter is 0 in both years, so not shown; the CSV neutralises a leading «-» (a
    # spreadsheet would read the cell as a formula) with an apostrophe
    assert by["sum_finans"] == "'-finanskostnader"
    assert by["driftsresultat"] == "sum_driftsinntekter -sum_driftskostnader"
    inn = pd.read_csv(tmp_path / "bevilgning_inntekter.csv", sep=";", dtype=str, keep_default_na=False)
    assert inn["summerer"].iloc[-1] == "bevilgning_utgifter:sum_utgiftsfort -sum_inntektsfort [regnskap]"


def test_finansinntekter_500_kr_and_finanskostnader_0_subtracts_finanskostnader(eksempel) -> None:
    """The formula of «Sum finansinntekter og finanskostnader» is the declared one
    (finansinntekter − finanskostnader) whatever the amounts, so it stays right when an auditor
    edits finanskostnader."""
    v = eksempel.virksomhetsregnskap
    naa = dict(v.grunnlag.linjesum("resultat"))
    naa["finansinntekter"] = -50_000  # debit positive: 500 kr income
    naa["finanskostnader"] = 0
    t = beregn_oppstilling(load_kontoplan(), "resultat", "Resultatregnskap", v.ar, naa,
                           v.grunnlag_fjor.linjesum("resultat"))
    assert t.verdi("finanskostnader", "belop") == 0 and t.verdi("sum_finans", "belop") == 50_000
    wb, navn = formelbok([t])
    ws = wb[navn[t.id]]
    r = rader(ws)
    assert ws.cell(r["sum_finans"], 3).value == f"=C{r['finansinntekter']}-C{r['finanskostnader']}"
    ws.cell(r["finanskostnader"], 3).value = 100.0
    assert evaluer(wb, ws.title, f"C{r['sum_finans']}") == pytest.approx(400.0)


@given(spec=sst.spec(max_ansatte=6))
@settings(max_examples=4)
def test_simulated_years_add_up_and_their_formulas_evaluate(spec) -> None:
    sim = simuler(spec)
    r = aarsregnskap(sim.boker, sim.tildeling)
    assert [(f.line, f.column, f.message) for f in r.findings if f.rule == SUM_REGEL] == []
    tabeller = r.tabeller()
    wb, navn = formelbok(tabeller)
    assert sumceller_stemmer(wb, navn, tabeller) > 20


def test_beregn_reports_a_statement_whose_sum_does_not_add_up(tmp_path) -> None:
    """The check runs on every computed table: a mapping that puts mellomværende on a line
    outside the mellomværende layout makes «Sum mellomværende» include an amount no shown line
    carries, and ``beregn`` reports it."""
    from imdi_ledger.kontoplan import standard_kontoplan
    from imdi_ledger.load.srapport import load_srapport
    from imdi_ledger.regnskap import Grunnlag

    src = tmp_path / "srapport_2025.csv"
    src.write_text("periode;statskonto;artskonto;belop;tekst\n2025-01;067001;500;10,00;lonn\n"
                   "2025-01;60088702;500;-7,00;utbetalt\n2025-01;700887;260;-3,00;trekk\n", encoding="utf-8")
    g = Grunnlag(srapport=load_srapport(src))
    assert [f for f in beregn(g).findings if f.rule == SUM_REGEL] == []
    over = tmp_path / "mv.csv"
    over.write_text("fra;til;linje\n260;260;utbetalinger_lonn\n", encoding="utf-8")
    kp = standard_kontoplan().med_overstyring(over, del_="mellomvaerende")
    funn = [f for f in beregn(Grunnlag(srapport=load_srapport(src), kontoplan=kp)).findings if f.rule == SUM_REGEL]
    assert [(f.statement, f.line, f.column, f.expected_ore, f.actual_ore) for f in funn] == [
        ("mellomvaerende", "sum_mellomvaerende", "belop", 0, -300)]


# --------------------------------------------------------------------------- published figures

def _publisert(res: list[tuple[str, int]], eiendeler: list[tuple[str, int]] = ()) -> Any:
    from imdi_ledger.avstemming import Figurer

    rows = [{"tekst": t, "kind": "sum" if t.startswith("Sum") else "line", "belop": v, "belop_fjor": v}
            for t, v in res]
    bal = [{"tekst": t, "kind": "sum" if t.startswith("Sum") else "line", "belop": v, "belop_fjor": v}
           for t, v in eiendeler]
    return Figurer.from_dict({"resultatregnskap": rows, "balanse": {"eiendeler": bal, "kapital_og_gjeld": []}})


def test_published_checks_use_the_srs1_declaration() -> None:
    """«Sum finansinntekter og finanskostnader» subtracts finanskostnader because srs1.csv says
    so; «Sum immaterielle eiendeler» adds «Forskning og utvikling», a line of srs1.csv."""
    from imdi_ledger.avstemming import regel
    from imdi_ledger.avstemming.sjekk_srs import BALANSE_FORMLER, RESULTAT_FORMLER

    kp = load_kontoplan()
    tekst = dict(zip(kp.linjer["linje"], kp.linjer["tekst"]))
    assert dict(RESULTAT_FORMLER)["Sum finansinntekter og finanskostnader"] == tuple(
        (l.fortegn, tekst[l.linje]) for l in kp.ledd("resultat", "sum_finans"))
    assert ("eiendeler", "Sum immaterielle eiendeler",
            ((1, "Forskning og utvikling"), (1, "Programvare og lignende rettigheter"),
             (1, "Immaterielle eiendeler under utførelse"))) in BALANSE_FORMLER
    res = regel("SRS-RES-SUM")
    ok = [("Finansinntekter", 500), ("Finanskostnader", 100), ("Sum finansinntekter og finanskostnader", 400)]
    feil = ok[:2] + [("Sum finansinntekter og finanskostnader", 600)]
    assert res(_publisert(ok)) == []
    f = [x for x in res(_publisert(feil)) if x.severity == Severity.ERROR]
    assert [(x.expected_ore, x.actual_ore) for x in f] == [(40_000, 60_000)] * 2
    bal = regel("SRS-BAL-SUM")
    imm = [("Forskning og utvikling", 7), ("Programvare og lignende rettigheter", 3)]
    assert bal(_publisert([], imm + [("Sum immaterielle eiendeler", 10)])) == []
    assert {x.severity for x in bal(_publisert([], imm + [("Sum immaterielle eiendeler", 3)]))} == {Severity.ERROR}


def test_srs_layout_rejects_a_sum_without_terms_or_with_a_later_term() -> None:
    from imdi_ledger.errors import InputError

    def noter(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
        return pd.DataFrame([{"note": "note_x", "linje": l, "kind": k, "tekst": l, "kontoer": ko, "summerer": s,
                              "fortegn": ""} for l, k, ko, s in rows])

    ok = load_kontoplan(overstyr_noter=noter(("a", "line", "690", ""), ("s", "sum", "", "a")))
    assert ok.note_ledd("note_x", "s") == (Ledd("a"),)
    with pytest.raises(InputError, match="sumrad uten ledd"):
        load_kontoplan(overstyr_noter=noter(("a", "line", "690", ""), ("s", "sum", "", "")))
    with pytest.raises(InputError, match="ukjent eller senere linje 'b'"):
        load_kontoplan(overstyr_noter=noter(("a", "line", "690", ""), ("s", "sum", "", "a b"), ("b", "line", "691", "")))
    with pytest.raises(InputError, match="bare sum- og nettorader"):
        load_kontoplan(overstyr_noter=noter(("a", "line", "690", "a"),))
