"""Loader for the tildeling: what the tildelingsbrev (and supplerende tildelinger) made
available per kapittel/post, and what was carried over from last year (R-115 pkt 4.6.2,
«samlet tildeling»; Note A).

``samlet_tildeling = overfort_fra_i_fjor + arets_tildeling``.  Amounts are whole kroner in
the file (or Norwegian amount text); inside the library they are øre.

Formats: YAML (``ar``, ``virksomhet``, ``poster: [...]``) or CSV/Excel with columns
``kapittel;post;kapittelnavn;posttekst;overfort_fra_i_fjor;arets_tildeling;stikkord``
(``ar`` as a column or passed in).  Fullmakter for Note B are read by
:mod:`imdi_ledger.load.fullmakter`; other top-level YAML keys are kept in ``Tildeling.ekstra``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..money import MoneyFormatError, parse_ore
from .dialect import money_column, normalise_header, read_table, sjekk_sum
from .yaml_linjer import DesimalLaster, krev_ar, krev_tekst, les_yaml_fil

__all__ = ["Tildeling", "load_tildeling", "STIKKORD", "parse_stikkord"]

STIKKORD = ("kan overføres", "overslagsbevilgning", "kan nyttes under post")


def parse_stikkord(value: object, file: str, row: int | None, column: str = "stikkord") -> str | None:
    """Normalise a stikkord cell (the same parser as the fullmakter:
    :func:`imdi_ledger.load.fullmakter.parse_stikkord`); several stikkord are joined with
    ``, ``.  An unknown stikkord raises :class:`InputError` naming file, row and column."""
    from .fullmakter import parse_stikkord as _parse

    try:
        parts = _parse(value)
    except ValueError as exc:
        raise InputError(file, row, column, str(exc)) from None
    return ", ".join(parts) if parts else None


@dataclass(frozen=True, eq=False)
class Tildeling:
    """The year's tildeling per kapittel/post (``poster`` frame, øre)."""

    ar: int
    virksomhet: str | None
    poster: pd.DataFrame = field(repr=False)
    kilde: str = ""
    ekstra: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.poster.copy()


def _money(value: object, file: str, row: int | None, column: str) -> int:
    if value is None:
        return 0
    if isinstance(value, (bool, list, dict)):
        raise InputError(file, row, column, f"beløpet {value!r} er ikke et tall; skriv hele kroner eller tekst")
    if isinstance(value, float):  # float ok
        raise InputError(file, row, column, f"beløpet {value!r} er et flyttall; skriv hele kroner eller tekst")
    try:
        return parse_ore(value if isinstance(value, int) else str(value))
    except MoneyFormatError as exc:
        raise InputError(file, row, column, str(exc)) from None


def _from_yaml(path: Path) -> Tildeling:
    file = str(path)
    dokument = les_yaml_fil(path, laster=DesimalLaster)   # unquoted kapittel 0670 is decimal, not octal
    doc = dokument.data
    if not isinstance(doc, dict):
        raise InputError(file, 1, None, "tildelingsfilen skal være en tabell av nøkler (ar, virksomhet, poster)")
    if "poster" not in doc:
        raise InputError(file, None, "poster", "tildelingsfilen mangler 'poster'")
    if "ar" not in doc:
        raise InputError(file, None, "ar", "tildelingsfilen mangler 'ar'")
    ar = krev_ar(doc["ar"], file, dokument.linje("ar"))
    if not isinstance(doc["poster"], (list, type(None))):
        raise InputError(file, dokument.linje("poster"), "poster", "'poster' skal være en liste av poster")
    krev_tekst(doc.get("virksomhet"), file, dokument.linje("virksomhet"), "virksomhet")
    rows = []
    for i, item in enumerate(doc["poster"] or []):
        line = dokument.linje("poster", i)
        if not isinstance(item, dict):
            raise InputError(file, line, None, "hver post må være en mapping")
        item = {normalise_header(k): v for k, v in item.items()}   # the same keys as the CSV headers
        for col in ("kapittel", "post"):
            if item.get(col) in (None, ""):
                raise InputError(file, line, col, f"mangler {col}")
            v = item[col]
            bredde = 4 if col == "kapittel" else 2
            if isinstance(v, bool) or not isinstance(v, (str, int)) or not str(v).strip().isdigit() \
                    or len(str(v).strip()) > bredde or not str(v).strip().isascii():
                raise InputError(file, dokument.linje("poster", i, col) or line, col,
                                 f"{col} {v!r} er ikke et {col}nummer (inntil {bredde} siffer)")
        for col in ("kapittelnavn", "posttekst"):
            krev_tekst(item.get(col), file, dokument.linje("poster", i, col) or line, col)
        rows.append({
            "kapittel": str(item["kapittel"]).strip().zfill(4),
            "post": str(item["post"]).strip().zfill(2),
            "kapittelnavn": item.get("kapittelnavn"),
            "posttekst": item.get("posttekst"),
            "overfort_fra_i_fjor_ore": _money(item.get("overfort_fra_i_fjor"), file, line, "overfort_fra_i_fjor"),
            "arets_tildeling_ore": _money(item.get("arets_tildeling"), file, line, "arets_tildeling"),
            "stikkord": parse_stikkord(item.get("stikkord"), file, line),
            "_file": file,
            "_row": line,
        })
    ekstra = {k: v for k, v in doc.items() if k not in ("ar", "virksomhet", "poster")}
    return Tildeling(ar, doc.get("virksomhet"), _finish(rows, file), file, ekstra)



