"""Fixed assets from the register: linear avskrivning by month of use and the roll-forward
of SRS note 3 (immaterielle eiendeler) and note 4 (varige driftsmidler) (SRS 17; prinsippnote
«Klassifisering og vurdering av anleggsmidler»; DFØ note templates).

Rules (documented in ``docs/srs.md``):

* Depreciation starts the month after ``tatt_i_bruk``.  With ``n = 12 × levetid_ar`` months and
  ``m`` months of use at a date (capped at ``n``), accumulated depreciation is
  ``round_half_up(kost × m / n)`` in whole øre, so it ends exactly at ``kost``; a year's
  avskrivning is the difference of two accumulated figures.  On avgang, months are counted
  up to and including the month of ``avgangsdato``.
* A component is *under utførelse* until ``tatt_i_bruk``.  A component taken in use in the
  year it was acquired is a tilgang of its group; one carried under utførelse over a year end
  is reclassified into its group in the year it is taken in use.  The pågående-anlegg table
  per eiendel shows gross flows (every component acquired / taken in use in the year); the
  components among them bought and taken in use in the same year never pass through under
  utførelse (they are tilgang of their group), so the table states them on a row of their own
  after the sum (:data:`HERAV_DIREKTE`), and sum − that row = the note's under-utførelse
  column.  Each
  note has its own table: note 3 lists the components of note-3 groups (immaterielle eiendeler
  under utførelse), note 4 those of note-4 groups (anlegg under utførelse); an eiendel with
  components in both notes is listed in both, each with its own components.
* ``nedskrivning`` is the write-down recognised in the reporting year (``rapportar``); it is
  in the opening accumulated write-downs of later years and absent in earlier years.
* ``UB = IB + tilgang − avgang ± reklassifisering``; ``balanseført verdi = UB kost −
  akkumulerte nedskrivninger − akkumulerte avskrivninger``; every column closes to the øre.
  Both sums are declared once (:data:`RADER_SUMMER`, as booked: avgang is negative, accumulated
  figures positive and subtracted); the roll-forward computes them from it and the note table
  carries them as its sum terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import pandas as pd

from ..findings import Finding, Severity
from ..load.anleggsregister import Anleggsregister
from ..load.dialect import read_table
from ..money import andel_ore
from ..tabell import Kolonne, Ledd, Tabell, parse_ledd

__all__ = ["Anleggsgrupper", "load_anleggsgrupper", "akkumulert_avskrivning", "Anleggsnoter",
           "anleggsnoter", "RADER", "RADER_SUMMER", "HERAV_DIREKTE"]

RADER = (
    ("kost_ib", "line", "Anskaffelseskost 01.01."),
    ("tilgang", "line", "Tilgang i året"),
    ("avgang", "line", "Avgang anskaffelseskost i året (-)"),
    ("reklassifisering", "line", "Fra under utførelse til annen gruppe i året"),
    ("kost_ub", "sum", "Anskaffelseskost 31.12."),
    ("nedskr_ib", "line", "Akkumulerte nedskrivninger 01.01."),
    ("nedskr_aret", "line", "Nedskrivninger i året"),
    ("avskr_ib", "line", "Akkumulerte avskrivninger 01.01."),
    ("avskr_aret", "line", "Ordinære avskrivninger i året"),
    ("avskr_avgang", "line", "Akkumulerte avskrivninger avgang i året (-)"),
    ("bv_ub", "sum", "Balanseført verdi 31.12."),
)

#: The terms of the sum rows of :data:`RADER` (amounts as booked).
RADER_SUMMER: dict[str, tuple[Ledd, ...]] = {
    "kost_ub": parse_ledd("kost_ib tilgang avgang reklassifisering"),
    "bv_ub": parse_ledd("kost_ub -nedskr_ib -nedskr_aret -avskr_ib -avskr_aret -avskr_avgang"),
}


@dataclass(frozen=True, eq=False)
class Anleggsgrupper:
    """Asset groups: note, balance line, KS code, the under-utførelse group, depreciable."""

    frame: pd.DataFrame = field(repr=False)

    @property
    def navn(self) -> frozenset[str]:
        return frozenset(self.frame["gruppe"])

    def rad(self, gruppe: str) -> pd.Series:
        return self.frame.set_index("gruppe").loc[gruppe]


def load_anleggsgrupper(source: str | Path | pd.DataFrame | None = None) -> Anleggsgrupper:
    src = source if source is not None else Path(str(resources.files("imdi_ledger.srs") / "data" / "anleggsgrupper.csv"))
    raw = read_table(src, required=("gruppe", "note", "balanselinje", "ks", "under_utforelse",
                                    "avskrives", "tekst"), name="anleggsgrupper")
    f = raw.frame.drop(columns=["_row", "_file"]).astype(object)
    f = f.apply(lambda c: c.fillna("").astype(str).str.strip())
    return Anleggsgrupper(frame=f.reset_index(drop=True))


def _mnd(d: date) -> int:
    return d.year * 12 + d.month


def akkumulert_avskrivning(kost: int, tatt_i_bruk: date | None, levetid_ar: int | None,
                           per: date, avgang: date | None = None) -> int:
    """Accumulated linear depreciation (øre) at the end of ``per``'s day."""
    if tatt_i_bruk is None or not levetid_ar or tatt_i_bruk > per:
        return 0
    n = 12 * int(levetid_ar)
    slutt = min(per, avgang) if avgang is not None else per
    m = max(0, min(n, _mnd(slutt) - _mnd(tatt_i_bruk)))
    return andel_ore(kost, m, n)


