"""Reading tabular input the way Norwegian finance exports come: CSV with ``;`` or ``,``,
UTF-8 (with or without BOM) or Windows-1252, decimal comma or point; Excel; Parquet; or a
pandas DataFrame.

Every cell is read as text (money is parsed later by :func:`money_column`, never through
float), header names are normalised (lower case, trimmed, spaces to ``_``), and every row
keeps its provenance: ``_file`` and ``_row`` (the row number a person sees in an editor or a
spreadsheet; the header is row 1).  Errors name file, row and column.

Limits (``docs/formats.md``), checked on the bytes before any parser allocates per column or
per field: a line is at most :data:`MAKS_LINJE` bytes, the header at most :data:`MAKS_KOLONNER`
columns, and every row of an unquoted file has exactly the header's number of fields (the first
row that does not is named).  An Excel file unpacks to at most :data:`MAKS_EXCEL_UTPAKKET` bytes.
So memory stays proportional to the legitimate data, whatever the bytes.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import mmap
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from ..money import MAKS_ORE, DecimalMark, MoneyFormatError, forste_overskridelse, parse_ore_series

__all__ = ["RawTable", "read_table", "money_column", "int_column", "normalise_header", "sjekk_sum",
           "tekst_per_rad", "kategori_per_rad", "fil_kolonne", "samle_rader", "slipp_kolonner",
           "MAKS_LINJE", "MAKS_KOLONNER", "MAKS_EXCEL_UTPAKKET"]

#: The longest line of a CSV file, in bytes (an S-rapport line is under 200).
MAKS_LINJE = 100_000
#: The most columns a table may have (the widest input format has 12).
MAKS_KOLONNER = 500
#: The most bytes an Excel workbook (a zip archive) may unpack to.
MAKS_EXCEL_UTPAKKET = 1_000_000_000


@dataclass(frozen=True, eq=False)
class RawTable:
    """A table as read, all cells text, with provenance."""

    frame: pd.DataFrame = field(repr=False)
    file: str
    sha256: str | None
    n_rows: int
    delimiter: str | None = None
    encoding: str | None = None
    decimal: DecimalMark = None


#: Norwegian letters in a header, spelt as in the documented column names (``Beløp`` → ``belop``,
#: ``Årets tildeling`` → ``arets_tildeling``, ``Overført fra i fjor`` → ``overfort_fra_i_fjor``).
_NORSKE_BOKSTAVER = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def normalise_header(name: object) -> str:
    """A header as the loaders name it: trimmed, lower case, spaces and hyphens to ``_``, and
    æ/ø/å written ae/o/a — so ``Beløp``, ``BELØP`` and ``belop`` are the same column."""
    s = str(name).strip().lstrip("\ufeff").strip().lower().translate(_NORSKE_BOKSTAVER)
    return "_".join(s.replace("-", " ").split())


def _sjekk_overskrifter(columns: Sequence[str], file: str) -> None:
    """Two headers that name the same column once normalised (``belop`` and ``Beløp``) are an
    :class:`InputError` naming both; neither is chosen silently."""
    seen: dict[str, int] = {}
    for i, c in enumerate(columns):
        if c in seen:
            raise InputError(file, 1, c, f"kolonne {seen[c] + 1} og kolonne {i + 1} er begge {c!r} "
                                         "(overskrifter som bare skiller seg i store/små bokstaver, "
                                         "mellomrom eller æ/ø/å); behold én")
        seen[c] = i


def _decode(data: bytes, file: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(file, line, None, "filen er verken UTF-8 eller Windows-1252") from None


def _sniff_delimiter(header_line: str, file: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise InputError(
            file, 1, None,
            f"fant ikke skilletegn i overskriftsraden {header_line[:80]!r}; bruk ';' eller ','",
        )
    return best


def _detect_decimal(frame: pd.DataFrame, money_cols: Sequence[str]) -> DecimalMark:
    """The file's decimal mark from its money columns: ',' if any value has a decimal comma
    followed by 1–2 digits, '.' likewise; ``None`` when the file shows neither."""
    comma_seen = dot_seen = False
    # Python's ``\d`` and ``$`` in Arrow's (RE2) spelling: any decimal digit, end or before a final newline
    for c in money_cols:
        if c not in frame.columns:
            continue
        import pyarrow as pa
        import pyarrow.compute as pc

        s = pa.array(frame[c].astype("string"), type=pa.large_string(), from_pandas=True)
        if len(s) == s.null_count:
            continue
        # the regular expression only where the mark occurs at all (a plain substring search)
        if not comma_seen and pc.any(pc.match_substring(s, ",")).as_py() \
                and pc.any(pc.match_substring_regex(s, r",\p{Nd}{1,2}(?:-|\))?\n?$")).as_py():
            comma_seen = True
        if not dot_seen and pc.any(pc.match_substring(s, ".")).as_py() \
                and pc.any(pc.match_substring_regex(s, r"\.\p{Nd}{1,2}(?:-|\))?\n?$")).as_py():
            dot_seen = True
    if comma_seen and not dot_seen:
        return ","
    if dot_seen and not comma_seen:
        return "."
    return None


def _tall(n: int) -> str:
    return f"{n:,}".replace(",", " ")


_INNHOLD = re.compile(rb"[^ \t\r\n]")
#: Bytes of a mapping counted at a time (:func:`_antall`).
_VINDU = 1 << 24


def _antall(data: bytes | mmap.mmap, sub: bytes, start: int, end: int) -> int:
    """``data.count(sub, start, end)``, also of a file's bytes in a memory mapping (counted a
    window at a time, so no copy of the whole file is made)."""
    if isinstance(data, bytes):
        return data.count(sub, start, end)
    # each window reaches len(sub) - 1 bytes into the next: an occurrence is counted in the
    # window it starts in, and only there
    steg = _VINDU
    return sum(data[k: min(end, k + steg + len(sub) - 1)].count(sub) for k in range(start, end, steg))


def _sjekk_bytes(data: bytes | mmap.mmap, file: str) -> None:
    """Reject what no text table is: an empty file, UTF-16/32, NUL bytes, a line longer than
    :data:`MAKS_LINJE` (naming the line)."""
    if _INNHOLD.search(data, 3 if data[:3] == b"\xef\xbb\xbf" else 0) is None:
        raise InputError(file, None, None, "filen er tom")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(file, 1, None, "filen er UTF-16; lagre den som UTF-8 (eller Windows-1252)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(file, _antall(data, b"\n", 0, nul) + 1, None,
                         "filen inneholder NUL-tegn (en binærfil, eller UTF-16?); lagre den som UTF-8 CSV")
    # A line longer than MAKS_LINJE is a run of more than MAKS_LINJE bytes without a line feed,
    # and such a run holds a whole aligned window of half that size: when every window has a line
    # feed (one ``find`` each), no line is too long and no position is computed per line.
    vindu = (MAKS_LINJE + 1) // 2
    if all(data.find(b"\n", k, k + vindu) >= 0 for k in range(0, len(data) - vindu + 1, vindu)):
        return
    arr = np.frombuffer(data, dtype=np.uint8)
    slutt = np.flatnonzero(arr == 10)
    lengder = np.diff(np.concatenate(([-1], slutt, [len(data)])))
    lang = np.flatnonzero(lengder > MAKS_LINJE + 1)
    if len(lang):
        i = int(lang[0])
        raise InputError(file, i + 1, None, f"linjen er {_tall(int(lengder[i]) - 1)} byte lang; grensen er "
                                            f"{_tall(MAKS_LINJE)} (en binærfil, eller manglende linjeskift?)")


def _sjekk_kolonner(header: str, delimiter: str, file: str) -> None:
    n = header.count(delimiter) + 1
    if n > MAKS_KOLONNER:
        raise InputError(file, 1, None, f"overskriftsraden har {_tall(n)} kolonner; grensen er {MAKS_KOLONNER}")


def _sjekk_dubletter(header: Sequence[str], file: str) -> None:
    """A column name twice in the header (after normalisation) is an error: which of the two
    columns holds the amounts would be a guess."""
    sett: set[str] = set()
    for h in header:
        n = normalise_header(h)
        if n and n in sett:
            raise InputError(file, 1, n, f"kolonnen {n!r} står to ganger i overskriftsraden")
        sett.add(n)


def _sjekk_felt(data: bytes, delimiter: str, file: str) -> None:
    """In a file without quoting, every non-blank line has the header's number of fields; the
    first that does not raises :class:`InputError` naming its line (counted on the raw bytes —
    the delimiter and the line feed are single bytes in UTF-8 and Windows-1252 — so no parser
    guesses an index column or shifts the columns, and nothing is allocated per field)."""
    arr = np.frombuffer(data, dtype=np.uint8)
    slutt = np.flatnonzero(arr == 10)
    if not len(slutt) or slutt[-1] != len(data) - 1:
        slutt = np.append(slutt, len(data))
    start = np.concatenate(([0], slutt[:-1] + 1))
    # delimiters per line: those before the line's end less those before the previous line's end
    skille = np.flatnonzero(arr == ord(delimiter))
    del arr
    antall = np.diff(np.searchsorted(skille, slutt), prepend=0)
    del skille
    width = int(antall[0]) + 1
    kandidater = np.flatnonzero(antall != width - 1)
    if not len(kandidater):
        return
    for i in kandidater:
        if data[start[i]: slutt[i]].strip():
            raise _field_count_error(file, int(i) + 1, int(antall[i]) + 1, width, delimiter)


def _field_count_error(file: str, line: int, found: int, width: int, delimiter: str) -> InputError:
    return InputError(
        file, line, None,
        f"raden har {found} felt, overskriften har {width} (skilletegn {delimiter!r}); "
        "feil skilletegn eller et beløp med uescapet skilletegn?",
    )


def _read_unquoted(text: str, delimiter: str, file: str, data: bytes | None = None) -> pd.DataFrame:
    """Fast path for files without quoting: pandas' C parser reads the cells as text and its
    own field-count check names the line; rows with too few fields are found afterwards.
    ``data``: the file's bytes when they are UTF-8 (without BOM), so Arrow reads them as they
    are rather than a copy of the text."""
    if data is not None:
        body_b = data.replace(b"\r\n", b"\n").rstrip(b"\n")
        forste = body_b[: body_b.find(b"\n")] if b"\n" in body_b else body_b
        width = forste.count(delimiter.encode()) + 1
        if b"\n\n" in body_b or forste.strip() == b"":
            return _read_unquoted_checked(text, delimiter, file, width)
        frame = _read_arrow(body_b, delimiter)
        del body_b
        if frame is not None:
            frame.columns = [normalise_header(h) for h in frame.columns]
            frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
            return frame
    body = text.replace("\r\n", "\n").rstrip("\n")
    width = body[: body.find("\n")].count(delimiter) + 1 if "\n" in body else body.count(delimiter) + 1
    if "\n\n" in body or any(ln.strip() == "" for ln in body.split("\n", 1)[:1]):
        return _read_unquoted_checked(text, delimiter, file, width)
    frame = _read_arrow(body.encode("utf-8"), delimiter) if data is None else None
    if frame is not None:
        frame.columns = [normalise_header(h) for h in frame.columns]
        frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
        return frame
    try:
        frame = pd.read_csv(io.StringIO(body), sep=delimiter, dtype="string", keep_default_na=False,
                            na_values=[], header=0, engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            raise _field_count_error(file, int(m.group(2)), int(m.group(3)), width, delimiter) from None
        raise InputError(file, None, None, f"kan ikke lese CSV: {exc}") from None
    short = frame.iloc[:, -1].isna().to_numpy(dtype=bool) if width > 1 else np.zeros(len(frame), bool)
    if short.any():
        i = int(np.flatnonzero(short)[0])
        found = int(frame.iloc[i].notna().sum())
        raise _field_count_error(file, i + 2, found, width, delimiter)
    frame.columns = [normalise_header(h) for h in frame.columns]
    frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    return frame


def _read_arrow(body: bytes | memoryview, delimiter: str, names: list[str] | None = None) -> pd.DataFrame | None:
    """Arrow's multithreaded CSV reader, every column as text (``body``: UTF-8, read where it
    lies).  ``None`` when it rejects the file (a row with the wrong number of fields, text that
    is not UTF-8), so the caller's parser can name the line.  ``names``: the header's fields,
    when the caller has them."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    if names is None:
        slutt = bytes(body[:MAKS_LINJE + 2]).find(b"\n")
        names = bytes(body[:slutt] if slutt >= 0 else body).decode("utf-8").split(delimiter)
    if len(set(names)) != len(names):
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        return None
    # large_string is the storage of pandas' string dtype: the columns are handed over, not cast
    return table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow")}.get)


