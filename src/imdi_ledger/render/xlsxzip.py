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
"""

from __future__ import annotations

import os
import shutil
import struct
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any

__all__ = ["ParallellZip", "TRADER"]

#: Threads deflating parts at once (the cores there are, at most 4).
TRADER = max(1, min(4, os.cpu_count() or 1))

_BIT = 1 << 24        # read and deflated this many bytes at a time


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


class ParallellZip:
    """A write-only stand-in for :class:`zipfile.ZipFile` as XlsxWriter uses it
    (``ZipFile(path, "w", compression=…, allowZip64=…)``, ``write``, ``writestr``, ``close``):
    each part is deflated on a thread as soon as it is added, and the archive is written on
    :meth:`close`.  A part added from a file is read from the open file, so the caller may
    remove the file as soon as :meth:`write` returns."""

    def __init__(self, file: str | os.PathLike[str], mode: str = "w", compression: int = zipfile.ZIP_STORED,
                 allowZip64: bool = True) -> None:  # noqa: N803 - zipfile's name
        if mode != "w" or compression not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ValueError("ParallellZip skriver bare nye arkiv, lagret eller deflate")
        self.filename = os.fspath(file)
        self.compression = compression
        self.allow_zip64 = allowZip64
        self._deler: list[tuple[zipfile.ZipInfo, IO[bytes] | bytes, Future[tuple[int, int, list[bytes]]]]] = []
        self._pool = ThreadPoolExecutor(max_workers=TRADER)

    def write(self, filename: str, arcname: str) -> None:
        info = zipfile.ZipInfo.from_file(filename, arcname)
        info.compress_type = self.compression
        fil = open(filename, "rb")  # noqa: SIM115 - closed in close()
        self._deler.append((info, fil, self._pool.submit(_pakk, fil, self.compression)))

    def writestr(self, info: zipfile.ZipInfo | str, data: bytes | str) -> None:
        if not isinstance(info, zipfile.ZipInfo):
            info = zipfile.ZipInfo(info, (1980, 1, 1, 0, 0, 0))
            info.compress_type = self.compression
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        info.file_size = len(data)
        self._deler.append((info, data, self._pool.submit(_pakk, data, info.compress_type)))

    def close(self) -> None:
        try:
            pakket = [(info, kilde, f.result()) for info, kilde, f in self._deler]
            # zipfile's own limit (2 GiB, a part's header with ZIP64 from 1/1.05 of it), kept wide.
            storrelse = sum(n + len(info.filename) + 128 for info, _, (_, n, _) in pakket)
            stor = len(pakket) >= 0xFFFF or storrelse * 1.05 > zipfile.ZIP64_LIMIT \
                or sum(len(b) for _, _, (_, _, ut) in pakket for b in ut) * 1.05 > zipfile.ZIP64_LIMIT
            if stor:
                self._med_zipfile(pakket)
            else:
                self._skriv(pakket)
        finally:
            self._pool.shutdown(wait=True)
            for _, kilde, _ in self._deler:
                if not isinstance(kilde, bytes):
                    kilde.close()
            self._deler = []

    def _skriv(self, pakket: list[tuple[zipfile.ZipInfo, Any, tuple[int, int, list[bytes]]]]) -> None:
        sentral = []
        with open(self.filename, "wb") as ut:
            for info, _, (crc, storrelse, biter) in pakket:
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

    def _med_zipfile(self, pakket: list[tuple[zipfile.ZipInfo, Any, tuple[int, int, list[bytes]]]]) -> None:
        """The same parts through :mod:`zipfile` (ZIP64 where needed; ``LargeZipFile`` when it is
        needed and not allowed, as XlsxWriter expects)."""
        with zipfile.ZipFile(self.filename, "w", compression=self.compression, allowZip64=self.allow_zip64) as z:
            for info, kilde, (_, storrelse, _) in pakket:
                info.file_size = storrelse
                with z.open(info, "w") as mål:
                    if isinstance(kilde, bytes):
                        mål.write(kilde)
                    else:
                        kilde.seek(0)
                        shutil.copyfileobj(kilde, mål, _BIT)
