"""SRS virksomhetsregnskap for bruttobudsjetterte virksomheter: resultatregnskap, balanse,
anleggsmidler (notes 3–4) and the SRS notes from the ledger (SRS 1, SRS 10, SRS 17)."""

from .anleggsmidler import Anleggsgrupper, Anleggsnoter, akkumulert_avskrivning, anleggsnoter, load_anleggsgrupper
from .balanse import balanse, kontroller_balanse
from .grunnlag import Grunnlag, grunnlag_fra_hovedbok, grunnlag_fra_saldobalanse
from .kontoplan_srs import IKKE_KLASSIFISERT, SrsKontoplan, load_kontoplan
from .noter import note_9, note_tabell
from .regnskap import Virksomhetsregnskap, virksomhetsregnskap, virksomhetsregnskap_fra_grunnlag
from .resultatregnskap import kontroller_resultat, resultatregnskap

__all__ = [
    "Anleggsgrupper", "Anleggsnoter", "akkumulert_avskrivning", "anleggsnoter", "load_anleggsgrupper",
    "balanse", "kontroller_balanse", "Grunnlag", "grunnlag_fra_hovedbok", "grunnlag_fra_saldobalanse",
    "IKKE_KLASSIFISERT", "SrsKontoplan", "load_kontoplan", "note_9", "note_tabell",
    "Virksomhetsregnskap", "virksomhetsregnskap", "virksomhetsregnskap_fra_grunnlag",
    "kontroller_resultat", "resultatregnskap",
]
