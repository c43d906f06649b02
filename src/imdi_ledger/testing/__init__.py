"""Testing support (public): a seeded simulator of one bruttobudsjettert agency-year in
both books (S-rapport and SRS hovedbok, booked by the rules of R-115, R-101 and SRS 10),
plain generators of balanced ledgers and dialect-varied CSV, and Hypothesis strategies
(:mod:`imdi_ledger.testing.strategies`, which needs ``hypothesis`` installed).

Finance teams can book their own events with :func:`bokfor` and check that their mappings
give statements that balance.
"""

from .hendelser import (
    ANLEGGSGRUPPER,
    Anleggsgruppe,
    Bokforing,
    BruktBelastningsfullmakt,
    FeriepengerUtbetaling,
    ForskuddsbetaltLeie,
    Gebyr,
    Gruppeliv,
    HRad,
    Hendelse,
    Innkreving,
    Investering,
    Kontoer,
    Leverandorfaktura,
    Lonn,
    LonnSatser,
    Reversering,
    SRad,
    Sykepengerefusjon,
    TilbakebetalingTilskudd,
    Tilskudd,
)
from .simulator import (
    STANDARD_POSTER,
    Boker,
    SimPost,
    Simulering,
    SimuleringsSpec,
    bokfor,
    generer_hendelser,
    lag_tildeling,
    simuler,
)

__all__ = [
    "ANLEGGSGRUPPER",
    "Anleggsgruppe",
    "Bokforing",
    "BruktBelastningsfullmakt",
    "FeriepengerUtbetaling",
    "ForskuddsbetaltLeie",
    "Gebyr",
    "Gruppeliv",
    "HRad",
    "Hendelse",
    "Innkreving",
    "Investering",
    "Kontoer",
    "Leverandorfaktura",
    "Lonn",
    "LonnSatser",
    "Reversering",
    "SRad",
    "Sykepengerefusjon",
    "TilbakebetalingTilskudd",
    "Tilskudd",
    "STANDARD_POSTER",
    "Boker",
    "SimPost",
    "Simulering",
    "SimuleringsSpec",
    "bokfor",
    "generer_hendelser",
    "lag_tildeling",
    "simuler",
]
