"""The workbook of a batch run (``imdi-ledger batch``, ``samlekjoring.xlsx``): one sheet per
table (summary, consolidated bevilgningsregnskap, felleskapitler, konsernkontoer, cross-agency
findings), written with XlsxWriter from plain rows.

Each table is ``(sheet name, rows, columns)``; a column is ``(key, Norwegian header, kind)`` with
kind ``tekst`` (written as text, never as a formula, number or link), ``ore`` (integer øre, shown
with thousands separators) or ``tall`` (a count).  Blank cells are ``None``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

__all__ = ["skriv_samlebok"]

Kolonne = tuple[str, str, str]


def skriv_samlebok(ark: Sequence[tuple[str, Sequence[Mapping[str, Any]], Sequence[Kolonne]]], path: Path) -> None:
    """Write the tables as sheets of one workbook at ``path`` (header row frozen)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    fet = wb.add_format({"bold": True})
    tall = wb.add_format({"num_format": "#,##0"})
    for navn, rader, kolonner in ark:
        ws = wb.add_worksheet(navn[:31])
        for j, (_, overskrift, art) in enumerate(kolonner):
            ws.write_string(0, j, overskrift, fet)
            ws.set_column(j, j, 14 if art != "tekst" else 22)
        for i, r in enumerate(rader, start=1):
            for j, (key, _, art) in enumerate(kolonner):
                v = r.get(key)
                if v is None:
                    continue
                if art in ("ore", "tall"):
                    ws.write_number(i, j, int(v), tall if art == "ore" else None)
                else:
                    ws.write_string(i, j, str(v))
        ws.freeze_panes(1, 0)
    wb.close()
