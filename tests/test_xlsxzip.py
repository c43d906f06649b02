"""The workbook's parallel zip writer writes the bytes zipfile writes."""

from __future__ import annotations

import os
import random
import time
import zipfile
from pathlib import Path

import pytest

from imdi_ledger.render import xlsxzip
from imdi_ledger.render.xlsxzip import ParallellZip


def _deler(tmp_path: Path) -> list[tuple[Path, str]]:
    rng = random.Random(7)
    innhold = {
        "[Content_Types].xml": b"<Types/>",
        "xl/worksheets/sheet1.xml": b"".join(b'<row r="%d"><c><v>%d</v></c></row>' % (i, rng.randrange(10**9))
                                             for i in range(200_000)),
        "xl/tom.xml": b"",
        "xl/styles.xml": bytes(rng.randrange(256) for _ in range(50_000)),
        "docProps/æøå.xml": "<tekst>æøå</tekst>".encode(),
    }
    stamp = time.mktime((1980, 1, 31, 0, 0, 0, 0, 0, -1))
    deler = []
    for i, (navn, data) in enumerate(innhold.items()):
        fil = tmp_path / f"del{i}"
        fil.write_bytes(data)
        os.utime(fil, (stamp, stamp))
        deler.append((fil, navn))
    return deler


@pytest.mark.parametrize("komprimering", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_same_bytes_as_zipfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, komprimering: int) -> None:
    monkeypatch.setattr(xlsxzip, "_BIT", 1 << 16)   # the sheet deflated in several pieces
    deler = _deler(tmp_path)
    with zipfile.ZipFile(tmp_path / "zipfile.zip", "w", compression=komprimering) as z:
        for fil, navn in deler:
            z.write(fil, navn)
    p = ParallellZip(tmp_path / "parallell.zip", "w", compression=komprimering, allowZip64=False)
    for fil, navn in deler:
        p.write(str(fil), navn)
        fil.unlink()          # XlsxWriter removes each part as soon as it is added
    p.close()
    assert (tmp_path / "parallell.zip").read_bytes() == (tmp_path / "zipfile.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "parallell.zip") as z:
        assert z.testzip() is None


def test_large_archive_goes_through_zipfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deler = _deler(tmp_path)
    with zipfile.ZipFile(tmp_path / "zipfile.zip", "w", compression=zipfile.ZIP_DEFLATED) as z:
        for fil, navn in deler:
            z.write(fil, navn)
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100_000)
    p = ParallellZip(tmp_path / "parallell.zip", "w", compression=zipfile.ZIP_DEFLATED, allowZip64=False)
    for fil, navn in deler:
        p.write(str(fil), navn)
    with pytest.raises(zipfile.LargeZipFile):
        p.close()


# -- CRC-32 of pieces, rows deflated while written, the hole in a sheet ----------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import zlib  # noqa: E402


