"""Checks of the accrual statements (SRS 1 resultatregnskap and balanse, SRS 10 inntekt fra
bevilgninger, SRS 17 anleggsnoter), their notes, Note 7A/7B (R-115 note on avregnet vs.
mellomværende med statskassen), and the ties between SRS and the cash statements.

Statement layouts are declared as data and evaluated by one function each.  The SRS 1 sums
(:data:`RESULTAT_FORMLER`, :data:`BALANSE_FORMLER`) are not declared here: they are read from the
one declaration of the statements, ``srs/data/srs1.csv`` (``summerer``, through
:func:`imdi_ledger.srs.kontoplan_srs.load_kontoplan`), with each line id replaced by its printed
label, which is how a published statement names its rows.  A term a published statement does not
print counts as blank.  The note ↔ statement ties are :data:`imdi_ledger.regelverk.NOTEBINDINGER`.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any, Iterator, Mapping, Sequence

from ..findings import Finding, Severity
from ..regelverk import ARBEIDSGIVERAVGIFT, GRUPPELIV, MVA_NETTOORDNING, NOTEBINDINGER
from ..srs.anleggsmidler import HERAV_DIREKTE
from ..srs.kontoplan_srs import SrsKontoplan, load_kontoplan
from .aarsregnskap import Figurer, Tall, er_tabell, felt, rader, tekst
from .kontroll import Ledd, Regel, identitet, kr, observasjon, toleranse_ore
from .sjekk_kontant import kapittel_post

__all__ = [
    "RESULTAT_FORMLER",
    "BALANSE_FORMLER",
    "RAD_FORMLER",
    "ANLEGG_SUMKOLONNER",
    "ANLEGG_BALANSE",
    "ANLEGGSNOTER",
    "N7A_ROLLER",
    "N7B_TIL_BALANSE",
    "MV_KORRESPONDANSE",
    "mv_kategori",
    "srs_resultat_summer",
    "srs_resultat_null",
    "srs_inntekt_bevilgning",
    "srs_gjennomstromning",
    "srs_balanse_summer",
    "srs_balanse_balanserer",
    "note_summer",
    "note_rader",
    "note_anlegg",
    "note_oppstilling",
    "note_anlegg_balanse",
    "note_avskrivninger",
    "note3_pagaende",
    "note4_pagaende",
    "PAGAENDE_ANLEGG",
    "note5_notec",
    "note9_bevilgning",
    "tabell42_note5",
    "srs_art_gjennomstromning",
    "n7a_endring",
    "n7a_balanse",
    "n7a_netto_trekk",
    "n7a_kk_bevilgning",
    "n7a_netto_trekk_s_rapport",
    "n7a_forskjell",
    "n7a_sum",
    "n7a_kongruens",
    "n7a_resultat",
    "n7a_gar_opp",
    "n7a_felleskap",
    "n7a_kontant",
    "n7b_forskjell",
    "n7b_sum",
    "n7b_total",
    "n7b_balanse",
    "n7b_mellomvaerende",
    "n7b_art_linjer",
]

_AR = (("belop", "i år"), ("belop_fjor", "i fjor"))
F = tuple[tuple[int, str], ...]


@functools.lru_cache(maxsize=4096)
def norm(t: str | None) -> str:
    """Text for matching: lower case, one space, no trailing punctuation."""
    return re.sub(r"\s+", " ", (t or "").strip().lower()).rstrip(" .:")


def _finn(rows: Sequence[Mapping[str, Any]], t: str) -> Mapping[str, Any] | None:
    n = norm(t)
    for x in rows:
        if norm(tekst(x, "tekst")) == n:
            return x
    return None


# --- SRS 1 resultatregnskap and balanse -------------------------------------------------------

def _srs1_formler(kp: SrsKontoplan, oppstilling: str) -> list[tuple[str, str, F]]:
    """(line id, printed label, signed terms by label) of every sum/netto row of an SRS 1
    statement, from ``srs1.csv``."""
    spec = kp.linjer[kp.linjer["oppstilling"] == oppstilling]
    tekst = dict(zip(spec["linje"], spec["tekst"]))
    return [(r.linje, r.tekst, tuple((l.fortegn, tekst[l.linje]) for l in kp.ledd(oppstilling, r.linje)))
            for r in spec.itertuples() if r.kind in ("sum", "netto")]


def _balanse_side(kp: SrsKontoplan) -> dict[str, str]:
    """The side of each balance row: the rows «Sum eiendeler» adds (through its sums) are
    ``eiendeler``, those «Sum statens kapital og gjeld» adds ``kapital_og_gjeld``."""
    spec = kp.linjer[kp.linjer["oppstilling"] == "balanse"]
    kind = dict(zip(spec["linje"], spec["kind"]))
    side: dict[str, str] = {}
    for top, navn in (("sum_eiendeler", "eiendeler"), ("sum_kapital_gjeld", "kapital_og_gjeld")):
        stack = [top]
        while stack:
            x = stack.pop()
            side[x] = navn
            if kind[x] in ("sum", "netto"):
                stack += [l.linje for l in kp.ledd("balanse", x)]
    return side


@functools.cache
def _srs1_formler_alle() -> tuple[tuple[tuple[str, F], ...], tuple[tuple[str, str, F], ...]]:
    """(:data:`RESULTAT_FORMLER`, :data:`BALANSE_FORMLER`), derived from ``srs1.csv`` when a
    rule first needs them (not when the module is imported)."""
    kp = load_kontoplan()
    resultat = tuple((navn, ledd) for _, navn, ledd in _srs1_formler(kp, "resultat"))
    side = _balanse_side(kp)
    balanse = tuple((side[linje], navn, ledd) for linje, navn, ledd in _srs1_formler(kp, "balanse"))
    return resultat, balanse


def __getattr__(navn: str) -> Any:
    # RESULTAT_FORMLER: resultatregnskap (SRS 1, bruttobudsjetterte): checked line = Σ sign ×
    # line, by printed label.  BALANSE_FORMLER: balanse, (side, checked line, terms on the same
    # side), by printed label.  Both derived from ``srs1.csv`` on first use.
    if navn == "RESULTAT_FORMLER":
        return _srs1_formler_alle()[0]
    if navn == "BALANSE_FORMLER":
        return _srs1_formler_alle()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {navn!r}")


def _resultat(a: Figurer) -> tuple[Mapping[str, Any], ...]:
    return rader(a, "resultatregnskap")


def _res(a: Figurer, t: str, k: str = "belop") -> Tall | None:
    return felt(_finn(_resultat(a), t), k)


def _bal(a: Figurer, side: str, t: str, k: str = "belop") -> Tall | None:
    return felt(_finn(rader(a, "balanse", side), t), k)


def _formler(a: Figurer, r: Regel, rows: Sequence[Mapping[str, Any]],
             formler: Sequence[tuple[str, F]], oppstilling: str) -> Iterator[Finding]:
    for navn, ledd in formler:
        rad = _finn(rows, navn)
        if rad is None:
            continue
        for k, ar in _AR:
            f = identitet(r, a, linje=f"{tekst(rad, 'tekst')} ({ar})", faktisk=felt(rad, k),
                          ledd=[(s, felt(_finn(rows, t), k)) for s, t in ledd], oppstilling=oppstilling,
                          beskrivelse=" ".join(("+ " if s > 0 else "− ") + t for s, t in ledd))
            if f:
                yield f


def srs_resultat_summer(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _formler(a, r, _resultat(a), _srs1_formler_alle()[0], "Resultatregnskap")


def srs_resultat_null(a: Figurer, r: Regel) -> Iterator[Finding]:
    rad = _finn(_resultat(a), "Resultat av periodens aktiviteter")
    for k, ar in _AR:
        f = identitet(r, a, linje=f"Resultat av periodens aktiviteter ({ar})", faktisk=felt(rad, k), ledd=[],
                      krev_ledd=False, beskrivelse="for en bruttobudsjettert virksomhet er resultatet 0")
        if f:
            yield f


def srs_inntekt_bevilgning(a: Figurer, r: Regel) -> Iterator[Finding]:
    for k, ar in _AR:
        ledd: list[Ledd] = [(1, _res(a, "Sum driftskostnader", k)), (1, _res(a, "Finanskostnader", k))]
        ledd += [(-1, _res(a, t, k)) for t in ("Inntekt fra tilskudd og overføringer", "Inntekt fra gebyrer",
                                               "Salgs- og leieinntekter", "Andre driftsinntekter", "Finansinntekter")]
        f = identitet(r, a, linje=f"Inntekt fra bevilgninger ({ar})", faktisk=_res(a, "Inntekt fra bevilgninger", k),
                      ledd=ledd, beskrivelse="= periodens kostnader − transaksjonsbaserte inntekter og finansinntekter")
        if f:
            yield f


def srs_gjennomstromning(a: Figurer, r: Regel) -> Iterator[Finding]:
    par = (("Avregning med statskassen innkrevingsvirksomhet", "Avgifter og gebyrer direkte til statskassen"),
           ("Avregning med statskassen tilskuddsforvaltning", "Tilskudd til andre"))
    for avr, brutto in par:
        for k, ar in _AR:
            f = identitet(r, a, linje=f"{avr} ({ar})", faktisk=_res(a, avr, k), ledd=[(1, _res(a, brutto, k))],
                          beskrivelse=f"avregningen er lik «{brutto}», så blokken går i 0")
            if f:
                yield f


def srs_balanse_summer(a: Figurer, r: Regel) -> Iterator[Finding]:
    for side in ("eiendeler", "kapital_og_gjeld"):
        formler = [(navn, ledd) for s, navn, ledd in _srs1_formler_alle()[1] if s == side]
        yield from _formler(a, r, rader(a, "balanse", side), formler, "Balanse")


def srs_balanse_balanserer(a: Figurer, r: Regel) -> Iterator[Finding]:
    for k, ar in _AR:
        f = identitet(r, a, linje=f"Sum statens kapital og gjeld ({ar})",
                      faktisk=_bal(a, "kapital_og_gjeld", "Sum statens kapital og gjeld", k),
                      ledd=[(1, _bal(a, "eiendeler", "Sum eiendeler", k))], beskrivelse="sum eiendeler = sum statens kapital og gjeld")
        if f:
            yield f


# --- Notes -------------------------------------------------------------------------------------

#: Roll-forward notes (SRS 17): first sum = lines before it; second sum = first sum − lines between.
ANLEGGSNOTER: tuple[str, ...] = ("note_3_immaterielle", "note_4_varige_driftsmidler")

#: Row identities inside note tables other than the roll-forward notes: (checked column, terms).
#: In the roll-forward notes (:data:`ANLEGGSNOTER`) the sum column is the sum of whatever group
#: columns the note has (:data:`ANLEGG_SUMKOLONNER`).
RAD_FORMLER: tuple[tuple[str, F], ...] = (
    ("sum", ((1, "bygninger"), (1, "driftslosore"))),
    ("pagaende", ((1, "ib"), (1, "arets_anskaffelse"), (-1, "aktivert"))),
    ("endring", ((1, "belop_fjor"), (-1, "belop"))),
)

def _noter(a: Figurer) -> list[tuple[str, tuple[str, ...]]]:
    """(name, path) of every table in ``andre_noter`` plus ``tabell_4_2_konsulenttjenester``."""
    out: list[tuple[str, tuple[str, ...]]] = []
    an = a.get("andre_noter")
    if er_tabell(an):
        out += [(str(n), ("andre_noter", str(n))) for n in an]
    if a.get("tabell_4_2_konsulenttjenester") is not None:
        out.append(("tabell_4_2_konsulenttjenester", ("tabell_4_2_konsulenttjenester",)))
    return out


def _kolonner(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    cols: list[str] = []
    for x in rows:
        for k, v in x.items():
            if isinstance(v, Tall) and k not in cols:
                cols.append(k)
    return cols


def _er_sum(x: Mapping[str, Any]) -> bool:
    return tekst(x, "kind") == "sum"


#: Published key under ``andre_noter`` -> the SRS note of ``noter.csv`` it prints (from the note
#: ties, :data:`imdi_ledger.regelverk.NOTEBINDINGER`).
_SRS_NOTER: Mapping[str, str] = {n.publisert_note: n.note for n in NOTEBINDINGER}


def _note_struktur(kp: SrsKontoplan, note: str) -> tuple[frozenset[str], dict[str, F]] | None:
    """(printed line labels, sum label -> signed terms by label) of an SRS note declared in
    ``noter.csv`` (``summerer``), labels normalised (:func:`norm`); None for a note it does not
    declare (note 9 is one line per post)."""
    spec = kp.noter[kp.noter["note"] == note]
    if spec.empty:
        return None
    tekst_av = dict(zip(spec["linje"], spec["tekst"]))
    linjer = frozenset(norm(r.tekst) for r in spec.itertuples() if r.kind == "line")
    summer = {norm(r.tekst): tuple((l.fortegn, norm(tekst_av[l.linje])) for l in kp.note_ledd(note, r.linje))
              for r in spec.itertuples() if r.kind in ("sum", "netto")}
    return linjer, summer


@functools.cache
def _note_strukturer() -> dict[str, tuple[frozenset[str], dict[str, F]] | None]:
    """The structure of every published SRS note (on first use)."""
    kp = load_kontoplan()
    return {publ: _note_struktur(kp, note) for publ, note in _SRS_NOTER.items()}


def _deklarerte_summer(navn: str, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], F]] | None:
    """The sum rows of a published table with their declared terms, when the table is a known
    SRS note printed with the labels of ``noter.csv`` (every line and every sum row); None
    otherwise (the structure is then inferred from the row order)."""
    struktur = _note_strukturer().get(navn)
    if struktur is None:
        return None
    linjer, summer = struktur
    if not all(norm(tekst(x, "tekst")) in (summer if _er_sum(x) else linjer) for x in rows):
        return None
    return [(x, summer[norm(tekst(x, "tekst"))]) for x in rows if _er_sum(x)]


def note_summer(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Each sum row = its terms.  A known SRS note printed with the labels of ``noter.csv``
    takes its terms from there (``summerer``: note 1 has one sum per income type, note 6 one per
    side).  Any other table: the line rows since the previous sum row (plus that sum, for a
    running total)."""
    for navn, sti in _noter(a):
        if navn in ANLEGGSNOTER:
            continue
        rows = rader(a, *sti)
        cols = _kolonner(rows)
        deklarert = _deklarerte_summer(navn, rows)
        if deklarert is not None:
            for x, formel in deklarert:
                for c in cols:
                    f = identitet(r, a, linje=f"{navn}: {tekst(x, 'tekst')}, {c}", faktisk=felt(x, c),
                                  ledd=[(s, felt(_finn(rows, t), c)) for s, t in formel], oppstilling=navn,
                                  beskrivelse="sum = " + " ".join(("+ " if s > 0 else "− ") + t for s, t in formel))
                    if f:
                        yield f
            continue
        linjer: list[Mapping[str, Any]] = []
        forrige: Mapping[str, Any] | None = None
        forrige_hadde_linjer = False
        for x in rows:
            if not _er_sum(x):
                linjer.append(x)
                continue
            if linjer:
                # A later sum with lines after an earlier sum is a running total (tabell 4.2 «Totalt»);
                # in tables where each sum closes its own block (note 6) the earlier sum has no lines.
                for c in cols:
                    ledd = [(1, felt(y, c)) for y in linjer]
                    if forrige_hadde_linjer:
                        ledd.append((1, felt(forrige, c)))
                    f = identitet(r, a, linje=f"{navn}: {tekst(x, 'tekst')}, {c}", faktisk=felt(x, c), ledd=ledd,
                                  oppstilling=navn, beskrivelse="sum = summen av linjene over")
                    if f:
                        yield f
            forrige_hadde_linjer = bool(linjer) or forrige_hadde_linjer
            forrige = x
            linjer = []


