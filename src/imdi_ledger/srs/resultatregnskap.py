"""Resultatregnskap for a bruttobudsjettert agency (SRS 1; SRS 10 for inntekt fra
bevilgninger, so *resultat av periodens aktiviteter* is 0; innkrevingsvirksomhet and
tilskuddsforvaltning on the kontantprinsipp, each block netting to 0)."""

from __future__ import annotations

from ..findings import Finding, Severity
from ..tabell import Tabell
from .grunnlag import Grunnlag
from .kontoplan_srs import SrsKontoplan
from .oppstilling import beregn_oppstilling, presentert

__all__ = ["resultatregnskap", "kontroller_resultat"]


def resultatregnskap(kp: SrsKontoplan, g: Grunnlag, fjor: Grunnlag | None = None) -> Tabell:
    return beregn_oppstilling(kp, "resultat", "Resultatregnskap", g.ar,
                              g.linjesum("resultat"), fjor.linjesum("resultat") if fjor else None)


def kontroller_resultat(kp: SrsKontoplan, g: Grunnlag) -> list[Finding]:
    """Resultat av periodens aktiviteter − avregning = 0; each kontantprinsipp block = 0."""
    p = presentert(kp, "resultat", g.linjesum("resultat"))
    out = []
    for line, actual, ref in (
        ("resultat_aktiviteter", p["resultat_aktiviteter"] - p["sum_avregninger"],
         "SRS 10 / SRS 1: resultat av periodens aktiviteter avregnes mot statskassen"),
        ("sum_innkreving", p["sum_innkreving"], "SRS 1: innkrevingsvirksomhet går i null"),
        ("sum_tilskudd", p["sum_tilskudd"], "SRS 1: tilskuddsforvaltning går i null"),
    ):
        if actual != 0:
            out.append(Finding(rule="SRS-RES-10", severity=Severity.ERROR,
                               message=f"resultatregnskapet {g.ar}: {line} går ikke i null",
                               statement="resultatregnskap", line=line, expected_ore=0,
                               actual_ore=actual, reference=ref))
    return out
