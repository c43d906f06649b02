"""SRS note 5 «Tilleggsinformasjon om operasjonelle leieavtaler» (gjenværende varighet per 31.12)
from the same agreements as Note C (R-115 Note C; SRS 13 «Leieavtaler» note disclosures of
operational leases as IMDi's årsregnskap 2025 lays them out: columns «Tomter, bygninger og annen
fast eiendom», «Driftsløsøre, inventar, verktøy og lignende», Sum; rows per remaining duration).

Each cell is the sum of the «årlig beløp» of the Note C rows of the blocks given for that column,
so the note and Note C cannot disagree.  The «Kostnadsført leiebetaling for perioden» row comes from the ledger and
is added only when given: :func:`imdi_ledger.regnskap.beregn` gives the ledger's husleie
(note 5 line «Husleie», KS 630–631) for buildings and leaves driftsløsøre blank (the ledger does
not tell operational leases of equipment from other rent).
"""

from __future__ import annotations

from typing import Sequence

from ..load.note_c import VARIGHETER, NoteCInput
from ..tabell import Kolonne, Tabell

__all__ = ["note_5_leieavtaler"]


def note_5_leieavtaler(inp: NoteCInput, *, bygninger: Sequence[str] = ("leie_kontorlokaler",),
                       driftslosore: Sequence[str] = (),
                       kostnadsfort_ore: tuple[int | None, int | None] | None = None) -> Tabell:
    """The table from Note C input: ``bygninger`` and ``driftslosore`` name the Note C blocks
    summed into each column (a block in neither is left out); ``kostnadsfort_ore`` is the
    expensed rent of the period per column (bygninger, driftsløsøre) from the ledger."""
    def arlig(blokker: Sequence[str], vid: str) -> int | None:
        rader = [r for b in inp.blokker if b.id in blokker for r in b.rader if r.varighet == vid]
        return sum(r.arlig_ore for r in rader) if rader else None

    rows = []
    for vid, tekst in VARIGHETER:
        byg, drift = arlig(bygninger, vid), arlig(driftslosore, vid)
        rows.append({"line_id": vid, "kind": "line", "tekst": tekst, "bygninger": byg,
                     "driftslosore": drift, "sum": None if byg is None and drift is None
                     else (byg or 0) + (drift or 0)})
    if kostnadsfort_ore is not None:
        byg, drift = kostnadsfort_ore
        rows.append({"line_id": "kostnadsfort", "kind": "line", "tekst": "Kostnadsført leiebetaling for perioden",
                     "bygninger": byg, "driftslosore": drift, "sum": (byg or 0) + (drift or 0)})
    kolonner = (
        Kolonne("tekst", "Leieavtaler"),
        Kolonne("bygninger", "Tomter, bygninger og annen fast eiendom", True),
        Kolonne("driftslosore", "Driftsløsøre, inventar, verktøy og lignende", True),
        Kolonne("sum", "Sum", True),
    )
    return Tabell.bygg("note_5_leieavtaler", "Note 5 Tilleggsinformasjon om operasjonelle leieavtaler",
                       kolonner, rows)
