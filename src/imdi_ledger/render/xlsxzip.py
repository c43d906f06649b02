"""The workbook's zip archive, its members deflated on several threads.

XlsxWriter packs a workbook by writing every part (the sheets' XML, styles, …) to a temporary
file and adding them one after another to a :class:`zipfile.ZipFile`, which deflates them on one
core: for a year of a million source rows, a gigabyte of sheet XML deflated in one thread was the
largest single cost of ``report --out``.  :class:`ParallellZip` takes the parts in the same
order and deflates them on :data:`TRADER` threads at once (zlib works outside the GIL), then
writes the archive in the original order.

The bytes are those :mod:`zipfile` writes: the same deflate (zlib, default level, raw stream;
zlib's output does not depend on how its input is cut into pieces), the same local headers
(:meth:`zipfile.ZipInfo.FileHeader`, sizes in the header, no data descriptor) and the same
central directory and end record.  An archive near the size where :mod:`zipfile` turns to ZIP64
(2 GiB) or of 65 535 parts is written by :mod:`zipfile` itself from the same parts.

A sheet's rows need not wait for the packing.  :class:`Radstrom` takes the place of the file
XlsxWriter keeps a ``constant_memory`` sheet's rows in, and deflates them on a thread of its own
while the next rows are made; the sheet's XML then holds a *hole* where the rows go, and
:class:`ParallellZip` deflates what comes before and after the hole and puts the three
deflate streams together (each before the last ends with a sync flush, so the three are one
valid deflate stream; the CRC-32 of the part is combined from the three, :func:`crc32_kombiner`).
The part's content is the same bytes; its deflated bytes are not those of one pass of zlib over
the whole part (the pieces meet, and the rows are deflated by zlib-ng at level :data:`RADNIVÅ`:
a third less CPU than zlib at that level, and a smaller sheet).
"""

from __future__ import annotations

import os
import queue
import shutil
import struct
import threading
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any

from zlib_ng import zlib_ng

__all__ = ["ParallellZip", "Radstrom", "TRADER", "crc32_kombiner"]

#: Threads deflating parts at once (the cores there are, at most 4).
TRADER = max(1, min(4, os.cpu_count() or 1))

_BIT = 1 << 24        # read and deflated this many bytes at a time


# -- CRC-32 of two pieces put together ----------------------------------------------------
# The CRC-32 of zipfile (ISO 3309, reflected, polynomial 0xEDB88320) is linear over GF(2): the
# CRC of a + b is the CRC of a moved on by len(b) zero bytes, xor the CRC of b.  Moving on by
# n bytes multiplies by x^(8n) modulo the polynomial; polynomials are held reflected (bit 31 is
# x^0), as the CRC is.

_POLY = 0xEDB88320


def _gange(a: int, b: int) -> int:
    """a · b modulo the CRC polynomial (both reflected)."""
    p = 0
    m = 1 << 31
    while m and a:
        if a & m:
            p ^= b
            a ^= m
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return p


def _x_2_opphoyd() -> list[int]:
    """x^(2^k) modulo the polynomial for k = 0 … 63 (the powers repeat with a period dividing 2^32 − 1)."""
    p = 1 << 30                          # x^1
    ut = []
    for _ in range(64):
        ut.append(p)
        p = _gange(p, p)
    return ut


_X_2_OPPHOYD = _x_2_opphoyd()


def crc32_kombiner(crc1: int, crc2: int, lengde2: int) -> int:
    """The CRC-32 (as :func:`zlib.crc32`) of ``a + b`` from ``crc1`` of ``a``, ``crc2`` of ``b``
    and ``lengde2 = len(b)``."""
    if lengde2 < 0:
        raise ValueError("lengden kan ikke være negativ")
    p = 1 << 31                          # x^0
    n, k = lengde2, 3                    # x^(8n) = product of x^(2^k) for the bits of n, from 2^3
    while n:
        if n & 1:
            p = _gange(_X_2_OPPHOYD[k % 64], p)
        n >>= 1
        k += 1
    return _gange(p, crc1) ^ crc2


# -- a sheet's rows, deflated as they are written ------------------------------------------

