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
same WeasyPrint, the same bytes.  The process starts with the report, so WeasyPrint (and
matplotlib) are imported while the year is loaded.  It draws the plots as well
(:meth:`PdfJobb.tegn_plott`: the plots' data, as lists, and the year are handed over, the SVG and
PNG files written are those :func:`~imdi_ledger.render.plott.skriv_plott` writes), and the
print page it is given right after holds a marker where each figure goes, which it replaces
with the figure it has drawn; it imports no pandas, as nothing it does needs it.  The HTML
page waits for the plots once its tables are made (:meth:`PdfJobb.plott_tegnet`); where the
process could not draw them, they are drawn in this one.  Messages go to the process on stdin (fields each ended by NUL, which no path
holds), files are handed over by path in a private folder, and the process answers on stdout
(``plott`` when the plots are written); the report's folder is only complete once the process
has ended well (:meth:`PdfJobb.vent`), and a failed report stops it (:meth:`PdfJobb.avbryt`).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import IO, Any, Sequence

from .._prosess import start_barn
from ..findings import Finding

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
    from .html import aarsregnskap_html

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

#: Where a figure drawn by the PDF process goes in the print page (an HTML comment: text from
#: the inputs is escaped in the page, so no input can make one).
_PLASS = "<!--imdi-ledger-plott:{}-->"


