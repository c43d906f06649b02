"""One CSV file per table of the årsregnskap, safe to open in a spreadsheet.

* Amount columns hold integer øre and say so in their header (``belop_ore``); the unit is never
  left to be guessed.
* Text cells that a spreadsheet would read as a formula are neutralised with a leading
  apostrophe: text beginning with ``=``, ``+``, ``@``, a tab or a carriage return, and text
  beginning with ``-`` that is not a number.  Input text (a kapittelnavn, an avtale) never
  becomes a live formula.
* Text columns are quoted, so identifiers with leading zeros (kapittel ``0670``, post ``01``)
  stay text.
* The column ``summerer`` holds each sum or netto row's declared terms (``sum_a -sum_b``,
  ``tabell:linje`` for a row of another table), as :meth:`Tabell.ledd_tekst` writes them.
* The file name is a slug of the table id (:func:`filnavn`), never a path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..tabell import Tabell

__all__ = ["skriv_csv", "filnavn", "noytraliser"]

_TALL = re.compile(r"-\s?\d[\d\s.,]*")
_FARLIG = ("=", "+", "@", "\t", "\r")


def noytraliser(tekst: str) -> str:
    """``tekst`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    if tekst.startswith(_FARLIG) or (tekst.startswith("-") and not _TALL.fullmatch(tekst)):
        return "'" + tekst
    return tekst


def filnavn(tabell_id: str) -> str:
    """A file name for a table: the id with every character outside ``a-z0-9._-`` replaced by
    ``_`` and no leading dot, plus ``.csv``."""
    slug = re.sub(r"[^a-z0-9._-]", "_", tabell_id.lower()).lstrip(".") or "tabell"
    return slug[:120] + ".csv"


def skriv_csv(t: Tabell, mappe: Path) -> Path:
    """Write ``t`` as ``mappe / filnavn(t.id)`` (``;`` separated, UTF-8); returns the path."""
    path = mappe / filnavn(t.id)
    frame = t.to_frame(med_ledd=True)
    penger = {k.navn for k in t.kolonner if k.penger}
    kolonner = list(frame.columns)
    hode = [c if c not in penger or c.endswith("_ore") else f"{c}_ore" for c in kolonner]
    linjer = [";".join(hode)]
    for rad in frame.itertuples(index=False, name=None):
        celler = []
        for c, v in zip(kolonner, rad):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                celler.append("")
            elif c in penger:
                celler.append(str(int(v)))
            else:
                celler.append(_sitert(noytraliser(str(v))))
        linjer.append(";".join(celler))
    path.write_text("\n".join(linjer) + "\n", encoding="utf-8")
    return path


def _sitert(tekst: str) -> str:
    return '"' + tekst.replace('"', '""') + '"'
