"""Oppstilling av artskontorapporteringen (R-115; layout as in the DFØ template and the IMDi
2025 årsregnskap), with the prior year and «Oversikt over mellomværende med statskassen».

Every S-rapport row on a kapittel/post is grouped by its reporting artskonto into a line
(mapping: :mod:`imdi_ledger.kontoplan`, shipped data ``kontoplan/data/artskontolinjer.csv``).
Lines are printed with their declared sign (innbetalinger positive).  Section sums and netto
lines follow the template:

* Netto rapporterte driftsutgifter = Sum utbetalinger til drift − Sum innbetalinger fra drift
* Netto rapporterte investerings- og finansutgifter = utbetalinger − innbetalinger
* Netto rapporterte utgifter på felleskapitler = 1987 − 1985 − 1986
* Netto rapportert til bevilgningsregnskapet = drift + inv/fin − innkreving + tilskudd + felles
  (+ any unclassified artskonto, shown on its own line), which equals the Σ of every
  kapittel/post row and therefore the same line of the bevilgningsrapportering (R-115
  prinsippnote: «Sumlinjen … er lik i begge oppstillingene»).

The builder states each of these once, as the terms the table carries: a section sum adds its
shown lines (each with sign = section sign × line sign, so a line presented against the
section's direction is subtracted), a netto line adds the debit-positive section totals (a
section sum with the section's sign, or the section's lines where it has no sum row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..findings import Finding, Severity
from ..load.koder import belop, koder, rader, sum_per_kode
from ..kontoplan import Kontoplan, standard_kontoplan
from ..load.srapport import SRapport
from ..mellomvaerende import mellomvaerende_saldo
from ..tabell import Kolonne, Ledd, Tabell

__all__ = ["Artskontorapportering", "artskontorapportering", "linje_per_rad", "linje_koder"]

# (seksjon, heading, sum line id, sum text) in print order
_SEKSJONER = (
    ("drift_inn", "Driftsinntekter rapportert til bevilgningsregnskapet", "sum_innbetalinger_drift",
     "Sum innbetalinger fra drift"),
    ("drift_ut", "Driftsutgifter rapportert til bevilgningsregnskapet", "sum_utbetalinger_drift",
     "Sum utbetalinger til drift"),
    ("invest_inn", "Investerings- og finansinntekter rapportert til bevilgningsregnskapet",
     "sum_investerings_og_finansinntekter", "Sum investerings- og finansinntekter"),
    ("invest_ut", "Investerings- og finansutgifter rapportert til bevilgningsregnskapet",
     "sum_investerings_og_finansutgifter", "Sum investerings- og finansutgifter"),
    ("innkreving", "Innkrevingsvirksomhet og andre overføringer til staten", "sum_innkreving",
     "Sum innkrevingsvirksomhet og andre overføringer til staten"),
    ("tilskudd", "Tilskuddsforvaltning og andre overføringer fra staten", "sum_tilskudd",
     "Sum tilskuddsforvaltning og andre overføringer fra staten"),
    ("felles", "Inntekter og utgifter rapportert på felleskapitler", None, None),
    ("ukjent", "Ikke klassifisert", None, None),
)
_NETTO_ETTER = {
    "drift_ut": ("netto_drift", "Netto rapporterte driftsutgifter", ("drift_inn", "drift_ut")),
    "invest_ut": ("netto_invest", "Netto rapporterte investerings- og finansutgifter", ("invest_inn", "invest_ut")),
    "felles": ("netto_felles", "Netto rapporterte utgifter på felleskapitler", ("felles",)),
}


@dataclass(frozen=True, eq=False)
class Artskontorapportering:
    ar: int
    tabell: Tabell
    mellomvaerende: Tabell
    netto_rapportert_ore: int
    netto_rapportert_fjor_ore: int | None
    findings: tuple[Finding, ...] = ()

    def tabeller(self) -> tuple[Tabell, ...]:
        return (self.tabell, self.mellomvaerende)


def linje_per_rad(srapport: SRapport, kontoplan: Kontoplan | None = None) -> pd.Series:
    """The line of the artskontorapportering every S-rapport row on a kapittel/post adds to (by
    its artskonto, :meth:`~imdi_ledger.kontoplan.Kontoplan.artskonto_linje`; an artskonto that is
    unknown or not to be reported goes to ``ikke_klassifisert``), indexed like
    ``srapport.frame``; the rows on other statskontoer are not in it.  The rows behind a line,
    as the statement sums them."""
    pos, codes, linjer = linje_koder(srapport, kontoplan)
    return pd.Series(linjer[codes], index=srapport.frame.index[pos], dtype="string")


def linje_koder(srapport: SRapport, kontoplan: Kontoplan | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`linje_per_rad` as ``(positions, codes, lines)``: the positions of the rows on a
    kapittel/post and each one's code into ``lines``, the line found once per distinct
    artskonto (the codes are the artskonto's, :func:`~imdi_ledger.load.koder.koder`)."""
    pos = rader(srapport, "kontotype", ("bevilgning",))
    art, unike = koder(srapport, "artskonto")
    kp = kontoplan or standard_kontoplan()
    linje_u = kp.artskonto_linje(pd.Series(unike, dtype=object)).replace("ikke_rapportert", "ikke_klassifisert")
    return pos, art[pos], linje_u.to_numpy(dtype=object)


