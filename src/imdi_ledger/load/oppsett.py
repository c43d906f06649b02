"""How an agency's statements are set up where the regulations leave a choice: the base of the
5 % cap of Note B (R-115 Note B footnote; R-2) and the Note B computation's inputs from the
prior year.  Read with the other inputs and carried by :class:`~imdi_ledger.load.grunnlag.Grunnlag`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import pandas as pd

__all__ = ["Grunnlag5Prosent", "NoteBSpec"]


class Grunnlag5Prosent(str, Enum):
    """The base of the 5 % cap on driftsposter 01–29 (except 24)."""

    ARETS_TILDELING = "arets_tildeling"
    """«5 % av årets bevilgning» (R-115 Note B footnote): Note A «Årets tildelinger»."""
    SAMLET_TILDELING = "samlet_tildeling"
    """Samlet tildeling incl. overført fra i fjor (IMDi 2025's practice)."""


@dataclass(frozen=True, eq=False)
class NoteBSpec:
    """How Note B is computed.  ``poster_i_fjor`` is last year's posts frame (same shape); it
    supplies last year's bevilgning (``arets_tildeling_ore``) for the two-year cap where the
    fullmakter give no ``bevilgning_i_fjor``.  ``file`` names the posts frame in findings."""

    grunnlag_5_prosent: Grunnlag5Prosent = Grunnlag5Prosent.ARETS_TILDELING
    poster_i_fjor: pd.DataFrame | None = field(default=None, repr=False)
    file: str = "<poster>"
