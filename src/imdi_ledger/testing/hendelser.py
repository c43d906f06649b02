"""Economic events of a bruttobudsjettert agency and how each is booked in both books.

Every event is a frozen dataclass with ``book(kontoer) -> Bokforing``: the rows it gives in
the S-rapport (cash, kontantprinsipp, R-115 / R-101) and in the SRS hovedbok (accrual,
SRS 1 / SRS 10 for bruttobudsjetterte).  The booking rules:

* **Lonn**: brutto on post 01 (500); forskuddstrekk (260) and the 2 % pensjonstrekk (263)
  credited to mellomværende 70xxxx and paid next month; arbeidsgiveravgift 540 reported with
  its counter-entry 1986 on kap 5700/72 (SRS: direct against avregning 1986); SPK premium 542
  credited to 281 and settled next month through 282 with the 2 % trekk; feriepenger accrued
  in SRS (508 / 294) and paid in cash in June (:class:`FeriepengerUtbetaling`).
* **Sykepengerefusjon**: a credit on 580 received on the konsernkonto (KK inn).
* **Gebyr**: a fee (driftsinntekt, KS 370–374) received on KK inn and reported on the agency's
  inntektspost (kap 3xxx); SRS inntekt fra gebyrer (note 1) against 1930.
* **Leverandorfaktura**: SRS books cost and nettoført mva (1987) at the invoice date against
  leverandørgjeld 240; the S-rapport sees the invoice when it is paid (cost on its post, mva
  on kap 1633/01 artskonto 1987, KK ut).
* **ForskuddsbetaltLeie**: paid in cash at once; SRS holds it on 170 and expenses it month by
  month over the months it covers.
* **Investering**: post 45, capitalised in SRS on the account of its group in
  ``srs/data/anleggsgrupper.csv`` (or on 107/113 while under utførelse, reclassified when taken
  in use) and depreciated by the library's rule (SRS 17, :mod:`imdi_ledger.srs.anleggsmidler`)
  on 600/605; the S-rapport reports the payment on an investerings-artskonto (100–129).
* **Tilskudd**: posts 60–89, artskonto 87x, paid on KK ut; SRS presents it on the
  kontantprinsipp with avregning 1998 against 879.
* **Innkreving** / **TilbakebetalingTilskudd**: 84x on kap 5309/29 received on KK inn;
  SRS avregning 1997 against 849.
* **Gruppeliv**: premium cost on post 01 with its counter-entry 1985 on kap 5309/29 (SRS: 1985).
* **BruktBelastningsfullmakt**: spending on another department's kapittel/post under a
  mottatt belastningsfullmakt, booked like a paid invoice on that post.
* **Reversering**: the exact negation of another event (a correction).

Amounts are integer øre, debit positive.  Account numbers in the hovedbok are the KS code
followed by ``0`` (``5000`` = KS 500), or the four-digit underkonto (``1985``); accumulated
depreciation is on ``<asset konto>9`` (``12809`` → KS 128).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

from ..money import andel_ore
from ..regelverk import ARBEIDSGIVERAVGIFT as _AGA
from ..regelverk import GRUPPELIV as _GRUPPELIV
from ..regelverk import MVA_NETTOORDNING as _MVA

__all__ = [
    "Kontoer",
    "SRad",
    "HRad",
    "Bokforing",
    "Hendelse",
    "Lonn",
    "LonnSatser",
    "FeriepengerUtbetaling",
    "Sykepengerefusjon",
    "Gebyr",
    "Leverandorfaktura",
    "ForskuddsbetaltLeie",
    "Investering",
    "Tilskudd",
    "Innkreving",
    "TilbakebetalingTilskudd",
    "Gruppeliv",
    "BruktBelastningsfullmakt",
    "Reversering",
    "ANLEGGSGRUPPER",
    "Anleggsgruppe",
    "konto",
    "neste_maned",
]


@dataclass(frozen=True, slots=True)
class Kontoer:
    """The agency's statskontoer and the SRS accounts the booking rules use."""

    kk_inn: str = "60088701"
    kk_ut: str = "60088702"
    mellomvaerende: str = "705005"
    srs_kk_inn: str = "1930"
    srs_kk_ut: str = "1940"
    srs_avregning_ib: str = "1990"
    kapittel_mva: str = _MVA.kapittel
    post_mva: str = _MVA.post
    kapittel_tilfeldige: str = _GRUPPELIV.kapittel
    post_tilfeldige: str = _GRUPPELIV.post
    kapittel_aga: str = _AGA.kapittel
    post_aga: str = _AGA.post


