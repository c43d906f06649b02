"""Plain-text rendering of statements in R-115 layout with Norwegian labels.

Money is shown in whole kroner (rounded half away from zero, see
:func:`imdi_ledger.money.ore_to_kroner`) with space as the group separator; a blank cell
stays blank.  Sum lines are computed from øre and then rounded, exactly as the library computes
them, so a printed sum may differ by 1–2 kr from the sum of printed lines (the same rounding
residue published reports show).  ``presisjon="ore"`` prints exact øre instead.
"""

from __future__ import annotations

from typing import Iterable, Literal

import pandas as pd

from ..money import format_kroner, format_ore
from ..tabell import Tabell

__all__ = ["render_tabell", "render_tabeller", "frame_for_display"]

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


def frame_for_display(t: Tabell, presisjon: Literal["kroner", "ore"] = "kroner") -> pd.DataFrame:
    fmt = format_kroner if presisjon == "kroner" else format_ore
    out = pd.DataFrame()
    for k in t.kolonner:
        col = t.rader[k.navn]
        if k.penger:
            out[k.overskrift or k.navn] = [fmt(None if pd.isna(v) else int(v)) for v in col]
        else:
            out[k.overskrift or k.navn] = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
                                           for v in col]
    return out


def render_tabell(t: Tabell, presisjon: Literal["kroner", "ore"] = "kroner") -> str:
    disp = frame_for_display(t, presisjon)
    kinds = t.rader["kind"].tolist()
    text_cols = [k for k in t.kolonner if not k.penger]
    first_text = (text_cols[0].overskrift or text_cols[0].navn) if text_cols else None
    cells = disp.copy()
    if first_text is not None:
        cells[first_text] = [
            (_INDENT[kind] + v) if kind == "line" and len(text_cols) == 1 else v
            for kind, v in zip(kinds, cells[first_text])
        ]
    headers = list(cells.columns)
    money = {k.overskrift or k.navn for k in t.kolonner if k.penger}
    data_w = {h: max([0] + [len(v) for v in cells[h]]) for h in headers}
    wrapped = {h: _wrap(h, max(data_w[h], _HEADER_WIDTH)) for h in headers}
    widths = [max([data_w[h]] + [len(x) for x in wrapped[h]]) for h in headers]
    n_head = max(len(w) for w in wrapped.values())

    def line(values: Iterable[str]) -> str:
        parts = []
        for h, w, v in zip(headers, widths, values):
            parts.append(v.rjust(w) if h in money else v.ljust(w))
        return "  ".join(parts).rstrip()

    padded = {h: [""] * (n_head - len(wrapped[h])) + wrapped[h] for h in headers}   # bottom-aligned
    head_lines = [line([padded[h][i] for h in headers]) for i in range(n_head)]
    rule = "-" * max(len(x) for x in head_lines + [line(cells.iloc[i].tolist()) for i in range(len(cells))])
    out = [t.tittel, "=" * len(t.tittel), *head_lines, rule]
    for kind, (_, row) in zip(kinds, cells.iterrows()):
        if kind in ("sum", "netto"):
            out.append(line(row.tolist()))
            if kind == "netto":
                out.append(rule)
        else:
            out.append(line(row.tolist()))
    for note in t.fotnoter:
        out.append(f"  {note}")
    return "\n".join(out) + "\n"


def render_tabeller(tabeller: Iterable[Tabell], presisjon: Literal["kroner", "ore"] = "kroner") -> str:
    return "\n".join(render_tabell(t, presisjon) for t in tabeller)
