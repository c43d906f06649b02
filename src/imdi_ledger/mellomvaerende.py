"""Mellomværende med statskassen: balances on statskonto 70xxxx/71xxxx (R-115; DFØ
«Regnskapsføring av mellomværendet med statskassen»).

The S-rapport carries only the year's movements; the balance at 31.12 is the opening balance
plus the movements, per statskonto and artskonto.  Fordringer are positive, gjeld negative.
"""

from __future__ import annotations

import pandas as pd

from .load.koder import rader, sum_per_par
from .load.srapport import SRapport

__all__ = ["mellomvaerende_saldo"]


def mellomvaerende_saldo(ib: pd.DataFrame | None, srapport: SRapport) -> pd.DataFrame:
    """Opening and closing balance per (statskonto, artskonto): columns ``statskonto``,
    ``artskonto``, ``ib_ore``, ``bevegelse_ore``, ``ub_ore`` (all int64)."""
    mov = sum_per_par(srapport, rader(srapport, "kontotype", ("mellomvaerende",)), "statskonto", "artskonto")
    mov = mov.rename(columns={"belop_ore": "bevegelse_ore"})
    if ib is None or ib.empty:
        start = pd.DataFrame({"statskonto": pd.Series(dtype="string"), "artskonto": pd.Series(dtype="string"),
                              "ib_ore": pd.Series(dtype="int64")})
    else:
        start = ib.groupby(["statskonto", "artskonto"], as_index=False)["belop_ore"].sum()
        start = start.rename(columns={"belop_ore": "ib_ore"})
        start["statskonto"] = start["statskonto"].astype("string")
        start["artskonto"] = start["artskonto"].astype("string")
    # Nullable Int64 on both sides: the outer merge marks a missing side <NA>, never float.
    start = start.astype({"ib_ore": "Int64"})
    mov = mov.astype({"bevegelse_ore": "Int64"})
    out = start.merge(mov, on=["statskonto", "artskonto"], how="outer")
    out["ib_ore"] = out["ib_ore"].fillna(0).astype("int64")
    out["bevegelse_ore"] = out["bevegelse_ore"].fillna(0).astype("int64")
    out["ub_ore"] = out["ib_ore"] + out["bevegelse_ore"]
    return out.sort_values(["statskonto", "artskonto"]).reset_index(drop=True)


def ub_som_ib(saldo: pd.DataFrame) -> pd.DataFrame:
    """Closing balances as next year's opening-balance frame (``statskonto``, ``artskonto``, ``belop_ore``)."""
    return saldo[["statskonto", "artskonto"]].assign(belop_ore=saldo["ub_ore"].to_numpy())