@dataclass(frozen=True, slots=True)
class SRad:
    """One S-rapport row (cash)."""

    periode: str
    statskonto: str
    artskonto: str
    belop_ore: int
    tekst: str


@dataclass(frozen=True, slots=True)
class HRad:
    """One SRS hovedbok row (accrual).  ``kapittel``/``post``/``artskonto`` carry the
    statskonto dimension of postings reported to statsregnskapet, else ``""``."""

    bilag: str
    dato: date
    konto: str
    belop_ore: int
    tekst: str
    kapittel: str = ""
    post: str = ""
    artskonto: str = ""


@dataclass(frozen=True, slots=True)
class Bokforing:
    """The rows of one event in both books."""

    srapport: tuple[SRad, ...] = ()
    hovedbok: tuple[HRad, ...] = ()

    def __add__(self, other: "Bokforing") -> "Bokforing":
        return Bokforing(self.srapport + other.srapport, self.hovedbok + other.hovedbok)


@runtime_checkable
class Hendelse(Protocol):
    """An economic event: an ``id`` (prefix of its bilag numbers) and ``book``."""

    id: str

    def book(self, kontoer: Kontoer) -> Bokforing: ...


def konto(ks: str) -> str:
    """Hovedbok account for a KS code: ``"500"`` → ``"5000"``, ``"1985"`` → ``"1985"``."""
    return ks + "0" if len(ks) == 3 else ks


