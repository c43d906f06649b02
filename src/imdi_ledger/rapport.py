"""The ``report`` job: load inputs, compute every statement, note and check, and render them
(text always; with an output folder also the findings as JSON, the statements as CSV and the
auditor's Excel workbook).

A run has one list of findings (:func:`imdi_ledger.avstemming.eksport.alle_funn`: loading and
computing, then the rule catalogue on the computed statements with tolerance 0).  The CLI,
``funn.json``, the workbook's cover and Funn sheet and the exit status all show that list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .avstemming.eksport import alle_funn
from .eksempel import last_eksempel
from .findings import Finding, Severity, antall, findings_json
from .load.mappe import last_mappe
from .regnskap import Aarsregnskap, beregn
from .render.text import render_tabeller

__all__ = ["Rapport", "lag_rapport"]


@dataclass(frozen=True, eq=False)
class Rapport:
    """The report job's result: the computed årsregnskap, its text and the run's one list of
    findings."""

    regnskap: Aarsregnskap
    tekst: str
    findings: tuple[Finding, ...]

    @property
    def antall(self) -> dict[Severity, int]:
        return antall(self.findings)

    @property
    def har_feil(self) -> bool:
        return self.antall[Severity.ERROR] > 0


def lag_rapport(*, eksempel: str | None = None, inndata: Path | None = None, ut: Path | None = None) -> Rapport:
    grunnlag = last_eksempel(eksempel) if eksempel else last_mappe(Path(inndata))
    regnskap = beregn(grunnlag)
    head = f"Årsregnskap {regnskap.ar}"
    if grunnlag.virksomhet:
        head += f" – {grunnlag.virksomhet}"
    funn = alle_funn(regnskap)
    tekst = (head + "\n" + "#" * len(head) + "\n\n" + render_tabeller(regnskap.tabeller()) + "\n"
             + render_tabeller([grunnlag.kilder_tabell()]))
    if ut is not None:
        ut.mkdir(parents=True, exist_ok=True)
        (ut / f"aarsregnskap_{regnskap.ar}.txt").write_text(tekst, encoding="utf-8")
        (ut / "funn.json").write_text(findings_json(funn), encoding="utf-8")
        for t in regnskap.tabeller():
            t.to_frame().to_csv(ut / f"{t.id}.csv", sep=";", index=False)
        from .render.excel import skriv_arbeidsbok

        skriv_arbeidsbok(regnskap, ut / f"aarsregnskap_{regnskap.ar}.xlsx", findings=funn)
    return Rapport(regnskap, tekst, funn)