#: The sum column of a roll-forward note, in order of preference (a note printed with one
#: column, like IMDi's note 4, has ``belop`` only and no group columns).
ANLEGG_SUMKOLONNER: tuple[str, ...] = ("sum", "belop")

#: Columns of a roll-forward note that are neither a group nor its sum.
_IKKE_GRUPPE: frozenset[str] = frozenset({"belop_fjor"})


def _anlegg_kolonner(rows: Sequence[Mapping[str, Any]]) -> tuple[str | None, list[str]]:
    """(sum column, group columns) of a roll-forward note: every money column other than the
    sum column is a group (any set of groups: programvare, rettigheter, under_utforelse …)."""
    cols = _kolonner(rows)
    sumkol = next((c for c in ANLEGG_SUMKOLONNER if c in cols), None)
    return sumkol, [c for c in cols if c not in ANLEGG_SUMKOLONNER and c not in _IKKE_GRUPPE]


def _anlegg_rad_formler(rows: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, F], ...]:
    sumkol, grupper = _anlegg_kolonner(rows)
    if sumkol is None or not grupper:
        return ()
    return ((sumkol, tuple((1, g) for g in grupper)),)


def note_rader(a: Figurer, r: Regel) -> Iterator[Finding]:
    for navn, sti in _noter(a):
        rows = rader(a, *sti)
        formler = (_anlegg_rad_formler(rows) + tuple(x for x in RAD_FORMLER if x[0] != "sum")
                   if navn in ANLEGGSNOTER else RAD_FORMLER)
        for i, x in enumerate(rows):
            for kol, ledd in formler:
                if felt(x, kol) is None or not any(felt(x, t) is not None for _, t in ledd):
                    continue
                f = identitet(r, a, linje=f"{navn}: {tekst(x, 'tekst')}, {kol}", faktisk=felt(x, kol),
                              ledd=[(s, felt(x, t)) for s, t in ledd], oppstilling=navn,
                              beskrivelse=f"{kol} = " + " ".join(("+ " if s > 0 else "− ") + t for s, t in ledd))
                if f:
                    yield f


