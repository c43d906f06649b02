"""Mutation test of the rule catalogue on the published IMDi 2025 figures: every figure that
takes part in an identity is changed (a digit, a sign, a mistyped sum row) and at least one
``error`` finding must move by exactly the change.

"Move by exactly the change" means: an error finding whose ``difference_ore`` is ± the change,
or whose ``difference_ore`` differs from the same rule's finding on the same line of the
unchanged document by ± the change (the printed residue of an identity that already fails or
rounds is carried along)."""

from __future__ import annotations

from typing import Any

import yaml

from imdi_ledger.avstemming import Figurer, verify
from imdi_ledger.avstemming.aarsregnskap import Sti
from imdi_ledger.eksempel import publisert_fil
from imdi_ledger.findings import Finding, Severity

PUBLISERT = publisert_fil("imdi-2025")

_KAN_OVERFORES = (
    "cap of a «kan overføres» post = this and last year's bevilgning (R-2); last year's is not in the YAML "
    "(optional key arets_tildelinger_fjor), so only a lower-bound observation is possible; the cap exceeds "
    "the grunnlag, so it does not enter k"
)

#: Figures that take part in no identity the YAML has the figures for, with the reason.
UTEN_IDENTITET: dict[str, str] = {
    "hovedtall[1].belop_fjor": "samlet tildeling 2024: the bevilgningsrapportering has no 2024 column",
    "hovedtall[3].belop_fjor": "driftsutgifter post 01 2024: no 2024 bevilgning column",
    "hovedtall[5].belop": "lønnsutgifter per årsverk: definition unclear (I15)",
    "hovedtall[5].belop_fjor": "lønnsutgifter per årsverk: definition unclear (I15)",
    "note_b[1].maks_overforbart": _KAN_OVERFORES,
    "note_b[2].maks_overforbart": _KAN_OVERFORES,
    "note_b[3].maks_overforbart": _KAN_OVERFORES,
}


def _les() -> dict[str, Any]:
    return yaml.safe_load(PUBLISERT.read_text(encoding="utf-8"))


def _sett(d: Any, sti: Sti, verdi: int) -> int:
    for p in sti[:-1]:
        d = d[p]
    gammel = d[sti[-1]]
    d[sti[-1]] = verdi
    return gammel


def _endring(v: int, i: int) -> int:
    """The new value: sign flipped (every third non-zero figure), else the thousands digit changed."""
    if abs(v) >= 100_000 and i % 3 == 0:
        return -v
    siffer = (abs(v) // 1000) % 10
    nytt = (siffer + 5) % 10
    return v + (nytt - siffer) * 1000 * (1 if v >= 0 else -1)


def _nokkel(f: Finding) -> tuple[str, str | None, str | None]:
    return f.rule, f.line, f.statement


def _fanget(base: dict[tuple[str, str | None, str | None], int], funn: list[Finding], delta: int) -> bool:
    for f in funn:
        if f.severity != Severity.ERROR or f.difference_ore is None:
            continue
        if f.difference_ore in (delta, -delta):
            return True
        b = base.get(_nokkel(f))
        if b is not None and f.difference_ore - b in (delta, -delta):
            return True
    return False


def test_every_figure_in_an_identity_is_caught() -> None:
    d = _les()
    a0 = Figurer.from_dict(d)
    base = {_nokkel(f): f.difference_ore for f in verify(a0) if f.difference_ore is not None}
    sti_tekst = {t.sti: sti for sti, t in a0.tall()}
    assert set(UTEN_IDENTITET) <= set(sti_tekst), "exclusions must name real figures"
    ikke_fanget: list[str] = []
    for i, (sti, tall) in enumerate(a0.tall()):
        if tall.sti in UTEN_IDENTITET:
            continue
        gammel = _sett(d, sti, 0)
        ny = _endring(gammel, i)
        _sett(d, sti, ny)
        skala = tall.ore // gammel if gammel else (100_000 if tall.presisjon == "1000 kroner" else 100)
        delta = (ny - gammel) * skala
        funn = verify(Figurer.from_dict(d))
        _sett(d, sti, gammel)
        if not _fanget(base, funn, delta):
            ikke_fanget.append(f"{tall.sti} = {gammel} -> {ny}")
    assert ikke_fanget == [], "\n".join(ikke_fanget)


def test_excluded_figures_really_are_in_no_identity() -> None:
    """Changing an excluded figure gives no new error: the exclusion list is not hiding a gap."""
    d = _les()
    a0 = Figurer.from_dict(d)
    base = {_nokkel(f): f.difference_ore for f in verify(a0)}
    for sti, tall in a0.tall():
        if tall.sti not in UTEN_IDENTITET:
            continue
        gammel = _sett(d, sti, 0)
        _sett(d, sti, gammel + 5000)
        funn = verify(Figurer.from_dict(d))
        _sett(d, sti, gammel)
        nye = [f for f in funn if f.severity == Severity.ERROR and base.get(_nokkel(f)) != f.difference_ore]
        assert nye == [], tall.sti
