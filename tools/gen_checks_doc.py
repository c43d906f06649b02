"""Generate ``docs/checks.md`` from the rule catalogue (``imdi_ledger.avstemming.regler.REGLER``)
and the cross-agency rules of a batch run (``TVERRGAENDE_REGLER``).

Run ``python tools/gen_checks_doc.py`` after changing the catalogue; a test fails when the
committed file is stale.  ``render_checks_doc()`` returns the text without writing it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from imdi_ledger.avstemming.kontroll import Regel, Toleranse
from imdi_ledger.avstemming.regler import REGLER, TVERRGAENDE_REGLER

__all__ = ["render_checks_doc", "main", "CHECKS_MD"]

CHECKS_MD = Path(__file__).resolve().parents[1] / "docs" / "checks.md"

_TOLERANSE = {
    Toleranse.AVRUNDING: "⌊n/2⌋ kr (publisert) / 0 (beregnet)",
    Toleranse.OBSERVASJON: "observasjon",
}


def _celle(t: str) -> str:
    return t.replace("|", "\\|")


def _rad(r: Regel) -> str:
    return (f"| `{r.id}` | {_celle(r.tittel)} | {_celle(r.oppstilling)} | {r.alvorlighet.value} | "
            f"{_TOLERANSE[r.toleranse]} | {_celle(r.kilde)} |")


def render_checks_doc(regler: Sequence[Regel] = REGLER, tverrgaende: Sequence[Regel] = TVERRGAENDE_REGLER) -> str:
    linjer = [
        "# Kontroller (regelkatalog)",
        "",
        "Generated from `imdi_ledger.avstemming.regler.REGLER` by `tools/gen_checks_doc.py`; do not edit by hand.",
        "Tolerance policy and how to read findings: `docs/verify.md`.",
        "",
        f"{len(regler)} rules, all run on every verification, in this order.",
        "",
        "| Id | Kontroll | Oppstilling | Alvorlighet | Toleranse | Kilde |",
        "|---|---|---|---|---|---|",
    ]
    linjer.extend(_rad(r) for r in regler)
    if tverrgaende:
        linjer += [
            "",
            "## Tverrgående kontroller (samlekjøring)",
            "",
            f"{len(tverrgaende)} rules run by `imdi-ledger batch` on all agencies of a run together "
            "(`imdi_ledger.avstemming.regler.TVERRGAENDE_REGLER`, `docs/batch.md`); every finding names the agencies concerned (both sides of a belastningsfullmakt).",
            "",
            "| Id | Kontroll | Oppstilling | Alvorlighet | Toleranse | Kilde |",
            "|---|---|---|---|---|---|",
        ]
        linjer.extend(_rad(r) for r in tverrgaende)
    linjer += [
        "",
        "## One finding per fact",
        "",
        "On computed statements, these rules report a fact the computation also reports. Where both",
        "show the same difference (on the same kapittel/post), the report keeps one finding — the more",
        "severe, the catalogue's on a tie — and its message names the other rule",
        "(`avstemming.eksport.ett_funn_per_forhold`).",
        "",
        "| Id | Samme forhold som |",
        "|---|---|",
    ]
    for r in regler:
        if r.samme_forhold:
            linjer.append(f"| `{r.id}` | " + ", ".join(f"`{x}`" for x in r.samme_forhold) + " |")
    return "\n".join(linjer) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ut = Path(argv[0]) if argv else CHECKS_MD
    ut.write_text(render_checks_doc(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