def _periode(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def neste_maned(d: date, dag: int = 10) -> date:
    """A day in the month after ``d`` (settlement of trekk and premium)."""
    return date(d.year + 1, 1, dag) if d.month == 12 else date(d.year, d.month + 1, dag)


class _Bok:
    """Collects rows of one event and checks that every bilag and period balances."""

    def __init__(self, event_id: str) -> None:
        self.id = event_id
        self.s: list[SRad] = []
        self.h: list[HRad] = []

    def s_(self, d: date, statskonto: str, art: str, ore: int, tekst: str) -> None:
        if ore:
            self.s.append(SRad(_periode(d), statskonto, art, int(ore), tekst))

    def h_(self, bilag: str, d: date, kto: str, ore: int, tekst: str,
           kapittel: str = "", post: str = "", art: str = "") -> None:
        if ore:
            self.h.append(HRad(f"{self.id}-{bilag}", d, kto, int(ore), tekst, kapittel, post, art))

    def done(self) -> Bokforing:
        sums: dict[tuple[str, ...], int] = {}
        for r in self.s:
            sums[("s", r.periode)] = sums.get(("s", r.periode), 0) + r.belop_ore
        for hr in self.h:
            sums[("h", hr.bilag)] = sums.get(("h", hr.bilag), 0) + hr.belop_ore
        bad = {k: v for k, v in sums.items() if v != 0}
        if bad:
            raise ValueError(f"hendelse {self.id}: bokføringen balanserer ikke: {bad}")
        return Bokforing(tuple(self.s), tuple(self.h))


def _positive(name: str, *values: int) -> None:
    for v in values:
        if int(v) < 0:
            raise ValueError(f"{name}: beløp kan ikke være negative ({v}); bruk Reversering")


@dataclass(frozen=True, slots=True)
class LonnSatser:
    """Rates used by :meth:`Lonn.fra_brutto` (per mille, integers, so øre stay exact)."""

    forskuddstrekk_promille: int = 330
    pensjonstrekk_promille: int = 20
    arbeidsgiveravgift_promille: int = 141
    pensjonspremie_promille: int = 120
    feriepenger_promille: int = 120


def _andel(ore: int, promille: int) -> int:
    """``ore × promille / 1000`` rounded half away from zero to whole øre."""
    return andel_ore(ore, promille, 1000)


@dataclass(frozen=True, slots=True)
class Lonn:
    """One month's payroll.  Trekk and SPK premium are settled the next month (a December
    payroll leaves them as mellomværende at year end)."""

    id: str
    utbetalt: date
    brutto_ore: int
    forskuddstrekk_ore: int
    pensjonstrekk_ore: int
    arbeidsgiveravgift_ore: int
    pensjonspremie_ore: int
    feriepenger_ore: int
    kapittel: str = "0670"
    post: str = "01"

    @classmethod
    def fra_brutto(cls, id: str, utbetalt: date, brutto_ore: int, satser: LonnSatser = LonnSatser(),
                   kapittel: str = "0670", post: str = "01") -> "Lonn":
        return cls(id, utbetalt, brutto_ore,
                   _andel(brutto_ore, satser.forskuddstrekk_promille),
                   _andel(brutto_ore, satser.pensjonstrekk_promille),
                   _andel(brutto_ore, satser.arbeidsgiveravgift_promille),
                   _andel(brutto_ore, satser.pensjonspremie_promille),
                   _andel(brutto_ore, satser.feriepenger_promille), kapittel, post)

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.brutto_ore, self.forskuddstrekk_ore, self.pensjonstrekk_ore,
                  self.arbeidsgiveravgift_ore, self.pensjonspremie_ore, self.feriepenger_ore)
        b = _Bok(self.id)
        d, n = self.utbetalt, neste_maned(self.utbetalt)
        kp = self.kapittel + self.post
        B, T, P2 = self.brutto_ore, self.forskuddstrekk_ore, self.pensjonstrekk_ore
        A, S, F = self.arbeidsgiveravgift_ore, self.pensjonspremie_ore, self.feriepenger_ore
        netto = B - T - P2
        if netto < 0:
            raise ValueError(f"{self.id}: trekk større enn brutto lønn")
        mv, aga_kp = k.mellomvaerende, k.kapittel_aga + k.post_aga
        # Lønn og trekk
        b.s_(d, kp, "500", B, "Lønn")
        b.s_(d, mv, "260", -T, "Forskuddstrekk")
        b.s_(d, mv, "263", -P2, "Pensjonstrekk 2 %")
        b.s_(d, k.kk_ut, "195", -netto, "Utbetalt nettolønn")
        b.h_("L", d, konto("500"), B, "Lønn", self.kapittel, self.post, "500")
        b.h_("L", d, konto("260"), -T, "Forskuddstrekk")
        b.h_("L", d, konto("263"), -P2, "Pensjonstrekk 2 %")
        b.h_("L", d, k.srs_kk_ut, -netto, "Utbetalt nettolønn")
        # Arbeidsgiveravgift: utgift på posten, inntekt på kap 5700/72 (1986)
        b.s_(d, kp, "540", A, "Arbeidsgiveravgift")
        b.s_(d, aga_kp, _AGA.underkonto, -A, "Arbeidsgiveravgift")
        b.h_("AGA", d, konto("540"), A, "Arbeidsgiveravgift", self.kapittel, self.post, "540")
        b.h_("AGA", d, _AGA.underkonto, -A, "Arbeidsgiveravgift", k.kapittel_aga, k.post_aga, _AGA.underkonto)
        # Pensjonspremie SPK (arbeidsgiverandel), avsatt i mellomværende 281
        b.s_(d, kp, "542", S, "Pensjonspremie SPK")
        b.s_(d, mv, "281", -S, "Avsatt pensjonspremie SPK")
        b.h_("SPK", d, konto("542"), S, "Pensjonspremie SPK", self.kapittel, self.post, "542")
        b.h_("SPK", d, konto("281"), -S, "Avsatt pensjonspremie SPK")
        # Feriepenger opptjent (bare SRS)
        b.h_("FP", d, konto("508"), F, "Feriepenger opptjent")
        b.h_("FP", d, konto("294"), -F, "Avsatte feriepenger")
        # Neste måned: trekk betalt, SPK-faktura mottatt (282) og betalt
        b.s_(n, mv, "260", T, "Forskuddstrekk betalt")
        b.s_(n, k.kk_ut, "195", -T, "Forskuddstrekk betalt")
        b.h_("TREKK", n, konto("260"), T, "Forskuddstrekk betalt")
        b.h_("TREKK", n, k.srs_kk_ut, -T, "Forskuddstrekk betalt")
        b.s_(n, mv, "281", S, "SPK-faktura")
        b.s_(n, mv, "263", P2, "SPK-faktura pensjonstrekk")
        b.s_(n, mv, "282", -(S + P2), "SPK-faktura")
        b.s_(n, mv, "282", S + P2, "SPK-faktura betalt")
        b.s_(n, k.kk_ut, "195", -(S + P2), "SPK-faktura betalt")
        b.h_("SPKF", n, konto("281"), S, "SPK-faktura")
        b.h_("SPKF", n, konto("263"), P2, "SPK-faktura pensjonstrekk")
        b.h_("SPKF", n, konto("282"), -(S + P2), "SPK-faktura")
        b.h_("SPKB", n, konto("282"), S + P2, "SPK-faktura betalt")
        b.h_("SPKB", n, k.srs_kk_ut, -(S + P2), "SPK-faktura betalt")
        return b.done()


