"""The ``report`` job: load inputs, compute every statement, note and check, and render them
(text always; with an output folder also the findings as JSON, the statements as CSV, the
auditor's Excel workbook, the plots, one self-contained HTML page with drill-down and the
årsregnskap as a PDF document on A4).

A run has one list of findings (:func:`imdi_ledger.avstemming.eksport.alle_funn`: loading and
computing, then the rule catalogue on the computed statements with tolerance 0).  The CLI,
``funn.json``, the workbook's cover and Funn sheet and the exit status all show that list.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .avstemming.eksport import alle_funn
from ._version import __version__
from .eksempel import last_eksempel
from .errors import InputError
from .findings import Finding, Severity, antall, findings_json
from .load.mappe import last_mappe
from .regnskap import Aarsregnskap, beregn
from .render.text import render_tabeller

if TYPE_CHECKING:  # pragma: no cover - types only
    from .render.pdf import PdfJobb

__all__ = ["Rapport", "lag_rapport", "MERKE", "uten_tidsstempel"]

#: The marker file of an output folder written by the report job.  A folder that exists, is
#: not empty and has no marker is not ours and is never replaced.
MERKE = ".imdi-ledger"


@dataclass(frozen=True, eq=False)
class Rapport:
    """The report job's result: the computed årsregnskap, its text and the run's one list of
    findings."""

    regnskap: Aarsregnskap
    tekst: str
    findings: tuple[Finding, ...]

    @property
    def antall(self) -> dict[Severity, int]:
        return antall(self.findings)

    @property
    def har_feil(self) -> bool:
        return self.antall[Severity.ERROR] > 0


def lag_rapport(*, eksempel: str | None = None, inndata: Path | None = None, ut: Path | None = None,
                ar: int | None = None, fremdrift: Callable[[str], None] | None = None, pdf: bool = True) -> Rapport:
    """The report of a bundled example or an input folder; ``ar`` chooses the year (default: the
    latest S-rapport year when every file fits it, :func:`~imdi_ledger.load.mappe.last_mappe`).
    ``fremdrift`` is called with each step before it starts (files read, computing, writing).
    ``pdf=False`` leaves the PDF out of ``ut`` (its layout is most of the time of writing)."""
    steg = fremdrift or (lambda _: None)
    pdf_jobb = None
    if ut is not None and pdf:   # its process imports WeasyPrint while the year is loaded
        from .render.pdf import PdfJobb

        pdf_jobb = PdfJobb()
    try:
        return _lag_rapport(eksempel, inndata, ut, ar, steg, fremdrift, pdf_jobb)
    except BaseException:
        if pdf_jobb is not None:
            pdf_jobb.avbryt()
        raise


def _lag_rapport(eksempel: str | None, inndata: Path | None, ut: Path | None, ar: int | None,
                 steg: Callable[[str], None], fremdrift: Callable[[str], None] | None,
                 pdf_jobb: PdfJobb | None) -> Rapport:
    grunnlag = (last_eksempel(eksempel, ar=ar, fremdrift=fremdrift) if eksempel
                else last_mappe(Path(inndata), ar, fremdrift=fremdrift))
    steg("beregner årsregnskapet")
    regnskap = beregn(grunnlag)
    steg("kjører regelkatalogen")
    head = f"Årsregnskap {regnskap.ar}"
    if grunnlag.virksomhet:
        head += f" – {grunnlag.virksomhet}"
    # Input files are named relative to the input folder, as in the Kilder table: the output
    # of a folder does not depend on where the folder lies.
    funn = tuple(dataclasses.replace(f, file=grunnlag.vist_navn(f.file))
                 if f.file and "mappe" in grunnlag.ekstra else f for f in alle_funn(regnskap))
    tekst = (head + "\n" + "#" * len(head) + "\n\n" + render_tabeller(regnskap.tabeller()) + "\n"
             + render_tabeller([grunnlag.kilder_tabell()]))
    if ut is not None:
        def skriv(mappe: Path) -> None:
            from .render.csv import skriv_csv
            from .render.excel import skriv_arbeidsbok
            from .render.html import skriv_html
            from .render.plott import plottdata, skriv_plott

            steg("tegner plottene")
            (mappe / "plott").mkdir()
            # drawn, and the PDF laid out, in the second process while the other outputs are written
            i_pdf_prosessen = pdf_jobb is not None and pdf_jobb.tegn_plott(plottdata(regnskap), regnskap.ar,
                                                                           mappe / "plott")
            if not i_pdf_prosessen:
                skriv_plott(regnskap, mappe / "plott")
            if pdf_jobb is not None:
                pdf_jobb.send_aarsregnskap(regnskap, funn, mappe / f"aarsregnskap_{regnskap.ar}.pdf",
                                           plott_mappe=mappe / "plott")
            steg(f"skriver tekst, funn, JSON og CSV til {Path(ut).name}")
            (mappe / f"aarsregnskap_{regnskap.ar}.txt").write_text(tekst, encoding="utf-8")
            (mappe / "funn.json").write_text(findings_json(funn), encoding="utf-8")
            from .render.json import aarsregnskap_json

            aarsregnskap_json(regnskap, funn, mappe / f"aarsregnskap_{regnskap.ar}.json")
            for t in regnskap.tabeller():
                skriv_csv(t, mappe)
            # The HTML page (one thread) while the PDF process works, then the workbook (its rows
            # deflated on a thread of their own), which has the second core once the PDF is done.
            steg("skriver HTML-rapporten")
            def plottene_klare() -> None:   # the page waits only once its tables are made
                if i_pdf_prosessen and pdf_jobb is not None and not pdf_jobb.plott_tegnet():
                    skriv_plott(regnskap, mappe / "plott")   # the process did not draw them: its error comes below

            skriv_html(regnskap, funn, mappe / f"aarsregnskap_{regnskap.ar}.html", plott_mappe=mappe / "plott",
                       for_plott=plottene_klare)
            steg("skriver arbeidsboken")
            skriv_arbeidsbok(regnskap, mappe / f"aarsregnskap_{regnskap.ar}.xlsx", findings=funn)
            uten_tidsstempel(mappe / f"aarsregnskap_{regnskap.ar}.xlsx")
            if pdf_jobb is not None:
                steg("skriver PDF-en")
                pdf_jobb.vent()

        skriv_atomisk(Path(ut), skriv)
    return Rapport(regnskap, tekst, funn)


def uten_tidsstempel(xlsx: Path) -> None:
    """Make a written workbook a function of its content only: every zip member dated
    1980-01-01 and the document properties without the time of writing (``dcterms:created``,
    ``dcterms:modified``).  The same inputs then give the same bytes, wherever and whenever
    the report is run.

    The members are copied as they are compressed (only ``docProps/core.xml`` is compressed
    anew), with new headers: the archive is rewritten at the speed of copying a file.  An
    archive this copy does not cover (ZIP64, data descriptors, another compression) is written
    anew through :mod:`zipfile`."""
    with zipfile.ZipFile(xlsx) as z:
        infos = z.infolist()
        kjerne = z.read(_KJERNE) if _KJERNE in z.namelist() else None
    if kjerne is not None:
        kjerne = re.sub(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>", b"", kjerne)
    grense = 0xFFFFFFFF
    if (xlsx.stat().st_size >= grense or len(infos) >= 0xFFFF
            or any(i.flag_bits & 0x8 or i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                   or max(i.file_size, i.compress_size, i.header_offset) >= grense for i in infos)):
        _skriv_zip_pa_nytt(xlsx, kjerne)
        return
    ny = xlsx.with_name(xlsx.name + ".ny")
    sentral = []
    with open(xlsx, "rb") as inn, open(ny, "wb") as ut:
        for i in infos:
            flagg = i.flag_bits & 0x800            # keep only «the name is UTF-8»
            navn = i.filename.encode("utf-8" if flagg else "cp437")
            if i.filename == _KJERNE and kjerne is not None:
                if i.compress_type == zipfile.ZIP_DEFLATED:
                    k = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
                    data = k.compress(kjerne) + k.flush()
                else:
                    data = kjerne
                crc, storrelse, komprimert = zlib.crc32(kjerne), len(kjerne), len(data)
            else:
                inn.seek(i.header_offset)
                hode = inn.read(30)
                if hode[:4] != b"PK\x03\x04":
                    raise zipfile.BadZipFile(f"{xlsx.name}: ødelagt lokalt hode for {i.filename}")
                n, m = struct.unpack("<HH", hode[26:30])
                inn.seek(i.header_offset + 30 + n + m)
                data = None
                crc, storrelse, komprimert = i.CRC, i.file_size, i.compress_size
            posisjon = ut.tell()
            ut.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flagg, i.compress_type, 0, _DOS_1980,
                                 crc, komprimert, storrelse, len(navn), 0) + navn)
            if data is not None:
                ut.write(data)
            else:
                igjen = komprimert
                while igjen:
                    blokk = inn.read(min(igjen, 1 << 20))
                    if not blokk:
                        raise zipfile.BadZipFile(f"{xlsx.name}: {i.filename} er kortere enn oppgitt")
                    ut.write(blokk)
                    igjen -= len(blokk)
            sentral.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, flagg, i.compress_type,
                                       0, _DOS_1980, crc, komprimert, storrelse, len(navn), 0, 0, 0, 0,
                                       0o600 << 16, posisjon) + navn)
        start = ut.tell()
        for s in sentral:
            ut.write(s)
        ut.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(sentral), len(sentral), ut.tell() - start, start, 0))
    ny.replace(xlsx)


_KJERNE = "docProps/core.xml"
_DOS_1980 = (0 << 9) | (1 << 5) | 1   # 1980-01-01 as an MS-DOS date (time 00:00:00 is 0)


def _skriv_zip_pa_nytt(xlsx: Path, kjerne: bytes | None) -> None:
    """:func:`uten_tidsstempel` through :mod:`zipfile`: every member read and compressed anew."""
    with zipfile.ZipFile(xlsx) as z:
        deler = [(i.filename, i.compress_type, z.read(i.filename)) for i in z.infolist()]
    ny = xlsx.with_name(xlsx.name + ".ny")
    with zipfile.ZipFile(ny, "w", allowZip64=True) as z:
        for navn, komp, data in deler:
            if navn == _KJERNE and kjerne is not None:
                data = kjerne
            info = zipfile.ZipInfo(navn, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = komp
            info.external_attr = 0o600 << 16
            z.writestr(info, data)
    ny.replace(xlsx)


def skriv_atomisk(ut: Path, skriv: Callable[[Path], None]) -> None:
    """Write an output folder all at once: ``skriv`` fills a new temporary folder beside ``ut``,
    which replaces ``ut`` only when it has succeeded.  A failed run leaves the previous output
    untouched; a successful one leaves no file of an earlier run.  ``ut`` naming a file, or a
    folder with other content than an earlier run's output, is an :class:`InputError`."""
    if ut.is_symlink() or (ut.exists() and not ut.is_dir()):
        raise InputError(str(ut), None, None, "--out må være en mappe (eller ikke finnes); dette er en fil")
    if ut.is_dir() and any(ut.iterdir()) and not (ut / MERKE).is_file():
        raise InputError(str(ut), None, None, "--out finnes, er ikke tom og er ikke skrevet av imdi-ledger; "
                                              "velg en ny eller tom mappe")
    forelder = ut.absolute().parent
    forelder.mkdir(parents=True, exist_ok=True)
    ny = Path(tempfile.mkdtemp(prefix=f".{ut.name}.ny-", dir=forelder))
    try:
        skriv(ny)
        (ny / MERKE).write_text(f"imdi_ledger {__version__}\n", encoding="utf-8")
        if ut.is_dir():
            gammel = Path(tempfile.mkdtemp(prefix=f".{ut.name}.gammel-", dir=forelder))
            gammel.rmdir()
            ut.rename(gammel)
            ny.rename(ut)
            shutil.rmtree(gammel, ignore_errors=True)
        else:
            ny.rename(ut)
    except BaseException:
        shutil.rmtree(ny, ignore_errors=True)
        raise