def _read_unquoted_checked(text: str, delimiter: str, file: str, width: int) -> pd.DataFrame:
    """Files with blank lines: count fields line by line so row numbers stay those of the file."""
    lines = pd.Series(text.split("\n"), dtype="string").str.rstrip("\r")
    blank = (lines.str.strip() == "").to_numpy(dtype=bool)
    counts = lines.str.count(re.escape(delimiter)).to_numpy()
    bad = ~blank & (counts != width - 1)
    bad[0] = False
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise _field_count_error(file, i + 1, int(counts[i]) + 1, width, delimiter)
    frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype="string", keep_default_na=False,
                        na_values=[], skip_blank_lines=True, header=0, engine="c")
    frame.columns = [normalise_header(h) for h in frame.columns]
    rows = np.flatnonzero(~blank)[1:] + 1
    if len(rows) != len(frame):
        raise InputError(file, None, None, "uventet antall rader ved lesing; sjekk linjeskift i filen")
    frame["_row"] = rows.astype(np.int64)
    return frame


def _read_utf8(data: bytes | mmap.mmap, file: str) -> tuple[pd.DataFrame, str, str] | None:
    """The common file read where it lies: UTF-8 (with or without BOM), no quoting, no blank
    line, no carriage return but in a line end (``\\n`` or ``\\r\\n``).  Arrow's reader checks
    the UTF-8 and every row's number of fields, and its rows are compared with the file's lines,
    so ``_row`` is the line an editor shows.  Returns ``(frame, encoding, delimiter)``, or
    ``None`` when the file is of another shape (the general reader then names what is wrong)."""
    start = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    end = len(data)
    while end > start and data[end - 1] in b"\r\n":
        end -= 1
    nl = data.find(b"\n", start, end)
    try:
        first = data[start: nl if nl >= 0 else end].rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError:
        return None
    # A carriage return ends a row for Arrow: only as part of "\r\n" may there be one.  A blank
    # line is a row Arrow skips, so its rows then fall short of the lines and the file is left
    # to the general reader.
    if (not first.strip() or data.find(b'"', start, end) >= 0
            or (data.find(b"\r", start, end) >= 0
                and _antall(data, b"\r", start, end) != _antall(data, b"\r\n", start, end))):
        return None
    delimiter = _sniff_delimiter(first, file)
    _sjekk_kolonner(first, delimiter, file)
    _sjekk_dubletter(first.split(delimiter), file)
    frame = _read_arrow(memoryview(data)[start:end], delimiter, first.split(delimiter))
    if frame is None or len(frame) != _antall(data, b"\n", start, end):
        return None
    frame.columns = [normalise_header(h) for h in frame.columns]
    frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    return frame, ("utf-8-sig" if start else "utf-8"), delimiter


