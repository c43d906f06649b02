"""Exact money: integer øre, parsing of Norwegian amount text, and presentation in kroner.

Principle 1 of the design: every amount inside the library is an ``int`` (or an ``int64``
column) counting øre, debit positive.  This module is the only place where text becomes
money and money becomes text.

Parsing accepts what Norwegian finance exports contain:

* ``1234``, ``1234,56``, ``1234.56``, ``-1234,5``
* group separators: space, no-break space (U+00A0), narrow no-break space (U+202F),
  thin space (U+2009), apostrophe, and ``.`` / ``,`` in the usual positions
  (``1.234.567,89``, ``1,234,567.89``)
* signs: leading ``-``/``+``/``−`` (U+2212), trailing minus (``1 234,56-``) and
  accounting brackets (``(1 234,56)``)

It rejects, with :class:`MoneyFormatError`, anything it cannot read without guessing:
more than two decimals, ``1,234`` or ``1.234`` (a group separator or a decimal mark? the
caller must say with ``decimal=``), mixed or misplaced group separators, two signs.

Every amount is bounded: ``|amount| <= MAKS_ORE`` (10^18 øre = 10 billiarder kroner), and a
loader checks that the absolute amounts of what it reads add up to no more than ``MAKS_ORE``
either (:func:`forste_overskridelse`).  int64 holds 9.2 · 10^18, so any sum or difference of
the amounts of up to nine such inputs is exact in int64 and nothing wraps around.  An amount
beyond the bound is a :class:`MoneyFormatError` (a loader's ``InputError``), never an
``OverflowError``.  Money columns that may be blank are nullable ``Int64`` built from Python
integers (:func:`ore_array`), never through a float.

Rounding øre to whole kroner (the published unit) is **half away from zero**:
``50 øre -> 1 kr``, ``-50 øre -> -1 kr``, ``149 øre -> 1 kr``.  This matches how amounts
are rounded in statsregnskapet's printed reports and avoids the bias of banker's rounding
on sums of many positive lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

import numpy as np

# pandas is imported by the functions that take or give frames: the formatting of amounts also
# serves the PDF process, which draws the plots without pandas (imdi_ledger.render.plott).
if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "belop_tekst",
    "i_kroner",
    "MoneyFormatError",
    "parse_ore",
    "parse_ore_series",
    "kroner_to_ore",
    "ore_to_kroner",
    "andel_ore",
    "round_series_to_kroner",
    "format_kroner",
    "format_ore",
    "MAKS_ORE",
    "sjekk_grense",
    "forste_overskridelse",
    "ore_array",
]

DecimalMark = Literal[",", "."] | None

_SPACES = "\u00a0\u202f\u2009\u2007 '"
_MINUS = "-\u2212\u2013"


class MoneyFormatError(ValueError):
    """An amount that cannot be read as money without guessing, or that is beyond
    :data:`MAKS_ORE`."""


#: The largest absolute amount in øre the library reads (10^18 øre = 10^16 kr), and the
#: largest sum of absolute amounts of one input (a file, or the files one loader reads
#: together).  int64 holds 9.2 · 10^18, so sums and differences across up to nine inputs are
#: exact; the statements combine fewer.
MAKS_ORE = 10**18


def _kroner_tekst(ore: int) -> str:
    return f"{ore // 100:,}".replace(",", " ")


def sjekk_grense(ore: int, text: object = None) -> int:
    """``ore`` when ``|ore| <= MAKS_ORE``; otherwise :class:`MoneyFormatError`."""
    if -MAKS_ORE <= ore <= MAKS_ORE:
        return ore
    shown = f"{text!r}" if text is not None else format_ore(ore)
    raise MoneyFormatError(
        f"beløpet {shown} er større enn {_kroner_tekst(MAKS_ORE)} kr i absoluttverdi "
        "og kan ikke regnes eksakt i øre"
    )


def forste_overskridelse(ore: np.ndarray | pd.Series) -> int | None:
    """The position where the running sum of absolute amounts first exceeds
    :data:`MAKS_ORE`, or ``None`` when the whole sum is within it.  Each value must be at most
    8 · :data:`MAKS_ORE` in absolute value (a parsed amount is at most :data:`MAKS_ORE`)."""
    a = np.abs(np.asarray(ore, dtype=np.int64)).astype(np.uint64)
    if a.size == 0:
        return None
    # Up to the first position past MAKS_ORE the running sum is at most 9 · 10^18, exact in
    # uint64 (which holds 1.8 · 10^19); what comes after that position is not read.
    over = np.cumsum(a, dtype=np.uint64) > np.uint64(MAKS_ORE)
    return int(np.argmax(over)) if over.any() else None


def ore_array(values: object) -> pd.arrays.IntegerArray:
    """A nullable ``Int64`` array of øre from Python or NumPy integers, with ``None``,
    ``pd.NA`` or NaN for blanks.  Built from the integers themselves, never through float;
    a float amount or an integer beyond int64 raises ``TypeError``/``OverflowError``."""
    import pandas as pd

    out: list[int | None] = []
    for v in values:  # type: ignore[attr-defined]
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):  # float ok: NaN = blank
            out.append(None)
        elif isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"øre-verdien {v!r} er ikke et heltall")
        else:
            i = int(v)
            if not -(2**63) <= i < 2**63:
                raise OverflowError(f"øre-verdien {i} får ikke plass i int64")
            out.append(i)
    return pd.array(out, dtype="Int64")


def _siffer(s: str) -> bool:
    """Only the ASCII digits 0–9 (``str.isdigit`` also takes «³» and «٣»)."""
    return s.isascii() and s.isdigit()


_PLAIN = re.compile(r"^[0-9]+$")  # ASCII digits only: "³" or "٣" is no digit of an amount
_GROUPED = re.compile(r"^[0-9]{1,3}(?:[ .,][0-9]{3})+$")


def _strip_sign(text: str) -> tuple[int, str]:
    s = text.strip()
    for ch in _SPACES:
        if ch != " ":
            s = s.replace(ch, " ")
    s = s.strip()
    sign = 1
    n_signs = 0
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
        sign = -sign
        n_signs += 1
    if s and s[0] in _MINUS:
        s = s[1:].strip()
        sign = -sign
        n_signs += 1
    elif s.startswith("+"):
        s = s[1:].strip()
    if s and s[-1] in _MINUS:
        s = s[:-1].strip()
        sign = -sign
        n_signs += 1
    if s.lower().startswith("kr"):
        s = s[2:].strip()
    if n_signs > 1:
        raise MoneyFormatError(f"beløpet {text!r} har mer enn ett fortegn")
    return sign, s


def _split_decimal(s: str, decimal: DecimalMark, original: str) -> tuple[str, str]:
    """Return (integer part with group separators, fraction digits)."""
    if decimal is not None:
        other = "." if decimal == "," else ","
        if s.count(decimal) > 1:
            raise MoneyFormatError(f"beløpet {original!r} har flere desimaltegn {decimal!r}")
        if decimal in s:
            whole, frac = s.rsplit(decimal, 1)
        else:
            whole, frac = s, ""
        if decimal in whole or (other in frac):
            raise MoneyFormatError(f"beløpet {original!r} har tusenskille etter desimaltegnet")
        return whole, frac
    # Auto: the last '.' or ',' is a decimal mark when followed by 1 or 2 digits,
    # a group separator when followed by exactly 3 digits and used consistently,
    # and ambiguous (rejected) when it is the only mark and followed by 3 digits.
    marks = [(i, c) for i, c in enumerate(s) if c in ".,"]
    if not marks:
        return s, ""
    i_last, last = marks[-1]
    tail = s[i_last + 1 :]
    if len(tail) in (1, 2) and _siffer(tail):
        if last in s[:i_last]:
            raise MoneyFormatError(f"beløpet {original!r} bruker {last!r} både som tusenskille og desimaltegn")
        return s[:i_last], tail
    if len(tail) == 3 and _siffer(tail):
        if len(marks) == 1:
            raise MoneyFormatError(
                f"beløpet {original!r} er tvetydig: {last!r} kan være tusenskille eller desimaltegn; "
                "oppgi desimaltegn (decimal=',' eller '.')"
            )
        return s, ""
    raise MoneyFormatError(f"beløpet {original!r} har {len(tail)} siffer etter {last!r}")


def parse_ore(text: str | int, *, decimal: DecimalMark = None) -> int:
    """Parse one amount in kroner (text) to integer øre.

    ``decimal`` names the decimal mark when the source declares it; ``None`` reads the
    mark from the text and rejects the ambiguous cases.  An ``int`` is taken as kroner.
    """
    if isinstance(text, bool):
        raise MoneyFormatError(f"beløpet {text!r} er ikke et tall")
    if isinstance(text, (int, np.integer)):
        return sjekk_grense(int(text) * 100, text)
    if not isinstance(text, str):
        raise MoneyFormatError(f"beløpet {text!r} er ikke tekst eller heltall")
    original = text
    if not text.strip():
        raise MoneyFormatError("beløpet er tomt")
    sign, s = _strip_sign(text)
    if not s:
        raise MoneyFormatError(f"beløpet {original!r} mangler siffer")
    whole, frac = _split_decimal(s, decimal, original)
    if len(frac) > 2 or (frac and not _siffer(frac)):
        raise MoneyFormatError(f"beløpet {original!r} har mer enn to desimaler eller ugyldige tegn")
    whole = whole.strip()
    if _PLAIN.match(whole):
        digits = whole
    else:
        w = whole
        if not _GROUPED.match(w):
            raise MoneyFormatError(f"beløpet {original!r} er ikke et gyldig beløp")
        seps = {c for c in w if c not in "0123456789"}
        if len(seps) != 1:
            raise MoneyFormatError(f"beløpet {original!r} blander tusenskilletegn")
        if decimal is not None and decimal in seps:
            raise MoneyFormatError(f"beløpet {original!r} bruker desimaltegnet som tusenskille")
        digits = "".join(c for c in w if c in "0123456789")
    if not digits:
        raise MoneyFormatError(f"beløpet {original!r} mangler siffer")
    frac = (frac + "00")[:2]
    return sjekk_grense(sign * (int(digits) * 100 + int(frac)), original)


# At most 16 whole digits (or 18 digits with decimals): every value of this shape is below
# MAKS_ORE, so the vectorised path needs no bound check; longer numbers take the slow path.
_FAST = re.compile(r"^-?[0-9]{1,16}(?:[.,][0-9]{1,2})?$")


#: Rows per block of :func:`parse_ore_series`.
_BLOKK = 1 << 18


def _parse_ore_blokk(tekst: pa.Array, decimal: DecimalMark, out: np.ndarray) -> np.ndarray:
    """The common shape (``-1234``, ``1234,5``, ``1234.56``) parsed with Arrow's kernels into
    ``out`` (øre); returns which values had it.  One regular-expression pass selects the shape,
    whose digits (separator removed, sign kept) are cast to int64 exactly and scaled to øre."""
    import pyarrow as pa
    import pyarrow.compute as pc

    s = pc.ascii_trim_whitespace(tekst)
    skille = {None: "[.,]", ",": ",", ".": "\\."}[decimal]
    fast_a = pc.fill_null(pc.match_substring_regex(s, f"^-?[0-9]{{1,16}}(?:{skille}[0-9]{{1,2}})?$"), False)
    fast = fast_a.to_numpy(zero_copy_only=False).astype(bool, copy=False)
    if fast.any():
        f = s if fast.all() else s.filter(fast_a)
        tegn = [",", "."] if decimal is None else [decimal]
        uten, dot = f, None
        for t in tegn:   # at most one separator in a value of this shape
            uten = pc.replace_substring(uten, t, "")
            pos = pc.find_substring(f, t).to_numpy(zero_copy_only=False).astype(np.int64)
            dot = pos if dot is None else np.maximum(dot, pos)
        digits = pc.cast(uten, pa.int64()).to_numpy(zero_copy_only=False)
        length = pc.binary_length(f).to_numpy(zero_copy_only=False).astype(np.int64)
        decimals = np.where(dot >= 0, length - dot - 1, 0)
        out[fast] = digits * np.where(decimals == 0, 100, np.where(decimals == 1, 10, 1))
    return fast


def parse_ore_series(
    values: pd.Series, *, decimal: DecimalMark = None, on_error: str = "raise"
) -> tuple[pd.Series, dict[int, str]]:
    """Parse a column of amount text to an ``int64`` series of øre.

    Vectorised for the common shape (``-1234``, ``1234,5``, ``1234.56``); the rest goes
    through :func:`parse_ore`.  Returns the series and ``{position: error message}`` for the
    values that could not be read (those positions hold 0).  With ``on_error='raise'`` the
    first bad value raises :class:`MoneyFormatError` carrying its position in ``args[1]``.
    """
    import pandas as pd
    import pyarrow as pa

    n = len(values)
    out = np.zeros(n, dtype=np.int64)
    errors: dict[int, str] = {}
    if n:
        tekst = pa.array(values.astype("string"), type=pa.large_string(), from_pandas=True)
        fast = np.zeros(n, dtype=bool)
        # a block at a time: the kernels' intermediate columns stay small and are reused,
        # rather than whole-column copies of the text made and dropped one after another
        for lo in range(0, n, _BLOKK):
            hi = min(n, lo + _BLOKK)
            fast[lo:hi] = _parse_ore_blokk(tekst.slice(lo, hi - lo), decimal, out[lo:hi])
        slow = np.flatnonzero(~fast)
    else:
        slow = np.zeros(0, dtype=np.int64)
    raw = values.iloc[slow].to_numpy(dtype=object) if len(slow) else ()
    for pos, v in zip(slow, raw):
        try:
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
                raise MoneyFormatError("beløpet er tomt")
            if isinstance(v, float):
                raise MoneyFormatError(
                    f"beløpet {v!r} er et flyttall; les beløp som tekst eller heltall"
                )
            out[pos] = parse_ore(v if isinstance(v, (int, np.integer)) else str(v), decimal=decimal)
        except MoneyFormatError as exc:
            if on_error == "raise":
                raise MoneyFormatError(str(exc), int(pos)) from None
            errors[int(pos)] = str(exc)
    return pd.Series(out, index=values.index, dtype="int64"), errors


def kroner_to_ore(kroner: int) -> int:
    """Whole kroner (as published) to øre."""
    return int(kroner) * 100


def andel_ore(ore: int, teller: int, nevner: int) -> int:
    """``ore × teller / nevner`` rounded half away from zero to a whole number (exact integer
    arithmetic): a share of an amount (mva at p %: ``andel_ore(x, p, 100)``; m of n months of
    depreciation: ``andel_ore(kost, m, n)``), or øre to kroner (``andel_ore(x, 1, 100)``)."""
    n, d = int(ore) * int(teller), int(nevner)
    if d <= 0:
        raise ValueError(f"nevneren må være positiv, ikke {d}")
    q = (2 * abs(n) + d) // (2 * d)
    return q if n >= 0 else -q


def ore_to_kroner(ore: int) -> int:
    """Round øre to whole kroner, half away from zero (50 øre -> 1 kr, -50 øre -> -1 kr)."""
    return andel_ore(ore, 1, 100)


def round_series_to_kroner(ore: pd.Series) -> pd.Series:
    """Vectorised :func:`ore_to_kroner` on an ``int64`` series."""
    import pandas as pd

    a = ore.to_numpy(dtype=np.int64)
    q = (np.abs(a) + 50) // 100
    return pd.Series(np.where(a >= 0, q, -q), index=ore.index, dtype="int64")


def _group(n: int, sep: str) -> str:
    s = f"{abs(n):,}".replace(",", sep)
    return ("-" if n < 0 else "") + s


def format_kroner(ore: int | None, *, sep: str = " ") -> str:
    """Present øre as whole kroner with space groups: ``123456789 -> '1 234 568'``."""
    if ore is None:
        return ""
    return _group(ore_to_kroner(ore), sep)


def belop_tekst(ore: int) -> str:
    """An amount for a sentence: whole kroner when it is whole (``110522600 -> '1 105 226'``),
    else exact øre (``-17070322935 -> '-170 703 229,35'``)."""
    return format_kroner(ore) if ore % 100 == 0 else format_ore(ore)


def format_ore(ore: int | None, *, sep: str = " ") -> str:
    """Present øre exactly: ``-123456789 -> '-1 234 567,89'``."""
    if ore is None:
        return ""
    o = int(ore)
    whole, frac = divmod(abs(o), 100)
    return ("-" if o < 0 else "") + _group(whole, sep) + f",{frac:02d}"


def i_kroner(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame for reading (a notebook, a print-out): every amount column ``x_ore`` shown as
    Norwegian kroner text, exact to the øre (``-110522600 -> '-1 105 226,00'``), under the name
    ``x (kr)``; other columns as they are.  The frame computed with stays in øre."""
    import pandas as pd

    ut = frame.copy()
    for c in frame.columns:
        if isinstance(c, str) and c.endswith("_ore"):
            ut[c] = [format_ore(None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else int(v))
                     for v in frame[c]]
    return ut.rename(columns={c: c.removesuffix("_ore") + " (kr)" for c in frame.columns
                              if isinstance(c, str) and c.endswith("_ore")})
