"""Output formats.  Every renderer reads only :class:`imdi_ledger.tabell.Tabell`.

The renderers are imported when used: the PDF process imports this package to draw the plots
and lay out the page, without pandas."""

from typing import Any


def skriv_arbeidsbok(regnskap, path):  # noqa: ANN001 - thin lazy wrapper
    """Write the auditor's workbook (see :func:`imdi_ledger.render.excel.skriv_arbeidsbok`)."""
    from .excel import skriv_arbeidsbok as _skriv

    return _skriv(regnskap, path)


def __getattr__(navn: str) -> Any:
    if navn in ("render_tabell", "render_tabeller"):
        from . import text

        return getattr(text, navn)
    raise AttributeError(f"module {__name__!r} has no attribute {navn!r}")


__all__ = ["render_tabell", "render_tabeller", "skriv_arbeidsbok"]
