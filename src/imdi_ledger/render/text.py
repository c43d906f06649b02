"""Plain-text rendering of statements in R-115 layout with Norwegian labels.

Money is shown in whole kroner (rounded half away from zero, see
:func:`imdi_ledger.money.ore_to_kroner`) with space as the group separator; a blank cell
stays blank.  Sum lines are computed from øre and then rounded, exactly as the library computes
them, so a printed sum may differ by 1–2 kr from the sum of printed lines (the same rounding
residue published reports show).  ``presisjon="ore"`` prints exact øre instead.
"""

from __future__ import annotations

import textwrap
from typing import Iterable, Literal

import pandas as pd

from ..money import format_kroner, format_ore
from ..tabell import Tabell

__all__ = ["render_tabell", "render_tabeller", "frame_for_display", "BREDDE"]

_INDENT = {"header": "", "line": "  ", "sum": "", "netto": ""}
_HEADER_WIDTH = 18


def _wrap(text: str, width: int) -> list[str]:
    """Split a column header over lines of at most ``width`` characters (words kept whole)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _celler(t: Tabell, presisjon: Literal["kroner", "ore"] = "kroner") -> dict[str, list[str]]:
    """The displayed text of every cell, per column header (a later column with the same header
    replaces an earlier one)."""
    fmt = format_kroner if presisjon == "kroner" else format_ore
    out: dict[str, list[str]] = {}
    for k in t.kolonner:
        col = t.rader[k.navn].tolist()
        if k.penger:
            out[k.overskrift or k.navn] = [
                fmt(None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else int(v)) for v in col]
        else:
            out[k.overskrift or k.navn] = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
                                           for v in col]
    return out


def frame_for_display(t: Tabell, presisjon: Literal["kroner", "ore"] = "kroner") -> pd.DataFrame:
    """The displayed text of every cell (:func:`_celler`) as a frame, one column per header."""
    return pd.DataFrame(_celler(t, presisjon))


#: The widest line the text report prints (a terminal, a printed A4 page in landscape).
BREDDE = 120
_MIN_TEKST = 20      # a text column is wrapped down to this width before columns are split
_PENGER_HODE = 12    # money column headers are wrapped at this width (or the widest amount)
_MAX_TEKST_GRUPPE = 40  # a text column of a table printed in column groups is at most this wide
_MIN_GRUPPE = 8      # ... and at least this wide


#: What a table with no lines (no amounts in the year or the year before) says instead of an
#: empty grid.
TOM_TABELL = "Ingen beløp: noten har ingen linjer i regnskapsåret eller året før."


def render_tabell(t: Tabell, presisjon: Literal["kroner", "ore"] = "kroner", bredde: int = BREDDE) -> str:
    """One table in R-115 layout, no line wider than ``bredde``: long text cells and headers
    wrap onto continuation lines; a table whose amount columns still do not fit is printed in
    column groups, each repeating the identifying text columns (marked «forts.»)."""
    cells = _celler(t, presisjon)
    kinds = t.rader["kind"].tolist()
    text_cols = [k for k in t.kolonner if not k.penger]
    first_text = (text_cols[0].overskrift or text_cols[0].navn) if text_cols else None
    if first_text is not None:
        cells[first_text] = [
            (_INDENT[kind] + v) if kind == "line" and len(text_cols) == 1 else v
            for kind, v in zip(kinds, cells[first_text])
        ]
    headers = list(cells)
    money = {k.overskrift or k.navn for k in t.kolonner if k.penger}
    data_w = {h: max([0] + [len(v) for v in cells[h]]) for h in headers}
    width: dict[str, int] = {}
    minst: dict[str, int] = {}
    for h in headers:
        longest_word = max(len(w) for w in (h.split(" ") or [h]))
        if h in money:
            width[h] = max(data_w[h], longest_word, min(len(h), _HEADER_WIDTH))
            minst[h] = max(data_w[h], longest_word, min(len(h), _PENGER_HODE))
        else:
            width[h] = max(data_w[h], min(len(h), max(longest_word, _MIN_TEKST)), 1)
    tekst = [h for h in headers if h not in money]

    def total(cols: list[str]) -> int:
        return sum(width[h] for h in cols) + 2 * (len(cols) - 1)

    while total(headers) > bredde:
        kandidater = [h for h in tekst if width[h] > _MIN_TEKST] or [h for h in money if width[h] > minst[h]]
        if not kandidater:
            break
        h = max(kandidater, key=lambda c: width[c])   # level the widest text, then amount columns
        width[h] -= 1
    if total(headers) > bredde:  # printed in groups: the text columns need not shrink for the amounts
        for h in tekst:
            width[h] = max(width[h], min(data_w[h], _MAX_TEKST_GRUPPE))
        storst = max((width[h] for h in money), default=0)
        while tekst and total(tekst) + (storst + 2 if money else 0) > bredde:
            kandidater = [h for h in tekst if width[h] > _MIN_GRUPPE]
            if not kandidater:
                break
            width[max(kandidater, key=lambda c: width[c])] -= 1   # the text columns must fit each group
    groups = _grupper(headers, tekst, width, bredde) if len(t.rader) else []
    tittel = textwrap.wrap(t.tittel, bredde) or [""]
    out = [*tittel, "=" * max(len(x) for x in tittel)]
    if not len(t.rader):
        out.extend(textwrap.wrap(TOM_TABELL, bredde))
    for n, cols in enumerate(groups):
        if n:
            out.append("")
            out.extend(textwrap.wrap(f"{t.tittel} (forts.)", bredde))
        out.extend(_blokk(cols, cells, kinds, money, width))
    for note in t.fotnoter:
        out.extend(textwrap.wrap(note, bredde, initial_indent="  ", subsequent_indent="  ") or [""])
    return "\n".join(out) + "\n"


def _grupper(headers: list[str], tekst: list[str], width: dict[str, int], bredde: int) -> list[list[str]]:
    """The columns of each printed block: all columns when they fit; else the text columns
    with as many amount columns as fit, then the identifying text columns (the first, and every
    short one) with the next amount columns."""
    def total(cols: list[str]) -> int:
        return sum(width[h] for h in cols) + 2 * (len(cols) - 1)

    if total(headers) <= bredde:
        return [headers]
    nokkel = [h for i, h in enumerate(tekst) if i == 0 or width[h] <= 16]
    penger = [h for h in headers if h not in tekst]
    groups: list[list[str]] = []
    base = list(tekst)
    rest = list(penger)
    while rest:
        cols = list(base)
        while rest and (total(cols + [rest[0]]) <= bredde or cols == base):
            cols.append(rest.pop(0))
        groups.append([h for h in headers if h in cols])
        base = nokkel
    return groups


def _blokk(cols: list[str], cells: dict[str, list[str]], kinds: list[str], money: set[str],
           width: dict[str, int]) -> list[str]:
    wrapped = {h: _wrap(h, width[h]) for h in cols}
    n_head = max(len(w) for w in wrapped.values())

    def line(values: Iterable[str]) -> str:
        parts = []
        for h, v in zip(cols, values):
            parts.append(v.rjust(width[h]) if h in money else v.ljust(width[h]))
        return "  ".join(parts).rstrip()

    def rad(values: list[str]) -> list[str]:
        biter = [[v] if h in money or len(v) <= width[h] else
                 textwrap.wrap(v, width[h], break_long_words=True, break_on_hyphens=False) or [""]
                 for h, v in zip(cols, values)]
        hoyde = max(len(b) for b in biter)
        return [line([b[i] if i < len(b) else "" for b in biter]) for i in range(hoyde)]

    padded = {h: [""] * (n_head - len(wrapped[h])) + wrapped[h] for h in cols}   # bottom-aligned
    head_lines = [line([padded[h][i] for h in cols]) for i in range(n_head)]
    body: list[list[str]] = [rad([str(v) for v in values]) for values in zip(*(cells[h] for h in cols))]
    rule = "-" * max(len(x) for x in head_lines + [x for b in body for x in b])
    out = [*head_lines, rule]
    for kind, lines in zip(kinds, body):
        out.extend(lines)
        if kind == "netto":
            out.append(rule)
    return out


def render_tabeller(tabeller: Iterable[Tabell], presisjon: Literal["kroner", "ore"] = "kroner") -> str:
    return "\n".join(render_tabell(t, presisjon) for t in tabeller)
