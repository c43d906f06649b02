"""Note B «Forklaring til brukte fullmakter og beregning av mulig overførbart beløp til neste år»
(R-115 Note B; R-2 overføring av ubrukte bevilgninger; bevilgningsreglementet §5; R-110).

Columns (R-115 template, ``docs/note_b.md``)::

    c  merutgift(-)/mindreutgift              from the bevilgningsrapportering
    d  utgiftsført av andre (−)               avgitte belastningsfullmakter
    e  = c + d
    f  merinntekt/mindreinntekt(−)            merinntektsfullmakt (income post: regnskap − samlet)
    g  omdisponering                          −on 01 / +on 45 (R-110); + on 01/21 forskuttering
    h  innsparinger (−)
    i  = e + f + g + h                        sum grunnlag for overføring
    j  maks. overførbart beløp                see below
    k  = min(max(i, 0), j)                    mulig overførbart beløp

Cap ``j`` (each row says which rule set it, in ``regel_maks``):

* overslagsbevilgning → 0 (unused amounts lapse);
* «kan overføres» → årets bevilgning + last year's bevilgning (two-year rule; R-1/99, R-115 footnote);
* driftsposter 01–29 except 24 → 5 % of a base chosen by :class:`Grunnlag5Prosent`
  (default: årets tildeling, the R-115 footnote's «årets bevilgning»), rounded down to whole øre
  (:func:`imdi_ledger.regelverk.fem_prosent_ore`, also used by the catalogue rule ``NOTEB-MAKS``);
* every other post (30–99 without «kan overføres», post 24) → 0;
* a post used only under a *mottatt* belastningsfullmakt → 0 (the granting virksomhet computes it).

Column ``f`` net of mva (merinntektsfullmakt with ``mva_prosent`` = p).  Stortinget's standard
merinntektsfullmakt: «Merinntekt som gir grunnlag for overskridelse, skal også
dekke merverdiavgift knyttet til overskridelsen, og berører derfor også kap. 1633, post 1».  An
overskridelse X on the expense post draws X × p/100 in mva on kap. 1633 post 01 (nettoordningen), so a
merinntekt M covers at most X = ⌊M × 100 / (100 + p)⌋ of it.  With U the merutgift after avgitte
belastningsfullmakter still to be covered (U = max(−e, 0), reduced by each earlier merinntekt on the
same post, in file order)::

    dekket = min(U, ⌊M × 100 / (100 + p)⌋)          the part of the merutgift the merinntekt covers
    mva    = dekket × p / 100, half away from zero to whole øre
    f      = M − mva                                 (M ≤ 0, U = 0 or p unset: f = M)

so dekket + mva ≤ M always, and f never falls when M rises (0 ≤ p ≤ 100).  The mva is in the frame
(``merinntekt_mva_ore``) and the row's ``forklaring``.

Avgitte belastningsfullmakter on an inntektskapittel (R-111; R-115 Note B: «must also be described»)
enter no column: they are named in the ``forklaring`` of the expense row a merinntektsfullmakt ties the
income post to, and in a footnote of the printed note.

Rows with no basis (``j == 0`` and no fullmakt, or ``c == 0`` and no fullmakt) stay in the frame but
are left out of the printed note (``vis_i_note``), as R-115 allows.  The printed Sum row adds every
printed post in each column except j (maks. overførbart beløp is per post and has no total, so the
Sum row's terms are declared for the other columns only).  Money is integer øre throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from ..errors import InputError
from ..findings import Finding, Severity
from ..load.fullmakter import (
    KAN_OVERFORES,
    OVERSLAGSBEVILGNING,
    AvgittBelastningsfullmaktInntekt,
    Fullmakter,
    fullmakter_findings,
    nyttes_under,
    parse_stikkord,
)
from ..load.oppsett import Grunnlag5Prosent, NoteBSpec
from ..money import andel_ore, belop_tekst, ore_array
from ..regelverk import MVA_NETTOORDNING, REF_FEM_PROSENT, er_femprosentpost, fem_prosent_ore
from ..tabell import Kolonne, Ledd, Tabell

__all__ = [
    "Grunnlag5Prosent",
    "NoteBSpec",
    "NoteB",
    "NOTE_B_KOLONNER",
    "POSTER_KOLONNER",
    "note_b",
    "merinntekt_netto_mva",
    "publisert_note_b_frame",
    "kontroller_publisert_note_b",
    "GRUNNLAG_ARETS",
    "GRUNNLAG_SAMLET",
    "GRUNNLAG_TO_AR",
]

#: The base of a post's cap j as Note B used it (frame column ``grunnlag_maks_av``, exported with
#: the Note B rows so that the catalogue rule ``NOTEB-MAKS`` checks against it): 5 % of årets
#: tildeling, 5 % of samlet tildeling (:class:`Grunnlag5Prosent`), or for «kan overføres» årets +
#: fjorårets bevilgning (columns ``arets_bevilgning_ore``, ``fjorarets_bevilgning_ore``; the
#: latter blank when neither the fullmakter nor last year's posts gave it).
GRUNNLAG_ARETS = "5 % av årets tildeling"
GRUNNLAG_SAMLET = "5 % av samlet tildeling"
GRUNNLAG_TO_AR = "årets + fjorårets bevilgning"

STATEMENT = "note_b"
REF_NOTE_B = "R-115 Note B"
REF_2AR = "Bevilgningsreglementet §5; R-1/99; R-115 Note B fotnote * («kan overføres»: sum av årets og fjorårets bevilgning)"
REF_OVERSLAG = "Bevilgningsreglementet §5; R-2 (overslagsbevilgning overføres ikke)"
REF_INGEN = "Bevilgningsreglementet §5; R-2 (poster 30-99 kan bare overføres med stikkordet «kan overføres»)"
REF_MVA = ("Stortingets merinntektsfullmakt («Merinntekt som gir grunnlag for overskridelse, skal også dekke "
           "merverdiavgift knyttet til overskridelsen»); "
           f"kap. {MVA_NETTOORDNING.kapittel} post {MVA_NETTOORDNING.post}")
REF_R111 = "R-111; R-115 Note B (avgitte belastningsfullmakter på inntektskapitler)"
REF_MOTTATT = "R-115 prinsippnote (mottatte belastningsfullmakter: overføring beregnes av avgiver)"

POSTER_KOLONNER = (
    "kapittel", "post", "kapittelnavn", "posttekst", "type", "stikkord",
    "overfort_fra_i_fjor_ore", "arets_tildeling_ore", "samlet_tildeling_ore", "regnskap_ore",
    "merutgift_mindreutgift_ore",
)


MONEY = (
    ("merutgift_mindreutgift_ore", "Merutgift(-)/ mindre utgift"),
    ("utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore",
     "Utgiftsført av andre iht. avgitte belastningsfullmakter(-)"),
    ("etter_avgitte_belastningsfullmakter_ore", "Merutgift(-)/ mindreutgift etter avgitte belastningsfullmakter"),
    ("merinntekter_merinntektsfullmakt_ore", "Merinntekter / mindreinntekter(-) iht. merinntektsfullmakt"),
    ("omdisponering_ore", "Omdisponering fra post 01 til 45 eller til post 01/21 fra neste års bevilgning"),
    ("innsparinger_ore", "Innsparinger(-)"),
    ("sum_grunnlag_for_overforing_ore", "Sum grunnlag for overføring"),
    ("maks_overforbart_ore", "Maks. overførbart beløp *"),
    ("mulig_overforbart_ore", "Mulig overførbart beløp beregnet av virksomheten **"),
)
_VALGFRIE = frozenset({
    "utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore", "merinntekter_merinntektsfullmakt_ore",
    "omdisponering_ore", "innsparinger_ore",
})
NOTE_B_KOLONNER: tuple[Kolonne, ...] = (
    Kolonne("kapittel_post", "Kapittel og post"),
    Kolonne("stikkord", "Stikkord"),
) + tuple(Kolonne(n, o, penger=True) for n, o in MONEY)

_FOTNOTE_1 = (
    "* Maksimalt beløp som kan overføres er 5% av årets bevilgning på driftspostene 01-29, unntatt post 24 "
    "eller sum av de siste to års bevilgning for poster med stikkordet \"kan overføres\". Se årlig rundskriv R-2 "
    "for mer informasjon om overføring av ubrukte bevilgninger."
)
_FOTNOTE_2 = "** Se årlig rundskriv R-2 for mer detaljert informasjon om mulig overførbart beløp."


@dataclass(frozen=True, eq=False)
class NoteB:
    """Computed Note B: the printed table, the full frame (every utgift post), findings."""

    tabell: Tabell
    frame: pd.DataFrame = field(repr=False)
    findings: tuple[Finding, ...]
    spec: NoteBSpec

    def to_frame(self) -> pd.DataFrame:
        """Every utgift post (also those left out of the printed note), with ``regel_maks`` and
        ``forklaring``."""
        return self.frame.copy()

    @property
    def sum_mulig_overforbart_ore(self) -> int:
        return int(self.frame["mulig_overforbart_ore"].sum())

    @property
    def forklaring(self) -> Tabell:
        """Why each printed row has its figures: the rule that set the cap (with its source)
        and every fullmakt that moved the basis."""
        shown = self.frame[self.frame["vis_i_note"]]
        rows = []
        for rec in shown.to_dict("records"):
            moved = list(rec["forklaring"] or ())
            rows.append({"line_id": f"forklaring-{rec['kapittel_post']}", "kind": "line",
                         "kapittel_post": rec["kapittel_post"], "regel_maks": rec["regel_maks"],
                         "forklaring": "; ".join(moved) if moved else "ingen fullmakt flytter grunnlaget"})
        return Tabell.bygg("note_b_forklaring", "Note B – forklaring per post (regel for maks. og brukte fullmakter)",
                           [Kolonne("kapittel_post", "Kapittel og post"), Kolonne("regel_maks", "Maks. overførbart etter"),
                            Kolonne("forklaring", "Fullmakter som flytter grunnlaget")], rows)

    def tabeller(self) -> tuple[Tabell, Tabell]:
        return (self.tabell, self.forklaring)


# ---------------------------------------------------------------------------------------------


def merinntekt_netto_mva(merinntekt_ore: int, udekket_ore: int, mva_prosent: int | None) -> tuple[int, int, int]:
    """Column f for one merinntektsfullmakt: ``(f, dekket, mva)`` in øre.

    ``merinntekt_ore`` is M (regnskap − samlet of the income post), ``udekket_ore`` U the merutgift on
    the expense post not yet covered, ``mva_prosent`` p.  ``dekket = min(U, ⌊M·100/(100+p)⌋)``,
    ``mva = dekket·p/100`` rounded half away from zero, ``f = M − mva``; with M ≤ 0 or U ≤ 0, f = M.
    Without p the merinntekt still covers ``min(U, M)`` (so a later fullmakt on the same post sees
    what is left) and f = M."""
    m, u = int(merinntekt_ore), max(int(udekket_ore), 0)
    if m <= 0 or u == 0:
        return m, 0, 0
    p = mva_prosent or 0
    if not 0 <= p <= 100:
        raise ValueError(f"mva_prosent {p} er utenfor 0–100")  # the loader and Merinntektsfullmakt refuse it
    dekket = min(u, m * 100 // (100 + p))
    mva = andel_ore(dekket, p, 100)
    return m - mva, dekket, mva


def _int(v: Any) -> int | None:
    return None if v is None or v is pd.NA or pd.isna(v) else int(v)


_kroner = belop_tekst


def _sum_or_na(values: Sequence[int]) -> int | None:
    return sum(values) if values else None


def _check_poster(poster: pd.DataFrame, file: str) -> None:
    missing = [c for c in POSTER_KOLONNER if c not in poster.columns]
    if missing:
        raise InputError(file, None, missing[0], f"postrammen mangler kolonnene {missing}")
    keys = poster["kapittel"].astype(str) + " " + poster["post"].astype(str)
    dup = keys[keys.duplicated()]
    if not dup.empty:
        pos = int(keys.duplicated().to_numpy().nonzero()[0][0])
        raise InputError(file, _row_of(poster, pos), "post", f"kapittel/post {dup.iloc[0]} står to ganger")


def _row_of(poster: pd.DataFrame, pos: int) -> int | None:
    if "_row" in poster.columns:
        v = poster["_row"].iloc[pos]
        return None if pd.isna(v) else int(v)
    return pos + 2


def _file_of(poster: pd.DataFrame, pos: int, default: str) -> str:
    if "_file" in poster.columns and isinstance(poster["_file"].iloc[pos], str):
        return str(poster["_file"].iloc[pos])
    return default


@dataclass
class _Post:
    pos: int
    kapittel: str
    post: str
    type: str
    stikkord: tuple[str, ...]
    overfort: int
    arets: int
    samlet: int
    regnskap: int | None
    c: int | None
    file: str
    row: int | None


def _posts(poster: pd.DataFrame, spec: NoteBSpec, fullmakter: Fullmakter, out: list[Finding]) -> list[_Post]:
    rows: list[_Post] = []
    for pos in range(len(poster)):
        rec = poster.iloc[pos]
        kap, post = str(rec["kapittel"]), str(rec["post"])
        file, row = _file_of(poster, pos, spec.file), _row_of(poster, pos)
        override = fullmakter.post(kap, post)
        if override is not None and override.stikkord is not None:
            stikk = override.stikkord
        else:
            try:
                stikk = parse_stikkord(rec["stikkord"])
            except ValueError as exc:
                out.append(Finding(
                    rule="NOTEB-UKJENT-STIKKORD", severity=Severity.ERROR, statement=STATEMENT,
                    line=f"{kap} {post}", message=f"{exc}; posten behandles som uten stikkord",
                    reference=REF_NOTE_B, file=file, row=row, column="stikkord",
                ))
                stikk = ()
        p = _Post(
            pos, kap, post, str(rec["type"]), stikk,
            _int(rec["overfort_fra_i_fjor_ore"]) or 0, _int(rec["arets_tildeling_ore"]) or 0,
            _int(rec["samlet_tildeling_ore"]) or 0, _int(rec["regnskap_ore"]),
            _int(rec["merutgift_mindreutgift_ore"]), file, row,
        )
        for col, v in (("arets_tildeling_ore", p.arets), ("samlet_tildeling_ore", p.samlet)):
            if v < 0:
                out.append(Finding(
                    rule="NOTEB-NEGATIV-TILDELING", severity=Severity.ERROR, statement=STATEMENT,
                    line=f"{kap} {post}",
                    message=f"negativ tildeling {_kroner(v)} kr på {kap} {post}; maks overførbart regnes av 0",
                    expected_ore=0, actual_ore=v, reference="R-115 Note A", file=file, row=row, column=col,
                ))
        if p.type == "utgift" and p.c is not None and p.regnskap is not None and p.c != p.samlet - p.regnskap:
            out.append(Finding(
                rule="NOTEB-C-AVVIK", severity=Severity.ERROR, statement=STATEMENT, line=f"{kap} {post}",
                message="merutgift/mindreutgift er ikke samlet tildeling − regnskap",
                expected_ore=p.samlet - p.regnskap, actual_ore=p.c,
                reference="R-115 bevilgningsrapportering", file=file, row=row,
                column="merutgift_mindreutgift_ore",
            ))
        rows.append(p)
    return rows


def _merinntekt(p: _Post) -> int:
    """Merinntekt (+) / mindreinntekt (−) of an income post: the frame's column, or regnskap − samlet."""
    if p.c is not None:
        return p.c
    return (p.regnskap or 0) - p.samlet


