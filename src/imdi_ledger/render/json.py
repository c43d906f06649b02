"""The årsregnskap as one JSON document (``report --json``; ``aarsregnskap_ÅÅÅÅ.json`` in
``--out``): every table with its columns, rows and each sum row's declared terms, the run's one
list of findings, and the input files with rows, sum and SHA-256.

Amounts are integer øre (keys and columns say so: ``*_ore``, ``"enhet": "ore"``); a blank cell is
``null``.  The document is a view of the computed :class:`~imdi_ledger.regnskap.Aarsregnskap`:
nothing in it is computed here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from .._version import __version__
from ..findings import Finding, antall
from ..tabell import Tabell

__all__ = ["tabell_dict", "aarsregnskap_dict", "aarsregnskap_json"]


def _celle(v: object, penger: bool) -> object:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return int(v) if penger else str(v)


def tabell_dict(t: Tabell) -> dict[str, Any]:
    """One table: ``id``, ``tittel``, ``kolonner`` (name, header, whether øre), ``rader`` (line id,
    kind, ``ledd`` — the declared terms of a sum/netto row as ``[{"linje", "fortegn", "tabell"}]``
    — and the cells) and ``fotnoter``."""
    penger = {k.navn for k in t.kolonner if k.penger}
    rader = []
    for rec in t.rader.to_dict("records"):
        lid = str(rec["line_id"])
        rad: dict[str, Any] = {"line_id": lid, "kind": str(rec["kind"])}
        ledd = t.ledd(lid)
        if ledd:
            rad["ledd"] = [{"linje": l.linje, "fortegn": l.fortegn, "tabell": l.tabell} for l in ledd]
            if lid in t.sumkolonner:
                rad["ledd_kolonner"] = list(t.sumkolonner[lid])
        rad.update({k.navn: _celle(rec[k.navn], k.navn in penger) for k in t.kolonner})
        rader.append(rad)
    return {
        "id": t.id,
        "tittel": t.tittel,
        "kolonner": [{"navn": k.navn, "overskrift": k.overskrift, "penger": k.penger} for k in t.kolonner],
        "rader": rader,
        "fotnoter": list(t.fotnoter),
    }


def aarsregnskap_dict(regnskap: Any, findings: Sequence[Finding]) -> dict[str, Any]:
    g = regnskap.grunnlag
    n = antall(findings)
    return {
        "verktoy": f"imdi_ledger {__version__}",
        "ar": int(regnskap.ar),
        "virksomhet": g.virksomhet,
        "enhet": "ore",
        "tabeller": [tabell_dict(t) for t in regnskap.tabeller()],
        "funn": [f.to_dict() for f in findings],
        "antall_funn": {s.value: c for s, c in n.items()},
        "kilder": [{"fil": g.vist_navn(k.file), "rader": k.rader, "sha256": k.sha256, "sum_ore": k.sum_ore}
                   for k in g.kilder()],
    }


def aarsregnskap_json(regnskap: Any, findings: Sequence[Finding], path: Path | None = None) -> str:
    """The document as UTF-8 JSON text (æøå kept); written to ``path`` when given."""
    tekst = json.dumps(aarsregnskap_dict(regnskap, findings), ensure_ascii=False, indent=1)
    if path is not None:
        path.write_text(tekst, encoding="utf-8")
    return tekst
