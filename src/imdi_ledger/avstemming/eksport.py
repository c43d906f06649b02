"""Export of a computed årsregnskap into the published-årsregnskap shape, and the rule catalogue
run on it (R-115 oppstillinger and Note A/B/C, SRS 1 resultatregnskap, balanse and notes, R-115
note on avregnet vs. mellomværende; the shape is ``reference/imdi-2025-published.yaml``,
documented in ``docs/verify.md``).

:func:`til_publisert_form` turns every :class:`~imdi_ledger.tabell.Tabell` of an
:class:`imdi_ledger.regnskap.Aarsregnskap` into the keys and row texts the catalogue
(:mod:`imdi_ledger.avstemming.regler`) recognises, with amounts in øre and ``presisjon: ore``.
:func:`kontroller` runs :func:`~imdi_ledger.avstemming.verify.verify` on that export: figures
computed from data carry no rounding, so every identity must hold exactly (tolerance 0).
Table ids without a known published key are exported under their own id, so nothing is dropped.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import pandas as pd

from ..findings import Finding, worst_severity
from ..load.oppsett import VALGFRIE_REGLER, Oppsett
from ..regelverk import FELLESKAPITLER, NOTEBINDINGER
from ..tabell import Tabell, tabeller_i
from .aarsregnskap import Figurer
from .kontroll import Regel
from .regler import REGLER
from .verify import verify

if TYPE_CHECKING:  # pragma: no cover - type hints only
    from ..regnskap import Aarsregnskap

__all__ = ["til_publisert_form", "kontroller", "alle_funn", "regler_for", "NOTE_NOKLER", "FELLES_FORTEGN"]

#: Computed SRS table id -> key under ``andre_noter`` in the published shape (the notes tied to a
#: statement line carry their key in :data:`imdi_ledger.regelverk.NOTEBINDINGER`).
NOTE_NOKLER: Mapping[str, str] = {
    **{n.note: n.publisert_note for n in NOTEBINDINGER},
    "note_3": "note_3_immaterielle",
    "note_3_pagaende": "note_3_pagaende_anlegg",
    "note_4": "note_4_varige_driftsmidler",
    "note_4_pagaende": "note_4_pagaende_anlegg",
    "note_5_leieavtaler": "note_5_leieavtaler",
}

#: Presentation sign of the felleskapitler lines in the artskontorapportering (R-115): an
#: inntekt counts negative in the netto line, an utgift positive.
FELLES_FORTEGN: Mapping[str, int] = {f.linje: f.fortegn for f in FELLESKAPITLER}

#: Roll-forward notes whose ``sum`` column is the published ``belop`` (note 4 prints one column).
_SUM_SOM_BELOP: frozenset[str] = frozenset({"note_4_varige_driftsmidler"})


def _ore(v: Any) -> int | None:
    """A money cell as ``int`` øre, ``None`` when blank."""
    if v is None or pd.isna(v):
        return None
    return int(v)


def _txt(v: Any) -> str | None:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return str(v)


def _rader(t: Tabell) -> list[dict[str, Any]]:
    """Rows of a table as dicts: money columns as ``int``/``None``, text columns as ``str``/``None``."""
    penger = {k.navn for k in t.kolonner if k.penger}
    out: list[dict[str, Any]] = []
    for rec in t.to_frame().to_dict("records"):
        out.append({k: (_ore(v) if k in penger else _txt(v)) for k, v in rec.items()})
    return out


def _uten_ore(navn: str) -> str:
    return navn[:-4] if navn.endswith("_ore") else navn


# --- R-115 bevilgningsrapportering, Note A, B, C ------------------------------------------------


def _bevilgning(r: "Aarsregnskap") -> dict[str, Any]:
    bev = r.bevilgning
    stikkord = {(str(p.kapittel), str(p.post)): _txt(p.stikkord) for p in bev.poster.itertuples()}
    cols_u = ("kapittel", "kapittelnavn", "post", "posttekst", "note",
              "samlet_tildeling", "regnskap", "merutgift_mindreutgift")
    cols_i = ("kapittel", "kapittelnavn", "post", "posttekst",
              "samlet_tildeling", "regnskap", "merinntekt_mindreinntekt")
    out: dict[str, Any] = {}
    utgifter: list[dict[str, Any]] = []
    for x in _rader(bev.utgifter):
        if x["kind"] == "line":
            rad = {c: x.get(c) for c in cols_u}
            s = stikkord.get((str(x["kapittel"]), str(x["post"])))
            if s:
                rad["stikkord"] = s
            utgifter.append(rad)
        elif x["kind"] == "sum":
            out["sum_utgiftsfort"] = {c: x.get(c) for c in cols_u[5:]}
    out["utgifter"] = utgifter
    inntekter: list[dict[str, Any]] = []
    for x in _rader(bev.inntekter):
        if x["kind"] == "line":
            inntekter.append({c: x.get(c) for c in cols_i})
        elif x["kind"] == "sum":
            out["sum_inntektsfort"] = {c: x.get(c) for c in cols_i[4:]}
        elif x["kind"] == "netto":
            out["netto_rapportert"] = x["regnskap"]
    out["inntekter"] = inntekter
    kapital: list[dict[str, Any]] = []
    for x in _rader(bev.kapitalkontoer):
        if x["kind"] == "sum":
            out["sum_rapportert"] = x["belop"]
        elif x["konto"] is not None:
            kapital.append({"konto": x["konto"], "tekst": x["tekst"], "belop": x["belop"]})
    out["kapitalkontoer"] = kapital
    mv = [x for x in _rader(bev.beholdninger) if x["kind"] == "line"]
    if len(mv) == 1:
        out["mellomvaerende"] = {k: mv[0][k] for k in ("konto", "tekst", "ub", "ib", "endring")}
    elif mv:
        # Several 70xxxx accounts: the published shape has one mellomværende line, their total.
        out["mellomvaerende"] = {
            "konto": ", ".join(str(x["konto"]) for x in mv), "tekst": "Mellomværende med statskassen",
            **{k: sum(int(x[k] or 0) for x in mv) for k in ("ub", "ib", "endring")},
        }
    return out


def _note_a(r: "Aarsregnskap") -> list[dict[str, Any]]:
    fjor: dict[str, int | None] = {}
    if r.bevilgning_fjor is not None:
        fjor = {x["kapittel_post"]: x["arets_tildelinger"]
                for x in _rader(r.bevilgning_fjor.note_a) if x["kind"] == "line"}
    out: list[dict[str, Any]] = []
    for x in _rader(r.bevilgning.note_a):
        if x["kind"] != "line":
            continue
        rad = {k: x[k] for k in ("kapittel_post", "overfort_fra_i_fjor", "arets_tildelinger", "samlet_tildeling")}
        if r.bevilgning_fjor is not None:
            rad["arets_tildelinger_fjor"] = fjor.get(x["kapittel_post"])
        out.append(rad)
    return out


def _note_b(part: Any) -> list[dict[str, Any]]:
    """The printed Note B table only (its explanation table carries no figures).  Each row
    also carries the base of its cap j as Note B computed it (``grunnlag_maks_av``,
    ``grunnlag_maks``; for «kan overføres» ``arets_bevilgning`` and ``fjorarets_bevilgning``
    as used), so that ``NOTEB-MAKS`` checks j against what Note B used."""
    out: list[dict[str, Any]] = []
    tables = [part.tabell] if isinstance(getattr(part, "tabell", None), Tabell) else tabeller_i(part)
    frame = getattr(part, "frame", None)
    grunnlag: dict[str, dict[str, Any]] = {}
    if isinstance(frame, pd.DataFrame) and "grunnlag_maks_av" in frame.columns:
        for rec in frame.to_dict("records"):
            if _txt(rec["grunnlag_maks_av"]) is None:
                continue
            g: dict[str, Any] = {"grunnlag_maks_av": rec["grunnlag_maks_av"],
                                 "grunnlag_maks": _ore(rec["grunnlag_maks_ore"])}
            if _ore(rec["arets_bevilgning_ore"]) is not None:
                g["arets_bevilgning"] = _ore(rec["arets_bevilgning_ore"])
                g["fjorarets_bevilgning"] = _ore(rec["fjorarets_bevilgning_ore"])
            grunnlag[str(rec["kapittel_post"])] = g
    for t in tables:
        for x in _rader(t):
            if x["kind"] == "line":
                rad = {_uten_ore(k): v for k, v in x.items() if k not in ("line_id", "kind")}
                rad.update(grunnlag.get(str(x.get("kapittel_post")), {}))
                out.append(rad)
    return out


def _note_c(part: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for t in tabeller_i(part):
        blokk = t.id.split(".", 1)[1] if "." in t.id else t.id
        rows: list[dict[str, Any]] = []
        for x in _rader(t):
            if x["kind"] == "header":
                continue
            rad = {_uten_ore(k): v for k, v in x.items() if k not in ("line_id", "kind")}
            if x["kind"] == "sum":
                rad["sum"] = True
            rows.append(rad)
        out[blokk] = rows
    return out


# --- R-115 artskontorapportering ----------------------------------------------------------------


def _artskonto(r: "Aarsregnskap") -> dict[str, Any]:
    art = r.artskonto
    tabeller = {t.id: t for t in art.tabeller()}
    lines: list[dict[str, Any]] = []
    seksjon: str | None = None
    for x in _rader(tabeller["artskontorapportering"]):
        lid = str(x["line_id"])
        if x["kind"] == "header":
            seksjon = lid[2:] if lid.startswith("h_") else lid
            continue
        if x["kind"] == "netto":
            s = lid[len("netto_"):] if lid.startswith("netto_") else lid
            s = "total" if s == "rapportert" else s
        else:
            s = seksjon or lid
        rad: dict[str, Any] = {"seksjon": s, "tekst": x["tekst"], "kind": x["kind"]}
        if lid in FELLES_FORTEGN:
            rad["sign"] = FELLES_FORTEGN[lid]
        rad["belop"], rad["belop_fjor"] = x["belop"], x["belop_fjor"]
        lines.append(rad)
    out: dict[str, Any] = {"lines": lines}
    if "mellomvaerende" in tabeller:
        out["mellomvaerende"] = [
            {"tekst": x["tekst"], "kind": x["kind"], "belop": x["belop"], "belop_fjor": x["belop_fjor"]}
            for x in _rader(tabeller["mellomvaerende"]) if x["kind"] != "header"
        ]
    return out


# --- SRS 1 statements and notes ----------------------------------------------------------------


def _linjer(t: Tabell, kolonner: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Non-header rows with ``tekst``, optional ``note``, ``kind`` and the money columns."""
    penger = [k.navn for k in t.kolonner if k.penger] if kolonner is None else list(kolonner)
    out: list[dict[str, Any]] = []
    for x in _rader(t):
        if x["kind"] == "header":
            continue
        rad: dict[str, Any] = {"tekst": x.get("tekst")}
        if x.get("note") is not None:
            rad["note"] = x["note"]
        rad["kind"] = x["kind"]
        rad.update({k: x.get(k) for k in penger})
        out.append(rad)
    return out