#: A file at least this large is read into a memory mapping of its own (:func:`_les_fil`).
_KART_FRA = 256 * 2**20


def _les_fil(path: Path) -> bytes | mmap.mmap:
    """The file's bytes; those of a large file (:data:`_KART_FRA`) read into a memory mapping of
    their own: outside the heap, so closing it gives the memory back to the system at once
    (freed bytes in the heap would be kept there by the program's allocator settings,
    ``cli.kommando``, through every later stage).  A smaller file is read as bytes: the heap's
    memory is reused, where a new mapping's pages are each taken anew (about 50 ms a file of a
    million lines here).  Not a mapping of the file itself: another program shortening the file
    while it is read cannot fault this one.  A file whose size changed while it was read is
    read as the bytes read."""
    with open(path, "rb") as fh:
        storrelse = os.fstat(fh.fileno()).st_size
        if storrelse < max(1, _KART_FRA):
            return fh.read()
        kart = mmap.mmap(-1, storrelse)
        try:
            n = fh.readinto(kart)
            rest = fh.read()
        except BaseException:
            kart.close()
            raise
        if n == storrelse and not rest:
            return kart
        data = kart[:n] + rest   # the file changed size while it was read: its bytes as read
        kart.close()
        return data


def _lukk(kart: mmap.mmap) -> None:
    """Close a file's mapping once it is read.  Arrow copies what it parses, so nothing refers
    to the mapping any more; were something still to, the mapping stays until it is let go."""
    try:
        kart.close()
    except BufferError:
        pass


