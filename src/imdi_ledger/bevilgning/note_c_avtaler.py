"""Note C per agreement: the table that makes every figure of a Note C computed from a contract
register (:mod:`imdi_ledger.load.avtaler`) traceable to its agreement (R-115 Note C; rules in
``docs/note_c.md``)."""

from __future__ import annotations

from pathlib import Path

from ..load.note_c import VARIGHETER, NoteCInput
from ..tabell import Kolonne, Tabell

__all__ = ["ID", "avtaletabell"]

ID = "note_c_avtaler"
_VARIGHET = {k: v.removeprefix("Varighet ") for k, v in VARIGHETER}


def avtaletabell(inp: NoteCInput) -> Tabell | None:
    """One row per agreement in the note (block order, then register order): avtale, blokk,
    fra, til, gjenværende måneder, varighet and the four amounts.  ``None`` unless the input
    comes from a register."""
    if not inp.fra_register:
        return None
    kolonner = (
        Kolonne("avtale", "Avtale"),
        Kolonne("blokk", "Blokk"),
        Kolonne("fra", "Fra"),
        Kolonne("til", "Til"),
        Kolonne("maneder", "Gjenværende måneder"),
        Kolonne("varighet", "Varighet"),
        Kolonne("arlig_ore", "Årlig beløp", True),
        Kolonne("neste_ar_ore", "Av neste års bevilgning", True),
        Kolonne("senere_ar_ore", "Av senere års bevilgning", True),
        Kolonne("samlet_ore", "Samlet binding", True),
    )
    rows = []
    for b in inp.blokker:
        for i, r in enumerate(b.rader, start=1):
            til = r.til.isoformat() if r.til is not None else f"løpende ({r.oppsigelse_mnd} mnd oppsigelse)"
            rows.append({
                "line_id": f"{b.id}.{r.row if r.row is not None else i}", "kind": "line",
                "avtale": r.avtale, "blokk": b.tittel, "fra": r.fra.isoformat() if r.fra else None, "til": til,
                "maneder": None if r.maneder is None else str(r.maneder), "varighet": _VARIGHET[r.varighet],
                "arlig_ore": r.arlig_ore, "neste_ar_ore": r.neste_ar_ore, "senere_ar_ore": r.senere_ar_ore,
                "samlet_ore": r.neste_ar_ore + r.senere_ar_ore,
            })
    kilde = Path(inp.file).name
    return Tabell.bygg(ID, "Note C, avtalene bak noten", kolonner, rows,
                       (f"Beregnet fra avtaleregisteret {kilde}: én rad per avtale som binder framtidige års "
                        "bevilgninger per 31.12.",))
