"""Avstemming: the reconciliation rule catalogue (R-115, R-2, SRS) and verification of a
published årsregnskap.  See ``docs/verify.md`` and the generated ``docs/checks.md``."""

from .aarsregnskap import Figurer, Tall, load_aarsregnskap
from .kontroll import Regel, Toleranse
from .regler import REGLER, TVERRGAENDE_REGLER, regel
from .verify import findings_tekst, har_feil, verify, verify_file

__all__ = [
    "Figurer",
    "Tall",
    "load_aarsregnskap",
    "Regel",
    "Toleranse",
    "REGLER",
    "TVERRGAENDE_REGLER",
    "regel",
    "verify",
    "verify_file",
    "har_feil",
    "findings_tekst",
]