def _read_csv(path: Path, money_cols: Sequence[str]) -> tuple[pd.DataFrame, str, str, DecimalMark, str]:
    file = str(path)
    try:
        lest = _les_fil(path)
    except OSError as exc:
        raise InputError(file, None, None, f"kan ikke lese filen: {exc.strerror}") from None
    kart = lest if isinstance(lest, mmap.mmap) else None
    try:
        sha = hashlib.sha256(lest).hexdigest()
        _sjekk_bytes(lest, file)
        rask = _read_utf8(lest, file)
        if rask is None:   # the general reader works on bytes (of a mapping: a copy)
            data = lest[:] if kart is not None else lest
    finally:
        del lest
        if kart is not None:
            _lukk(kart)
    if rask is not None:
        frame, encoding, delimiter = rask
        del rask
        _sjekk_overskrifter([c for c in frame.columns if c != "_row"], file)
        return frame, sha, encoding, _detect_decimal(frame, money_cols), delimiter
    text, encoding = _decode(data, file)
    first = text[: text.find("\n")].rstrip("\r") if "\n" in text else text
    delimiter = _sniff_delimiter(first, file)
    _sjekk_kolonner(first, delimiter, file)
    if '"' not in text:
        _sjekk_dubletter(first.split(delimiter), file)
        _sjekk_felt(data, delimiter, file)
        utf8 = data[3:] if encoding == "utf-8-sig" else data if encoding == "utf-8" else None
        del data
        frame = _read_unquoted(text, delimiter, file, utf8)
        del utf8
        _sjekk_overskrifter([c for c in frame.columns if c != "_row"], file)
        return frame, sha, encoding, _detect_decimal(frame, money_cols), delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    width = 0
    body: list[list[str]] = []
    line_numbers: list[int] = []
    start = 1
    try:
        for r in reader:
            i, start = start, reader.line_num + 1   # the record's first line, as an editor shows it
            if header is None:
                _sjekk_dubletter(r, file)
                header = [normalise_header(h) for h in r]
                width = len(header)
                continue
            if not r or all(not c.strip() for c in r):
                continue
            if len(r) != width:
                raise _field_count_error(file, i, len(r), width, delimiter)
            body.append(r)
            line_numbers.append(i)
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise InputError(file, start, None, "et sitert felt som begynner på denne raden er lengre enn "
                                                f"{csv.field_size_limit()} tegn; mangler et avsluttende '\"'?") from None
        raise InputError(file, start, None, f"kan ikke lese CSV: {exc}") from None
    if header is None:
        raise InputError(file, None, None, "filen er tom")
    frame = pd.DataFrame(body, columns=header, dtype="string")
    frame["_row"] = np.asarray(line_numbers, dtype=np.int64)
    _sjekk_overskrifter(header, file)
    decimal = _detect_decimal(frame, money_cols)
    return frame, sha, encoding, decimal, delimiter