def _balanse(t: Tabell) -> dict[str, list[dict[str, Any]]]:
    eiendeler: list[dict[str, Any]] = []
    kapital: list[dict[str, Any]] = []
    side = eiendeler
    penger = [k.navn for k in t.kolonner if k.penger]
    for x in _rader(t):
        if x["line_id"] == "h_kapital_gjeld":
            side = kapital
        if x["kind"] == "header":
            continue
        rad: dict[str, Any] = {"tekst": x["tekst"]}
        if x.get("note") is not None:
            rad["note"] = x["note"]
        rad["kind"] = x["kind"]
        rad.update({k: x[k] for k in penger})
        side.append(rad)
    return {"eiendeler": eiendeler, "kapital_og_gjeld": kapital}


def _note(navn: str, t: Tabell) -> list[dict[str, Any]]:
    rows = _linjer(t)
    if navn in _SUM_SOM_BELOP:
        rows = [{("belop" if k == "sum" else k): v for k, v in x.items()} for x in rows]
    return rows


# --- Note 7A/7B ---------------------------------------------------------------------------------


def _note_7a(t: Tabell) -> dict[str, Any]:
    rows = {str(x["line_id"]): x for x in _rader(t)}
    out: dict[str, Any] = {}
    ams = rows.get("avregnet_i_balansen")
    if ams is not None:
        out["avregnet_i_balansen"] = {k: ams[k] for k in ("belop", "belop_fjor", "endring")}
    lines: list[dict[str, Any]] = []
    andre: list[dict[str, Any]] = []
    i_andre = False
    topp = {"avregnet_i_balansen": None, "forskjell": "forskjell_resultatfort_og_netto_trekk",
            "resultat": "resultat_for_avregning", "sum_endring": "sum_endring_i_avregnet"}
    for lid, x in rows.items():
        if lid in topp:
            if topp[lid] is not None:
                out[topp[lid]] = x["belop"]
            continue
        if x["kind"] == "header":
            i_andre = lid == "h_andre"
            continue
        if i_andre and lid != "sum_andre":
            andre.append(x)
            continue
        rad: dict[str, Any] = {"tekst": x["tekst"], "belop": x["belop"]}
        if x["kind"] == "sum" and lid != "sum_andre":
            rad["kind"] = "sum"
        lines.append(rad)
    if andre and not any(x["line_id"] == "sum_andre" for x in rows.values()):
        # Without a sum row the itemised andre avstemmingsposter are lines of their own.
        lines.extend({"tekst": x["tekst"], "belop": x["belop"]} for x in andre)
    out["lines"] = lines
    return out


