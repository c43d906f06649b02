"""Findings: problems in data reported as records, never raised.

The contract (``docs/CONTRACTS.md``, findings): one record per finding with
``rule``, ``severity`` (``error``/``warning``/``info``), ``statement``, ``line``,
``message``, ``expected_ore``, ``actual_ore``, ``difference_ore`` (= actual − expected),
``tolerance_ore`` and ``reference`` (the rule's source, e.g. "R-115 Note B"), plus the input
``file``, ``row`` and ``column`` where the finding points at an input row.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Severity", "ALVORLIGHET", "Finding", "findings_frame", "findings_json", "worst_severity", "FINDING_COLUMNS", "antall",
           "oppsummering"]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

#: The Norwegian word for each severity, as printed in reports (JSON keeps ``severity``'s value).
ALVORLIGHET: dict[Severity, str] = {Severity.ERROR: "feil", Severity.WARNING: "advarsel", Severity.INFO: "merknad"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or observation) with an amount, a line of a statement, or an input row."""

    rule: str
    severity: Severity
    message: str
    statement: str | None = None
    line: str | None = None
    expected_ore: int | None = None
    actual_ore: int | None = None
    difference_ore: int | None = None
    tolerance_ore: int = 0
    reference: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", Severity(self.severity))
        if (
            self.difference_ore is None
            and self.expected_ore is not None
            and self.actual_ore is not None
        ):
            object.__setattr__(self, "difference_ore", int(self.actual_ore) - int(self.expected_ore))

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["severity"] = self.severity.value
        return d


FINDING_COLUMNS = [f.name for f in dataclasses.fields(Finding)]


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a frame with fixed columns (empty frame keeps the columns)."""
    import pandas as pd     # here: the command line reports findings without loading pandas

    from .money import ore_array

    rows = [f.to_dict() for f in findings]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for c in ("expected_ore", "actual_ore", "difference_ore", "tolerance_ore", "row"):
        # From the records' integers: a frame column of ints and blanks is float.
        frame[c] = ore_array([r[c] for r in rows])
    return frame


def findings_json(findings: Iterable[Finding], *, indent: int | None = 2) -> str:
    """Findings as a JSON list (UTF-8 text, æøå kept)."""
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=indent)


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    worst: Severity | None = None
    for f in findings:
        if worst is None or _RANK[f.severity] > _RANK[worst]:
            worst = f.severity
    return worst


def antall(findings: Iterable[Finding]) -> dict[Severity, int]:
    """Number of findings of each severity (every severity present as a key)."""
    out = {s: 0 for s in Severity}
    for f in findings:
        out[f.severity] += 1
    return out


def oppsummering(findings: Iterable[Finding]) -> str:
    """The one-line count shown wherever a list of findings is summarised (CLI, workbook):
    «2 feil, 1 advarsel, 0 merknader»."""
    n = antall(findings)
    feil, adv, inf = n[Severity.ERROR], n[Severity.WARNING], n[Severity.INFO]
    return (f"{feil} feil, {adv} {'advarsel' if adv == 1 else 'advarsler'}, "
            f"{inf} {'merknad' if inf == 1 else 'merknader'}")