def _les_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    """The sheet as objects, after checking the archive: a workbook that is not a zip file or
    unpacks to more than :data:`MAKS_EXCEL_UTPAKKET` bytes, or a reader failure, is an
    :class:`InputError`."""
    import zipfile

    file = str(path)
    try:
        with zipfile.ZipFile(path) as z:
            utpakket = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(file, None, None, f"kan ikke lese Excel-filen (ikke en gyldig .xlsx): {exc}") from None
    if utpakket > MAKS_EXCEL_UTPAKKET:
        raise InputError(file, None, None, f"Excel-filen pakker ut til {_tall(utpakket)} byte; grensen er "
                                           f"{_tall(MAKS_EXCEL_UTPAKKET)}")
    try:
        raw = pd.read_excel(path, sheet_name=sheet or 0, dtype=object, header=0)
    except Exception as exc:  # noqa: BLE001 - any reader failure is unreadable input
        raise InputError(file, None, None, f"kan ikke lese Excel-filen: {type(exc).__name__}: {str(exc)[:200]}") from None
    if raw.shape[1] > MAKS_KOLONNER:
        raise InputError(file, 1, None, f"arket har {raw.shape[1]} kolonner; grensen er {MAKS_KOLONNER}")
    return raw


def _excel_tall_for_stort(v: object) -> bool:
    """A numeric Excel cell whose binary float cannot hold the amount to the øre."""
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, np.integer)):
        return abs(int(v)) >= 2**53
    if isinstance(v, float):  # float ok
        return not abs(v) * 100 < 2.0**53  # float ok
    return False


