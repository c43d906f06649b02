"""The ``report`` job: load inputs, compute every statement, note and check, and render them
(text always; with an output folder also the findings as JSON, the statements as CSV and the
auditor's Excel workbook)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .eksempel import last_eksempel
from .load.mappe import last_mappe
from .findings import Finding, findings_json
from .regnskap import Aarsregnskap, beregn
from .render.text import render_tabeller

__all__ = ["Rapport", "lag_rapport"]


@dataclass(frozen=True, eq=False)
class Rapport:
    """The report job's result: the computed årsregnskap, its text, the findings of every
    module (``findings``) and of the rule catalogue run on the computed statements with
    tolerance 0 (``avstemming``)."""

    regnskap: Aarsregnskap
    tekst: str
    findings: tuple[Finding, ...]
    avstemming: tuple[Finding, ...] = ()


def lag_rapport(*, eksempel: str | None = None, inndata: Path | None = None, ut: Path | None = None) -> Rapport:
    grunnlag = last_eksempel(eksempel) if eksempel else last_mappe(Path(inndata))
    regnskap = beregn(grunnlag)
    head = f"Årsregnskap {regnskap.ar}"
    if grunnlag.virksomhet:
        head += f" – {grunnlag.virksomhet}"
    from .avstemming.eksport import kontroller

    avstemming = tuple(kontroller(regnskap))
    tekst = (head + "\n" + "#" * len(head) + "\n\n" + render_tabeller(regnskap.tabeller()) + "\n"
             + render_tabeller([grunnlag.kilder_tabell()]))
    if ut is not None:
        ut.mkdir(parents=True, exist_ok=True)
        (ut / f"aarsregnskap_{regnskap.ar}.txt").write_text(tekst, encoding="utf-8")
        (ut / "funn.json").write_text(findings_json(regnskap.findings), encoding="utf-8")
        (ut / "avstemming.json").write_text(findings_json(avstemming), encoding="utf-8")
        for t in regnskap.tabeller():
            t.to_frame(med_ledd=True).to_csv(ut / f"{t.id}.csv", sep=";", index=False)
        from .render.excel import skriv_arbeidsbok

        skriv_arbeidsbok(regnskap, ut / f"aarsregnskap_{regnskap.ar}.xlsx")
    return Rapport(regnskap, tekst, regnskap.findings, avstemming)
