"""SRS notes tabulated from the ledger in the IMDi layout (SRS 1 notes; DFØ veileder for
bruttobudsjetterte, «Noter»): note 1 driftsinntekter, 2 lønnskostnader, 5 andre driftskostnader
(with its specifications), 6 finans, 8 innkrevingsvirksomhet, 9 tilskudd til andre (per
kapittel/post from the ledger's statskonto dimension), 10 kundefordringer, 11 andre kortsiktige
fordringer, 12 annen kortsiktig gjeld, 13 bankinnskudd.  Layout and account selection are data
(``srs/data/noter.csv``), and so are the sums: each sum row declares its terms in ``summerer``
(note 1 has one sum per income type), evaluated and carried by the table as in the statements
(:func:`imdi_ledger.srs.oppstilling.summer`).  A line with no amount in either year is left
out, and so is a sum none of whose terms is shown.  Note 9 (one line per kapittel/post) sums
every post line.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..tabell import Kolonne, Ledd, Tabell
from .grunnlag import Grunnlag
from .kontoplan_srs import SrsKontoplan
from .oppstilling import summer

__all__ = ["note_tabell", "note_9", "NOTE_TITLER"]

NOTE_TITLER = {
    "note_1": "Note 1 Driftsinntekter",
    "note_2": "Note 2 Lønnskostnader",
    "note_5": "Note 5 Andre driftskostnader",
    "note_5_leie": "Note 5 Spesifikasjon av leie maskiner, inventar og lignende",
    "note_5_konsulent": "Note 5 Spesifikasjon av kjøpte konsulenttjenester",
    "note_5_fremmede": "Note 5 Spesifikasjon av kjøpte fremmede tjenester",
    "note_5_ovrige": "Note 5 Spesifikasjon av øvrige driftskostnader",
    "note_6": "Note 6 Finansinntekter og finanskostnader",
    "note_8": "Note 8 Innkrevingsvirksomhet og andre overføringer til staten",
    "note_10": "Note 10 Kundefordringer",
    "note_11": "Note 11 Andre kortsiktige fordringer",
    "note_12": "Note 12 Annen kortsiktig gjeld",
    "note_13": "Note 13 Bankinnskudd, kontanter og lignende",
}

def _linjesum(kp: SrsKontoplan, g: Grunnlag, note: str) -> dict[str, int]:
    """The year's amount per line of ``note``: every note's lines are found once per year and
    chart (one pass over the accounts for all notes) and kept with the year's balances."""
    cache = g.__dict__.setdefault("_notesummer", {})
    hit = cache.get(id(kp))
    if hit is None or hit[0] is not kp:
        ub = g.saldo["ub_ore"].to_numpy(dtype=np.int64)
        summer: dict[str, dict[str, int]] = {}
        for nid, lin in kp.note_linjer(g.saldo["konto"]).items():
            d: dict[str, int] = {}
            for linje, v in zip(lin, ub):
                if linje is not None:
                    d[linje] = d.get(linje, 0) + int(v)
            summer[nid] = {str(k): d[k] for k in sorted(d)}
        hit = (kp, summer)
        cache[id(kp)] = hit
    return hit[1].get(note, {})


def _kolonner(ar: int) -> tuple[Kolonne, ...]:
    return (Kolonne("tekst", "Tekst"), Kolonne("belop", f"31.12.{ar}", True),
            Kolonne("belop_fjor", f"31.12.{ar - 1}", True))


def note_tabell(kp: SrsKontoplan, note: str, g: Grunnlag, fjor: Grunnlag | None = None) -> Tabell:
    spec = kp.noter[kp.noter["note"] == note]

    def ledd(linje: str) -> tuple[Ledd, ...]:
        return kp.note_ledd(note, linje)

    cur = summer(spec, ledd, _linjesum(kp, g, note))
    prev = summer(spec, ledd, _linjesum(kp, fjor, note)) if fjor is not None else {}
    rows: list[dict[str, object]] = []
    terms: dict[str, list[Ledd]] = {}
    shown: set[str] = set()
    for _, r in spec.iterrows():
        lid = r["linje"]
        if r["kind"] == "line":
            if not (cur.get(lid, 0) or prev.get(lid, 0)):
                continue
        elif r["kind"] in ("sum", "netto"):
            terms[lid] = [l for l in ledd(lid) if l.linje in shown]
            if not terms[lid]:
                del terms[lid]
                continue
        else:
            continue
        shown.add(lid)
        rows.append({"line_id": lid, "kind": r["kind"], "tekst": r["tekst"], "belop": cur.get(lid, 0),
                     "belop_fjor": prev.get(lid, 0) if fjor is not None else None})
    return Tabell.bygg(note, NOTE_TITLER.get(note, note), _kolonner(g.ar), rows, summer=terms)


def note_9(g: Grunnlag, fjor: Grunnlag | None = None,
           posttekster: Mapping[tuple[str, str], str] | None = None) -> Tabell:
    """Note 9 Tilskudd til andre, one line per kapittel/post (line id ``kkkk_pp``)."""
    posttekster = posttekster or {}

    def by(gr: Grunnlag | None) -> dict[str, int]:
        if gr is None:
            return {}
        t = gr.tilskudd
        keys = [f"{k}_{p}" if k and p else "uten_kapittel_post" for k, p in zip(t["kapittel"], t["post"])]
        return {str(k): int(v) for k, v in t.groupby(pd.Series(keys, index=t.index))["belop_ore"].sum().items()}

    cur, prev = by(g), by(fjor)
    keys = sorted(set(cur) | set(prev), key=lambda k: (k == "uten_kapittel_post", k))
    rows: list[dict[str, object]] = []
    for k in keys:
        kap, _, post = k.partition("_")
        tekst = posttekster.get((kap, post), f"Kap. {kap} post {post}") if k != "uten_kapittel_post" \
            else "Uten kapittel/post"
        rows.append({"line_id": k, "kind": "line", "tekst": tekst, "belop": cur.get(k, 0),
                     "belop_fjor": prev.get(k, 0) if fjor is not None else None})
    rows.append({"line_id": "sum", "kind": "sum", "tekst": "Sum tilskudd",
                 "belop": sum(cur.values()), "belop_fjor": sum(prev.values()) if fjor is not None else None})
    return Tabell.bygg("note_9", "Note 9 Tilskudd til andre", _kolonner(g.ar), rows,
                       summer={"sum": [Ledd(k) for k in keys]})
