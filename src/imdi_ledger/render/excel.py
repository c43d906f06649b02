"""The auditor's Excel workbook of one årsregnskap (R-115 part VI oppstillinger and notes,
SRS virksomhetsregnskap and notes, Note 7A/7B), written with XlsxWriter.

Sheets, in order:

* ``Om`` — entity, year, tool version, the inputs' SHA-256, principles (øre, rounding, sign
  convention), the master check and a table of contents.
* one sheet per :class:`~imdi_ledger.tabell.Tabell` in the order of
  :meth:`imdi_ledger.regnskap.Aarsregnskap.tabeller` (R-115 order).  Amounts are kroner with
  two decimals, each the exact øre amount divided by 100, number format ``#,##0.00``.
  Sum and netto rows are **live formulas** written from the terms the table declares
  (:meth:`Tabell.ledd <imdi_ledger.tabell.Tabell.ledd>`), in every money column the terms
  apply to: ``=SUM(C5:C9)`` when the terms are added rows directly below one another on the
  same sheet, else ``=C5-C6+C9`` term by term, with a sheet reference for a term in another
  table.  A term whose cell is blank (NA) counts as 0 and is left out; a sum row whose terms
  are all blank, a row declared as a value (``verdirader``) and the money columns a row's
  terms do not apply to are written as values.  «Sum som» says ``formel`` or ``verdi``;
  «Summerer» lists the terms (:meth:`Tabell.ledd_tekst`).
  **Statement lines that are a sum of source rows** (bevilgningsrapportering per post,
  kapitalkontoer, endring in beholdninger, artskontorapportering, SRS resultatregnskap and
  balanse) are ``SUMIFS`` over the source sheet, by the key column the library fills for
  every source row (:data:`KILDELINJER`: ``Bevilgningslinje``, ``Artskontolinje``,
  ``SRS-linje``) and the year; the column «Kilde» says which.  A line whose amount is not the
  sum of its source rows (an opening balance, a computed year-end posting, Note B, the
  asset-register notes) stays a value, and «Kilde» says ``verdi``.
* ``Kontroller`` — one row per identity across sheets (:data:`KONTROLLER`, declared in
  :data:`imdi_ledger.regelverk.KRYSSIDENTITETER`; Note B k ≤ j and the R-2 5 % cap per post;
  row counts and totals of every source file), each a formula computing the difference and
  ``=IF(ABS(diff)<0.005,"OK","AVVIK")``, and the catalogue rule it corresponds to; cell ``G2``
  is the master check.
* ``Funn`` — every finding of the run (rule, severity, message, expected/actual/difference in
  kroner, file, row).
* ``Kilder`` — input files, rows read, SHA-256, sum, and formulas counting the rows and
  summing the amounts present in the source sheets.
* ``S-rapport`` (and ``Hovedbok`` when the inputs include the SRS ledger) — every source row
  with its file and row number and the statement line(s) it is summed into.  A source with
  more rows than a sheet holds is written aggregated by key and period instead
  (``S-rapport (aggregert)``), labelled as such, with the number of rows behind each line.

Every formula is stored with the value the library computed (exact øre/100), so a reader that
does not calculate (a previewer, ``pandas.read_excel``) shows every number; the spreadsheet
recalculates on load (``fullCalcOnLoad``).  The output is byte-identical for identical inputs
(fixed document time, XlsxWriter's fixed zip entry times, stable ordering).  Source sheets are
written row by row (XlsxWriter ``constant_memory``), so memory does not grow with the rows; their
text columns of few distinct values refer to the workbook's shared strings (a bounded table),
other text is inline (:func:`_skriv_blokk_raskt`).

Every sheet prints (:func:`_utskrift`): A4, one page wide, landscape when the print area is
wider than :data:`STAENDE_BREDDE`, header rows repeated, a statement sheet's print area the
statement's own columns, the agency and year in the header and the sheet's name and «Side N av M»
in the footer (``docs/workbook.md``).

Text from inputs is always stored as a string cell (never a formula, whatever its first
character), with characters XML cannot carry shown as ``\\xNN``.  Only this module imports the
spreadsheet writer (STYLE.md, layering).
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import functools
import hashlib
import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..findings import Finding, Severity, oppsummering
from ..load.dialect import kategori_per_rad
from ..load.fullmakter import KAN_OVERFORES, OVERSLAGSBEVILGNING
from ..load.oppsett import Grunnlag5Prosent
from ..regelverk import (
    FEM_PROSENT,
    FEM_PROSENT_PER_POST,
    IDENTITETER_PER_POST,
    KRYSSIDENTITETER,
    Celle,
    Identitet,
    er_femprosentpost,
    per_post,
)
from ..tabell import Tabell

__all__ = [
    "skriv_arbeidsbok",
    "Kontroll",
    "Ledd",
    "KONTROLLER",
    "KILDELINJER",
    "LINJEKOPIER",
    "KRONER_FORMAT",
    "MAKS_RADER",
    "arknavn",
]

KRONER_FORMAT = "#,##0.00"
#: Rows of a worksheet (header included) in the xlsx format.
MAKS_RADER = 1_048_576
#: The document time written into docProps/core.xml: fixed, so identical inputs give identical bytes.
_DOKUMENTTID = _dt.datetime(2000, 1, 1, 0, 0, 0)

_ARKNAVN = {
    "bevilgning_utgifter": "Bevilgning utgifter",
    "bevilgning_inntekter": "Bevilgning inntekter",
    "kapitalkontoer": "Kapitalkontoer",
    "beholdninger": "Beholdninger",
    "artskontorapportering": "Artskontorapportering",
    "mellomvaerende": "Mellomværende",
    "resultat": "Resultatregnskap",
    "balanse": "Balanse",
}
_RESERVERT = ("Om", "Kontroller", "Funn", "Kilder", "S-rapport", "Hovedbok", "S-rapport (aggregert)",
              "Hovedbok (aggregert)")
# Characters XML 1.0 cannot carry (as openpyxl's ILLEGAL_CHARACTERS_RE).
_ULOVLIG = re.compile(r"[\000-\010\013\014\016-\037]")


# --------------------------------------------------------------------------- cells and text

@dataclass(frozen=True)
class _Celle:
    """One cell of a sheet held in memory: ``s`` text, ``n`` number, ``f`` formula with its
    cached value, ``u`` internal link (``verdi`` = target, ``tekst`` = shown text)."""

    type: str
    verdi: Any
    stil: frozenset[str] = frozenset()
    tekst: Any = None


class _Ark:
    """A sheet built in memory (row, column 1-based, as in A1 notation), written row by row."""

    def __init__(self, navn: str) -> None:
        self.title = navn
        self.celler: dict[tuple[int, int], _Celle] = {}
        self.bredder: dict[int, float] = {}
        self.frys: tuple[int, int] | None = None
        #: Printing: the rows repeated at the top of each page (first, last; 1-based) and the
        #: columns of the print area (from A; default every column with a cell).
        self.hoderader: tuple[int, int] | None = None
        self.utskriftskolonner: int | None = None
        #: Text cells merged across columns: (row, first column) -> last column.
        self.flett: dict[tuple[int, int], int] = {}

    def tekst(self, r: int, c: int, value: object, *stil: str) -> None:
        """Store ``value`` as a string cell (never a formula); nothing for ``None``/NA."""
        s = _som_tekst(value)
        if s is None:
            self.celler.pop((r, c), None)
            return
        flags = frozenset(stil) | ({"quote"} if s[:1] in ("=", "+", "-", "@") else frozenset())
        self.celler[(r, c)] = _Celle("s", s, flags)

    def kroner(self, r: int, c: int, ore: object, *stil: str) -> None:
        """Store øre as kroner (øre/100) with two decimals; nothing for NA."""
        if ore is None or pd.isna(ore):
            self.celler.pop((r, c), None)
            return
        self.celler[(r, c)] = _Celle("n", int(ore) / 100, frozenset(stil) | {"kroner"})  # float ok: øre/100

    def tall(self, r: int, c: int, value: object, *stil: str) -> None:
        if value is None or pd.isna(value):
            return
        self.celler[(r, c)] = _Celle("n", int(value), frozenset(stil))

    def formel(self, r: int, c: int, formula: str, cached: object, *stil: str, kroner: bool = True) -> None:
        """A formula with the value the library computed (øre → kroner when ``kroner``)."""
        if kroner and cached is not None:
            cached = int(cached) / 100  # float ok: øre/100
        self.celler[(r, c)] = _Celle("f", formula, frozenset(stil) | ({"kroner"} if kroner else frozenset()),
                                     cached)

    def lenke(self, r: int, c: int, target: str, text: str) -> None:
        self.celler[(r, c)] = _Celle("u", f"internal:{target}", frozenset(), _som_tekst(text))

    def stil(self, r: int, c: int, *stil: str) -> None:
        """Add styles to a cell (a blank cell gets a blank cell with the style)."""
        cell = self.celler.get((r, c))
        if cell is None:
            self.celler[(r, c)] = _Celle("b", None, frozenset(stil))
        else:
            self.celler[(r, c)] = replace(cell, stil=cell.stil | frozenset(stil))

    def verdi(self, r: int, c: int) -> Any:
        cell = self.celler.get((r, c))
        return None if cell is None else (cell.tekst if cell.type == "f" else cell.verdi)


def _som_tekst(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return _ULOVLIG.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(value))


def quote_sheetname(name: str) -> str:
    """A sheet name as written in a reference: always quoted (``'Note 5'!C4``, ``'Balanse'!C4``)."""
    return "'" + name.replace("'", "''") + "'"


def _a1(r: int, c: int, absolutt: bool = False) -> str:
    return xl_rowcol_to_cell(r - 1, c - 1, absolutt, absolutt)


def _ref(sheet: str, coord: str, current: str) -> str:
    return coord if sheet == current else f"{quote_sheetname(sheet)}!{coord}"


class _Stiler:
    """XlsxWriter formats by style flags, created once per workbook in a fixed order."""

    _EGENSKAPER = {"bold": {"bold": True}, "title": {"bold": True, "font_size": 13}, "top": {"top": 1},
                   "kroner": {"num_format": KRONER_FORMAT}, "quote": {"quote_prefix": True},
                   "lenke": {"font_color": "blue", "underline": 1},
                   "bryt": {"text_wrap": True, "valign": "top"}}

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.formater: dict[frozenset[str], Any] = {}

    def __call__(self, stil: frozenset[str]) -> Any:
        if not stil:
            return None
        if stil not in self.formater:
            props: dict[str, Any] = {}
            for flag in sorted(stil):
                props.update(self._EGENSKAPER[flag])
            self.formater[stil] = self.wb.add_format(props)
        return self.formater[stil]


#: Width of a print area, in column-width units (characters of the default font), that fits on
#: portrait A4 at 100 % within the default margins.  A wider print area is printed landscape.
STAENDE_BREDDE = 90
#: Width of a column XlsxWriter has not been told the width of.
_STANDARDBREDDE = 8.43


def _topptekst(tekst: str) -> str:
    """Text for a header or footer: ``&`` (the code character) doubled, kept short (the format
    allows 255 characters for the whole header)."""
    return tekst[:100].replace("&", "&&")


def _utskrift(ws: Any, hode: str, bredder: Sequence[float], rader: int, hoderader: tuple[int, int] | None) -> None:
    """Print setup of a sheet: A4, landscape when the print area is wider than
    :data:`STAENDE_BREDDE`, fitted to one page wide (as many pages down as it takes), print area
    ``rader`` rows by ``len(bredder)`` columns from A1, ``hoderader`` repeated on every page, the
    agency and year in the header, the sheet's name and «Side N av M» in the footer."""
    ws.set_paper(9)
    if sum(bredder) > STAENDE_BREDDE:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.print_area(0, 0, max(rader, 1) - 1, max(len(bredder), 1) - 1)
    if hoderader is not None:
        ws.repeat_rows(hoderader[0] - 1, hoderader[1] - 1)
    if hode:
        ws.set_header("&L" + _topptekst(hode))
    ws.set_footer("&LArk: &A&RSide &P av &N")