def _anlegg(a: Figurer, navn: str) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]], list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """(lines before the first sum, first sum, lines between, second sum) of a roll-forward note."""
    rows = rader(a, "andre_noter", navn)
    idx = [i for i, x in enumerate(rows) if _er_sum(x)]
    if len(idx) < 2:
        return [], [], [], []
    i1, i2 = idx[0], idx[1]
    return list(rows[:i1]), [rows[i1]], list(rows[i1 + 1:i2]), [rows[i2]]


def note_anlegg(a: Figurer, r: Regel) -> Iterator[Finding]:
    for navn in ANLEGGSNOTER:
        for_, s1, mellom, s2 = _anlegg(a, navn)
        if not s1:
            continue
        for c in _kolonner(for_ + s1 + mellom + s2):
            f = identitet(r, a, linje=f"{navn}: {tekst(s1[0], 'tekst')}, {c}", faktisk=felt(s1[0], c),
                          ledd=[(1, felt(x, c)) for x in for_], oppstilling=navn,
                          beskrivelse="anskaffelseskost = 01.01 + tilgang + avgang + omklassifisering")
            if f:
                yield f
            f = identitet(r, a, linje=f"{navn}: {tekst(s2[0], 'tekst')}, {c}", faktisk=felt(s2[0], c),
                          ledd=[(1, felt(s1[0], c))] + [(-1, felt(x, c)) for x in mellom], oppstilling=navn,
                          beskrivelse="balanseført verdi = anskaffelseskost − akkumulerte av- og nedskrivninger")
            if f:
                yield f


def _sumrad(rows: Sequence[Mapping[str, Any]], t: str | None) -> Mapping[str, Any] | None:
    if t is not None:
        return _finn(rows, t)
    summer = [x for x in rows if _er_sum(x)]
    return summer[-1] if summer else None


def note_oppstilling(a: Figurer, r: Regel) -> Iterator[Finding]:
    for n in NOTEBINDINGER:
        note = n.publisert_note
        rad = _sumrad(rader(a, "andre_noter", note), n.publisert_sumrad)
        mot = _finn(rader(a, *n.publisert_sti), n.publisert_linje)
        if rad is None or mot is None:
            continue
        for k, ar in _AR:
            f = identitet(r, a, linje=f"{note}: {tekst(rad, 'tekst')} ({ar})", faktisk=felt(rad, k),
                          ledd=[(n.fortegn, felt(mot, k))], oppstilling=note,
                          beskrivelse=f"notens sum = «{n.publisert_linje}» i {'/'.join(n.publisert_sti)}")
            if f:
                yield f
    # Note 6 restates the net finance line of the resultatregnskap.
    n6 = rader(a, "andre_noter", "note_6_finans")
    netto = _finn(_resultat(a), "Sum finansinntekter og finanskostnader")
    if n6 and netto is not None:
        for k, ar in _AR:
            f = identitet(r, a, linje=f"note_6_finans: sum finansinntekter − sum finanskostnader ({ar})",
                          faktisk=felt(netto, k), oppstilling="note_6_finans",
                          ledd=[(1, felt(_finn(n6, "Sum finansinntekter"), k)), (-1, felt(_finn(n6, "Sum finanskostnader"), k))],
                          beskrivelse="«Sum finansinntekter og finanskostnader» = note 6 finansinntekter − finanskostnader")
            if f:
                yield f
    # Tabell 4.2 restates note 5's consultancy purchases.
    t42 = rader(a, "tabell_4_2_konsulenttjenester")
    rad = next((x for x in t42 if _er_sum(x)), None)
    mot = _finn(rader(a, "andre_noter", "note_5_andre_driftskostnader"), "Kjøp av konsulenttjenester")
    if rad is not None and mot is not None:
        for k, ar in _AR:
            f = identitet(r, a, linje=f"tabell 4.2: {tekst(rad, 'tekst')} ({ar})", faktisk=felt(rad, k),
                          ledd=[(1, felt(mot, k))], oppstilling="tabell_4_2_konsulenttjenester",
                          beskrivelse="= «Kjøp av konsulenttjenester» i note 5")
            if f:
                yield f


def _rad_som_starter(rows: Sequence[Mapping[str, Any]], start: str) -> Mapping[str, Any] | None:
    for x in rows:
        if norm(tekst(x, "tekst")).startswith(start):
            return x
    return None


#: Balance line (eiendeler) -> the roll-forward note and the note columns it covers: (note,
#: columns, line).  The columns are the asset groups of ``srs/data/anleggsgrupper.csv`` whose
#: ``balanselinje`` is that SRS 1 line (``srs/data/srs1.csv``): «Programvare og lignende
#: rettigheter» is KS 102–106, so the groups programvare (104) and rettigheter (106).  A note
#: may show any subset of the groups; the line is checked against the sum of those it shows.
ANLEGG_BALANSE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("note_3_immaterielle", ("programvare", "rettigheter"), "Programvare og lignende rettigheter"),
    ("note_3_immaterielle", ("under_utforelse",), "Immaterielle eiendeler under utførelse"),
    ("note_3_immaterielle", ("sum",), "Sum immaterielle eiendeler"),
    ("note_4_varige_driftsmidler", ("tomter", "bygninger"), "Tomter, bygninger og annen fast eiendom"),
    ("note_4_varige_driftsmidler", ("maskiner",), "Maskiner og transportmidler"),
    ("note_4_varige_driftsmidler", ("driftslosore", "ikt_utstyr"), "Driftsløsøre, inventar, verktøy og lignende"),
    ("note_4_varige_driftsmidler", ("anlegg_under_utforelse",), "Anlegg under utførelse"),
    ("note_4_varige_driftsmidler", ("belop",), "Sum varige driftsmidler"),
)


