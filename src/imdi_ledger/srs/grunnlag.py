"""One year's account balances for the SRS statements, classified to SRS 1 lines, with the
year-end postings a bruttobudsjettert agency's statements rest on (SRS 10; SRS 1; DFØ veileder
for bruttobudsjetterte virksomheter, «Resultatregnskapet»).

* **Inntekt fra bevilgninger** (KS 39x, counter-account underkonto 1991) = periodens kostnader
  incl. finanskostnader − transaksjonsbaserte inntekter − finansinntekter − inntekt fra tilskudd
  og overføringer (SRS 10 pkt 4, simplified motsatt sammenstilling).  When the ledger carries
  39x postings they are shown as booked and a finding is raised if they differ from the SRS 10
  figure; when it carries none the posting 39x/1991 is computed.
* **Innkrevingsvirksomhet** (KS 82x–84x, avregning 829/839/849 ↔ 1997) and
  **tilskuddsforvaltning** (KS 85x/87x, avregning 859/879 ↔ 1998) are on the kontantprinsipp;
  each block nets to 0.  A missing avregning is computed; a booked one that does not net is a
  finding.
* **Avregning med statskassen** (KS 895 ↔ 1999) closes what is left of the result.  Computed when
  not booked.

Computed postings are rows with ``beregnet = True`` and the konto ids ``390``/``1991``,
``849``/``1997``, ``879``/``1998``, ``895``/``1999``; an ``info`` finding says so.  A KS code
outside the chart goes to the line ``ikke_klassifisert`` of its statement with a finding
(file, row, column ``konto``), so totals still tie.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..findings import Finding, Severity
from ..load.hovedbok import Hovedbok, Saldobalanse, ar_posisjoner, radkoder, saldobalanse_per_konto
from .kontoplan_srs import IKKE_KLASSIFISERT, SrsKontoplan

__all__ = ["Grunnlag", "grunnlag_fra_hovedbok", "grunnlag_fra_saldobalanse",
           "DRIFT_FINANS_LINJER", "er_balansekonto", "linje_per_rad"]

DRIFT_FINANS_LINJER = ("inntekt_tilskudd", "inntekt_gebyrer", "salgs_leieinntekter",
                       "andre_driftsinntekter", "varekostnader", "lonnskostnader", "avskrivninger",
                       "nedskrivninger", "andre_driftskostnader", "finansinntekter",
                       "finanskostnader", IKKE_KLASSIFISERT)

_REF_SRS10 = "SRS 10 pkt 4; DFØ «Behandling av inntekt fra bevilgninger … (SRS 10)»"


def er_balansekonto(konto: pd.Series) -> pd.Series:
    """Classes 1 and 2 make up the balance (R-102)."""
    return konto.astype(str).str[0].isin(["1", "2"])


@dataclass(frozen=True, eq=False)
class Grunnlag:
    """Classified balances of one year.  ``saldo`` columns: ``konto, ks, oppstilling, linje,
    ib_ore, ub_ore, beregnet`` (``ub_ore`` is the closing balance for classes 1–2 and the
    year's amount for classes 3–8).  ``tilskudd``: ``kapittel, post, belop_ore`` (debit) of the
    tilskudd lines, from the ledger's statskonto dimension."""

    ar: int
    saldo: pd.DataFrame = field(repr=False)
    tilskudd: pd.DataFrame = field(repr=False)
    findings: tuple[Finding, ...] = ()
    n_rader: int = 0

    def linjesum(self, oppstilling: str, kolonne: str = "ub_ore") -> dict[str, int]:
        s = self.saldo[self.saldo["oppstilling"] == oppstilling]
        return {str(k): int(v) for k, v in s.groupby("linje")[kolonne].sum().items()}

    def konto_sum(self, kontoer: pd.Series, kolonne: str = "ub_ore") -> int:
        return int(self.saldo.loc[kontoer, kolonne].sum())


def _klassifiser(saldo: pd.DataFrame, kp: SrsKontoplan, first_rows: dict[str, tuple[str, int]],
                 ar: int) -> tuple[pd.DataFrame, list[Finding]]:
    saldo = saldo.copy()
    saldo["ks"] = kp.ks_kode(saldo["konto"])
    bal = er_balansekonto(saldo["konto"])
    saldo["oppstilling"] = np.where(bal, "balanse", "resultat")
    lin_b = kp.linje(saldo["ks"], "balanse")
    lin_r = kp.linje(saldo["ks"], "resultat")
    saldo["linje"] = lin_b.where(bal, lin_r)
    findings: list[Finding] = []
    ukjent = saldo["linje"].isna()
    for _, r in saldo[ukjent].iterrows():
        file, row = first_rows.get(r["konto"], (None, None))
        findings.append(Finding(
            rule="SRS-KP-01", severity=Severity.ERROR,
            message=(f"konto {r['konto']} (KS {r['ks']}) finnes ikke i statens standard kontoplan; "
                     f"beløpet står på linjen «ikke klassifisert» ({ar})"),
            statement=r["oppstilling"], line=IKKE_KLASSIFISERT, actual_ore=int(r["ub_ore"]),
            reference="R-102 standard kontoplan", file=file, row=row, column="konto"))
    saldo.loc[ukjent, "linje"] = IKKE_KLASSIFISERT
    return saldo, findings


def _syntetisk(konto: str, belop: int, linje: str, oppstilling: str, ks: str) -> dict[str, object]:
    return {"konto": konto, "ks": ks, "oppstilling": oppstilling, "linje": linje,
            "ib_ore": 0, "ub_ore": int(belop), "beregnet": True}


def _avslutt(saldo: pd.DataFrame, ar: int) -> tuple[pd.DataFrame, list[Finding]]:
    """Add the computed year-end postings (see module docstring)."""
    res = saldo[saldo["oppstilling"] == "resultat"]
    by = res.groupby("linje")["ub_ore"].sum()
    has = set(res["linje"])
    f: list[Finding] = []
    add: list[dict[str, object]] = []

    x = int(by.reindex(list(DRIFT_FINANS_LINJER), fill_value=0).sum())
    if "inntekt_bevilgninger" in has:
        booked = -int(by.get("inntekt_bevilgninger", 0))
        if booked != x:
            f.append(Finding(
                rule="SRS-10-01", severity=Severity.ERROR,
                message=(f"bokført inntekt fra bevilgninger {ar} avviker fra SRS 10-beløpet "
                         "(periodens kostnader − transaksjonsbaserte inntekter − tilskudd)"),
                statement="resultatregnskap", line="inntekt_bevilgninger", expected_ore=x,
                actual_ore=booked, reference=_REF_SRS10))
    elif x != 0:
        add += [_syntetisk("390", -x, "inntekt_bevilgninger", "resultat", "390"),
                _syntetisk("1991", x, "avregnet_statskassen", "balanse", "1991")]
        f.append(Finding(rule="SRS-10-02", severity=Severity.INFO,
                         message=f"inntekt fra bevilgninger {ar} er beregnet (390/1991)",
                         statement="resultatregnskap", line="inntekt_bevilgninger",
                         actual_ore=x, reference=_REF_SRS10))

    for brutto, avr, konto, motkonto, navn in (
        ("avgifter_direkte", "avregning_innkreving", "849", "1997", "innkrevingsvirksomhet"),
        ("tilskudd_andre", "avregning_tilskudd", "879", "1998", "tilskuddsforvaltning"),
    ):
        g = int(by.get(brutto, 0))
        if avr in has:
            a = int(by.get(avr, 0))
            if g + a != 0:
                f.append(Finding(
                    rule="SRS-RES-02", severity=Severity.ERROR,
                    message=f"avregning med statskassen {navn} {ar} går ikke i null mot bruttobeløpet",
                    statement="resultatregnskap", line=avr, expected_ore=-g, actual_ore=a,
                    reference="SRS 1; prinsippnote: presenteres etter kontantprinsippet"))
        elif g != 0:
            add += [_syntetisk(konto, -g, avr, "resultat", konto),
                    _syntetisk(motkonto, g, "avregnet_statskassen", "balanse", motkonto)]
            f.append(Finding(rule="SRS-RES-03", severity=Severity.INFO,
                             message=f"avregning med statskassen {navn} {ar} er beregnet ({konto}/{motkonto})",
                             statement="resultatregnskap", line=avr, actual_ore=-g,
                             reference="SRS 1"))
    if add:
        saldo = pd.concat([saldo, pd.DataFrame(add)], ignore_index=True)
        res = saldo[saldo["oppstilling"] == "resultat"]
    rest = int(res.loc[res["linje"] != "avregning_statskassen", "ub_ore"].sum())
    if "avregning_statskassen" in set(res["linje"]):
        a = int(res.loc[res["linje"] == "avregning_statskassen", "ub_ore"].sum())
        if rest + a != 0:
            f.append(Finding(
                rule="SRS-RES-01", severity=Severity.ERROR,
                message=f"resultatet {ar} er ikke fullt avregnet med statskassen",
                statement="resultatregnskap", line="avregning_statskassen", expected_ore=-rest,
                actual_ore=a, reference="SRS 1 (bruttobudsjetterte): avregning med statskassen"))
    elif rest != 0:
        saldo = pd.concat([saldo, pd.DataFrame([
            _syntetisk("895", -rest, "avregning_statskassen", "resultat", "895"),
            _syntetisk("1999", rest, "avregnet_statskassen", "balanse", "1999")])], ignore_index=True)
        f.append(Finding(rule="SRS-RES-04", severity=Severity.INFO,
                         message=f"avregning med statskassen {ar} er beregnet (895/1999)",
                         statement="resultatregnskap", line="avregning_statskassen",
                         actual_ore=-rest, reference="SRS 1"))
    return saldo, f


def linje_per_rad(rows: pd.DataFrame, saldo: pd.DataFrame) -> pd.Series:
    """The SRS 1 line every ledger row of one year adds to: its konto's line in ``saldo`` (the
    classified balances of that year, :attr:`Grunnlag.saldo`; the statement is the balanse for
    classes 1–2, :func:`er_balansekonto`, else the resultatregnskap), indexed like ``rows``.
    The rows behind a line, as the statements sum them (with the computed postings of
    ``saldo``, ``beregnet``, which have no ledger row)."""
    per_konto = pd.Series(saldo.set_index("konto")["linje"].to_dict())
    codes, kontoer = pd.factorize(rows["konto"])
    if len(codes) and (codes < 0).any():
        return rows["konto"].map(per_konto)
    ut = pd.Series(kontoer).map(per_konto).iloc[codes]     # once per konto, then taken per row
    ut.index = rows.index
    return ut.rename("konto")


def grunnlag_fra_hovedbok(hb: Hovedbok, ar: int, kp: SrsKontoplan) -> Grunnlag:
    """Balances of year ``ar`` from the ledger: IB = bilag ``IB``, UB = IB + the year's postings.
    Computed once per ledger, year and chart (the SRS statements, Note 7A and 7B all read it)."""
    cache = hb.__dict__.setdefault("_grunnlag", {})
    key = (int(ar), id(kp))
    hit = cache.get(key)
    if hit is not None and hit[0] is kp:
        return hit[1]
    g = _grunnlag_fra_hovedbok(hb, ar, kp)
    cache[key] = (kp, g)
    return g


def _ta(a: np.ndarray, pos: np.ndarray | None) -> np.ndarray:
    return a if pos is None else a[pos]


def _grunnlag_fra_hovedbok(hb: Hovedbok, ar: int, kp: SrsKontoplan) -> Grunnlag:
    frame = hb.frame
    rk = radkoder(hb)
    pos = ar_posisjoner(hb, ar)                     # the year's rows, read by position
    rader = np.arange(len(frame)) if pos is None else pos
    n_rader = len(rader)
    koder = _ta(rk.konto, pos)
    ib = _ta(rk.ib, pos)
    findings: list[Finding] = []
    ib_rader = frame.iloc[rader[ib]]
    for _, r in ib_rader[~er_balansekonto(ib_rader["konto"])].iterrows():
        findings.append(Finding(
            rule="SRS-HB-02", severity=Severity.ERROR,
            message=f"inngående balanse på resultatkonto {r['konto']}",
            statement="hovedbok", line=str(r["konto"]), actual_ore=int(r["belop_ore"]),
            reference="IB gjelder bare balansekonti (klasse 1 og 2)", file=r["_file"],
            row=int(r["_row"]), column="konto"))
    # The year's trial balance per konto (sorted; the accounts with a row in the year).
    saldo = saldobalanse_per_konto(hb, ar).drop(columns="bevegelse_ore")
    kontoer = saldo["konto"].to_numpy(dtype=object)
    saldo["beregnet"] = False
    # each konto's first row of the year (its file and row name a finding on the konto)
    n = len(rk.kontoer)
    forste = np.full(n, len(koder), dtype=np.int64)
    np.minimum.at(forste, koder, np.arange(len(koder), dtype=np.int64))
    finnes = forste < len(koder)
    forste_pos = rader[forste[finnes]] if len(koder) else np.zeros(0, dtype=np.int64)
    filer = frame["_file"].take(forste_pos).tolist()
    radnr = frame["_row"].take(forste_pos).tolist()
    first = {k: (str(f), int(r)) for k, f, r in zip(kontoer, filer, radnr)}
    saldo, f1 = _klassifiser(saldo, kp, first, ar)
    saldo, f2 = _avslutt(saldo, ar)
    # rows on the line tilskudd_andre: the konto's line, once per konto, then per row
    per_konto = saldo.set_index("konto")["linje"].to_dict()
    er_tilskudd = np.fromiter((per_konto.get(k) == "tilskudd_andre" for k in rk.kontoer), dtype=bool,
                              count=n)
    t_pos = rader[er_tilskudd[koder]]
    t = frame.iloc[t_pos, [frame.columns.get_loc(c) for c in ("kapittel", "post", "belop_ore", "_file", "_row")]]
    tilskudd = t.groupby(["kapittel", "post"], as_index=False)["belop_ore"].sum()
    tilskudd = tilskudd[tilskudd["belop_ore"] != 0].reset_index(drop=True)
    uten = t[((t["kapittel"] == "") | (t["post"] == "")).to_numpy(dtype=bool)]
    for _, r in uten.head(50).iterrows():
        findings.append(Finding(
            rule="SRS-N9-01", severity=Severity.WARNING,
            message="tilskuddspostering uten kapittel/post; står som «uten kapittel/post» i note 9",
            statement="note_9", line="uten_kapittel_post", actual_ore=int(r["belop_ore"]),
            reference="SRS 1 note tilskudd; R-115", file=r["_file"], row=int(r["_row"]),
            column="kapittel"))
    return Grunnlag(ar=ar, saldo=saldo, tilskudd=tilskudd,
                    findings=tuple(findings + f1 + f2), n_rader=n_rader)


def grunnlag_fra_saldobalanse(sb: Saldobalanse, kp: SrsKontoplan) -> Grunnlag:
    """Balances from a saldobalanse (``ib``/``ub`` per konto; result accounts: ``ub`` is the
    year's amount).  Note 9 per kapittel/post is not available from a saldobalanse."""
    f = sb.frame.groupby("konto", as_index=False)[["ib_ore", "ub_ore"]].sum()
    f["beregnet"] = False
    first = {k: (sb.file, int(v["_row"].iloc[0])) for k, v in sb.frame.groupby("konto")}
    saldo, f1 = _klassifiser(f, kp, first, sb.ar)
    saldo, f2 = _avslutt(saldo, sb.ar)
    tilskudd = pd.DataFrame({"kapittel": pd.Series(dtype=object), "post": pd.Series(dtype=object),
                             "belop_ore": pd.Series(dtype="int64")})
    return Grunnlag(ar=sb.ar, saldo=saldo, tilskudd=tilskudd,
                    findings=tuple(list(sb.findings) + f1 + f2), n_rader=len(sb.frame))
