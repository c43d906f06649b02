"""Feed simulated books to the library's loaders and statements (R-115 bevilgnings- and
artskontorapportering, Note B; SRS 1 / SRS 17 virksomhetsregnskap with notes 3 and 4 from the
asset register; Note 7A/7B) without writing files, so a property can be stated on the
statements of any event set."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from .simulator import Boker, ore_til_tekst

__all__ = ["srapport_frame", "last_srapport", "last_tildeling", "last_hovedbok", "last_anleggsregister",
           "kontantregnskap", "aarsregnskap"]


def srapport_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """An S-rapport books frame (``belop_ore``) in the shared input shape (``belop`` text)."""
    out = frame.drop(columns=["belop_ore"]).copy()
    out["belop"] = pd.Series([ore_til_tekst(v) for v in frame["belop_ore"].tolist()], index=frame.index,
                             dtype=object)  # text even when the frame is empty
    return out


def last_srapport(frame: pd.DataFrame, ar: int) -> Any:
    """The S-rapport books frame read by :func:`imdi_ledger.load.srapport.load_srapport`."""
    from ..load.srapport import load_srapport

    return load_srapport(srapport_frame(frame), ar=ar, name="<simulert S-rapport>")


def last_tildeling(tildeling: dict[str, Any]) -> Any:
    """A tildeling dict (YAML shape) read by :func:`imdi_ledger.load.tildeling.load_tildeling`."""
    from ..load.tildeling import load_tildeling

    rows = [{**p, "stikkord": p.get("stikkord") or ""} for p in tildeling["poster"]]
    frame = pd.DataFrame(rows, columns=["kapittel", "post", "kapittelnavn", "posttekst",
                                        "overfort_fra_i_fjor", "arets_tildeling", "stikkord"])
    frame["stikkord"] = frame["stikkord"].replace("", pd.NA)
    return load_tildeling(frame, ar=int(tildeling["ar"]))


def last_hovedbok(frame: pd.DataFrame) -> Any:
    """The hovedbok books frame read by :func:`imdi_ledger.load.hovedbok.load_hovedbok`."""
    from ..load.hovedbok import load_hovedbok

    return load_hovedbok(srapport_frame(frame), name="<simulert hovedbok>")


def last_anleggsregister(frame: pd.DataFrame) -> Any:
    """The asset register frame (text columns, as written to ``anleggsregister.csv``) read by
    :func:`imdi_ledger.load.anleggsregister.load_anleggsregister`."""
    from ..load.anleggsregister import load_anleggsregister

    return load_anleggsregister(frame.copy(), name="<simulert anleggsregister>")


@lru_cache(maxsize=1)
def _kontoplan() -> Any:
    from ..kontoplan import standard_kontoplan

    return standard_kontoplan()


def kontantregnskap(boker: Boker, tildeling: dict[str, Any] | None = None) -> Any:
    """The cash årsregnskap (:func:`imdi_ledger.regnskap.beregn`) of simulated books."""
    from ..load.srapport import load_mellomvaerende_ib
    from ..regnskap import Grunnlag, beregn

    ib = boker.mellomvaerende_ib
    ib_frame = load_mellomvaerende_ib(srapport_frame(ib), name="<simulert mellomværende IB>") if len(ib) else None
    grunnlag = Grunnlag(srapport=last_srapport(boker.srapport, boker.ar),
                        tildeling=last_tildeling(tildeling) if tildeling else None,
                        mellomvaerende_ib_fjor=ib_frame, kontoplan=_kontoplan())
    return beregn(grunnlag)


def aarsregnskap(boker: Boker, tildeling: dict[str, Any] | None = None, *, med_register: bool = True) -> Any:
    """The whole årsregnskap (:func:`imdi_ledger.regnskap.beregn`) of simulated books: the
    cash statements plus, from the hovedbok, the SRS virksomhetsregnskap and Note 7A/7B;
    with ``med_register`` notes 3 and 4 come from the asset register and are reconciled with
    the ledger (SRS-ANL-*)."""
    from ..load.srapport import load_mellomvaerende_ib
    from ..regnskap import Grunnlag, beregn

    ib = boker.mellomvaerende_ib
    ib_frame = load_mellomvaerende_ib(srapport_frame(ib), name="<simulert mellomværende IB>") if len(ib) else None
    register = last_anleggsregister(boker.anleggsregister) if med_register else None
    grunnlag = Grunnlag(srapport=last_srapport(boker.srapport, boker.ar),
                        tildeling=last_tildeling(tildeling) if tildeling else None,
                        mellomvaerende_ib_fjor=ib_frame, kontoplan=_kontoplan(),
                        hovedbok=last_hovedbok(boker.hovedbok), anleggsregister=register)
    return beregn(grunnlag)
