"""The engine that evaluates an SRS 1 statement declared as data (``srs/data/srs1.csv``):
lines select KS codes and carry a presentation sign, sum and netto rows add their declared
terms (``summerer``: line ids, ``-id`` subtracts), and the table carries those terms.  Lines
with no amount in either year are dropped (and so leave the terms of the sums), headings and
sums are kept (DFØ veileder, «Balansen»: lines with no amount may be deleted, headings kept).
The SRS notes (``srs/data/noter.csv``) are evaluated the same way (:func:`summer`).
"""

from __future__ import annotations

from typing import Callable, Mapping

import pandas as pd

from ..tabell import Kolonne, Ledd, Tabell
from .kontoplan_srs import IKKE_KLASSIFISERT, SrsKontoplan

__all__ = ["beregn_oppstilling", "presentert", "summer"]


def summer(spec: pd.DataFrame, ledd: Callable[[str], tuple[Ledd, ...]],
           linjesum: Mapping[str, int]) -> dict[str, int]:
    """Presented amount (øre) of every line, sum and netto row of a declared layout: a line is
    its sign × its debit-positive sum, a sum/netto row Σ fortegn × its terms."""
    out: dict[str, int] = {}
    for _, r in spec.iterrows():
        if r["kind"] == "line":
            out[r["linje"]] = int(r["fortegn"] or 1) * int(linjesum.get(r["linje"], 0))
        elif r["kind"] in ("sum", "netto"):
            out[r["linje"]] = sum(l.fortegn * out[l.linje] for l in ledd(r["linje"]))
    return out


def presentert(kp: SrsKontoplan, oppstilling: str, linjesum: Mapping[str, int]) -> dict[str, int]:
    """Presented amount (øre) of every line, sum and netto row of a statement."""
    spec = kp.linjer[kp.linjer["oppstilling"] == oppstilling]
    return summer(spec, lambda linje: kp.ledd(oppstilling, linje), linjesum)


def beregn_oppstilling(kp: SrsKontoplan, oppstilling: str, tittel: str, ar: int,
                       linjesum: Mapping[str, int], linjesum_fjor: Mapping[str, int] | None) -> Tabell:
    spec = kp.linjer[kp.linjer["oppstilling"] == oppstilling]
    cur = presentert(kp, oppstilling, linjesum)
    prev = presentert(kp, oppstilling, linjesum_fjor) if linjesum_fjor is not None else {}
    rows = []
    for _, r in spec.iterrows():
        lid = r["linje"]
        if r["kind"] == "header":
            rows.append({"line_id": lid, "kind": "header", "tekst": r["tekst"], "note": None,
                         "belop": None, "belop_fjor": None})
            continue
        a, b = cur.get(lid, 0), prev.get(lid, 0) if linjesum_fjor is not None else None
        if r["kind"] == "line" and a == 0 and not b:
            continue
        rows.append({"line_id": lid, "kind": r["kind"], "tekst": r["tekst"],
                     "note": r["note"] or None, "belop": a, "belop_fjor": b})
    shown = {x["line_id"] for x in rows}
    terms = {x["line_id"]: [l for l in kp.ledd(oppstilling, x["line_id"]) if l.linje in shown]
             for x in rows if x["kind"] in ("sum", "netto")}
    kol = (Kolonne("tekst", "Tekst"), Kolonne("note", "Note"),
           Kolonne("belop", f"31.12.{ar}", True), Kolonne("belop_fjor", f"31.12.{ar - 1}", True))
    fot = ()
    if any(x["line_id"] == IKKE_KLASSIFISERT for x in rows):
        fot = ("Linjen «ikke klassifisert» har konti utenfor statens standard kontoplan (se funn).",)
    return Tabell.bygg(oppstilling, tittel, kol, rows, fot, summer=terms)
