"""Note 7A/7B «Sammenheng mellom avregnet med statskassen og mellomværende med statskassen»
(bruttobudsjetterte virksomheter) and the kongruensavvik, computed from the S-rapport (cash)
and the SRS hovedbok (accrual).

Sources: R-115 (note for virksomheter som rapporterer S-rapport, SRS-variant); DFØ
«Avregning med statskassen» (avregning = bokført i hovedboken, mellomværende = rapportert på
statskonto 70xxxx/71xxxx); SRS 1 and SRS 10 for bruttobudsjetterte
items 18–23.  The definitions, signs and the worked IMDi 2025 figures are in ``docs/note7.md``.

Signs: every amount is debit positive (the note's own convention: konsernkonto utbetaling
and innkreving negative).  «Sum endring i avregnet med statskassen» is therefore
``−(AMS_UB − AMS_IB)`` where AMS is the balance line «Avregnet med statskassen» as presented
(credit positive).

* **Note 7A** itemises the year's postings on the avregning accounts (the SRS 1 line
  ``avregnet_statskassen``: KS 193–199, 1970–1999 underkontoer) by KS code: konsernkonto
  innbetaling/utbetaling (193/194), innkreving (1997), tilskudd (1998), inntektsført fra
  bevilgning (1991), gruppeliv/arbeidsgiveravgift (1985/1986), nettoordning mva (1987) and
  every other code as an *andre avstemmingspost*.  The resultat of the year is avregnet on
  1999 and is shown as «Resultat av periodens aktiviteter» (its effect on avregning, so a
  surplus is negative).  Bilag whose rows are all avregning accounts (the year-end
  nullstilling of the konsernkonto) move nothing and are left out with an ``info`` finding.
  What the lines do not explain is the line «Uforklart differanse» and an error finding.
* **Kongruensavvik** = ``ΔAMS − resultat av periodens aktiviteter før avregning``.
* Cross-checks between the books (findings with expected = S-rapport, actual = hovedbok):
  konsernkonto inn/ut and netto trekk ``= −(netto rapportert + Δmellomværende)``, 1985/1986/1987
  against the felleskap rows, tilskudd (85x/87x) and innkreving (82x–84x).
* **Note 7B** compares, per SRS balance line, the ledger balance (bokført avregning) with the
  reported mellomværende at 31.12 mapped to the same line; forskjell = bokført − rapportert.

Sum terms (carried by the tables): 7A netto trekk = kk utbetaling + kk innbetaling; sum andre
avstemmingsposter = the «andre» lines; forskjell = netto trekk + the five named lines + sum andre
(+ uforklart differanse); sum endring = forskjell + resultat — all in the current-year column
(the prior-year and endring columns belong to the first line only).  7B: each group's Sum adds
its lines, the total adds the group sums, in all three columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .findings import Finding, Severity
from .load.koder import belop, koder, rader, sum_per_kode
from .kontoplan import Kontoplan, standard_kontoplan
from .load.hovedbok import Hovedbok, radkoder
from .load.srapport import SRapport
from .mellomvaerende import mellomvaerende_saldo
from .money import belop_tekst
from .regelverk import ARBEIDSGIVERAVGIFT, GRUPPELIV, MVA_NETTOORDNING
from .srs.grunnlag import DRIFT_FINANS_LINJER, Grunnlag, grunnlag_fra_hovedbok
from .srs.kontoplan_srs import SrsKontoplan, load_kontoplan
from .tabell import Kolonne, Ledd, Tabell

__all__ = ["Note7A", "Note7B", "Note7BOppsett", "Note7Kontoer", "note_7a", "note_7b", "NOTE7B_GRUPPER",
           "NOTE7B_IMDI", "NOTE7B_SRS1"]

_REF_7A = "R-115 note 7A (bruttobudsjetterte); DFØ «Avregning med statskassen»"
_REF_7B = "R-115 note 7B (bruttobudsjetterte)"
_AMS = "avregnet_statskassen"


@dataclass(frozen=True, slots=True)
class Note7Kontoer:
    """KS codes of the avregning accounts the note names (R-102 kontogruppe 19)."""

    kk_inn: tuple[str, ...] = ("193",)
    kk_ut: tuple[str, ...] = ("194",)
    innkreving: tuple[str, ...] = ("1997",)
    tilskudd: tuple[str, ...] = ("1998",)
    bevilgning: tuple[str, ...] = ("1991",)
    gruppeliv_aga: tuple[str, ...] = (GRUPPELIV.underkonto, ARBEIDSGIVERAVGIFT.underkonto)
    mva: tuple[str, ...] = (MVA_NETTOORDNING.underkonto,)
    resultat: tuple[str, ...] = ("1999",)

    def navngitte(self) -> frozenset[str]:
        return frozenset(self.kk_inn + self.kk_ut + self.innkreving + self.tilskudd + self.bevilgning
                         + self.gruppeliv_aga + self.mva + self.resultat)


@dataclass(frozen=True, eq=False)
class Note7A:
    """Note 7A of one year.  ``kongruensavvik_ore`` = ΔAMS − resultat (presented signs);
    ``uforklart_ore`` is the part of the change the itemised lines do not explain."""

    ar: int
    tabell: Tabell
    endring_ams_ore: int
    resultat_ore: int
    kongruensavvik_ore: int
    uforklart_ore: int
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, eq=False)
class Note7B:
    """Note 7B at 31.12: bokført avregning vs rapportert mellomværende per balance line."""

    ar: int
    tabell: Tabell
    sum_bokfort_ore: int
    sum_rapportert_ore: int
    findings: tuple[Finding, ...] = ()


# ------------------------------------------------------------------ shared extraction


@dataclass(frozen=True, eq=False)
class _Ledger:
    g: Grunnlag
    bevegelse: dict[str, int]          # avregning movement per KS code (internal bilag excluded)
    interne: pd.DataFrame = field(repr=False)
    ams_ib: int = 0                    # debit balance of the avregning accounts 01.01
    ams_ub: int = 0


def _ledger(hb: Hovedbok, ar: int, kp: SrsKontoplan, kontoer: Note7Kontoer | None = None) -> _Ledger:
    """Movements on the avregning accounts.  A bilag posted only between avregning accounts is
    *internal* (e.g. the year-end nulling of the konsernkonto against 1990) and kept out of the
    lines, unless it touches a line the note names besides the konsernkonto (1985/1986/1987,
    1991, 1997, 1998): a mva posting 1987 against konsernkonto ut is two lines of the note that
    cancel, not an internal transfer."""
    k = kontoer or Note7Kontoer()
    named = k.navngitte() - frozenset(k.kk_inn + k.kk_ut)
    g = grunnlag_fra_hovedbok(hb, ar, kp)
    hbf = hb.frame
    rk = radkoder(hb)
    # the year's rows other than bilag IB, by position (no copy of the frame's columns)
    pos = np.flatnonzero((hbf["ar"] == ar).to_numpy(dtype=bool) & ~rk.ib)
    kcodes = rk.konto[pos]
    # KS code and line once per konto, then per row by its konto's code
    ks_u = kp.ks_kode(pd.Series(rk.kontoer, dtype=object))
    ams_u = kp.linje(ks_u, "balanse").eq(_AMS).to_numpy(dtype=bool)
    named_u = ks_u.isin(named).to_numpy(dtype=bool)
    ams, touches = ams_u[kcodes], named_u[kcodes]
    # per bilag (file and number): how many rows are off the avregning accounts or on a named
    # line; only the bilag with a row on the avregning accounts can be internal, so only the
    # rows whose bilag number is one of theirs are grouped
    intern = np.zeros(len(pos), dtype=bool)
    if ams.any():
        bilagnr = hbf["bilag"].to_numpy(dtype=object)[pos]
        aktuelle = np.flatnonzero(pd.Index(pd.unique(bilagnr[ams]), dtype=object).get_indexer(bilagnr) >= 0)
        bilag = _bilagkoder(hbf, pos[aktuelle], bilagnr[aktuelle])
        a_akt, t_akt = ams[aktuelle], touches[aktuelle]
        n_bilag = int(bilag.max()) + 1 if len(bilag) else 0
        ikke_ams = np.bincount(bilag[~a_akt], minlength=n_bilag)[bilag]
        touches_named = np.bincount(bilag[t_akt], minlength=n_bilag)[bilag]
        intern[aktuelle] = (ikke_ams == 0) & (touches_named == 0) & a_akt
    valgt = ams & ~intern
    # the movement per KS code: integer sums per konto, then added per KS code (sorted)
    n_konto = len(rk.kontoer)
    belop = hbf["belop_ore"].to_numpy(dtype=np.int64)[pos]
    per_konto = sum_per_kode(kcodes[valgt], belop[valgt], n_konto)
    har = np.bincount(kcodes[valgt], minlength=n_konto) > 0
    ks_arr = ks_u.to_numpy(dtype=object)
    bevegelse: dict[str, int] = {}
    for i in sorted(np.flatnonzero(har), key=lambda i: ks_arr[i]):
        bevegelse[str(ks_arr[i])] = bevegelse.get(str(ks_arr[i]), 0) + int(per_konto[i])
    interne = hbf.iloc[pos[intern], [hbf.columns.get_loc(c) for c in ("bilag", "konto", "belop_ore", "_file", "_row")]]
    saldo = g.saldo
    beregnet = saldo[saldo["beregnet"].astype(bool) & (saldo["linje"] == _AMS)]
    for _, r in beregnet.iterrows():
        bevegelse[str(r["ks"])] = bevegelse.get(str(r["ks"]), 0) + int(r["ub_ore"])
    a = saldo[(saldo["oppstilling"] == "balanse") & (saldo["linje"] == _AMS)]
    return _Ledger(g, bevegelse, interne, int(a["ib_ore"].sum()), int(a["ub_ore"].sum()))


def _bilagkoder(hbf: pd.DataFrame, pos: np.ndarray, bilagnr: np.ndarray) -> np.ndarray:
    """One integer per (file, bilag) of the rows at ``pos`` (their bilag numbers ``bilagnr``);
    equal for the rows of one bilag."""
    bilag, _ = pd.factorize(bilagnr)
    filer, fil_u = pd.factorize(hbf["_file"].take(pos))
    if len(fil_u) <= 1:
        return bilag
    nokkel, _ = pd.factorize(filer.astype(np.int64) * (int(bilag.max()) + 1) + bilag)
    return nokkel


def _sum(d: dict[str, int], codes: tuple[str, ...]) -> int:
    return sum(d.get(c, 0) for c in codes)


def _kryss(rule: str, line: str, tekst: str, expected: int, actual: int) -> Finding | None:
    """A difference between the books.  Konsernkonto is cash in both books (error); the
    other lines may differ by timing (e.g. mva on unpaid invoices), so they are warnings."""
    if expected == actual:
        return None
    kontant = rule.startswith("NOTE7A-KK")
    severity = Severity.ERROR if kontant else Severity.WARNING
    forklaring = ("" if kontant else "; forskjellen er en periodiseringsforskjell mellom hovedboken (bokført) "
                  "og S-rapporten (betalt) eller en feilføring")
    return Finding(rule=rule, severity=severity, statement="note_7a", line=line,
                   message=(f"{tekst}: hovedboken har {belop_tekst(actual)} kr, S-rapporten {belop_tekst(expected)} kr "
                            f"(forskjell {belop_tekst(actual - expected)} kr){forklaring}"),
                   expected_ore=expected, actual_ore=actual, reference=_REF_7A)


def _kryssjekker(s: SRapport, led: _Ledger, k: Note7Kontoer, kk_inn: int, kk_ut: int,
                 kontantplan: Kontoplan | None = None) -> list[Finding]:
    # The S-rapport's sums the checks read: per kontotype (one pass over the rows), and per
    # artskonto of the rows on kapittel/post (bevilgning, ukjent); exact int64, then added per
    # distinct value.
    bel = belop(s)
    kt, typer_u = koder(s, "kontotype")
    per_type = sum_per_kode(kt, bel, len(typer_u))

    def typ(*typer: str) -> int:
        return sum((int(per_type[i]) for i, t in enumerate(typer_u) if isinstance(t, str) and t in typer), 0)

    art, unike = koder(s, "artskonto")
    bev = rader(s, "kontotype", ("bevilgning", "ukjent"))
    per_art = sum_per_kode(art[bev], bel[bev], len(unike))
    # the artskonto line once per distinct artskonto
    art_linje_u = (kontantplan or standard_kontoplan()).artskonto_linje(pd.Series(unike, dtype=object))
    art_linje_u = art_linje_u.to_numpy(dtype=object)

    def art_linje(linje: str) -> int:
        return sum((int(per_art[i]) for i in np.flatnonzero(art_linje_u == linje)), 0) if len(unike) else 0

    def artskonto(code: str) -> int:
        return sum((int(per_art[i]) for i, a in enumerate(unike) if isinstance(a, str) and a == code), 0)

    netto_rapportert = int(bel[bev].sum())
    d_mv = typ("mellomvaerende")
    res = led.g.linjesum("resultat")
    checks = [
        ("NOTE7A-KK-INN", "kk_inn", "Konsernkonto innbetaling", typ("kk_inn"), kk_inn),
        ("NOTE7A-KK-UT", "kk_ut", "Konsernkonto utbetaling", typ("kk_ut"), kk_ut),
        ("NOTE7A-KK-NETTO", "netto_trekk",
         "Netto trekk konsernkonto mot −(netto rapportert + endring i mellomværende)",
         -(netto_rapportert + d_mv), kk_inn + kk_ut),
    ]
    for code in k.gruppeliv_aga + k.mva:
        checks.append((f"NOTE7A-{code}", f"underkonto_{code}", f"Underkonto {code} mot felleskapitlet",
                       artskonto(code), led.bevegelse.get(code, 0)))
    checks += [
        ("NOTE7A-TILSKUDD", "tilskudd", "Tilskudd til andre (85x/87x) mot utbetalinger til tilskudd",
         art_linje("utbetalinger_tilskudd"), int(res.get("tilskudd_andre", 0))),
        ("NOTE7A-INNKREVING", "innkreving", "Innkrevingsvirksomhet (82x–84x) mot innbetalinger innkreving",
         art_linje("innbetaling_innkreving"), int(res.get("avgifter_direkte", 0))),
    ]
    out = [x for x in (_kryss(*c) for c in checks) if x is not None]
    return out


# ------------------------------------------------------------------ note 7A


def note_7a(
    srapport: SRapport,
    hovedbok: Hovedbok,
    *,
    avregnet_fjor_ore: int | None = None,
    kontoplan: SrsKontoplan | None = None,
    kontoer: Note7Kontoer = Note7Kontoer(),
    kontantplan: Kontoplan | None = None,
) -> Note7A:
    """Note 7A for the S-rapport's year.  ``avregnet_fjor_ore``: avregnet med statskassen
    31.12 last year as published (presented, credit positive); default the ledger's IB.  A
    published figure that differs from the ledger's IB shows up as «Uforklart differanse».
    ``kontoplan``: the SRS chart (default the shipped ``srs1.csv``/``noter.csv``);
    ``kontantplan``: the cash chart whose artskonto lines the cross-checks read (default the
    standard kontoplan; ``regnskap.beregn`` passes ``Grunnlag.kontoplan``)."""
    kp = kontoplan or load_kontoplan()
    ar = srapport.ar
    led = _ledger(hovedbok, ar, kp, kontoer)
    b, k = led.bevegelse, kontoer
    ams_ub = -led.ams_ub
    ams_ib = -led.ams_ib if avregnet_fjor_ore is None else int(avregnet_fjor_ore)
    endring = ams_ub - ams_ib

    res = led.g.linjesum("resultat")
    resultat_debet = sum(int(res.get(x, 0)) for x in DRIFT_FINANS_LINJER + ("inntekt_bevilgninger",))
    kk_inn, kk_ut = _sum(b, k.kk_inn), _sum(b, k.kk_ut)
    lines: list[tuple[str, str, int]] = [
        ("innkreving", "− Innbetaling innkrevingsvirksomhet og andre overføringer", _sum(b, k.innkreving)),
        ("tilskudd", "+ Utbetaling tilskuddsforvaltning og andre overføringer", _sum(b, k.tilskudd)),
        ("bevilgning_1991", "+ Inntektsført fra bevilgning (underkonto 1991)", _sum(b, k.bevilgning)),
        ("gruppeliv_aga", f"− Gruppeliv/arbeidsgiveravgift (underkonto {' og '.join(k.gruppeliv_aga)})",
         _sum(b, k.gruppeliv_aga)),
        ("mva_1987", f"+ Nettoordning, statlig betalt merverdiavgift (underkonto {' og '.join(k.mva)})",
         _sum(b, k.mva)),
    ]
    andre = sorted((c, v) for c, v in b.items() if c not in k.navngitte() and v != 0)
    andre_lines = [(f"andre_{c}", f"Andre avstemmingsposter: KS {c}", v) for c, v in andre]
    forklart = kk_inn + kk_ut + sum(v for _, _, v in lines + andre_lines)
    uforklart = -endring - (forklart + resultat_debet)

    rows: list[dict[str, object]] = [
        {"line_id": "avregnet_i_balansen", "kind": "line", "tekst": "Avregnet med statskassen i balansen",
         "belop": ams_ub, "belop_fjor": ams_ib, "endring": endring},
        {"line_id": "h_kk", "kind": "header", "tekst": "Konsernkontoer i Norges Bank"},
        {"line_id": "kk_ut", "kind": "line", "tekst": "Konsernkonto utbetaling", "belop": kk_ut},
        {"line_id": "kk_inn", "kind": "line", "tekst": "Konsernkonto innbetaling", "belop": kk_inn},
        {"line_id": "netto_trekk", "kind": "sum", "tekst": "Netto trekk konsernkonto", "belop": kk_inn + kk_ut},
        {"line_id": "h_gjennomstromning", "kind": "header",
         "tekst": "Innbetalinger og utbetalinger som ikke inngår i virksomhetens drift"},
        *({"line_id": i, "kind": "line", "tekst": t, "belop": v} for i, t, v in lines[:2]),
        {"line_id": "h_direkte", "kind": "header",
         "tekst": "Bokføringer som ikke går over bankkonto, men direkte mot avregning med statskassen"},
        *({"line_id": i, "kind": "line", "tekst": t, "belop": v} for i, t, v in lines[2:]),
        {"line_id": "h_andre", "kind": "header", "tekst": "Spesifikasjon av andre avstemmingsposter"},
        *({"line_id": i, "kind": "line", "tekst": t, "belop": v} for i, t, v in andre_lines),
        {"line_id": "sum_andre", "kind": "sum", "tekst": "Sum andre avstemmingsposter",
         "belop": sum(v for _, _, v in andre_lines)},
    ]
    findings: list[Finding] = []
    if uforklart != 0:
        rows.append({"line_id": "uforklart", "kind": "line", "tekst": "Uforklart differanse", "belop": uforklart})
        findings.append(Finding(
            rule="NOTE7A-UFORKLART", severity=Severity.ERROR, statement="note_7a", line="uforklart",
            message=(f"endringen i avregnet med statskassen {ar} er ikke forklart av postene i note 7A "
                     f"(uforklart differanse {belop_tekst(uforklart)} kr)"),
            expected_ore=-endring, actual_ore=forklart + resultat_debet, reference=_REF_7A))
    forskjell_ledd = [Ledd("netto_trekk"), *(Ledd(i) for i, _, _ in lines), Ledd("sum_andre")]
    if uforklart != 0:
        forskjell_ledd.append(Ledd("uforklart"))
    ledd = {"netto_trekk": [Ledd("kk_ut"), Ledd("kk_inn")],
            "sum_andre": [Ledd(i) for i, _, _ in andre_lines],
            "forskjell": forskjell_ledd,
            "sum_endring": [Ledd("forskjell"), Ledd("resultat")]}
    rows += [
        {"line_id": "forskjell", "kind": "sum", "tekst": "Forskjell mellom resultatført og netto trekk på konsernkonto",
         "belop": forklart + uforklart},
        {"line_id": "resultat", "kind": "line",
         "tekst": "Resultat av periodens aktiviteter før avregning mot statskassen (virkning på avregning)",
         "belop": resultat_debet},
        {"line_id": "sum_endring", "kind": "sum", "tekst": "Sum endring i avregnet med statskassen",
         "belop": forklart + uforklart + resultat_debet},
    ]
    kolonner = (Kolonne("tekst", "Note 7A"), Kolonne("belop", f"31.12.{ar}", True),
                Kolonne("belop_fjor", f"31.12.{ar - 1}", True), Kolonne("endring", "Endring", True))
    tabell = Tabell.bygg(
        "note_7a", "Note 7A Sammenheng mellom avregnet med statskassen og mellomværende med statskassen "
        "(bruttobudsjetterte virksomheter)", kolonner, rows,
        ("Fortegn: debet positivt (utbetaling og innkreving negativt). Sum endring = −(endring i "
         "avregnet med statskassen). Et overskudd i resultatet vises negativt (virkning på avregning).",),
        summer=ledd, sumkolonner={lid: ("belop",) for lid in ledd})
    if not led.interne.empty:
        first = led.interne.iloc[0]
        findings.append(Finding(
            rule="NOTE7A-INTERN", severity=Severity.INFO, statement="note_7a", line="netto_trekk",
            message=(f"{led.interne['bilag'].nunique()} bilag postert bare mellom kontoer i avregnet med "
                     f"statskassen (f.eks. nullstilling av konsernkonto, bilag {first['bilag']}) er holdt "
                     "utenfor linjene; de endrer ikke avregningen"),
            actual_ore=int(led.interne["belop_ore"].sum()), reference=_REF_7A,
            file=str(first["_file"]), row=int(first["_row"]), column="konto"))
    findings += _kryssjekker(srapport, led, k, kk_inn, kk_ut, kontantplan)
    return Note7A(ar=ar, tabell=tabell, endring_ams_ore=endring, resultat_ore=-resultat_debet,
                  kongruensavvik_ore=endring + resultat_debet, uforklart_ore=uforklart,
                  findings=tuple(findings))


# ------------------------------------------------------------------ note 7B

#: Groups of note 7B and the SRS 1 balance lines in each (print order), one 7B line per SRS 1
#: balance line.  A balance line not named here (other than avregnet med statskassen and
#: virksomhetskapital) goes to «Andre balanseposter», so nothing is left out.
NOTE7B_GRUPPER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("anlegg", "Immaterielle eiendeler og varige driftsmidler",
     ("forskning_utvikling", "programvare", "immaterielle_under_utforelse", "tomter_bygninger", "infrastruktur",
      "nasjonaleiendom", "maskiner", "driftslosore", "anlegg_under_utforelse")),
    ("finansielle", "Finansielle anleggsmidler", ("finansielle",)),
    ("omlopsmidler", "Omløpsmidler",
     ("beholdninger", "kundefordringer", "opptjente_inntekter", "andre_fordringer", "bank",
      "fordringer_innkreving")),
    ("langsiktige", "Langsiktige forpliktelser og gjeld", ("avsetninger", "langsiktig_gjeld")),
    ("kortsiktig", "Kortsiktig gjeld",
     ("leverandorgjeld", "skyldig_skattetrekk", "skyldige_offentlige_avgifter", "avsatte_feriepenger",
      "mottatt_forskudd", "annen_kortsiktig_gjeld", "gjeld_tilskudd")),
)
_IKKE_I_7B = (_AMS, "virksomhetskapital")


@dataclass(frozen=True, eq=False)
class Note7BOppsett:
    """The lines of note 7B and what goes on each of them.  R-115 fixes the groups and the
    three columns; the line split inside a group is the agency's, so it is data here.

    * ``grupper``: (group id, label, 7B line ids) in print order;
    * ``srs_linje``: SRS 1 balance line → 7B line id (a line not listed keeps its SRS 1 id);
    * ``bokfort_ks``: KS code → 7B line id for the *bokført* column, taking precedence over the
      account's SRS 1 line (e.g. 291 «annen gjeld til ansatte» on a line of its own);
    * ``rapportert_artskonto``: artskonto → 7B line id for the *rapportert* column, taking
      precedence over the artskonto's SRS 1 line (e.g. 281/282 SPK arbeidsgiverandel);
    * ``linjetekst``: label of a 7B line id (default: the SRS 1 label).

    Both columns otherwise use the SRS 1 mapping of ``kontoplan_srs`` (KS 3-digit code of a
    ledger account; the 3-digit artskonto of a mellomværende row)."""

    grupper: tuple[tuple[str, str, tuple[str, ...]], ...] = NOTE7B_GRUPPER
    srs_linje: Mapping[str, str] = field(default_factory=dict)
    bokfort_ks: Mapping[str, str] = field(default_factory=dict)
    rapportert_artskonto: Mapping[str, str] = field(default_factory=dict)
    linjetekst: Mapping[str, str] = field(default_factory=dict)


#: One 7B line per SRS 1 balance line, the same mapping for both columns.
NOTE7B_SRS1 = Note7BOppsett()

#: Note 7B as IMDi prints it in årsregnskapet 2025: immaterielle eiendeler
#: and varige driftsmidler one line each; «Skyldig skattetrekk og andre trekk» holds the trekk
#: 260–269 including the 2 % pensjonstrekk 263; the SPK arbeidsgiverandel (281/282) reported in
#: the S-rapport is its own line «Avsatt pensjonspremie til SPK, arbeidsgiverandel»; «Annen gjeld
#: til ansatte» (KS 291–292) is split from «Annen kortsiktig gjeld».
NOTE7B_IMDI = Note7BOppsett(
    grupper=(
        ("anlegg", "Immaterielle eiendeler og varige driftsmidler", ("immaterielle", "varige")),
        NOTE7B_GRUPPER[1], NOTE7B_GRUPPER[2], NOTE7B_GRUPPER[3],
        ("kortsiktig", "Kortsiktig gjeld",
         ("leverandorgjeld", "skyldig_skattetrekk", "skyldige_offentlige_avgifter", "avsatte_feriepenger",
          "annen_gjeld_ansatte", "pensjon_spk", "mottatt_forskudd", "annen_kortsiktig_gjeld", "gjeld_tilskudd")),
    ),
    srs_linje={"forskning_utvikling": "immaterielle", "programvare": "immaterielle",
               "immaterielle_under_utforelse": "immaterielle",
               "tomter_bygninger": "varige", "infrastruktur": "varige", "nasjonaleiendom": "varige",
               "maskiner": "varige", "driftslosore": "varige", "anlegg_under_utforelse": "varige"},
    bokfort_ks={"291": "annen_gjeld_ansatte", "292": "annen_gjeld_ansatte"},
    rapportert_artskonto={"281": "pensjon_spk", "282": "pensjon_spk"},
    linjetekst={"immaterielle": "Immaterielle eiendeler", "varige": "Varige driftsmidler",
                "skyldig_skattetrekk": "Skyldig skattetrekk og andre trekk",
                "annen_gjeld_ansatte": "Annen gjeld til ansatte",
                "pensjon_spk": "Avsatt pensjonspremie til SPK, arbeidsgiverandel"},
)


def _til_7b(oppsett: Note7BOppsett, srs: pd.Series, kode: pd.Series, overstyr: Mapping[str, str]) -> pd.Series:
    """7B line per row: the override of the row's code if any, else its SRS 1 line mapped."""
    linje = srs.map(lambda x: oppsett.srs_linje.get(x, x) if isinstance(x, str) else x)
    over = kode.astype(str).map(lambda k: overstyr.get(k))
    return over.where(over.notna(), linje)