@dataclass(frozen=True, slots=True)
class FeriepengerUtbetaling:
    """Feriepenger paid in June (cash 508 on the post), against the SRS accrual 294;
    arbeidsgiveravgift on the payment; forskuddstrekk paid next month."""

    id: str
    utbetalt: date
    belop_ore: int
    forskuddstrekk_ore: int
    arbeidsgiveravgift_ore: int
    kapittel: str = "0670"
    post: str = "01"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.belop_ore, self.forskuddstrekk_ore, self.arbeidsgiveravgift_ore)
        b = _Bok(self.id)
        d, n = self.utbetalt, neste_maned(self.utbetalt)
        kp, mv = self.kapittel + self.post, k.mellomvaerende
        F, T, A = self.belop_ore, self.forskuddstrekk_ore, self.arbeidsgiveravgift_ore
        b.s_(d, kp, "508", F, "Feriepenger")
        b.s_(d, mv, "260", -T, "Forskuddstrekk feriepenger")
        b.s_(d, k.kk_ut, "195", -(F - T), "Utbetalt feriepenger")
        b.h_("FP", d, konto("294"), F, "Feriepenger utbetalt", self.kapittel, self.post, "508")
        b.h_("FP", d, konto("260"), -T, "Forskuddstrekk feriepenger")
        b.h_("FP", d, k.srs_kk_ut, -(F - T), "Utbetalt feriepenger")
        b.s_(d, kp, "540", A, "Arbeidsgiveravgift feriepenger")
        b.s_(d, k.kapittel_aga + k.post_aga, _AGA.underkonto, -A, "Arbeidsgiveravgift feriepenger")
        b.h_("AGA", d, konto("540"), A, "Arbeidsgiveravgift feriepenger", self.kapittel, self.post, "540")
        b.h_("AGA", d, _AGA.underkonto, -A, "Arbeidsgiveravgift feriepenger", k.kapittel_aga, k.post_aga, _AGA.underkonto)
        b.s_(n, mv, "260", T, "Forskuddstrekk betalt")
        b.s_(n, k.kk_ut, "195", -T, "Forskuddstrekk betalt")
        b.h_("TREKK", n, konto("260"), T, "Forskuddstrekk betalt")
        b.h_("TREKK", n, k.srs_kk_ut, -T, "Forskuddstrekk betalt")
        return b.done()


@dataclass(frozen=True, slots=True)
class Sykepengerefusjon:
    """Refusjon av sykepenger from NAV, received on KK inn, credited to 580."""

    id: str
    dato: date
    belop_ore: int
    kapittel: str = "0670"
    post: str = "01"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.belop_ore)
        b = _Bok(self.id)
        R = self.belop_ore
        b.s_(self.dato, k.kk_inn, "195", R, "Sykepengerefusjon")
        b.s_(self.dato, self.kapittel + self.post, "580", -R, "Sykepengerefusjon")
        b.h_("R", self.dato, k.srs_kk_inn, R, "Sykepengerefusjon")
        b.h_("R", self.dato, konto("580"), -R, "Sykepengerefusjon", self.kapittel, self.post, "580")
        return b.done()


