"""Integer codes of a loaded input's text columns, worked out once per input and shared by the
statements that read it.

A year has hundreds of distinct statskontoer, artskontoer, kontotyper and kapittel/post, not
millions: a column is factorised once (:func:`koder`), anything per distinct value (a line, a
test) is computed once per value, and rows are selected and summed through the integer codes
(:func:`rader`, :func:`sum_per_kode`), by position, without copying the frame's columns.  Sums
are exact ``int64`` (never through float).

The codes are kept with the object that holds the frame (an :class:`~imdi_ledger.load.srapport.SRapport`
or :class:`~imdi_ledger.load.hovedbok.Hovedbok`) for as long as it holds the same frame.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = ["koder", "rader", "maske", "sum_per_kode", "sum_per_par", "per_par", "belop", "kodetype", "husk"]

T = TypeVar("T")


def kodetype(n: int) -> type:
    """The integer type of codes into ``n`` distinct values: ``int32`` (half the memory of the
    codes kept per row) unless there are more values than it holds."""
    return np.int32 if n < 2**31 else np.int64


def _lager(eier: Any) -> dict[str, Any]:
    lager = eier.__dict__.get("_koder")
    if lager is None or lager.get("_frame") is not eier.frame:
        lager = {"_frame": eier.frame}
        eier.__dict__["_koder"] = lager
    return lager


def husk(eier: Any, nokkel: Hashable, lag: Callable[[], T]) -> T:
    """``lag()``, computed once for ``eier``'s frame and kept with it (beside the codes of
    :func:`koder`) for as long as ``eier`` holds the same frame."""
    lager = _lager(eier)
    if nokkel not in lager:
        lager[nokkel] = lag()
    return lager[nokkel]


def koder(eier: Any, kolonne: str) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of ``eier.frame[kolonne]``: each row's index (:func:`kodetype`) into the
    distinct values (an object array, in order of first appearance; a missing value is a
    value of its own)."""
    def lag() -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = pd.factorize(eier.frame[kolonne], use_na_sentinel=False)
        return codes.astype(kodetype(len(uniques)), copy=False), np.asarray(uniques, dtype=object)
    return husk(eier, kolonne, lag)


def maske(eier: Any, kolonne: str, hvor: Callable[[Any], bool] | Iterable[str]) -> np.ndarray:
    """Boolean per row: the row's value in ``kolonne`` is one of ``hvor`` (values) or satisfies
    it (a test run once per distinct value)."""
    codes, uniques = koder(eier, kolonne)
    if callable(hvor):
        test = hvor
    else:
        verdier = frozenset(hvor)

        def test(v: Any) -> bool:
            return isinstance(v, str) and v in verdier
    per_verdi = np.fromiter((bool(test(v)) for v in uniques), dtype=bool, count=len(uniques))
    return per_verdi[codes]


def rader(eier: Any, kolonne: str, verdier: Iterable[str]) -> np.ndarray:
    """Positions of the rows whose value in ``kolonne`` is one of ``verdier`` (kept: the same
    selection is read by several statements)."""
    verdier = tuple(verdier)
    return husk(eier, ("rader", kolonne, verdier), lambda: np.flatnonzero(maske(eier, kolonne, verdier)))


def belop(eier: Any, kolonne: str = "belop_ore") -> np.ndarray:
    """An øre column as ``int64`` (the frame's own array, not a copy)."""
    return eier.frame[kolonne].to_numpy(dtype=np.int64)


def sum_per_kode(codes: np.ndarray, verdier: np.ndarray, n: int) -> np.ndarray:
    """Exact ``int64`` sum of ``verdier`` per code ``0 … n-1``."""
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, codes, verdier)
    return out


def _koder_for(eier: Any, kolonne: str, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The codes of the rows at ``pos``: from the whole column's codes when they are kept or
    the rows are at least half the frame (then kept), else from those rows alone."""
    lager = _lager(eier)
    if kolonne in lager or 2 * len(pos) >= len(eier.frame):
        codes, uniques = koder(eier, kolonne)
        return codes[pos], uniques
    codes, uniques = pd.factorize(eier.frame[kolonne].take(pos), use_na_sentinel=False)
    return codes.astype(kodetype(len(uniques)), copy=False), np.asarray(uniques, dtype=object)


def sum_per_par(eier: Any, pos: np.ndarray, a: str, b: str, kolonne: str = "belop_ore") -> pd.DataFrame:
    """``frame.iloc[pos].groupby([a, b], as_index=False)[kolonne].sum()`` through the integer
    codes of ``a`` and ``b``: one row per pair present (sorted by ``a``, then ``b``; a pair with
    a missing value is left out, as a group-by leaves it out), the key columns in the frame's
    dtype, the sums exact ``int64``."""
    frame = eier.frame
    ca, ua = _koder_for(eier, a, pos)
    cb, ub = _koder_for(eier, b, pos)
    nb = max(len(ub), 1)
    nokkel = ca.astype(np.int64) * nb + cb
    verdier = frame[kolonne].to_numpy(dtype=np.int64)[pos]
    n = len(ua) * nb
    if n <= max(4 * len(pos), 1 << 16):     # few pairs possible: one slot per pair, no sort
        summer = sum_per_kode(nokkel, verdier, n)
        par = np.flatnonzero(np.bincount(nokkel, minlength=n))
        summer = summer[par]
    else:
        par, inv = np.unique(nokkel, return_inverse=True)
        summer = sum_per_kode(inv.reshape(-1), verdier, len(par))
    av, bv = ua[par // nb], ub[par % nb]
    ok = ~(pd.isna(av) | pd.isna(bv))
    out = pd.DataFrame({a: pd.Series(av[ok], dtype=frame[a].dtype), b: pd.Series(bv[ok], dtype=frame[b].dtype),
                        kolonne: summer[ok]})
    return out.sort_values([a, b], kind="stable").reset_index(drop=True)


def per_par(eier: Any, pos: np.ndarray, a: str, b: str, fn: Callable[[Any, Any], Any]) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, values)`` of the rows at ``pos``: ``values`` holds ``fn(a, b)`` (an object
    array) once per distinct pair present, in order of first appearance (a missing value is a
    value of its own), and ``values[codes]`` is each row's."""
    ca, ua = _koder_for(eier, a, pos)
    cb, ub = _koder_for(eier, b, pos)
    nb = max(len(ub), 1)
    codes, par = pd.factorize(ca.astype(np.int64) * nb + cb)
    verdier = np.empty(len(par), dtype=object)
    verdier[:] = [fn(ua[int(p) // nb], ub[int(p) % nb]) for p in par]
    return codes, verdier
