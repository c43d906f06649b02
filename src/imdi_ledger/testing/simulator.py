"""A seeded, deterministic simulator of one agency-year in both books.

It writes what a bruttobudsjettert agency delivers for its årsregnskap (R-115; SRS 1 and
SRS 10 for bruttobudsjetterte): the S-rapport (cash, per period summing to 0), the SRS
hovedbok (accrual, per bilag summing to 0, with an ``IB`` bilag on 1 January), the year's
tildeling (Note A format), the opening mellomværende and an asset register.  Each economic
event (:mod:`imdi_ledger.testing.hendelser`) is booked by the booking rules of
R-115, SRS 1 and SRS 10 for bruttobudsjetterte; the simulator only chooses events and assembles the books.

Year-end in the hovedbok (both dated 31.12):

* ``ARS-1991`` *inntektsført bevilgning* (SRS 10 pkt 4, bruttobudsjetterte): 390 is credited
  and 1991 debited with the year's net result accounts (classes 3–8), so *resultat av
  periodens aktiviteter* is 0;
* ``ARS-KK`` *nullstilling av konsernkonto*: 193/194 are closed against avregning
  (``Kontoer.srs_avregning_ib``), as the oppgjørskonto is nulled at the turn of the year.

The opening balance (``IB``) is the sum of all earlier postings on balance accounts, with
everything in kontogruppe 19 (konsernkonto and avregning) and the closed result accounts
folded into avregnet med statskassen (``Kontoer.srs_avregning_ib``).  The opening
mellomværende is the sum of earlier S-rapport rows on the 70xxxx statskonto.

Finance teams can feed their own events to :func:`bokfor` to test their mappings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import yaml

from ..regelverk import ARBEIDSGIVERAVGIFT, GRUPPELIV, MVA_NETTOORDNING
from .hendelser import (
    BruktBelastningsfullmakt,
    FeriepengerUtbetaling,
    ForskuddsbetaltLeie,
    Gebyr,
    Gruppeliv,
    Hendelse,
    Innkreving,
    Investering,
    Kontoer,
    Leverandorfaktura,
    Lonn,
    LonnSatser,
    Sykepengerefusjon,
    TilbakebetalingTilskudd,
    Tilskudd,
)

__all__ = [
    "SimPost",
    "SimuleringsSpec",
    "STANDARD_POSTER",
    "FELLESKAP_POSTER",
    "Boker",
    "Simulering",
    "generer_hendelser",
    "bokfor",
    "lag_tildeling",
    "simuler",
    "ore_til_tekst",
    "SRAPPORT_KOLONNER",
    "HOVEDBOK_KOLONNER",
]

SRAPPORT_KOLONNER = ["periode", "statskonto", "artskonto", "belop_ore", "tekst"]
HOVEDBOK_KOLONNER = ["bilag", "dato", "konto", "belop_ore", "tekst", "kapittel", "post", "artskonto"]
REGISTER_KOLONNER = ["eiendel", "gruppe", "konto", "anskaffelsesdato", "tatt_i_bruk",
                     "anskaffelseskost", "levetid_ar", "avgangsdato", "nedskrivning"]


@dataclass(frozen=True, slots=True)
class SimPost:
    """A kapittel/post the agency disposes.  ``mottatt_belastningsfullmakt``: another
    department's post the agency may charge (it is not in Note A's tildeling of its own)."""

    kapittel: str
    post: str
    kapittelnavn: str
    posttekst: str
    stikkord: str | None = None
    mottatt_belastningsfullmakt: bool = False

    @property
    def statskonto(self) -> str:
        return self.kapittel + self.post


_K670 = "Integrerings- og mangfoldsdirektoratet"
_K671 = "Bosetting av flyktninger og tiltak for innvandrere"

STANDARD_POSTER: tuple[SimPost, ...] = (
    SimPost("0601", "21", "Utredningsvirksomhet, forskning mv.", "Spesielle driftsutgifter",
            mottatt_belastningsfullmakt=True),
    SimPost("0670", "01", _K670, "Driftsutgifter"),
    SimPost("0670", "21", _K670, "Spesielle driftsutgifter", "kan overføres"),
    SimPost("0670", "45", _K670, "Større utstyrsanskaffelser og vedlikehold", "kan overføres"),
    SimPost("0671", "60", _K671, "Integreringstilskudd", "kan overføres"),
    SimPost("0671", "61", _K671, "Særskilt tilskudd ved bosetting av enslige mindreårige",
            "overslagsbevilgning"),
    SimPost("0671", "71", _K671, "Tilskudd til integreringsarbeid i regi av sivilsamfunn"),
)

FELLESKAP_POSTER: tuple[SimPost, ...] = tuple(
    SimPost(f.kapittel, f.post, f.kapittelnavn, f.posttekst)
    for f in (MVA_NETTOORDNING, GRUPPELIV, ARBEIDSGIVERAVGIFT)
)


@dataclass(frozen=True, slots=True)
class SimuleringsSpec:
    """What to simulate: the year, the seed, the agency's size (employees; tilskudd scale
    with ``tilskudd_mnok``), its posts, and its statskontoer."""

    ar: int
    seed: int = 0
    antall_ansatte: int = 40
    tilskudd_mnok: int = 200
    poster: tuple[SimPost, ...] = STANDARD_POSTER
    kontoer: Kontoer = Kontoer()
    virksomhet: str = "Simulert direktorat"

    def __post_init__(self) -> None:
        if not 1900 < self.ar < 3000:
            raise ValueError(f"urimelig år {self.ar}")
        if self.antall_ansatte < 1 or self.tilskudd_mnok < 0:
            raise ValueError("antall_ansatte må være minst 1 og tilskudd_mnok ikke negativ")
        if not any(p.post == "01" and not p.mottatt_belastningsfullmakt for p in self.poster):
            raise ValueError("spesifikasjonen må ha en driftspost 01")

    @property
    def driftspost(self) -> SimPost:
        return next(p for p in self.poster if p.post == "01" and not p.mottatt_belastningsfullmakt)


@dataclass(frozen=True, eq=False)
class Boker:
    """Both books of one year, as frames (amounts ``belop_ore`` int64)."""

    ar: int
    srapport: pd.DataFrame = field(repr=False)
    hovedbok: pd.DataFrame = field(repr=False)
    mellomvaerende_ib: pd.DataFrame = field(repr=False)
    anleggsregister: pd.DataFrame = field(repr=False)


@dataclass(frozen=True, eq=False)
class Simulering:
    """A simulated year: the spec, its events, both books and the tildeling."""

    spec: SimuleringsSpec
    hendelser: tuple[Hendelse, ...] = field(repr=False)
    boker: Boker = field(repr=False)
    tildeling: dict[str, Any] = field(repr=False)

    def skriv(self, mappe: str | Path) -> dict[str, Path]:
        """Write the shared input files (UTF-8, ``;``, decimal comma) into ``mappe``."""
        d = Path(mappe)
        d.mkdir(parents=True, exist_ok=True)
        ar = self.spec.ar
        files = {
            "srapport": d / f"srapport_{ar}.csv",
            "hovedbok": d / f"hovedbok_{ar}.csv",
            "mellomvaerende_ib": d / "mellomvaerende_ib.csv",
            "anleggsregister": d / "anleggsregister.csv",
            "tildeling": d / f"tildeling_{ar}.yaml",
        }
        files["srapport"].write_text(til_csv(self.boker.srapport), encoding="utf-8")
        files["hovedbok"].write_text(til_csv(self.boker.hovedbok), encoding="utf-8")
        files["mellomvaerende_ib"].write_text(til_csv(self.boker.mellomvaerende_ib), encoding="utf-8")
        files["anleggsregister"].write_text(
            self.boker.anleggsregister.to_csv(sep=";", index=False), encoding="utf-8")
        files["tildeling"].write_text(
            yaml.safe_dump(self.tildeling, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return files


def ore_til_tekst(ore: int, *, decimal: str = ",") -> str:
    """Øre as kroner text without group separators: ``-123456`` → ``'-1234,56'``."""
    o = int(ore)
    kr, rest = divmod(abs(o), 100)
    return f"{'-' if o < 0 else ''}{kr}{decimal}{rest:02d}"


def til_csv(frame: pd.DataFrame) -> str:
    """A books frame as shared-format CSV text (``;``, decimal comma, ``belop`` in kroner)."""
    out = frame.copy()
    out.insert(list(out.columns).index("belop_ore"), "belop",
               [ore_til_tekst(v) for v in out["belop_ore"].tolist()])
    out = out.drop(columns=["belop_ore"])
    buf = io.StringIO()
    out.to_csv(buf, sep=";", index=False, lineterminator="\n")
    return buf.getvalue()


# --------------------------------------------------------------------------- events

_ARTER_DRIFT = (  # (artskonto, mva-pliktig, typical net amount in kroner)
    ("673", True, 180_000), ("675", True, 90_000), ("642", True, 60_000), ("680", True, 8_000),
    ("686", True, 15_000), ("713", False, 12_000), ("634", True, 25_000), ("636", True, 40_000),
    ("683", True, 20_000), ("687", True, 30_000), ("704", False, 5_000),
)


#: Asset groups the generator buys (``srs/data/anleggsgrupper.csv``; the groups of IMDi's notes
#: 3 and 4 plus rettigheter and maskiner) and their levetid in years.
_INVESTERINGSGRUPPER = ("programvare", "rettigheter", "ikt_utstyr", "driftslosore", "maskiner")
_LEVETID = {"ikt_utstyr": 3, "maskiner": 10}


def _kr(rng: np.random.Generator, typisk_kr: int) -> int:
    """A positive amount in øre around ``typisk_kr`` kroner, with realistic øre."""
    kroner = int(rng.integers(max(1, typisk_kr // 4), typisk_kr * 2 + 1))
    return kroner * 100 + int(rng.integers(0, 100))


def _dag(rng: np.random.Generator, ar: int, maned: int) -> date:
    return date(ar, maned, int(rng.integers(1, 29)))


def generer_hendelser(spec: SimuleringsSpec) -> tuple[Hendelse, ...]:
    """The events of ``spec.ar`` plus those of earlier years that leave balances into it
    (last year's payroll and feriepenger, December invoices, prepaid rent, assets)."""
    rng = np.random.default_rng([spec.seed, spec.ar])
    # The cases added later draw from their own stream, so a seed keeps the events it had.
    rng2 = np.random.default_rng([spec.seed, spec.ar, 11])
    ar, fjor = spec.ar, spec.ar - 1
    drift = spec.driftspost
    satser = LonnSatser()
    ev: list[Hendelse] = []
    mnd_lonn = spec.antall_ansatte * 52_000 * 100
    # Payroll last year (for feriepenger and December trekk) and this year.
    feriepenger_fjor = 0
    for y in (fjor, ar):
        for m in range(1, 13):
            brutto = mnd_lonn + int(rng.integers(-mnd_lonn // 20, mnd_lonn // 20 + 1))
            lonn = Lonn.fra_brutto(f"L{y}{m:02d}", date(y, m, 20), brutto, satser, drift.kapittel, drift.post)
            ev.append(lonn)
            if y == fjor:
                feriepenger_fjor += lonn.feriepenger_ore
    ferie_trekk = feriepenger_fjor * 30 // 100
    ev.append(FeriepengerUtbetaling(f"FP{ar}", date(ar, 6, 10), feriepenger_fjor, ferie_trekk,
                                    feriepenger_fjor * satser.arbeidsgiveravgift_promille // 1000,
                                    drift.kapittel, drift.post))
    for i in range(int(rng.integers(2, 7))):
        ev.append(Sykepengerefusjon(f"SR{ar}{i:02d}", _dag(rng, ar, int(rng.integers(1, 13))),
                                    _kr(rng, spec.antall_ansatte * 1_500), drift.kapittel, drift.post))
    ev.append(Gruppeliv(f"GL{ar}", date(ar, 3, 15), _kr(rng, spec.antall_ansatte * 400),
                        drift.kapittel, drift.post))
    # Supplier invoices: December last year (some paid this year) and this year.
    n_fakt = max(3, spec.antall_ansatte // 4)
    for y, maneder in ((fjor, (12,)), (ar, range(1, 13))):
        for m in maneder:
            for i in range(n_fakt):
                art, mva_pliktig, typisk = _ARTER_DRIFT[int(rng.integers(0, len(_ARTER_DRIFT)))]
                netto = _kr(rng, typisk)
                mva = netto // 4 if mva_pliktig else 0
                fd = _dag(rng, y, m)
                betalt = date.fromordinal(fd.toordinal() + int(rng.integers(5, 45)))
                if betalt.year > ar + 1:
                    betalt = date(ar + 1, 1, 31)
                ev.append(Leverandorfaktura(f"F{y}{m:02d}{i:03d}", fd, betalt, art, netto, mva,
                                            drift.kapittel, drift.post))
    # Prepaid rent, each quarter paid the month before it starts.
    leie = _kr(rng, spec.antall_ansatte * 30_000)
    for y, m in ((fjor, 12), (ar, 3), (ar, 6), (ar, 9), (ar, 12)):
        start = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        ev.append(ForskuddsbetaltLeie(f"H{y}{m:02d}", date(y, m, 15), start, 3, leie,
                                      drift.kapittel, drift.post))
    for p in spec.poster:
        if p.mottatt_belastningsfullmakt:
            for i in range(int(rng.integers(1, 3))):
                netto = _kr(rng, 100_000)
                ev.append(BruktBelastningsfullmakt(f"BF{ar}{p.statskonto}{i}", _dag(rng, ar, int(rng.integers(2, 12))),
                                                   p.kapittel, p.post, "673", netto, netto // 4))
        elif p.post == "21":
            for m in range(1, 13, 2):
                netto = _kr(rng, 250_000)
                ev.append(Leverandorfaktura(f"S{ar}{p.statskonto}{m:02d}", _dag(rng, ar, m),
                                            _dag(rng, ar, min(m + 1, 12)) if m < 12 else date(ar, 12, 28),
                                            "673", netto, netto // 4, p.kapittel, p.post, "Utredning"))
        elif "30" <= p.post <= "49":
            for y in (ar - 3, ar - 2, fjor, ar):
                for i in range(int(rng.integers(1, 4))):
                    g = _INVESTERINGSGRUPPER[int(rng.integers(0, len(_INVESTERINGSGRUPPER)))]
                    m = int(rng.integers(1, 12))
                    fd = _dag(rng, y, m)
                    kost = _kr(rng, 400_000)
                    # taken in use the same month or up to three months later (possibly next year)
                    mm = m - 1 + int(rng.integers(0, 4))
                    ibruk = date(y + mm // 12, mm % 12 + 1, 28)
                    ev.append(Investering(f"A{y}{i}{p.statskonto}", fd, fd, g, kost, _LEVETID.get(g, 5),
                                          ibruk, kost // 4, p.kapittel, p.post))
            # A development project carried under utførelse over the year end.  Still in progress
            # at 31.12: one component last year and one this year.  Taken in use this year: its
            # components are from the two years before, or one from last year and one bought this
            # year (bought and taken in use in the same year: a tilgang of programvare, which the
            # pågående-anlegg table states on its «herav» row).
            prosjekt = f"P{ar}{p.statskonto}"
            fd0 = _dag(rng, fjor, int(rng.integers(6, 13)))
            fd1 = _dag(rng, ar, int(rng.integers(1, 7)))
            ibruk_p = date(ar, int(rng.integers(fd1.month, 13)), 28) if int(rng.integers(0, 2)) else None
            if ibruk_p is not None:
                eldre = _dag(rng, ar - 2, int(rng.integers(6, 13)))
                if not int(rng2.integers(0, 2)):
                    fd0, fd1 = eldre, fd0
            for j, fd in enumerate((fd0, fd1)):
                ev.append(Investering(f"{prosjekt}K{j}", fd, fd, "programvare", _kr(rng, 600_000), 5, ibruk_p,
                                      0, p.kapittel, p.post, eiendel=prosjekt))
            ev.extend(_flere_anlegg(rng2, spec, p))
        elif "60" <= p.post <= "89":
            per_maned = spec.tilskudd_mnok * 100_000_000 // 12 // max(1, _antall_tilskuddsposter(spec))
            for m in range(1, 13):
                for i in range(int(rng.integers(1, 4))):
                    ev.append(Tilskudd(f"T{ar}{p.statskonto}{m:02d}{i}", _dag(rng, ar, m), p.kapittel, p.post,
                                       int(rng.integers(per_maned // 6, per_maned // 2 + 1)),
                                       "870" if p.post < "70" else "876"))
    # Fees on the agency's inntektspost (a second income type in note 1), in some years.
    if int(rng2.integers(0, 2)):
        inntektskap = str(3000 + int(drift.kapittel)).zfill(4)
        for i in range(int(rng2.integers(1, 5))):
            ev.append(Gebyr(f"G{ar}{i}", _dag(rng2, ar, int(rng2.integers(1, 13))), _kr(rng2, 30_000),
                            inntektskap, "01", str(370 + int(rng2.integers(0, 5)))))
    tilskuddsposter = [p for p in spec.poster if "60" <= p.post <= "89" and not p.mottatt_belastningsfullmakt]
    for i in range(int(rng.integers(2, 6))):
        d = _dag(rng, ar, int(rng.integers(1, 13)))
        if tilskuddsposter and i % 2 == 0:
            ev.append(TilbakebetalingTilskudd(f"TB{ar}{i}", d, _kr(rng, 300_000),
                                              tilskuddsposter[i % len(tilskuddsposter)].statskonto))
        else:
            ev.append(Innkreving(f"IK{ar}{i}", d, _kr(rng, 20_000), "847", tekst="Tvangsmulkt"))
    return tuple(ev)


def _flere_anlegg(rng: np.random.Generator, spec: SimuleringsSpec, p: SimPost) -> list[Hendelse]:
    """The other asset cases the booking rules allow, each in some years: a note 4 project
    (anlegg under utførelse from last year, taken in use this year together with a component
    bought this year), components on the under-utførelse groups that are still in progress
    (107 / 113, never taken in use), and tomter and bygninger bought and taken in use."""
    ar, fjor = spec.ar, spec.ar - 1
    ev: list[Hendelse] = []
    if int(rng.integers(0, 2)):
        prosjekt = f"Q{ar}{p.statskonto}"
        gruppe = ("maskiner", "bygninger", "ikt_utstyr")[int(rng.integers(0, 3))]
        levetid = {"bygninger": 25, "maskiner": 10}.get(gruppe, 3)
        fd1 = _dag(rng, ar, int(rng.integers(1, 10)))
        ibruk = date(ar, int(rng.integers(fd1.month, 13)), 28)
        for j, fd in enumerate((_dag(rng, fjor, int(rng.integers(1, 13))), fd1)):
            ev.append(Investering(f"{prosjekt}K{j}", fd, fd, gruppe, _kr(rng, 300_000), levetid, ibruk,
                                  0, p.kapittel, p.post, eiendel=prosjekt))
    for y in (fjor, ar):
        if int(rng.integers(0, 2)):
            for gruppe in ("under_utforelse", "anlegg_under_utforelse"):
                fd = _dag(rng, y, int(rng.integers(1, 13)))
                ev.append(Investering(f"U{y}{gruppe[:2]}{p.statskonto}", fd, fd, gruppe, _kr(rng, 150_000), 0,
                                      None, 0, p.kapittel, p.post))
    if int(rng.integers(0, 2)):
        for gruppe, levetid in (("tomter", 0), ("bygninger", 25)):
            y = int(rng.integers(ar - 2, ar + 1))
            fd = _dag(rng, y, int(rng.integers(1, 13)))
            ev.append(Investering(f"B{y}{gruppe[:2]}{p.statskonto}", fd, fd, gruppe, _kr(rng, 2_000_000), levetid,
                                  fd, _kr(rng, 2_000_000) // 4 if gruppe == "bygninger" else 0, p.kapittel, p.post))
    return ev


def _antall_tilskuddsposter(spec: SimuleringsSpec) -> int:
    return sum(1 for p in spec.poster if "60" <= p.post <= "89" and not p.mottatt_belastningsfullmakt)


# --------------------------------------------------------------------------- books


def _ks_gruppe19(konto: pd.Series) -> pd.Series:
    return konto.str.startswith("19")


def bokfor(ar: int, hendelser: Iterable[Hendelse], kontoer: Kontoer = Kontoer()) -> Boker:
    """Book ``hendelser`` and assemble year ``ar``: S-rapport, hovedbok (IB + year + year-end),
    opening mellomværende and asset register.  Rows of other years are used only for the
    opening balances.  The register has one row per event with a ``register_rad()`` method
    (:class:`Investering`) acquired by 31.12 of ``ar``, in the columns of ``docs/srs.md``."""
    s_rader: list[tuple[object, ...]] = []
    h_rader: list[tuple[object, ...]] = []
    register_rader: list[dict[str, object]] = []
    for hendelse in hendelser:
        b = hendelse.book(kontoer)
        s_rader.extend((r.periode, r.statskonto, r.artskonto, r.belop_ore, r.tekst) for r in b.srapport)
        h_rader.extend((r.bilag, r.dato, r.konto, r.belop_ore, r.tekst, r.kapittel, r.post, r.artskonto)
                       for r in b.hovedbok)
        register_rad = getattr(hendelse, "register_rad", None)
        if callable(register_rad):  # an asset component (Investering or an event like it)
            register_rader.append(register_rad())
    s = pd.DataFrame(s_rader, columns=SRAPPORT_KOLONNER)
    s["belop_ore"] = s["belop_ore"].astype("int64")
    start = f"{ar:04d}-01"
    i_ar = s["periode"].str.startswith(f"{ar:04d}-")
    srapport = s[i_ar].sort_values(["periode"], kind="stable").reset_index(drop=True)
    far = s[(s["periode"] < start) & (s["statskonto"] == kontoer.mellomvaerende)]
    mv = far.groupby("artskonto", as_index=False)["belop_ore"].sum()
    mv = mv[mv["belop_ore"] != 0]
    mellomvaerende_ib = pd.DataFrame({
        "dato": f"{ar - 1:04d}-12-31",
        "statskonto": kontoer.mellomvaerende,
        "artskonto": mv["artskonto"].to_numpy(),
        "belop_ore": mv["belop_ore"].to_numpy(dtype=np.int64),
    })

    h = pd.DataFrame(h_rader, columns=HOVEDBOK_KOLONNER)
    h["belop_ore"] = h["belop_ore"].astype("int64")
    jan1, des31 = date(ar, 1, 1), date(ar, 12, 31)
    for_ar = h[h["dato"] < jan1]
    bal = for_ar[for_ar["konto"].str[0].isin(["1", "2"]) & ~_ks_gruppe19(for_ar["konto"])]
    ib = bal.groupby("konto", as_index=False)["belop_ore"].sum()
    ib = ib[ib["belop_ore"] != 0]
    ib_rows = [("IB", jan1, k, int(v), "Inngående balanse", "", "", "") for k, v in
               zip(ib["konto"], ib["belop_ore"])]
    ib_rows.append(("IB", jan1, kontoer.srs_avregning_ib, -int(ib["belop_ore"].sum()),
                    "Inngående balanse avregnet med statskassen", "", "", ""))
    aaret = h[(h["dato"] >= jan1) & (h["dato"] <= des31)]
    resultat = int(aaret.loc[aaret["konto"].str[0].isin(list("345678")), "belop_ore"].sum())
    kk_inn = int(aaret.loc[aaret["konto"] == kontoer.srs_kk_inn, "belop_ore"].sum())
    kk_ut = int(aaret.loc[aaret["konto"] == kontoer.srs_kk_ut, "belop_ore"].sum())
    slutt = [
        ("ARS-1991", des31, "1991", resultat, "Inntektsført bevilgning", "", "", ""),
        ("ARS-1991", des31, "3900", -resultat, "Inntekt fra bevilgninger", "", "", ""),
        ("ARS-KK", des31, kontoer.srs_kk_inn, -kk_inn, "Nullstilling av konsernkonto", "", "", ""),
        ("ARS-KK", des31, kontoer.srs_kk_ut, -kk_ut, "Nullstilling av konsernkonto", "", "", ""),
        ("ARS-KK", des31, kontoer.srs_avregning_ib, kk_inn + kk_ut, "Nullstilling av konsernkonto", "", "", ""),
    ]
    slutt = [r for r in slutt if r[3] != 0]
    hovedbok = pd.concat([
        pd.DataFrame(ib_rows, columns=HOVEDBOK_KOLONNER),
        aaret.sort_values("dato", kind="stable"),
        pd.DataFrame(slutt, columns=HOVEDBOK_KOLONNER),
    ], ignore_index=True)
    hovedbok["belop_ore"] = hovedbok["belop_ore"].astype("int64")
    hovedbok["dato"] = [d.isoformat() for d in hovedbok["dato"]]
    register = pd.DataFrame([r for r in register_rader if str(r["anskaffelsesdato"]) <= des31.isoformat()],
                            columns=REGISTER_KOLONNER)
    return Boker(ar, srapport, hovedbok, mellomvaerende_ib, register)


def _rund_opp_kr(ore: int, enhet_kr: int) -> int:
    """Round øre up to a whole multiple of ``enhet_kr`` kroner; returns kroner."""
    enhet = enhet_kr * 100
    return -(-max(ore, 0) // enhet) * enhet_kr


def lag_tildeling(spec: SimuleringsSpec, srapport: pd.DataFrame) -> dict[str, Any]:
    """The year's tildeling (whole kroner) in the YAML shape of ``load_tildeling``:
    each own post gets a tildeling near its spending (a mindreutgift; an overslagsbevilgning
    may end with a merutgift); a mottatt belastningsfullmakt is given as granted; own inntekt
    and felleskapitler are listed with 0."""
    rng = np.random.default_rng([spec.seed, spec.ar, 7])
    regnskap = srapport.groupby("statskonto")["belop_ore"].sum()
    poster = []
    for p in spec.poster:
        brukt = int(regnskap.get(p.statskonto, 0))
        # only an overslagsbevilgning may end with a merutgift without a fullmakt
        faktor = int(rng.integers(95 if p.stikkord == "overslagsbevilgning" else 100, 108))
        if p.mottatt_belastningsfullmakt:
            arets, overfort = _rund_opp_kr(brukt, 100_000), 0
        else:
            arets = _rund_opp_kr(brukt * faktor // 100, 1000)
            overfort = (_rund_opp_kr(brukt // 40, 1000)
                        if p.post == "01" or p.stikkord == "kan overføres" else 0)
            arets = max(arets - overfort, 0)
        poster.append({"kapittel": p.kapittel, "post": p.post, "kapittelnavn": p.kapittelnavn,
                       "posttekst": p.posttekst, "overfort_fra_i_fjor": overfort,
                       "arets_tildeling": arets, "stikkord": p.stikkord})
    drift = spec.driftspost
    inntekt = SimPost(str(3000 + int(drift.kapittel)).zfill(4), "01", drift.kapittelnavn, "Driftsinntekter")
    for p in (FELLESKAP_POSTER[0], inntekt) + FELLESKAP_POSTER[1:]:
        poster.append({"kapittel": p.kapittel, "post": p.post, "kapittelnavn": p.kapittelnavn,
                       "posttekst": p.posttekst, "overfort_fra_i_fjor": 0, "arets_tildeling": 0,
                       "stikkord": None})
    return {"ar": spec.ar, "virksomhet": spec.virksomhet, "poster": poster}


def simuler(spec: SimuleringsSpec, ekstra: Sequence[Hendelse] = ()) -> Simulering:
    """Simulate one agency-year.  ``ekstra`` events are booked on top of the generated ones."""
    hendelser = generer_hendelser(spec) + tuple(ekstra)
    boker = bokfor(spec.ar, hendelser, spec.kontoer)
    return Simulering(spec, hendelser, boker, lag_tildeling(spec, boker.srapport))