def read_table(
    source: str | Path | pd.DataFrame,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    money: Sequence[str] = (),
    name: str | None = None,
    sheet: str | int | None = None,
) -> RawTable:
    """Read a table and check its columns.  ``money`` names the amount columns (used to
    detect the decimal mark).  A missing required column raises :class:`InputError` at row 1."""
    money_cols = [normalise_header(m) for m in money]
    sha = None
    delimiter = encoding = None
    decimal: DecimalMark = None
    if isinstance(source, pd.DataFrame):
        file = name or "<DataFrame>"
        frame = source.copy()
        frame.columns = [normalise_header(c) for c in frame.columns]
        _sjekk_overskrifter(list(frame.columns), file)
        for c in frame.columns:
            col = frame[c]
            if pd.api.types.is_float_dtype(col) and c in money_cols:
                raise InputError(
                    file, None, c,
                    "beløpskolonnen er flyttall; gi beløp som heltall øre-sikre tekst eller int (kroner)",
                )
            frame[c] = col.astype("string")   # integers as their digits, never through float
        frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
        decimal = _detect_decimal(frame, money_cols)
    else:
        path = Path(source)
        file = str(path)
        suffix = path.suffix.lower()
        if not path.exists():
            raise InputError(file, None, None, "filen finnes ikke")
        if suffix in (".xlsx", ".xlsm"):
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            raw = _les_excel(path, sheet)
            raw.columns = [normalise_header(c) for c in raw.columns]
            _sjekk_overskrifter(list(raw.columns), file)
            raw = raw.dropna(how="all")
            rows = (raw.index.to_numpy() + 2).astype(np.int64)
            frame = pd.DataFrame(index=range(len(raw)))
            for c in raw.columns:
                vals = raw[c].tolist()
                out: list[object] = []
                for r, v in zip(rows, vals):
                    if v is None or (isinstance(v, float) and np.isnan(v)):  # float ok
                        out.append(pd.NA)
                    elif c in money_cols and _excel_tall_for_stort(v):
                        # Excel stores numbers as binary floats, which tell every øre apart only
                        # below 2^53 øre (a whole number of kroner: below 2^53 kr).
                        raise InputError(
                            file, int(r), c,
                            f"beløpet {v!r} er et tall i Excel og for stort til å være eksakt i øre; "
                            "skriv det som tekst i cellen",
                        )
                    elif isinstance(v, float) and c in money_cols:  # float ok
                        # Excel stores numbers as binary floats; accept only whole øre.
                        cents = round(v * 100)  # float ok
                        if abs(v * 100 - cents) > 1e-6 * max(1.0, abs(v)):  # float ok
                            raise InputError(file, int(r), c, f"beløpet {v!r} har mer enn to desimaler")
                        sign = "-" if cents < 0 else ""
                        out.append(f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}")
                    elif isinstance(v, float) and v.is_integer():  # float ok
                        out.append(str(int(v)))
                    elif hasattr(v, "strftime"):
                        out.append(v.strftime("%Y-%m-%d"))
                    else:
                        out.append(str(v))
                frame[c] = pd.array(out, dtype="string")
            frame["_row"] = rows
            decimal = "."
        elif suffix == ".parquet":
            try:
                pq = pd.read_parquet(path)
            except Exception as exc:  # noqa: BLE001 - any reader failure is unreadable input
                raise InputError(file, None, None, f"kan ikke lese Parquet-filen: {type(exc).__name__}: "
                                                   f"{str(exc)[:200]}") from None
            if pq.shape[1] > MAKS_KOLONNER:
                raise InputError(file, 1, None, f"tabellen har {pq.shape[1]} kolonner; grensen er {MAKS_KOLONNER}")
            table = read_table(pq, required=required, optional=optional, money=money, name=file)
            return dataclasses.replace(table, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            frame, sha, encoding, decimal, delimiter = _read_csv(path, money_cols)
    # one category, not the name repeated per row
    frame["_file"] = fil_kolonne(file, len(frame))
    for col in required:
        c = normalise_header(col)
        if c not in frame.columns:
            present = [x for x in frame.columns if not x.startswith("_")]
            hint = ""
            if len(present) == 1 and (";" in present[0] or "," in present[0]):
                hint = " (feil skilletegn?)"
            raise InputError(file, 1, c, f"mangler kolonnen {c!r}; fant {present}{hint}")
    return RawTable(frame=frame, file=file, sha256=sha, n_rows=len(frame),
                    delimiter=delimiter, encoding=encoding, decimal=decimal)


def slipp_kolonner(raw: RawTable, *kolonner: str) -> None:
    """Let go of read columns a loader has converted (its own :class:`RawTable`, read for it):
    the text of a large file is not held beside the frame made of it."""
    for c in kolonner:
        if c in raw.frame.columns:
            del raw.frame[c]


def fil_kolonne(file: str, n: int) -> pd.Categorical:
    """The ``_file`` column of ``n`` rows of one file: one category, a byte per row (the name
    is not repeated per row)."""
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index([file], dtype=object))


