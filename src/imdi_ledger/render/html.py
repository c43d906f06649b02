"""The årsregnskap as one self-contained HTML page (``aarsregnskap_ÅÅÅÅ.html`` in ``report --out``):
no server and no network — the CSS, the script and the plots (SVG) are in the file, and a
Content-Security-Policy forbids loading anything else.

The page holds every table of :meth:`~imdi_ledger.regnskap.Aarsregnskap.tabeller` in R-115/SRS
order (Norwegian headers, amounts in kroner as the text report prints them), the plots, the run's
findings (severity FEIL/ADVARSEL/MERKNAD, amounts in kroner) and the input files with their
SHA-256.  Print CSS lays it out on A4.  ``utskrift=True`` gives the print variant the PDF is
laid out from (:mod:`imdi_ledger.render.pdf`): no script and no drill-down, page rules for A4
with a running head and page numbers, wide tables (:func:`tegnbredde`) on landscape pages.

**Drill-down.**  Clicking an amount opens a panel with what is behind it:

* a sum/netto row: its declared terms (:meth:`Tabell.ledd`), each a link to its row (in this or
  another table) with its amount in the same column, and their signed total;
* a post line of the bevilgningsrapportering (column Regnskap): the S-rapport rows of that
  kapittel/post (:func:`imdi_ledger.bevilgning.bevilgningsrapportering.linje_per_rad`);
* a line of the artskontorapportering (this year and last year): the S-rapport rows whose
  artskonto maps to the line (:func:`imdi_ledger.artskonto.artskontorapportering.linje_per_rad`);
* a line of the resultatregnskap or balanse (this year and last year): the hovedbok rows whose
  KS code maps to the line (:func:`imdi_ledger.srs.grunnlag.linje_per_rad` on the year's
  classified balances), with the postings the statements compute (``beregnet``), which have no
  ledger row; a line of an SRS note from the ledger likewise (the note's own mapping,
  :meth:`~imdi_ledger.srs.kontoplan_srs.SrsKontoplan.note_linje`).

The panel shows the rows' sum (debit positive), the line's presentation sign and the amount
shown.  The source rows are embedded as JSON (only those some figure refers to); a source with
more than ``maks_rader`` such rows is embedded aggregated by key and period (S-rapport:
statskonto, kapittel, post, artskonto, periode; hovedbok: konto, month) and the panel says so.

**Escaping.**  Every text from the inputs and the tables is HTML-escaped; the JSON block escapes
``<``, ``>`` and ``&``, and the script writes data to the page with ``textContent`` only, never as
markup.  **Determinism.**  Nothing depends on the time, the machine or the input folder's
location (files are named as :meth:`Grunnlag.vist_navn` names them); the same inputs give the
same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from .._version import __version__
from ..findings import ALVORLIGHET, Finding, Severity, oppsummering
from ..money import format_kroner
from ..tabell import Tabell
from .text import TOM_TABELL

__all__ = ["aarsregnskap_html", "skriv_html", "MAKS_RADER"]

#: Above this many source rows of one input, drill-down shows them aggregated by key and period.
MAKS_RADER = 200_000

_ALV = {s: ALVORLIGHET[s].upper() for s in Severity}

#: Findings name a statement; the tables it is printed in (to link a finding to its line).
_OPPSTILLING_TABELLER = {
    "bevilgningsrapportering": ("bevilgning_utgifter", "bevilgning_inntekter", "kapitalkontoer", "beholdninger",
                                "note_a"),
    "artskontorapportering": ("artskontorapportering", "mellomvaerende"),
    "resultatregnskap": ("resultat",),
}


# --------------------------------------------------------------------------- source rows

@dataclass
class _Kilde:
    """One input's rows as embedded: columns, rows (lists), and whether aggregated."""

    navn: str
    kolonner: list[str]
    frame: pd.DataFrame
    nokkel: list[str]
    periode: str
    filer: list[str] = field(default_factory=list)
    pos: pd.Series | None = None   # frame index -> embedded row number
    aggregert: bool = False
    rader: list[list[Any]] = field(default_factory=list)

    def rader_av(self, idx: Any) -> list[int]:
        """The embedded rows (sorted, each once) of the source rows with frame index ``idx``."""
        if self.pos is None:
            return []
        return np.unique(self.pos.to_numpy()[self.pos.index.get_indexer(np.asarray(idx))]).tolist()


