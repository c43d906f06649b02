"""Balanse for a bruttobudsjettert agency (SRS 1): A–D with headings kept; C II «Avregnet
med statskassen (bruttobudsjetterte)» is the net of group 19 accounts 193–199x (konsernkonto
is not bank, prinsippnote), so it equals net assets and the balance balances to the øre."""

from __future__ import annotations

from ..findings import Finding, Severity
from ..tabell import Tabell
from .grunnlag import Grunnlag
from .kontoplan_srs import SrsKontoplan
from .oppstilling import beregn_oppstilling, presentert

__all__ = ["balanse", "kontroller_balanse"]


def balanse(kp: SrsKontoplan, g: Grunnlag, fjor: Grunnlag | None = None) -> Tabell:
    """The balanse of ``g.ar``; the prior-year column is the prior year's closing balance, or —
    without a prior-year ledger (a first year on the ledger) — the year's opening balance, which is
    the same figure (IB = UB of the prior year), when the ledger has one (bilag IB, or a
    ``saldobalanse_ib_ÅÅÅÅ`` file)."""
    if fjor is not None:
        forrige: dict[str, int] | None = fjor.linjesum("balanse")
    else:
        ib = g.saldo.loc[g.saldo["oppstilling"] == "balanse", "ib_ore"]
        forrige = g.linjesum("balanse", "ib_ore") if bool((ib != 0).any()) else None
    return beregn_oppstilling(kp, "balanse", "Balanse", g.ar, g.linjesum("balanse"), forrige)


def kontroller_balanse(kp: SrsKontoplan, g: Grunnlag, fjor: Grunnlag | None = None) -> list[Finding]:
    """Sum eiendeler = sum statens kapital og gjeld; IB of the year = UB of the prior year."""
    p = presentert(kp, "balanse", g.linjesum("balanse"))
    out: list[Finding] = []
    if p["sum_eiendeler"] != p["sum_kapital_gjeld"]:
        out.append(Finding(rule="SRS-BAL-01", severity=Severity.ERROR,
                           message=f"balansen {g.ar} balanserer ikke",
                           statement="balanse", line="sum_kapital_gjeld",
                           expected_ore=p["sum_eiendeler"], actual_ore=p["sum_kapital_gjeld"],
                           reference="SRS 1: sum eiendeler = sum statens kapital og gjeld"))
    if fjor is not None:
        ib = presentert(kp, "balanse", g.linjesum("balanse", "ib_ore"))
        ub = presentert(kp, "balanse", fjor.linjesum("balanse"))
        for line in ub:
            if ib.get(line, 0) != ub[line] and not line.startswith("sum"):
                out.append(Finding(rule="SRS-BAL-02", severity=Severity.ERROR,
                                   message=f"inngående balanse {g.ar} ≠ utgående balanse {fjor.ar} ({line})",
                                   statement="balanse", line=line, expected_ore=ub[line],
                                   actual_ore=ib.get(line, 0), reference="SRS 1; kontinuitet IB = UB"))
    return out