def _fjor(p: _Post, fullmakter: Fullmakter, fjor: Mapping[tuple[str, str], int], out: list[Finding]) -> int | None:
    pf = fullmakter.post(p.kapittel, p.post)
    from_file = pf.bevilgning_i_fjor_ore if pf is not None else None
    from_frame = fjor.get((p.kapittel, p.post))
    if from_file is not None and from_frame is not None and from_file != from_frame:
        out.append(Finding(
            rule="NOTEB-FJOR-AVVIK", severity=Severity.WARNING, statement=STATEMENT,
            line=f"{p.kapittel} {p.post}",
            message="bevilgning_i_fjor i fullmaktene avviker fra fjorårets årets tildeling; fullmaktene brukes",
            expected_ore=from_frame, actual_ore=from_file, reference=REF_2AR,
            file=pf.kilde.file if pf else None, row=pf.kilde.row if pf else None, column="bevilgning_i_fjor",
        ))
    return from_file if from_file is not None else from_frame


def note_b(
    poster: pd.DataFrame,
    fullmakter: Fullmakter | None = None,
    *,
    spec: NoteBSpec = NoteBSpec(),
) -> NoteB:
    """Compute Note B from the posts of the bevilgningsrapportering and the fullmakter."""
    fullmakter = fullmakter or Fullmakter()
    _check_poster(poster, spec.file)
    findings: list[Finding] = []
    posts = _posts(poster, spec, fullmakter, findings)
    ref_findings = fullmakter_findings(fullmakter, poster)
    findings.extend(ref_findings)
    by_key = {(p.kapittel, p.post): p for p in posts}
    types = {k: p.type for k, p in by_key.items()}

    def ok(kap: str, post: str, want: str = "utgift") -> bool:
        return types.get((kap, post)) == want

    fjor: dict[tuple[str, str], int] = {}
    if spec.poster_i_fjor is not None and len(spec.poster_i_fjor):
        pf = spec.poster_i_fjor
        for k, po, v in zip(pf["kapittel"], pf["post"], pf["arets_tildeling_ore"]):
            if _int(v) is not None:
                fjor[(str(k), str(po))] = int(v)  # type: ignore[arg-type]

    # fullmakter per post (only those pointing to existing posts of the right type)
    avgitte: dict[tuple[str, str], list] = {}
    for a in fullmakter.avgitte:
        if ok(a.kapittel, a.post):
            avgitte.setdefault((a.kapittel, a.post), []).append(a)
    # avgitte belastningsfullmakter on inntekt posts: described, no column.  An entry under
    # avgitte_belastningsfullmakter on an inntekt post is read the same way (its utgiftsført as the
    # amount the other virksomhet booked on the post).
    avgitte_inntekt: dict[tuple[str, str], list[AvgittBelastningsfullmaktInntekt]] = {}
    for ai in fullmakter.avgitte_inntekt:
        if ok(ai.kapittel, ai.post, want="inntekt"):
            avgitte_inntekt.setdefault((ai.kapittel, ai.post), []).append(ai)
    for a in fullmakter.avgitte:
        if ok(a.kapittel, a.post, want="inntekt"):
            avgitte_inntekt.setdefault((a.kapittel, a.post), []).append(AvgittBelastningsfullmaktInntekt(
                a.kapittel, a.post, a.til, a.innvilget_ore, a.utgiftsfort_ore, a.kilde))
    mottatte: dict[tuple[str, str], list] = {}
    for m in fullmakter.mottatte:
        if (m.kapittel, m.post) in types:
            mottatte.setdefault((m.kapittel, m.post), []).append(m)
    merinntekt: dict[tuple[str, str], list] = {}
    brukt_inntekt: dict[tuple[str, str], Any] = {}
    for mi in fullmakter.merinntekt:
        ikey = (mi.inntekt_kapittel, mi.inntekt_post)
        if not (ok(mi.kapittel, mi.post) and ok(*ikey, want="inntekt")):
            continue
        if ikey in brukt_inntekt:
            first = brukt_inntekt[ikey]
            findings.append(Finding(
                rule="NOTEB-MERINNTEKT-DOBBEL", severity=Severity.ERROR, statement=STATEMENT,
                line=f"{mi.kapittel} {mi.post}",
                message=f"inntektsposten {ikey[0]} {ikey[1]} er allerede knyttet til {first.kapittel} {first.post}; "
                        "merinntekten regnes bare med der",
                reference=REF_NOTE_B, file=mi.kilde.file, row=mi.kilde.row, column="inntekt_kapittel",
            ))
            continue
        brukt_inntekt[ikey] = mi
        merinntekt.setdefault((mi.kapittel, mi.post), []).append(mi)
    g_parts: dict[tuple[str, str], list[tuple[int, str]]] = {}
    omdisp_per_kap: dict[str, list] = {}
    for o in fullmakter.omdisponeringer:
        if ok(o.kapittel, "01") and ok(o.kapittel, "45"):
            b = _kroner(o.belop_ore)
            g_parts.setdefault((o.kapittel, "01"), []).append(
                (-o.belop_ore, f"omdisponert {b} kr fra post 01 til {o.kapittel} post 45 (R-110)"))
            g_parts.setdefault((o.kapittel, "45"), []).append(
                (o.belop_ore, f"omdisponert {b} kr fra {o.kapittel} post 01 (R-110)"))
            omdisp_per_kap.setdefault(o.kapittel, []).append(o)
    for fs in fullmakter.forskutteringer:
        if ok(fs.kapittel, fs.post):
            g_parts.setdefault((fs.kapittel, fs.post), []).append(
                (fs.belop_ore, f"forskuttert {_kroner(fs.belop_ore)} kr av neste års bevilgning"))
    innsp: dict[tuple[str, str], list] = {}
    for i in fullmakter.innsparinger:
        if ok(i.kapittel, i.post):
            innsp.setdefault((i.kapittel, i.post), []).append(i)
    overskr: dict[tuple[str, str], int] = {}
    for s in fullmakter.overskridelser:
        if ok(s.kapittel, s.post):
            overskr[(s.kapittel, s.post)] = overskr.get((s.kapittel, s.post), 0) + s.belop_ore

    records: list[dict[str, Any]] = []
    for p in posts:
        if p.type != "utgift" or p.c is None:
            continue
        key = (p.kapittel, p.post)
        forklaring: list[str] = []
        c = p.c
        d_items = avgitte.get(key, [])
        d = _sum_or_na([-a.utgiftsfort_ore for a in d_items])
        for a in d_items:
            forklaring.append(
                f"avgitt belastningsfullmakt til {a.til}: innvilget {_kroner(a.innvilget_ore)} kr, "
                f"utgiftsført av {a.til} {_kroner(a.utgiftsfort_ore)} kr (kolonne d)")
        e = c + (d or 0)
        f_items = merinntekt.get(key, [])
        f_vals = []
        mva_vals = []
        udekket = max(-e, 0)
        for mi in f_items:
            brutto = _merinntekt(by_key[(mi.inntekt_kapittel, mi.inntekt_post)])
            v, dekket, mva = merinntekt_netto_mva(brutto, udekket, mi.mva_prosent)
            udekket -= dekket
            f_vals.append(v)
            if mi.mva_prosent is not None:
                mva_vals.append(mva)
            word = "merinntekt" if brutto >= 0 else "mindreinntekt"
            hj = f" ({mi.hjemmel})" if mi.hjemmel else ""
            if mva:
                forklaring.append(
                    f"merinntektsfullmakt mot {mi.inntekt_kapittel} post {mi.inntekt_post}{hj}: "
                    f"{word} {_kroner(brutto)} kr dekker overskridelse {_kroner(dekket)} kr og mva "
                    f"{mi.mva_prosent} % av den, {_kroner(mva)} kr (kap. {MVA_NETTOORDNING.kapittel} post {MVA_NETTOORDNING.post}); "
                    f"{_kroner(v)} kr i kolonne f ({REF_MVA})")
            else:
                forklaring.append(
                    f"merinntektsfullmakt mot {mi.inntekt_kapittel} post {mi.inntekt_post}{hj}: "
                    f"{word} {_kroner(v)} kr (kolonne f)")
            for ai in avgitte_inntekt.get((mi.inntekt_kapittel, mi.inntekt_post), []):
                forklaring.append(_avgitt_inntekt_tekst(ai))
        f = _sum_or_na(f_vals)
        g_items = g_parts.get(key, [])
        g = _sum_or_na([v for v, _ in g_items])
        forklaring.extend(t + " (kolonne g)" for _, t in g_items)
        h_items = innsp.get(key, [])
        h = _sum_or_na([-x.belop_ore for x in h_items])
        for x in h_items:
            forklaring.append(f"innsparing {_kroner(x.belop_ore)} kr" + (f": {x.tekst}" if x.tekst else "")
                              + " (kolonne h)")
        i = e + (f or 0) + (g or 0) + (h or 0)

        mottatt_only = key in mottatte and p.samlet == 0
        grunnlag_maks: int | None = None
        grunnlag_av: str | None = None
        arets_bev: int | None = None
        fjorarets_bev: int | None = None
        if mottatt_only:
            j, regel = 0, f"mottatt belastningsfullmakt: 0 ({REF_MOTTATT})"
            for m in mottatte[key]:
                forklaring.append(f"mottatt belastningsfullmakt fra {m.fra}: innvilget "
                                  f"{_kroner(m.innvilget_ore)} kr, brukt {_kroner(m.brukt_ore)} kr")
        elif OVERSLAGSBEVILGNING in p.stikkord:
            j, regel = 0, f"overslagsbevilgning: 0 ({REF_OVERSLAG})"
        elif KAN_OVERFORES in p.stikkord:
            fj = _fjor(p, fullmakter, fjor, findings)
            if fj is None:
                findings.append(Finding(
                    rule="NOTEB-FJOR-MANGLER", severity=Severity.WARNING, statement=STATEMENT,
                    line=f"{p.kapittel} {p.post}",
                    message="«kan overføres» uten fjorårets bevilgning (bevilgning_i_fjor); maks overførbart "
                            "regnes bare av årets bevilgning og kan være for lavt",
                    reference=REF_2AR, file=fullmakter.file, column="bevilgning_i_fjor",
                ))
            grunnlag_maks = max(p.arets, 0) + max(fj or 0, 0)
            grunnlag_av, arets_bev, fjorarets_bev = GRUNNLAG_TO_AR, max(p.arets, 0), fj
            j = grunnlag_maks
            regel = (f"«kan overføres»: årets bevilgning {_kroner(max(p.arets, 0))} kr + fjorårets "
                     f"{_kroner(max(fj or 0, 0))} kr ({REF_2AR})")
        elif er_femprosentpost(p.post):
            if spec.grunnlag_5_prosent is Grunnlag5Prosent.SAMLET_TILDELING:
                grunnlag_maks, navn = max(p.samlet, 0), "samlet tildeling"
                grunnlag_av = GRUNNLAG_SAMLET
            else:
                grunnlag_maks, navn = max(p.arets, 0), "årets tildeling"
                grunnlag_av = GRUNNLAG_ARETS
            j = fem_prosent_ore(grunnlag_maks)
            regel = f"5 % av {navn} {_kroner(grunnlag_maks)} kr, avrundet ned til hele øre ({REF_FEM_PROSENT})"
        else:
            j = 0
            why = "post 24" if p.post == "24" else f"post {p.post} uten «kan overføres»"
            regel = f"ingen overføringsadgang, {why}: 0 ({REF_INGEN})"
        for n in nyttes_under(p.stikkord, p.kapittel):
            forklaring.append(f"stikkord «kan nyttes under {n[0]} post {n[1]}»")
        k = min(max(i, 0), j)
        har_fullmakt = any(v is not None for v in (d, f, g, h)) or mottatt_only
        vis = har_fullmakt or (j > 0 and c != 0)
        records.append({
            "line_id": f"{p.kapittel} {p.post}", "kind": "line",
            "kapittel_post": f"{p.kapittel} {p.post}",
            "stikkord": ", ".join(s for s in p.stikkord) or None,
            "merutgift_mindreutgift_ore": c,
            "utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore": d,
            "etter_avgitte_belastningsfullmakter_ore": e,
            "merinntekter_merinntektsfullmakt_ore": f,
            "merinntekt_mva_ore": _sum_or_na(mva_vals),
            "omdisponering_ore": g,
            "innsparinger_ore": h,
            "sum_grunnlag_for_overforing_ore": i,
            "maks_overforbart_ore": j,
            "mulig_overforbart_ore": k,
            "kapittel": p.kapittel, "post": p.post, "type": p.type,
            "grunnlag_maks_ore": grunnlag_maks,
            "grunnlag_maks_av": grunnlag_av,
            "arets_bevilgning_ore": arets_bev,
            "fjorarets_bevilgning_ore": fjorarets_bev,
            "regel_maks": regel,
            "forklaring": forklaring,
            "vis_i_note": vis,
            "_mottatt_only": mottatt_only,
            "_file": p.file, "_row": p.row,
        })

    findings.extend(_dekning_findings(records, by_key, overskr))
    findings.extend(_omdisponering_findings(records, omdisp_per_kap))
    findings.extend(_mottatt_findings(by_key, mottatte))

    frame = _frame(records)
    inntekt_fotnoter = tuple(_avgitt_inntekt_tekst(ai) for items in avgitte_inntekt.values() for ai in items)
    tabell = _tabell(frame, spec, inntekt_fotnoter)
    return NoteB(tabell=tabell, frame=frame, findings=tuple(findings), spec=spec)


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    cols = ["kapittel", "post", "kapittel_post", "type", "stikkord"] + [n for n, _ in MONEY] + [
        "merinntekt_mva_ore", "grunnlag_maks_ore", "grunnlag_maks_av", "arets_bevilgning_ore",
        "fjorarets_bevilgning_ore", "regel_maks", "forklaring", "vis_i_note"]
    frame = pd.DataFrame(records, columns=cols)
    # From the records' integers: a frame column of ints and blanks is float.
    for n in [n for n, _ in MONEY] + ["merinntekt_mva_ore", "grunnlag_maks_ore", "arets_bevilgning_ore",
                                      "fjorarets_bevilgning_ore"]:
        frame[n] = ore_array([r.get(n) for r in records])
    frame["vis_i_note"] = frame["vis_i_note"].astype(bool)
    frame["stikkord"] = frame["stikkord"].astype(object).where(frame["stikkord"].notna(), None)
    return frame


