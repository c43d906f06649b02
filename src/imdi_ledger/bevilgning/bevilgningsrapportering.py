"""Oppstilling av bevilgningsrapportering and Note A (R-115, pkt 3.4.2 and the DFØ
templates; the IMDi 2025 årsregnskap is the layout reference).

Upper part: utgiftskapitler and inntektskapitler per kapittel/post with *Samlet tildeling*,
*Regnskap 31.12* and *Merutgift(-)/mindreutgift* (= samlet tildeling − regnskap; for
inntekter *merinntekt og mindreinntekt(-)* = regnskap − samlet tildeling), the sum lines and
*Netto rapportert til bevilgningsregnskapet*.  Lower part: the kapitalkontoer (konsernkonto
inn/ut, endring i mellomværende) whose *Sum rapportert* is 0 because every S-rapport period
balances, and the *Beholdninger rapportert til kapitalregnskapet* (mellomværende 31.12 this
year and last year).

Note A «Forklaring av samlet tildeling utgifter»: samlet tildeling = overført fra i fjor +
årets tildelinger, per utgiftspost.

Sums are declared with the tables (:class:`~imdi_ledger.tabell.Ledd`): Sum utgiftsført and Sum
inntektsført add every post line of their table, Netto rapportert (column Regnskap only) is
``bevilgning_utgifter``'s Sum utgiftsført − Sum inntektsført, Sum rapportert adds every line of
the kapitalkontoer, Note A's Sum every post line.

Sign: S-rapport amounts are debit positive; utgifter are printed as they are, inntekter as
received (−belop).  Mer/mindreutgift is not computed for kap. 1633 (nettoordning for mva)
nor for the felleskapitler on the income side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..findings import Finding, Severity
from ..load.koder import belop, maske, per_par, rader, sum_per_par
from ..kontoplan import Kontoplan, standard_kontoplan
from ..load.srapport import SRapport
from ..load.tildeling import Tildeling
from ..mellomvaerende import mellomvaerende_saldo
from ..regelverk import FELLESKAPITTEL_NUMRE
from ..tabell import Kolonne, Ledd, Tabell

__all__ = ["Bevilgningsrapportering", "bevilgningsrapportering", "FELLESKAPITLER", "post_linje", "linje_per_rad",
           "linje_koder", "kapitalkonto_koder"]

#: kapitler that never get a mer/mindre figure: nettoordning mva and the common income chapters
#: Kapitler with no mer/mindreutgift (:data:`imdi_ledger.regelverk.FELLESKAPITTEL_NUMRE`).
FELLESKAPITLER = FELLESKAPITTEL_NUMRE

_POST_KOLONNER = [
    Kolonne("kapittel", "Kapittel"),
    Kolonne("kapittelnavn", "Kapittelnavn"),
    Kolonne("post", "Post"),
    Kolonne("posttekst", "Posttekst"),
    Kolonne("note", "Note"),
    Kolonne("samlet_tildeling", "Samlet tildeling", True),
    Kolonne("regnskap", "Regnskap 31.12", True),
]


@dataclass(frozen=True, eq=False)
class Bevilgningsrapportering:
    """The computed bevilgningsrapportering of one year."""

    ar: int
    utgifter: Tabell
    inntekter: Tabell
    kapitalkontoer: Tabell
    beholdninger: Tabell
    note_a: Tabell
    poster: pd.DataFrame = field(repr=False)
    netto_rapportert_ore: int
    sum_rapportert_ore: int
    findings: tuple[Finding, ...] = ()

    def tabeller(self) -> tuple[Tabell, ...]:
        return (self.utgifter, self.inntekter, self.kapitalkontoer, self.beholdninger)

    def to_frame(self) -> pd.DataFrame:
        return self.poster.copy()


def post_linje(kapittel: str, post: str) -> str:
    """The line id of a kapittel/post: ``U-0670-01`` in the utgifter table (kapittel below 3000),
    ``I-3670-02`` in the inntekter table."""
    return f"{'U' if int(kapittel) < 3000 else 'I'}-{kapittel}-{post}"


def kapitalkonto_linje(kontotype: str, statskonto: str) -> str | None:
    """The line id of the kapitalkontoer table an S-rapport row adds to: ``kk-<statskonto>``
    (konsernkonto inn/ut), ``mv-endring-<statskonto>`` (mellomværende), ``ukjent_statskonto``;
    ``None`` for a row on a kapittel/post."""
    if kontotype in ("kk_inn", "kk_ut"):
        return f"kk-{statskonto}"
    if kontotype == "mellomvaerende":
        return f"mv-endring-{statskonto}"
    if kontotype == "ukjent":
        return UKJENT_STATSKONTO
    return None


#: The kapitalkontoer line of the rows on a statskonto the kontoplan does not know.
UKJENT_STATSKONTO = "ukjent_statskonto"


def linje_per_rad(srapport: SRapport) -> pd.Series:
    """The post line (:func:`post_linje`) every S-rapport row on a kapittel/post adds to (its
    column Regnskap), indexed like ``srapport.frame``; the rows on other statskontoer are not
    in it.  The rows behind a line, as the statement sums them."""
    pos, codes, linjer = linje_koder(srapport)
    return pd.Series(linjer[codes], index=srapport.frame.index[pos], dtype=object)


def linje_koder(srapport: SRapport) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`linje_per_rad` as ``(positions, codes, lines)``: the positions of the rows on a
    kapittel/post and each one's code into ``lines``, worked out once per kapittel and post."""
    pos = rader(srapport, "kontotype", ("bevilgning",))
    codes, linjer = per_par(srapport, pos, "kapittel", "post", post_linje)
    return pos, codes, linjer