@dataclass(frozen=True, slots=True)
class Gebyr:
    """A fee the agency charges (gebyrer, driftsinntekt KS 370–374), received on KK inn and
    reported on its own inntektspost; SRS inntekt fra gebyrer (note 1, SRS 10 transaksjons-
    basert inntekt) against the konsernkonto."""

    id: str
    dato: date
    belop_ore: int
    kapittel: str = "3670"
    post: str = "01"
    artskonto: str = "370"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.belop_ore)
        if not ("370" <= self.artskonto <= "374" and len(self.artskonto) == 3):
            raise ValueError(f"{self.id}: gebyr må ha artskonto 370–374")
        b = _Bok(self.id)
        G = self.belop_ore
        b.s_(self.dato, k.kk_inn, "195", G, "Gebyr")
        b.s_(self.dato, self.kapittel + self.post, self.artskonto, -G, "Gebyr")
        b.h_("G", self.dato, k.srs_kk_inn, G, "Gebyr")
        b.h_("G", self.dato, konto(self.artskonto), -G, "Gebyr", self.kapittel, self.post, self.artskonto)
        return b.done()


@dataclass(frozen=True, slots=True)
class Leverandorfaktura:
    """A supplier invoice with mva under nettoordningen.  ``betalt`` may fall in the next
    year (or be ``None``: still unpaid); the S-rapport sees the invoice only when paid."""

    id: str
    fakturadato: date
    betalt: date | None
    artskonto: str
    netto_ore: int
    mva_ore: int = 0
    kapittel: str = "0670"
    post: str = "01"
    tekst: str = "Leverandørfaktura"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.netto_ore, self.mva_ore)
        if self.betalt is not None and self.betalt < self.fakturadato:
            raise ValueError(f"{self.id}: betalt før fakturadato")
        b = _Bok(self.id)
        N, M = self.netto_ore, self.mva_ore
        d = self.fakturadato
        b.h_("F", d, konto(self.artskonto), N, self.tekst, self.kapittel, self.post, self.artskonto)
        b.h_("F", d, _MVA.underkonto, M, "Nettoført mva", k.kapittel_mva, k.post_mva, _MVA.underkonto)
        b.h_("F", d, konto("240"), -(N + M), "Leverandørgjeld")
        if self.betalt is not None:
            p = self.betalt
            b.s_(p, self.kapittel + self.post, self.artskonto, N, self.tekst)
            b.s_(p, k.kapittel_mva + k.post_mva, _MVA.underkonto, M, "Nettoført mva")
            b.s_(p, k.kk_ut, "195", -(N + M), "Betalt leverandør")
            b.h_("B", p, konto("240"), N + M, "Leverandørgjeld betalt")
            b.h_("B", p, k.srs_kk_ut, -(N + M), "Betalt leverandør")
        return b.done()


@dataclass(frozen=True, slots=True)
class BruktBelastningsfullmakt:
    """Spending under a mottatt belastningsfullmakt: an invoice paid on another department's
    kapittel/post (e.g. 0601/21) on the same day it is booked."""

    id: str
    dato: date
    kapittel: str
    post: str
    artskonto: str
    netto_ore: int
    mva_ore: int = 0
    fra: str = "annet departement"

    def book(self, k: Kontoer) -> Bokforing:
        return Leverandorfaktura(self.id, self.dato, self.dato, self.artskonto, self.netto_ore,
                                 self.mva_ore, self.kapittel, self.post,
                                 f"Belastningsfullmakt fra {self.fra}").book(k)


