"""Oppstilling av artskontorapporteringen with the mellomværende overview (R-115)."""

from .artskontorapportering import Artskontorapportering, artskontorapportering

__all__ = ["Artskontorapportering", "artskontorapportering"]
