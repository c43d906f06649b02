"""The årsregnskap as a PDF document (``aarsregnskap_ÅÅÅÅ.pdf`` in ``report --out``).

The PDF is the HTML report's print variant (:func:`imdi_ledger.render.html.aarsregnskap_html`
with ``utskrift=True``) laid out by WeasyPrint: one rendering of the tables for the page and the
paper.  A4; every statement and note in R-115/SRS order, amounts in whole kroner with space as
the thousands separator; a table of contents with page numbers; a running head with the agency
and year (and the current statement); «Side N av M» at the foot; a table's header row repeated
on each page it runs over and no row split across two pages; wide tables, the findings and the
sources (files with SHA-256) on landscape pages, the findings and the sources at the end.

**Why WeasyPrint.**  Measured on the worked example against headless Chromium's print to PDF
(``docs/pdf.md``): WeasyPrint gives the same bytes on every run (Chromium stamps the time of
writing and its own build in every file), supports all the paged-media CSS the layout uses
(margin boxes for the running head and page numbers and named pages for landscape, which
Chromium handles too, and ``target-counter`` for the contents' page numbers, which it does not),
runs in the process (no 250 MB browser process) and writes a file a fifth of the size; Chromium
lays the pages out two to three times faster.

**Determinism.**  The print HTML depends only on the inputs; WeasyPrint writes no date and no
file identifier (``/ID``), and lays out and numbers its objects in document order.  Fonts come
from the machine's fontconfig, so the bytes are the same for the same inputs on one machine (and
on machines with the same fonts and WeasyPrint version).

Nothing is fetched while rendering: every resource is in the page, and the URL fetcher refuses
all but ``data:`` URLs.

**Beside the other outputs.**  The layout takes seconds whatever the size of the year, and needs
nothing the workbook or the HTML page writes, so ``report --out`` lays it out in a second Python
process (:class:`PdfJobb`) and writes the other outputs while it runs: the same print page, the
same WeasyPrint, the same bytes.  The process starts with the report, so WeasyPrint is imported
while the year is loaded; it gets the page as soon as the plots are drawn.  The page is handed
over as a file and the PDF comes back as one; the report's folder is only complete once the
process has ended well (:meth:`PdfJobb.vent`), and a failed report stops it
(:meth:`PdfJobb.avbryt`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Sequence

from .._prosess import start_barn
from ..findings import Finding
from .html import aarsregnskap_html

__all__ = ["aarsregnskap_pdf", "skriv_pdf", "start_pdf", "PdfJobb"]


def _henter(weasyprint: Any) -> Any:
    """WeasyPrint's URL fetcher for the report: ``data:`` URLs only (inline images), and a URL of
    any other kind (a file, the network) is an error rather than silently left out."""
    return weasyprint.urls.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def _weasyprint() -> Any:
    try:
        import weasyprint
        import weasyprint.urls
    except OSError as exc:  # the Python package is there, the system's Pango is not
        raise RuntimeError("PDF-en kan ikke skrives: WeasyPrint finner ikke systembibliotekene Pango/HarfBuzz "
                           "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)") from exc
    return weasyprint


def aarsregnskap_pdf(regnskap: Any, findings: Sequence[Finding], *, plott_mappe: Path | None = None) -> bytes:
    """The PDF document as bytes (see the module docstring)."""
    return _pdf_av_side(aarsregnskap_html(regnskap, findings, plott_mappe=plott_mappe, utskrift=True))


def _pdf_av_side(side: str) -> bytes:
    """The print page laid out by WeasyPrint, as PDF bytes."""
    weasyprint = _weasyprint()
    dokument = weasyprint.HTML(string=side, url_fetcher=_henter(weasyprint), base_url="about:blank").render()
    return dokument.write_pdf()


def skriv_pdf(regnskap: Any, findings: Sequence[Finding], path: Path, *, plott_mappe: Path | None = None) -> Path:
    """Write the PDF document to ``path``; the plots are read from ``plott_mappe`` when the report
    has written them there."""
    Path(path).write_bytes(aarsregnskap_pdf(regnskap, findings, plott_mappe=plott_mappe))
    return Path(path)


#: Exit status of the PDF process when WeasyPrint cannot run (its message is on stderr).
_UTEN_WEASYPRINT = 3


class PdfJobb:
    """The PDF of a report laid out in a second process.

    The process starts at once and imports WeasyPrint (about a second) while this one loads and
    computes the year; :meth:`send` gives it the print page and where to write the PDF,
    :meth:`vent` waits for it, :meth:`avbryt` stops it.  Where no second process can start, the
    page is laid out in this process when waited for."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self._side: str | None = None
        self._prosess: subprocess.Popen[bytes] | None = None
        self._mappe = tempfile.TemporaryDirectory(prefix="imdi-ledger-pdf-")
        self._feil = open(Path(self._mappe.name) / "stderr", "w+b")  # noqa: SIM115 - closed in _rydd
        try:
            self._prosess = start_barn("imdi_ledger.render.pdf", "_barn", stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=self._feil)
        except OSError:   # no interpreter to start: laid out in this process when waited for
            self._prosess = None

    def send(self, side: str, path: Path) -> None:
        """Lay out ``side`` (the print page) and write the PDF to ``path``."""
        self.path = Path(path)
        if self._prosess is None or self._prosess.stdin is None:
            self._side = side
            return
        inn = Path(self._mappe.name) / "side.html"
        inn.write_text(side, encoding="utf-8")
        try:   # the two paths, each ended by NUL (which no path holds)
            self._prosess.stdin.write(os.fsencode(inn) + b"\0" + os.fsencode(self.path) + b"\0")
            self._prosess.stdin.close()
        except BrokenPipeError:   # the process has ended (WeasyPrint cannot run): vent() says why
            pass

    def send_aarsregnskap(self, regnskap: Any, findings: Sequence[Finding], path: Path, *,
                          plott_mappe: Path | None = None) -> None:
        """:meth:`send` the årsregnskap's print page (the plots read from ``plott_mappe``)."""
        self.send(aarsregnskap_html(regnskap, findings, plott_mappe=plott_mappe, utskrift=True), path)

    def vent(self) -> Path:
        """Wait for the PDF; an error in the other process is raised here."""
        try:
            if self.path is None:
                raise RuntimeError("PDF-en har ingen side å skrive")
            if self._prosess is None:
                self.path.write_bytes(_pdf_av_side(self._side or ""))
                return self.path
            kode = self._prosess.wait()
            self._feil.seek(0)
            melding = self._feil.read().decode("utf-8", "replace").strip()
            if kode == _UTEN_WEASYPRINT:
                raise RuntimeError(melding.splitlines()[-1] if melding else "PDF-en kan ikke skrives")
            if kode != 0 or not self.path.is_file():
                siste = melding.splitlines()[-1] if melding else f"status {kode}"
                raise RuntimeError(f"PDF-en kunne ikke skrives ({siste})")
            if melding:   # WeasyPrint's warnings, as they would be shown in this process
                print(melding, file=sys.stderr)
            return self.path
        finally:
            self._rydd()

    def avbryt(self) -> None:
        """Stop the PDF process (a report that failed)."""
        if self._prosess is not None and self._prosess.poll() is None:
            self._prosess.kill()
            self._prosess.wait()
        self._rydd()

    def _rydd(self) -> None:
        stdin = self._prosess.stdin if self._prosess is not None else None
        if stdin is not None and not stdin.closed:
            try:
                stdin.close()
            except BrokenPipeError:
                pass
        self._feil.close()
        self._mappe.cleanup()