class PdfJobb:
    """The PDF of a report laid out in a second process.

    The process starts at once and imports WeasyPrint (about a second) while this one loads and
    computes the year; :meth:`tegn_plott` has it draw the plots, :meth:`send` gives it the print
    page and where to write the PDF, :meth:`vent` waits for it, :meth:`avbryt` stops it.  Where
    no second process can start, the page is laid out in this process when waited for."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self._side: str | None = None
        self._prosess: subprocess.Popen[bytes] | None = None
        self._plott: list[str] | None = None     # the plots the process draws, until they are done
        self._tegnet: bool | None = None         # whether it drew them
        self._mappe = tempfile.TemporaryDirectory(prefix="imdi-ledger-pdf-")
        self._feil = open(Path(self._mappe.name) / "stderr", "w+b")  # noqa: SIM115 - closed in _rydd
        try:
            self._prosess = start_barn("imdi_ledger.render.pdf", "_barn", stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=self._feil)
        except OSError:   # no interpreter to start: laid out in this process when waited for
            self._prosess = None

    def _skriv(self, *felt: bytes, slutt: bool = False) -> bool:
        """Send a message (fields each ended by NUL); ``slutt`` closes stdin after it.  False
        when the process has ended (WeasyPrint cannot run: :meth:`vent` says why)."""
        stdin = self._prosess.stdin if self._prosess is not None else None
        if stdin is None or stdin.closed:
            return False
        try:
            stdin.write(b"".join(f + b"\0" for f in felt))
            stdin.flush()
            if slutt:
                stdin.close()
            return True
        except BrokenPipeError:
            return False

    def tegn_plott(self, data: list[tuple[str, Any]], ar: int, mappe: Path) -> bool:
        """Have the process draw the plots (:func:`~imdi_ledger.render.plott.tegn_plott` of
        ``data`` and ``ar``) into ``mappe``.  False where there is no process to do it: the
        plots are then drawn in this one."""
        if self._prosess is None:
            return False
        fil = Path(self._mappe.name) / "plott.pickle"
        with open(fil, "wb") as f:
            pickle.dump((data, ar), f, protocol=pickle.HIGHEST_PROTOCOL)
        if not self._skriv(b"plott", os.fsencode(fil), os.fsencode(Path(mappe).absolute())):
            return False
        self._plott = [navn for navn, _ in data]
        return True

    def plott_tegnet(self) -> bool:
        """Wait for the plots given to :meth:`tegn_plott`: True when the process has written
        them, False when it has not (nothing was given, or it ended or failed: its error is
        raised by :meth:`vent`), so they are to be drawn in this one."""
        if self._tegnet is None:
            svar = self._prosess.stdout if self._prosess is not None and self._plott is not None else None
            self._tegnet = svar is not None and svar.readline() == b"plott\n"
        return self._tegnet

    def send(self, side: str, path: Path) -> None:
        """Lay out ``side`` (the print page) and write the PDF to ``path``."""
        self.path = Path(path)
        if self._prosess is None or self._prosess.stdin is None:
            self._side = side
            return
        inn = Path(self._mappe.name) / "side.html"
        inn.write_text(side, encoding="utf-8")
        self._skriv(b"side", os.fsencode(inn), os.fsencode(self.path), slutt=True)

    def send_aarsregnskap(self, regnskap: Any, findings: Sequence[Finding], path: Path, *,
                          plott_mappe: Path | None = None) -> None:
        """:meth:`send` the årsregnskap's print page: the figures those the process draws
        (:meth:`tegn_plott`), else read from ``plott_mappe``."""
        from .html import aarsregnskap_html

        plott = None if self._plott is None else [(navn, _PLASS.format(navn)) for navn in self._plott]
        self.send(aarsregnskap_html(regnskap, findings, plott_mappe=plott_mappe, utskrift=True, plott=plott),
                  path)

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
        if self._prosess is not None and self._prosess.stdout is not None:
            self._prosess.stdout.close()
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


class _Felt:
    """The fields of the messages on a binary stream, each ended by NUL, read as they come."""

    def __init__(self, inn: IO[bytes]) -> None:
        self._inn = inn
        self._buf = b""

    def neste(self) -> bytes | None:
        """The next field; None at the end of the stream."""
        while b"\0" not in self._buf:
            biter = self._inn.read1(1 << 16)   # type: ignore[attr-defined]
            if not biter:
                return None
            self._buf += biter
        felt, _, self._buf = self._buf.partition(b"\0")
        return felt


def _barn() -> int:
    """The PDF process: import WeasyPrint (exit status 3, with the reason on stderr, where it
    cannot run) and matplotlib, then take the messages on stdin:

    * ``plott``, a file of the plots' data and the year, a folder: the plots drawn there
      (:func:`~imdi_ledger.render.plott.tegn_plott`), then ``plott`` on stdout (an error:
      exit status 5, the traceback on stderr);
    * ``side``, the file of the print page, the PDF's path: the figures put in their places,
      the page laid out and the PDF written (exit status 0).

    Stdin closed before a page came (the report stopped before its page was made): exit
    status 4, nothing written.  Anything else printed to stdout goes to stderr."""
    try:
        _weasyprint()
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return _UTEN_WEASYPRINT
    svar = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    from . import plott as plott_mod

    try:
        plott_mod._mpl()   # imported while the year is loaded in the other process
    except Exception:   # noqa: BLE001 - the plots, if asked for, say what is wrong
        pass
    inn = _Felt(sys.stdin.buffer)
    plott_mappe: Path | None = None
    while (slag := inn.neste()) is not None:
        if slag == b"plott":
            fil, mappe = inn.neste(), inn.neste()
            if not fil or not mappe:
                return 4
            try:
                with open(os.fsdecode(fil), "rb") as f:
                    data, ar = pickle.load(f)   # written by the report, in this job's private folder
                plott_mappe = Path(os.fsdecode(mappe))
                plott_mod.tegn_plott(data, ar, plott_mappe)
            except Exception:   # noqa: BLE001 - reported on stderr, raised by PdfJobb.vent
                traceback.print_exc()
                return 5
            svar.write(b"plott\n")
            svar.flush()
        elif slag == b"side":
            side, path = inn.neste(), inn.neste()
            if not side or not path:
                return 4
            tekst = Path(os.fsdecode(side)).read_text(encoding="utf-8")
            if plott_mappe is not None:
                tekst = _med_figurer(tekst, plott_mappe)
            Path(os.fsdecode(path)).write_bytes(_pdf_av_side(tekst))
            return 0
        else:
            return 4
    return 4


def _med_figurer(side: str, mappe: Path) -> str:
    """The print page with each figure drawn in ``mappe`` in its marker's place."""
    from .plott import PLOTT, svg_inline

    for navn in PLOTT:
        plass = _PLASS.format(navn)
        if plass in side:
            side = side.replace(plass, svg_inline((mappe / f"{navn}.svg").read_text(encoding="utf-8"), navn))
    return side
