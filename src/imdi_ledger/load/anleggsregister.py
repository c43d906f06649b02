"""Loader for the asset register (anleggsregister) behind SRS notes 3 and 4 (SRS 17
immaterielle eiendeler, SRS 17 varige driftsmidler; roll-forward as DFØ's note templates).

Columns ``eiendel;gruppe;konto;anskaffelsesdato;tatt_i_bruk;anskaffelseskost;levetid_ar;
avgangsdato;nedskrivning``.  One row is one cost component: an asset built over several years
has one row per component, all with the same ``eiendel``.  ``tatt_i_bruk`` blank = still under
utførelse.  Dates ``YYYY-MM-DD``; amounts kroner (øre exact); ``levetid_ar`` whole years.

Unreadable values raise :class:`InputError` (file, row, column); an unknown ``gruppe`` too.
A missing levetid is reported by the depreciation (a finding), not here, because an asset
under utførelse needs none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .dialect import money_column, read_table

__all__ = ["Anleggsregister", "load_anleggsregister"]

_REQ = ("eiendel", "gruppe", "konto", "anskaffelsesdato", "tatt_i_bruk", "anskaffelseskost",
        "levetid_ar")
_OPT = ("avgangsdato", "nedskrivning")


@dataclass(frozen=True, eq=False)
class Anleggsregister:
    """Validated components.  Columns: ``eiendel, gruppe, konto, anskaffelsesdato,
    tatt_i_bruk, anskaffelseskost_ore, levetid_ar (Int64), avgangsdato, nedskrivning_ore,
    _file, _row``; dates are ``datetime.date`` or ``None``."""

    frame: pd.DataFrame = field(repr=False)
    file: str = "<anleggsregister>"
    sha256: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()


def _dates(raw, col: str, required: bool) -> list:
    out = []
    for v, row in zip(raw.frame[col].astype("string").fillna("").str.strip(), raw.frame["_row"]):
        if not v:
            if required:
                raise InputError(raw.file, int(row), col, "datoen mangler")
            out.append(None)
            continue
        d = pd.to_datetime(v, format="%Y-%m-%d", errors="coerce")
        if pd.isna(d):
            raise InputError(raw.file, int(row), col, f"datoen {v!r} er ikke på formen ÅÅÅÅ-MM-DD")
        out.append(d.date())
    return out


def load_anleggsregister(source: str | Path | pd.DataFrame, *, grupper: frozenset[str] | None = None,
                         name: str | None = None) -> Anleggsregister:
    raw = read_table(source, required=_REQ, optional=_OPT, money=("anskaffelseskost", "nedskrivning"),
                     name=name or "anleggsregister")
    f = raw.frame
    lev = []
    for v, row in zip(f["levetid_ar"].astype("string").fillna("").str.strip(), f["_row"]):
        if not v:
            lev.append(pd.NA)
        elif v.isascii() and v.isdigit() and int(v) > 0:
            lev.append(int(v))
        else:
            raise InputError(raw.file, int(row), "levetid_ar", f"levetiden {v!r} er ikke et positivt heltall år")
    gruppe = f["gruppe"].astype("string").fillna("").str.strip().str.lower()
    if grupper is not None:
        bad = ~gruppe.isin(grupper)
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(raw.file, int(f["_row"].iloc[pos]), "gruppe",
                             f"ukjent gruppe {gruppe.iloc[pos]!r}; kjente: {sorted(grupper)}")
    if "nedskrivning" in f.columns:
        ned = money_column(raw, "nedskrivning", allow_blank=True)
    else:
        ned = pd.Series(np.zeros(len(f), dtype=np.int64), index=f.index)
    if "avgangsdato" not in f.columns:
        f = f.assign(avgangsdato=pd.Series([""] * len(f), dtype="string"))
        raw = type(raw)(frame=f, file=raw.file, sha256=raw.sha256, n_rows=raw.n_rows,
                        delimiter=raw.delimiter, encoding=raw.encoding, decimal=raw.decimal)
    frame = pd.DataFrame({
        "eiendel": f["eiendel"].astype("string").fillna("").str.strip().astype(object),
        "gruppe": gruppe.astype(object),
        "konto": f["konto"].astype("string").fillna("").str.strip().astype(object),
        "anskaffelsesdato": _dates(raw, "anskaffelsesdato", True),
        "tatt_i_bruk": _dates(raw, "tatt_i_bruk", False),
        "anskaffelseskost_ore": money_column(raw, "anskaffelseskost"),
        "levetid_ar": pd.array(lev, dtype="Int64"),
        "avgangsdato": _dates(raw, "avgangsdato", False),
        "nedskrivning_ore": ned.astype("int64"),
        "_file": f["_file"].astype(object),
        "_row": f["_row"].astype("int64"),
    })
    return Anleggsregister(frame=frame, file=raw.file, sha256=raw.sha256)
