"""Output formats.  Every renderer reads only :class:`imdi_ledger.tabell.Tabell`."""

from .text import render_tabell, render_tabeller


def skriv_arbeidsbok(regnskap, path):  # noqa: ANN001 - thin lazy wrapper
    """Write the auditor's workbook (see :func:`imdi_ledger.render.excel.skriv_arbeidsbok`)."""
    from .excel import skriv_arbeidsbok as _skriv

    return _skriv(regnskap, path)

__all__ = ["render_tabell", "render_tabeller", "skriv_arbeidsbok"]
