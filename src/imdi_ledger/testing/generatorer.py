"""Plain generators (no Hypothesis needed): balanced SRS bilag, and CSV text in every
dialect the loaders accept (DESIGN «Inputs»: ``;`` or ``,``, UTF-8 with or without BOM or
Windows-1252, decimal comma or point, NBSP group separators).

Used by the property tests and usable by anyone who wants to test a loader or a mapping on
inputs shaped like real exports.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ..regelverk import MVA_NETTOORDNING

__all__ = ["Dialekt", "DIALEKTER", "formater_ore", "skriv_csv", "balanserte_bilag"]


@dataclass(frozen=True, slots=True)
class Dialekt:
    """How a CSV file is written: delimiter, encoding, decimal mark, group separator."""

    delimiter: str = ";"
    encoding: str = "utf-8"
    decimal: str = ","
    tusenskille: str = ""

    def __post_init__(self) -> None:
        if self.delimiter not in (";", ","):
            raise ValueError(f"ukjent skilletegn {self.delimiter!r}")
        if self.encoding not in ("utf-8", "utf-8-sig", "cp1252"):
            raise ValueError(f"ukjent tegnsett {self.encoding!r}")
        if self.decimal not in (",", "."):
            raise ValueError(f"ukjent desimaltegn {self.decimal!r}")
        if self.tusenskille not in ("", "\u00a0", " "):
            raise ValueError(f"ukjent tusenskille {self.tusenskille!r}")


DIALEKTER: tuple[Dialekt, ...] = tuple(
    Dialekt(d, e, m, t)
    for d in (";", ",")
    for e in ("utf-8", "utf-8-sig", "cp1252")
    for m in (",", ".")
    for t in ("", "\u00a0")
)


def formater_ore(ore: int, dialekt: Dialekt) -> str:
    """Øre as kroner text in ``dialekt``: ``-123456789`` → ``'-1\u00a0234\u00a0567,89'``."""
    o = int(ore)
    kr, rest = divmod(abs(o), 100)
    whole = f"{kr:,}".replace(",", dialekt.tusenskille) if dialekt.tusenskille else str(kr)
    return f"{'-' if o < 0 else ''}{whole}{dialekt.decimal}{rest:02d}"


def skriv_csv(frame: pd.DataFrame, dialekt: Dialekt, *, penger: dict[str, str] | None = None) -> bytes:
    """Encode ``frame`` as CSV bytes in ``dialekt``.  ``penger`` maps øre columns to the
    output column name (default ``{"belop_ore": "belop"}``); other columns are written as
    text.  Fields containing the delimiter are quoted."""
    penger = {"belop_ore": "belop"} if penger is None else penger
    out = frame.copy()
    for src, dst in penger.items():
        out[src] = [formater_ore(v, dialekt) for v in out[src].tolist()]
        out = out.rename(columns={src: dst})
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=dialekt.delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(list(out.columns))
    for row in out.itertuples(index=False):
        w.writerow(["" if v is None else str(v) for v in row])
    return buf.getvalue().encode(dialekt.encoding)


_KONTOER = ("1040", "1500", "1700", "2400", "2600", "2940", "5000", "5400", "6300", "6730", "7130",
            "1930", "1940", MVA_NETTOORDNING.underkonto, "1991", "3900")


def balanserte_bilag(seed: int, antall_bilag: int, *, ar: int = 2025, maks_linjer: int = 5) -> pd.DataFrame:
    """A hovedbok frame (``bilag``, ``dato``, ``konto``, ``belop_ore``, ``tekst``) of
    ``antall_bilag`` bilag, each with 2..``maks_linjer`` lines summing to exactly 0 øre."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, str, int, str]] = []
    for b in range(antall_bilag):
        n = int(rng.integers(2, max(3, maks_linjer + 1)))
        amounts = [int(rng.integers(-10**9, 10**9)) for _ in range(n - 1)]
        amounts.append(-sum(amounts))
        d = date(ar, int(rng.integers(1, 13)), int(rng.integers(1, 29))).isoformat()
        for a in amounts:
            rows.append((f"B{b:05d}", d, _KONTOER[int(rng.integers(0, len(_KONTOER)))], a, "Bilag æøå"))
    f = pd.DataFrame(rows, columns=["bilag", "dato", "konto", "belop_ore", "tekst"])
    f["belop_ore"] = f["belop_ore"].astype("int64")
    return f