def _note_7b(t: Tabell) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    total: dict[str, Any] | None = None
    gruppe: str | None = None
    for x in _rader(t):
        if x["kind"] == "header":
            gruppe = x["tekst"]
            continue
        verdier = {"avregning": x["bokfort"], "mellomvaerende": x["rapportert"], "forskjell": x["forskjell"]}
        if x["line_id"] == "total":
            total = verdier
            continue
        rad: dict[str, Any] = {"gruppe": gruppe, "tekst": x["tekst"]}
        if x["kind"] == "sum":
            rad["kind"] = "sum"
        rad.update(verdier)
        rows.append(rad)
    out: dict[str, Any] = {"rows": rows}
    if total is not None:
        out["total"] = total
    return out


# --- public -------------------------------------------------------------------------------------


def til_publisert_form(regnskap: "Aarsregnskap") -> dict[str, Any]:
    """Every computed statement and note in the published-YAML shape, amounts in øre.

    The dict has ``presisjon: ore`` and is read by
    ``avstemming.Figurer.from_dict(d, presisjon="ore")``.  Sections whose part was not
    computed (no tildeling, no ledger) are absent.
    """
    d: dict[str, Any] = {"year": regnskap.ar, "presisjon": "ore", "units": "ore"}
    if regnskap.grunnlag.virksomhet:
        d["agency"] = regnskap.grunnlag.virksomhet
    d["bevilgningsrapportering"] = _bevilgning(regnskap)
    d["note_a"] = _note_a(regnskap)
    if regnskap.note_b is not None:
        d["note_b"] = _note_b(regnskap.note_b)
    if regnskap.note_c is not None:
        d["note_c"] = _note_c(regnskap.note_c)
    d["artskontorapportering"] = _artskonto(regnskap)
    srs = regnskap.virksomhetsregnskap
    if srs is not None:
        noter: dict[str, Any] = {}
        for t in tabeller_i(srs):
            if t.id == "resultat":
                d["resultatregnskap"] = _linjer(t)
            elif t.id == "balanse":
                d["balanse"] = _balanse(t)
            else:
                navn = NOTE_NOKLER.get(t.id, t.id)
                noter[navn] = _note(navn, t)
        if regnskap.note_5_leieavtaler is not None:
            noter["note_5_leieavtaler"] = _note("note_5_leieavtaler", regnskap.note_5_leieavtaler)
        d["andre_noter"] = noter
    n7: dict[str, Any] = {}
    for key, part, fn in (("a", regnskap.note_7a, _note_7a), ("b", regnskap.note_7b, _note_7b)):
        if part is None:
            continue
        for t in tabeller_i(part):
            n7[key] = fn(t)
    if n7:
        d["note_7"] = n7
    return d