@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_crc_of_two_pieces_is_the_crc_of_both(a: bytes, b: bytes) -> None:
    assert xlsxzip.crc32_kombiner(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


@pytest.mark.parametrize("lengde", [1, 7, 8, 255, 1 << 16, (1 << 20) + 3, 5_000_000])
def test_crc_combined_over_long_pieces(lengde: int) -> None:
    a, b = b"head" * 5, bytes(range(256)) * (lengde // 256) + b"x" * (lengde % 256)
    assert xlsxzip.crc32_kombiner(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_crc_combined_rejects_a_negative_length() -> None:
    with pytest.raises(ValueError):
        xlsxzip.crc32_kombiner(0, 0, -1)


# Pieces as the workbook writes them: XlsxWriter's text (any characters) and the fast path's bytes.
_BITER = st.lists(st.one_of(st.text(max_size=300).map(lambda t: ("tekst", t)),
                            st.binary(max_size=5000).map(lambda b: ("bytes", b))), max_size=40)


def _skriv(strom: xlsxzip.Radstrom, biter: list[tuple[str, object]]) -> bytes:
    alle = []
    for art, bit in biter:
        if art == "tekst":
            strom.write(bit)
            alle.append(bit.encode("utf-8"))
        else:
            strom.flush()
            strom.buffer.write(bit)
            alle.append(bit)
    return b"".join(alle)


@settings(max_examples=60, deadline=None)
@given(_BITER, st.sampled_from([1, 4096, 1 << 30]), st.binary(max_size=500), st.binary(max_size=500))
def test_rows_deflated_while_written_are_the_rows_written(biter, start: int, hode: bytes, hale: bytes) -> None:
    """Text and bytes in any order, with the stream's thread started at once, after a few pieces
    or never: the CRC, size and inflated bytes are those written, the deflated rows are one
    stream with what comes before and after them, and the rows can be read again."""
    import unittest.mock

    with unittest.mock.patch.object(xlsxzip, "_STRØM_START", start):
        strom = xlsxzip.Radstrom()
        skrevet = _skriv(strom, biter)
        crc, storrelse, ut = strom.avslutt()
    assert (crc, storrelse) == (zlib.crc32(skrevet), len(skrevet))
    assert b"".join(strom.rader()) == skrevet
    assert zlib.decompressobj(-15).decompress(b"".join(ut)) == skrevet
    assert strom.avslutt() == (crc, storrelse, ut)          # once: the same answer again
    with pytest.raises(ValueError):
        strom.write("etter")

    import io
    for komprimering in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        crc_d, n_d, deler = xlsxzip._pakk_med_hull(io.BytesIO(hode + hale), komprimering, len(hode), strom)
        data = b"".join(deler)
        if komprimering == zipfile.ZIP_DEFLATED:
            d = zlib.decompressobj(-15)
            data = d.decompress(data)
            assert d.eof and not d.unused_data           # one deflate stream, ended once
        assert data == hode + skrevet + hale
        assert (crc_d, n_d) == (zlib.crc32(hode + skrevet + hale), len(hode + skrevet + hale))


def test_a_stream_let_go_before_its_end_stops_its_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxzip, "_STRØM_START", 10)
    strom = xlsxzip.Radstrom()
    strom.buffer.write(b"x" * 1000)
    trad = strom._trad
    assert trad is not None and trad.is_alive()
    strom.close()
    assert not trad.is_alive()


def test_an_error_in_the_streams_thread_reaches_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxzip, "_STRØM_START", 10)
    class Feil:
        def compress(self, data: bytes) -> bytes:
            raise OSError("ingen plass")

    strom = xlsxzip.Radstrom()
    strom._k = Feil()
    strom.buffer.write(b"x" * 100)                # the thread starts and fails
    with pytest.raises(OSError, match="ingen plass"):
        strom.avslutt()


@pytest.mark.parametrize("stor", [False, True])
def test_a_part_with_a_hole_is_packed_with_its_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   stor: bool) -> None:
    """The archive holds the part's bytes before the hole, the rows and the bytes after it,
    deflated by ParallellZip or (an archive near ZIP64's size) by zipfile; the other parts as
    zipfile writes them."""
    monkeypatch.setattr(xlsxzip, "_STRØM_START", 1 << 12)
    deler = _deler(tmp_path)
    rader = b"".join(b'<row r="%d"><c><v>%d</v></c></row>' % (i, i * 7) for i in range(50_000))
    strom = xlsxzip.Radstrom()
    for i in range(0, len(rader), 100_000):
        strom.buffer.write(rader[i:i + 100_000])
    hullfil = tmp_path / "ark"
    hullfil.write_bytes(b"<worksheet><sheetData></sheetData></worksheet>")
    hull = {str(hullfil): (len(b"<worksheet><sheetData>"), strom)}
    if stor:
        monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100_000)
    p = ParallellZip(tmp_path / "parallell.zip", "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True, hull=hull)
    for fil, navn in [*deler[:2], (hullfil, "xl/worksheets/sheet2.xml"), *deler[2:]]:
        p.write(str(fil), navn)
    p.close()
    with zipfile.ZipFile(tmp_path / "parallell.zip") as z:
        assert z.testzip() is None
        assert z.read("xl/worksheets/sheet2.xml") == b"<worksheet><sheetData>" + rader + b"</sheetData></worksheet>"
        for fil, navn in deler:
            assert z.read(navn) == fil.read_bytes()
    assert hull == {}
