"""The neutral table model behind every statement and note.

Every oppstilling (R-115) and SRS statement or note is one or more :class:`Tabell`: a
title, declared columns (text or money), and rows with a stable ``line_id`` and a
``kind`` (``header``, ``line``, ``sum``, ``netto``).  Money columns hold integer øre
(nullable ``Int64``: a blank cell in the printed statement is ``<NA>``, not 0).  The text,
JSON and Excel renderers read only this model.

The one reference upwards is deliberate: ``str(tabell)`` and the notebook display call the
text renderer lazily, so a statement prints in R-115 layout wherever it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal, Mapping, Sequence

import pandas as pd

from .money import ore_array

__all__ = ["Kolonne", "Tabell", "RowKind", "tabeller_i"]

RowKind = Literal["header", "line", "sum", "netto"]


@dataclass(frozen=True, slots=True)
class Kolonne:
    """A declared column: its frame name, its Norwegian header, and whether it holds øre."""

    navn: str
    overskrift: str
    penger: bool = False


@dataclass(frozen=True, eq=False)
class Tabell:
    """An immutable table of a statement.  ``rader`` is never handed out; use
    :meth:`to_frame` for a copy."""

    id: str
    tittel: str
    kolonner: tuple[Kolonne, ...]
    rader: pd.DataFrame = field(repr=False)
    fotnoter: tuple[str, ...] = ()

    @staticmethod
    def bygg(
        id: str,
        tittel: str,
        kolonner: Sequence[Kolonne],
        rows: Iterable[Mapping[str, object]],
        fotnoter: Sequence[str] = (),
    ) -> "Tabell":
        """Build from row dicts with ``line_id``, ``kind`` and the declared columns."""
        names = ["line_id", "kind"] + [k.navn for k in kolonner]
        rows = list(rows)
        frame = pd.DataFrame(rows, columns=names)
        for k in kolonner:
            if k.penger:
                # From the row values themselves: a frame column of ints and blanks is float.
                frame[k.navn] = ore_array([r.get(k.navn) for r in rows])
            else:
                frame[k.navn] = frame[k.navn].astype(object).where(frame[k.navn].notna(), None)
        if frame["line_id"].duplicated().any():
            dup = frame.loc[frame["line_id"].duplicated(), "line_id"].tolist()
            raise ValueError(f"tabell {id}: line_id gjentatt: {dup}")
        return Tabell(id, tittel, tuple(kolonner), frame.reset_index(drop=True), tuple(fotnoter))

    def to_frame(self) -> pd.DataFrame:
        return self.rader.copy()

    @property
    def line_ids(self) -> list[str]:
        return self.rader["line_id"].tolist()

    def verdi(self, line_id: str, kolonne: str) -> int | None:
        """The amount (øre) of one cell, ``None`` when blank."""
        hit = self.rader.loc[self.rader["line_id"] == line_id, kolonne]
        if hit.empty:
            raise KeyError(f"tabell {self.id}: ingen linje {line_id!r}")
        v = hit.iloc[0]
        return None if pd.isna(v) else int(v)

    def har_linje(self, line_id: str) -> bool:
        return bool((self.rader["line_id"] == line_id).any())

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        from .render.text import frame_for_display

        return f"<h4>{self.tittel}</h4>" + frame_for_display(self).to_html(index=False)

    def __str__(self) -> str:
        from .render.text import render_tabell

        return render_tabell(self)


def tabeller_i(part: object) -> list[Tabell]:
    """The tables of a computed part: a :class:`Tabell` itself, an object with ``tabeller``
    (method or attribute), or an object with one ``tabell``."""
    if isinstance(part, Tabell):
        return [part]
    t = getattr(part, "tabeller", None)
    if t is not None:
        return list(t() if callable(t) else t)
    tab = getattr(part, "tabell", None)
    return [tab] if isinstance(tab, Tabell) else []