def _linjesummer(srapport: SRapport | None, kp: Kontoplan) -> tuple[pd.Series, pd.DataFrame]:
    """Debit-positive sum per line, and the rows whose artskonto is not reportable/unknown.
    The rows on kapittel/post are summed per artskonto code (exact int64), then per line
    (:func:`linje_koder`)."""
    if srapport is None:
        return pd.Series(dtype="int64"), pd.DataFrame()
    pos, art_b, linje_u = linje_koder(srapport, kp)
    n = len(linje_u)
    per_art = sum_per_kode(art_b, belop(srapport)[pos], n)
    finnes = np.bincount(art_b, minlength=n) > 0
    summer = pd.Series(per_art[finnes]).groupby(linje_u[finnes]).sum().astype("int64")
    odd = srapport.frame.iloc[pos[linje_u[art_b] == "ikke_klassifisert"]]
    return summer, odd


def _mv_summer(saldo: pd.DataFrame | None, kp: Kontoplan) -> pd.Series:
    if saldo is None or saldo.empty:
        return pd.Series(dtype="int64")
    linje = kp.mellomvaerende_linje(saldo["artskonto"])
    return saldo.groupby(linje.to_numpy())["ub_ore"].sum().astype("int64")


def artskontorapportering(
    srapport: SRapport,
    srapport_fjor: SRapport | None = None,
    *,
    mellomvaerende_ib: pd.DataFrame | None = None,
    mellomvaerende_ib_fjor: pd.DataFrame | None = None,
    kontoplan: Kontoplan | None = None,
) -> Artskontorapportering:
    """Compute the artskontorapportering of ``srapport.ar`` with last year's column.

    ``mellomvaerende_ib`` is the mellomværende at 1 January of this year; when last year's
    S-rapport and ``mellomvaerende_ib_fjor`` are given and ``mellomvaerende_ib`` is not, it is
    derived (last year's IB + last year's movements).
    """
    kp = kontoplan or standard_kontoplan()
    findings: list[Finding] = []
    naa, odd = _linjesummer(srapport, kp)
    fjor, odd_fjor = _linjesummer(srapport_fjor, kp)
    for frame, ar in ((odd, srapport.ar), (odd_fjor, srapport_fjor.ar if srapport_fjor else None)):
        for r in frame.to_dict("records"):
            findings.append(Finding(
                rule="ART-ARTSKONTO-UKJENT", severity=Severity.ERROR,
                message=(f"artskonto {r['artskonto']} på {r['statskonto']} ({ar}) har ingen linje i "
                         "artskontorapporteringen (eller skal ikke rapporteres); beløpet vises som «ikke klassifisert»"),
                statement="artskontorapportering", line="ikke_klassifisert", actual_ore=int(r["belop_ore"]),
                reference="R-102 standard kontoplan; R-115", file=str(r["_file"]), row=int(r["_row"]),
                column="artskonto"))
    linjer = kp.linjer
    fortegn = dict(zip(linjer["linje"], linjer["fortegn"].astype(int)))
    har_fjor = srapport_fjor is not None

    def amount(s: pd.Series, linje: str) -> int:
        return int(s.get(linje, 0))

    rows: list[dict] = []
    ledd: dict[str, list[Ledd]] = {}
    debit_ledd: dict[str, list[Ledd]] = {}  # section -> terms giving its debit-positive total
    debit_naa: dict[str, int] = {}
    debit_fjor: dict[str, int] = {}
    for seksjon, heading, sum_id, sum_tekst in _SEKSJONER:
        sek_linjer = linjer[linjer["seksjon"] == seksjon]
        debit_naa[seksjon] = sum(amount(naa, ln) for ln in sek_linjer["linje"])
        debit_fjor[seksjon] = sum(amount(fjor, ln) for ln in sek_linjer["linje"])
        shown = [ln for ln in sek_linjer.itertuples() if amount(naa, ln.linje) or amount(fjor, ln.linje)]
        debit_ledd[seksjon] = [Ledd(ln.linje, fortegn[ln.linje]) for ln in shown]
        if seksjon == "ukjent" and not shown:
            continue
        rows.append({"line_id": f"h_{seksjon}", "kind": "header", "tekst": heading})
        for ln in shown:
            sign = fortegn[ln.linje]
            rows.append({"line_id": ln.linje, "kind": "line", "tekst": ln.tekst,
                         "belop": sign * amount(naa, ln.linje),
                         "belop_fjor": sign * amount(fjor, ln.linje) if har_fjor else None})
        if sum_id:
            sign = -1 if seksjon.endswith("_inn") or seksjon == "innkreving" else 1
            ledd[sum_id] = [Ledd(ln.linje, sign * fortegn[ln.linje]) for ln in shown]
            debit_ledd[seksjon] = [Ledd(sum_id, sign)]
            rows.append({"line_id": sum_id, "kind": "sum", "tekst": sum_tekst, "belop": sign * debit_naa[seksjon],
                         "belop_fjor": sign * debit_fjor[seksjon] if har_fjor else None})
        if seksjon in _NETTO_ETTER:
            nid, ntekst, parts = _NETTO_ETTER[seksjon]
            ledd[nid] = [x for p in parts for x in debit_ledd[p]]
            for p in parts:
                debit_ledd[p] = []
            debit_ledd[seksjon] = [Ledd(nid)]
            rows.append({"line_id": nid, "kind": "netto", "tekst": ntekst,
                         "belop": sum(debit_naa[p] for p in parts),
                         "belop_fjor": sum(debit_fjor[p] for p in parts) if har_fjor else None})
    netto = sum(debit_naa.values())
    netto_fjor = sum(debit_fjor.values()) if har_fjor else None
    ledd["netto_rapportert"] = [x for seksjon, *_ in _SEKSJONER for x in debit_ledd[seksjon]]
    rows.append({"line_id": "netto_rapportert", "kind": "netto", "tekst": "Netto rapportert til bevilgningsregnskapet",
                 "belop": netto, "belop_fjor": netto_fjor})
    kol = [Kolonne("tekst", " "), Kolonne("belop", f"31.12.{srapport.ar}", True),
           Kolonne("belop_fjor", f"31.12.{srapport.ar - 1}", True)]
    tabell = Tabell.bygg("artskontorapportering", f"Oppstilling av artskontorapporteringen 31.12.{srapport.ar}",
                         kol, rows, summer=ledd)

    saldo_fjor = mellomvaerende_saldo(mellomvaerende_ib_fjor, srapport_fjor) if har_fjor else None
    ib = mellomvaerende_ib
    if ib is None and saldo_fjor is not None:
        ib = saldo_fjor[["statskonto", "artskonto"]].assign(belop_ore=saldo_fjor["ub_ore"].to_numpy())
    saldo = mellomvaerende_saldo(ib, srapport)
    mv_naa, mv_fjor = _mv_summer(saldo, kp), _mv_summer(saldo_fjor, kp)
    if ib is not None and saldo_fjor is None:
        ib_saldo = ib.rename(columns={"belop_ore": "ub_ore"})
        mv_fjor = _mv_summer(ib_saldo, kp)
    mv_rows: list[dict] = [{"line_id": "h_mv", "kind": "header", "tekst": "Eiendeler og gjeld"}]
    mv_vist = []
    for ln in linjer[linjer["seksjon"] == "mellomvaerende"].itertuples():
        a, b = amount(mv_naa, ln.linje), amount(mv_fjor, ln.linje)
        if a or b:
            mv_rows.append({"line_id": ln.linje, "kind": "line", "tekst": ln.tekst, "belop": a, "belop_fjor": b})
            mv_vist.append(Ledd(ln.linje))
    mv_rows.append({"line_id": "sum_mellomvaerende", "kind": "sum", "tekst": "Sum mellomværende med statskassen",
                    "belop": int(mv_naa.sum()), "belop_fjor": int(mv_fjor.sum())})
    mellom = Tabell.bygg("mellomvaerende", "Oversikt over mellomværende med statskassen", kol, mv_rows,
                         summer={"sum_mellomvaerende": mv_vist})
    return Artskontorapportering(srapport.ar, tabell, mellom, netto, netto_fjor, tuple(findings))