def note_anlegg_balanse(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Balanseført verdi 31.12 = balance this year; 01.01 values = balance last year; a balance
    line covering several groups is compared with the sum of their columns."""
    for note, grupper, linje in ANLEGG_BALANSE:
        rows = rader(a, "andre_noter", note)
        for_, _, _, s2 = _anlegg(a, note)
        if not s2:
            continue
        til_stede = [k for k in grupper if any(felt(x, k) is not None for x in rows)]
        if not til_stede:
            continue
        kol = " + ".join(til_stede)
        forste, andre = til_stede[0], til_stede[1:]
        balanse = _bal(a, "eiendeler", linje)
        f = None if balanse is None else identitet(
            r, a, linje=f"{note}: {tekst(s2[0], 'tekst')}, {kol}", faktisk=felt(s2[0], forste),
            ledd=[(1, balanse)] + [(-1, felt(s2[0], k)) for k in andre], oppstilling=note,
            beskrivelse=f"balanseført verdi ({kol}) = «{linje}» i balansen")
        if f:
            yield f
        ib = _rad_som_starter(rows, "anskaffelseskost 01.01")
        fradrag = [_rad_som_starter(rows, "akkumulerte nedskrivninger 01.01"),
                   _rad_som_starter(rows, "akkumulerte avskrivninger 01.01")]
        ledd: list[Ledd] = []
        for k in til_stede:
            ledd += [(1, felt(ib, k))] + [(-1, felt(x, k)) for x in fradrag]
        f = identitet(r, a, linje=f"{note}: balanseført verdi 01.01, {kol}", faktisk=_bal(a, "eiendeler", linje, "belop_fjor"),
                      ledd=ledd, oppstilling="Balanse",
                      beskrivelse="balansen i fjor = anskaffelseskost 01.01 − akkumulerte av- og nedskrivninger 01.01")
        if f:
            yield f


def note_avskrivninger(a: Figurer, r: Regel) -> Iterator[Finding]:
    for linje, start in (("Avskrivninger på varige driftsmidler og immaterielle eiendeler", "ordinære avskrivninger"),
                         ("Nedskrivninger av varige driftsmidler og immaterielle eiendeler", "nedskrivninger i året")):
        ledd: list[Ledd] = []
        for note in ANLEGGSNOTER:
            rows = rader(a, "andre_noter", note)
            x = _rad_som_starter(rows, start)
            kol = "sum" if felt(x, "sum") is not None else "belop"
            ledd.append((1, felt(x, kol)))
        f = identitet(r, a, linje=linje, faktisk=_res(a, linje), ledd=ledd, oppstilling="Resultatregnskap",
                      beskrivelse=f"= summen av «{start} i året» i anleggsnotene")
        if f:
            yield f


#: The pågående-anlegg tables and the under-utførelse column of their note: (table, note,
#: column, the starts of the «aktivert» row's text).  The transfer row is printed «Fra
#: immaterielle eiendeler under utførelse til annen gruppe i året» (DFØ template, IMDi) or
#: «Fra anlegg under utførelse …» in note 4; the library writes «Fra under utførelse til annen
#: gruppe i året» in both.
PAGAENDE_ANLEGG: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("note_3_pagaende_anlegg", "note_3_immaterielle", "under_utforelse",
     ("fra immaterielle eiendeler under utførelse", "fra under utførelse")),
    ("note_4_pagaende_anlegg", "note_4_varige_driftsmidler", "anlegg_under_utforelse",
     ("fra anlegg under utførelse", "fra under utførelse")),
)


def _rad_som_starter_med_en(rows: Sequence[Mapping[str, Any]], starter: Sequence[str]) -> Mapping[str, Any] | None:
    for start in starter:
        x = _rad_som_starter(rows, start)
        if x is not None:
            return x
    return None


def _pagaende(a: Figurer, r: Regel, tabell: str, note: str, kolonne: str,
              aktivert: Sequence[str]) -> Iterator[Finding]:
    tab = rader(a, "andre_noter", tabell)
    sumrad = _sumrad(tab, None)
    noterader = rader(a, "andre_noter", note)
    if sumrad is None or not noterader:
        return
    # The table's gross flows less the components it states were bought and taken in use in
    # the same year (tilgang of their group in the note, never under utførelse).
    herav = _rad_som_starter(tab, norm(HERAV_DIREKTE))
    _, _, _, s2 = _anlegg(a, note)
    ties: list[tuple[str, int, Mapping[str, Any] | None]] = [
        ("ib", 1, _rad_som_starter(noterader, "anskaffelseskost 01.01")),
        ("arets_anskaffelse", 1, _rad_som_starter(noterader, "tilgang i året")),
        ("aktivert", -1, _rad_som_starter_med_en(noterader, aktivert)),
        ("pagaende", 1, s2[0] if s2 else None),
    ]
    funn: dict[str, Finding] = {}
    for kol, fortegn, mot in ties:
        ledd: list[Ledd] = [(fortegn, felt(mot, kolonne))]
        hva = f"= {kolonne} i {note} («{tekst(mot, 'tekst')}»)"
        if herav is not None and kol in ("arets_anskaffelse", "aktivert") and felt(mot, kolonne) is not None:
            ledd.append((1, felt(herav, kol)))
            hva += f" + «{tekst(herav, 'tekst')}»"
        f = identitet(r, a, linje=f"Pågående anlegg: {tekst(sumrad, 'tekst')}, {kol}", faktisk=felt(sumrad, kol),
                      ledd=ledd, oppstilling=tabell, beskrivelse=hva)
        if f:
            funn[kol] = f
    t, akt = funn.get("arets_anskaffelse"), funn.get("aktivert")
    if t is not None and akt is not None and t.difference_ore == akt.difference_ore and t.severity != Severity.INFO:
        # One cause: the same amount is added to both gross flows, the closing balance still agrees.
        del funn["aktivert"]
        funn["arets_anskaffelse"] = Finding(
            **{**t.to_dict(), "severity": t.severity,
               "line": "Pågående anlegg: årets anskaffelse og aktivert",
               "message": t.message + f" «Aktivert» avviker med samme beløp ({akt.message.split('differanse ')[-1].split('.')[0]}),"
                                      " så utgående pågående anlegg stemmer, men bruttostrømmene gjør det ikke."})
    yield from funn.values()


def note3_pagaende(a: Figurer, r: Regel) -> Iterator[Finding]:
    """The pågående-anlegg table of note 3 restates note 3's under-utførelse column: 01.01,
    tilgang, the transfer to other groups (as «aktivert», positive) and 31.12."""
    tabell, note, kolonne, aktivert = PAGAENDE_ANLEGG[0]
    yield from _pagaende(a, r, tabell, note, kolonne, aktivert)


def note4_pagaende(a: Figurer, r: Regel) -> Iterator[Finding]:
    """The pågående-anlegg table of note 4 restates note 4's «anlegg under utførelse» column."""
    tabell, note, kolonne, aktivert = PAGAENDE_ANLEGG[1]
    yield from _pagaende(a, r, tabell, note, kolonne, aktivert)


def _varighet(t: str | None) -> str:
    n = norm(t).replace("varighet", "").replace("–", "-").replace(" ", "")
    return n


def note5_notec(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Operational leases of buildings in note 5 = annual rent of office leases in Note C."""
    n5 = rader(a, "andre_noter", "note_5_leieavtaler")
    nc = rader(a, "note_c", "leie_kontorlokaler")
    if not n5 or not nc:
        return
    per = {_varighet(tekst(x, "varighet")): x for x in nc}
    for x in n5:
        mot = per.get(_varighet(tekst(x, "tekst")))
        if mot is None:
            continue
        f = identitet(r, a, linje=f"Note 5 leieavtaler: {tekst(x, 'tekst')}", faktisk=felt(x, "bygninger"),
                      ledd=[(1, felt(mot, "arlig"))], oppstilling="note_5_leieavtaler",
                      beskrivelse="leie av bygninger = årlig leiebeløp for kontorlokaler i Note C")
        if f:
            yield f


def _par(venstre: Sequence[Mapping[str, Any]], hoyre: Sequence[Mapping[str, Any]], kol: str,
         tekst_v: Any, tekst_h: Any) -> tuple[list[tuple[Mapping[str, Any], Mapping[str, Any]]], list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """Pair rows of two tables: first on equal amounts, then the rest on the most similar text."""
    v = list(venstre)
    h = list(hoyre)
    par: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    for x in list(v):
        t = felt(x, kol)
        hit = next((y for y in h if t is not None and felt(y, kol) is not None and felt(y, kol).ore == t.ore), None)  # type: ignore[union-attr]
        if hit is not None:
            par.append((x, hit))
            v.remove(x)
            h.remove(hit)
    kandidater = sorted(
        ((difflib.SequenceMatcher(None, norm(tekst_v(x)), norm(tekst_h(y))).ratio(), i, j)
         for i, x in enumerate(v) for j, y in enumerate(h)), key=lambda z: (-z[0], z[1], z[2]))
    brukt_v: set[int] = set()
    brukt_h: set[int] = set()
    for _, i, j in kandidater:
        if i in brukt_v or j in brukt_h:
            continue
        brukt_v.add(i)
        brukt_h.add(j)
        par.append((v[i], h[j]))
    return par, [x for i, x in enumerate(v) if i not in brukt_v], [y for j, y in enumerate(h) if j not in brukt_h]


def note9_bevilgning(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Each tilskudd in note 9 = regnskap on its post 60–89 (tilskuddsforvaltning is on the
    kontantprinsipp).  Rows are paired on equal amounts, then on the most similar text."""
    n9 = [x for x in rader(a, "andre_noter", "note_9_tilskudd_til_andre") if not _er_sum(x)]
    bev = [x for x in rader(a, "bevilgningsrapportering", "utgifter")
           if (kp := kapittel_post(x)) is not None and 50 <= int(kp[1]) <= 89]
    if not n9 or not bev:
        return
    par, rest9, restb = _par(n9, [dict(x, belop=felt(x, "regnskap")) for x in bev], "belop",
                             lambda x: tekst(x, "tekst"), lambda y: tekst(y, "posttekst"))
    for x, y in par:
        kp = kapittel_post(y)
        f = identitet(r, a, linje=f"Note 9: {tekst(x, 'tekst')} ↔ kap. {kp[0]}/{kp[1]}" if kp else f"Note 9: {tekst(x, 'tekst')}",
                      faktisk=felt(x, "belop"), ledd=[(1, felt(y, "belop"))], oppstilling="note_9_tilskudd_til_andre",
                      beskrivelse="tilskuddet i note 9 = regnskap på posten i bevilgningsrapporteringen")
        if f:
            yield f
    for x in rest9:
        yield observasjon(r, a, linje=f"Note 9: {tekst(x, 'tekst')}", faktisk=felt(x, "belop"), oppstilling="note_9_tilskudd_til_andre",
                          melding="har ingen tilsvarende tilskuddspost (50–89) i bevilgningsrapporteringen")
    for y in restb:
        yield observasjon(r, a, linje=f"Kap./post {tekst(y, 'kapittel')}/{tekst(y, 'post')}", faktisk=felt(y, "belop"),
                          oppstilling="Bevilgningsrapportering",
                          melding="tilskuddsposten har ingen linje i note 9")


def tabell42_note5(a: Figurer, r: Regel) -> Iterator[Finding]:
    t42 = rader(a, "tabell_4_2_konsulenttjenester")
    first = next((i for i, x in enumerate(t42) if _er_sum(x)), len(t42))
    linjer = list(t42[:first])
    n5 = [x for x in rader(a, "andre_noter", "note_5_konsulenttjenester") if not _er_sum(x)]
    if not linjer or not n5:
        return
    par, rest_t, rest_n = _par(linjer, n5, "belop", lambda x: tekst(x, "tekst"), lambda y: tekst(y, "tekst"))
    for x, y in par:
        for k, ar in _AR:
            f = identitet(r, a, linje=f"Tabell 4.2: {tekst(x, 'tekst')} ({ar})", faktisk=felt(x, k), ledd=[(1, felt(y, k))],
                          oppstilling="tabell_4_2_konsulenttjenester", beskrivelse="= tilsvarende linje i note 5")
            if f:
                yield f
    for x in rest_t + rest_n:
        yield observasjon(r, a, linje=str(tekst(x, "tekst")), faktisk=felt(x, "belop"),
                          melding="linjen har ingen motpart i den andre tabellen")


def srs_art_gjennomstromning(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Innkreving and tilskudd are presented on the kontantprinsipp in SRS: = artskontorapportering."""
    art = rader(a, "artskontorapportering", "lines")
    for res, seksjon in (("Avgifter og gebyrer direkte til statskassen", "innkreving"), ("Tilskudd til andre", "tilskudd")):
        sumrad = next((x for x in art if tekst(x, "seksjon") == seksjon and tekst(x, "kind") == "sum"), None)
        for k, ar in _AR:
            f = identitet(r, a, linje=f"{res} ({ar})", faktisk=_res(a, res, k), ledd=[(1, felt(sumrad, k))],
                          oppstilling="Resultatregnskap",
                          beskrivelse=f"= «{tekst(sumrad, 'tekst')}» i artskontorapporteringen (kontantprinsipp)")
            if f:
                yield f


# --- Note 7A -----------------------------------------------------------------------------------

#: Note 7A line roles, recognised by a phrase in the line text (checked in this order).
N7A_ROLLER: tuple[tuple[str, str], ...] = (
    ("kk_ut", "konsernkonto utbetaling"),
    ("kk_inn", "konsernkonto innbetaling"),
    ("netto_trekk", "netto trekk"),
    ("innkreving", "innkreving"),
    ("tilskudd", "tilskudd"),
    ("1991", "1991"),
    ("gruppeliv_aga", GRUPPELIV.underkonto),
    ("mva", MVA_NETTOORDNING.underkonto),
    ("andre", "andre avstemmingsposter"),
)


def _n7a(a: Figurer) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    for x in rader(a, "note_7", "a", "lines"):
        t = norm(tekst(x, "tekst"))
        for rolle, frase in N7A_ROLLER:
            if frase in t:
                out.setdefault(rolle, x)
                break
    return out


def _n7a_tall(a: Figurer, rolle: str) -> Tall | None:
    return felt(_n7a(a).get(rolle), "belop")


def _n7a_felt(a: Figurer, nokkel: str) -> Tall | None:
    v = a.get("note_7", "a", nokkel)
    return v if isinstance(v, Tall) else None


def _avregnet(a: Figurer, k: str) -> Tall | None:
    return felt(a.get("note_7", "a", "avregnet_i_balansen"), k)


def _art_seksjon(a: Figurer, seksjon: str, kind: str) -> Tall | None:
    for x in rader(a, "artskontorapportering", "lines"):
        if tekst(x, "seksjon") == seksjon and tekst(x, "kind") == kind:
            return felt(x, "belop")
    return None


def _art_felles(a: Figurer, konto: str) -> Tall | None:
    for x in rader(a, "artskontorapportering", "lines"):
        if tekst(x, "seksjon") == "felles" and tekst(x, "kind") == "line" and konto in (tekst(x, "tekst") or ""):
            return felt(x, "belop")
    return None


def _en(r: Regel, a: Figurer, **kw: Any) -> Iterator[Finding]:
    kw.setdefault("oppstilling", "Note 7A")
    f = identitet(r, a, **kw)
    if f:
        yield f


def n7a_endring(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _en(r, a, linje="Avregnet med statskassen i balansen, endring", faktisk=_avregnet(a, "endring"),
                   ledd=[(1, _avregnet(a, "belop")), (-1, _avregnet(a, "belop_fjor"))], beskrivelse="endring = 31.12 i år − 31.12 i fjor")


def n7a_balanse(a: Figurer, r: Regel) -> Iterator[Finding]:
    for k, ar in _AR:
        yield from _en(r, a, linje=f"Avregnet med statskassen i balansen ({ar})", faktisk=_avregnet(a, k),
                       ledd=[(1, _bal(a, "kapital_og_gjeld", "Avregnet med statskassen (bruttobudsjetterte)", k))],
                       beskrivelse="= «Avregnet med statskassen (bruttobudsjetterte)» i balansen")


def n7a_netto_trekk(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _en(r, a, linje="Netto trekk konsernkonto", faktisk=_n7a_tall(a, "netto_trekk"),
                   ledd=[(1, _n7a_tall(a, "kk_ut")), (1, _n7a_tall(a, "kk_inn"))], beskrivelse="= utbetaling + innbetaling")


def n7a_kk_bevilgning(a: Figurer, r: Regel) -> Iterator[Finding]:
    for rolle, suffiks in (("kk_inn", "01"), ("kk_ut", "02")):
        for x in rader(a, "bevilgningsrapportering", "kapitalkontoer"):
            konto = (tekst(x, "konto") or "").strip()
            if konto.startswith("60") and konto.endswith(suffiks):
                yield from _en(r, a, linje=f"Kapitalkonto {konto} {tekst(x, 'tekst') or ''}".rstrip(), faktisk=felt(x, "belop"),
                               ledd=[(1, _n7a_tall(a, rolle))], oppstilling="Bevilgningsrapportering",
                               beskrivelse="konsernkontoen i bevilgningsrapporteringen = konsernkontolinjen i note 7A")


def n7a_netto_trekk_s_rapport(a: Figurer, r: Regel) -> Iterator[Finding]:
    netto = _art_seksjon(a, "total", "netto")
    endring = felt(a.get("bevilgningsrapportering", "mellomvaerende"), "endring")
    if netto is None or endring is None:
        return
    yield from _en(r, a, linje="Netto trekk konsernkonto", faktisk=_n7a_tall(a, "netto_trekk"),
                   ledd=[(-1, netto), (-1, endring)],
                   beskrivelse="netto trekk = −(netto rapportert til bevilgningsregnskapet + endring i mellomværende)")


def _n7a_linjeledd(a: Figurer) -> list[Ledd]:
    """The terms of «Forskjell mellom resultatført og netto trekk»: netto trekk (or the two
    konsernkonto lines) and every other line of the note; empty when the note has no lines."""
    roller = _n7a(a)
    if not roller:
        return []
    grunn = ["netto_trekk"] if "netto_trekk" in roller else ["kk_ut", "kk_inn"]
    ledd: list[Ledd] = [(1, felt(roller.get(x), "belop")) for x in grunn]
    ledd += [(1, felt(x, "belop")) for x in rader(a, "note_7", "a", "lines")
             if x not in [roller.get(y) for y in ("kk_ut", "kk_inn", "netto_trekk")]]
    return ledd


def n7a_forskjell(a: Figurer, r: Regel) -> Iterator[Finding]:
    ledd = _n7a_linjeledd(a)
    if not ledd:
        return
    yield from _en(r, a, linje="Forskjell mellom resultatført og netto trekk på konsernkonto",
                   faktisk=_n7a_felt(a, "forskjell_resultatfort_og_netto_trekk"), ledd=ledd,
                   beskrivelse="= netto trekk + gjennomstrømningsposter + posteringer direkte mot avregning + andre")


def n7a_sum(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _en(r, a, linje="Sum endring i avregnet med statskassen", faktisk=_n7a_felt(a, "sum_endring_i_avregnet"),
                   ledd=[(1, _n7a_felt(a, "forskjell_resultatfort_og_netto_trekk")), (1, _n7a_felt(a, "resultat_for_avregning"))],
                   beskrivelse="= forskjell + resultat av periodens aktiviteter før avregning")


def n7a_kongruens(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _en(r, a, linje="Sum endring i avregnet med statskassen", faktisk=_n7a_felt(a, "sum_endring_i_avregnet"),
                   ledd=[(-1, _avregnet(a, "endring"))],
                   beskrivelse="= −(endring i avregnet med statskassen i balansen) (notens fortegn: debet positiv)")


def n7a_resultat(a: Figurer, r: Regel) -> Iterator[Finding]:
    yield from _en(r, a, linje="Resultat av periodens aktiviteter før avregning", faktisk=_n7a_felt(a, "resultat_for_avregning"),
                   ledd=[(1, _res(a, "Resultat av periodens aktiviteter"))], beskrivelse="= resultatregnskapet")
    yield from _en(r, a, linje="Inntektsført fra bevilgning (underkonto 1991)", faktisk=_n7a_tall(a, "1991"),
                   ledd=[(1, _res(a, "Inntekt fra bevilgninger"))], beskrivelse="= «Inntekt fra bevilgninger» i resultatregnskapet")
    yield from _en(r, a, linje="Innbetaling innkrevingsvirksomhet", faktisk=_n7a_tall(a, "innkreving"),
                   ledd=[(-1, _res(a, "Avgifter og gebyrer direkte til statskassen"))],
                   beskrivelse="= −«Avgifter og gebyrer direkte til statskassen» i resultatregnskapet")
    yield from _en(r, a, linje="Utbetaling tilskuddsforvaltning", faktisk=_n7a_tall(a, "tilskudd"),
                   ledd=[(1, _res(a, "Tilskudd til andre"))], beskrivelse="= «Tilskudd til andre» i resultatregnskapet")


def n7a_gar_opp(a: Figurer, r: Regel) -> bool | None:
    """Whether Note 7A ties: its printed lines plus the resultat explain the change in avregnet
    med statskassen, ``−(UB − IB) = Σ linjer + resultat``, within the rounding tolerance of the
    printed figures.  The change is the balance line's «endring», else the note's «Sum endring».
    ``None`` when the note lacks the lines or both figures."""
    ledd = _n7a_linjeledd(a)
    if not ledd or all(t is None for _, t in ledd):
        return None
    ledd = ledd + [(1, _n7a_felt(a, "resultat_for_avregning"))]
    endring = _avregnet(a, "endring")
    if endring is not None:
        f = identitet(r, a, linje="", faktisk=endring, ledd=[(-s, t) for s, t in ledd], beskrivelse="")
    else:
        sum_endring = _n7a_felt(a, "sum_endring_i_avregnet")
        if sum_endring is None:
            return None
        f = identitet(r, a, linje="", faktisk=sum_endring, ledd=ledd, beskrivelse="")
    return f is None or f.severity == Severity.INFO


def n7a_felleskap(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Note 7A's 1985/1986 and 1987 lines (hovedboken, periodisert: mva is booked on 1987 when
    the invoice is booked) against the artskontorapportering (S-rapporten, kontant: when paid).

    Severity policy: a difference is a timing difference the note legitimately shows as long as
    the note ties (:func:`n7a_gar_opp`), so it is a ``warning`` with its amount; when the note
    does not tie, the line is a likely cause of the gap and the difference is an ``error``.  An
    unexplained gap between the books that leaves the note tied is ``X-7A-KONTANT``."""
    gar_opp = n7a_gar_opp(a, r)
    g, aga, m = GRUPPELIV, ARBEIDSGIVERAVGIFT, MVA_NETTOORDNING
    alvorlighet = Severity.ERROR if gar_opp is False else Severity.WARNING
    forklaring = (" Note 7A går ikke opp (linjene forklarer ikke endringen i avregnet), så linjen er en mulig årsak."
                  if gar_opp is False else
                  " Note 7A går opp med notens tall: forskjellen er en periodiseringsforskjell mellom hovedboken "
                  "(bokført) og S-rapporten (betalt).")
    for f in (
        identitet(r, a, linje=f"Gruppeliv/arbeidsgiveravgift (underkonto {g.underkonto} og {aga.underkonto})",
                  faktisk=_n7a_tall(a, "gruppeliv_aga"),
                  ledd=[(f.fortegn, _art_felles(a, f.underkonto)) for f in (g, aga)], oppstilling="Note 7A",
                  beskrivelse=f"= −(konto {g.underkonto} + konto {aga.underkonto}) i artskontorapporteringen",
                  alvorlighet=alvorlighet),
        identitet(r, a, linje=f"Nettoordning, statlig betalt merverdiavgift (underkonto {m.underkonto})",
                  faktisk=_n7a_tall(a, "mva"),
                  ledd=[(m.fortegn, _art_felles(a, m.underkonto))], oppstilling="Note 7A", alvorlighet=alvorlighet,
                  beskrivelse=f"= konto {m.underkonto} i artskontorapporteringen (kap. {m.kapittel}/{m.post})"),
    ):
        if f is None:
            continue
        if f.severity != Severity.INFO:
            f = Finding(**{**f.to_dict(), "message": f.message + forklaring})
        yield f


def n7a_kontant(a: Figurer, r: Regel) -> Iterator[Finding]:
    """Domain-rules §6 item 23: with the ledger equal to the S-rapport for gjennomstrømningsposter
    and felleskapitler, ΔAMS = netto drift + netto investering + Δmellomværende − 1991 − andre − resultat."""
    drift = _art_seksjon(a, "drift", "netto")
    inv = _art_seksjon(a, "invest", "netto")
    endring_mv = felt(a.get("bevilgningsrapportering", "mellomvaerende"), "endring")
    b1991 = _n7a_tall(a, "1991")
    if drift is None or endring_mv is None or b1991 is None:
        return
    yield from _en(r, a, linje="Avregnet med statskassen i balansen, endring", faktisk=_avregnet(a, "endring"),
                   ledd=[(1, drift), (1, inv), (1, endring_mv), (-1, b1991), (-1, _n7a_tall(a, "andre")),
                         (-1, _n7a_felt(a, "resultat_for_avregning"))],
                   beskrivelse=("endring i avregnet = netto driftsutgifter + netto investeringsutgifter + endring i mellomværende "
                                "− inntektsført fra bevilgning − andre avstemmingsposter − resultat (S-rapportens tall)"))


# --- Note 7B -----------------------------------------------------------------------------------

_7B_KOL = ("avregning", "mellomvaerende", "forskjell")


def _n7b(a: Figurer) -> tuple[Mapping[str, Any], ...]:
    return rader(a, "note_7", "b", "rows")


def _n7b_linje(x: Mapping[str, Any]) -> str:
    return f"Note 7B {tekst(x, 'gruppe') or ''}: {tekst(x, 'tekst')}"


def n7b_forskjell(a: Figurer, r: Regel) -> Iterator[Finding]:
    total = a.get("note_7", "b", "total")
    for x in list(_n7b(a)) + ([total] if er_tabell(total) else []):
        linje = _n7b_linje(x) if x is not total else "Note 7B totalt"
        yield from _en(r, a, linje=linje, faktisk=felt(x, "forskjell"), oppstilling="Note 7B",
                       ledd=[(1, felt(x, "avregning")), (-1, felt(x, "mellomvaerende"))],
                       beskrivelse="forskjell = bokført avregning − rapportert mellomværende")


def _grupper(a: Figurer) -> dict[str, tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]]:
    out: dict[str, tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]] = {}
    for x in _n7b(a):
        g = tekst(x, "gruppe") or ""
        linjer, summer = out.setdefault(g, ([], []))
        (summer if _er_sum(x) else linjer).append(x)
    return out


def n7b_sum(a: Figurer, r: Regel) -> Iterator[Finding]:
    for g, (linjer, summer) in _grupper(a).items():
        for s in summer:
            for k in _7B_KOL:
                yield from _en(r, a, linje=f"Note 7B {g}: Sum, {k}", faktisk=felt(s, k), oppstilling="Note 7B",
                               ledd=[(1, felt(x, k)) for x in linjer], beskrivelse="sum = summen av linjene i gruppen")


def n7b_total(a: Figurer, r: Regel) -> Iterator[Finding]:
    total = a.get("note_7", "b", "total")
    if not er_tabell(total):
        return
    deler: list[Mapping[str, Any]] = []
    for linjer, summer in _grupper(a).values():
        deler += summer if summer else linjer
    for k in _7B_KOL:
        yield from _en(r, a, linje=f"Note 7B totalt, {k}", faktisk=felt(total, k), oppstilling="Note 7B",
                       ledd=[(1, felt(x, k)) for x in deler], beskrivelse="totalt = summen av gruppene")


#: Note 7B group -> balance lines (sign as net assets: assets +, liabilities −).
N7B_TIL_BALANSE: tuple[tuple[str, tuple[tuple[int, str, str], ...]], ...] = (
    ("Immaterielle eiendeler og varige driftsmidler", ((1, "eiendeler", "Sum immaterielle eiendeler"),
                                                       (1, "eiendeler", "Sum varige driftsmidler"))),
    ("Finansielle anleggsmidler", ((1, "eiendeler", "Sum finansielle anleggsmidler"),)),
    ("Omløpsmidler", ((1, "eiendeler", "Sum omløpsmidler"),)),
    ("Langsiktige forpliktelser og gjeld", ((-1, "kapital_og_gjeld", "Sum avsetninger for langsiktige forpliktelser"),
                                            (-1, "kapital_og_gjeld", "Sum annen langsiktig gjeld"))),
    ("Kortsiktig gjeld", ((-1, "kapital_og_gjeld", "Sum kortsiktig gjeld"),)),
)


def n7b_balanse(a: Figurer, r: Regel) -> Iterator[Finding]:
    grupper = _grupper(a)
    for g, ledd in N7B_TIL_BALANSE:
        summer = grupper.get(g, ([], []))[1]
        for s in summer:
            yield from _en(r, a, linje=f"Note 7B {g}: Sum, avregning", faktisk=felt(s, "avregning"), oppstilling="Note 7B",
                           ledd=[(fortegn, _bal(a, side, t)) for fortegn, side, t in ledd],
                           beskrivelse="bokført avregning for gruppen = balansen")
    total = a.get("note_7", "b", "total")
    yield from _en(r, a, linje="Note 7B totalt, avregning", faktisk=felt(total, "avregning"), oppstilling="Note 7B",
                   ledd=[(1, _bal(a, "kapital_og_gjeld", "Avregnet med statskassen (bruttobudsjetterte)"))],
                   beskrivelse="sum bokført avregning = «Avregnet med statskassen» i balansen")


def n7b_mellomvaerende(a: Figurer, r: Regel) -> Iterator[Finding]:
    total = a.get("note_7", "b", "total")
    mv = next((x for x in rader(a, "artskontorapportering", "mellomvaerende") if _er_sum(x)), None)
    mot = felt(mv, "belop") or felt(a.get("bevilgningsrapportering", "mellomvaerende"), "ub")
    yield from _en(r, a, linje="Note 7B totalt, mellomværende", faktisk=felt(total, "mellomvaerende"), oppstilling="Note 7B",
                   ledd=[(1, mot)], beskrivelse="sum rapportert mellomværende = mellomværende med statskassen 31.12")


#: The correspondence between the two line sets of «rapportert mellomværende»: Note 7B splits
#: it by SRS 1 balance line, the artskontorapportering's «Oversikt over mellomværende med
#: statskassen» by mellomværende line (R-115).  Each category names the phrases that recognise
#: its 7B balance lines and its artskonto lines (lower case, checked in this order); a line that
#: matches none is «annet» (7B «Annen kortsiktig gjeld», «Leverandørgjeld» …; artskonto «Lønn
#: (negativ netto …)», «Differanser på bank og uidentifiserte innbetalinger», «Annen gjeld» …).
MV_KORRESPONDANSE: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("fordringer", ("fordring",), ("fordring",)),
    ("skattetrekk", ("skattetrekk",), ("skattetrekk",)),
    ("offentlige avgifter", ("offentlige avgifter",), ("offentlige avgifter",)),
    ("pensjon", ("pensjon",), ("pensjon",)),
    # after «pensjon»: «Statens pensjonskasse» is not a kasse
    ("kasse og bank", ("bankinnskudd", "kontanter"), ("kasse", "bankkonto", "bankinnskudd")),
)
_ANNET = "annet"