def _avgitt_inntekt_tekst(ai: Any) -> str:
    """One avgitt belastningsfullmakt on an inntektskapittel (R-111), as Note B text."""
    deler = []
    if ai.innvilget_ore is not None:
        deler.append(f"innvilget {_kroner(ai.innvilget_ore)} kr")
    if ai.inntektsfort_ore is not None:
        deler.append(f"inntektsført av {ai.til} {_kroner(ai.inntektsfort_ore)} kr")
    belop = (": " + ", ".join(deler)) if deler else ""
    return (f"avgitt belastningsfullmakt på inntektskapittel {ai.kapittel} post {ai.post} til {ai.til}{belop} "
            f"(inngår ikke i noen kolonne; {REF_R111})")


def _tabell(frame: pd.DataFrame, spec: NoteBSpec, ekstra_fotnoter: tuple[str, ...] = ()) -> Tabell:
    shown = frame[frame["vis_i_note"]]
    rows: list[dict[str, Any]] = []
    for rec in shown.to_dict("records"):
        row = {"line_id": rec["kapittel_post"], "kind": "line"}
        for k in NOTE_B_KOLONNER:
            v = rec[k.navn]
            row[k.navn] = None if (k.penger and pd.isna(v)) else v
        rows.append(row)
    total: dict[str, Any] = {"line_id": "sum", "kind": "sum", "kapittel_post": "Sum", "stikkord": None}
    for n, _ in MONEY:
        optional = n in _VALGFRIE
        blank = n == "maks_overforbart_ore" or (optional and bool(shown[n].isna().all()))
        total[n] = None if blank else int(shown[n].fillna(0).sum())
    rows.append(total)
    base = ("årets tildeling (Note A «Årets tildelinger»)"
            if spec.grunnlag_5_prosent is Grunnlag5Prosent.ARETS_TILDELING
            else "samlet tildeling (årets tildeling + overført fra i fjor)")
    fotnoter = (
        _FOTNOTE_1,
        _FOTNOTE_2,
        f"5 %-grensen er regnet av {base}; 5 % av et øre-beløp avrundes ned til hele øre.",
    ) + tuple(t[0].upper() + t[1:] + "." for t in ekstra_fotnoter)
    return Tabell.bygg(
        "note_b", "Note B Forklaring til brukte fullmakter og beregning av mulig overførbart beløp til neste år",
        NOTE_B_KOLONNER, rows, fotnoter,
        summer={"sum": [Ledd(r["line_id"]) for r in rows[:-1]]},
        sumkolonner={"sum": tuple(n for n, _ in MONEY if n != "maks_overforbart_ore")},
    )