def samle_rader(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The rows of several loaded frames, in order, with a fresh index.  A column that is
    categorical in every frame stays categorical: the frames' categories are united first (in
    file order for ``_file``, sorted for a key column, so sorting it still sorts its text)."""
    if frames:
        felles = [c for c in frames[0].columns
                  if all(c in f.columns and isinstance(f[c].dtype, pd.CategoricalDtype) for f in frames)]
        for c in felles:
            alle = pd.unique(np.concatenate([np.asarray(f[c].cat.categories, dtype=object) for f in frames]))
            kategorier = pd.Index(alle if c == "_file" else sorted(alle),
                                  dtype=frames[0][c].cat.categories.dtype)
            frames = [f.assign(**{c: f[c].cat.set_categories(kategorier)}) for f in frames]
    return pd.concat(frames, ignore_index=True)


def kategori_per_rad(verdier: Sequence[str] | np.ndarray | pd.Series, codes: np.ndarray,
                     dtype: object = "string") -> pd.Categorical:
    """A key column as categories of the per-value texts ``verdier`` taken per row by ``codes``
    (a missing value stays missing): a code per row and each text once, the categories sorted
    (so sorting the column sorts its text) and of text ``dtype``."""
    kc, kategorier = pd.factorize(pd.Series(np.asarray(verdier, dtype=object), dtype=object).astype(dtype),
                                  sort=True)
    return pd.Categorical.from_codes(kc[codes] if len(codes) else codes,
                                     categories=pd.Index(kategorier, dtype=dtype))


def tekst_per_rad(verdier: Sequence[str] | np.ndarray | pd.Series, codes: np.ndarray,
                  dtype: object = "string") -> pd.api.extensions.ExtensionArray:
    """A text column of one value per row, ``verdier[codes]``, in an Arrow-backed string
    ``dtype`` (``"string"``, or pandas 3's ``str``): Arrow's ``take`` builds it from the distinct
    values, with no Python object per row."""
    import pyarrow as pa

    tekster = pa.array(np.asarray(verdier, dtype=object), type=pa.large_string(), from_pandas=True)
    kolonne = pd.arrays.ArrowStringArray(pa.chunked_array([tekster.take(pa.array(codes, type=pa.int64()))]))
    return kolonne if kolonne.dtype == dtype else kolonne.astype(dtype, copy=False)


def money_column(raw: RawTable, column: str, *, allow_blank: bool = False) -> pd.Series:
    """Parse an amount column (kroner as text) to ``int64`` øre.  The first unreadable value
    raises :class:`InputError` naming file, row and column; a blank is 0 only with
    ``allow_blank``.  So is an amount beyond :data:`~imdi_ledger.money.MAKS_ORE`, and the row
    where the running sum of the column's absolute amounts first passes it (every sum of the
    column is then exact in int64)."""
    c = normalise_header(column)
    values = raw.frame[c]
    if allow_blank:
        values = values.fillna("0").where(values.fillna("").str.strip() != "", "0")
    try:
        ore, _ = parse_ore_series(values, decimal=raw.decimal, on_error="raise")
    except MoneyFormatError as exc:
        pos = exc.args[1] if len(exc.args) > 1 else 0
        row = int(raw.frame["_row"].iloc[pos])
        raise InputError(raw.file, row, c, exc.args[0]) from None
    sjekk_sum(ore, raw.frame["_row"], raw.file, c)
    return ore


def sjekk_sum(ore: pd.Series | np.ndarray | Sequence[int], rows: pd.Series | np.ndarray | Sequence[int | None],
              file: str | pd.Series | np.ndarray | Sequence[str], column: str | Sequence[str]) -> None:
    """Raise :class:`InputError` when the absolute amounts ``ore`` add up to more than
    :data:`~imdi_ledger.money.MAKS_ORE`, naming the file and the row (``rows``, the same
    positions) where the running sum first passes it.  ``file`` and ``column`` are one name or
    one per amount (for the rows of several files, or several columns, read together)."""
    pos = forste_overskridelse(np.asarray(ore, dtype=np.int64) if len(ore) else np.zeros(0, np.int64))
    if pos is None:
        return
    name = file if isinstance(file, str) else str(np.asarray(file, dtype=object)[pos])
    col = column if isinstance(column, str) else str(column[pos])
    row = np.asarray(rows, dtype=object)[pos]
    raise InputError(
        name, None if row is None or pd.isna(row) else int(row), col,
        f"summen av beløpene (i absoluttverdi) passerer {MAKS_ORE // 100:,} kr på denne raden".replace(",", " ")
        + "; så store summer kan ikke regnes eksakt i øre",
    )


def int_column(raw: RawTable, column: str) -> pd.Series:
    """An integer-coded column (e.g. a konto number) as ``int64``; errors name the row."""
    c = normalise_header(column)
    s = raw.frame[c].str.strip()
    ok = s.str.fullmatch(r"\d+").fillna(False)
    if not ok.all():
        pos = int(np.flatnonzero(~ok.to_numpy(dtype=bool))[0])
        row = int(raw.frame["_row"].iloc[pos])
        raise InputError(raw.file, row, c, f"verdien {raw.frame[c].iloc[pos]!r} er ikke et heltall")
    return s.astype("int64")
