"""Which files of an input folder one årsregnskap reads, and for which year (``docs/formats.md``,
«Folder layout»).

Every input is found in every form it is documented in: the tables as CSV, Excel (``.xlsx``) or
Parquet, the tildeling and the fullmakter also as YAML, the hovedbok also as SAF-T XML.  Nothing
is chosen silently:

* two forms of one input for one year (``tildeling_2025.yaml`` and ``tildeling_2025.csv``) are an
  :class:`InputError` naming both files;
* a file named like an input but in no known form (``tildeling_2025.json``,
  ``srapport_2025_v2.csv``) is an :class:`InputError` naming it;
* the year is the one asked for (``ar``), or else the latest S-rapport year — and then only when
  every other year-bearing file fits that year: this year's files, last year's S-rapport, and last
  year's tildeling, hovedbok and opening balance beside this year's.  A file that does not fit
  (``srapport_2026.csv`` beside ``tildeling_2025.yaml`` and no ``tildeling_2026``) is an
  :class:`InputError` naming it.  With an explicit year, files of other years are not read (so one
  folder can hold several years); a file of that year that cannot be used is still an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..errors import InputError

__all__ = ["AARSFILER", "FASTE_FILER", "Innfiler", "finn_innfiler"]

_TABELL = (".csv", ".xlsx", ".parquet")
_YAML = (".yaml", ".yml")

#: The year-bearing inputs (``navn_ÅÅÅÅ.form``) and the forms each is read in.
AARSFILER: Mapping[str, tuple[str, ...]] = {
    "srapport": _TABELL,
    "tildeling": _YAML + _TABELL,
    "fullmakter": _YAML + _TABELL,
    "avtaler": _TABELL,
    "note_c": _YAML,
    "hovedbok": _TABELL + (".xml",),
    "saldobalanse_ib": _TABELL,
}
#: The inputs without a year in the name and their forms.
FASTE_FILER: Mapping[str, tuple[str, ...]] = {
    "mellomvaerende_ib": _TABELL,
    "anleggsregister": _TABELL,
}

# Longest names first, so ``saldobalanse_ib_2025`` is not read as something shorter.
_AARS_NAVN = re.compile(r"^(?P<navn>" + "|".join(sorted(AARSFILER, key=len, reverse=True))
                        + r")_(?P<ar>\d{4})(?P<rest>(?!\d).*)$", re.IGNORECASE | re.ASCII)
_FAST_NAVN = re.compile(r"^(?P<navn>" + "|".join(sorted(FASTE_FILER, key=len, reverse=True))
                        + r")(?P<rest>(?![^\W\d_]).*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Innfiler:
    """The files one årsregnskap reads from a folder: ``ar`` is the year reported; ``filer``
    maps (input, year) — year ``None`` for the inputs without one — to its one file."""

    mappe: Path
    ar: int
    filer: Mapping[tuple[str, int | None], Path] = field(default_factory=dict)

    def fil(self, navn: str, ar: int | None = None) -> Path | None:
        """The file of input ``navn`` for year ``ar`` (``None`` for the inputs without a year),
        or ``None`` when the folder has none."""
        return self.filer.get((navn, ar))


def _former(former: tuple[str, ...]) -> str:
    return "|".join(former)


def _les_mappe(d: Path) -> dict[tuple[str, int | None], list[Path]]:
    """Every file named like an input, by (input, year); a name with an unknown form is an error."""
    funnet: dict[tuple[str, int | None], list[Path]] = {}
    for p in sorted(d.iterdir()):
        m = _AARS_NAVN.match(p.name)
        if m is not None:
            navn, ar, former = m["navn"].lower(), int(m["ar"]), AARSFILER[m["navn"].lower()]
            mal = f"{navn}_ÅÅÅÅ"
        else:
            m = _FAST_NAVN.match(p.name)
            if m is None:
                continue
            navn, ar, former = m["navn"].lower(), None, FASTE_FILER[m["navn"].lower()]
            mal = navn
        if m["rest"].lower() not in former:
            raise InputError(str(p), None, None,
                             f"filnavnet er ikke en kjent form av {navn}: ventet {mal}"
                             f"{{{_former(former)}}} (docs/formats.md); gi filen riktig navn eller flytt "
                             "den ut av inndatamappen")
        funnet.setdefault((navn, ar), []).append(p)
    return funnet


def _leses(navn: str, aar: int, ar: int, har: set[tuple[str, int | None]]) -> bool:
    """Whether the årsregnskap of ``ar`` reads the file of ``navn`` for ``aar``: this year's
    files; last year's S-rapport and tildeling (the comparative columns); last year's hovedbok
    beside this year's; an opening balance beside the hovedbok of its year that is read."""
    if navn == "saldobalanse_ib":
        return (aar == ar and ("hovedbok", ar) in har) or (
            aar == ar - 1 and ("hovedbok", ar - 1) in har and ("hovedbok", ar) in har)
    if aar == ar:
        return True
    if aar == ar - 1:
        return navn in ("srapport", "tildeling") or (navn == "hovedbok" and ("hovedbok", ar) in har)
    return False