_STRØM_START = 1 << 22   # bytes held before the stream's thread starts (smaller sheets: none)
_STRØM_KØ = 4            # pieces waiting for the thread before the writer waits for it
#: Deflate level of the rows, deflated by zlib-ng (:mod:`zlib_ng`, the same format as zlib,
#: other bytes).  On the 283 MB source sheet of a 1 M-line year: zlib-ng level 5 0.87 s and
#: 25.5 MB, level 4 0.75 s and 26.6 MB, level 6 1.64 s and 25.2 MB; zlib level 5 1.28 s and
#: 25.8 MB, level 6 (the default) 1.63 s and 25.3 MB.  The rows' thread runs beside the sheet
#: writer and the PDF process on a machine with few cores.
RADNIVÅ = 5


class Radstrom:
    """Where a ``constant_memory`` sheet's rows go instead of XlsxWriter's temporary file: text
    (as XlsxWriter writes it) and UTF-8 bytes (``buffer.write``, as the workbook's fast path
    writes whole blocks) are deflated in the order written, on a thread of this stream once
    more than :data:`_STRØM_START` bytes have come, so the rows are compressed while the next
    are made; a few pieces wait for the thread at most (:data:`_STRØM_KØ`), so memory does
    not grow with the rows.  :meth:`avslutt` gives the CRC-32, the size and the deflated
    bytes, ending in a sync flush (byte-aligned, not the last block): the rows' part of the
    sheet's deflate stream, at zlib level :data:`RADNIVÅ`."""

    def __init__(self) -> None:
        self.buffer = self                      # bytes go to the same place, in order
        self.name: str | None = None
        self._tekst: list[str] = []
        self._tekst_storrelse = 0
        self._bytes: list[Any] = []            # before the thread starts
        self._bytes_storrelse = 0
        self._k = zlib_ng.compressobj(RADNIVÅ, zlib_ng.DEFLATED, -15)
        self._crc = 0
        self._storrelse = 0
        self._ut: list[bytes] = []
        self._ko: queue.Queue[Any] | None = None
        self._trad: threading.Thread | None = None
        self._feil: BaseException | None = None
        self._ferdig: tuple[int, int, list[bytes]] | None = None
        self.closed = False

    # -- what XlsxWriter and the workbook call ---------------------------------------------
    def write(self, data: Any) -> int:
        if self._ferdig is not None:
            raise ValueError("radstrømmen er avsluttet")
        if isinstance(data, str):
            self._tekst.append(data)
            self._tekst_storrelse += len(data)
            if self._tekst_storrelse >= 1 << 20:
                self.flush()
            return len(data)
        n = memoryview(data).nbytes
        self.flush()
        self._legg(data)
        return n

    def flush(self) -> None:
        if self._tekst:
            data = "".join(self._tekst).encode("utf-8")
            self._tekst, self._tekst_storrelse = [], 0
            self._legg(data)

    def close(self) -> None:
        """Stop the thread when the stream is let go before :meth:`avslutt` (an error)."""
        self.closed = True
        if self._ferdig is None and self._trad is not None:
            self._ko.put(None)   # type: ignore[union-attr]
            self._trad.join()
            self._trad = None

    # -- the stream -------------------------------------------------------------------------
    def _legg(self, data: Any) -> None:
        if self._feil is not None:
            raise self._feil
        if self._trad is None:
            self._bytes.append(data)
            self._bytes_storrelse += memoryview(data).nbytes
            if self._bytes_storrelse < _STRØM_START:
                return
            self._ko = queue.Queue(_STRØM_KØ)
            self._trad = threading.Thread(target=self._arbeid, name="imdi-ledger-radstrom", daemon=True)
            self._trad.start()
            ventende, self._bytes, self._bytes_storrelse = self._bytes, [], 0
            for bit in ventende:
                self._ko.put(bit)
            return
        self._ko.put(data)   # type: ignore[union-attr]

    def _pakk(self, data: Any) -> None:
        self._crc = zlib_ng.crc32(data, self._crc)
        self._storrelse += memoryview(data).nbytes
        self._ut.append(self._k.compress(data))

    def _arbeid(self) -> None:
        ko = self._ko
        while True:
            data = ko.get()   # type: ignore[union-attr]
            if data is None:
                return
            if self._feil is None:
                try:
                    self._pakk(data)
                except BaseException as exc:   # noqa: BLE001 - raised again in the writer
                    self._feil = exc

    def avslutt(self) -> tuple[int, int, list[bytes]]:
        """The rows as written: (CRC-32, size, deflated bytes ending in a sync flush)."""
        if self._ferdig is None:
            self.flush()
            if self._trad is not None:
                self._ko.put(None)   # type: ignore[union-attr]
                self._trad.join()
                self._trad = None
            if self._feil is not None:
                raise self._feil
            for bit in self._bytes:
                self._pakk(bit)
            self._bytes = []
            self._ut.append(self._k.flush(zlib_ng.Z_SYNC_FLUSH))
            self._ferdig = (self._crc, self._storrelse, self._ut)
            self.closed = True
        return self._ferdig

    def rader(self) -> Any:
        """The rows' bytes again (inflated), a piece at a time: for a sheet packed by other
        means than :class:`ParallellZip`."""
        d = zlib.decompressobj(-15)
        for bit in self.avslutt()[2]:
            while bit:
                ut = d.decompress(bit, _BIT)
                if ut:
                    yield ut
                bit = d.unconsumed_tail
        rest = d.flush()
        if rest:
            yield rest