def _fordel(total: int, n: int) -> list[int]:
    """Split ``total`` øre into ``n`` parts that add up exactly (cumulative floor)."""
    return [total * (i + 1) // n - total * i // n for i in range(n)]


def _maned_pluss(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class ForskuddsbetaltLeie:
    """Rent paid in advance for ``antall_maneder`` months from ``forste_maned``: cash at
    payment (630, no mva), SRS 170 expensed month by month (last day of each month)."""

    id: str
    betalt: date
    forste_maned: date
    antall_maneder: int
    belop_ore: int
    kapittel: str = "0670"
    post: str = "01"
    artskonto: str = "630"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.belop_ore)
        if self.antall_maneder < 1:
            raise ValueError(f"{self.id}: antall_maneder må være minst 1")
        b = _Bok(self.id)
        A = self.belop_ore
        b.s_(self.betalt, self.kapittel + self.post, self.artskonto, A, "Husleie forskuddsbetalt")
        b.s_(self.betalt, k.kk_ut, "195", -A, "Husleie betalt")
        b.h_("B", self.betalt, konto("170"), A, "Forskuddsbetalt leie", self.kapittel, self.post, self.artskonto)
        b.h_("B", self.betalt, k.srs_kk_ut, -A, "Husleie betalt")
        for i, del_ in enumerate(_fordel(A, self.antall_maneder)):
            start = _maned_pluss(self.forste_maned, i)
            slutt = date(_maned_pluss(start, 1).year, _maned_pluss(start, 1).month, 1)
            siste = date.fromordinal(slutt.toordinal() - 1)
            b.h_(f"P{i + 1}", siste, konto(self.artskonto), del_, "Husleie periodisert")
            b.h_(f"P{i + 1}", siste, konto("170"), -del_, "Husleie periodisert")
        return b.done()


@dataclass(frozen=True, slots=True)
class Anleggsgruppe:
    """How the simulator books one asset group of ``srs/data/anleggsgrupper.csv``: the
    hovedbok account (KS code + ``0``), the account of accumulated depreciation
    (``<konto>9``), the avskrivningskonto (``6000`` note 3, ``6050`` note 4; ``None`` when the
    group is not depreciated), the investerings-artskonto reported in the S-rapport (the KS
    code) and the group that holds the asset while it is under utførelse."""

    gruppe: str
    konto: str
    avskrivningskonto: str | None
    artskonto: str
    under_utforelse: str

    @property
    def akkumulert_konto(self) -> str:
        return self.konto + "9"


def _les_anleggsgrupper() -> dict[str, Anleggsgruppe]:
    from ..srs.anleggsmidler import load_anleggsgrupper

    out: dict[str, Anleggsgruppe] = {}
    for r in load_anleggsgrupper().frame.to_dict("records"):
        avskr = None if r["avskrives"] != "1" else ("6000" if r["note"] == "3" else "6050")
        out[r["gruppe"]] = Anleggsgruppe(r["gruppe"], konto(r["ks"]), avskr, r["ks"],
                                         r["under_utforelse"] or r["gruppe"])
    return out


#: The asset groups of the library (``srs/data/anleggsgrupper.csv``), as the simulator books them.
ANLEGGSGRUPPER: dict[str, Anleggsgruppe] = _les_anleggsgrupper()


@dataclass(frozen=True, slots=True)
class Investering:
    """One cost component of an asset bought on post 45 (SRS 17), capitalised in SRS and
    depreciated by the library's rule (:func:`imdi_ledger.srs.anleggsmidler.akkumulert_avskrivning`,
    ``docs/srs.md``): linear by month of use from the month after ``tatt_i_bruk``,
    accumulated ``round_half_up(kost × m / (12 × levetid_ar))`` øre, the year's avskrivning
    booked on 31.12 as the difference of two accumulated figures.

    A component taken in use in the year it is acquired is booked on its group's account.
    Otherwise (``tatt_i_bruk`` blank or in a later year) it is booked on the group's
    under-utførelse account (1070 / 1130) and reclassified to the group's account on
    ``tatt_i_bruk``.  ``eiendel`` (default ``id``) groups the components of one project in
    the asset register."""

    id: str
    fakturadato: date
    betalt: date | None
    gruppe: str
    kost_ore: int
    levetid_ar: int
    tatt_i_bruk: date | None
    mva_ore: int = 0
    kapittel: str = "0670"
    post: str = "45"
    eiendel: str | None = None

    @property
    def direkte(self) -> bool:
        """Taken in use in the year of acquisition (a tilgang of its group, SRS 17)."""
        return self.tatt_i_bruk is not None and self.tatt_i_bruk.year <= self.fakturadato.year

    def _gruppe(self) -> Anleggsgruppe:
        if self.gruppe not in ANLEGGSGRUPPER:
            raise ValueError(f"{self.id}: ukjent anleggsgruppe {self.gruppe!r}; kjente: {sorted(ANLEGGSGRUPPER)}")
        return ANLEGGSGRUPPER[self.gruppe]

    def book(self, k: Kontoer) -> Bokforing:
        from ..srs.anleggsmidler import akkumulert_avskrivning

        _positive(self.id, self.kost_ore, self.mva_ore)
        g = self._gruppe()
        if g.avskrivningskonto is not None and self.tatt_i_bruk is not None and self.levetid_ar < 1:
            raise ValueError(f"{self.id}: {self.gruppe} tatt i bruk trenger levetid_ar ≥ 1")
        if self.tatt_i_bruk is not None and self.tatt_i_bruk < self.fakturadato:
            raise ValueError(f"{self.id}: tatt i bruk før anskaffelsesdato")
        if self.tatt_i_bruk is not None and g.under_utforelse == g.gruppe:
            raise ValueError(f"{self.id}: {self.gruppe} er under utførelse og tas ikke i bruk; "
                             "før komponenten på gruppen den tas i bruk i")
        u = ANLEGGSGRUPPER[g.under_utforelse]
        forste = g if self.direkte else u
        lev = Leverandorfaktura(self.id, self.fakturadato, self.betalt, forste.artskonto, self.kost_ore,
                                self.mva_ore, self.kapittel, self.post, f"Investering {self.gruppe}")
        base = lev.book(k)  # konto(artskonto) is the balance account (e.g. 128 -> 1280)
        b = _Bok(self.id)
        t = self.tatt_i_bruk
        if t is not None and forste is not g:
            b.h_("RK", t, g.konto, self.kost_ore, f"Reklassifisert fra under utførelse {self.id}")
            b.h_("RK", t, u.konto, -self.kost_ore, f"Reklassifisert fra under utførelse {self.id}")
        if g.avskrivningskonto is not None and t is not None:
            forrige = 0
            for ar in range(t.year, t.year + self.levetid_ar + 2):
                akk = akkumulert_avskrivning(self.kost_ore, t, self.levetid_ar, date(ar, 12, 31))
                d = date(ar, 12, 31)
                b.h_(f"AVS{ar}", d, g.avskrivningskonto, akk - forrige, f"Avskrivning {self.id}")
                b.h_(f"AVS{ar}", d, g.akkumulert_konto, forrige - akk, f"Akkumulerte avskrivninger {self.id}")
                forrige = akk
        return base + b.done()

    def register_rad(self) -> dict[str, object]:
        """This component as a row of the asset register (``docs/srs.md``; kroner text,
        decimal comma)."""
        g = self._gruppe()
        kr, ore = divmod(self.kost_ore, 100)
        return {
            "eiendel": self.eiendel or self.id,
            "gruppe": self.gruppe,
            "konto": g.konto,
            "anskaffelsesdato": self.fakturadato.isoformat(),
            "tatt_i_bruk": self.tatt_i_bruk.isoformat() if self.tatt_i_bruk else "",
            "anskaffelseskost": f"{kr},{ore:02d}",
            "levetid_ar": str(self.levetid_ar) if g.avskrivningskonto is not None and self.levetid_ar >= 1 else "",
            "avgangsdato": "",
            "nedskrivning": "",
        }


@dataclass(frozen=True, slots=True)
class Tilskudd:
    """A grant paid on a tilskuddspost (60–89), artskonto 87x; SRS avregning 1998/879."""

    id: str
    dato: date
    kapittel: str
    post: str
    belop_ore: int
    artskonto: str = "870"
    mottaker: str = "kommune"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.belop_ore)
        if not ("60" <= self.post <= "89"):
            raise ValueError(f"{self.id}: tilskudd må være på post 60–89, ikke {self.post}")
        b = _Bok(self.id)
        T, d = self.belop_ore, self.dato
        tekst = f"Tilskudd {self.mottaker}"
        b.s_(d, self.kapittel + self.post, self.artskonto, T, tekst)
        b.s_(d, k.kk_ut, "195", -T, tekst)
        b.h_("T", d, konto(self.artskonto), T, tekst, self.kapittel, self.post, self.artskonto)
        b.h_("T", d, k.srs_kk_ut, -T, tekst)
        b.h_("A", d, "1998", T, "Avregning tilskuddsforvaltning")
        b.h_("A", d, konto("879"), -T, "Avregning tilskuddsforvaltning")
        return b.done()