_PAG_KOL = ("eiendel", "ib", "arets_anskaffelse", "aktivert", "pagaende")

#: Text of the pågående-anlegg row (after the sum) with the components of the listed eiendeler
#: bought and taken in use in the same year: in the table's gross «årets anskaffelse» and
#: «aktivert», but tilgang of their group in the note, not under utførelse.  The catalogue rules
#: X-NOTE3-PAGAENDE / X-NOTE4-PAGAENDE subtract it.
HERAV_DIREKTE = "Herav anskaffet og tatt i bruk samme år"


@dataclass(frozen=True, eq=False)
class Anleggsnoter:
    """Roll-forward per group for one year (``frame``: one row per group, columns ``RADER``
    ids in øre, as booked: costs +, accumulated figures + and subtracted in ``bv_ub``)."""

    ar: int
    frame: pd.DataFrame = field(repr=False)
    pagaende: pd.DataFrame = field(repr=False)
    findings: tuple[Finding, ...] = ()
    pagaende_note4: pd.DataFrame = field(repr=False, default_factory=lambda: pd.DataFrame(columns=_PAG_KOL))
    #: note ("3"/"4") -> (årets anskaffelse, aktivert) of the listed eiendeler's components bought
    #: and taken in use in the same year (:data:`HERAV_DIREKTE`)
    pagaende_direkte: dict[str, tuple[int, int]] = field(repr=False, default_factory=dict)

    def gruppe(self, g: str) -> dict[str, int]:
        return {k: int(v) for k, v in self.frame.set_index("gruppe").loc[g].items() if k in dict.fromkeys(r[0] for r in RADER)}

    def avskrivninger(self, note: str | None = None) -> int:
        f = self.frame if note is None else self.frame[self.frame["note"] == note]
        return int(f["avskr_aret"].sum())

    def nedskrivninger(self, note: str | None = None) -> int:
        f = self.frame if note is None else self.frame[self.frame["note"] == note]
        return int(f["nedskr_aret"].sum())

    def balanseverdi(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.frame.groupby("balanselinje")["bv_ub"].sum().items()}

    def tabell(self, note: str, tittel: str) -> Tabell:
        f = self.frame[self.frame["note"] == note]
        f = f[(f[[r[0] for r in RADER]] != 0).any(axis=1)]
        kol = [Kolonne("tekst", "Tekst")] + [Kolonne(g, t, True) for g, t in zip(f["gruppe"], f["tekst"])]
        kol.append(Kolonne("sum", "Sum", True))
        rows = []
        for rid, kind, tekst in RADER:
            vals = {g: int(v) for g, v in zip(f["gruppe"], f[rid])}
            label = f"{tekst[:-1]}.{self.ar}" if rid == "bv_ub" else (
                f"Anskaffelseskost 31.12.{self.ar}" if rid == "kost_ub" else tekst)
            rows.append({"line_id": rid, "kind": kind, "tekst": label, **vals, "sum": sum(vals.values())})
        return Tabell.bygg(f"note_{note}", tittel, kol, rows, summer=RADER_SUMMER)

    def pagaende_tabell(self, note: str = "3") -> Tabell:
        """The pågående-anlegg table of note 3 (immaterielle eiendeler under utførelse) or
        note 4 (anlegg under utførelse), one row per eiendel."""
        if note not in ("3", "4"):
            raise ValueError(f"pågående anlegg finnes for note 3 og 4, ikke {note!r}")
        pag = self.pagaende if note == "3" else self.pagaende_note4
        kol = (Kolonne("tekst", "Prosjekt"), Kolonne("ib", f"Pr. 01.01.{self.ar}", True),
               Kolonne("arets_anskaffelse", "Årets anskaffelse", True),
               Kolonne("aktivert", "Aktivert", True), Kolonne("pagaende", f"Pr. 31.12.{self.ar}", True))
        rows = [{"line_id": f"p{i}", "kind": "line", "tekst": r["eiendel"], "ib": r["ib"],
                 "arets_anskaffelse": r["arets_anskaffelse"], "aktivert": r["aktivert"],
                 "pagaende": r["pagaende"]} for i, r in enumerate(pag.to_dict("records"))]
        s = {c: int(pag[c].sum()) for c in _PAG_KOL[1:]}
        rows.append({"line_id": "sum", "kind": "sum", "tekst": "Sum pågående anlegg", **s})
        ledd = {"sum": [Ledd(r["line_id"]) for r in rows[:-1]]}
        ny, akt = self.pagaende_direkte.get(note, (0, 0))
        if ny or akt:
            rows.append({"line_id": "herav_direkte", "kind": "line", "tekst": HERAV_DIREKTE, "ib": None,
                         "arets_anskaffelse": ny, "aktivert": akt, "pagaende": None})
        tittel = "Pågående anlegg (under utførelse)" if note == "3" else "Pågående anlegg (anlegg under utførelse)"
        return Tabell.bygg(f"note_{note}_pagaende", tittel, kol, rows, summer=ledd)