def regler_for(oppsett: Oppsett) -> tuple[Regel, ...]:
    """The catalogue run on an agency's computed statements: every rule the regulations bind
    it by, and of the optional rules (:data:`~imdi_ledger.load.oppsett.VALGFRIE_REGLER`) those
    its set-up names (``regler.valgfrie`` in ``oppsett.yaml``)."""
    return tuple(r for r in REGLER if r.id not in VALGFRIE_REGLER or r.id in oppsett.valgfrie_regler)


def kontroller(regnskap: "Aarsregnskap") -> list[Finding]:
    """The rule catalogue on the computed statements (presisjon øre, tolerance 0), the
    optional rules as the set-up names them (:func:`regler_for`)."""
    figurer = Figurer.from_dict(til_publisert_form(regnskap), presisjon="ore",
                                kilde=f"beregnet årsregnskap {regnskap.ar}")
    return verify(figurer, regler_for(regnskap.grunnlag.oppsett))


def alle_funn(regnskap: "Aarsregnskap") -> tuple[Finding, ...]:
    """The one list of findings of a computed årsregnskap: every finding of loading and
    computing (``regnskap.findings``), then the rule catalogue on the computed statements,
    one finding per fact (:func:`ett_funn_per_forhold`).  The report, its JSON, the workbook
    and the exit status all show this list."""
    return ett_funn_per_forhold(regnskap.findings, kontroller(regnskap), REGLER)