def _pakk(kilde: IO[bytes] | bytes, komprimering: int) -> tuple[int, int, list[bytes]]:
    """CRC-32, size and the stored (deflated or not) bytes of one part."""
    crc, storrelse, ut = 0, 0, []
    k = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15) \
        if komprimering == zipfile.ZIP_DEFLATED else None
    biter = [kilde] if isinstance(kilde, bytes) else iter(lambda: kilde.read(_BIT), b"")
    for bit in biter:
        crc = zlib.crc32(bit, crc)
        storrelse += len(bit)
        ut.append(k.compress(bit) if k is not None else bit)
    if k is not None:
        ut.append(k.flush())
    return crc, storrelse, ut


def _pakk_med_hull(kilde: IO[bytes], komprimering: int, pos: int, rader: Radstrom) -> tuple[int, int, list[bytes]]:
    """:func:`_pakk` of a part whose bytes from ``pos`` on follow the rows of ``rader``: what
    comes before the hole deflated and sync-flushed, the rows' own deflate stream, and what
    comes after deflated to the end; the CRC-32 combined from the three."""
    hode = kilde.read(pos)
    hale = kilde.read()
    crc_r, n_r, biter_r = rader.avslutt()
    if komprimering != zipfile.ZIP_DEFLATED:
        ut = [hode, *rader.rader(), hale]
    else:
        k = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        ut = [k.compress(hode), k.flush(zlib.Z_SYNC_FLUSH), *biter_r]
        k = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        ut += [k.compress(hale), k.flush()]
    crc = crc32_kombiner(crc32_kombiner(zlib.crc32(hode), crc_r, n_r), zlib.crc32(hale), len(hale))
    return crc, len(hode) + n_r + len(hale), ut


