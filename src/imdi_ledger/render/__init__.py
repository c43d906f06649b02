"""Output formats.  Every renderer reads only :class:`imdi_ledger.tabell.Tabell`."""

from .text import render_tabell, render_tabeller

__all__ = ["render_tabell", "render_tabeller"]
