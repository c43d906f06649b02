"""What-if on Note B: mulig overførbart beløp per post if spending (or income) changes before
31.12 (R-115 Note B; R-2; merverdiavgift: nettoordningen, kap. 1633 post 01).

``hva_om(poster, fullmakter, endringer={("0670", "01"): +X_ore})`` adds X øre to the regnskap of
each named post (an utgift: more spent, so the mindreutgift falls by X; an inntekt: more received,
so the merinntekt rises by X) and recomputes Note B with the same fullmakter and spec.  With
``mva_prosent`` the spending on posts 01–49 carries merverdiavgift that the nettoordning books on
kap. 1633 post 01: 1633's regnskap rises by X × mva_prosent / 100 (rounded half away from zero to
whole øre).  1633 has no mer/mindreutgift and is never in Note B, so this changes no mulig
overførbart beløp; it is shown so the cash effect on the bevilgningsregnskap is complete.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from ..load.fullmakter import Fullmakter
from ..money import andel_ore
from ..regelverk import MVA_NETTOORDNING
from .note_b import NoteBSpec, note_b

__all__ = ["hva_om", "MVA_KAPITTEL_POST"]

#: Kapittel/post of the nettoordning for mva (:data:`imdi_ledger.regelverk.MVA_NETTOORDNING`).
MVA_KAPITTEL_POST = MVA_NETTOORDNING.kapittel_post


def _andel(ore: int, prosent: int) -> int:
    return andel_ore(ore, prosent, 100)


def hva_om(
    poster: pd.DataFrame,
    fullmakter: Fullmakter | None = None,
    endringer: Mapping[tuple[str, str], int] | None = None,
    *,
    spec: NoteBSpec = NoteBSpec(),
    mva_prosent: int | None = None,
) -> pd.DataFrame:
    """One row per post of ``poster``: the regnskap change, mer/mindreutgift and mulig overførbart
    before and after.  ``endringer`` maps (kapittel, post) to extra regnskap in øre (negative =
    spend less / receive less).  A post not in ``poster`` raises :class:`KeyError`."""
    endringer = dict(endringer or {})
    frame = poster.reset_index(drop=True).copy()
    keys = list(zip(frame["kapittel"].astype(str), frame["post"].astype(str)))
    index = {k: i for i, k in enumerate(keys)}
    delta = [0] * len(frame)
    for key, x in endringer.items():
        if key not in index:
            raise KeyError(f"hva_om: kapittel/post {key[0]} {key[1]} finnes ikke i bevilgningsrapporteringen")
        if isinstance(x, bool) or not isinstance(x, int):
            raise TypeError(f"hva_om: endringen for {key[0]} {key[1]} må være heltall øre, ikke {x!r}")
        delta[index[key]] += x
        post = key[1]
        if mva_prosent and frame.loc[index[key], "type"] == "utgift" and post.isdigit() and 1 <= int(post) <= 49:
            if MVA_KAPITTEL_POST not in index:
                raise KeyError(f"hva_om: mva-effekt krever kap. {MVA_NETTOORDNING.kapittel} post {MVA_NETTOORDNING.post} "
                               "i bevilgningsrapporteringen")
            delta[index[MVA_KAPITTEL_POST]] += _andel(x, mva_prosent)
    after = frame.copy()
    d = pd.Series(delta, index=frame.index, dtype="int64")
    after["regnskap_ore"] = (after["regnskap_ore"].fillna(0) + d).astype("Int64")
    sign = after["type"].map({"utgift": -1, "inntekt": 1}).fillna(0).astype("int64")
    after["merutgift_mindreutgift_ore"] = (after["merutgift_mindreutgift_ore"] + sign * d).astype("Int64")

    nb_for = note_b(frame, fullmakter, spec=spec).to_frame().set_index(["kapittel", "post"])
    nb_etter = note_b(after, fullmakter, spec=spec).to_frame().set_index(["kapittel", "post"])
    k_for = [nb_for["mulig_overforbart_ore"].get(k, pd.NA) for k in keys]
    k_etter = [nb_etter["mulig_overforbart_ore"].get(k, pd.NA) for k in keys]
    out = pd.DataFrame({
        "kapittel": frame["kapittel"].astype(str),
        "post": frame["post"].astype(str),
        "type": frame["type"],
        "regnskap_endring_ore": d,
        "regnskap_etter_ore": after["regnskap_ore"],
        "merutgift_mindreutgift_for_ore": frame["merutgift_mindreutgift_ore"].astype("Int64"),
        "merutgift_mindreutgift_etter_ore": after["merutgift_mindreutgift_ore"],
        "mulig_overforbart_for_ore": pd.array(k_for, dtype="Int64"),
        "mulig_overforbart_etter_ore": pd.array(k_etter, dtype="Int64"),
    })
    out["endring_mulig_overforbart_ore"] = (out["mulig_overforbart_etter_ore"]
                                            - out["mulig_overforbart_for_ore"]).astype("Int64")
    return out