def _radhoyder(ark: _Ark) -> dict[int, float]:
    """Heights (points) of the rows with wrapped text (style ``bryt``) that need more than one
    line: the text wrapped at its cell's width (merged columns added up), a title's larger type
    counted wider.  Written as the rows' heights, so every program shows and prints the whole
    text (Excel does not fit the height of merged cells itself)."""
    ut: dict[int, float] = {}
    for (r, c), cell in ark.celler.items():
        if "bryt" not in cell.stil or cell.type != "s":
            continue
        bredde = sum(ark.bredder.get(j, _STANDARDBREDDE) for j in range(c, ark.flett.get((r, c), c) + 1))
        faktor, linje = (1.45, 18.0) if "title" in cell.stil else ((1.15, 15.0) if "bold" in cell.stil else (1.05, 15.0))
        tegn = max(1, int(bredde / faktor) - 1)
        linjer = sum(max(1, len(textwrap.wrap(del_, tegn, break_long_words=True))) for del_ in cell.verdi.split("\n"))
        if linjer > 1:
            ut[r] = max(ut.get(r, 0.0), linjer * linje + 2)
    return ut


def _skriv_ark(ws: Any, ark: _Ark, stiler: _Stiler, hode: str = "") -> None:
    """Write an in-memory sheet to an XlsxWriter worksheet, in row order (constant_memory), with
    its print setup (:func:`_utskrift`)."""
    for j, w in sorted(ark.bredder.items()):
        ws.set_column(j - 1, j - 1, w)
    if ark.frys is not None:
        ws.freeze_panes(*ark.frys)
    rader = max((r for r, _ in ark.celler), default=1)
    kolonner = ark.utskriftskolonner or max((c for _, c in ark.celler), default=1)
    _utskrift(ws, hode, [ark.bredder.get(j, _STANDARDBREDDE) for j in range(1, kolonner + 1)], rader,
              ark.hoderader)
    for r, hoyde in sorted(_radhoyder(ark).items()):
        ws.set_row(r - 1, hoyde)
    for (r, c), cell in sorted(ark.celler.items()):
        if (r, c) in ark.flett and cell.type == "s":
            ws.merge_range(r - 1, c - 1, r - 1, ark.flett[(r, c)] - 1, cell.verdi, stiler(cell.stil))
            continue
        fmt = stiler(cell.stil)
        if cell.type == "s":
            ws.write_string(r - 1, c - 1, cell.verdi, fmt)
        elif cell.type == "n":
            ws.write_number(r - 1, c - 1, cell.verdi, fmt)
        elif cell.type == "f":
            ws.write_formula(r - 1, c - 1, cell.verdi, fmt, 0 if cell.tekst is None else cell.tekst)
        elif cell.type == "u":
            ws.write_url(r - 1, c - 1, cell.verdi, stiler(cell.stil | {"lenke"}), cell.tekst)
        else:
            ws.write_blank(r - 1, c - 1, None, fmt)


def arknavn(tabeller: Sequence[Tabell]) -> dict[str, str]:
    """Unique sheet names (≤ 31 characters, no ``[]:*?/\\``) for the tables, by table id."""
    used = {n.lower() for n in _RESERVERT}
    out: dict[str, str] = {}
    for t in tabeller:
        base = _ARKNAVN.get(t.id)
        if base is None:
            words = re.split(r"[_.]+", t.id)
            if words[0].lower() == "note" and len(words) > 1:
                words[1] = words[1].upper()
            base = " ".join(words)
            base = base[:1].upper() + base[1:]
        base = re.sub(r"[\[\]:*?/\\']", " ", base).strip()[:31] or "Tabell"
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name.lower())
        out[t.id] = name
    return out


# --------------------------------------------------------------------------- source rows → lines

@dataclass(frozen=True)
class Kildelinje:
    """How the lines of one table column are summed from a source sheet: the line of a source
    row is in the key column ``nokkel`` (filled by the library for every source row), the year
    in ``År``; ``fortegn(line_id)`` is the line's presentation sign, ``kriterium(line_id)`` the
    key value (default: the line id itself), ``ar_forskyvning`` 0 for this year, −1 for the
    prior-year column, and ``ekstra`` further (column, value) criteria."""

    tabell: str
    kolonne: str
    kilde: str  # "S-rapport" or "Hovedbok"
    nokkel: str
    ar_forskyvning: int = 0
    fortegn: Callable[[str], int] = lambda _lid: 1
    kriterium: Callable[[str], str] = lambda lid: lid
    ekstra: tuple[tuple[str, str], ...] = ()


@functools.lru_cache(maxsize=1)
def _srs_fortegn() -> dict[tuple[str, str], int]:
    """Presentation sign of every SRS 1 line (the shipped chart the statements are computed with)."""
    from ..srs.kontoplan_srs import load_kontoplan

    linjer = load_kontoplan().linjer
    return {(str(o), str(l)): int(f or 1) for o, l, f in zip(linjer["oppstilling"], linjer["linje"], linjer["fortegn"])}


def _kildelinjer(regnskap: Any) -> list[Kildelinje]:
    """The statement lines that are sums of source rows (the declaration of :data:`KILDELINJER`
    with the signs of this run's chart of accounts)."""
    from ..kontoplan import standard_kontoplan

    kp = regnskap.grunnlag.kontoplan or standard_kontoplan()
    art_fortegn = dict(zip(kp.linjer["linje"].astype(str), kp.linjer["fortegn"].astype(int)))
    out = [
        Kildelinje("bevilgning_utgifter", "regnskap", "S-rapport", "Bevilgningslinje"),
        Kildelinje("bevilgning_inntekter", "regnskap", "S-rapport", "Bevilgningslinje", fortegn=lambda _l: -1),
        Kildelinje("kapitalkontoer", "belop", "S-rapport", "Bevilgningslinje"),
        Kildelinje("beholdninger", "endring", "S-rapport", "Bevilgningslinje",
                   kriterium=lambda lid: "mv-endring-" + lid[3:]),
        Kildelinje("artskontorapportering", "belop", "S-rapport", "Artskontolinje",
                   fortegn=lambda lid: art_fortegn.get(lid, 1)),
        Kildelinje("artskontorapportering", "belop_fjor", "S-rapport", "Artskontolinje", -1,
                   fortegn=lambda lid: art_fortegn.get(lid, 1)),
    ]
    if getattr(regnskap, "virksomhetsregnskap", None) is not None:
        srs_fortegn = _srs_fortegn()
        for tid in ("resultat", "balanse"):
            for col, d in (("belop", 0), ("belop_fjor", -1)):
                out.append(Kildelinje(tid, col, "Hovedbok", "SRS-linje", d,
                                      fortegn=lambda lid, tid=tid: srs_fortegn.get((tid, lid), 1),
                                      ekstra=(("SRS-oppstilling", tid),)))
    return out


#: The table columns whose lines are SUMIFS over a source sheet: (table id, column, source
#: sheet, key column).  The key columns are filled by the library for every source row
#: (:func:`_srapport_rader`, :func:`_hovedbok_rader`).
KILDELINJER: tuple[tuple[str, str, str, str], ...] = (
    ("bevilgning_utgifter", "regnskap", "S-rapport", "Bevilgningslinje"),
    ("bevilgning_inntekter", "regnskap", "S-rapport", "Bevilgningslinje"),
    ("kapitalkontoer", "belop", "S-rapport", "Bevilgningslinje"),
    ("beholdninger", "endring", "S-rapport", "Bevilgningslinje"),
    ("artskontorapportering", "belop", "S-rapport", "Artskontolinje"),
    ("artskontorapportering", "belop_fjor", "S-rapport", "Artskontolinje"),
    ("resultat", "belop", "Hovedbok", "SRS-linje"),
    ("resultat", "belop_fjor", "Hovedbok", "SRS-linje"),
    ("balanse", "belop", "Hovedbok", "SRS-linje"),
    ("balanse", "belop_fjor", "Hovedbok", "SRS-linje"),
)


#: Lines that repeat a cell of another table (table, line, column) -> (table, line, column):
#: written as a reference to that cell, so they follow it.
LINJEKOPIER: dict[tuple[str, str, str], tuple[str, str, str]] = {
    ("kapitalkontoer", "kap_netto_rapportert", "belop"): ("bevilgning_inntekter", "netto_rapportert", "regnskap"),
}


