"""The ``report`` job: load inputs, compute every statement, note and check, and render them
(text always; with an output folder also the findings as JSON, the statements as CSV, the
auditor's Excel workbook, the plots and one self-contained HTML page with drill-down).

A run has one list of findings (:func:`imdi_ledger.avstemming.eksport.alle_funn`: loading and
computing, then the rule catalogue on the computed statements with tolerance 0).  The CLI,
``funn.json``, the workbook's cover and Funn sheet and the exit status all show that list.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .avstemming.eksport import alle_funn
from ._version import __version__
from .eksempel import last_eksempel
from .errors import InputError
from .findings import Finding, Severity, antall, findings_json
from .load.mappe import last_mappe
from .regnskap import Aarsregnskap, beregn
from .render.text import render_tabeller

__all__ = ["Rapport", "lag_rapport", "MERKE"]

#: The marker file of an output folder written by the report job.  A folder that exists, is
#: not empty and has no marker is not ours and is never replaced.
MERKE = ".imdi-ledger"


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
        def skriv(mappe: Path) -> None:
            from .render.csv import skriv_csv
            from .render.excel import skriv_arbeidsbok

            (mappe / f"aarsregnskap_{regnskap.ar}.txt").write_text(tekst, encoding="utf-8")
            (mappe / "funn.json").write_text(findings_json(funn), encoding="utf-8")
            from .render.json import aarsregnskap_json

            aarsregnskap_json(regnskap, funn, mappe / f"aarsregnskap_{regnskap.ar}.json")
            for t in regnskap.tabeller():
                skriv_csv(t, mappe)
            skriv_arbeidsbok(regnskap, mappe / f"aarsregnskap_{regnskap.ar}.xlsx", findings=funn)
            from .render.plott import skriv_plott

            (mappe / "plott").mkdir()
            skriv_plott(regnskap, mappe / "plott")
            from .render.html import skriv_html

            skriv_html(regnskap, funn, mappe / f"aarsregnskap_{regnskap.ar}.html", plott_mappe=mappe / "plott")

        skriv_atomisk(Path(ut), skriv)
    return Rapport(regnskap, tekst, funn)


def skriv_atomisk(ut: Path, skriv: Callable[[Path], None]) -> None:
    """Write an output folder all at once: ``skriv`` fills a new temporary folder beside ``ut``,
    which replaces ``ut`` only when it has succeeded.  A failed run leaves the previous output
    untouched; a successful one leaves no file of an earlier run.  ``ut`` naming a file, or a
    folder with other content than an earlier run's output, is an :class:`InputError`."""
    if ut.is_symlink() or (ut.exists() and not ut.is_dir()):
        raise InputError(str(ut), None, None, "--out må være en mappe (eller ikke finnes); dette er en fil")
    if ut.is_dir() and any(ut.iterdir()) and not (ut / MERKE).is_file():
        raise InputError(str(ut), None, None, "--out finnes, er ikke tom og er ikke skrevet av imdi-ledger; "
                                              "velg en ny eller tom mappe")
    forelder = ut.absolute().parent
    forelder.mkdir(parents=True, exist_ok=True)
    ny = Path(tempfile.mkdtemp(prefix=f".{ut.name}.ny-", dir=forelder))
    try:
        skriv(ny)
        (ny / MERKE).write_text(f"imdi_ledger {__version__}\n", encoding="utf-8")
        if ut.is_dir():
            gammel = Path(tempfile.mkdtemp(prefix=f".{ut.name}.gammel-", dir=forelder))
            gammel.rmdir()
            ut.rename(gammel)
            ny.rename(ut)
            shutil.rmtree(gammel, ignore_errors=True)
        else:
            ny.rename(ut)
    except BaseException:
        shutil.rmtree(ny, ignore_errors=True)
        raise