def _dekning_findings(records: list[dict[str, Any]], by_key: Mapping[tuple[str, str], _Post],
                      overskr: Mapping[tuple[str, str], int]) -> list[Finding]:
    """A merutgift (after belastningsfullmakter, merinntekt, omdisponering/forskuttering) that no
    fullmakt covers: not an overslagsbevilgning, no samtykke til overskridelse, no
    «kan nyttes under» from a post with unused bevilgning."""
    capacity: dict[tuple[str, str], int] = {}
    for rec in records:
        p = by_key[(rec["kapittel"], rec["post"])]
        m = rec["etter_avgitte_belastningsfullmakter_ore"] + (rec["merinntekter_merinntektsfullmakt_ore"] or 0) \
            + (rec["omdisponering_ore"] or 0)
        if m > 0:
            for target in nyttes_under(p.stikkord, p.kapittel):
                capacity[target] = capacity.get(target, 0) + m
    out = []
    for rec in records:
        key = (rec["kapittel"], rec["post"])
        p = by_key[key]
        m = rec["etter_avgitte_belastningsfullmakter_ore"] + (rec["merinntekter_merinntektsfullmakt_ore"] or 0) \
            + (rec["omdisponering_ore"] or 0)
        if m >= 0 or OVERSLAGSBEVILGNING in p.stikkord or rec["_mottatt_only"]:
            continue
        udekket = -m - overskr.get(key, 0) - capacity.get(key, 0)
        if udekket <= 0:
            continue
        kan = KAN_OVERFORES in p.stikkord
        out.append(Finding(
            rule="NOTEB-MERUTGIFT-UTEN-FULLMAKT",
            severity=Severity.WARNING if kan else Severity.ERROR,
            statement=STATEMENT, line=rec["kapittel_post"],
            message=(f"merutgift {_kroner(-udekket)} kr på {rec['kapittel_post']} er ikke dekket av noen fullmakt"
                     + (" («kan overføres» gir adgang til å overføre ubrukt bevilgning, ikke til å overskride; "
                        "oppgi samtykket som overskridelse)" if kan else
                        " (ingen stikkord, merinntektsfullmakt, forskuttering eller samtykke til overskridelse)")),
            expected_ore=0, actual_ore=-udekket,
            reference="Bevilgningsreglementet §5 og §11; R-115 Note B", file=p.file, row=p.row,
            column="stikkord",
        ))
    return out