def start_pdf(regnskap: Any, findings: Sequence[Finding], path: Path, *,
              plott_mappe: Path | None = None) -> PdfJobb:
    """Start writing the PDF document to ``path`` in a second process and return at once; the
    print page is made here (the plots read from ``plott_mappe``), WeasyPrint lays it out
    there.  :meth:`PdfJobb.vent` waits for it, :meth:`PdfJobb.avbryt` stops it."""
    jobb = PdfJobb()
    jobb.send_aarsregnskap(regnskap, findings, path, plott_mappe=plott_mappe)
    return jobb


def _barn() -> int:
    """The PDF process: import WeasyPrint, then read from stdin the file of the print page and
    the PDF's path (each ended by NUL), lay the page out and write the PDF (exit status 0); or
    say on stderr why WeasyPrint cannot run (exit status 3).  Stdin closed with nothing on it
    (the report stopped before its page was made): exit status 4, nothing written."""
    try:
        _weasyprint()
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return _UTEN_WEASYPRINT
    deler = sys.stdin.buffer.read().split(b"\0")
    if len(deler) < 3 or not deler[0] or not deler[1]:
        return 4
    side, path = os.fsdecode(deler[0]), os.fsdecode(deler[1])
    Path(path).write_bytes(_pdf_av_side(Path(side).read_text(encoding="utf-8")))
    return 0