def _srapport_rader(regnskap: Any) -> pd.DataFrame:
    """Every S-rapport row (this year, then the prior year) with the lines it is summed into:
    ``Bevilgningslinje`` (the post line ``U-kap-post``/``I-kap-post`` of the
    bevilgningsrapportering, ``kk-statskonto`` or ``mv-endring-statskonto`` of the
    kapitalkontoer, ``ukjent_statskonto``) and ``Artskontolinje`` (the line of the
    artskontorapportering, for rows on a kapittel/post), as the statements group them."""
    from ..artskonto.artskontorapportering import linje_koder as artskonto_koder
    from ..bevilgning.bevilgningsrapportering import kapitalkonto_koder
    from ..bevilgning.bevilgningsrapportering import linje_koder as post_koder

    g = regnskap.grunnlag
    srapporter = [g.srapport] + ([g.srapport_fjor] if g.srapport_fjor is not None else [])
    deler, linjer, arter = [], [], []
    start = 0
    for s in srapporter:   # each row's lines as the statements assign them (one declaration each)
        fr = s.frame
        linjer += [(start + pos, codes, verdier) for pos, codes, verdier in (post_koder(s), kapitalkonto_koder(s))]
        pos, codes, verdier = artskonto_koder(s, g.kontoplan)
        arter.append((start + pos, codes, verdier))
        deler.append(fr)
        start += len(fr)
    f = pd.concat(deler, ignore_index=True) if len(deler) > 1 else deler[0].reset_index(drop=True)
    # The source columns as they are (no copy); the file named as printed; the two key columns added.
    return f.assign(_file=_vis_kolonne(regnskap, f["_file"]), Bevilgningslinje=_etiketter(len(f), linjer),
                    Artskontolinje=_etiketter(len(f), arter))