def _omdisponering_findings(records: list[dict[str, Any]], per_kap: Mapping[str, list]) -> list[Finding]:
    """R-1/99, R-110: an amount omdisponert from post 01 to 45 may be added to post 45's overføring
    only if post 01 shows a corresponding saving (mindreutgift after columns d and f)."""
    out = []
    by = {(r["kapittel"], r["post"]): r for r in records}
    for kap, items in per_kap.items():
        r01 = by.get((kap, "01"))
        if r01 is None:
            continue
        saving = r01["etter_avgitte_belastningsfullmakter_ore"] + (r01["merinntekter_merinntektsfullmakt_ore"] or 0)
        total = sum(o.belop_ore for o in items)
        if total > max(saving, 0):
            o = items[0]
            out.append(Finding(
                rule="NOTEB-OMDISP-UTEN-INNSPARING", severity=Severity.ERROR, statement=STATEMENT,
                line=f"{kap} 45",
                message=f"omdisponert {_kroner(total)} kr fra {kap} post 01 til post 45, men post 01 viser bare "
                        f"{_kroner(max(saving, 0))} kr i tilsvarende innsparing",
                expected_ore=total, actual_ore=max(saving, 0),
                reference="R-110; R-1/99 (omdisponering 01→45 krever tilsvarende innsparing på post 01)",
                file=o.kilde.file, row=o.kilde.row, column="belop",
            ))
    return out