def anleggsnoter(reg: Anleggsregister, grupper: Anleggsgrupper, ar: int,
                 rapportar: int | None = None) -> Anleggsnoter:
    """Roll-forward of every group for year ``ar`` (``rapportar``: the year whose write-downs
    the register's ``nedskrivning`` column holds; default ``ar``)."""
    rapportar = ar if rapportar is None else rapportar
    start, slutt, forrige = date(ar, 1, 1), date(ar, 12, 31), date(ar - 1, 12, 31)
    gi = grupper.frame.set_index("gruppe")
    ids = [r[0] for r in RADER]
    acc: dict[str, dict[str, int]] = {g: dict.fromkeys(ids, 0) for g in gi.index}
    pag: dict[tuple[str, str], dict[str, int]] = {}
    findings: list[Finding] = []
    komp: list[tuple[tuple[str, str], bool, int, int, int, int]] = []
    for r in reg.frame.to_dict("records"):
        g = r["gruppe"]
        if g not in gi.index:
            findings.append(Finding(rule="SRS-ANL-03", severity=Severity.ERROR,
                                    message=f"ukjent anleggsgruppe {g!r}", statement="anleggsregister",
                                    file=r["_file"], row=r["_row"], column="gruppe"))
            continue
        u = gi.loc[g, "under_utforelse"] or g
        k, a, t, d = int(r["anskaffelseskost_ore"]), r["anskaffelsesdato"], r["tatt_i_bruk"], r["avgangsdato"]
        lev = None if pd.isna(r["levetid_ar"]) else int(r["levetid_ar"])
        avskrives = gi.loc[g, "avskrives"] == "1"
        if avskrives and t is not None and t <= slutt and lev is None:
            findings.append(Finding(
                rule="SRS-ANL-01", severity=Severity.ERROR,
                message=f"eiendel {r['eiendel']!r} er tatt i bruk uten levetid; ingen avskrivning beregnet",
                statement=f"note_{gi.loc[g, 'note']}", line=g, file=r["_file"], row=r["_row"],
                column="levetid_ar"))
        direkte = t is not None and t.year <= a.year
        if a > slutt:
            continue
        def i_bruk(dag: date) -> bool:
            return t is not None and t <= dag and a <= dag
        def avgatt(dag: date) -> bool:
            return d is not None and d <= dag
        # cost columns
        if not avgatt(forrige) and a <= forrige:
            acc[g if i_bruk(forrige) else u]["kost_ib"] += k
        if start <= a <= slutt:
            acc[g if direkte else u]["tilgang"] += k
        if t is not None and start <= t <= slutt and not direkte:
            acc[g]["reklassifisering"] += k
            acc[u]["reklassifisering"] -= k
        if d is not None and start <= d <= slutt:
            acc[g if i_bruk(d) else u]["avgang"] -= k
        # depreciation and write-downs (only for depreciable groups in use)
        ls = lev if avskrives and not avgatt(forrige) else None
        a_ib = akkumulert_avskrivning(k, t, ls, forrige, d)
        a_ub_full = akkumulert_avskrivning(k, t, ls, slutt, d)
        acc[g]["avskr_ib"] += a_ib
        acc[g]["avskr_aret"] += a_ub_full - a_ib
        if d is not None and start <= d <= slutt:
            acc[g]["avskr_avgang"] -= a_ub_full
        ned = int(r["nedskrivning_ore"])
        if ned:
            if ar > rapportar and not avgatt(forrige):
                acc[g]["nedskr_ib"] += ned
            elif ar == rapportar:
                acc[g]["nedskr_aret"] += ned
        # pågående anlegg per eiendel (gross flows of every component of a touched eiendel)
        was_u = a <= forrige and not i_bruk(forrige) and not avgatt(forrige)
        is_u = not i_bruk(slutt) and not avgatt(slutt)
        aktivert_i_aret = t is not None and start <= t <= slutt
        komp.append(((str(gi.loc[g, "note"]), r["eiendel"]), was_u or is_u or (aktivert_i_aret and not direkte),
                     direkte, k if was_u else 0, k if start <= a <= slutt else 0,
                     k if aktivert_i_aret else 0, k if is_u else 0))
    touched = {e for e, hit, *_ in komp if hit}
    direkte_flyt: dict[str, tuple[int, int]] = {}
    for e, _, dir_, ib, ny, akt, ub in komp:
        if e in touched:
            p = pag.setdefault(e, {"ib": 0, "arets_anskaffelse": 0, "aktivert": 0, "pagaende": 0})
            p["ib"] += ib
            p["arets_anskaffelse"] += ny
            p["aktivert"] += akt
            p["pagaende"] += ub
            if dir_:
                n0, a0 = direkte_flyt.get(e[0], (0, 0))
                direkte_flyt[e[0]] = (n0 + ny, a0 + akt)
    rows = []
    for g, v in acc.items():
        for rid, kind, _ in RADER:
            if kind == "sum":
                v[rid] = sum(l.fortegn * v[l.linje] for l in RADER_SUMMER[rid])
        rows.append({"gruppe": g, "note": gi.loc[g, "note"], "balanselinje": gi.loc[g, "balanselinje"],
                     "tekst": gi.loc[g, "tekst"], **v})
    pag_f = {n: pd.DataFrame([{"eiendel": e, **v} for (nn, e), v in pag.items() if nn == n], columns=list(_PAG_KOL))
             for n in ("3", "4")}
    return Anleggsnoter(ar=ar, frame=pd.DataFrame(rows), pagaende=pag_f["3"], findings=tuple(findings),
                        pagaende_note4=pag_f["4"], pagaende_direkte=direkte_flyt)
