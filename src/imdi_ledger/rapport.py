"""The ``report`` job: load inputs, compute every statement, note and check, and render them
(text always; with an output folder also the findings as JSON, the statements as CSV and the
auditor's Excel workbook)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .eksempel import eksempel_mappe, last_eksempel
from .findings import Finding, findings_json
from .regnskap import Aarsregnskap, Grunnlag, beregn
from .render.text import render_tabeller

__all__ = ["Rapport", "lag_rapport", "last_mappe"]


@dataclass(frozen=True, eq=False)
class Rapport:
    """The report job's result: the computed årsregnskap, its text, the findings of every
    module (``findings``) and of the rule catalogue run on the computed statements with
    tolerance 0 (``avstemming``)."""

    regnskap: Aarsregnskap
    tekst: str
    findings: tuple[Finding, ...]
    avstemming: tuple[Finding, ...] = ()


def last_mappe(mappe: Path) -> Grunnlag:
    """Inputs from a folder laid out like ``examples/imdi-2025``."""
    from .load.srapport import load_mellomvaerende_ib, load_srapport
    from .load.tildeling import load_tildeling

    sr_files = sorted(mappe.glob("srapport_*.csv"))
    if not sr_files:
        from .errors import InputError

        raise InputError(str(mappe), None, None, "fant ingen srapport_ÅÅÅÅ.csv")
    years = sorted(int(p.stem.split("_")[-1]) for p in sr_files)
    ar = years[-1]
    sr = load_srapport(mappe / f"srapport_{ar}.csv")
    sr_fjor = load_srapport(mappe / f"srapport_{ar - 1}.csv") if (mappe / f"srapport_{ar - 1}.csv").exists() else None
    ib_path = mappe / "mellomvaerende_ib.csv"
    ib = load_mellomvaerende_ib(ib_path) if ib_path.exists() else None
    t_path = mappe / f"tildeling_{ar}.yaml"
    t = load_tildeling(t_path) if t_path.exists() else None
    tf_path = mappe / f"tildeling_{ar - 1}.yaml"
    tf = load_tildeling(tf_path) if tf_path.exists() else None
    return Grunnlag(srapport=sr, tildeling=t, srapport_fjor=sr_fjor, tildeling_fjor=tf,
                    mellomvaerende_ib_fjor=ib, virksomhet=t.virksomhet if t else None,
                    ekstra={"mappe": str(mappe)})


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
            t.to_frame().to_csv(ut / f"{t.id}.csv", sep=";", index=False)
        from .render.excel import skriv_arbeidsbok

        skriv_arbeidsbok(regnskap, ut / f"aarsregnskap_{regnskap.ar}.xlsx")
    return Rapport(regnskap, tekst, regnskap.findings, avstemming)
