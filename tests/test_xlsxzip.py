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