def _passer_ikke(navn: str, aar: int, ar: int, har: set[tuple[str, int | None]]) -> str | None:
    """Why the file of ``navn`` for ``aar`` does not fit the årsregnskap of ``ar`` when the year
    is not given (``None`` when it fits): it must be read, and last year's tildeling only beside
    this year's (alone it says the report is for last year)."""
    if navn == "tildeling" and aar == ar - 1 and ("tildeling", ar) not in har:
        return f"tildeling for {aar}, men ingen for {ar}"
    if _leses(navn, aar, ar, har):
        return None
    if navn == "saldobalanse_ib" and ("hovedbok", aar) not in har:
        return f"inngående balanse {aar} hører til hovedboken for {aar}, men det finnes ingen hovedbok_{aar}"
    if navn == "saldobalanse_ib":
        return f"inngående balanse {aar}, men hovedboken for {aar} leses ikke"
    if aar == ar - 1 and navn == "hovedbok":
        return f"hovedbok for {aar}, men ingen for {ar}"
    if aar == ar - 1:
        return f"{navn} for {aar}; bare {navn} for {ar} leses"
    return f"gjelder {aar}"


def finn_innfiler(mappe: str | Path, ar: int | None = None) -> Innfiler:
    """The files of the folder ``mappe`` that the årsregnskap of ``ar`` reads (default: the
    latest S-rapport year, when every year-bearing file fits it).  Raises :class:`InputError`
    for two forms of one input, an unknown form, a missing S-rapport and a file that does not fit
    the year (module docstring)."""
    d = Path(mappe)
    if not d.is_dir():
        raise InputError(str(d), None, None, "inndatamappen finnes ikke eller er ikke en mappe")
    funnet = _les_mappe(d)
    for (navn, aar), filer in funnet.items():
        if len(filer) > 1:
            hvilken = navn if aar is None else f"{navn} for {aar}"
            raise InputError(str(filer[1]), None, None,
                             f"både {filer[0]} og {filer[1]} finnes; gi {hvilken} i én form (én fil)")
    sr_ar = sorted(aar for navn, aar in funnet if navn == "srapport" and aar is not None)
    if ar is None:
        if not sr_ar:
            raise InputError(str(d), None, None, f"fant ingen srapport_ÅÅÅÅ{{{_former(AARSFILER['srapport'])}}}")
        valgt = sr_ar[-1]
    else:
        valgt = int(ar)
        if valgt not in sr_ar:
            raise InputError(str(d / f"srapport_{valgt}.csv"), None, None,
                             f"finnes ikke (ingen srapport_{valgt}{{{_former(AARSFILER['srapport'])}}} "
                             f"for året {valgt})")
    har = set(funnet)
    lest: dict[tuple[str, int | None], Path] = {}
    passer_ikke: list[tuple[Path, str]] = []
    for (navn, aar), filer in sorted(funnet.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if aar is None:
            lest[(navn, aar)] = filer[0]
            continue
        grunn = _passer_ikke(navn, aar, valgt, har)
        if grunn is not None and (ar is None or aar == valgt):
            passer_ikke.append((filer[0], grunn))
        elif _leses(navn, aar, valgt, har):
            lest[(navn, aar)] = filer[0]
    if passer_ikke:
        liste = "; ".join(f"{p.name} ({grunn})" for p, grunn in passer_ikke)
        if ar is None:
            melding = (f"årsregnskapet blir for {valgt} (siste S-rapport, {lest[('srapport', valgt)].name}), "
                       f"men disse filene passer ikke med det året: {liste}. Velg året med --ar ÅÅÅÅ "
                       "(last_mappe(mappe, ar=ÅÅÅÅ)), eller flytt filene ut av inndatamappen")
        else:
            melding = f"disse filene kan ikke brukes i årsregnskapet for {valgt}: {liste}"
        raise InputError(str(passer_ikke[0][0]), None, None, melding)
    return Innfiler(d, valgt, lest)
