"""imdi_ledger: årsregnskap for bruttobudsjetterte statlige virksomheter.

Cash (kontantprinsipp, R-115): bevilgningsrapportering with Note A/B/C and
artskontorapportering from the S-rapport and the tildeling.  Accrual (SRS): resultatregnskap,
balanse and notes from the ledger.  Both meet in Note 7 (kongruensavvik).  All money is
integer øre; see :mod:`imdi_ledger.money`.
"""

from .errors import InputError
from .findings import Finding, Severity, findings_frame, findings_json
from .money import MoneyFormatError, format_kroner, format_ore, i_kroner, ore_to_kroner, parse_ore
from .tabell import Kolonne, Tabell
from .load.srapport import SRapport, load_mellomvaerende_ib, load_srapport
from .load.tildeling import Tildeling, load_tildeling
from .bevilgning import Bevilgningsrapportering, bevilgningsrapportering
from .artskonto import Artskontorapportering, artskontorapportering
from .load.hovedbok import Hovedbok, load_hovedbok, load_saldobalanse, saldobalanse_per_konto
from .load.anleggsregister import load_anleggsregister
from .load.saft import load_saft
from .load.oppsett import Oppsett, les_oppsett
from .load.mappe import last_mappe
from .regnskap import Aarsregnskap, Grunnlag, beregn
from .eksempel import last_eksempel

from ._version import __version__

__all__ = [
    "InputError",
    "Finding",
    "Severity",
    "findings_frame",
    "findings_json",
    "MoneyFormatError",
    "format_kroner",
    "i_kroner",
    "format_ore",
    "ore_to_kroner",
    "parse_ore",
    "Kolonne",
    "Tabell",
    "SRapport",
    "load_srapport",
    "load_mellomvaerende_ib",
    "Tildeling",
    "load_tildeling",
    "Bevilgningsrapportering",
    "bevilgningsrapportering",
    "Artskontorapportering",
    "artskontorapportering",
    "Hovedbok",
    "load_hovedbok",
    "load_saldobalanse",
    "saldobalanse_per_konto",
    "load_anleggsregister",
    "load_saft",
    "Aarsregnskap",
    "Grunnlag",
    "beregn",
    "Oppsett",
    "les_oppsett",
    "last_mappe",
    "last_eksempel",
    "__version__",
]
