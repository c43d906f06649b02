"""A simulated batch: N agencies of one year whose belastningsfullmakter tie across agencies,
written as one root folder of ``--inndata`` folders for ``imdi-ledger batch`` (tests and
``benchmarks/bench_batch.py``).

Agency *i* (1 … N, folder ``virksomhet-iii``) is a small bruttobudsjettert agency simulated by
:func:`~imdi_ledger.testing.simulator.simuler` with posts of its own on kapittel ``K_i`` (post 01
and post 21 «kan overføres») and ``K_i + 1`` (post 70, tilskudd), ``K_i = 0100 + 2(i − 1)``.  It has
a mottatt belastningsfullmakt on the post 21 of the agency before it (a ring: agency 1 charges
agency N's post), and gives one to the agency after it.  Each agency's ``fullmakter_ÅÅÅÅ.yaml``
states both: the avgitt fullmakt with *utgiftsført* = what the receiver's S-rapport has on the
post, to the øre, and the mottatt one with *brukt* = the same.  ``avvik`` shifts the utgiftsført
of chosen givers, so the cross-agency check has something to find.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import yaml

from .simulator import SimPost, Simulering, SimuleringsSpec, ore_til_tekst, simuler

__all__ = ["BatchVirksomhet", "simuler_batch", "skriv_simulert_batch", "kapittel_for"]


@dataclass(frozen=True)
class BatchVirksomhet:
    """One simulated agency of a batch: its folder name, simulation and fullmakter (YAML shape)."""

    mappe: str
    simulering: Simulering
    fullmakter: dict

    @property
    def navn(self) -> str:
        return self.simulering.spec.virksomhet


def kapittel_for(i: int) -> str:
    """The own kapittel of agency ``i`` (0-based): ``0100``, ``0102``, … (its tilskudd kapittel
    is the next number)."""
    if not 0 <= i < 700:
        raise ValueError("en simulert samlekjøring har høyst 700 virksomheter")
    return f"{100 + 2 * i:04d}"


def _navn(i: int) -> str:
    return f"Simulert virksomhet {i + 1:03d}"


def simuler_batch(n: int, *, ar: int = 2025, seed: int = 0, avvik: Mapping[int, int] | None = None,
                  antall_ansatte: int = 8, tilskudd_mnok: int = 20) -> list[BatchVirksomhet]:
    """``n`` agencies (see the module docstring); ``avvik`` maps a 0-based giver to øre added to
    the utgiftsført of its avgitt belastningsfullmakt (a deliberate mismatch)."""
    if n < 1:
        raise ValueError("n må være minst 1")
    avvik = dict(avvik or {})
    sims: list[Simulering] = []
    for i in range(n):
        k = kapittel_for(i)
        navn = _navn(i)
        poster = [
            SimPost(k, "01", navn, "Driftsutgifter"),
            SimPost(k, "21", navn, "Spesielle driftsutgifter", "kan overføres"),
            SimPost(f"{int(k) + 1:04d}", "70", f"{navn}, tilskudd", "Tilskudd til frivillige organisasjoner"),
        ]
        if n > 1:
            forrige = (i - 1) % n
            poster.append(SimPost(kapittel_for(forrige), "21", _navn(forrige), "Spesielle driftsutgifter",
                                  mottatt_belastningsfullmakt=True))
        sims.append(simuler(SimuleringsSpec(ar=ar, seed=seed * 100_003 + i, antall_ansatte=antall_ansatte,
                                            tilskudd_mnok=tilskudd_mnok, poster=tuple(poster), virksomhet=navn)))
    ut: list[BatchVirksomhet] = []
    for i, sim in enumerate(sims):
        fm: dict = {"ar": ar, "virksomhet": _navn(i)}
        if n > 1:
            neste, forrige = (i + 1) % n, (i - 1) % n
            k, kf = kapittel_for(i), kapittel_for(forrige)
            brukt_av_neste = _regnskap(sims[neste], k + "21")
            innvilget = _tildelt(sims[neste], k)
            # The giver's bevilgning on post 21 covers what it grants the receiver as well.
            poster = [dict(p, arets_tildeling=p["arets_tildeling"] + innvilget)
                      if (p["kapittel"], p["post"]) == (k, "21") else dict(p) for p in sim.tildeling["poster"]]
            sim = dataclasses.replace(sim, tildeling={**sim.tildeling, "poster": poster})
            fm["poster"] = [{"kapittel": k, "post": "21", "bevilgning_i_fjor": _tildelt(sim, k)}]
            fm["avgitte_belastningsfullmakter"] = [{
                "kapittel": k, "post": "21", "til": _navn(neste), "innvilget": innvilget,
                "utgiftsfort": ore_til_tekst(brukt_av_neste + avvik.get(i, 0))}]
            fm["mottatte_belastningsfullmakter"] = [{
                "kapittel": kf, "post": "21", "fra": _navn(forrige), "innvilget": _tildelt(sim, kf),
                "brukt": ore_til_tekst(_regnskap(sim, kf + "21"))}]
        ut.append(BatchVirksomhet(f"virksomhet-{i + 1:03d}", sim, fm))
    return ut


def _regnskap(sim: Simulering, statskonto: str) -> int:
    s = sim.boker.srapport
    return int(s.loc[s["statskonto"] == statskonto, "belop_ore"].sum())


def _tildelt(sim: Simulering, kapittel: str) -> int:
    """An agency's årets tildeling (kroner) on ``kapittel`` post 21 (for a receiver: the granted
    belastningsfullmakt)."""
    return next(p["arets_tildeling"] for p in sim.tildeling["poster"] if (p["kapittel"], p["post"]) == (kapittel, "21"))


def skriv_simulert_batch(rot: str | Path, n: int, **kw: object) -> list[Path]:
    """Write :func:`simuler_batch` ``(n, **kw)`` under ``rot``: one folder per agency with the
    simulator's files and ``fullmakter_ÅÅÅÅ.yaml``; returns the folders."""
    d = Path(rot)
    mapper = []
    for v in simuler_batch(n, **kw):  # type: ignore[arg-type]
        m = d / v.mappe
        v.simulering.skriv(m)
        (m / f"fullmakter_{v.simulering.spec.ar}.yaml").write_text(
            yaml.safe_dump(v.fullmakter, allow_unicode=True, sort_keys=False), encoding="utf-8")
        mapper.append(m)
    return mapper
