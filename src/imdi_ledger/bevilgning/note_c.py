"""Note C «Oversikt over binding på framtidige års bevilgninger» (R-115 Note C; IMDi 2025 layout).

Generic: blocks (e.g. leie av kontorlokaler, andre vesentlige leieavtaler, vesentlige tjenestekjøp)
× remaining duration (``inntil 1 år``, ``1-5 år``, ``over 5 år``) × columns ``arlig`` (årlig beløp),
``neste_ar`` (av neste års bevilgning), ``senere_ar`` (av senere års bevilgning) and ``samlet``
(samlet binding = neste + senere).  Input rows (one per agreement or one per duration) are summed
per duration; the Totalt row is computed and declared as the sum of the duration rows in every
column (``samlet`` of a duration row is neste + senere across the row, not a sum row).  A ``samlet`` given in the input that is not
neste + senere is a finding (``NOTEC-SAMLET``); the computed samlet is used.  Format:
``docs/note_c.md``.  Amounts are kroner in the input and øre in the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..findings import Finding, Severity
from ..load.note_c import VARIGHETER, NoteCBlokk, NoteCInput, NoteCRad, load_note_c
from ..money import ore_array
from ..tabell import Kolonne, Ledd, Tabell
from .note_c_avtaler import avtaletabell

__all__ = ["VARIGHETER", "NoteCRad", "NoteCBlokk", "NoteCInput", "NoteC", "load_note_c", "note_c"]

REFERENCE = "R-115 Note C (binding på framtidige års bevilgninger)"


@dataclass(frozen=True, eq=False)
class NoteC:
    """One :class:`Tabell` per block, a long frame of every row incl. Totalt, and findings."""

    tabeller: tuple[Tabell, ...]
    frame: pd.DataFrame = field(repr=False)
    findings: tuple[Finding, ...]

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()


def note_c(inp: NoteCInput) -> NoteC:
    """Sum the input rows per block and duration, compute samlet and the Totalt rows."""
    findings: list[Finding] = list(inp.funn)
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
            if not mine and not inp.fra_register:  # a register lists agreements, not durations
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
        ledd = {"totalt": [Ledd(vid) for vid, _ in VARIGHETER]}
        rows.append({"line_id": "totalt", "kind": "sum", "varighet": "Totalt", **totals})
        tabeller.append(Tabell.bygg(f"note_c.{b.id}", b.tittel, kolonner, rows,
                                    (b.fotnote,) if b.fotnote else (), summer=ledd))
        for r in rows:
            records.append({"blokk": b.id, "blokk_tittel": b.tittel, **r})
    per_avtale = avtaletabell(inp)
    if per_avtale is not None:
        tabeller.append(per_avtale)
    frame = pd.DataFrame(records, columns=["blokk", "blokk_tittel", "line_id", "kind", "varighet",
                                           "arlig_ore", "neste_ar_ore", "senere_ar_ore", "samlet_ore"])
    for c in ("arlig_ore", "neste_ar_ore", "senere_ar_ore", "samlet_ore"):
        frame[c] = ore_array([r.get(c) for r in records])
    return NoteC(tuple(tabeller), frame, tuple(findings))