def _from_table(source: str | Path | pd.DataFrame, ar: int | None) -> Tildeling:
    raw = read_table(source, required=("kapittel", "post", "arets_tildeling"),
                     optional=("kapittelnavn", "posttekst", "overfort_fra_i_fjor", "stikkord", "ar"),
                     money=("arets_tildeling", "overfort_fra_i_fjor"))
    f = raw.frame
    if "ar" in f.columns:
        years = sorted({str(v).strip() for v in f["ar"].dropna()} - {""})
        if len(years) > 1:
            raise InputError(raw.file, None, "ar", f"tildelingen må gjelde ett år, fant {years[:5]}")
        if years:
            row = int(f.loc[f["ar"].fillna("").str.strip() == years[0], "_row"].iloc[0])
            fil_ar = krev_ar(years[0], raw.file, row)
            if ar is not None and fil_ar != ar:
                raise InputError(raw.file, row, "ar", f"tildelingen gjelder {years[0]}, ikke {ar}")
            ar = fil_ar
    if ar is None:
        raise InputError(raw.file, 1, "ar", "oppgi år (kolonnen 'ar' eller parameteren ar=)")
    aret = money_column(raw, "arets_tildeling")
    overfort = (money_column(raw, "overfort_fra_i_fjor", allow_blank=True)
                if "overfort_fra_i_fjor" in f.columns else pd.Series(0, index=f.index, dtype="int64"))
    rows = []
    for i in range(len(f)):
        row = int(f["_row"].iloc[i])
        kap, post = str(f["kapittel"].iloc[i]).strip(), str(f["post"].iloc[i]).strip()
        if not (kap.isascii() and kap.isdigit()) or not (post.isascii() and post.isdigit()):
            raise InputError(raw.file, row, "kapittel" if not (kap.isascii() and kap.isdigit()) else "post",
                             f"kapittel/post {kap!r}/{post!r} er ikke tall")
        rows.append({
            "kapittel": kap.zfill(4), "post": post.zfill(2),
            "kapittelnavn": f["kapittelnavn"].iloc[i] if "kapittelnavn" in f.columns else None,
            "posttekst": f["posttekst"].iloc[i] if "posttekst" in f.columns else None,
            "overfort_fra_i_fjor_ore": int(overfort.iloc[i]), "arets_tildeling_ore": int(aret.iloc[i]),
            "stikkord": parse_stikkord(f["stikkord"].iloc[i] if "stikkord" in f.columns else None, raw.file, row),
            "_file": raw.file, "_row": row,
        })
    return Tildeling(int(ar), None, _finish(rows, raw.file), raw.file, {})


def _finish(rows: list[dict[str, Any]], file: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kapittel", "post", "kapittelnavn", "posttekst",
                                        "overfort_fra_i_fjor_ore", "arets_tildeling_ore", "stikkord",
                                        "_file", "_row"])
    for c in ("overfort_fra_i_fjor_ore", "arets_tildeling_ore"):
        sjekk_sum(frame[c].to_numpy(dtype=object), frame["_row"], file, c.removesuffix("_ore"))
        frame[c] = frame[c].astype("int64")
        neg = frame[c] < 0
        if neg.any():
            r = frame[neg].iloc[0]
            raise InputError(file, r["_row"], c.removesuffix("_ore"),
                             f"negativ tildeling på {r['kapittel']}/{r['post']}")
    frame["samlet_tildeling_ore"] = frame["overfort_fra_i_fjor_ore"] + frame["arets_tildeling_ore"]
    frame["stikkord"] = frame["stikkord"].astype(object).where(frame["stikkord"].notna(), None)
    dup = frame.duplicated(["kapittel", "post"])
    if dup.any():
        r = frame[dup].iloc[0]
        raise InputError(file, r["_row"], "post", f"kapittel/post {r['kapittel']}/{r['post']} står to ganger")
    return frame


def load_tildeling(source: str | Path | pd.DataFrame, *, ar: int | None = None) -> Tildeling:
    """Read a tildeling from YAML, CSV, Excel or a DataFrame."""
    if isinstance(source, (str, Path)) and Path(source).suffix.lower() in (".yaml", ".yml"):
        path = Path(source)
        if not path.exists():
            raise InputError(str(path), None, None, "filen finnes ikke")
        t = _from_yaml(path)
        if ar is not None and t.ar != ar:
            raise InputError(str(path), None, "ar", f"tildelingen gjelder {t.ar}, ikke {ar}")
        return t
    return _from_table(source, ar)