@dataclass(frozen=True, slots=True)
class Innkreving:
    """An amount collected for the state (84x, default kap 5309/29 artskonto 848), received
    on KK inn; SRS avregning 849/1997."""

    id: str
    dato: date
    belop_ore: int
    artskonto: str = "848"
    kapittel: str = _GRUPPELIV.kapittel
    post: str = _GRUPPELIV.post
    tekst: str = "Innkreving"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.belop_ore)
        if not self.artskonto.startswith("84") or self.artskonto == "849":
            raise ValueError(f"{self.id}: innkreving må ha artskonto 840–848")
        b = _Bok(self.id)
        I, d = self.belop_ore, self.dato
        b.s_(d, k.kk_inn, "195", I, self.tekst)
        b.s_(d, self.kapittel + self.post, self.artskonto, -I, self.tekst)
        b.h_("I", d, k.srs_kk_inn, I, self.tekst)
        b.h_("I", d, konto(self.artskonto), -I, self.tekst, self.kapittel, self.post, self.artskonto)
        b.h_("A", d, konto("849"), I, "Avregning innkrevingsvirksomhet")
        b.h_("A", d, "1997", -I, "Avregning innkrevingsvirksomhet")
        return b.done()


@dataclass(frozen=True, slots=True)
class TilbakebetalingTilskudd:
    """A grant recipient pays back a tilskudd from an earlier year: innkreving on kap
    5309/29 artskonto 848 (the tilskuddspost itself is not credited)."""

    id: str
    dato: date
    belop_ore: int
    fra_post: str = "067160"

    def book(self, k: Kontoer) -> Bokforing:
        return Innkreving(self.id, self.dato, self.belop_ore, "848", k.kapittel_tilfeldige,
                          k.post_tilfeldige, f"Tilbakebetalt tilskudd {self.fra_post}").book(k)


