"""Bevilgningsrapportering with Note A (R-115), Note B (R-2 overføring) and Note C."""

from .bevilgningsrapportering import FELLESKAPITLER, Bevilgningsrapportering, bevilgningsrapportering

__all__ = ["Bevilgningsrapportering", "bevilgningsrapportering", "FELLESKAPITLER"]
