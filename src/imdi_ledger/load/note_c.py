"""Note C input (R-115 Note C, «Oversikt over binding på framtidige års bevilgninger»): blocks ×
remaining duration with årlig beløp, av neste års and av senere års bevilgning, read from
``note_c_ÅÅÅÅ.yaml`` (``docs/note_c.md``).  Amounts are kroner in the input and øre here; the
note itself is computed by :func:`imdi_ledger.bevilgning.note_c.note_c`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError
from ..findings import Finding
from ..money import MoneyFormatError, parse_ore
from .dialect import sjekk_sum
from .fullmakter import read_yaml
from .yaml_linjer import Sti, krev_ar, krev_tekst

__all__ = ["VARIGHETER", "NoteCRad", "NoteCBlokk", "NoteCInput", "load_note_c"]

VARIGHETER: tuple[tuple[str, str], ...] = (
    ("inntil_1_ar", "Varighet inntil 1 år"),
    ("1_5_ar", "Varighet 1-5 år"),
    ("over_5_ar", "Varighet over 5 år"),
)
#: A block id: it names the block's table and its CSV file, so it is a slug, never a path.
_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")

TITTEL = "Note C Oversikt over binding på framtidige års bevilgninger"


@dataclass(frozen=True, slots=True)
class NoteCRad:
    varighet: str
    arlig_ore: int
    neste_ar_ore: int
    senere_ar_ore: int
    samlet_ore: int | None = None
    avtale: str | None = None
    file: str | None = None
    row: int | None = None
    #: From a contract register (``load/avtaler.py``): the agreement's first and last day
    #: (``til`` ``None`` = løpende), notice in months and remaining months at 31.12.
    fra: date | None = None
    til: date | None = None
    oppsigelse_mnd: int | None = None
    maneder: int | None = None


@dataclass(frozen=True, slots=True)
class NoteCBlokk:
    id: str
    tittel: str
    rader: tuple[NoteCRad, ...]
    arlig_overskrift: str = "Årlig beløp"
    fotnote: str | None = None


@dataclass(frozen=True, slots=True)
class NoteCInput:
    blokker: tuple[NoteCBlokk, ...]
    ar: int | None = None
    tittel: str = TITTEL
    file: str = "<note_c>"
    #: Findings of the loader (a contract register's expired, duplicate or inconsistent rows).
    funn: tuple[Finding, ...] = ()
    #: True when computed from a contract register (one row per agreement).
    fra_register: bool = False
    #: The register's rows read, SHA-256 and sum of ``arlig_belop`` (øre), for the list of sources.
    rader_lest: int | None = None
    sha256: str | None = None
    sum_lest_ore: int | None = None


def _varighet(text: object, file: str, row: int | None) -> str:
    s = str(text).strip().lower().replace("–", "-").replace("å", "a")
    s = re.sub(r"^varighet\s*", "", s)
    s = re.sub(r"\s+", "", s)
    table = {"inntil1ar": "inntil_1_ar", "1-5ar": "1_5_ar", "over5ar": "over_5_ar"}
    if s not in table:
        raise InputError(file, row, "varighet",
                         f"ukjent varighet {text!r}; bruk «inntil 1 år», «1-5 år» eller «over 5 år»")
    return table[s]


def _ore(value: Any, file: str, row: int | None, column: str, *, required: bool = True) -> int | None:
    if value is None:
        if required:
            raise InputError(file, row, column, f"mangler {column!r}")
        return None
    if isinstance(value, bool) or isinstance(value, float):  # float ok (rejected)
        raise InputError(file, row, column, f"beløpet {value!r} må være heltall (kroner) eller tekst")
    try:
        ore = parse_ore(value)
    except MoneyFormatError as exc:
        raise InputError(file, row, column, str(exc)) from None
    if ore < 0:
        raise InputError(file, row, column, f"binding {value!r} kan ikke være negativ")
    return ore


def load_note_c(source: str | Path | Mapping[str, Any]) -> NoteCInput:
    """Read Note C input from YAML (see ``docs/note_c.md``) or a parsed mapping."""
    linjer: Mapping[Sti, int] = {}
    if isinstance(source, Mapping):
        doc, file = source, "<note_c>"
    else:
        file = str(source)
        dokument = read_yaml(source)
        doc, linjer = dokument.data, dokument.linjer
    if not isinstance(doc, Mapping) or not isinstance(doc.get("blokker"), list):
        raise InputError(file, None, "blokker", "Note C-filen må ha en liste 'blokker'")
    blokker = []
    ids: set[str] = set()
    for bi, b in enumerate(doc["blokker"]):
        brow = linjer.get(("blokker", bi))
        if not isinstance(b, Mapping) or not b.get("id") or not b.get("tittel"):
            raise InputError(file, brow, "id", "hver blokk må ha 'id' og 'tittel'")
        bid = str(b["id"])
        if not _ID.fullmatch(bid):
            raise InputError(file, brow, "id", f"blokk-id {bid[:40]!r} er ikke gyldig: bruk små bokstaver a–z, "
                                               "tall og _ (f.eks. leie_kontorlokaler)")
        if bid in ids:
            raise InputError(file, brow, "id", f"blokk-id {bid!r} er brukt to ganger")
        ids.add(bid)
        if not isinstance(b.get("rader"), (list, type(None))):
            raise InputError(file, linjer.get(("blokker", bi, "rader"), brow), "rader",
                             "'rader' skal være en liste av rader")
        for k in ("tittel", "arlig_overskrift", "fotnote"):
            krev_tekst(b.get(k), file, linjer.get(("blokker", bi, k), brow), k)
        rader = []
        for ri, r in enumerate(b.get("rader") or []):
            row = linjer.get(("blokker", bi, "rader", ri), brow)
            if not isinstance(r, Mapping):
                raise InputError(file, row, "rader", "hver rad må være en mapping")
            if "varighet" not in r:
                raise InputError(file, row, "varighet", "mangler 'varighet'")
            rader.append(NoteCRad(
                varighet=_varighet(r["varighet"], file, row),
                arlig_ore=int(_ore(r.get("arlig"), file, row, "arlig") or 0),
                neste_ar_ore=int(_ore(r.get("neste_ar"), file, row, "neste_ar") or 0),
                senere_ar_ore=int(_ore(r.get("senere_ar"), file, row, "senere_ar") or 0),
                samlet_ore=_ore(r.get("samlet"), file, row, "samlet", required=False),
                avtale=krev_tekst(r.get("avtale"), file, row, "avtale"),
                file=file, row=row,
            ))
        blokker.append(NoteCBlokk(bid, str(b["tittel"]), tuple(rader),
                                  str(b.get("arlig_overskrift") or "Årlig beløp"),
                                  None if b.get("fotnote") is None else str(b["fotnote"])))
    # Every amount of the file together within MAKS_ORE, so Note C's sums are exact in int64.
    belop = [(v, r.row, k) for b in blokker for r in b.rader
             for k, v in (("arlig", r.arlig_ore), ("neste_ar", r.neste_ar_ore),
                          ("senere_ar", r.senere_ar_ore), ("samlet", r.samlet_ore)) if v is not None]
    sjekk_sum([v for v, _, _ in belop], [r for _, r, _ in belop], file, [k for _, _, k in belop])
    ar = doc.get("ar")
    if ar is not None:
        ar = krev_ar(ar, file, linjer.get(("ar",)))
    krev_tekst(doc.get("tittel"), file, linjer.get(("tittel",)), "tittel")
    return NoteCInput(tuple(blokker), ar if isinstance(ar, int) else None,
                      str(doc.get("tittel") or TITTEL), file)
