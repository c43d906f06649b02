"""Verification of a published årsregnskap: run every rule of the catalogue
(:data:`~imdi_ledger.avstemming.regler.REGLER`; R-115, R-2, SRS 1/10/17) and collect the findings.

``verify_file`` is what ``imdi-ledger verify PUBLISHED.yaml`` calls; :func:`findings_tekst` is
the readable Norwegian table it prints without ``--json``.  The command exits 1 when
:func:`har_feil` is true.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from ..findings import ALVORLIGHET, Finding, Severity, oppsummering
from ..money import format_kroner
from .aarsregnskap import Figurer, load_aarsregnskap
from .kontroll import Regel
from .regler import REGLER

__all__ = ["verify", "verify_file", "har_feil", "findings_tekst"]


def verify(aarsregnskap: Figurer, regler: Sequence[Regel] = REGLER) -> list[Finding]:
    """All findings of all rules, in catalogue order.  Never raises on data."""
    out: list[Finding] = []
    for r in regler:
        out.extend(r(aarsregnskap))
    return out


def verify_file(path: str | Path) -> list[Finding]:
    """Load a published årsregnskap YAML and verify it (``InputError`` if it is not one).  The
    findings ``SKJEMA`` of the file's top level (a missing ``year`` or core section, an unknown
    key) come first."""
    a = load_aarsregnskap(path)
    return list(a.skjema) + verify(a)


def har_feil(findings: Iterable[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


def _kr(ore: int | None) -> str:
    return "" if ore is None else format_kroner(ore)


def findings_tekst(findings: Sequence[Finding]) -> str:
    """A plain-text table in Norwegian: one block per finding, then a count per severity."""
    if not findings:
        return "Ingen avvik funnet.\n"
    linjer: list[str] = []
    for f in findings:
        hvor = f.column or ""
        if f.row is not None:
            hvor += f" (linje {f.row})"
        linjer.append(f"{ALVORLIGHET[f.severity].upper():<8} {f.rule}  {f.statement or ''}: {f.line or ''}")
        if f.difference_ore is not None:
            linjer.append(
                f"         forventet {_kr(f.expected_ore)}  faktisk {_kr(f.actual_ore)}  "
                f"differanse {_kr(f.difference_ore)}  toleranse {_kr(f.tolerance_ore)}"
            )
        linjer.append(f"         {f.message}")
        if hvor:
            linjer.append(f"         kilde: {hvor}")
    linjer.append("")
    linjer.append(oppsummering(findings))
    return "\n".join(linjer) + "\n"