def _etiketter(n: int, deler: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> pd.Categorical:
    """The labels of ``n`` rows as a categorical column, its categories the labels present,
    sorted (a key column's memory ∝ lines, not rows; the sheet writer makes text of the
    categories only).  Each part is ``(positions, codes, labels)``, the rows at ``positions``
    labelled ``labels[codes]``; a row in no part, or whose label is missing, has ``""``."""
    navn: dict[str, int] = {"": 0}
    per_rad = np.zeros(n, dtype=np.int64)
    for pos, codes, verdier in deler:
        nr = np.array([navn.setdefault("" if v is None or v is pd.NA or v != v else str(v), len(navn))
                       for v in verdier], dtype=np.int64)
        per_rad[pos] = nr[codes]
    brukt = np.bincount(per_rad, minlength=len(navn)) > 0
    tekster = list(navn)
    sortert = sorted(np.flatnonzero(brukt), key=tekster.__getitem__)
    ny = np.full(len(navn), -1, dtype=np.int64)
    ny[sortert] = np.arange(len(sortert))
    return pd.Categorical.from_codes(ny[per_rad], categories=pd.Index([tekster[i] for i in sortert], dtype=object))


def _delt(values: np.ndarray) -> pd.Categorical:
    """The same labels as a categorical column, its categories sorted (a key column's memory ∝
    lines, not rows; the sheet writer makes text of the categories only; a missing label stays
    missing)."""
    codes, uniques = pd.factorize(values, sort=True)
    return pd.Categorical.from_codes(codes, categories=pd.Index(np.asarray(uniques, dtype=object), dtype=object))


def _hovedbok_rader(regnskap: Any) -> pd.DataFrame | None:
    """Every SRS ledger row with the SRS line its konto is classified to in its year
    (``SRS-oppstilling``, ``SRS-linje``; blank for a year the statements do not show)."""
    hb = getattr(regnskap.grunnlag, "hovedbok", None)
    if hb is None or not hasattr(hb, "frame"):
        return None
    f = hb.frame.reset_index(drop=True)     # the columns set below are the new frame's (copy on write)
    opp = np.full(len(f), "", dtype=object)
    lin = np.full(len(f), "", dtype=object)
    vr = getattr(regnskap, "virksomhetsregnskap", None)
    if vr is not None and "ar" in f.columns:
        for g in (vr.grunnlag, vr.grunnlag_fjor):
            if g is None:
                continue
            saldo = g.saldo[~g.saldo["beregnet"].astype(bool)]
            kart_o = dict(zip(saldo["konto"].astype(str), saldo["oppstilling"].astype(str)))
            kart_l = dict(zip(saldo["konto"].astype(str), saldo["linje"].astype(str)))
            mask = (f["ar"] == g.ar).to_numpy()
            konto = f.loc[mask, "konto"]
            opp[mask] = _per_verdi(konto, kart_o)
            lin[mask] = _per_verdi(konto, kart_l)
    f["SRS-oppstilling"] = _delt(opp)
    f["SRS-linje"] = _delt(lin)
    f["_file"] = _vis_kolonne(regnskap, f["_file"])
    return f


def _per_verdi(kolonne: pd.Series, kart: dict[str, str]) -> np.ndarray:
    """``kart`` of each value of ``kolonne`` as text (``""`` where it has none, and for a missing
    value), looked up once per distinct value: a categorical column's categories and codes."""
    if isinstance(kolonne.dtype, pd.CategoricalDtype):
        kat = kolonne.cat.categories.astype(str)
        verdier = np.empty(len(kat) + 1, dtype=object)
        verdier[:] = [kart.get(k, "") for k in kat] + [""]
        return verdier[kolonne.cat.codes.to_numpy()]          # code -1 (missing): the last, ""
    return kolonne.astype(str).map(kart).fillna("").to_numpy(dtype=object)


def _vis_kolonne(regnskap: Any, filer: pd.Series) -> pd.Categorical:
    """The ``_file`` column with each file named as printed (:func:`_vis`), mapped once per file
    (a missing file stays missing)."""
    if isinstance(filer.dtype, pd.CategoricalDtype):   # named per category; code -1 (missing) takes the None
        navn = [_vis(regnskap, u) for u in filer.cat.categories] + [None]
        return kategori_per_rad(navn, filer.cat.codes.to_numpy(), dtype=object)
    verdier = filer.astype(object)
    navn = {u: _vis(regnskap, u) for u in pd.unique(verdier.dropna())}
    return _delt(verdier.map(navn).to_numpy(dtype=object))


_BLOKK = 20_000  # source rows converted and written at once
#: A text column of a block refers to shared strings when it has at most one distinct value in
#: this many rows (a column of mostly distinct values, e.g. bilag numbers, stays inline).
_DELT_ANDEL = 4
#: Distinct strings the shared-string table takes at most (it is held in memory until the
#: workbook is written); text beyond it is written inline.
_MAKS_DELTE = 200_000

_TRYGT_KRITERIUM = re.compile(r"[A-Za-z_][\w\-. ]*")


@dataclass
class _Kildeark:
    """A source sheet: its name, header row, columns (frame column, header, kind) and data rows."""

    navn: str
    rader: pd.DataFrame
    kolonner: list[tuple[str, str, str]]  # (frame column, header, "kroner" | "tall" | "tekst")
    aggregert: bool = False
    etikett: str | None = None
    per_fil: dict[str, tuple[int, int]] | None = None

    @property
    def hoderad(self) -> int:
        return 2 if self.etikett else 1

    @property
    def forste(self) -> int:
        return self.hoderad + 1

    @property
    def siste(self) -> int:
        return max(self.hoderad + len(self.rader), self.forste)

    def område(self, header: str) -> str | None:
        """Absolute range of a column by its header, with the sheet name."""
        j = next((i for i, (_, h, _) in enumerate(self.kolonner, start=1) if h == header), None)
        if j is None:
            return None
        col = xl_col_to_name(j - 1)
        return f"{quote_sheetname(self.navn)}!${col}${self.forste}:${col}${self.siste}"

    def kolonne(self, header: str) -> str | None:
        return next((c for c, h, _ in self.kolonner if h == header), None)


_SRAPPORT_KOL = [("ar", "År", "tall"), ("periode", "Periode", "tall"), ("statskonto", "Statskonto", "tekst"),
                 ("artskonto", "Artskonto", "tekst"), ("belop_ore", "Beløp", "kroner"), ("tekst", "Tekst", "tekst"),
                 ("_file", "Fil", "tekst"), ("_row", "Rad", "tall"),
                 ("Bevilgningslinje", "Bevilgningslinje", "tekst"), ("Artskontolinje", "Artskontolinje", "tekst")]
_HOVEDBOK_KOL = [("bilag", "Bilag", "tekst"), ("dato", "Dato", "tekst"), ("konto", "Konto", "tekst"),
                 ("belop_ore", "Beløp", "kroner"), ("tekst", "Tekst", "tekst"), ("kapittel", "Kapittel", "tekst"),
                 ("post", "Post", "tekst"), ("artskonto", "Artskonto", "tekst"), ("_file", "Fil", "tekst"),
                 ("_row", "Rad", "tall"), ("ar", "År", "tall"), ("SRS-oppstilling", "SRS-oppstilling", "tekst"),
                 ("SRS-linje", "SRS-linje", "tekst")]
# The source sheets' columns holding the statement line each row is summed into.
_LINJEKOLONNER = ("Bevilgningslinje", "Artskontolinje", "SRS-oppstilling", "SRS-linje")
# The columns an aggregated source sheet keeps (key and period); the others are per row.
_SRAPPORT_AGG = ("ar", "periode", "statskonto", "artskonto", "_file", "Bevilgningslinje", "Artskontolinje")
_HOVEDBOK_AGG = ("ar", "periode", "konto", "kapittel", "post", "artskonto", "_file", "SRS-oppstilling", "SRS-linje")


def _kildeark(navn: str, rader: pd.DataFrame, spec: list[tuple[str, str, str]], agg: tuple[str, ...],
              maks_rader: int) -> _Kildeark:
    """The source sheet of ``rader``: every row, or aggregated by key and period when the rows
    do not fit in ``maks_rader`` sheet rows (header included)."""
    cols = [c for c in spec if c[0] in rader.columns]
    if len(rader) + 1 <= maks_rader:
        return _Kildeark(navn, rader, cols)
    f = rader.copy()
    if "periode" not in f.columns and "dato" in f.columns:
        f["periode"] = f["dato"].astype("string").str[5:7]
    keys = [k for k in agg if k in f.columns]
    for k in keys:
        if f[k].dtype == object or isinstance(f[k].dtype, (pd.StringDtype, pd.CategoricalDtype)):
            f[k] = f[k].astype("string").fillna("")
    g = f.groupby(keys, sort=True, dropna=False)
    out = g["belop_ore"].sum().astype("int64").to_frame()
    out["_antall"] = g.size().astype("int64")
    out = out.reset_index()
    if len(out) + 2 > maks_rader:
        raise ValueError(f"{navn}: {len(rader)} rader gir {len(out)} aggregerte rader, flere enn arkets "
                         f"{maks_rader - 2}")
    head = {c: (h, kind) for c, h, kind in spec}
    head.setdefault("periode", ("Periode", "tekst"))
    kol = [(k, *head[k]) for k in keys] + [("belop_ore", "Beløp", "kroner"), ("_antall", "Antall rader", "tall")]
    def tall(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    etikett = (f"Aggregert: kilden har {tall(len(rader))} rader, flere enn et ark kan holde "
               f"({tall(maks_rader - 1)}). Én rad per nøkkel og periode med summen og antall kilderader; "
               f"hver kilderad står i kildefilen (se Kilder, SHA-256).")
    return _Kildeark(f"{navn} (aggregert)", out, kol, aggregert=True, etikett=etikett)


def _skriv_kildeark(ws: Any, ark: _Kildeark, stiler: _Stiler, hode: str = "") -> None:
    """Stream a source sheet row by row (constant_memory: rows in order); printed fitted to one
    page wide with the header row on every page."""
    bold = stiler(frozenset({"bold"}))
    kroner = stiler(frozenset({"kroner"}))
    quote = stiler(frozenset({"quote"}))
    bredder = []
    for j, (navn, header, kind) in enumerate(ark.kolonner):
        # The statement-line keys (e.g. andre_utbetalinger_drift) and every header fit their column.
        if navn == "_file":   # as wide as the longest file name, at most 48
            lengste = max((len(str(v)) for v in ark.rader[navn].unique() if not pd.isna(v)), default=0)
            width = min(48, max(13, lengste + 3))
        else:
            width = 18 if kind == "kroner" else (50 if navn == "tekst" else
                                                 (26 if navn in _LINJEKOLONNER else max(13, len(header) + 3)))
        ws.set_column(j, j, width)
        bredder.append(width)
    ws.freeze_panes(ark.hoderad, 0)
    _utskrift(ws, hode, bredder, ark.siste, (ark.hoderad, ark.hoderad))
    if ark.etikett:
        ws.write_string(0, 0, ark.etikett, bold)
    h = ark.hoderad - 1
    for j, (_, header, _) in enumerate(ark.kolonner):
        ws.write_string(h, j, header, bold)
    kinds = [kind for _, _, kind in ark.kolonner]
    fmts = [kroner if kind == "kroner" else None for kind in kinds]
    rask = _rask(ws)
    r = h
    # A block of rows at a time: each column's distinct values turned into cell XML once, the
    # rows put together column-wise by Arrow and written as one string into the row stream;
    # memory is bounded by the block.  Without the row stream: cell by cell through XlsxWriter.
    for start in range(0, len(ark.rader), _BLOKK):
        block = ark.rader.iloc[start:start + _BLOKK]
        if rask:
            _skriv_blokk_raskt(ws, r + 1, block, ark.kolonner, fmts, quote)
            r += len(block)
            continue
        columns = [_kolonneverdier(block[navn], kind) for navn, _, kind in ark.kolonner]
        for rec in zip(*columns):
            r += 1
            for j, v in enumerate(rec):
                if v is None:
                    continue
                if kinds[j] == "tekst":
                    ws.write_string(r, j, v, quote if v[0] in "=+-@" else None)
                else:
                    ws.write_number(r, j, v, fmts[j])


def _kolonneverdier(col: pd.Series, kind: str) -> list[Any]:
    """One column of a block of source rows as cell values: kroner (øre/100), whole numbers, or
    text with XML-illegal characters shown as ``\\xNN`` (``None`` for a blank)."""
    if kind in ("kroner", "tall") and col.dtype.kind in "iu" and len(col):
        arr = col.to_numpy()
        if kind == "tall":
            return arr.tolist()
        if int(np.abs(arr).max()) < 2**53:  # exact in a double, so arr / 100 == int(v) / 100
            return (arr / 100).tolist()  # float ok: øre/100
    if kind == "kroner":
        return [None if pd.isna(v) else int(v) / 100 for v in col.tolist()]  # float ok: øre/100
    if kind == "tall":
        return [None if pd.isna(v) else int(v) for v in col.tolist()]
    if len(col) <= _FA_TEKSTER:
        # a few values (a block's categories or distinct texts): one at a time, without pandas
        verdier = col.tolist()
        if all(v is None or isinstance(v, str) for v in verdier):
            return [(_ULOVLIG.sub(_vis_ulovlig, v) if _ULOVLIG.search(v) else v) if v else None for v in verdier]
    txt = col.astype("string")
    if txt.str.contains(_ULOVLIG, na=False).any():
        txt = txt.str.replace(_ULOVLIG, _vis_ulovlig, regex=True)
    return [v if isinstance(v, str) and v else None for v in txt.astype(object).tolist()]


#: Text values :func:`_kolonneverdier` takes one at a time when they are all text or blank.
_FA_TEKSTER = 2_000


def _vis_ulovlig(m: re.Match[str]) -> str:
    """A character XML cannot carry, shown as ``\\xNN``."""
    return f"\\x{ord(m.group(0)):02x}"


def _rask(ws: Any) -> bool:
    """Whether the worksheet is XlsxWriter's constant_memory worksheet whose row stream the
    fast path writes to (``fh``, ``previous_row``, ``_write_single_row``, ``table``)."""
    return (getattr(ws, "constant_memory", False) and getattr(ws, "fh", None) is not None
            and isinstance(getattr(ws, "previous_row", None), int) and hasattr(ws, "_write_single_row")
            and hasattr(ws, "_check_dimensions") and hasattr(ws, "_escape_control_characters"))




_SPESIELL_TEKST = re.compile(r"[&<>\ufffe\uffff]|_x|^[=+\-@\s]|\s$")


def _skriv_blokk_raskt(ws: Any, first: int, block: pd.DataFrame, kolonner: list[tuple[str, str, str]],
                       fmts: list[Any], quote: Any) -> None:
    """Write a block of data rows of a source sheet (0-based sheet row ``first`` on) as worksheet
    XML straight into the constant_memory row stream: the cells XlsxWriter writes (the same
    values, types and styles), in fewer bytes.

    * A text column whose block has few distinct values (at most one in :data:`_DELT_ANDEL` of
      its rows) refers to the workbook's shared-string table (``<c t="s"><v>3</v></c>``, the
      table XlsxWriter writes as ``sharedStrings.xml``, escaping each string as it does); other
      text is an inline string escaped as XlsxWriter does, as is text the table would take for
      rich text (``<r>…</r>``).
    * A cell carries its reference (``r="E2"``) only after a blank cell; otherwise its column is
      the one after the previous cell's (ECMA-376, the reference is optional).

    Each column is factorised: the XML of a cell after ``<c`` (style, type, value) is made once
    per distinct value of the block (:func:`_kolonneverdier` and the escaping, as for a single
    cell), and Arrow puts the rows together from those pieces and the row numbers, so no
    Python runs per cell.  XlsxWriter writes about 100 000 cells a second one by one; this is
    many times faster, and memory stays bounded by the block (and the shared strings by
    :data:`_MAKS_DELTE`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(block)
    if n == 0 or not kolonner:
        return
    ws._write_single_row(first)  # flush the row before; the row stream is now at ``first``
    styles = [f' s="{f._get_xf_index()}"' if f is not None else "" for f in fmts]
    q_style = f' s="{quote._get_xf_index()}"'
    escape_control = ws._escape_control_characters
    spesial = _SPESIELL_TEKST.search
    tabell = getattr(ws, "str_table", None)
    if not hasattr(tabell, "_get_shared_string_index"):
        tabell = None

    def tekst(v: str) -> str:
        if len(v) <= 32767 and not spesial(v):   # the common text: no escaping, style or attribute
            return f' t="inlineStr"><is><t>{v}</t></is></c>'
        if len(v) > 32767:
            v = v[:32767]
        if "_x" in v or "\ufffe" in v or "\uffff" in v:
            v = escape_control(v)
        style = q_style if v[0] in "=+-@" else ""
        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        preserve = ' xml:space="preserve"' if v[0].isspace() or v[-1].isspace() else ""
        return f'{style} t="inlineStr"><is><t{preserve}>{v}</t></is></c>'

    def delt(v: str, ganger: int) -> str | None:
        """The cell of a shared string (``ganger`` cells refer to it), None for rich-looking text."""
        v = v[:32767]
        if v.startswith("<r>") and v.endswith("</r>"):
            return None
        indeks = tabell._get_shared_string_index(v)
        tabell.count += ganger - 1
        return f'{q_style if v[0] in "=+-@" else ""} t="s"><v>{indeks}</v></c>'

    nums = pc.cast(pa.array(np.arange(first + 1, first + n + 1, dtype=np.int64)), pa.large_string())

    def lit(x: str) -> Any:
        return pa.scalar(x, pa.large_string())

    # The pieces of every row, in order, put together by one join at the end: a piece is an
    # array (one value per row) or a scalar, and no cell is put together on its own first.
    deler: list[Any] = [lit('<row r="'), nums, lit('">')]
    forrige_blank: np.ndarray | None = None    # rows whose previous column's cell is blank

    def start(j: int) -> Any:
        """``<c``, with the cell's reference in the rows where the cell before it is blank."""
        if forrige_blank is None or not forrige_blank.any():
            return lit("<c")
        ref = pc.binary_join_element_wise(lit(f'<c r="{xl_col_to_name(j)}'), nums, lit('"'), lit(""))
        return pc.if_else(pa.array(forrige_blank), ref, lit("<c"))

    for j, (navn, _, kind) in enumerate(kolonner):
        col = block[navn]
        if (kind == "tall" and isinstance(col.dtype, np.dtype) and col.dtype.kind in "iu"
                and -10**16 < int(col.min()) and int(col.max()) < 10**16):
            # whole numbers below 10^16: their digits are what «.16G» writes
            deler += [start(j), lit(f"{styles[j]}><v>"), pc.cast(pa.array(col.to_numpy()), pa.large_string()),
                      lit("</v></c>")]
            forrige_blank = None
            continue
        ore = col.to_numpy() if kind == "kroner" and isinstance(col.dtype, np.dtype) and col.dtype.kind in "iu" \
            else None
        if ore is not None and int(np.abs(ore).max()) < 2**53:
            # øre as kroner, in decimals made from the whole numbers: the double a reader
            # parses from them is øre/100, the value XlsxWriter writes (see _kroner_tekst)
            deler += [start(j), lit(f"{styles[j]}><v>"), *_kroner_deler(ore), lit("</v></c>")]
            forrige_blank = None
            continue
        if kind != "tekst" and col.dtype.kind not in "iu":   # float or object numbers: converted per row
            koder, unike = pd.factorize(pd.Series(_kolonneverdier(col, kind), dtype=object), use_na_sentinel=True)
            verdier = list(unike)
        elif kind == "tekst" and isinstance(col.dtype, pd.CategoricalDtype):
            # the block's category codes factorised (no text made per row); -1 is a blank
            koder, brukt = pd.factorize(col.cat.codes.to_numpy())
            unike = pd.Series(col.cat.categories.take(np.maximum(brukt, 0)), dtype=object)
            unike[brukt < 0] = None
            verdier = _kolonneverdier(unike, kind)
        elif kind == "tekst":
            # the values as they are (a missing value is -1); each distinct value becomes text once
            koder, unike = pd.factorize(col, use_na_sentinel=True)
            verdier = _kolonneverdier(pd.Series(np.asarray(unike, dtype=object), dtype=object), kind)
        else:
            koder, unike = pd.factorize(col, use_na_sentinel=True)
            verdier = _kolonneverdier(pd.Series(unike), kind)
        if kind == "tekst":
            if tabell is not None and len(verdier) * _DELT_ANDEL <= n \
                    and tabell.unique_count + len(verdier) <= _MAKS_DELTE:
                ganger = np.bincount(koder[koder >= 0], minlength=len(verdier))
                kropp = pa.array([None if v is None else (delt(v, int(g)) or tekst(v))
                                  for v, g in zip(verdier, ganger)] + [None], type=pa.large_string())
            else:
                kropp = _inline(verdier, tekst)
        else:
            kropp = pa.array([None if v is None else f"{styles[j]}><v>{v:.16G}</v></c>" for v in verdier] + [None],
                             type=pa.large_string())
        # A blank (code -1 or a value written as no cell) takes the null at the end.
        celle = kropp.take(pa.array(np.where(koder < 0, len(kropp) - 1, koder)))
        if celle.null_count:   # no cell, not even its «<c», in the rows of a blank
            deler.append(pc.fill_null(pc.binary_join_element_wise(start(j), celle, lit("")), lit("")))
            forrige_blank = celle.is_null().to_numpy(zero_copy_only=False)
        else:
            deler += [start(j), celle]
            forrige_blank = None
    deler.append(lit("</row>"))
    samlet: list[Any] = []   # neighbouring scalars as one: the join's work is per piece and row
    for d in deler:
        if samlet and isinstance(d, pa.Scalar) and isinstance(samlet[-1], pa.Scalar):
            samlet[-1] = lit(samlet[-1].as_py() + d.as_py())
        else:
            samlet.append(d)
    rader = pc.binary_join_element_wise(*samlet, lit(""))
    if isinstance(rader, pa.ChunkedArray):
        rader = rader.combine_chunks()
    offsets = np.frombuffer(rader.buffers()[1], dtype=np.int64, count=len(rader) + 1, offset=rader.offset * 8)
    tekst = rader.buffers()[2].slice(int(offsets[0]), int(offsets[-1]) - int(offsets[0]))
    binar = getattr(ws.fh, "buffer", None)
    if binar is not None:   # the UTF-8 bytes as they are, after what the text file holds
        ws.fh.flush()
        binar.write(tekst)
    else:
        ws.fh.write(tekst.to_pybytes().decode("utf-8"))
    last = first + n - 1
    ws._check_dimensions(last, len(kolonner) - 1)
    ws.previous_row = last
    ws.table.clear()


#: The decimals of a whole number of øre in kroner: "" for whole kroner, ".5", ".05", ".25".
_ORE_DESIMALER = [""] + [f".{o // 10}" if o % 10 == 0 else f".{o:02d}" for o in range(1, 100)]


def _kroner_tekst(ore: np.ndarray) -> Any:
    """Whole numbers of øre (|øre| < 2^53) as kroner in the shortest decimal: ``-12.5``, ``0.07``,
    ``3``, by Arrow from the integers.  The decimal is exactly øre/100; a reader parses it to the
    double nearest to that, which is ``øre / 100`` in floating point (øre is exact in a double and
    the division is correctly rounded), the number XlsxWriter writes with ``.16G`` (where
    ``.16G`` shows the double's error, e.g. ``0.07000000000000001``, the double is the same)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*_kroner_deler(ore), pa.scalar("", pa.large_string()))


def _kroner_deler(ore: np.ndarray) -> list[Any]:
    """The pieces of :func:`_kroner_tekst`, to be joined: the sign, the kroner and the decimals."""
    import pyarrow as pa
    import pyarrow.compute as pc

    a = np.abs(ore.astype(np.int64, copy=False))
    tegn = pa.array(["", "-"], pa.large_string()).take(pa.array((ore < 0).view(np.int8)))
    kroner = pc.cast(pa.array(a // 100), pa.large_string())
    desimaler = pa.array(_ORE_DESIMALER, pa.large_string()).take(pa.array(a % 100))
    return [tegn, kroner, desimaler]


# Text whose inline cell needs more than the plain form: anything but printable ASCII (spaces,
# control characters, non-ASCII), XML's specials, «_» (of «_xHHHH_») and a formula's first characters.
_IKKE_ENKEL = r"[^!-~]|[&<>_=+\-@]"


def _inline(verdier: list[str | None], tekst: Callable[[str], str]) -> Any:
    """The inline-string cells (after ``<c``) of distinct text values (``None``: no cell) and a
    null at the end: plain printable ASCII of at most 32 767 characters put together by Arrow, any
    other value by ``tekst`` (the escaping, style and attributes as XlsxWriter writes them)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    tall = pa.array(verdier + [None], type=pa.large_string())
    annen = pc.or_kleene(pc.match_substring_regex(tall, _IKKE_ENKEL), pc.greater(pc.utf8_length(tall), 32767))
    annen = pc.fill_null(annen, False).to_numpy(zero_copy_only=False)
    kropp = pc.binary_join_element_wise(pa.scalar(' t="inlineStr"><is><t>', pa.large_string()), tall,
                                        pa.scalar("</t></is></c>", pa.large_string()), pa.scalar("", pa.large_string()))
    hvor = np.flatnonzero(annen)
    if len(hvor):
        kropp = pc.replace_with_mask(kropp, pa.array(annen),
                                     pa.array([tekst(verdier[i]) for i in hvor], type=pa.large_string()))
    return kropp


class _Linjeformler:
    """SUMIFS formulas of the statement lines that are sums of source rows, with the amount
    the same criteria give in the library (exact øre; compared with the statement's amount)."""

    def __init__(self, regler: Sequence[Kildelinje], kildeark: dict[str, _Kildeark], ar: int) -> None:
        self.regler = {(k.tabell, k.kolonne): k for k in regler if k.kilde in kildeark}
        self.kildeark = kildeark
        self.ar = ar
        self._summer: dict[tuple, dict[tuple, int]] = {}

    def _sum(self, ark: _Kildeark, kolonner: tuple[str, ...], verdier: tuple) -> int:
        key = (ark.navn, kolonner)
        if key not in self._summer:
            # Sums by the raw key values, then merged by their case-folded text (SUMIFS compares
            # text case-insensitively); no per-row copy of the keys.
            f = ark.rader
            summer: dict[tuple, int] = {}
            for k, v in f.groupby(list(kolonner), dropna=False, sort=False)["belop_ore"].sum().items():
                k = k if isinstance(k, tuple) else (k,)
                folded = tuple(x if c == "ar" else ("" if x is None or x is pd.NA or x != x else str(x)).casefold()
                               for c, x in zip(kolonner, k))
                summer[folded] = summer.get(folded, 0) + int(v)
            self._summer[key] = summer
        return self._summer[key].get(verdier, 0)

    def formel(self, tabell: str, kolonne: str, line_id: str, ore: int) -> tuple[str, str] | None:
        """(formula, «Kilde» text) of a line cell, or ``None`` when the line is not the sum of its
        source rows (its amount is then written as a value)."""
        regel = self.regler.get((tabell, kolonne))
        if regel is None:
            return None
        ark = self.kildeark[regel.kilde]
        kriterier = [(regel.nokkel, regel.kriterium(line_id)), *regel.ekstra]
        if not all(_TRYGT_KRITERIUM.fullmatch(v) for _, v in kriterier):
            return None
        ar = self.ar + regel.ar_forskyvning
        kolonner = ("ar", *(ark.kolonne(h) for h, _ in kriterier))
        if any(c is None for c in kolonner) or ark.kolonne("År") is None:
            return None
        sign = regel.fortegn(line_id)
        if sign * self._sum(ark, kolonner, (ar, *(v.casefold() for _, v in kriterier))) != ore:
            return None
        args = [ark.område("Beløp"), ark.område("År"), str(ar)]
        for h, v in kriterier:
            args += [ark.område(h), f'"{v}"']
        text = f"SUMIFS({','.join(args)})"
        formula = "=" + ("-" if sign < 0 else "") + text
        kilde = f"{ark.navn}: " + ", ".join(f"{h} = {v}" for h, v in kriterier) + f", År = {ar}"
        if sign < 0:
            kilde += " (fortegn −)"
        return formula, kilde


# --------------------------------------------------------------------------- table sheets

@dataclass
class _Celler:
    """Where each amount of each table landed: (table id, line id, column) -> (sheet, A1)."""

    adresse: dict[tuple[str, str, str], tuple[str, str]]
    ore: dict[tuple[str, str, str], int]
    rader: dict[str, list[tuple[str, str]]]  # table id -> [(line_id, kind)]
    blank: dict[tuple[str, str, str], tuple[str, str]]  # money cells left blank (NA)


def _sumformel(t: Tabell, lid: str, col: str, celler: _Celler, current: str) -> str | None:
    """The formula of one sum cell from the row's declared terms; ``None`` when no term has a
    written amount (all blank) or a term's table was not written before this one."""
    refs: list[tuple[int, str, str]] = []  # (sign, sheet, A1) of every term, blank ones included
    present: list[bool] = []
    for l in t.ledd(lid):
        key = (l.tabell or t.id, l.linje, col)
        if key in celler.adresse:
            refs.append((l.fortegn, *celler.adresse[key]))
            present.append(True)
        elif key in celler.blank:
            refs.append((l.fortegn, *celler.blank[key]))
            present.append(False)
        else:
            return None
    if not any(present):
        return None
    rows = [int(re.sub(r"[A-Z]+", "", a1)) for _, _, a1 in refs]
    if (len(refs) > 1 and all(k == 1 and sheet == current for k, sheet, _ in refs)
            and rows == list(range(rows[0], rows[0] + len(rows)))):
        return f"=SUM({refs[0][2]}:{refs[-1][2]})"
    parts = []
    for (k, sheet, a1), hit in zip(refs, present):
        if hit:
            parts.append(("-" if k < 0 else "+") + _ref(sheet, a1, current))
    text = "".join(parts)
    return "=" + (text[1:] if text.startswith("+") else text)


#: Why a line amount is a value, by (table, column), for the «Kilde» column.
_VERDIKILDE = {
    ("bevilgning_utgifter", "samlet_tildeling"): "verdi (tildelingen, se Kilder)",
    ("bevilgning_inntekter", "samlet_tildeling"): "verdi (tildelingen, se Kilder)",
    ("bevilgning_utgifter", "merutgift_mindreutgift"): "verdi (samlet tildeling − regnskap)",
    ("bevilgning_inntekter", "merinntekt_mindreinntekt"): "verdi (regnskap − samlet tildeling)",
    ("beholdninger", "ub"): "verdi (inngående mellomværende + endring)",
    ("beholdninger", "ib"): "verdi (inngående mellomværende)",
}


def _verdikilde(tabell: str, kolonne: str, linjer: _Linjeformler | None) -> str:
    if (tabell, kolonne) in _VERDIKILDE:
        return _VERDIKILDE[(tabell, kolonne)]
    if linjer is not None and (tabell, kolonne) in linjer.regler:
        return "verdi (ikke bare summen av kilderadene, f.eks. en beregnet postering)"
    return "verdi"


def _skriv_tabell(ws: _Ark, t: Tabell, celler: _Celler, linjer: _Linjeformler | None = None) -> tuple[int, int]:
    """Write one table; returns (sum/netto rows with an amount written as a value, line cells
    written as formulas over the source rows)."""
    kol = list(t.kolonner)
    # Title, explanation and footnotes span the statement's columns and wrap (the print area).
    ws.tekst(1, 1, t.tittel, "title", "bryt")
    ws.tekst(2, 1, "Beløp i kroner med to desimaler (eksakt: øre/100). Sum- og nettolinjer er formler; "
                   "linjer som er summer av kilderader er SUMIFS over kildearket (kolonnen «Kilde»).", "bryt")
    ws.flett[(1, 1)] = ws.flett[(2, 1)] = len(kol)
    head = [k.overskrift.strip() or k.navn for k in kol] + ["Linje-id", "Type", "Sum som", "Summerer", "Kilde"]
    for j, h in enumerate(head, start=1):
        ws.tekst(3, j, h, "bold", "bryt")
    first = 4
    money = [k.navn for k in kol if k.penger]
    colno = {k.navn: i for i, k in enumerate(kol, start=1)}
    overskrift = {k.navn: k.overskrift.strip() or k.navn for k in kol}
    som_verdi = 0
    fra_kilde = 0
    celler.rader[t.id] = []
    for i, rec in enumerate(t.rader.to_dict("records")):
        r = first + i
        kind = str(rec["kind"])
        lid = str(rec["line_id"])
        celler.rader[t.id].append((lid, kind))
        for k in kol:
            if not k.penger:
                ws.tekst(r, colno[k.navn], rec[k.navn])
        ws.tekst(r, len(kol) + 1, lid)
        ws.tekst(r, len(kol) + 2, kind)
        for c in money:
            key = (t.id, lid, c)
            if pd.isna(rec[c]):
                celler.blank[key] = (ws.title, _a1(r, colno[c]))
            else:
                celler.adresse[key] = (ws.title, _a1(r, colno[c]))
                celler.ore[key] = int(rec[c])
        if kind in ("sum", "netto"):
            formler = 0
            verdier = 0
            sumkol = set(t.ledd_kolonner(lid))
            for c in money:
                formel = _sumformel(t, lid, c, celler, ws.title) if c in sumkol and not pd.isna(rec[c]) else None
                if formel is None:
                    ws.kroner(r, colno[c], rec[c])
                    verdier += not pd.isna(rec[c])
                else:
                    ws.formel(r, colno[c], formel, rec[c])
                    formler += 1
            if formler or verdier:
                ws.tekst(r, len(kol) + 3, "formel" if formler else "verdi")
            som_verdi += bool(verdier) and not formler
            ws.tekst(r, len(kol) + 4, t.ledd_tekst(lid) or None)
            for j in range(1, len(head) + 1):
                ws.stil(r, j, "bold", "top")
        else:
            kilder: list[str] = []
            for c in money:
                if pd.isna(rec[c]):
                    continue
                hit = linjer.formel(t.id, c, lid, int(rec[c])) if linjer is not None and kind == "line" else None
                kopi = LINJEKOPIER.get((t.id, lid, c))
                if kopi is not None and kopi in celler.adresse and celler.ore[kopi] == int(rec[c]):
                    sheet, a1 = celler.adresse[kopi]
                    hit = ("=" + _ref(sheet, a1, ws.title), f"= {kopi[0]}:{kopi[1]}")
                if hit is None:
                    ws.kroner(r, colno[c], rec[c])
                    if kind == "line":
                        kilder.append(f"{overskrift[c]}: {_verdikilde(t.id, c, linjer)}")
                else:
                    ws.formel(r, colno[c], hit[0], rec[c])
                    kilder.append(f"{overskrift[c]}: {hit[1]}")
                    fra_kilde += 1
            ws.tekst(r, len(kol) + 5, "; ".join(kilder) or None)
            if kind == "header":
                ws.stil(r, 1, "bold")
    r = first + len(t.rader) + 1
    for note in t.fotnoter:
        ws.tekst(r, 1, note, "bryt")
        ws.flett[(r, 1)] = len(kol)
        r += 1
    ws.frys = (3, 0)
    # Printed: the statement's own columns (not the technical ones after it), header row repeated.
    ws.hoderader = (3, 3)
    ws.utskriftskolonner = len(kol)
    for j, k in enumerate(kol, start=1):
        if k.penger:
            width = 20
        else:
            texts = [str(v) for v in t.rader[k.navn] if isinstance(v, str)] + [head[j - 1]]
            width = min(60, max(8, max(len(s) for s in texts) + 2))
        ws.bredder[j] = width
    for j, w in ((len(kol) + 1, 28), (len(kol) + 2, 8), (len(kol) + 3, 9), (len(kol) + 4, 40), (len(kol) + 5, 60)):
        ws.bredder[j] = w
    return som_verdi, fra_kilde


# --------------------------------------------------------------------------- checks

#: A signed reference to table cells (:class:`imdi_ledger.regelverk.Celle`).
Ledd = Celle
#: One row of the ``Kontroller`` sheet (:class:`imdi_ledger.regelverk.Identitet`): an identity
#: across sheets and the id of the catalogue rule that checks it on a published årsregnskap.
Kontroll = Identitet

KONTROLLER: tuple[Kontroll, ...] = KRYSSIDENTITETER
"""The cross-sheet identities of the ``Kontroller`` sheet (:data:`imdi_ledger.regelverk.KRYSSIDENTITETER`,
note ties included).  A check whose cells are absent (a statement not computed, or a blank cell)
is listed as «IKKE VURDERT»."""


def _per_post_kontroller(celler: _Celler, regnskap: Any) -> list[Kontroll]:
    """The per-post identities (:data:`imdi_ledger.regelverk.IDENTITETER_PER_POST`: Note A ↔
    bevilgningsrapportering, Note B k ≤ j) for every post whose cells are in the workbook, and
    the R-2 cap (:data:`~imdi_ledger.regelverk.FEM_PROSENT_PER_POST`) for every printed Note B
    row of a driftspost under the 5 % rule."""
    bev = getattr(regnskap, "bevilgning", None)
    poster = [] if bev is None else list(zip(bev.poster["kapittel"].astype(str), bev.poster["post"].astype(str)))
    out = [k for ident in IDENTITETER_PER_POST for kap, post in poster
           if not _mangler((k := per_post(ident, kap, post)).venstre + k.hoyre, celler)]
    note_b = getattr(regnskap, "note_b", None)
    if note_b is None:
        return out
    mal = FEM_PROSENT_PER_POST
    if note_b.spec.grunnlag_5_prosent is Grunnlag5Prosent.SAMLET_TILDELING:
        mal = replace(mal, tekst=mal.tekst.replace("tildelingen", "samlet tildeling"),
                      hoyre=tuple(replace(c, kolonne="samlet_tildeling") for c in mal.hoyre))
    for rec in note_b.frame.to_dict("records"):
        stikkord = str(rec.get("stikkord") or "")
        if (not rec["vis_i_note"] or not er_femprosentpost(rec["post"]) or pd.isna(rec["grunnlag_maks_ore"])
                or KAN_OVERFORES in stikkord or OVERSLAGSBEVILGNING in stikkord):
            continue
        k = per_post(mal, str(rec["kapittel"]), str(rec["post"]))
        if not _mangler(k.venstre + k.hoyre, celler):
            out.append(k)
    return out


def _fem_prosent_formel(sum_formel: str) -> str:
    """The R-2 cap in the sheet, exact in øre: ⌊max(base, 0) × p / q⌋ øre, as kroner."""
    teller, nevner = FEM_PROSENT
    return f"INT(MAX(0,ROUND(({sum_formel})*100,0))*{teller}/{nevner})/100"


def _fem_prosent_ore(ore: int) -> int:
    teller, nevner = FEM_PROSENT
    return max(0, ore) * teller // nevner


def _cellenokler(l: Ledd, celler: _Celler) -> list[tuple[str, str, str]]:
    if any(ch in l.linje for ch in "*?["):
        lids = [lid for lid, kind in celler.rader.get(l.tabell, []) if kind == "line"
                and fnmatch.fnmatchcase(lid, l.linje)]
        return [(l.tabell, lid, l.kolonne) for lid in lids]
    return [(l.tabell, l.linje, l.kolonne)]


def _refs(ledd: Iterable[Ledd], celler: _Celler, current: str) -> tuple[str, int]:
    """Formula text for a signed sum of the cells present (``0`` for none), and its øre."""
    parts: list[str] = []
    ore = 0
    for l in ledd:
        for k in _cellenokler(l, celler):
            if k in celler.adresse:
                parts.append(("-" if l.faktor < 0 else "+") + _ref(*celler.adresse[k], current))
                ore += int(l.faktor) * celler.ore[k]
    text = "".join(parts)
    return (text[1:] if text.startswith("+") else text) or "0", ore


def _mangler(ledd: Iterable[Ledd], celler: _Celler) -> list[str]:
    out = []
    for l in ledd:
        if any(ch in l.linje for ch in "*?["):
            if not any(k in celler.adresse for k in _cellenokler(l, celler)):
                out.append(f"{l.tabell}/{l.linje}/{l.kolonne}")
        elif (l.tabell, l.linje, l.kolonne) not in celler.adresse:
            out.append(f"{l.tabell}/{l.linje}/{l.kolonne}")
    return out


# --------------------------------------------------------------------------- sources

@dataclass(frozen=True)
class _Kilde:
    type: str
    file: str
    rader: int | None
    sha256: str | None
    sum_ore: int | None


def _vis(regnskap: Any, file: Any) -> Any:
    """An input file as named in the workbook: relative to the input folder (``Grunnlag.vist_navn``)."""
    vist = getattr(regnskap.grunnlag, "vist_navn", None)
    return vist(file) if vist is not None and isinstance(file, str) and "mappe" in regnskap.grunnlag.ekstra else file


def _kilder(regnskap: Any, kildefiler: dict[str, set[str]]) -> list[_Kilde]:
    """Every input file of ``grunnlag.kilder()``, typed by the source sheet holding its rows
    (``Inndata`` for a file whose rows are summarised in the statements only)."""
    out = []
    for k in regnskap.grunnlag.kilder():
        type_ = next((ark for ark, files in kildefiler.items() if _vis(regnskap, k.file) in files), "Inndata")
        out.append(_Kilde(type_, _vis(regnskap, k.file), k.rader, k.sha256, k.sum_ore))
    return out


def _inndata_sha256(kilder: Sequence[_Kilde]) -> str:
    """One SHA-256 over the inputs: of the lines «SHA-256 of the file, file name», sorted."""
    lines = sorted(f"{k.sha256 or '-'}  {Path(k.file).name}" for k in kilder)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- the workbook

def skriv_arbeidsbok(regnskap: Any, path: str | Path, *, findings: Sequence[Finding] | None = None,
                     maks_rader: int = MAKS_RADER) -> Path:
    """Write the auditor's workbook of ``regnskap`` (an
    :class:`imdi_ledger.regnskap.Aarsregnskap`) to ``path``; returns the path.

    ``findings`` is the run's one list of findings (default:
    :func:`imdi_ledger.avstemming.eksport.alle_funn` of ``regnskap``, the list the report
    shows); the cover's counts and the Funn sheet show exactly that list.  A source sheet
    whose rows do not fit in ``maks_rader`` sheet rows (the xlsx limit; a parameter for
    tests) is written aggregated by key and period."""
    from .._version import __version__
    from ..avstemming.eksport import alle_funn

    funn = tuple(findings) if findings is not None else alle_funn(regnskap)

    path = Path(path)
    tabeller = regnskap.tabeller()
    navn = arknavn(tabeller)

    # Source sheets first (the statement lines and Kilder sum over them).
    kildeark = {"S-rapport": _kildeark("S-rapport", _srapport_rader(regnskap), _SRAPPORT_KOL, _SRAPPORT_AGG,
                                       maks_rader)}
    hb = _hovedbok_rader(regnskap)
    if hb is not None:
        kildeark["Hovedbok"] = _kildeark("Hovedbok", hb, _HOVEDBOK_KOL, _HOVEDBOK_AGG, maks_rader)
    linjer = _Linjeformler(_kildelinjer(regnskap), kildeark, int(regnskap.ar))

    celler = _Celler({}, {}, {}, {})
    som_verdi: dict[str, int] = {}
    fra_kilde: dict[str, int] = {}
    tabellark: list[_Ark] = []
    for t in tabeller:
        ark = _Ark(navn[t.id])
        som_verdi[t.id], fra_kilde[t.id] = _skriv_tabell(ark, t, celler, linjer)
        tabellark.append(ark)

    kildefiler = {type_: set(_per_fil(a)) for type_, a in kildeark.items()}
    kilder = _kilder(regnskap, kildefiler)
    kilder_ws = _Ark("Kilder")
    kilde_kontroller = _skriv_kilder(kilder_ws, kilder, kildeark)
    funn_ws = _Ark("Funn")
    _skriv_funn(funn_ws, funn)
    kontroll_ws = _Ark("Kontroller")
    kontroller = list(KONTROLLER) + _per_post_kontroller(celler, regnskap)
    status, ok = _skriv_kontroller(kontroll_ws, kontroller, celler, kilde_kontroller)
    om = _Ark("Om")
    arkliste = ["Om", *(a.title for a in tabellark), "Kontroller", "Funn", "Kilder",
                *(a.navn for a in kildeark.values())]
    _skriv_om(om, regnskap, funn, tabeller, navn, som_verdi, fra_kilde, status, ok, __version__, kilder,
              arkliste, kildeark)

    wb = _Arbeidsbok(str(path), {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                              "strings_to_urls": False})
    try:
        wb.set_properties({"title": f"Årsregnskap {regnskap.ar} – arbeidsbok for revisjon",
                           "author": f"imdi_ledger {__version__}", "created": _DOKUMENTTID})
        stiler = _Stiler(wb)
        hode = f"Årsregnskap {regnskap.ar}" + (f" – {regnskap.grunnlag.virksomhet}"
                                                if regnskap.grunnlag.virksomhet else "")
        for ark in (om, *tabellark, kontroll_ws, funn_ws, kilder_ws):
            _skriv_ark(wb.add_worksheet(ark.title), ark, stiler, hode)
        for ka in kildeark.values():
            _skriv_kildeark(wb.add_worksheet(ka.navn), ka, stiler, hode)
        wb.define_name("Kontrollstatus", f"=Kontroller!{status}")
    finally:
        wb.close()
    return path


class _Radfilark(Worksheet):
    """XlsxWriter's worksheet, its rows (in constant_memory mode) deflated as they are written
    (:class:`~imdi_ledger.render.xlsxzip.Radstrom`, in place of XlsxWriter's temporary row file)
    instead of written to a file, copied into the sheet's XML and deflated when the workbook is
    packed.  The sheet's XML holds a hole where the rows go, which the packing fills with the
    deflated rows (:class:`~imdi_ledger.render.xlsxzip.ParallellZip`); a sheet packed another
    way gets its rows inflated into the XML."""

    def _initialize(self, init_data: Any) -> None:
        import os

        from .xlsxzip import Radstrom

        super()._initialize(init_data)
        fil = getattr(self, "row_data_fh", None)
        if not self.constant_memory or fil is None or getattr(self, "fh", None) is not fil:
            return
        fil.close()
        if self.row_data_filename and os.path.exists(self.row_data_filename):
            os.unlink(self.row_data_filename)
        self.row_data_fh = self.fh = Radstrom()

    def _write_optimized_sheet_data(self) -> None:
        from .xlsxzip import Radstrom

        rader = getattr(self, "row_data_fh", None)
        if not isinstance(rader, Radstrom):
            return super()._write_optimized_sheet_data()
        self.row_data_fh_closed = True
        if self.dim_rowmin is None:
            rader.close()
            self._xml_empty_tag("sheetData")
            return
        self._xml_start_tag("sheetData")
        hull = getattr(self, "_hull", None)
        binar = getattr(self.fh, "buffer", None)
        navn = getattr(self.fh, "name", None)
        self.fh.flush()
        if hull is not None and binar is not None and isinstance(navn, str):
            hull[navn] = (binar.tell(), rader)
        elif binar is not None:
            for bit in rader.rader():
                binar.write(bit)
        else:
            import codecs

            tekst = codecs.getincrementaldecoder("utf-8")()
            for bit in rader.rader():
                self.fh.write(tekst.decode(bit))
            self.fh.write(tekst.decode(b"", final=True))
        self._xml_end_tag("sheetData")


class _Arbeidsbok(Workbook):
    """XlsxWriter's workbook, its parts deflated on several threads when it is packed
    (:class:`~imdi_ledger.render.xlsxzip.ParallellZip`), the sheets' rows as they were deflated
    while written.  The packing method is XlsxWriter's own, run with ``ZipFile`` naming the
    parallel writer; an XlsxWriter whose packing does not name ``ZipFile`` packs as it always
    does (the rows inflated into each sheet's XML).  Its sheets are :class:`_Radfilark`."""

    worksheet_class = _Radfilark

    def _store_workbook(self) -> None:
        import types

        from . import xlsxzip

        lagre = Workbook._store_workbook
        kode = getattr(lagre, "__code__", None)
        if kode is None or "ZipFile" not in kode.co_names:
            return lagre(self)
        hull: dict[str, Any] = {}
        for ws in self.worksheets():
            ws._hull = hull
        navnerom = dict(lagre.__globals__, ZipFile=functools.partial(xlsxzip.ParallellZip, hull=hull))
        try:
            return types.FunctionType(kode, navnerom, lagre.__name__, lagre.__defaults__, lagre.__closure__)(self)
        finally:
            for _, rader in hull.values():   # rows never packed (an error on the way): their thread stops
                rader.close()


def _per_fil(ka: _Kildeark) -> dict[str, tuple[int, int]]:
    """Rows and sum (øre) per file in a source sheet (``COUNTIF``/``SUMIF`` by file)."""
    if ka.per_fil is None:
        antall = "_antall" if ka.aggregert else None
        g = ka.rader.groupby("_file", dropna=False, sort=False)
        rows = g[antall].sum() if antall else g.size()
        sums = g["belop_ore"].sum()
        ka.per_fil = {str(f): (int(rows[f]), int(sums[f])) for f in rows.index}
    return ka.per_fil


def _skriv_kilder(ws: _Ark, kilder: list[_Kilde], kildeark: dict[str, _Kildeark]) -> list[tuple]:
    """Provenance sheet; returns the checks for the Kontroller sheet: (id, text, left cell, right
    cell, left value, right value, whether the values are øre (else row counts))."""
    head = ["Type", "Fil", "Rader lest", "SHA-256", "Sum (kr)", "Rader i arket", "Sum i arket (kr)"]
    for j, h in enumerate(head, start=1):
        ws.tekst(1, j, h, "bold")
    out = []
    for i, k in enumerate(kilder):
        r = 2 + i
        ws.tekst(r, 1, k.type)
        ws.tekst(r, 2, k.file)
        ws.tall(r, 3, k.rader)
        ws.tekst(r, 4, k.sha256 or "ikke oppgitt")
        ws.kroner(r, 5, k.sum_ore)
        ka = kildeark.get(k.type)
        if ka is None:
            continue
        files = ka.område("Fil")
        amounts = ka.område("Beløp")
        per_fil = _per_fil(ka)
        n, s = per_fil.get(k.file, (0, 0))
        if ka.aggregert:
            ws.formel(r, 6, f"=SUMIF({files},B{r},{ka.område('Antall rader')})", n, kroner=False)
        else:
            ws.formel(r, 6, f"=COUNTIF({files},B{r})", n, kroner=False)
        ws.formel(r, 7, f"=SUMIF({files},B{r},{amounts})", s)
        out.append((f"KILDE-RADER {i + 1}", f"{k.type} {Path(k.file).name}: rader i arket = rader lest",
                    f"Kilder!F{r}", f"Kilder!C{r}", n, k.rader or 0, False))
        if k.sum_ore is not None:
            out.append((f"KILDE-SUM {i + 1}", f"{k.type} {Path(k.file).name}: sum i arket = sum lest",
                        f"Kilder!G{r}", f"Kilder!E{r}", s, int(k.sum_ore), True))
    ws.frys = (1, 0)
    ws.hoderader = (1, 1)
    for j, w in enumerate((11, 60, 11, 68, 20, 13, 20), start=1):
        ws.bredder[j] = w
    return out


def _skriv_funn(ws: _Ark, findings: Sequence[Finding]) -> None:
    head = ["Regel", "Alvorlighet", "Oppstilling", "Linje", "Melding", "Forventet (kr)", "Faktisk (kr)",
            "Differanse (kr)", "Toleranse (kr)", "Kilde", "Fil", "Rad", "Kolonne"]
    for j, h in enumerate(head, start=1):
        ws.tekst(1, j, h, "bold")
    for i, f in enumerate(findings):
        r = 2 + i
        for j, v in enumerate((f.rule, f.severity.value, f.statement, f.line, f.message), start=1):
            ws.tekst(r, j, v, *(("bryt",) if j == 5 else ()))
        for j, v in enumerate((f.expected_ore, f.actual_ore, f.difference_ore, f.tolerance_ore), start=6):
            ws.kroner(r, j, v)
        ws.tekst(r, 10, f.reference)
        ws.tekst(r, 11, f.file)
        ws.tall(r, 12, f.row)
        ws.tekst(r, 13, f.column)
    ws.frys = (1, 0)
    ws.hoderader = (1, 1)
    for j, w in enumerate((28, 11, 18, 16, 80, 18, 18, 18, 14, 40, 40, 7, 16), start=1):
        ws.bredder[j] = w


def _status(diff_ore: int) -> str:
    return "OK" if diff_ore == 0 else "AVVIK"


def _skriv_kontroller(ws: _Ark, kontroller: list[Kontroll], celler: _Celler,
                      kilde_kontroller: list[tuple]) -> tuple[str, bool]:
    """Write the check sheet; returns the address of the master check cell and whether it is OK."""
    ws.tekst(1, 1, "Kontroller", "title")
    ws.tekst(2, 1, "Samlet status (OK når ingen kontroll viser AVVIK)", "bold")
    ws.tekst(3, 1, "Differanse = venstre − høyre (for ≤: overskridelse, 0 når innenfor). "
                   "OK når |differanse| < 0,005 kr.")
    head = ["Kontroll", "Beskrivelse", "Kilde", "Venstre (kr)", "Høyre (kr)", "Differanse (kr)", "Status",
            "Regel i katalogen"]
    for j, h in enumerate(head, start=1):
        ws.tekst(4, j, h, "bold")
    r = 5
    statuser: list[str] = []
    for k in kontroller:
        ws.tekst(r, 1, k.id)
        ws.tekst(r, 2, k.tekst, "bryt")
        ws.tekst(r, 3, k.kilde)
        ws.tekst(r, 8, k.regel)
        mangler = _mangler(k.venstre, celler) + _mangler(k.hoyre, celler)
        if mangler:
            ws.tekst(r, 6, "mangler: " + ", ".join(mangler))
            ws.tekst(r, 7, "IKKE VURDERT")
        else:
            venstre, v_ore = _refs(k.venstre, celler, ws.title)
            hoyre, h_ore = _refs(k.hoyre, celler, ws.title)
            if k.fem_prosent:
                hoyre, h_ore = _fem_prosent_formel(hoyre), _fem_prosent_ore(h_ore)
            diff = max(0, v_ore - h_ore) if k.ulikhet else v_ore - h_ore
            ws.formel(r, 4, "=" + venstre, v_ore)
            ws.formel(r, 5, "=" + hoyre, h_ore)
            ws.formel(r, 6, f"=MAX(0,D{r}-E{r})" if k.ulikhet else f"=D{r}-E{r}", diff)
            ws.formel(r, 7, f'=IF(ABS(F{r})<0.005,"OK","AVVIK")', _status(diff), kroner=False)
            statuser.append(_status(diff))
        r += 1
    for kid, tekst, left, right, l_verdi, r_verdi, kroner in kilde_kontroller:
        ws.tekst(r, 1, kid)
        ws.tekst(r, 2, tekst)
        ws.tekst(r, 3, "Designprinsipp 5: ingenting tapes")
        ws.tekst(r, 8, "ingen (kildefil mot arbeidsbok)")
        # Row counts are whole numbers: written (and cached) as numbers, not kroner.
        diff = l_verdi - r_verdi
        ws.formel(r, 4, "=" + left, l_verdi, kroner=kroner)
        ws.formel(r, 5, "=" + right, r_verdi, kroner=kroner)
        ws.formel(r, 6, f"=D{r}-E{r}", diff, kroner=kroner)
        ws.formel(r, 7, f'=IF(ABS(F{r})<0.005,"OK","AVVIK")', _status(diff), kroner=False)
        statuser.append(_status(diff))
        r += 1
    last = max(r - 1, 5)
    ok = "AVVIK" not in statuser
    ws.formel(2, 7, f'=IF(COUNTIF(G5:G{last},"AVVIK")=0,"OK","AVVIK")', "OK" if ok else "AVVIK", "bold",
              kroner=False)
    ws.frys = (4, 0)
    ws.hoderader = (4, 4)
    for j, w in enumerate((26, 80, 40, 20, 20, 18, 14, 22), start=1):
        ws.bredder[j] = w
    return "$G$2", ok


def _skriv_om(ws: _Ark, regnskap: Any, funn: Sequence[Finding], tabeller: Sequence[Tabell],
              navn: dict[str, str], som_verdi: dict[str, int], fra_kilde: dict[str, int], status: str,
              kontroller_ok: bool, version: str, kilder: Sequence[_Kilde], arkliste: list[str],
              kildeark: dict[str, _Kildeark]) -> None:
    g = regnskap.grunnlag
    ws.tekst(1, 1, "Årsregnskap – arbeidsbok for revisjon", "title")
    feil = sum(1 for f in funn if f.severity is Severity.ERROR)
    samlet = "OK" if kontroller_ok and feil == 0 else "AVVIK"
    aggregert = [ka.navn for ka in kildeark.values() if ka.aggregert]
    rows: list[tuple[str, object]] = [
        ("Virksomhet", g.virksomhet or ""),
        ("Regnskapsår", int(regnskap.ar)),
        ("Verktøy", f"imdi_ledger {version}"),
        ("Kontrollstatus", (f'=IF(AND(Kontroller!{status}="OK",COUNTIF(Funn!$B$2:$B${len(funn) + 2},'
                            f'"{Severity.ERROR.value}")=0),"OK","AVVIK")', samlet)),
        ("Kontroller i arket", (f"=Kontroller!{status}", "OK" if kontroller_ok else "AVVIK")),
        ("Funn", f"{oppsummering(funn)} (se arket Funn)"),
        ("Beløp", "Kroner med to desimaler. Hvert tall er eksakt: biblioteket regner i hele øre, og "
                  "verdien i cellen er øre/100. Tallformat #,##0.00 (vises etter leserens språkinnstilling)."),
        ("Avrunding", "Arbeidsboken avrunder ikke. Publiserte tall er hele kroner, avrundet halvt bort fra "
                      "null (50 øre → 1 kr, −50 øre → −1 kr); en publisert sum kan derfor avvike 1–2 kr "
                      "fra summen av publiserte linjer."),
        ("Fortegn", "Kildedata: debet positivt (S-rapport: utgift +, inntekt −, innbetaling konsernkonto +, "
                    "utbetaling −; mellomværende: fordringer +, gjeld −). Oppstillingene viser fortegn slik "
                    "hver linje er deklarert i R-115/SRS-oppsettet."),
        ("Formler", "Sum- og nettolinjer er formler over leddene oppstillingen deklarerer for dem (kolonnen "
                    "«Summerer»: linje-id med fortegn, «tabell:linje» for en linje i en annen tabell); kolonnen "
                    "«Sum som» viser «formel», eller «verdi» der alle leddene er blanke. Linjer som er summen "
                    "av kilderader (bevilgningsrapportering per post, kapitalkontoer, artskontorapportering, "
                    "resultatregnskap og balanse) er SUMIFS over kildearket etter linjen biblioteket har gitt "
                    "hver kilderad (kolonnen «Kilde»); andre linjer er verdier. "
                    "Arket Kontroller regner identitetene mellom arkene. Kontrollstatus er OK når ingen "
                    "kontroll viser AVVIK og ingen funn i arket Funn er en feil (error); arket Funn har "
                    "samme funn som rapporten og funn.json. Hver formel er lagret med verdien biblioteket "
                    "regnet ut, og regnearket beregner formlene på nytt ved åpning."),
        ("Kilder", "Arket Kilder viser filer, rader, SHA-256 og summer; S-rapport (og Hovedbok) viser "
                   "hver kilderad med fil og radnummer og linjen den summeres i."
                   + (f" {', '.join(aggregert)}: for mange rader for ett ark; kildeaket er aggregert per "
                      f"nøkkel og periode, med antall rader." if aggregert else "")),
        ("Inndata (SHA-256)", f"{_inndata_sha256(kilder)} – over {len(kilder)} filer (SHA-256 per fil i "
                              f"arket Kilder)"),
    ]
    for i, (k, v) in enumerate(rows, start=3):
        ws.tekst(i, 1, k, "bold")
        if isinstance(v, tuple):
            ws.formel(i, 2, v[0], v[1], "bold", kroner=False)
        elif isinstance(v, int):
            ws.tall(i, 2, v)
        else:
            ws.tekst(i, 2, v, "bryt")
    r = 3 + len(rows) + 1
    for j, h in enumerate(("Ark", "Innhold", "Sumlinjer som verdi", "Linjer fra kilderadene (formel)"), start=1):
        ws.tekst(r, j, h, "bold")
    for t in tabeller:
        r += 1
        ws.lenke(r, 1, f"{quote_sheetname(navn[t.id])}!A1", navn[t.id])
        ws.tekst(r, 2, t.tittel, "bryt")
        ws.tall(r, 3, som_verdi.get(t.id, 0))
        ws.tall(r, 4, fra_kilde.get(t.id, 0))
    tekster = {"Kontroller": "Kontroller på tvers av arkene", "Funn": "Funn fra bibliotekets regler",
               "Kilder": "Inndatafiler, rader, SHA-256", "S-rapport": "Kilderader S-rapport",
               "Hovedbok": "Kilderader SRS-hovedbok",
               "S-rapport (aggregert)": "S-rapport aggregert per nøkkel og periode",
               "Hovedbok (aggregert)": "SRS-hovedbok aggregert per nøkkel og periode"}
    for extra in arkliste:
        if extra in tekster:
            r += 1
            ws.lenke(r, 1, f"{quote_sheetname(extra)}!A1", extra)
            ws.tekst(r, 2, tekster[extra])
    ws.bredder.update({1: 26, 2: 110, 3: 20, 4: 20})