def note_7b(
    srapport: SRapport,
    hovedbok: Hovedbok,
    *,
    mellomvaerende_ib: pd.DataFrame | None = None,
    kontoplan: SrsKontoplan | None = None,
    oppsett: Note7BOppsett = NOTE7B_SRS1,
) -> Note7B:
    """Note 7B at 31.12 of the S-rapport's year.  ``mellomvaerende_ib``: opening mellomværende
    (``statskonto``, ``artskonto``, ``belop_ore``) as from ``load_mellomvaerende_ib``.
    ``oppsett``: the line layout (default one line per SRS 1 balance line, ``NOTE7B_SRS1``, the
    same mapping for both columns; IMDi's published layout: ``NOTE7B_IMDI``)."""
    kp = kontoplan or load_kontoplan()
    ar = srapport.ar
    g = grunnlag_fra_hovedbok(hovedbok, ar, kp)
    saldo = g.saldo[(g.saldo["oppstilling"] == "balanse") & ~g.saldo["linje"].isin(list(_IKKE_I_7B))]
    b_linje = _til_7b(oppsett, saldo["linje"], saldo["ks"], oppsett.bokfort_ks)
    bokfort = {str(k): int(v) for k, v in saldo["ub_ore"].groupby(b_linje.to_numpy()).sum().items()}
    ams_ub = -int(g.saldo.loc[(g.saldo["oppstilling"] == "balanse") & (g.saldo["linje"] == _AMS), "ub_ore"].sum())

    mv = mellomvaerende_saldo(mellomvaerende_ib, srapport)
    mv_srs = kp.linje(mv["artskonto"].astype(str), "balanse")
    findings: list[Finding] = []
    feil = mv_srs.isna() | mv_srs.isin(list(_IKKE_I_7B))
    feil = feil & ~mv["artskonto"].astype(str).isin(list(oppsett.rapportert_artskonto)).to_numpy(dtype=bool)
    for _, r in mv[feil.to_numpy(dtype=bool)].iterrows():
        findings.append(Finding(
            rule="NOTE7B-LINJE", severity=Severity.WARNING, statement="note_7b", line="ikke_klassifisert",
            message=(f"mellomværende på {r['statskonto']} artskonto {r['artskonto']} har ingen balanselinje; "
                     "står som «ikke klassifisert»"), actual_ore=int(r["ub_ore"]), reference=_REF_7B,
            column="artskonto"))
    mv_linje = _til_7b(oppsett, mv_srs.where(~feil, "ikke_klassifisert"), mv["artskonto"],
                       oppsett.rapportert_artskonto)
    rapportert = {str(k): int(v) for k, v in mv["ub_ore"].groupby(mv_linje.to_numpy()).sum().items()}

    tekst = {r["linje"]: r["tekst"] for _, r in kp.linjer[kp.linjer["oppstilling"] == "balanse"].iterrows()}
    tekst.update(oppsett.linjetekst)
    kjente = {linje for _, _, ls in oppsett.grupper for linje in ls}
    resten = tuple(sorted((set(bokfort) | set(rapportert)) - kjente))
    grupper = oppsett.grupper + ((("andre", "Andre balanseposter", resten),) if resten else ())
    rows: list[dict[str, object]] = []
    ledd: dict[str, list[Ledd]] = {"total": []}
    tot_b = tot_r = 0
    for gid, gtekst, linjer in grupper:
        rows.append({"line_id": f"h_{gid}", "kind": "header", "tekst": gtekst})
        ledd[f"sum_{gid}"] = []
        ledd["total"].append(Ledd(f"sum_{gid}"))
        sb = sr = 0
        for linje in linjer:
            vb, vr = int(bokfort.get(linje, 0)), int(rapportert.get(linje, 0))
            if vb == 0 and vr == 0:
                continue
            rows.append({"line_id": f"{gid}:{linje}", "kind": "line", "tekst": tekst.get(linje, linje),
                         "bokfort": vb, "rapportert": vr, "forskjell": vb - vr})
            ledd[f"sum_{gid}"].append(Ledd(f"{gid}:{linje}"))
            sb, sr = sb + vb, sr + vr
        rows.append({"line_id": f"sum_{gid}", "kind": "sum", "tekst": "Sum", "bokfort": sb,
                     "rapportert": sr, "forskjell": sb - sr})
        tot_b, tot_r = tot_b + sb, tot_r + sr
    rows.append({"line_id": "total", "kind": "sum",
                 "tekst": "Avregnet med statskassen og mellomværende med statskassen",
                 "bokfort": tot_b, "rapportert": tot_r, "forskjell": tot_b - tot_r})
    if tot_b != ams_ub:
        findings.append(Finding(
            rule="NOTE7B-AVREGNET", severity=Severity.ERROR, statement="note_7b", line="total",
            message=f"sum bokført avregning {ar} ≠ avregnet med statskassen i balansen",
            expected_ore=ams_ub, actual_ore=tot_b, reference=_REF_7B))
    kolonner = (Kolonne("tekst", "Note 7B"),
                Kolonne("bokfort", "Spesifisering av bokført avregning med statskassen", True),
                Kolonne("rapportert", "Spesifisering av rapportert mellomværende med statskassen", True),
                Kolonne("forskjell", "Forskjell", True))
    tabell = Tabell.bygg(
        "note_7b", f"Note 7B Sammenheng mellom avregnet med statskassen og mellomværende med statskassen "
        f"31.12.{ar} (bruttobudsjetterte virksomheter)", kolonner, rows,
        ("Fortegn: eiendeler positivt, gjeld negativt. Forskjell = bokført − rapportert.",), summer=ledd)
    return Note7B(ar=ar, tabell=tabell, sum_bokfort_ore=tot_b, sum_rapportert_ore=tot_r,
                  findings=tuple(findings))
