"""The årsregnskap as a PDF document (``aarsregnskap_ÅÅÅÅ.pdf`` in ``report --out``).

The PDF is the HTML report's print variant (:func:`imdi_ledger.render.html.aarsregnskap_html`
with ``utskrift=True``) laid out by WeasyPrint: one rendering of the tables for the page and the
paper.  A4; every statement and note in R-115/SRS order, amounts in whole kroner with space as
the thousands separator; a table of contents with page numbers; a running head with the agency
and year (and the current statement); «Side N av M» at the foot; a table's header row repeated
on each page it runs over and no row split across two pages; wide tables, the findings and the
sources (files with SHA-256) on landscape pages, the findings and the sources at the end.

**Why WeasyPrint.**  Measured on the worked example against headless Chromium's print to PDF:
WeasyPrint gives the same bytes on every run (no creation date, no machine-specific producer),
supports the paged-media CSS the layout needs (margin boxes for the running head and page
numbers, named pages for landscape, ``target-counter`` for the contents), runs in the process
(no browser to start, about 300 MB less memory) and writes a file a fifth of the size; Chromium
was faster to lay out but stamps the time of writing and its own version in every file
(``docs/pdf.md``).

**Determinism.**  The print HTML depends only on the inputs; WeasyPrint writes no date, and the
document's identifier is derived from its content.  Fonts come from the machine's fontconfig, so
the bytes are the same for the same inputs on one machine (and on machines with the same fonts).

Nothing is fetched while rendering: every resource is in the page, and the URL fetcher refuses
all but ``data:`` URLs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..findings import Finding
from .html import aarsregnskap_html

__all__ = ["aarsregnskap_pdf", "skriv_pdf"]


def _hent(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: only ``data:`` URLs (inline images); nothing from disk or network."""
    if not url.startswith("data:"):
        raise ValueError(f"PDF-en henter ingen eksterne ressurser: {url[:80]}")
    from weasyprint.urls import default_url_fetcher

    return default_url_fetcher(url, *args, **kwargs)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # the Python package is there, the system's Pango is not
        raise RuntimeError("PDF-en kan ikke skrives: WeasyPrint finner ikke systembibliotekene Pango/HarfBuzz "
                           "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)") from exc
    return weasyprint


def aarsregnskap_pdf(regnskap: Any, findings: Sequence[Finding], *, plott_mappe: Path | None = None) -> bytes:
    """The PDF document as bytes (see the module docstring)."""
    weasyprint = _weasyprint()
    side = aarsregnskap_html(regnskap, findings, plott_mappe=plott_mappe, utskrift=True)
    dokument = weasyprint.HTML(string=side, url_fetcher=_hent, base_url="about:blank").render()
    return dokument.write_pdf()


def skriv_pdf(regnskap: Any, findings: Sequence[Finding], path: Path, *, plott_mappe: Path | None = None) -> Path:
    """Write the PDF document to ``path``; the plots are read from ``plott_mappe`` when the report
    has written them there."""
    Path(path).write_bytes(aarsregnskap_pdf(regnskap, findings, plott_mappe=plott_mappe))
    return Path(path)