_POST = re.compile(r"\b(\d{4})[ /](\d{2})\b")


def _samme_forhold(katalog: Finding, beregnet: Finding) -> bool:
    """The same difference (either sign: the two rules may subtract the other way) on the same
    kapittel/post where both name one."""
    if katalog.difference_ore is None or beregnet.difference_ore is None:
        return False
    if abs(katalog.difference_ore) != abs(beregnet.difference_ore):
        return False
    a, b = (_POST.search(f.line or "") for f in (katalog, beregnet))
    return a is None or b is None or a.groups() == b.groups()


def ett_funn_per_forhold(beregnet: Iterable[Finding], katalog: Iterable[Finding],
                         regler: Iterable[Regel] = REGLER) -> tuple[Finding, ...]:
    """The computation's findings then the catalogue's, with each fact reported once.

    A catalogue rule declares the computation's rules that report the same fact
    (``Regel.samme_forhold``: e.g. the merutgift without fullmakt that Note B finds and the
    bevilgningsrapportering rule finds again).  Where a catalogue finding and such a
    computation finding show the same difference on the same post, one is kept: the more
    severe, the catalogue's on a tie; its message names the other rule."""
    samme = {r.id: frozenset(r.samme_forhold) for r in regler if r.samme_forhold}
    ut: list[Finding | None] = list(beregnet)
    tillegg: list[Finding] = []
    for f in katalog:
        partnere = samme.get(f.rule, frozenset())
        par = next(((i, g) for i, g in enumerate(ut) if g is not None and g.rule in partnere
                    and _samme_forhold(f, g)), None)
        if par is None:
            tillegg.append(f)
            continue
        i, g = par
        if worst_severity([f, g]) == g.severity and g.severity != f.severity:
            ut[i] = dataclasses.replace(g, message=f"{g.message} (også funnet av regel {f.rule})")
        else:
            ut[i] = None
            tillegg.append(dataclasses.replace(f, message=f"{f.message} (også funnet av regel {g.rule})"))
    return tuple(g for g in ut if g is not None) + tuple(tillegg)