def kapitalkonto_koder(srapport: SRapport) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(positions, codes, lines)`` of the rows not on a kapittel/post: each one's
    :func:`kapitalkonto_linje` (``None`` where it has none) by its kontotype and statskonto."""
    pos = np.flatnonzero(~maske(srapport, "kontotype", ("bevilgning",)))
    codes, linjer = per_par(srapport, pos, "kontotype", "statskonto",
                            lambda t, k: kapitalkonto_linje(str(t), str(k)))
    return pos, codes, linjer


def _names(tildeling: Tildeling | None, kontoplan: Kontoplan) -> pd.DataFrame:
    base = kontoplan.kapitler[["kapittel", "post", "kapittelnavn", "posttekst"]].copy()
    if tildeling is not None:
        t = tildeling.poster[["kapittel", "post", "kapittelnavn", "posttekst"]]
        base = pd.concat([t, base], ignore_index=True).drop_duplicates(["kapittel", "post"], keep="first")
    return base


def _poster(srapport: SRapport, tildeling: Tildeling | None, kontoplan: Kontoplan) -> pd.DataFrame:
    regnskap = sum_per_par(srapport, rader(srapport, "kontotype", ("bevilgning",)), "kapittel", "post")
    regnskap["kapittel"] = regnskap["kapittel"].astype(str)
    regnskap["post"] = regnskap["post"].astype(str)
    if tildeling is not None:
        t = tildeling.poster[["kapittel", "post", "stikkord", "overfort_fra_i_fjor_ore",
                              "arets_tildeling_ore", "samlet_tildeling_ore"]]
    else:
        t = pd.DataFrame(columns=["kapittel", "post", "stikkord", "overfort_fra_i_fjor_ore",
                                  "arets_tildeling_ore", "samlet_tildeling_ore"])
    # Nullable Int64 on both sides, so the outer merge marks a missing side <NA> instead of
    # widening the øre to float; the blanks are then 0.
    money = ("overfort_fra_i_fjor_ore", "arets_tildeling_ore", "samlet_tildeling_ore")
    t = t.astype({c: "Int64" for c in money})
    regnskap = regnskap.astype({"belop_ore": "Int64"})
    p = t.merge(regnskap, on=["kapittel", "post"], how="outer")
    p = p.merge(_names(tildeling, kontoplan), on=["kapittel", "post"], how="left")
    for c in (*money, "belop_ore"):
        p[c] = p[c].fillna(0).astype("int64")
    p["type"] = p["kapittel"].astype(int).map(lambda k: "utgift" if k < 3000 else "inntekt")
    utgift = p["type"] == "utgift"
    p["regnskap_ore"] = p["belop_ore"].where(utgift, -p["belop_ore"])
    mer = (p["samlet_tildeling_ore"] - p["regnskap_ore"]).where(utgift, p["regnskap_ore"] - p["samlet_tildeling_ore"])
    no_mer = p["kapittel"].isin(FELLESKAPITLER) | (~utgift & (p["samlet_tildeling_ore"] == 0))
    p["merutgift_mindreutgift_ore"] = mer.astype("Int64").mask(no_mer)
    for c in ("overfort_fra_i_fjor_ore", "arets_tildeling_ore", "samlet_tildeling_ore", "regnskap_ore"):
        p[c] = p[c].astype("Int64")
    p = p.drop(columns=["belop_ore"])
    p["stikkord"] = p["stikkord"].astype(object).where(p["stikkord"].notna(), None)
    p = p.sort_values(["type", "kapittel", "post"], ascending=[False, True, True]).reset_index(drop=True)
    return p[["kapittel", "post", "kapittelnavn", "posttekst", "type", "stikkord", "overfort_fra_i_fjor_ore",
              "arets_tildeling_ore", "samlet_tildeling_ore", "regnskap_ore", "merutgift_mindreutgift_ore"]]


def _post_rows(p: pd.DataFrame, mer_col: str, notes: dict[tuple[str, str], str]) -> list[dict]:
    rows = []
    for r in p.itertuples(index=False):
        rows.append({
            "line_id": post_linje(r.kapittel, r.post), "kind": "line",
            "kapittel": r.kapittel, "kapittelnavn": r.kapittelnavn, "post": r.post, "posttekst": r.posttekst,
            "note": notes.get((r.kapittel, r.post)),
            "samlet_tildeling": r.samlet_tildeling_ore, "regnskap": r.regnskap_ore,
            mer_col: r.merutgift_mindreutgift_ore,
        })
    return rows


def _alle(rows: list[dict]) -> list[Ledd]:
    """Every line row so far, added (the rule of a sum over the post lines)."""
    return [Ledd(r["line_id"]) for r in rows if r["kind"] == "line"]


def _sum(p: pd.DataFrame, col: str) -> int | None:
    """Sum of a nullable øre column; ``None`` when every cell is blank."""
    if len(p) and p[col].isna().all():
        return None
    return int(p[col].fillna(0).astype("int64").sum())


def bevilgningsrapportering(
    srapport: SRapport,
    tildeling: Tildeling | None,
    *,
    mellomvaerende_ib: pd.DataFrame | None = None,
    kontoplan: Kontoplan | None = None,
    noter: dict[tuple[str, str], str] | None = None,
) -> Bevilgningsrapportering:
    """Compute the oppstilling av bevilgningsrapportering and Note A for ``srapport.ar``.

    ``mellomvaerende_ib`` is the mellomværende at 1 January (``statskonto``, ``artskonto``,
    ``belop_ore``); without it the opening balance is taken as 0 and a finding says so.
    ``noter`` overrides the Note column per (kapittel, post) (default: ``A`` for posts with a
    tildeling).
    """
    kp = kontoplan or standard_kontoplan()
    findings: list[Finding] = []
    p = _poster(srapport, tildeling, kp)
    utg = p[p["type"] == "utgift"]
    inn = p[p["type"] == "inntekt"]
    default_notes = {(r.kapittel, r.post): "A" for r in utg.itertuples() if (r.samlet_tildeling_ore or 0) > 0}
    notes = {**default_notes, **(noter or {})}

    utg_rows = _post_rows(utg, "merutgift_mindreutgift", notes)
    utg_ledd = {"sum_utgiftsfort": _alle(utg_rows)}
    utg_rows.append({"line_id": "sum_utgiftsfort", "kind": "sum", "kapittelnavn": "Sum utgiftsført",
                     "samlet_tildeling": _sum(utg, "samlet_tildeling_ore"), "regnskap": _sum(utg, "regnskap_ore"),
                     "merutgift_mindreutgift": _sum(utg, "merutgift_mindreutgift_ore")})
    utgifter = Tabell.bygg(
        "bevilgning_utgifter", f"Oppstilling av bevilgningsrapportering 31.12.{srapport.ar} – utgifter",
        [*_POST_KOLONNER, Kolonne("merutgift_mindreutgift", "Merutgift (-) og mindreutgift", True)], utg_rows,
        summer=utg_ledd)

    inn_rows = _post_rows(inn, "merinntekt_mindreinntekt", {})
    inn_ledd = {"sum_inntektsfort": _alle(inn_rows),
                "netto_rapportert": [Ledd("sum_utgiftsfort", 1, utgifter.id), Ledd("sum_inntektsfort", -1)]}
    inn_rows.append({"line_id": "sum_inntektsfort", "kind": "sum", "kapittelnavn": "Sum inntektsført",
                     "samlet_tildeling": _sum(inn, "samlet_tildeling_ore"), "regnskap": _sum(inn, "regnskap_ore"),
                     "merinntekt_mindreinntekt": _sum(inn, "merutgift_mindreutgift_ore")})
    netto = (_sum(utg, "regnskap_ore") or 0) - (_sum(inn, "regnskap_ore") or 0)
    inn_rows.append({"line_id": "netto_rapportert", "kind": "netto",
                     "kapittelnavn": "Netto rapportert til bevilgningsregnskapet", "regnskap": netto})
    inntekter = Tabell.bygg(
        "bevilgning_inntekter", f"Oppstilling av bevilgningsrapportering 31.12.{srapport.ar} – inntekter",
        [*_POST_KOLONNER, Kolonne("merinntekt_mindreinntekt", "Merinntekt og mindreinntekt(-)", True)], inn_rows,
        summer=inn_ledd, sumkolonner={"netto_rapportert": ("regnskap",)}, andre=(utgifter,))

    kk = sum_per_par(srapport, rader(srapport, "kontotype", ("kk_inn", "kk_ut")), "statskonto", "kontotype")
    kap_rows: list[dict] = [{"line_id": "kap_netto_rapportert", "kind": "line", "konto": None,
                             "tekst": "Netto rapportert til bevilgningsregnskapet", "belop": netto}]
    for r in kk.sort_values("statskonto").itertuples():
        tekst = "Norges Bank KK /innbetalinger" if r.kontotype == "kk_inn" else "Norges Bank KK/utbetalinger"
        kap_rows.append({"line_id": kapitalkonto_linje(r.kontotype, r.statskonto), "kind": "line",
                         "konto": r.statskonto, "tekst": tekst,
                         "belop": int(r.belop_ore)})
    saldo = mellomvaerende_saldo(mellomvaerende_ib, srapport)
    per_konto = saldo.groupby("statskonto", as_index=False)[["ib_ore", "bevegelse_ore", "ub_ore"]].sum()
    for r in per_konto.itertuples():
        kap_rows.append({"line_id": kapitalkonto_linje("mellomvaerende", r.statskonto), "kind": "line",
                         "konto": r.statskonto,
                         "tekst": "Endring i mellomværende med statskassen", "belop": int(r.bevegelse_ore)})
    ukjent = rader(srapport, "kontotype", ("ukjent",))
    if len(ukjent):
        kap_rows.append({"line_id": UKJENT_STATSKONTO, "kind": "line", "konto": None,
                         "tekst": "Ikke klassifisert statskonto", "belop": int(belop(srapport)[ukjent].sum())})
    sum_rapportert = int(sum(r["belop"] for r in kap_rows))
    kap_ledd = {"sum_rapportert": _alle(kap_rows)}
    kap_rows.append({"line_id": "sum_rapportert", "kind": "sum", "konto": None, "tekst": "Sum rapportert",
                     "belop": sum_rapportert})
    kapitalkontoer = Tabell.bygg(
        "kapitalkontoer", "Kapitalkontoer",
        [Kolonne("konto", "Konto"), Kolonne("tekst", "Tekst"), Kolonne("belop", "Beløp", True)], kap_rows,
        summer=kap_ledd)
    if sum_rapportert != 0:
        findings.append(Finding(
            rule="BEV-SUM-RAPPORTERT", severity=Severity.ERROR,
            message="Sum rapportert (netto rapportert + konsernkonto + endring i mellomværende) er ikke 0",
            statement="bevilgningsrapportering", line="sum_rapportert", expected_ore=0, actual_ore=sum_rapportert,
            reference="R-115; S-rapporten skal summere til null"))

    beh_rows = [{"line_id": f"mv-{r.statskonto}", "kind": "line", "konto": r.statskonto,
                 "tekst": "Mellomværende med statskassen", "ub": int(r.ub_ore), "ib": int(r.ib_ore),
                 "endring": int(r.bevegelse_ore)} for r in per_konto.itertuples()]
    beholdninger = Tabell.bygg(
        "beholdninger", "Beholdninger rapportert til kapitalregnskapet (31.12)",
        [Kolonne("konto", "Konto"), Kolonne("tekst", "Tekst"), Kolonne("ub", f"31.12.{srapport.ar}", True),
         Kolonne("ib", f"31.12.{srapport.ar - 1}", True), Kolonne("endring", "Endring", True)], beh_rows)
    if mellomvaerende_ib is None and not per_konto.empty:
        findings.append(Finding(
            rule="BEV-MELLOMVAERENDE-IB", severity=Severity.WARNING,
            message="inngående mellomværende er ikke oppgitt; 31.12 i fjor er satt til 0",
            statement="bevilgningsrapportering", line="beholdninger", reference="R-115"))

    note_a = _note_a(utg, srapport.ar)
    findings.extend(_post_findings(p))
    return Bevilgningsrapportering(srapport.ar, utgifter, inntekter, kapitalkontoer, beholdninger, note_a, p,
                                   netto, sum_rapportert, tuple(findings))


def _note_a(utg: pd.DataFrame, ar: int) -> Tabell:
    rows = []
    with_t = utg[utg["samlet_tildeling_ore"].fillna(0) > 0]
    for r in with_t.itertuples():
        rows.append({"line_id": f"A-{r.kapittel}-{r.post}", "kind": "line", "kapittel_post": f"{r.kapittel} {r.post}",
                     "overfort_fra_i_fjor": r.overfort_fra_i_fjor_ore if r.overfort_fra_i_fjor_ore else None,
                     "arets_tildelinger": r.arets_tildeling_ore, "samlet_tildeling": r.samlet_tildeling_ore})
    ledd = {"sum": _alle(rows)}
    rows.append({"line_id": "sum", "kind": "sum", "kapittel_post": "Sum",
                 "overfort_fra_i_fjor": _sum(with_t, "overfort_fra_i_fjor_ore"),
                 "arets_tildelinger": _sum(with_t, "arets_tildeling_ore"),
                 "samlet_tildeling": _sum(with_t, "samlet_tildeling_ore")})
    return Tabell.bygg(
        "note_a", "Note A Forklaring av samlet tildeling utgifter",
        [Kolonne("kapittel_post", "Kapittel og post"), Kolonne("overfort_fra_i_fjor", "Overført fra i fjor", True),
         Kolonne("arets_tildelinger", "Årets tildelinger", True), Kolonne("samlet_tildeling", "Samlet tildeling", True)],
        rows, fotnoter=("Overført fra i fjor er overføring av mindreforbruk.",), summer=ledd)


def _post_findings(p: pd.DataFrame) -> list[Finding]:
    out = []
    for r in p.itertuples():
        if r.type == "utgift" and r.kapittel not in FELLESKAPITLER and (r.samlet_tildeling_ore or 0) == 0 \
                and (r.regnskap_ore or 0) != 0:
            out.append(Finding(
                rule="BEV-POST-UTEN-TILDELING", severity=Severity.WARNING,
                message=(f"{r.kapittel}/{r.post} har regnskap uten tildeling (mottatt belastningsfullmakt "
                         "som mangler i tildelingen?)"),
                statement="bevilgningsrapportering", line=f"U-{r.kapittel}-{r.post}", expected_ore=0,
                actual_ore=int(r.regnskap_ore), reference="R-115 prinsippnote (mottatte belastningsfullmakter)"))
    return out
