"""The rule record and the identity check every reconciliation rule is built from.

Tolerance policy (design principle 1; ``docs/verify.md``): an identity between figures
computed by the library holds to the øre (tolerance 0).  A published figure is rounded to whole
kroner, so each printed term is off by at most 0.5 kr and an identity over *n* printed figures
(the checked figure included) tolerates ⌊n/2⌋ kr; a figure printed in 1000 kr contributes 500 kr.
A residue within the tolerance is reported as ``info`` (rounding); above it the rule's severity
applies.  ``difference_ore`` is always actual − expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable, Iterable, Sequence

from ..findings import Finding, Severity
from ..money import belop_tekst
from .aarsregnskap import Figurer, Tall

__all__ = [
    "Toleranse",
    "Regel",
    "Ledd",
    "kr",
    "toleranse_ore",
    "identitet",
    "observasjon",
    "sum_identitet",
]


class Toleranse(str, Enum):
    """How a rule treats rounding in published figures."""

    AVRUNDING = "avrunding"
    """⌊n/2⌋ kr over n printed figures (0 for computed figures); a residue within it is info."""
    OBSERVASJON = "observasjon"
    """No arithmetic identity: the rule reports an observation (e.g. a cap base, a merutgift)."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


#: A signed term of an identity: (+1 or -1, the figure or None when blank).
Ledd = tuple[int, Tall | None]


@dataclass(frozen=True, slots=True)
class Regel:
    """One rule of the catalogue.  ``funksjon(aarsregnskap, regel)`` yields findings for
    failures and observations only, skips what it has no figures for, and never raises on data.
    Call the rule itself (``regel(aarsregnskap)``) for the list of findings."""

    id: str
    tittel: str
    alvorlighet: Severity
    kilde: str
    toleranse: Toleranse
    oppstilling: str
    funksjon: Callable[[Figurer, "Regel"], Iterable[Finding]]
    samme_forhold: tuple[str, ...] = ()
    """Rules of the computation (``beregn``'s findings) that report the same fact as this rule
    on computed statements; :func:`~imdi_ledger.avstemming.eksport.alle_funn` keeps one finding
    per fact."""

    def __call__(self, a: Figurer) -> list[Finding]:
        return list(self.funksjon(a, self))


def kr(ore: int) -> str:
    """An amount for a message: whole kroner when it is whole, else exact øre."""
    return belop_tekst(ore) + " kr"


def toleranse_ore(tall: Iterable[Tall | None]) -> int:
    """The rounding tolerance of an identity over these figures, floored to whole kroner."""
    halv = sum(t.avrunding_ore for t in tall if t is not None)
    return (halv // 100) * 100


def _hint_1000(faktisk: int, forventet: int) -> str:
    if faktisk != 0 and forventet != 0 and abs(forventet - faktisk * 1000) <= 100_000:
        return " Det trykte tallet ser ut til å stå i 1 000 kr."
    return ""


def identitet(
    regel: Regel,
    a: Figurer,
    *,
    linje: str,
    faktisk: Tall | None,
    ledd: Sequence[Ledd],
    beskrivelse: str,
    oppstilling: str | None = None,
    konstant_ore: int = 0,
    krev_ledd: bool = True,
    alvorlighet: Severity | None = None,
) -> Finding | None:
    """Check ``faktisk == Σ sign × ledd + konstant_ore``; a finding when it does not hold.

    Blank terms count as 0 and add no tolerance.  Nothing is reported when ``faktisk`` is
    blank, or when every term is blank and ``krev_ledd`` is set (a printed sum with no printed
    terms is not checked).
    """
    if faktisk is None:
        return None
    til_stede = [(s, t) for s, t in ledd if t is not None]
    if krev_ledd and not til_stede:
        return None
    forventet = konstant_ore + sum(s * t.ore for s, t in til_stede)
    diff = faktisk.ore - forventet
    if diff == 0:
        return None
    tol = toleranse_ore([faktisk] + [t for _, t in til_stede])
    if abs(diff) <= tol:
        sev = Severity.INFO
        tillegg = f" Avrundingsdifferanse innenfor toleransen {kr(tol)}."
    else:
        sev = alvorlighet or regel.alvorlighet
        tillegg = _hint_1000(faktisk.ore, forventet)
    melding = (
        f"{linje}: {beskrivelse}. Trykt/oppgitt {kr(faktisk.ore)}, forventet {kr(forventet)}, "
        f"differanse {kr(diff)}.{tillegg}"
    )
    return Finding(
        rule=regel.id,
        severity=sev,
        message=melding,
        statement=oppstilling or regel.oppstilling,
        line=linje,
        expected_ore=forventet,
        actual_ore=faktisk.ore,
        difference_ore=diff,
        tolerance_ore=tol,
        reference=regel.kilde,
        file=a.kilde,
        row=faktisk.linje,
        column=faktisk.sti,
    )


def observasjon(
    regel: Regel,
    a: Figurer,
    *,
    linje: str,
    melding: str,
    faktisk: Tall | None = None,
    forventet_ore: int | None = None,
    alvorlighet: Severity | None = None,
    oppstilling: str | None = None,
    toleranse: int = 0,
) -> Finding:
    """A finding that is not an identity residue (a cap base, a missing line, a merutgift)."""
    actual = faktisk.ore if faktisk is not None else None
    diff = actual - forventet_ore if actual is not None and forventet_ore is not None else None
    return Finding(
        rule=regel.id,
        severity=alvorlighet or regel.alvorlighet,
        message=f"{linje}: {melding}",
        statement=oppstilling or regel.oppstilling,
        line=linje,
        expected_ore=forventet_ore,
        actual_ore=actual,
        difference_ore=diff,
        tolerance_ore=toleranse,
        reference=regel.kilde,
        file=a.kilde,
        row=faktisk.linje if faktisk is not None else None,
        column=faktisk.sti if faktisk is not None else None,
    )


def sum_identitet(
    regel: Regel,
    a: Figurer,
    *,
    linje: str,
    faktisk: Sequence[Tall | None],
    forventet: Sequence[Tall | None],
    beskrivelse: str,
    oppstilling: str | None = None,
    alvorlighet: Severity | None = None,
) -> Finding | None:
    """Check ``Σ faktisk == Σ forventet`` (two groups of printed figures that should agree).
    The finding points at the first figure of ``faktisk``."""
    fa = [t for t in faktisk if t is not None]
    fo = [t for t in forventet if t is not None]
    if not fa or not fo:
        return None
    forste, resten = fa[0], fa[1:]
    f = identitet(regel, a, linje=linje, faktisk=forste, ledd=[(1, t) for t in fo] + [(-1, t) for t in resten],
                  beskrivelse=beskrivelse, oppstilling=oppstilling, alvorlighet=alvorlighet)
    return _med_summer(f, sum(t.ore for t in fa), sum(t.ore for t in fo))


def _med_summer(f: Finding | None, faktisk: int, forventet: int) -> Finding | None:
    """Restate a finding with the group sums as actual and expected (the difference is unchanged)."""
    if f is None:
        return None
    return Finding(
        rule=f.rule, severity=f.severity, message=f.message.replace(
            f"Trykt/oppgitt {kr(f.actual_ore or 0)}, forventet {kr(f.expected_ore or 0)}",
            f"Trykt/oppgitt {kr(faktisk)}, forventet {kr(forventet)}"),
        statement=f.statement, line=f.line, expected_ore=forventet, actual_ore=faktisk,
        difference_ore=faktisk - forventet, tolerance_ore=f.tolerance_ore, reference=f.reference,
        file=f.file, row=f.row, column=f.column,
    )
