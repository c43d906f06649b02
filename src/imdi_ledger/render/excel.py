"""The auditor's Excel workbook of one årsregnskap (R-115 part VI oppstillinger and notes,
SRS virksomhetsregnskap and notes, Note 7A/7B), built with openpyxl.

Sheets, in order:

* ``Om`` — entity, year, tool version, principles (øre, rounding, sign convention), the
  master check and a table of contents.
* one sheet per :class:`~imdi_ledger.tabell.Tabell` in the order of
  :meth:`imdi_ledger.regnskap.Aarsregnskap.tabeller` (R-115 order).  Amounts are kroner with
  two decimals, each the exact øre amount divided by 100, number format ``#,##0.00``.  Line
  rows are values; sum and netto rows are **live formulas** written from the terms the table
  declares (:meth:`Tabell.ledd <imdi_ledger.tabell.Tabell.ledd>`), in every money column the
  terms apply to: ``=SUM(C5:C9)`` when the terms are added rows directly below one another on
  the same sheet, else ``=C5-C6+C9`` term by term, with a sheet reference for a term in another
  table (``bevilgning_inntekter`` «Netto rapportert» = ``='Bevilgning utgifter'!G40-G12``).
  A term whose cell is blank (NA) counts as 0 and is left out of the formula; a sum row whose
  terms are all blank, a row declared as a value (``verdirader``) and the money columns a row's
  terms do not apply to are written as values.  The sheet's column «Sum som» says ``formel`` or
  ``verdi`` for each sum/netto row; «Summerer» lists its terms (:meth:`Tabell.ledd_tekst`).
* ``Kontroller`` — one row per identity across sheets (:data:`KONTROLLER`, declared in
  :data:`imdi_ledger.regelverk.KRYSSIDENTITETER`; Note B k ≤ j and the R-2 5 % cap per post;
  row counts and totals of every source file), each a formula computing the difference and
  ``=IF(ABS(diff)<0.005,"OK","AVVIK")``, and the catalogue rule it corresponds to; cell ``G2``
  is the master check.
* ``Funn`` — every finding of the library (rule, severity, message, expected/actual/difference
  in kroner, file, row).
* ``Kilder`` — input files, rows read, SHA-256, sum, and formulas counting the rows and
  summing the amounts present in the source sheets.
* ``S-rapport`` (and ``Hovedbok`` when the inputs include the SRS ledger) — every source row
  with its file and row number.

Text from inputs is always stored as a string cell (never a formula, whatever its first
character), with characters XML cannot carry shown as ``\\xNN``.  openpyxl stores formulas
without cached results; the workbook asks the spreadsheet to recalculate on load
(``fullCalcOnLoad``).  Only this module imports openpyxl (STYLE.md, layering).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Border, Font, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from ..findings import Finding, Severity, oppsummering
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
    "KRONER_FORMAT",
    "arknavn",
]

KRONER_FORMAT = "#,##0.00"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_TOP = Border(top=Side(style="thin"))

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
_RESERVERT = ("Om", "Kontroller", "Funn", "Kilder", "S-rapport", "Hovedbok")


# --------------------------------------------------------------------------- cells and text

def _tekst(cell: Cell, value: object) -> None:
    """Store ``value`` as a string cell (never a formula); blank for ``None``/NA."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        cell.value = None
        return
    s = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", str(value))
    cell.value = s
    cell.data_type = "s"
    if s[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True


def _kroner(cell: Cell, ore: object) -> None:
    """Store øre as kroner (øre/100) with two decimals; blank for NA."""
    if ore is None or pd.isna(ore):
        cell.value = None
        return
    cell.value = int(ore) / 100  # float ok: exact øre/100, the workbook's stated unit
    cell.number_format = KRONER_FORMAT


def _formel(cell: Cell, formula: str, *, kroner: bool = True) -> None:
    cell.value = formula
    if kroner:
        cell.number_format = KRONER_FORMAT


def _ref(sheet: str, coord: str, current: str) -> str:
    return coord if sheet == current else f"{quote_sheetname(sheet)}!{coord}"


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


def _skriv_tabell(ws: Worksheet, t: Tabell, celler: _Celler) -> int:
    """Write one table; returns the number of sum/netto rows with an amount written as a value."""
    kol = list(t.kolonner)
    letters = {k.navn: get_column_letter(i + 1) for i, k in enumerate(kol)}
    ws.cell(1, 1).value = t.tittel
    ws.cell(1, 1).font = _TITLE
    _tekst(ws.cell(2, 1), "Beløp i kroner med to desimaler (eksakt: øre/100). Sum- og nettolinjer er formler.")
    head = [k.overskrift.strip() or k.navn for k in kol] + ["Linje-id", "Type", "Sum som", "Summerer"]
    for j, h in enumerate(head, start=1):
        _tekst(ws.cell(3, j), h)
        ws.cell(3, j).font = _BOLD
    first = 4
    money = [k.navn for k in kol if k.penger]
    som_verdi = 0
    celler.rader[t.id] = []
    for i, rec in enumerate(t.rader.to_dict("records")):
        r = first + i
        kind = str(rec["kind"])
        lid = str(rec["line_id"])
        celler.rader[t.id].append((lid, kind))
        for k in kol:
            if not k.penger:
                _tekst(ws.cell(r, kol.index(k) + 1), rec[k.navn])
        _tekst(ws.cell(r, len(kol) + 1), lid)
        _tekst(ws.cell(r, len(kol) + 2), kind)
        for c in money:
            key = (t.id, lid, c)
            if pd.isna(rec[c]):
                celler.blank[key] = (ws.title, f"{letters[c]}{r}")
            else:
                celler.adresse[key] = (ws.title, f"{letters[c]}{r}")
                celler.ore[key] = int(rec[c])
        if kind in ("sum", "netto"):
            for j in range(1, len(head) + 1):
                ws.cell(r, j).font = _BOLD
                ws.cell(r, j).border = _TOP
            formler = 0
            verdier = 0
            sumkol = set(t.ledd_kolonner(lid))
            for c in money:
                cell = ws.cell(r, kol.index(_kol(kol, c)) + 1)
                formel = _sumformel(t, lid, c, celler, ws.title) if c in sumkol and not pd.isna(rec[c]) else None
                if formel is None:
                    _kroner(cell, rec[c])
                    verdier += not pd.isna(rec[c])
                else:
                    _formel(cell, formel)
                    formler += 1
            if formler or verdier:
                _tekst(ws.cell(r, len(kol) + 3), "formel" if formler else "verdi")
            som_verdi += bool(verdier) and not formler
            _tekst(ws.cell(r, len(kol) + 4), t.ledd_tekst(lid) or None)
        else:
            for c in money:
                _kroner(ws.cell(r, kol.index(_kol(kol, c)) + 1), rec[c])
            if kind == "header":
                ws.cell(r, 1).font = _BOLD
    r = first + len(t.rader) + 1
    for note in t.fotnoter:
        _tekst(ws.cell(r, 1), note)
        r += 1
    ws.freeze_panes = "A4"
    for j, k in enumerate(kol, start=1):
        if k.penger:
            width = 20
        else:
            texts = [str(v) for v in t.rader[k.navn] if isinstance(v, str)] + [head[j - 1]]
            width = min(60, max(8, max(len(s) for s in texts) + 2))
        ws.column_dimensions[get_column_letter(j)].width = width
    for j, w in ((len(kol) + 1, 28), (len(kol) + 2, 8), (len(kol) + 3, 9), (len(kol) + 4, 40)):
        ws.column_dimensions[get_column_letter(j)].width = w
    return som_verdi


def _kol(kol: list[Any], navn: str) -> Any:
    return next(k for k in kol if k.navn == navn)


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


def _refs(ledd: Iterable[Ledd], celler: _Celler, current: str) -> str:
    """Formula text for a signed sum of the cells present (``0`` for none)."""
    parts: list[str] = []
    for l in ledd:
        if any(ch in l.linje for ch in "*?["):
            lids = [lid for lid, kind in celler.rader.get(l.tabell, []) if kind == "line"
                    and fnmatch.fnmatchcase(lid, l.linje)]
            keys = [(l.tabell, lid, l.kolonne) for lid in lids]
        else:
            keys = [(l.tabell, l.linje, l.kolonne)]
        for k in keys:
            if k in celler.adresse:
                parts.append(("-" if l.faktor < 0 else "+") + _ref(*celler.adresse[k], current))
    text = "".join(parts)
    return (text[1:] if text.startswith("+") else text) or "0"


def _mangler(ledd: Iterable[Ledd], celler: _Celler) -> list[str]:
    out = []
    for l in ledd:
        if any(ch in l.linje for ch in "*?["):
            if not any(kind == "line" and fnmatch.fnmatchcase(lid, l.linje) and (l.tabell, lid, l.kolonne)
                       in celler.adresse for lid, kind in celler.rader.get(l.tabell, [])):
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
        type_ = next((ark for ark, files in kildefiler.items() if k.file in files), "Inndata")
        out.append(_Kilde(type_, _vis(regnskap, k.file), k.rader, k.sha256, k.sum_ore))
    return out


_SRAPPORT_KOL = [("ar", "År", False), ("periode", "Periode", False), ("statskonto", "Statskonto", False),
                 ("artskonto", "Artskonto", False), ("belop_ore", "Beløp", True), ("tekst", "Tekst", False),
                 ("_file", "Fil", False), ("_row", "Rad", False)]
_HOVEDBOK_KOL = [("bilag", "Bilag", False), ("dato", "Dato", False), ("konto", "Konto", False),
                 ("belop_ore", "Beløp", True), ("tekst", "Tekst", False), ("kapittel", "Kapittel", False),
                 ("post", "Post", False), ("artskonto", "Artskonto", False), ("_file", "Fil", False),
                 ("_row", "Rad", False)]


def _skriv_kilderader(ws: Worksheet, frames: Sequence[pd.DataFrame], spec: list[tuple[str, str, bool]],
                      vis: Callable[[Any], Any] = lambda x: x) -> int:
    """Write source rows (the file names through ``vis``); returns the last row number used."""
    cols = [c for c in spec if any(c[0] in f.columns for f in frames)]
    for j, (_, h, _) in enumerate(cols, start=1):
        _tekst(ws.cell(1, j), h)
        ws.cell(1, j).font = _BOLD
    r = 1
    for frame in frames:
        present = [c for c in cols if c[0] in frame.columns]
        for rec in frame[[c[0] for c in present]].itertuples(index=False, name=None):
            r += 1
            for (navn, _, penger), v in zip(present, rec):
                cell = ws.cell(r, [c[0] for c in cols].index(navn) + 1)
                if penger:
                    _kroner(cell, v)
                elif navn in ("_row", "ar", "periode") and not pd.isna(v):
                    cell.value = int(v)
                elif navn == "_file":
                    _tekst(cell, vis(v))
                else:
                    _tekst(cell, v)
    ws.freeze_panes = "A2"
    for j, (navn, _, penger) in enumerate(cols, start=1):
        width = 18 if penger else (50 if navn == "tekst" else (48 if navn == "_file" else 11))
        ws.column_dimensions[get_column_letter(j)].width = width
    return r


# --------------------------------------------------------------------------- the workbook

def skriv_arbeidsbok(regnskap: Any, path: str | Path, *, findings: Sequence[Finding] | None = None) -> Path:
    """Write the auditor's workbook of ``regnskap`` (an
    :class:`imdi_ledger.regnskap.Aarsregnskap`) to ``path``; returns the path.

    ``findings`` is the run's one list of findings (default:
    :func:`imdi_ledger.avstemming.eksport.alle_funn` of ``regnskap``, the list the report
    shows); the cover's counts and the Funn sheet show exactly that list."""
    from .._version import __version__
    from ..avstemming.eksport import alle_funn

    funn = tuple(findings) if findings is not None else alle_funn(regnskap)

    path = Path(path)
    tabeller = regnskap.tabeller()
    navn = arknavn(tabeller)
    wb = Workbook()
    om = wb.active
    om.title = "Om"
    celler = _Celler({}, {}, {}, {})
    som_verdi: dict[str, int] = {}
    for t in tabeller:
        som_verdi[t.id] = _skriv_tabell(wb.create_sheet(navn[t.id]), t, celler)

    # Source sheets first in memory (their row ranges feed the Kilder formulas).
    g = regnskap.grunnlag
    sr_frames = [g.srapport.frame] + ([g.srapport_fjor.frame] if g.srapport_fjor is not None else [])
    kontroll_ws = wb.create_sheet("Kontroller")
    funn_ws = wb.create_sheet("Funn")
    kilder_ws = wb.create_sheet("Kilder")
    sr_ws = wb.create_sheet("S-rapport")
    def vis(file: Any) -> Any:
        return _vis(regnskap, file)

    sr_last = _skriv_kilderader(sr_ws, sr_frames, _SRAPPORT_KOL, vis)
    kildeark = {"S-rapport": (sr_ws, sr_last)}
    hb = getattr(g, "hovedbok", None)
    if hb is not None and hasattr(hb, "frame"):
        hb_ws = wb.create_sheet("Hovedbok")
        kildeark["Hovedbok"] = (hb_ws, _skriv_kilderader(hb_ws, [hb.frame], _HOVEDBOK_KOL, vis))

    kildefiler = {"S-rapport": set().union(*(set(f["_file"].astype(str)) for f in sr_frames))}
    if "Hovedbok" in kildeark:
        kildefiler["Hovedbok"] = set(hb.frame["_file"].astype(str))
    kilder = _kilder(regnskap, kildefiler)
    kilde_kontroller = _skriv_kilder(kilder_ws, kilder, kildeark)
    _skriv_funn(funn_ws, funn)
    kontroller = list(KONTROLLER) + _per_post_kontroller(celler, regnskap)
    status = _skriv_kontroller(kontroll_ws, kontroller, celler, kilde_kontroller)
    _skriv_om(om, regnskap, funn, tabeller, navn, som_verdi, status, __version__)
    wb.defined_names["Kontrollstatus"] = DefinedName("Kontrollstatus", attr_text=f"Kontroller!{status}")
    wb.calculation.fullCalcOnLoad = True
    wb.save(path)
    return path


def _skriv_kilder(ws: Worksheet, kilder: list[_Kilde], kildeark: dict[str, tuple[Worksheet, int]]) -> list[tuple]:
    """Provenance sheet; returns the (id, text, left, right) formulas for the Kontroller sheet."""
    head = ["Type", "Fil", "Rader lest", "SHA-256", "Sum (kr)", "Rader i arket", "Sum i arket (kr)"]
    for j, h in enumerate(head, start=1):
        _tekst(ws.cell(1, j), h)
        ws.cell(1, j).font = _BOLD
    out = []
    for i, k in enumerate(kilder):
        r = 2 + i
        _tekst(ws.cell(r, 1), k.type)
        _tekst(ws.cell(r, 2), k.file)
        ws.cell(r, 3).value = None if k.rader is None else int(k.rader)
        _tekst(ws.cell(r, 4), k.sha256 or "ikke oppgitt")
        _kroner(ws.cell(r, 5), k.sum_ore)
        ark = kildeark.get(k.type)
        if ark is None:
            continue
        src, last = ark
        width = src.max_column
        file_col = next(get_column_letter(j) for j in range(1, width + 1) if src.cell(1, j).value == "Fil")
        amount_col = next(get_column_letter(j) for j in range(1, width + 1) if src.cell(1, j).value == "Beløp")
        s = quote_sheetname(src.title)
        files = f"{s}!${file_col}$2:${file_col}${max(last, 2)}"
        amounts = f"{s}!${amount_col}$2:${amount_col}${max(last, 2)}"
        _formel(ws.cell(r, 6), f"=COUNTIF({files},B{r})", kroner=False)
        _formel(ws.cell(r, 7), f"=SUMIF({files},B{r},{amounts})")
        out.append((f"KILDE-RADER {i + 1}", f"{k.type} {Path(k.file).name}: rader i arket = rader lest",
                    f"Kilder!F{r}", f"Kilder!C{r}"))
        if k.sum_ore is not None:
            out.append((f"KILDE-SUM {i + 1}", f"{k.type} {Path(k.file).name}: sum i arket = sum lest",
                        f"Kilder!G{r}", f"Kilder!E{r}"))
    ws.freeze_panes = "A2"
    for j, w in enumerate((11, 60, 11, 68, 20, 13, 20), start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    return out


def _skriv_funn(ws: Worksheet, findings: Sequence[Finding]) -> None:
    head = ["Regel", "Alvorlighet", "Oppstilling", "Linje", "Melding", "Forventet (kr)", "Faktisk (kr)",
            "Differanse (kr)", "Toleranse (kr)", "Kilde", "Fil", "Rad", "Kolonne"]
    for j, h in enumerate(head, start=1):
        _tekst(ws.cell(1, j), h)
        ws.cell(1, j).font = _BOLD
    for i, f in enumerate(findings):
        r = 2 + i
        for j, v in enumerate((f.rule, f.severity.value, f.statement, f.line, f.message), start=1):
            _tekst(ws.cell(r, j), v)
        for j, v in enumerate((f.expected_ore, f.actual_ore, f.difference_ore, f.tolerance_ore), start=6):
            _kroner(ws.cell(r, j), v)
        _tekst(ws.cell(r, 10), f.reference)
        _tekst(ws.cell(r, 11), f.file)
        ws.cell(r, 12).value = f.row
        _tekst(ws.cell(r, 13), f.column)
    ws.freeze_panes = "A2"
    for j, w in enumerate((28, 11, 18, 16, 80, 18, 18, 18, 14, 40, 40, 7, 16), start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


def _skriv_kontroller(ws: Worksheet, kontroller: list[Kontroll], celler: _Celler,
                      kilde_kontroller: list[tuple]) -> str:
    """Write the check sheet; returns the address of the master check cell."""
    ws.cell(1, 1).value = "Kontroller"
    ws.cell(1, 1).font = _TITLE
    _tekst(ws.cell(2, 1), "Samlet status (OK når ingen kontroll viser AVVIK)")
    ws.cell(2, 1).font = _BOLD
    _tekst(ws.cell(3, 1), "Differanse = venstre − høyre (for ≤: overskridelse, 0 når innenfor). "
                          "OK når |differanse| < 0,005 kr.")
    head = ["Kontroll", "Beskrivelse", "Kilde", "Venstre (kr)", "Høyre (kr)", "Differanse (kr)", "Status",
            "Regel i katalogen"]
    for j, h in enumerate(head, start=1):
        _tekst(ws.cell(4, j), h)
        ws.cell(4, j).font = _BOLD
    r = 5
    for k in kontroller:
        _tekst(ws.cell(r, 1), k.id)
        _tekst(ws.cell(r, 2), k.tekst)
        _tekst(ws.cell(r, 3), k.kilde)
        _tekst(ws.cell(r, 8), k.regel)
        mangler = _mangler(k.venstre, celler) + _mangler(k.hoyre, celler)
        if mangler:
            _tekst(ws.cell(r, 6), "mangler: " + ", ".join(mangler))
            _tekst(ws.cell(r, 7), "IKKE VURDERT")
        else:
            _formel(ws.cell(r, 4), "=" + _refs(k.venstre, celler, ws.title))
            hoyre = _refs(k.hoyre, celler, ws.title)
            _formel(ws.cell(r, 5), "=" + (_fem_prosent_formel(hoyre) if k.fem_prosent else hoyre))
            diff = f"=MAX(0,D{r}-E{r})" if k.ulikhet else f"=D{r}-E{r}"
            _formel(ws.cell(r, 6), diff)
            _formel(ws.cell(r, 7), f'=IF(ABS(F{r})<0.005,"OK","AVVIK")', kroner=False)
        r += 1
    for kid, tekst, left, right in kilde_kontroller:
        _tekst(ws.cell(r, 1), kid)
        _tekst(ws.cell(r, 2), tekst)
        _tekst(ws.cell(r, 3), "Designprinsipp 5: ingenting tapes")
        _tekst(ws.cell(r, 8), "ingen (kildefil mot arbeidsbok)")
        _formel(ws.cell(r, 4), "=" + left)
        _formel(ws.cell(r, 5), "=" + right)
        _formel(ws.cell(r, 6), f"=D{r}-E{r}")
        _formel(ws.cell(r, 7), f'=IF(ABS(F{r})<0.005,"OK","AVVIK")', kroner=False)
        r += 1
    last = max(r - 1, 5)
    _formel(ws.cell(2, 7), f'=IF(COUNTIF(G5:G{last},"AVVIK")=0,"OK","AVVIK")', kroner=False)
    ws.cell(2, 7).font = _BOLD
    ws.freeze_panes = "A5"
    for j, w in enumerate((26, 80, 40, 20, 20, 18, 14, 22), start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    return "$G$2"


def _skriv_om(ws: Worksheet, regnskap: Any, funn: Sequence[Finding], tabeller: Sequence[Tabell],
              navn: dict[str, str], som_verdi: dict[str, int], status: str, version: str) -> None:
    g = regnskap.grunnlag
    ws.cell(1, 1).value = "Årsregnskap – arbeidsbok for revisjon"
    ws.cell(1, 1).font = _TITLE
    rows: list[tuple[str, object]] = [
        ("Virksomhet", g.virksomhet or ""),
        ("Regnskapsår", int(regnskap.ar)),
        ("Verktøy", f"imdi_ledger {version}"),
        ("Kontrollstatus", f'=IF(AND(Kontroller!{status}="OK",COUNTIF(Funn!$B$2:$B${len(funn) + 2},"{Severity.ERROR.value}")=0),"OK","AVVIK")'),
        ("Kontroller i arket", f"=Kontroller!{status}"),
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
                    "«Sum som» viser «formel», eller «verdi» der alle leddene er blanke. "
                    "Arket Kontroller regner identitetene mellom arkene. Kontrollstatus er OK når ingen "
                    "kontroll viser AVVIK og ingen funn i arket Funn er en feil (error); arket Funn har "
                    "samme funn som rapporten og funn.json. Formlene beregnes av regnearket ved åpning."),
        ("Kilder", "Arket Kilder viser filer, rader, SHA-256 og summer; S-rapport (og Hovedbok) viser "
                   "hver kilderad med fil og radnummer."),
    ]
    for i, (k, v) in enumerate(rows, start=3):
        _tekst(ws.cell(i, 1), k)
        ws.cell(i, 1).font = _BOLD
        cell = ws.cell(i, 2)
        if isinstance(v, str) and v.startswith("="):
            _formel(cell, v, kroner=False)
            cell.font = _BOLD
        elif isinstance(v, int):
            cell.value = v
        else:
            _tekst(cell, v)
    r = 3 + len(rows) + 1
    _tekst(ws.cell(r, 1), "Ark")
    _tekst(ws.cell(r, 2), "Innhold")
    _tekst(ws.cell(r, 3), "Sumlinjer som verdi")
    for j in (1, 2, 3):
        ws.cell(r, j).font = _BOLD
    for t in tabeller:
        r += 1
        cell = ws.cell(r, 1)
        _tekst(cell, navn[t.id])
        cell.hyperlink = f"#{quote_sheetname(navn[t.id])}!A1"
        _tekst(ws.cell(r, 2), t.tittel)
        ws.cell(r, 3).value = som_verdi.get(t.id, 0)
    for extra, text in (("Kontroller", "Kontroller på tvers av arkene"), ("Funn", "Funn fra bibliotekets regler"),
                        ("Kilder", "Inndatafiler, rader, SHA-256"), ("S-rapport", "Kilderader S-rapport"),
                        ("Hovedbok", "Kilderader SRS-hovedbok")):
        if extra in ws.parent.sheetnames:
            r += 1
            _tekst(ws.cell(r, 1), extra)
            ws.cell(r, 1).hyperlink = f"#{quote_sheetname(extra)}!A1"
            _tekst(ws.cell(r, 2), text)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 110
    ws.column_dimensions["C"].width = 20