class ParallellZip:
    """A write-only stand-in for :class:`zipfile.ZipFile` as XlsxWriter uses it
    (``ZipFile(path, "w", compression=…, allowZip64=…)``, ``write``, ``writestr``, ``close``):
    each part is deflated on a thread as soon as it is added, and the archive is written on
    :meth:`close`.  A part added from a file is read from the open file, so the caller may
    remove the file as soon as :meth:`write` returns."""

    def __init__(self, file: str | os.PathLike[str], mode: str = "w", compression: int = zipfile.ZIP_STORED,
                 allowZip64: bool = True,  # noqa: N803 - zipfile's name
                 hull: dict[str, tuple[int, Radstrom]] | None = None) -> None:
        if mode != "w" or compression not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ValueError("ParallellZip skriver bare nye arkiv, lagret eller deflate")
        self.filename = os.fspath(file)
        self.compression = compression
        self.allow_zip64 = allowZip64
        #: file name → (byte offset of the hole, the rows that fill it); see the module docstring
        self._hull = hull if hull is not None else {}
        self._deler: list[tuple[zipfile.ZipInfo, IO[bytes] | bytes, Future[tuple[int, int, list[bytes]]],
                                tuple[int, Radstrom] | None]] = []
        self._pool = ThreadPoolExecutor(max_workers=TRADER)

    def write(self, filename: str, arcname: str) -> None:
        info = zipfile.ZipInfo.from_file(filename, arcname)
        info.compress_type = self.compression
        hull = self._hull.pop(os.fspath(filename), None)
        fil = open(filename, "rb")  # noqa: SIM115 - closed in close()
        jobb = self._pool.submit(_pakk, fil, self.compression) if hull is None else \
            self._pool.submit(_pakk_med_hull, fil, self.compression, *hull)
        self._deler.append((info, fil, jobb, hull))

    def writestr(self, info: zipfile.ZipInfo | str, data: bytes | str) -> None:
        if not isinstance(info, zipfile.ZipInfo):
            info = zipfile.ZipInfo(info, (1980, 1, 1, 0, 0, 0))
            info.compress_type = self.compression
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        info.file_size = len(data)
        self._deler.append((info, data, self._pool.submit(_pakk, data, info.compress_type), None))

    def close(self) -> None:
        try:
            pakket = [(info, kilde, f.result(), hull) for info, kilde, f, hull in self._deler]
            # zipfile's own limit (2 GiB, a part's header with ZIP64 from 1/1.05 of it), kept wide.
            storrelse = sum(n + len(info.filename) + 128 for info, _, (_, n, _), _ in pakket)
            stor = len(pakket) >= 0xFFFF or storrelse * 1.05 > zipfile.ZIP64_LIMIT \
                or sum(len(b) for _, _, (_, _, ut), _ in pakket for b in ut) * 1.05 > zipfile.ZIP64_LIMIT
            if stor:
                self._med_zipfile(pakket)
            else:
                self._skriv(pakket)
        finally:
            self._pool.shutdown(wait=True)
            for _, kilde, _, _ in self._deler:
                if not isinstance(kilde, bytes):
                    kilde.close()
            self._deler = []

    def _skriv(self, pakket: list[tuple[zipfile.ZipInfo, Any, tuple[int, int, list[bytes]], Any]]) -> None:
        sentral = []
        with open(self.filename, "wb") as ut:
            for info, _, (crc, storrelse, biter), _ in pakket:
                info.flag_bits = 0
                info.CRC, info.file_size = crc, storrelse
                info.compress_size = sum(map(len, biter))
                info.header_offset = ut.tell()
                ut.write(info.FileHeader(False))
                for bit in biter:
                    ut.write(bit)
                sentral.append(self._sentral(info))
            start = ut.tell()
            for s in sentral:
                ut.write(s)
            ut.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(sentral), len(sentral),
                                 ut.tell() - start, start, 0))

    @staticmethod
    def _sentral(info: zipfile.ZipInfo) -> bytes:
        """The central directory entry of a part as :mod:`zipfile` writes it (no ZIP64)."""
        dt = info.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        try:
            navn, flagg = info.filename.encode("ascii"), info.flag_bits
        except UnicodeEncodeError:
            navn, flagg = info.filename.encode("utf-8"), info.flag_bits | 0x800
        return struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", info.create_version, info.create_system,
                           info.extract_version, info.reserved, flagg, info.compress_type, dostime, dosdate,
                           info.CRC, info.compress_size, info.file_size, len(navn), len(info.extra),
                           len(info.comment), 0, info.internal_attr, info.external_attr,
                           info.header_offset) + navn + info.extra + info.comment

    def _med_zipfile(self, pakket: list[tuple[zipfile.ZipInfo, Any, tuple[int, int, list[bytes]], Any]]) -> None:
        """The same parts through :mod:`zipfile` (ZIP64 where needed; ``LargeZipFile`` when it is
        needed and not allowed, as XlsxWriter expects)."""
        with zipfile.ZipFile(self.filename, "w", compression=self.compression, allowZip64=self.allow_zip64) as z:
            for info, kilde, (_, storrelse, _), hull in pakket:
                info.file_size = storrelse
                with z.open(info, "w") as mål:
                    if isinstance(kilde, bytes):
                        mål.write(kilde)
                        continue
                    kilde.seek(0)
                    if hull is None:
                        shutil.copyfileobj(kilde, mål, _BIT)
                        continue
                    pos, rader = hull               # the part's bytes: before the hole, rows, after
                    mål.write(kilde.read(pos))
                    for bit in rader.rader():
                        mål.write(bit)
                    shutil.copyfileobj(kilde, mål, _BIT)