@dataclass
class _Drill:
    """Drill-down specs per cell and the sources they refer to."""

    regnskap: Any
    maks_rader: int
    celler: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    #: (table, column) with source rows -> the source (a line there with no rows has none)
    kolonner: dict[tuple[str, str], str] = field(default_factory=dict)
    kilder: dict[str, _Kilde] = field(default_factory=dict)
    _bruk: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def legg_til(self, kilde: str, tabell: str, kolonne: str, linjer: pd.Series, fortegn: dict[str, int],
                 beregnet: dict[str, list[list[Any]]] | None = None) -> None:
        """The rows of ``kilde`` behind each line: ``linjer`` is the line per source row (index of
        the source frame); ``fortegn`` the presentation sign per line."""
        self.kolonner[(tabell, kolonne)] = kilde
        grupper: dict[str, list[Any]] = {}
        # the source rows of each line (a missing line: none), in row order, grouped once
        rad, verdier = pd.factorize(linjer, use_na_sentinel=True)   # a text column: by Arrow, no object per row
        har = rad >= 0
        indeks = linjer.index.to_numpy()
        if not har.all():
            rad, indeks = rad[har], indeks[har]
        if len(rad):
            # keyed by str(line): the distinct lines' texts factorised, then per row
            k, unike = pd.factorize(np.array([str(x) for x in verdier], dtype=object))
            koder = k[rad]
            rekkefolge = np.argsort(koder, kind="stable")
            grenser = np.cumsum(np.bincount(koder, minlength=len(unike)))[:-1]
            indeks = indeks[rekkefolge]
            for lid, deler in zip(unike, np.split(indeks, grenser)):
                grupper[str(lid)] = deler
        for lid in sorted(set(grupper) | set(beregnet or {})):
            idx = grupper.get(lid, np.array([], dtype=np.int64))
            self._bruk.setdefault(kilde, []).append(idx)
            self.celler[(tabell, lid, kolonne)] = {"kilde": kilde, "idx": idx, "fortegn": int(fortegn.get(lid, 1)),
                                                   "beregnet": (beregnet or {}).get(lid, [])}

    def bygg_kilder(self, kilder: dict[str, tuple[str, pd.DataFrame, list[str], list[str], str]]) -> None:
        vist = self.regnskap.grunnlag.vist_navn
        for navn, (tittel, frame, kolonner, nokkel, periode) in kilder.items():
            bruk = [b for b in self._bruk.get(navn, []) if len(b)]
            if not bruk:
                continue
            idx = _unike_sortert(np.concatenate(bruk))   # each row once, in index order
            if len(idx) > self.maks_rader:
                self.kilder[navn] = self._aggregert(tittel, frame, idx, nokkel, periode)
                continue
            f = frame.loc[idx]
            kode, filnavn = _fil_koder(f["_file"])
            navn_av = {x: vist(x) for x in sorted(set(filnavn))}
            f = f.assign(_fil=np.array([navn_av[x] for x in filnavn], dtype=object)[kode] if len(f) else [])
            f = f.sort_values(["_fil", "_row"], kind="stable")
            k = _Kilde(tittel, kolonner, f, nokkel, periode)
            k.filer = sorted(set(navn_av.values()))
            filnr = {x: i for i, x in enumerate(k.filer)}
            cols = [c for c in kolonner if c not in ("fil", "rad")]
            filer = [filnr[x] for x in f["_fil"].tolist()]
            k.rader = [list(r) for r in zip(*(_json_kolonne(f[c]) for c in cols), filer,
                                             f["_row"].astype("int64").tolist())]
            k.pos = _pos(np.arange(len(f)), f.index)
            self.kilder[navn] = k

    def _aggregert(self, tittel: str, frame: pd.DataFrame, idx: np.ndarray, nokkel: list[str],
                   periode: str) -> _Kilde:
        """The source rows ``idx`` of ``frame`` embedded as one row per key and period (the sum
        and the number of rows): only the columns that takes are gathered, and the rows are
        not put in file order (the groups are sorted by key)."""
        keys = [*nokkel, periode]
        f = frame.loc[idx, [*keys, "belop_ore", "_file"]]
        kode, filnavn = _fil_koder(f["_file"])
        vist = self.regnskap.grunnlag.vist_navn
        k = _Kilde(tittel, [*keys, "belop_ore", "antall"], f, nokkel, periode, aggregert=True)
        k.filer = sorted({vist(filnavn[i]) for i in np.unique(kode[kode >= 0])})
        nr, forste = _grupper(f, keys)
        antall = np.bincount(nr, minlength=len(forste)).astype(np.int64)
        belop = f["belop_ore"].to_numpy(dtype=np.int64)[np.argsort(nr, kind="stable")]
        starter = np.cumsum(antall) - antall   # each group's first place among the rows sorted by group
        summer = np.add.reduceat(belop, starter) if len(belop) else np.zeros(0, dtype=np.int64)
        agg = f[keys].iloc[forste].reset_index(drop=True).assign(belop_ore=summer, antall=antall)
        k.rader = [list(r) for r in zip(*(_json_kolonne(agg[c]) for c in k.kolonner))]
        k.pos = _pos(nr, f.index)
        return k

    def json_celler(self, rad_id: dict[tuple[str, str], str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for (tid, lid, kol), spec in self.celler.items():
            rid = rad_id.get((tid, lid))
            if rid is None:
                continue
            kilde = self.kilder.get(spec["kilde"])
            rader = kilde.rader_av(spec["idx"]) if kilde is not None and len(spec["idx"]) else []
            out[f"{rid}|{kol}"] = {"kilde": spec["kilde"], "rader": rader, "fortegn": spec["fortegn"],
                                   "beregnet": spec["beregnet"]}
        return out


def _grupper(f: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The groups of ``f.groupby(keys, sort=True, dropna=False)`` through integer codes: each
    row's group number (the groups in the group-by's order: a categorical by its categories'
    order, another column by its sorted values, a missing value last) and each group's first row."""
    kode = np.zeros(len(f), dtype=np.int64)
    storrelse = 1
    for c in keys:
        col = f[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            k, n = col.cat.codes.to_numpy().astype(np.int64), len(col.cat.categories)
        else:
            k, unike = pd.factorize(col, sort=True, use_na_sentinel=True)
            k, n = k.astype(np.int64, copy=False), len(unike)
        k = np.where(k < 0, n, k)
        if storrelse * (n + 1) >= 2**62:   # the codes so far renumbered 0 … groups − 1
            kode = np.unique(kode, return_inverse=True)[1].reshape(-1)
            storrelse = int(kode.max()) + 1 if len(kode) else 1
        kode = kode * (n + 1) + k
        storrelse *= n + 1
    _, forste, nr = np.unique(kode, return_index=True, return_inverse=True)
    return nr.reshape(-1), forste


def _fil_koder(filer: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(filer.astype(str))``: each row's code into the files of these rows (a
    missing file: -1), in the order of first appearance; for a categorical column from its
    codes, with no text made per row."""
    if not isinstance(filer.dtype, pd.CategoricalDtype):
        kode, unike = pd.factorize(filer.astype(str))
        return kode, np.asarray(unike, dtype=object)
    k, unike = pd.factorize(np.array([str(c) for c in filer.cat.categories], dtype=object))
    koder = filer.cat.codes.to_numpy()
    kode = np.full(len(koder), -1, dtype=np.intp)
    ok = koder >= 0
    kode[ok], brukt = pd.factorize(k[koder[ok]])          # two categories may read the same
    return kode, np.asarray(unike, dtype=object)[brukt]


def _unike_sortert(idx: np.ndarray) -> np.ndarray:
    """``np.unique(idx)``; for row numbers (integers from 0, at most a few times as many as
    there are) marked in a boolean array instead of sorted (a row is behind several cells)."""
    if idx.dtype.kind in "iu" and len(idx) and int(idx.min()) >= 0 and int(idx.max()) < 4 * len(idx) + 1024:
        merket = np.zeros(int(idx.max()) + 1, dtype=bool)
        merket[idx] = True
        return np.flatnonzero(merket).astype(idx.dtype, copy=False)
    return np.unique(idx)


def _pos(verdier: np.ndarray, indeks: pd.Index) -> pd.Series:
    """Embedded row number by frame index (a label repeated: its last row)."""
    pos = pd.Series(verdier, index=indeks)
    return pos if indeks.is_unique else pos[~indeks.duplicated(keep="last")]


def _json_kolonne(s: pd.Series) -> list[Any]:
    """:func:`_json_verdi` of every value of a column: whole columns of integers and of text
    converted at once, anything else value by value."""
    if pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
        return [bool(v) for v in s.tolist()]
    if pd.api.types.is_integer_dtype(s.dtype) and not s.isna().any():
        return [int(v) for v in s.to_numpy(dtype=np.int64).tolist()]
    na = s.isna().to_numpy(dtype=bool)
    if pd.api.types.is_string_dtype(s.dtype) and isinstance(s.dtype, pd.StringDtype):
        return [None if n else v for v, n in zip(s.astype(object).tolist(), na.tolist())]
    return [None if n else _json_verdi(v) for v, n in zip(s.astype(object).tolist(), na.tolist())]


def _json_verdi(v: Any) -> Any:
    if v is None or (not isinstance(v, (str, list)) and pd.isna(v)):
        return None
    if isinstance(v, bool):
        return v
    if hasattr(v, "item") and not isinstance(v, str):
        v = v.item()
    if isinstance(v, int):
        return v
    return str(v)


_S_KOLONNER = ["periode", "statskonto", "kapittel", "post", "artskonto", "belop_ore", "tekst", "fil", "rad"]
_H_KOLONNER = ["bilag", "dato", "konto", "tekst", "kapittel", "post", "artskonto", "belop_ore", "fil", "rad"]
_OVERSKRIFT = {"periode": "Periode", "statskonto": "Statskonto", "kapittel": "Kapittel", "post": "Post",
               "artskonto": "Artskonto", "belop_ore": "Beløp", "tekst": "Tekst", "fil": "Fil", "rad": "Rad",
               "bilag": "Bilag", "dato": "Dato", "konto": "Konto", "maned": "Måned", "kontotype": "Kontotype",
               "antall": "Antall rader"}


def _drill(regnskap: Any, maks_rader: int) -> _Drill:
    """Which source rows are behind which cell, from the statements' own assignments."""
    from ..artskonto.artskontorapportering import linje_per_rad as art_linje
    from ..bevilgning.bevilgningsrapportering import linje_per_rad as bev_linje
    from ..kontoplan import standard_kontoplan
    from ..load.koder import koder

    d = _Drill(regnskap, maks_rader)
    g = regnskap.grunnlag
    # Bevilgningsrapportering: column Regnskap; inntekter are shown as received (−belop).
    bev = bev_linje(g.srapport)
    ut, inn = regnskap.bevilgning.utgifter.id, regnskap.bevilgning.inntekter.id
    rad, lid = pd.factorize(bev.to_numpy(), use_na_sentinel=False)   # each line id tested once
    utg_rad = bev[np.array([t.startswith("U-") for t in lid], dtype=bool)[rad]] if len(bev) else bev
    inn_rad = bev[np.array([t.startswith("I-") for t in lid], dtype=bool)[rad]] if len(bev) else bev
    d.legg_til("S", ut, "regnskap", utg_rad, {})
    d.legg_til("S", inn, "regnskap", inn_rad, {lid: -1 for lid in inn_rad.unique()})
    # Artskontorapportering: this year and last year, by artskonto.
    kp = g.kontoplan or standard_kontoplan()
    fortegn = {str(k): int(v) for k, v in zip(kp.linjer["linje"], kp.linjer["fortegn"])}
    art = regnskap.artskonto.tabell.id
    d.legg_til("S", art, "belop", art_linje(g.srapport, kp), fortegn)
    if g.srapport_fjor is not None and regnskap.artskonto.netto_rapportert_fjor_ore is not None:
        d.legg_til("S_fjor", art, "belop_fjor", art_linje(g.srapport_fjor, kp), fortegn)
    vr = regnskap.virksomhetsregnskap
    if vr is not None and g.hovedbok is not None:
        _srs_drill(d, vr, g.hovedbok.frame, g.oppsett)
    kilder = {"S": ("S-rapport", g.srapport.frame, _S_KOLONNER, ["statskonto", "kapittel", "post", "artskonto"],
                    "periode")}
    if g.srapport_fjor is not None:
        kilder["S_fjor"] = ("S-rapport i fjor", g.srapport_fjor.frame, _S_KOLONNER,
                            ["statskonto", "kapittel", "post", "artskonto"], "periode")
    if g.hovedbok is not None:
        hb = g.hovedbok.frame
        rad, datoer = koder(g.hovedbok, "dato")   # the month of each distinct date, then per row
        mk, maneder = pd.factorize(np.array([str(x)[:7] for x in datoer], dtype=object), sort=True)
        maned = pd.Categorical.from_codes(mk[rad], categories=pd.Index(maneder, dtype=object))
        kilder["H"] = ("Hovedbok", hb.assign(maned=maned), _H_KOLONNER, ["konto"], "maned")
    d.bygg_kilder(kilder)
    return d


def _srs_drill(d: _Drill, vr: Any, hb: pd.DataFrame, oppsett: Any) -> None:
    from ..regnskap import srs_kontoplan
    from ..srs.grunnlag import er_balansekonto, linje_per_rad
    from ..srs.kontoplan_srs import distinkte_kontoer

    kp = srs_kontoplan(oppsett)   # the mapping the virksomhetsregnskap is computed with (regnskap.beregn)
    spec = kp.linjer[kp.linjer["kind"] == "line"]
    noter = kp.noter[kp.noter["kind"] == "line"]
    aar = hb["ar"].to_numpy()
    for kol, gr in (("belop", vr.grunnlag), ("belop_fjor", vr.grunnlag_fjor)):
        if gr is None:
            continue
        konto = hb["konto"][aar == gr.ar]     # the year's rows: only the column the lines come from
        linje = linje_per_rad(konto.to_frame("konto"), gr.saldo)
        distinkt = distinkte_kontoer(konto)   # worked out per distinct konto, then taken per row
        if distinkt is None:
            balanse = er_balansekonto(konto).to_numpy(dtype=bool)
        else:
            balanse = er_balansekonto(distinkt[1]).to_numpy(dtype=bool)[distinkt[0]]
        saldo = gr.saldo
        beregnet = saldo[saldo["beregnet"].astype(bool)]
        for opp, hvor in (("resultat", ~balanse), ("balanse", balanse)):
            fortegn = {str(r.linje): int(r.fortegn or 1) for r in spec[spec["oppstilling"] == opp].itertuples()}
            b = beregnet[beregnet["oppstilling"] == opp]
            ber: dict[str, list[list[Any]]] = {}
            for r in b.itertuples():
                ber.setdefault(str(r.linje), []).append([str(r.konto), int(r.ub_ore)])
            d.legg_til("H", opp, kol, linje[hvor], fortegn, ber)
        per_note = kp.note_linjer(distinkt[1]) if distinkt is not None else None
        for note in kp.note_ids():
            if note not in vr.noter:
                continue
            fortegn = {str(r.linje): int(r.fortegn or 1) for r in noter[noter["note"] == note].itertuples()}
            if per_note is None:
                nl = kp.note_linje(konto, note)
            else:   # a categorical column: grouped by its codes
                lk, linjer = pd.factorize(per_note[note], use_na_sentinel=True)
                nl = pd.Series(pd.Categorical.from_codes(lk[distinkt[0]], categories=pd.Index(linjer, dtype=object)),
                               index=konto.index)
            bl = kp.note_linje(beregnet["konto"], note)
            ber = {}
            for k, lid, ore in zip(beregnet["konto"], bl, beregnet["ub_ore"]):
                if lid is not None:
                    ber.setdefault(str(lid), []).append([str(k), int(ore)])
            d.legg_til("H", note, kol, nl, fortegn, ber)


# --------------------------------------------------------------------------- page

_B = ' class="b"'
_BRED = ' class="bred"'


def _e(v: Any) -> str:
    return escape("" if v is None else str(v), quote=True)


def _celletekst(v: Any) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


def _radtekst(t: Tabell, rec: dict[str, Any]) -> str:
    deler = [_celletekst(rec[k.navn]) for k in t.kolonner if not k.penger and k.navn != "note"]
    return " ".join(x for x in deler if x.strip()) or str(rec["line_id"])


#: A table whose estimated width (:func:`tegnbredde`) exceeds this many characters is printed on a
#: landscape page in the print variant (A4 portrait holds about 110 characters of the table font).
BRED_TABELL = 100

#: Wider than this, a table is printed in a smaller type as well (landscape A4 holds about 150
#: characters of the table font).
SVAERT_BRED_TABELL = 150

#: A table of at most this many rows is kept on one page in the print variant when it fits.
KORT_TABELL = 30


def tegnbredde(t: Tabell) -> int:
    """The table's estimated width in characters: per column its widest amount as printed (money
    columns) or its longest text, capped at 28 (text wraps), at least the header's longest word,
    plus 2 for the cell padding."""
    total = 0
    for k in t.kolonner:
        ord_ = (k.overskrift or k.navn).split()
        w = max((len(x) for x in ord_), default=0)
        for v in t.rader[k.navn]:
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                continue
            w = max(w, len(format_kroner(int(v))) if k.penger else min(len(str(v)), 28))
        total += w + 2
    return total


def _tabell_html(t: Tabell, nr: int, rad_id: dict[tuple[str, str], str], drill: _Drill,
                 ledd_json: dict[str, Any], etikett: dict[str, str], utskrift: bool = False) -> str:
    tekstkol = [k for k in t.kolonner if not k.penger]
    innrykk = len(tekstkol) == 1
    klasse = "tabell"
    if utskrift:
        bredde = tegnbredde(t)
        klasse += " bred" if bredde > BRED_TABELL else " smal"
        klasse += " svaert-bred" if bredde > SVAERT_BRED_TABELL else ""
        klasse += " kort" if len(t.rader) <= KORT_TABELL else ""
    if not len(t.rader):   # no lines: a sentence, not an empty grid
        return "\n".join([f'<section class="{klasse}" id="t{nr}" data-tabell="{_e(t.id)}">', f"<h2>{_e(t.tittel)}</h2>",
                          f"<p>{_e(TOM_TABELL)}</p>", *(f'<p class="fotnote">{_e(n)}</p>' for n in t.fotnoter),
                          "</section>"])
    ut = [f'<section class="{klasse}" id="t{nr}" data-tabell="{_e(t.id)}">', f"<h2>{_e(t.tittel)}</h2>",
          '<div class="rull"><table>', "<thead><tr>"]
    for k in t.kolonner:
        ut.append(f'<th scope="col"{_B if k.penger else ""}>{_e(k.overskrift or k.navn)}</th>')
    ut.append("</tr></thead><tbody>")
    for i, rec in enumerate(t.rader.to_dict("records")):
        lid, kind = str(rec["line_id"]), str(rec["kind"])
        rid = rad_id[(t.id, lid)]
        celler = []
        for j, k in enumerate(t.kolonner):
            v = rec[k.navn]
            if not k.penger:
                cls = ' class="i"' if innrykk and j == 0 and kind == "line" else ""
                celler.append(f"<td{cls}>{_e(_celletekst(v))}</td>")
                continue
            blank = v is None or pd.isna(v)
            kilde = drill.kolonner.get((t.id, k.navn))
            if kilde is not None and kind == "line" and (t.id, lid, k.navn) not in drill.celler:
                drill.celler[(t.id, lid, k.navn)] = {"kilde": kilde, "idx": [], "fortegn": 1, "beregnet": []}
            attrs = ' class="b'
            har = (k.navn in t.ledd_kolonner(lid)) or ((t.id, lid, k.navn) in drill.celler)
            if har and not utskrift:
                attrs += ' d" tabindex="0" role="button"'
            else:
                attrs += '"'
            attrs += f' data-k="{_e(k.navn)}"'
            if not blank:
                attrs += f' data-o="{int(v)}"'
            celler.append(f"<td{attrs}>{'' if blank else _e(format_kroner(int(v)))}</td>")
        ut.append(f'<tr id="{rid}" class="k-{_e(kind)}">{"".join(celler)}</tr>')
        etikett[rid] = f"{t.tittel} – {_radtekst(t, rec)}"
        if lid in t.summer:
            ledd = []
            for l in t.ledd(lid):
                maal = rad_id.get((l.tabell or t.id, l.linje))
                ledd.append([maal, l.fortegn])
            ledd_json[rid] = {"ledd": ledd, "kolonner": list(t.ledd_kolonner(lid))}
    ut.append("</tbody></table></div>")
    for note in t.fotnoter:
        ut.append(f'<p class="fotnote">{_e(note)}</p>')
    ut.append("</section>")
    return "\n".join(ut)


def _funn_html(findings: Sequence[Finding], rad_av: dict[tuple[str, str], str], utskrift: bool = False) -> str:
    ut = [f'<section id="funn"{_BRED if utskrift else ""}><h2>Funn</h2>', f"<p>{_e(oppsummering(findings))}.</p>"]
    if not findings:
        ut.append("<p>Ingen funn.</p></section>")
        return "\n".join(ut)
    if utskrift:
        # The summary first: one row per rule and severity, with the number of findings.
        per_regel: dict[tuple[str, Severity], int] = {}
        for f in findings:
            per_regel[(f.rule, f.severity)] = per_regel.get((f.rule, f.severity), 0) + 1
        rang = {s: i for i, s in enumerate((Severity.ERROR, Severity.WARNING, Severity.INFO))}
        ut.append('<table class="funnsum"><thead><tr><th scope="col">Alvorlighet</th><th scope="col">Regel</th>'
                  '<th scope="col" class="b">Antall</th></tr></thead><tbody>')
        for (regel, alv), n in sorted(per_regel.items(), key=lambda x: (rang.get(x[0][1], 9), x[0][0])):
            ut.append(f'<tr class="alv-{alv.value}"><td class="alv">{_ALV[alv]}</td><td>{_e(regel)}</td>'
                      f'<td class="b">{n}</td></tr>')
        ut.append("</tbody></table>")
    ut.append('<div class="rull"><table class="funn"><thead><tr>')
    for h, b in (("Alvorlighet", False), ("Regel", False), ("Melding", False), ("Oppstilling / linje", False),
                 ("Forventet", True), ("Faktisk", True), ("Differanse", True), ("Kilde", False),
                 ("Referanse", False)):
        ut.append(f'<th scope="col"{_B if b else ""}>{h}</th>')
    ut.append("</tr></thead><tbody>")
    for f in findings:
        hvor = " / ".join(x for x in (f.statement, f.line) if x)
        maal = None
        if f.statement and f.line:
            for tid in (f.statement, *_OPPSTILLING_TABELLER.get(f.statement, ())):
                maal = rad_av.get((tid, f.line))
                if maal:
                    break
        hvor_html = f'<a href="#{maal}">{_e(hvor)}</a>' if maal else _e(hvor)
        kilde = ":".join(str(x) for x in (Path(f.file).name if f.file else None, f.row, f.column) if x is not None)
        ut.append(f'<tr class="alv-{f.severity.value}"><td class="alv">{_ALV[f.severity]}</td><td>{_e(f.rule)}</td>'
                  f"<td>{_e(f.message)}</td><td>{hvor_html}</td>"
                  + "".join(f'<td class="b">{_e(format_kroner(v))}</td>'
                            for v in (f.expected_ore, f.actual_ore, f.difference_ore))
                  + f"<td>{_brytbar(kilde)}</td><td>{_e(f.reference)}</td></tr>")
    ut.append("</tbody></table></div></section>")
    return "\n".join(ut)


_BRYT_ETTER = re.compile(r"(?<=[.:/_])(?=[^\s])")


def _brytbar(tekst: str) -> str:
    """``tekst`` escaped, with a line-break opportunity (``<wbr>``) after each ``.``, ``:``,
    ``/`` and ``_``: a place such as ``beregnet årsregnskap 2025:note_2.lines[4].belop``
    wraps at its parts, not anywhere."""
    return "<wbr>".join(_e(d) for d in _BRYT_ETTER.split(tekst))


def _kilder_html(regnskap: Any, utskrift: bool = False) -> str:
    g = regnskap.grunnlag
    ut = [f'<section id="kilder"{_BRED if utskrift else ""}><h2>Kilder (inndata)</h2><div class="rull"><table><thead><tr>'
          '<th scope="col">Fil</th><th scope="col" class="b">Rader</th><th scope="col" class="b">Sum beløp</th>'
          '<th scope="col">SHA-256</th></tr></thead><tbody>']
    for k in g.kilder():
        ut.append(f"<tr><td>{_e(g.vist_navn(k.file))}</td><td class=\"b\">{'' if k.rader is None else k.rader}</td>"
                  f'<td class="b">{_e(format_kroner(k.sum_ore))}</td><td class="sha">{_e(k.sha256 or "")}</td></tr>')
    ut.append("</tbody></table></div></section>")
    return "\n".join(ut)


def _plott(regnskap: Any, mappe: Path | None) -> list[tuple[str, str]]:
    """(name, SVG markup) of every plot the inputs allow: read from ``mappe`` when the report
    has just written them there, else drawn."""
    from . import plott

    ut = []
    for navn, fn in plott.tegnbare(regnskap):
        fil = mappe / f"{navn}.svg" if mappe is not None else None
        if fil is not None and fil.is_file():
            svg = fil.read_text(encoding="utf-8")
        else:
            svg = plott.svg_tekst(fn(regnskap))
        ut.append((navn, plott.svg_inline(svg, navn)))
    return ut


_PLOTT_TITTEL = {"forbruksprofil": "Forbruksprofil per utgiftspost",
                 "merutgift": "Mer-/mindreutgift og mulig overførbart beløp",
                 "note7a_fossefall": "Note 7A som fossefall",
                 "kongruensavvik": "Kongruensavvik per år"}


def _json_i_html(data: Any) -> str:
    tekst = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (tekst.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def aarsregnskap_html(regnskap: Any, findings: Sequence[Finding], *, plott_mappe: Path | None = None,
                      maks_rader: int = MAKS_RADER, utskrift: bool = False,
                      plott: Sequence[tuple[str, str]] | None = None,
                      for_plott: Callable[[], None] | None = None) -> str:
    """The page as text (see the module docstring).

    ``utskrift=True`` gives the print variant the PDF is made from (:mod:`imdi_ledger.render.pdf`):
    the same tables, figures, findings and sources, without script, source rows or drill-down
    links, with a table of contents that gives page numbers, ``@page`` rules for A4 (a running
    head with the agency and year, the current statement on the right, «Side N av M» in the
    footer), wide tables (:data:`BRED_TABELL`), the findings and the sources on landscape pages,
    rows never split across pages and short tables kept on one page.

    ``plott`` gives the figures' markup, (name, markup) in order, in place of the plots read
    from ``plott_mappe`` or drawn.  ``for_plott`` is called once the tables and the drill-down
    are made and before the plots are read: the report waits there for the plots drawn in its
    PDF process."""
    g = regnskap.grunnlag
    tabeller = regnskap.tabeller()
    rad_id: dict[tuple[str, str], str] = {}
    for nr, t in enumerate(tabeller):
        for i, lid in enumerate(t.line_ids):
            rad_id[(t.id, str(lid))] = f"t{nr}r{i}"
    drill = _Drill(regnskap, maks_rader) if utskrift else _drill(regnskap, maks_rader)
    ledd_json: dict[str, Any] = {}
    etikett: dict[str, str] = {}
    deler = [_tabell_html(t, nr, rad_id, drill, ledd_json, etikett, utskrift) for nr, t in enumerate(tabeller)]
    kolonne_navn = {}
    for nr, t in enumerate(tabeller):
        kolonne_navn[f"t{nr}"] = {k.navn: k.overskrift or k.navn for k in t.kolonner if k.penger}
    data = {
        "celler": drill.json_celler(rad_id),
        "ledd": ledd_json,
        "etiketter": etikett,
        "kolonner": kolonne_navn,
        "kilder": {n: {"tittel": k.navn, "kolonner": k.kolonner,
                       "overskrifter": [_OVERSKRIFT.get(c, c) for c in k.kolonner],
                       "filer": k.filer, "aggregert": k.aggregert, "rader": k.rader}
                   for n, k in sorted(drill.kilder.items())},
        "maks_rader": maks_rader,
    }
    tittel = f"Årsregnskap {regnskap.ar}" + (f" – {g.virksomhet}" if g.virksomhet else "")
    script = _JS
    sha = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{sha}'; "
           "base-uri 'none'; form-action 'none'")
    if utskrift:
        csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    funn_html = _funn_html(findings, rad_id, utskrift)
    kilder_html = _kilder_html(regnskap, utskrift)
    data_json = "" if utskrift else _json_i_html(data)
    if for_plott is not None:
        for_plott()
    plott = list(plott) if plott is not None else _plott(regnskap, plott_mappe)
    innhold = ['<nav id="innhold" aria-label="Innhold"><h2>Innhold</h2><ol>']
    for nr, t in enumerate(tabeller):
        innhold.append(f'<li><a href="#t{nr}">{_e(t.tittel)}</a></li>')
    if plott:
        innhold.append('<li><a href="#figurer">Figurer</a></li>')
    innhold.append('<li><a href="#funn">Funn</a></li><li><a href="#kilder">Kilder (inndata)</a></li></ol></nav>')
    figurer = []
    if plott:
        figurer.append('<section id="figurer"><h2>Figurer</h2>')
        for navn, svg in plott:
            figurer.append(f'<figure id="fig-{navn}">{svg}<figcaption>{_e(_PLOTT_TITTEL.get(navn, navn))}'
                           "</figcaption></figure>")
        figurer.append("</section>")
    side = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="imdi_ledger {_e(__version__)}">',
        '<link rel="icon" href="data:,">',
        f"<title>{_e(tittel)}</title>",
        f"<style>{_CSS}</style>",
        *([f"<style>{_utskrift_css(tittel)}</style>"] if utskrift else []),
        "</head>",
        "<body>",
        '<header><h1>' + _e(tittel) + "</h1>",
        f"<p>Laget med imdi_ledger {_e(__version__)}. Beløp i kroner"
        + (". Funn og kilder (inndata med SHA-256) står til slutt.</p>" if utskrift else
           ". Klikk et beløp for å se linjene og kilderadene bak det.</p>"),
        f'<p class="oppsummering">Funn: <a href="#funn">{_e(oppsummering(findings))}</a>.</p></header>',
        "\n".join(innhold),
        "<main>",
        *deler,
        *figurer,
        funn_html,
        kilder_html,
        "</main>",
        *([] if utskrift else [
            '<aside id="drill" hidden aria-live="polite"><button type="button" id="lukk" aria-label="Lukk">×</button>'
            '<div id="drill-innhold"></div></aside>',
            f'<script type="application/json" id="data">{data_json}</script>',
            f"<script>{script}</script>"]),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(side)


def skriv_html(regnskap: Any, findings: Sequence[Finding], path: Path, *, plott_mappe: Path | None = None,
               maks_rader: int = MAKS_RADER, for_plott: Callable[[], None] | None = None) -> Path:
    """Write the page to ``path`` (UTF-8); the plots are read from ``plott_mappe`` when the
    report has written them there (``for_plott``: see :func:`aarsregnskap_html`)."""
    path.write_text(aarsregnskap_html(regnskap, findings, plott_mappe=plott_mappe, maks_rader=maks_rader,
                                      for_plott=for_plott),
                    encoding="utf-8")
    return path


_CSS = """
:root{--linje:#c8c8c8;--sum:#f2f2f2;--aksent:#1f4e79}
*{box-sizing:border-box}
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;font-size:10pt;color:#111;background:#fff;margin:0;
padding:8mm 10mm;max-width:1200px}
h1{font-size:16pt;margin:0 0 4pt}
h2{font-size:12pt;margin:14pt 0 4pt;color:var(--aksent)}
header p{margin:2pt 0}
nav ol{columns:2;font-size:9pt;margin:0;padding-left:18pt}
nav h2{font-size:11pt}
.rull{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:9pt;margin:2pt 0}
th,td{padding:1.5pt 4pt;border-bottom:0.5pt solid var(--linje);vertical-align:top;text-align:left}
th{border-bottom:1pt solid #555;font-weight:bold;vertical-align:bottom}
.b{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.i{padding-left:14pt}
tr.k-header td{font-weight:bold;background:#fafafa}
tr.k-sum td{font-weight:bold;background:var(--sum)}
tr.k-netto td{font-weight:bold;background:var(--sum);border-bottom:1.2pt solid #333}
td.d{cursor:pointer;color:var(--aksent);text-decoration:underline dotted}
td.d:hover,td.d:focus{background:#e3edf7;outline:1pt solid var(--aksent)}
tr.mark td{background:#fff3b0 !important}
.fotnote{font-size:8pt;margin:2pt 0}
figure{margin:8pt 0;break-inside:avoid}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:9pt;color:#444}
td.alv{font-weight:bold}
tr.alv-error td.alv{color:#a00}
tr.alv-warning td.alv{color:#a60}
tr.alv-info td.alv{color:#555}
td.sha{font-family:"Liberation Mono",monospace;font-size:8pt;word-break:break-all}
#drill{position:fixed;top:0;right:0;bottom:0;width:min(46rem,60vw);overflow:auto;background:#fff;
border-left:2pt solid var(--aksent);box-shadow:-4px 0 12px rgba(0,0,0,.2);padding:10pt 12pt;z-index:10}
#drill[hidden]{display:none}
#lukk{float:right;font-size:14pt;border:none;background:none;cursor:pointer}
#drill h3{font-size:11pt;margin:0 0 4pt;color:var(--aksent)}
#drill p{margin:3pt 0}
#drill .merknad{color:#a60}
@page{size:A4;margin:14mm 12mm}
@media print{body{padding:0;max-width:none;font-size:9pt}nav,#drill{display:none !important}
.rull{overflow:visible}tr{break-inside:avoid}h2{break-after:avoid}section.tabell{break-inside:auto}
td.d{color:inherit;text-decoration:none}}
""".strip()


def _css_streng(tekst: str) -> str:
    """``tekst`` as a quoted CSS string: every character that could end the string or the style
    element written as a hex escape."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;()–-_/" else f"\\{ord(c):06x}" for c in tekst) + '"'


def _utskrift_css(tittel: str) -> str:
    """The print variant's page rules; ``tittel`` (agency and year) is the running head."""
    return _CSS_UTSKRIFT.replace("TITTEL", _css_streng(tittel))


_CSS_UTSKRIFT = """
@page{size:A4 portrait;margin:16mm 12mm 14mm 12mm;font-family:"Liberation Sans","DejaVu Sans",Arial,sans-serif;
@top-left{content:TITTEL;font-size:7.5pt;color:#444;vertical-align:bottom;padding-bottom:2mm;width:60%}
@top-right{content:string(tittel, start);font-size:7.5pt;color:#444;vertical-align:bottom;padding-bottom:2mm;
text-align:right;width:40%}
@bottom-right{content:"Side " counter(page) " av " counter(pages);font-size:7.5pt;color:#444}
@bottom-left{content:"Beløp i kroner";font-size:7.5pt;color:#444}}
@page bred{size:A4 landscape}
@page smal{size:A4 portrait}
body{padding:0;max-width:none;font-size:9pt;font-family:"Liberation Sans","DejaVu Sans",Arial,sans-serif}
h1{string-set:tittel ""}
h2{string-set:tittel content();break-after:avoid}
nav{display:block !important}
nav ol{columns:auto;padding-left:14pt}
nav a{color:inherit;text-decoration:none}
nav a::after{content:leader(". ") target-counter(attr(href), page)}
table{font-size:8.5pt;font-stretch:condensed}
thead{display:table-header-group}
th.b{white-space:normal}
#funn td{overflow-wrap:break-word}
#funn td.b{overflow-wrap:normal}
tr{break-inside:avoid}
section.tabell{break-inside:auto}
section.kort{break-inside:avoid}
section.bred,#funn,#kilder{page:bred}
section.smal{page:smal}
section.svaert-bred table{font-size:7pt}
section.svaert-bred th,section.svaert-bred td{padding:1.5pt 2.5pt}
#funn td:nth-child(2){white-space:nowrap}
#funn table,#kilder table{font-size:8pt}
table.funnsum{width:auto;margin-bottom:8pt}
#figurer figure{break-inside:avoid}
#figurer svg{max-height:120mm;width:auto}
td.sha{word-break:normal;white-space:nowrap}
a{color:inherit;text-decoration:none}
""".strip()


_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var panel = document.getElementById("drill");
  var innhold = document.getElementById("drill-innhold");
  var VIS = 5000;

  function gruppe(n) {
    var s = String(n), ut = "";
    while (s.length > 3) { ut = " " + s.slice(-3) + ut; s = s.slice(0, -3); }
    return s + ut;
  }
  function kroner(ore) {
    if (ore === null || ore === undefined) return "";
    var neg = ore < 0, a = Math.abs(ore), k = Math.floor(a / 100), r = a % 100;
    if (r >= 50) k += 1;
    return (neg && k !== 0 ? "-" : "") + gruppe(k);
  }
  function kronerOre(ore) {
    if (ore === null || ore === undefined) return "";
    var neg = ore < 0, a = Math.abs(ore), k = Math.floor(a / 100), r = a % 100;
    return (neg ? "-" : "") + gruppe(k) + "," + (r < 10 ? "0" : "") + r;
  }
  function el(tag, tekst, cls) {
    var e = document.createElement(tag);
    if (tekst !== undefined && tekst !== null) e.textContent = String(tekst);
    if (cls) e.className = cls;
    return e;
  }
  function celleVerdi(radId, kol) {
    var rad = document.getElementById(radId);
    if (!rad) return null;
    var c = rad.querySelector('td[data-k="' + kol + '"]');
    if (!c || !c.hasAttribute("data-o")) return null;
    return parseInt(c.getAttribute("data-o"), 10);
  }
  function merk(radId) {
    var gamle = document.querySelectorAll("tr.mark");
    for (var i = 0; i < gamle.length; i++) gamle[i].classList.remove("mark");
    var r = document.getElementById(radId);
    if (r) { r.classList.add("mark"); r.scrollIntoView({block: "center"}); }
  }
  function tabell(overskrifter, belopKol) {
    var t = el("table"), th = el("thead"), tr = el("tr");
    for (var i = 0; i < overskrifter.length; i++) {
      tr.appendChild(el("th", overskrifter[i], belopKol.indexOf(i) >= 0 ? "b" : null));
    }
    th.appendChild(tr); t.appendChild(th); t.appendChild(el("tbody"));
    return t;
  }
  function vis(celle) {
    var rad = celle.parentNode, radId = rad.id, kol = celle.getAttribute("data-k");
    var tabellId = radId.split("r")[0];
    var kolNavn = (data.kolonner[tabellId] || {})[kol] || kol;
    var verdi = celle.hasAttribute("data-o") ? parseInt(celle.getAttribute("data-o"), 10) : null;
    innhold.textContent = "";
    innhold.appendChild(el("h3", (data.etiketter[radId] || radId) + " – " + kolNavn));
    innhold.appendChild(el("p", "Vist beløp: " + (verdi === null ? "(blank)" : kroner(verdi) + " kr (" +
      kronerOre(verdi) + " kr eksakt)")));
    innhold.setAttribute("data-celle", radId + "|" + kol);
    var ledd = data.ledd[radId];
    if (ledd && ledd.kolonner.indexOf(kol) >= 0) {
      visLedd(ledd, kol, verdi);
    } else if (data.celler[radId + "|" + kol]) {
      visKilde(data.celler[radId + "|" + kol], verdi);
    }
    panel.hidden = false;
    document.getElementById("lukk").focus();
  }
  function visLedd(ledd, kol, verdi) {
    var p = el("p", ledd.ledd.length ? "Summen av leddene (erklært i tabellen):" : "Tom sum (ingen ledd): 0.");
    innhold.appendChild(p);
    if (!ledd.ledd.length) return;
    var t = tabell(["Fortegn", "Linje", "Beløp"], [2]), tb = t.tBodies[0], sum = 0;
    t.id = "drill-ledd";
    for (var i = 0; i < ledd.ledd.length; i++) {
      var maal = ledd.ledd[i][0], fortegn = ledd.ledd[i][1], v = celleVerdi(maal, kol);
      var tr = el("tr");
      tr.appendChild(el("td", fortegn > 0 ? "+" : "−"));
      var td = el("td"), a = el("a", data.etiketter[maal] || maal);
      a.href = "#" + maal;
      a.setAttribute("data-mal", maal);
      a.addEventListener("click", function (ev) { ev.preventDefault(); merk(this.getAttribute("data-mal")); });
      td.appendChild(a); tr.appendChild(td);
      var b = el("td", v === null ? "" : kroner(v), "b");
      if (v !== null) b.setAttribute("data-o", String(v));
      tr.appendChild(b); tb.appendChild(tr);
      sum += fortegn * (v === null ? 0 : v);
    }
    innhold.appendChild(t);
    var ok = verdi === null ? sum === 0 : sum === verdi;
    innhold.appendChild(el("p", "Sum av leddene: " + kroner(sum) + " kr" + (ok ? " = vist beløp." :
      " ≠ vist beløp (se funn TABELL-SUM)."), ok ? null : "merknad"));
  }
  function visKilde(spec, verdi) {
    var k = data.kilder[spec.kilde];
    var n = spec.rader.length;
    if (!k) { innhold.appendChild(el("p", "Ingen kilderader.")); }
    var sum = 0, ant = 0, i, j;
    if (k) {
      var bIdx = k.kolonner.indexOf("belop_ore"), aIdx = k.kolonner.indexOf("antall");
      var fIdx = k.kolonner.indexOf("fil");
      var filer = [];
      if (!k.aggregert) {
        for (i = 0; i < n; i++) {
          var fil = k.filer[k.rader[spec.rader[i]][fIdx]];
          if (filer.indexOf(fil) < 0) filer.push(fil);
        }
      }
      innhold.appendChild(el("p", (k.aggregert ? n + " summer per nøkkel og periode fra " : n + " kilderader fra ") +
        k.tittel + (filer.length ? " (" + filer.join(", ") + ")" : "") + ":"));
      if (k.aggregert) {
        innhold.appendChild(el("p", "Kilden har flere enn " + gruppe(data.maks_rader) +
          " rader bak tallene; de vises summert per nøkkel og periode.", "merknad"));
      }
      var bel = [bIdx];
      var t = tabell(k.overskrifter, bel), tb = t.tBodies[0];
      t.id = "drill-rader";
      for (i = 0; i < n; i++) {
        var rad = k.rader[spec.rader[i]];
        sum += rad[bIdx];
        ant += aIdx >= 0 ? rad[aIdx] : 1;
        if (i >= VIS) continue;
        var tr = el("tr");
        for (j = 0; j < rad.length; j++) {
          var v = rad[j];
          if (j === bIdx) {
            var td = el("td", kronerOre(v), "b");
            td.setAttribute("data-o", String(v));
            tr.appendChild(td);
          } else if (j === fIdx && !k.aggregert) {
            tr.appendChild(el("td", k.filer[v]));
          } else {
            tr.appendChild(el("td", v === null ? "" : v, j === aIdx ? "b" : null));
          }
        }
        tb.appendChild(tr);
      }
      innhold.appendChild(t);
      if (n > VIS) innhold.appendChild(el("p", "Viser de første " + gruppe(VIS) + " av " + gruppe(n) +
        " radene; summen gjelder alle.", "merknad"));
    }
    var beregnet = 0;
    if (spec.beregnet.length) {
      innhold.appendChild(el("p", "Beregnede posteringer (ingen rad i hovedboken):"));
      var bt = tabell(["Konto", "Beløp"], [1]);
      bt.id = "drill-beregnet";
      for (i = 0; i < spec.beregnet.length; i++) {
        var r = el("tr"), c = el("td", kronerOre(spec.beregnet[i][1]), "b");
        c.setAttribute("data-o", String(spec.beregnet[i][1]));
        r.appendChild(el("td", spec.beregnet[i][0])); r.appendChild(c); bt.tBodies[0].appendChild(r);
        beregnet += spec.beregnet[i][1];
      }
      innhold.appendChild(bt);
    }
    var total = sum + beregnet, vist = spec.fortegn * total;
    var s = el("p", "Sum (debet positiv): " + kronerOre(total) + " kr" + (k && k.aggregert ? " fra " + gruppe(ant) +
      " rader" : "") + "; fortegn i oppstillingen " + (spec.fortegn > 0 ? "+1" : "−1") + " gir " + kronerOre(vist) +
      " kr" + (vist === (verdi === null ? 0 : verdi) ? " = vist beløp." : " ≠ vist beløp."));
    s.id = "drill-sum";
    s.setAttribute("data-o", String(vist));
    innhold.appendChild(s);
  }
  document.addEventListener("click", function (ev) {
    var c = ev.target.closest ? ev.target.closest("td.d") : null;
    if (c) vis(c);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { panel.hidden = true; return; }
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.matches && ev.target.matches("td.d")) {
      ev.preventDefault(); vis(ev.target);
    }
  });
  document.getElementById("lukk").addEventListener("click", function () { panel.hidden = true; });
})();
""".strip()