@dataclass(frozen=True, slots=True)
class Gruppeliv:
    """Gruppelivsforsikring: premium cost (750) on the post, counter-entry 1985 on kap
    5309/29 (SRS: 1985 direct against avregning).  No cash moves."""

    id: str
    dato: date
    belop_ore: int
    kapittel: str = "0670"
    post: str = "01"

    def book(self, k: Kontoer) -> Bokforing:
        _positive(self.id, self.belop_ore)
        b = _Bok(self.id)
        G, d = self.belop_ore, self.dato
        tf = k.kapittel_tilfeldige + k.post_tilfeldige
        b.s_(d, self.kapittel + self.post, "750", G, "Gruppelivsforsikring")
        b.s_(d, tf, _GRUPPELIV.underkonto, -G, "Gruppelivsforsikring")
        b.h_("G", d, konto("750"), G, "Gruppelivsforsikring", self.kapittel, self.post, "750")
        b.h_("G", d, _GRUPPELIV.underkonto, -G, "Gruppelivsforsikring", k.kapittel_tilfeldige, k.post_tilfeldige, _GRUPPELIV.underkonto)
        return b.done()


@dataclass(frozen=True, slots=True)
class Reversering:
    """The exact negation of another event, bilag ids suffixed ``-R``."""

    original: Hendelse
    id: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"{self.original.id}-R")

    def book(self, k: Kontoer) -> Bokforing:
        o = self.original.book(k)
        return Bokforing(
            tuple(SRad(r.periode, r.statskonto, r.artskonto, -r.belop_ore, r.tekst + " (reversert)")
                  for r in o.srapport),
            tuple(HRad(r.bilag + "-R", r.dato, r.konto, -r.belop_ore, r.tekst + " (reversert)",
                       r.kapittel, r.post, r.artskonto) for r in o.hovedbok),
        )
