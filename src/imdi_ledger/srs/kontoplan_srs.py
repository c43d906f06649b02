"""The mapping of the state chart of accounts (standard kontoplan, R-102; KS codes as in the
SAF-T grouping list «Kontoplan_stat») to the SRS 1 lines of a bruttobudsjettert agency
(resultatregnskap and balanse, DFØ veileder «Resultatregnskapet», «Balansen») and to the
lines of the SRS notes.

Both mappings are shipped as data (``srs/data/srs1.csv``, ``srs/data/noter.csv``, documented
in ``docs/srs.md``) and can be overridden by a user CSV with the same columns: a user row
replaces the shipped row with the same key (``oppstilling``+``linje`` or ``note``+``linje``)
and otherwise is added: right after the user row before it when that row is of the same
statement or note (so a line split in two stays in place, before its sum), else appended to its
statement or note.

* A ledger account's KS code is its first four digits when they form a four-digit code of
  the chart (e.g. ``1985``, ``1991``), else its first three digits (``5000`` → ``500``).
* SRS 1 lines select KS codes: ``kontoer`` lists codes and ranges of equal length
  (``300-339 360-369``, ``1985``).  A KS code no line selects is outside the chart.
* Note lines select account *prefixes* (``670`` → 670x, ``6705-6709``); within one note the
  longest matching prefix wins, so a four-digit sub-account can be split out of its group.
* ``sum`` and ``netto`` rows of both files declare their terms in ``summerer`` (line ids of
  earlier rows of the same statement or note, ``-id`` subtracts); this is the one declaration of
  the SRS sums, read by the statement and note builders (:meth:`SrsKontoplan.ledd`) and by the
  checks of published figures.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..load.dialect import read_table
from ..tabell import Ledd, parse_ledd

__all__ = ["SrsKontoplan", "load_kontoplan", "IKKE_KLASSIFISERT"]

IKKE_KLASSIFISERT = "ikke_klassifisert"

_SRS1_COLS = ("oppstilling", "linje", "kind", "tekst", "note", "kontoer", "summerer", "fortegn")
_NOTE_COLS = ("note", "linje", "kind", "tekst", "kontoer", "summerer", "fortegn")


def _tokens(spec: str, file: str, row: int) -> list[tuple[int, int, int]]:
    """``'300-339 1985'`` → ``[(300, 339, 3), (1985, 1985, 4)]``."""
    out: list[tuple[int, int, int]] = []
    for tok in (spec or "").split():
        lo, _, hi = tok.partition("-")
        hi = hi or lo
        if not (lo.isdigit() and hi.isdigit() and len(lo) == len(hi) and int(lo) <= int(hi)):
            raise InputError(file, row, "kontoer", f"ugyldig kontointervall {tok!r}")
        out.append((int(lo), int(hi), len(lo)))
    return out


def _read(source: str | Path | pd.DataFrame, cols: tuple[str, ...], name: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        name = source.attrs.get("navn", name)
    raw = read_table(source, required=cols, name=name)
    f = raw.frame
    out = pd.DataFrame({c: f[c].astype("string").fillna("").str.strip().astype(object) for c in cols})
    out["_file"] = raw.file
    out["_row"] = f["_row"].to_numpy()
    for i, r in out.iterrows():
        if r["kind"] not in ("header", "line", "sum", "netto"):
            raise InputError(raw.file, int(r["_row"]), "kind", f"ukjent radtype {r['kind']!r}")
        if r["fortegn"] not in ("", "1", "-1"):
            raise InputError(raw.file, int(r["_row"]), "fortegn", "fortegn må være 1 eller -1")
        _tokens(r["kontoer"], raw.file, int(r["_row"]))
        try:
            parse_ledd(r["summerer"])
        except ValueError as e:
            raise InputError(raw.file, int(r["_row"]), "summerer", str(e)) from None
    return out


def _ledd_av(frame: pd.DataFrame, key: str) -> dict[tuple[str, str], tuple[Ledd, ...]]:
    """The terms of every sum/netto row by (statement or note, line id); each term must be an
    earlier line, sum or netto row of the same statement or note."""
    out: dict[tuple[str, str], tuple[Ledd, ...]] = {}
    seen: dict[str, set[str]] = {}
    for _, r in frame.iterrows():
        grp = seen.setdefault(r[key], set())
        if r["kind"] in ("sum", "netto"):
            ledd = parse_ledd(r["summerer"])
            if not ledd:
                raise InputError(r["_file"], int(r["_row"]), "summerer", f"{r['linje']}: sumrad uten ledd")
            for l in ledd:
                if l.tabell is not None or l.linje not in grp:
                    raise InputError(r["_file"], int(r["_row"]), "summerer",
                                     f"{r['linje']} summerer ukjent eller senere linje {l.tekst()!r}")
            out[(r[key], r["linje"])] = ledd
        elif r["summerer"]:
            raise InputError(r["_file"], int(r["_row"]), "summerer", "bare sum- og nettorader har ledd")
        if r["kind"] != "header":
            grp.add(r["linje"])
    return out


def _merge(base: pd.DataFrame, over: pd.DataFrame | None, key: tuple[str, str]) -> pd.DataFrame:
    if over is None or over.empty:
        return base.reset_index(drop=True)
    rows = base.to_dict("records")
    index = {(r[key[0]], r[key[1]]): i for i, r in enumerate(rows)}
    forrige: tuple[str, str] | None = None
    for r in over.to_dict("records"):
        k = (r[key[0]], r[key[1]])
        if k in index:
            rows[index[k]] = r
        else:
            if forrige is not None and forrige[0] == k[0]:
                # right after the user row before it (same statement/note): a split of a line
                # stays where the line was, before the sum that names it
                pos = index[forrige] + 1
            else:
                # after the last row of the same statement/note, keeping the layout order
                same = [i for i, x in enumerate(rows) if x[key[0]] == k[0]]
                pos = (same[-1] + 1) if same else len(rows)
            rows.insert(pos, r)
            index = {(x[key[0]], x[key[1]]): i for i, x in enumerate(rows)}
        forrige = k
    return pd.DataFrame(rows).reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class SrsKontoplan:
    """SRS 1 layout and note layout with their account selections."""

    linjer: pd.DataFrame = field(repr=False)
    noter: pd.DataFrame = field(repr=False)

    def __post_init__(self) -> None:
        regler = [(r["oppstilling"], r["linje"], _tokens(r["kontoer"], r["_file"], int(r["_row"])))
                  for _, r in self.linjer.iterrows() if r["kind"] == "line"]
        noteregler = [(r["note"], r["linje"], _tokens(r["kontoer"], r["_file"], int(r["_row"])))
                      for _, r in self.noter.iterrows() if r["kind"] == "line"]
        four = {str(c) for _, _, toks in regler for lo, hi, n in toks if n == 4 for c in range(lo, hi + 1)}
        object.__setattr__(self, "_ledd", _ledd_av(self.linjer, "oppstilling"))
        object.__setattr__(self, "_noteledd", _ledd_av(self.noter, "note"))
        object.__setattr__(self, "_regler", regler)
        object.__setattr__(self, "_noteregler", noteregler)
        object.__setattr__(self, "_four", frozenset(four))

    # -- sums -----------------------------------------------------------------------------
    def ledd(self, oppstilling: str, linje: str) -> tuple[Ledd, ...]:
        """The declared terms of a sum/netto row of an SRS 1 statement (``summerer``)."""
        return self._ledd[(oppstilling, linje)]  # type: ignore[attr-defined]

    def note_ledd(self, note: str, linje: str) -> tuple[Ledd, ...]:
        """The declared terms of a sum/netto row of a note (``summerer`` in ``noter.csv``)."""
        return self._noteledd[(note, linje)]  # type: ignore[attr-defined]

    # -- KS codes ---------------------------------------------------------------------
    @property
    def firesifrede(self) -> frozenset[str]:
        """Four-digit KS codes of the chart (those named in the SRS 1 mapping)."""
        return self._four  # type: ignore[attr-defined]

    def ks_kode(self, konto: pd.Series) -> pd.Series:
        """KS code of each ledger account (text)."""
        s = konto.astype(str)
        four = s.str[:4]
        return four.where(four.isin(self.firesifrede) & (s.str.len() >= 4), s.str[:3])

    def linje(self, ks: pd.Series, oppstilling: str) -> pd.Series:
        """SRS 1 line id per KS code for one statement, ``ikke_klassifisert`` when no line of
        either statement selects the code."""
        codes = ks.astype(str)
        num = pd.to_numeric(codes, errors="coerce").fillna(-1).astype("int64").to_numpy()
        length = codes.str.len().to_numpy()
        out = np.full(len(codes), None, dtype=object)
        for opp, linje, toks in self._regler:  # type: ignore[attr-defined]
            if opp != oppstilling:
                continue
            for lo, hi, n in toks:
                hit = (length == n) & (num >= lo) & (num <= hi) & (out == None)  # noqa: E711
                out[hit] = linje
        return pd.Series(out, index=ks.index, dtype=object)

    def i_kontoplan(self, ks: pd.Series) -> pd.Series:
        """True where the KS code belongs to the chart (is selected by some SRS 1 line)."""
        a = self.linje(ks, "resultat").notna()
        b = self.linje(ks, "balanse").notna()
        return a | b

    # -- notes ------------------------------------------------------------------------
    def note_ids(self) -> list[str]:
        return list(dict.fromkeys(self.noter["note"].tolist()))

    def note_linje(self, konto: pd.Series, note: str) -> pd.Series:
        """The note line per ledger account (longest prefix wins), ``None`` outside the note.
        Worked out once per distinct account, then taken per row."""
        distinkt = distinkte_kontoer(konto)
        if distinkt is None:
            return self._note_linje(konto, note)
        rad, unike = distinkt
        per_konto = self._note_linje(unike, note).to_numpy(dtype=object)
        return pd.Series(per_konto[rad] if len(rad) else np.zeros(0, dtype=object), index=konto.index, dtype=object)

    def _note_linje(self, konto: pd.Series, note: str) -> pd.Series:
        return pd.Series(self._note_linjer(konto, (note,))[note], index=konto.index, dtype=object)

    def note_linjer(self, konto: pd.Series) -> dict[str, np.ndarray]:
        """The note line per account (as :meth:`note_linje`) for every note at once, as arrays
        in the order of ``konto``: the account prefixes are read once for all notes."""
        return self._note_linjer(konto, tuple(self.note_ids()))

    def _note_linjer(self, konto: pd.Series, noter: tuple[str, ...]) -> dict[str, np.ndarray]:
        s = konto.astype(str)
        lengths = s.str.len().to_numpy()
        prefix = {n: pd.to_numeric(s.str[:n], errors="coerce").fillna(-1).astype("int64").to_numpy()
                  for n in range(3, 7)}
        out = {nid: np.full(len(s), None, dtype=object) for nid in noter}
        best = {nid: np.zeros(len(s), dtype=np.int64) for nid in noter}
        for nid, linje, toks in self._noteregler:  # type: ignore[attr-defined]
            if nid not in out:
                continue
            for lo, hi, n in toks:
                pref = prefix.get(n)
                if pref is None:
                    pref = pd.to_numeric(s.str[:n], errors="coerce").fillna(-1).astype("int64").to_numpy()
                    prefix[n] = pref
                hit = (lengths >= n) & (pref >= lo) & (pref <= hi) & (best[nid] < n)
                out[nid][hit] = linje
                best[nid][hit] = n
        return out


def distinkte_kontoer(konto: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """Each row's code into the distinct accounts of ``konto`` and those accounts as text (a
    Series), for what is worked out once per account and taken per row; None where a row has
    no account.  A categorical column's categories are its distinct accounts: no text is made
    per row."""
    if isinstance(konto.dtype, pd.CategoricalDtype):
        rad = konto.cat.codes.to_numpy()
        unike = np.asarray(konto.cat.categories.astype(str), dtype=object)
    else:
        rad, u = pd.factorize(konto, use_na_sentinel=True)
        unike = np.array([str(x) for x in u], dtype=object)
    if len(rad) and (rad < 0).any():
        return None
    return rad, pd.Series(unike, dtype=object)


def _shipped(name: str) -> Path:
    return Path(str(resources.files("imdi_ledger.srs") / "data" / name))


@functools.cache
def _standard_kontoplan() -> SrsKontoplan:
    return SrsKontoplan(linjer=_read(_shipped("srs1.csv"), _SRS1_COLS, "srs1.csv"),
                        noter=_read(_shipped("noter.csv"), _NOTE_COLS, "noter.csv"))


def load_kontoplan(
    overstyr_linjer: str | Path | pd.DataFrame | None = None,
    overstyr_noter: str | Path | pd.DataFrame | None = None,
) -> SrsKontoplan:
    """The shipped mapping, optionally overridden/extended by user CSVs (same columns).  The
    shipped mapping alone is read once per process and shared (a chart is not modified)."""
    if overstyr_linjer is None and overstyr_noter is None:
        return _standard_kontoplan()
    linjer = _read(_shipped("srs1.csv"), _SRS1_COLS, "srs1.csv")
    noter = _read(_shipped("noter.csv"), _NOTE_COLS, "noter.csv")
    if overstyr_linjer is not None:
        linjer = _merge(linjer, _read(overstyr_linjer, _SRS1_COLS, "overstyring srs1"),
                        ("oppstilling", "linje"))
    if overstyr_noter is not None:
        noter = _merge(noter, _read(overstyr_noter, _NOTE_COLS, "overstyring noter"), ("note", "linje"))
    return SrsKontoplan(linjer=linjer, noter=noter)