def _mottatt_findings(by_key: Mapping[tuple[str, str], _Post], mottatte: Mapping[tuple[str, str], list]) -> list[Finding]:
    out = []
    for key, items in mottatte.items():
        p = by_key[key]
        brukt = sum(m.brukt_ore for m in items)
        if p.samlet == 0 and p.regnskap is not None and p.regnskap != brukt:
            m = items[0]
            out.append(Finding(
                rule="NOTEB-MOTTATT-AVVIK", severity=Severity.WARNING, statement=STATEMENT,
                line=f"{key[0]} {key[1]}",
                message="regnskap på posten (uten egen tildeling) avviker fra brukt av mottatte belastningsfullmakter",
                expected_ore=brukt, actual_ore=p.regnskap,
                reference="R-115 prinsippnote (mottatte belastningsfullmakter vises i «Regnskap»)",
                file=m.kilde.file, row=m.kilde.row, column="brukt",
            ))
    return out


# ---------------------------------------------------------------------------------------------
# a published Note B against the computed one

_PUB_KEYS = tuple(n[: -len("_ore")] for n, _ in MONEY)


def publisert_note_b_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A published Note B (rows as in ``imdi-2025-published.yaml``: ``kapittel_post``, ``stikkord``
    and the amounts in whole kroner, blank = ``None``) as a frame with ``*_ore`` columns."""
    out = []
    for r in rows:
        rec: dict[str, Any] = {"kapittel_post": str(r["kapittel_post"]), "stikkord": r.get("stikkord")}
        for key in _PUB_KEYS:
            v = r.get(key)
            rec[key + "_ore"] = None if v is None else int(v) * 100
        out.append(rec)
    frame = pd.DataFrame(out, columns=["kapittel_post", "stikkord"] + [k + "_ore" for k in _PUB_KEYS])
    for k in _PUB_KEYS:
        frame[k + "_ore"] = ore_array([r[k + "_ore"] for r in out])
    return frame


def kontroller_publisert_note_b(publisert: pd.DataFrame, beregnet: NoteB, *, file: str | None = None) -> list[Finding]:
    """Check a published Note B (whole kroner, see :func:`publisert_note_b_frame`) against its own
    arithmetic and against the computed note.  Tolerance for an identity over n printed terms is
    ⌊n/2⌋ kr; for a single printed figure against a computed one 0.5 kr."""
    out: list[Finding] = []
    comp = beregnet.frame.set_index("kapittel_post")
    seen = set()
    for pos, rec in enumerate(publisert.to_dict("records")):
        kp = str(rec["kapittel_post"])
        seen.add(kp)
        v = {k: (0 if pd.isna(rec[k + "_ore"]) else int(rec[k + "_ore"])) for k in _PUB_KEYS}

        def fnd(rule: str, sev: Severity, msg: str, exp: int, act: int, tol: int, col: str) -> Finding:
            return Finding(rule=rule, severity=sev, statement=STATEMENT, line=kp, message=msg,
                           expected_ore=exp, actual_ore=act, tolerance_ore=tol, reference=REF_NOTE_B,
                           file=file, row=pos + 1 if file else None, column=col)

        for rule, col, terms in (
            ("NOTEB-PUBL-E", "etter_avgitte_belastningsfullmakter",
             ("merutgift_mindreutgift", "utgiftsfort_av_andre_avgitte_belastningsfullmakter")),
            ("NOTEB-PUBL-I", "sum_grunnlag_for_overforing",
             ("etter_avgitte_belastningsfullmakter", "merinntekter_merinntektsfullmakt", "omdisponering",
              "innsparinger")),
        ):
            exp = sum(v[t] for t in terms)
            tol = ((len(terms) + 1) // 2) * 100
            diff = abs(v[col] - exp)
            if diff:
                out.append(fnd(rule, Severity.ERROR if diff > tol else Severity.INFO,
                               f"{col} er ikke summen av {', '.join(terms)}", exp, v[col], tol, col))
        mulig = min(max(v["sum_grunnlag_for_overforing"], 0), v["maks_overforbart"])
        if v["mulig_overforbart"] != mulig:
            out.append(fnd("NOTEB-PUBL-MULIG", Severity.ERROR,
                           "mulig overførbart er ikke min(max(sum grunnlag, 0), maks overførbart)",
                           mulig, v["mulig_overforbart"], 0, "mulig_overforbart"))
        if kp not in comp.index:
            out.append(fnd("NOTEB-PUBL-UKJENT", Severity.ERROR,
                           f"{kp} står i publisert Note B, men er ingen utgiftspost i bevilgningsrapporteringen",
                           0, v["mulig_overforbart"], 0, "kapittel_post"))
            continue
        c = comp.loc[kp]
        j = int(c["maks_overforbart_ore"])
        if v["maks_overforbart"] > j + 50:
            out.append(fnd("NOTEB-PUBL-MAKS", Severity.ERROR,
                           f"publisert maks overførbart er høyere enn grensen etter regelen: {c['regel_maks']}",
                           j, v["maks_overforbart"], 50, "maks_overforbart"))
        elif v["maks_overforbart"] < j - 50:
            out.append(fnd("NOTEB-PUBL-MAKS-AVVIK", Severity.INFO,
                           f"publisert maks overførbart er lavere enn grensen etter regelen: {c['regel_maks']}",
                           j, v["maks_overforbart"], 50, "maks_overforbart"))
        if v["mulig_overforbart"] > j + 50:
            out.append(fnd("NOTEB-PUBL-MULIG-OVER-MAKS", Severity.ERROR,
                           "publisert mulig overførbart er høyere enn maks overførbart etter regelen",
                           j, v["mulig_overforbart"], 50, "mulig_overforbart"))
        k = int(c["mulig_overforbart_ore"])
        if abs(v["mulig_overforbart"] - k) > 50:
            out.append(fnd("NOTEB-PUBL-AVVIK", Severity.WARNING,
                           "publisert mulig overførbart avviker fra beregnet", k, v["mulig_overforbart"], 50,
                           "mulig_overforbart"))
    for kp, row in comp.iterrows():
        if bool(row["vis_i_note"]) and kp not in seen:
            out.append(Finding(
                rule="NOTEB-PUBL-MANGLER", severity=Severity.WARNING, statement=STATEMENT, line=str(kp),
                message=f"{kp} har grunnlag for overføring eller brukte fullmakter, men mangler i publisert Note B",
                expected_ore=int(row["mulig_overforbart_ore"]), actual_ore=None, reference=REF_NOTE_B, file=file,
            ))
    return out
