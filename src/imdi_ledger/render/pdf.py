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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..findings import Finding
from .html import aarsregnskap_html

__all__ = ["aarsregnskap_pdf", "skriv_pdf"]


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
    weasyprint = _weasyprint()
    side = aarsregnskap_html(regnskap, findings, plott_mappe=plott_mappe, utskrift=True)
    dokument = weasyprint.HTML(string=side, url_fetcher=_henter(weasyprint), base_url="about:blank").render()
    return dokument.write_pdf()


def skriv_pdf(regnskap: Any, findings: Sequence[Finding], path: Path, *, plott_mappe: Path | None = None) -> Path:
    """Write the PDF document to ``path``; the plots are read from ``plott_mappe`` when the report
    has written them there."""
    Path(path).write_bytes(aarsregnskap_pdf(regnskap, findings, plott_mappe=plott_mappe))
    return Path(path)
