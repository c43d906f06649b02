"""Note C «Oversikt over binding på framtidige års bevilgninger» (R-115 Note C; IMDi 2025 layout).

Generic: blocks (e.g. leie av kontorlokaler, andre vesentlige leieavtaler, vesentlige tjenestekjøp)
× remaining duration (``inntil 1 år``, ``1-5 år``, ``over 5 år``) × columns ``arlig`` (årlig beløp),
``neste_ar`` (av neste års bevilgning), ``senere_ar`` (av senere års bevilgning) and ``samlet``
(samlet binding = neste + senere).  Input rows (one per agreement or one per duration) are summed
per duration; the Totalt row is computed.  A ``samlet`` given in the input that is not
neste + senere is a finding (``NOTEC-SAMLET``); the computed samlet is used.  Format:
``docs/note_c.md``.  Amounts are kroner in the input and øre in the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ..errors import InputError
from ..findings import Finding, Severity
from ..load.fullmakter import read_yaml
from ..money import MoneyFormatError, parse_ore
from ..tabell import Kolonne, Tabell

__all__ = ["VARIGHETER", "NoteCRad", "NoteCBlokk", "NoteCInput", "NoteC", "load_note_c", "note_c"]

VARIGHETER: tuple[tuple[str, str], ...] = (
    ("inntil_1_ar", "Varighet inntil 1 år"),
    ("1_5_ar", "Varighet 1-5 år"),
    ("over_5_ar", "Varighet over 5 år"),
)
REFERENCE = "R-115 Note C (binding på framtidige års bevilgninger)"
_TITTEL = "Note C Oversikt over binding på framtidige års bevilgninger"


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
    tittel: str = _TITTEL
    file: str = "<note_c>"


@dataclass(frozen=True, eq=False)
class NoteC:
    """One :class:`Tabell` per block, a long frame of every row incl. Totalt, and findings."""

    tabeller: tuple[Tabell, ...]
    frame: pd.DataFrame = field(repr=False)
    findings: tuple[Finding, ...]

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()


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
    if isinstance(source, Mapping):
        doc, file = source, "<note_c>"
    else:
        file = str(source)
        doc = read_yaml(source)
    if not isinstance(doc, Mapping) or not isinstance(doc.get("blokker"), list):
        raise InputError(file, None, "blokker", "Note C-filen må ha en liste 'blokker'")
    blokker = []
    ids: set[str] = set()
    for b in doc["blokker"]:
        brow = b.get("__line__") if isinstance(b, Mapping) else None
        if not isinstance(b, Mapping) or not b.get("id") or not b.get("tittel"):
            raise InputError(file, brow, "id", "hver blokk må ha 'id' og 'tittel'")
        bid = str(b["id"])
        if bid in ids:
            raise InputError(file, brow, "id", f"blokk-id {bid!r} er brukt to ganger")
        ids.add(bid)
        rader = []
        for r in b.get("rader") or []:
            row = r.get("__line__") if isinstance(r, Mapping) else brow
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
                avtale=None if r.get("avtale") is None else str(r["avtale"]),
                file=file, row=row,
            ))
        blokker.append(NoteCBlokk(bid, str(b["tittel"]), tuple(rader),
                                  str(b.get("arlig_overskrift") or "Årlig beløp"),
                                  None if b.get("fotnote") is None else str(b["fotnote"])))
    ar = doc.get("ar")
    return NoteCInput(tuple(blokker), ar if isinstance(ar, int) else None,
                      str(doc.get("tittel") or _TITTEL), file)


def note_c(inp: NoteCInput) -> NoteC:
    """Sum the input rows per block and duration, compute samlet and the Totalt rows."""
    findings: list[Finding] = []
    tabeller = []
    records = []
    for b in inp.blokker:
        kolonner = (
            Kolonne("varighet", "Gjenværende varighet per 31.12."),
            Kolonne("arlig_ore", b.arlig_overskrift, True),
            Kolonne("neste_ar_ore", "Av neste års bevilgning", True),
            Kolonne("senere_ar_ore", "Av senere års bevilgning", True),
            Kolonne("samlet_ore", "Samlet binding på framtidige års bevilgninger", True),
        )
        rows = []
        totals = {"arlig_ore": 0, "neste_ar_ore": 0, "senere_ar_ore": 0, "samlet_ore": 0}
        for vid, tekst in VARIGHETER:
            mine = [r for r in b.rader if r.varighet == vid]
            for r in mine:
                if r.samlet_ore is not None and r.samlet_ore != r.neste_ar_ore + r.senere_ar_ore:
                    findings.append(Finding(
                        rule="NOTEC-SAMLET", severity=Severity.ERROR, statement="note_c",
                        line=f"{b.id}.{vid}",
                        message=f"{b.tittel}, {tekst}"
                                + (f" ({r.avtale})" if r.avtale else "")
                                + ": samlet binding er ikke neste års + senere års bevilgning; beregnet verdi brukes",
                        expected_ore=r.neste_ar_ore + r.senere_ar_ore, actual_ore=r.samlet_ore,
                        reference=REFERENCE, file=r.file, row=r.row, column="samlet",
                    ))
            if not mine:
                findings.append(Finding(
                    rule="NOTEC-RAD-MANGLER", severity=Severity.INFO, statement="note_c", line=f"{b.id}.{vid}",
                    message=f"{b.tittel}: ingen rad for «{tekst}»; vist som 0", reference=REFERENCE, file=inp.file,
                ))
            vals = {
                "arlig_ore": sum(r.arlig_ore for r in mine),
                "neste_ar_ore": sum(r.neste_ar_ore for r in mine),
                "senere_ar_ore": sum(r.senere_ar_ore for r in mine),
            }
            vals["samlet_ore"] = vals["neste_ar_ore"] + vals["senere_ar_ore"]
            for k, v in vals.items():
                totals[k] += v
            rows.append({"line_id": vid, "kind": "line", "varighet": tekst, **vals})
        rows.append({"line_id": "totalt", "kind": "sum", "varighet": "Totalt", **totals})
        tabeller.append(Tabell.bygg(f"note_c.{b.id}", b.tittel, kolonner, rows,
                                    (b.fotnote,) if b.fotnote else ()))
        for r in rows:
            records.append({"blokk": b.id, "blokk_tittel": b.tittel, **r})
    frame = pd.DataFrame(records, columns=["blokk", "blokk_tittel", "line_id", "kind", "varighet",
                                           "arlig_ore", "neste_ar_ore", "senere_ar_ore", "samlet_ore"])
    for c in ("arlig_ore", "neste_ar_ore", "senere_ar_ore", "samlet_ore"):
        frame[c] = frame[c].astype("Int64")
    return NoteC(tuple(tabeller), frame, tuple(findings))