def mv_kategori(t: str | None, side: str) -> str:
    """The category of a 7B balance line (``side="7b"``) or an artskonto mellomværende line
    (``side="art"``) in :data:`MV_KORRESPONDANSE`; ``"annet"`` when no phrase matches."""
    n = norm(t)
    for navn, fraser_7b, fraser_art in MV_KORRESPONDANSE:
        if any(f in n for f in (fraser_7b if side == "7b" else fraser_art)):
            return navn
    return _ANNET


def n7b_art_linjer(a: Figurer, r: Regel) -> Iterator[Finding]:
    """7B «rapportert mellomværende» against the artskontorapportering's mellomværende.

    The totals of the lines must agree (rule severity).  Line by line the two are compared only
    per category of :data:`MV_KORRESPONDANSE`, a category missing on one side counting as 0.
    Category differences that cancel are one amount moved between lines (e.g. the 2 %
    pensjonstrekk under skattetrekk in 7B): one ``warning`` with that amount.
    A category difference within the rounding tolerance of its figures is ``info``."""
    if not _n7b(a) or not rader(a, "artskontorapportering", "mellomvaerende"):
        return
    b = [x for x in _n7b(a) if not _er_sum(x) and felt(x, "mellomvaerende") is not None]
    art = [x for x in rader(a, "artskontorapportering", "mellomvaerende")
           if not _er_sum(x) and felt(x, "belop") is not None]
    if not b and not art:
        return
    fb_alle: list[Tall] = [t for t in (felt(x, "mellomvaerende") for x in b) if t is not None]
    fa_alle: list[Tall] = [t for t in (felt(x, "belop") for x in art) if t is not None]
    # Per category: (7B figures, artskonto figures, 7B − artskonto).
    avvik: dict[str, tuple[list[Tall], list[Tall], int]] = {}
    for k in [k for k, _, _ in MV_KORRESPONDANSE] + [_ANNET]:
        fb = [t for x in b if mv_kategori(tekst(x, "tekst"), "7b") == k and (t := felt(x, "mellomvaerende")) is not None]
        fa = [t for x in art if mv_kategori(tekst(x, "tekst"), "art") == k and (t := felt(x, "belop")) is not None]
        d = sum(t.ore for t in fb) - sum(t.ore for t in fa)
        if d == 0:
            continue
        tol = toleranse_ore(fb + fa)
        linje = f"Note 7B mellomværende, {k}"
        if abs(d) <= tol:
            yield _mv_funn(r, a, Severity.INFO, linje, fb, fa, tol,
                           f"rapportert mellomværende i note 7B og artskontorapporteringen (linjene for «{k}»): "
                           f"avrundingsdifferanse {kr(d)} innenfor toleransen {kr(tol)}")
            continue
        avvik[k] = (fb, fa, d)

    d_total = sum(t.ore for t in fb_alle) - sum(t.ore for t in fa_alle)
    if d_total != 0:
        tol = toleranse_ore(fb_alle + fa_alle)
        linje = "Note 7B mellomværende, sum av linjene"
        if abs(d_total) <= tol:
            yield _mv_funn(r, a, Severity.INFO, linje, fb_alle, fa_alle, tol,
                           f"summen av linjene i note 7B og i artskontorapporteringen: avrundingsdifferanse "
                           f"{kr(d_total)} innenfor toleransen {kr(tol)}")
        else:
            hvor = ", ".join(f"{k} {kr(d)}" for k, (_, _, d) in avvik.items())
            yield _mv_funn(r, a, r.alvorlighet, linje, fb_alle, fa_alle, tol,
                           f"sum rapportert mellomværende på linjene i note 7B ({kr(sum(t.ore for t in fb_alle))}) ≠ "
                           f"summen av linjene i artskontorapporteringens oversikt over mellomværende "
                           f"({kr(sum(t.ore for t in fa_alle))}), differanse {kr(d_total)}"
                           + (f"; avvik per linje (7B − artskonto): {hvor}" if hvor else ""))

    pluss = {k: v for k, v in avvik.items() if v[2] > 0}
    minus = {k: v for k, v in avvik.items() if v[2] < 0}
    flyttet = min(sum(v[2] for v in pluss.values()), -sum(v[2] for v in minus.values()))
    if flyttet <= 0:
        return
    side = pluss if sum(v[2] for v in pluss.values()) == flyttet else minus
    fb = [t for v in side.values() for t in v[0]]
    fa = [t for v in side.values() for t in v[1]]
    navn = list(avvik)
    linje = "Note 7B mellomværende, " + (", ".join(navn[:-1]) + " og " + navn[-1] if len(navn) > 1 else navn[0])
    hvor = ", ".join(f"{k} {kr(d)}" for k, (_, _, d) in avvik.items())
    yield _mv_funn(r, a, Severity.WARNING, linje, fb, fa,
                   toleranse_ore([t for v in avvik.values() for t in v[0] + v[1]]),
                   f"{kr(flyttet)} rapportert mellomværende står på en annen linje i note 7B enn i "
                   f"artskontorapporteringen (7B − artskonto per linje: {hvor}); beløpet er flyttet mellom linjene, "
                   "ikke et avvik i summen")


def _mv_funn(r: Regel, a: Figurer, alvorlighet: Severity, linje: str, fb: Sequence[Tall],
             fa: Sequence[Tall], tol: int, melding: str) -> Finding:
    """A finding on a group of 7B figures (actual) against artskonto figures (expected); it points
    at the first 7B figure, else the first artskonto figure."""
    pek = fb[0] if fb else (fa[0] if fa else None)
    return Finding(
        rule=r.id, severity=alvorlighet, message=f"{linje}: {melding}.", statement="Note 7B", line=linje,
        expected_ore=sum(t.ore for t in fa), actual_ore=sum(t.ore for t in fb), tolerance_ore=tol,
        reference=r.kilde, file=a.kilde, row=pek.linje if pek is not None else None,
        column=pek.sti if pek is not None else None,
    )
