"""imdi_ledger: årsregnskap for bruttobudsjetterte statlige virksomheter.

Cash (kontantprinsipp, R-115): bevilgningsrapportering with Note A/B/C and
artskontorapportering from the S-rapport and the tildeling.  Accrual (SRS): resultatregnskap,
balanse and notes from the ledger.  Both meet in Note 7 (kongruensavvik).  All money is
integer øre; see :mod:`imdi_ledger.money`.
"""

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
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
    "tilpass_prosessen",
    "__version__",
]

#: Where each public name is defined.  The package imports a module when one of its names is
#: first used (PEP 562), so ``import imdi_ledger.cli`` and ``imdi-ledger --help`` do not load
#: pandas and the whole library.
_MODUL: dict[str, str] = {
    "InputError": ".errors",
    "Finding": ".findings",
    "Severity": ".findings",
    "findings_frame": ".findings",
    "findings_json": ".findings",
    "MoneyFormatError": ".money",
    "format_kroner": ".money",
    "format_ore": ".money",
    "i_kroner": ".money",
    "ore_to_kroner": ".money",
    "parse_ore": ".money",
    "Kolonne": ".tabell",
    "Tabell": ".tabell",
    "SRapport": ".load.srapport",
    "load_mellomvaerende_ib": ".load.srapport",
    "load_srapport": ".load.srapport",
    "Tildeling": ".load.tildeling",
    "load_tildeling": ".load.tildeling",
    "Bevilgningsrapportering": ".bevilgning",
    "bevilgningsrapportering": ".bevilgning",
    "Artskontorapportering": ".artskonto",
    "artskontorapportering": ".artskonto",
    "Hovedbok": ".load.hovedbok",
    "load_hovedbok": ".load.hovedbok",
    "load_saldobalanse": ".load.hovedbok",
    "saldobalanse_per_konto": ".load.hovedbok",
    "load_anleggsregister": ".load.anleggsregister",
    "load_saft": ".load.saft",
    "Oppsett": ".load.oppsett",
    "les_oppsett": ".load.oppsett",
    "last_mappe": ".load.mappe",
    "Aarsregnskap": ".regnskap",
    "Grunnlag": ".regnskap",
    "beregn": ".regnskap",
    "last_eksempel": ".eksempel",
    "tilpass_prosessen": "._minne",
}


def __getattr__(navn: str) -> object:
    from importlib import import_module

    if navn.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {navn!r}")
    modul = _MODUL.get(navn)
    if modul is not None:
        verdi = getattr(import_module(modul, __name__), navn)
    else:
        try:
            verdi = import_module(f".{navn}", __name__)     # a subpackage or module by name
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{navn}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {navn!r}") from None
    globals()[navn] = verdi
    return verdi


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
