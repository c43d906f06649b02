"""Loader for the S-rapport: the monthly report of a bruttobudsjettert agency to
statsregnskapet (R-115 pkt 3.5; DFØ «Rapportering til statsregnskapet»).

Each row is an amount on a *statskonto* and a reporting *artskonto*.  Statskonto shapes:
``kkkkpp`` (bevilgning: kapittel + post), ``60xxxx01``/``60xxxx02`` (konsernkonto inn/ut),
``70xxxx``/``71xxxx`` (mellomværende).  Amounts are debit positive.  The sum of all
transactions in one report (one period) must equal zero.

Rows keep their provenance (``_file``, ``_row``).  Unreadable input raises
:class:`~imdi_ledger.errors.InputError`; readable problems (unbalanced period, unknown
statskonto shape) become findings and the rows are kept, so rows in = rows accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .._minne import gi_tilbake
from ..errors import InputError
from ..findings import Finding, Severity
from ..kontoplan import klassifiser_statskonto
from ..money import belop_tekst
from ..regelverk import FELLESKAP_ARTSKONTO, FELLESKAPITLER
from .dialect import (RawTable, fil_kolonne, kategori_per_rad, money_column, read_table, samle_rader, sjekk_sum,
                      slipp_kolonner)
from .koder import sum_per_kode

__all__ = ["SRapport", "Kilde", "load_srapport", "load_mellomvaerende_ib", "srapport_fra_frame"]

KOLONNER = ["ar", "periode", "statskonto", "kontotype", "kapittel", "post", "artskonto",
            "belop_ore", "tekst", "_file", "_row"]


@dataclass(frozen=True, slots=True)
class Kilde:
    """Provenance of one input file: path, rows read, SHA-256 and the sum of its amounts
    (``None`` where the file has no rows of amounts, e.g. a YAML of fullmakter)."""

    file: str
    rader: int | None
    sha256: str | None
    sum_ore: int | None


@dataclass(frozen=True, eq=False)
class SRapport:
    """One year of S-rapport rows, validated.  ``frame`` is never handed out mutable: use
    :meth:`to_frame`."""

    ar: int
    frame: pd.DataFrame = field(repr=False)
    findings: tuple[Finding, ...] = ()
    kilder: tuple[Kilde, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    @property
    def n_rader(self) -> int:
        return len(self.frame)

    def periodesummer(self) -> pd.Series:
        """Sum of each period in øre (0 in a balanced report)."""
        return self.frame.groupby("periode")["belop_ore"].sum()


def _codes(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Factorise a low-cardinality text column: validation and classification run once per
    distinct value (a year has hundreds of statskontoer, not millions)."""
    codes, uniques = pd.factorize(s.astype("string").fillna(""), sort=False)
    return codes, pd.Series(uniques, dtype="string").str.strip()


def _first_bad(raw: RawTable, codes: np.ndarray, bad_unique: np.ndarray) -> int:
    pos = int(np.flatnonzero(bad_unique[codes])[0])
    return int(raw.frame["_row"].iloc[pos]), pos


def _parse_periode(raw: RawTable) -> tuple[np.ndarray, np.ndarray]:
    codes, u = _codes(raw.frame["periode"])
    ok = u.str.fullmatch(r"\d{4}-?(0[1-9]|1[0-2])").fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        row, pos = _first_bad(raw, codes, ~ok)
        raise InputError(raw.file, row, "periode",
                         f"perioden {raw.frame['periode'].iloc[pos]!r} er ikke ÅÅÅÅ-MM (måned 01–12)")
    year = u.str.slice(0, 4).astype("int64").to_numpy()
    month = u.str.slice(-2).astype("int64").to_numpy()
    return year[codes], month[codes]


def _statskonto(raw: RawTable) -> tuple[np.ndarray, pd.Series]:
    f = raw.frame
    if "statskonto" in f.columns:
        return _codes(f["statskonto"])
    kap = f["kapittel"].astype("string").str.strip()
    post = f["post"].astype("string").str.strip()
    for col, s, width in (("kapittel", kap, 4), ("post", post, 2)):
        bad = ~s.str.fullmatch(rf"\d{{1,{width}}}").fillna(False)
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy(dtype=bool))[0])
            raise InputError(raw.file, int(f["_row"].iloc[pos]), col,
                             f"{s.iloc[pos]!r} er ikke et {col}nummer ({width} siffer)")
    return _codes(kap.str.zfill(4) + post.str.zfill(2))


def _flest(ar: pd.Series) -> int:
    """The value most rows have; on a tie the one that comes first."""
    antall = ar.value_counts(sort=False)
    beste = antall[antall == antall.max()].index
    return int(ar[ar.isin(beste)].iloc[0])


#: Statskonto (kapittel + post) of each felleskapittel → its underkonto (163301 → 1987, …),
#: from :data:`imdi_ledger.regelverk.FELLESKAPITLER`.
_FELLESKAP_UNDERKONTO: dict[str, str] = {f.kapittel + f.post: f.underkonto for f in FELLESKAPITLER}


def _artskonto(raw: RawTable, art_codes: np.ndarray, art: pd.Series, sk_codes: np.ndarray, sk: pd.Series,
               typ: pd.Series) -> pd.Categorical:
    """The artskonto of each row, checked: 3 or 4 digits; blank only on a konsernkonto row
    (60xxxx01/02, where the statskonto says it all); KS 198 on a felleskapittel's statskonto
    (163301, 530929, 570072 — as the state's reporting carries them) read as its underkonto
    (1987, 1985, 1986)."""
    f = raw.frame
    ok_u = art.str.fullmatch(r"\d{3,4}").fillna(False).to_numpy(dtype=bool)
    blank_u = (art == "").fillna(False).to_numpy(dtype=bool)
    kk_u = typ.isin(["kk_inn", "kk_ut"]).to_numpy(dtype=bool)
    bad = ~ok_u[art_codes] & ~(blank_u[art_codes] & kk_u[sk_codes])
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        row = int(f["_row"].iloc[pos])
        if blank_u[art_codes[pos]]:
            raise InputError(raw.file, row, "artskonto",
                             "artskontoen mangler; den kan bare stå tom på konsernkontoradene (60xxxx01/02)")
        raise InputError(raw.file, row, "artskonto",
                         f"artskontoen {f['artskonto'].iloc[pos]!r} er ikke 3 eller 4 siffer")
    # The column as categories made from the codes: each row's artskonto is a distinct value
    # of the file's, or on a felleskapittel's row the underkonto, added as values of their own.
    verdier = np.asarray(art, dtype=object)
    koder = art_codes
    under_u = sk.map(_FELLESKAP_UNDERKONTO).to_numpy(dtype=object)
    felles = (art == FELLESKAP_ARTSKONTO).fillna(False).to_numpy(dtype=bool)[art_codes] \
        & pd.notna(under_u)[sk_codes]
    if felles.any():
        under_koder, under = pd.factorize(under_u[sk_codes[felles]])
        koder = koder.copy()
        koder[felles] = len(verdier) + under_koder
        verdier = np.concatenate([verdier, np.asarray(under, dtype=object)])
    brukt = np.bincount(koder, minlength=len(verdier)) > 0
    if not brukt.all():   # a value every row of which became an underkonto is not a category
        koder = (np.cumsum(brukt) - 1)[koder]
        verdier = verdier[brukt]
    return kategori_per_rad(verdier, koder, "string")


def srapport_fra_frame(raw: RawTable, *, slipp: bool = False) -> tuple[pd.DataFrame, list[Finding]]:
    """Validate one read table into the S-rapport frame and its findings.  ``slipp``: drop each
    read column from ``raw`` once it is converted (for a table read for this alone)."""
    f = raw.frame
    if "statskonto" not in f.columns and not {"kapittel", "post"} <= set(f.columns):
        raise InputError(raw.file, 1, "statskonto",
                         "mangler kolonnen 'statskonto' (eller 'kapittel' og 'post')")
    ferdig = (lambda *k: slipp_kolonner(raw, *k)) if slipp else (lambda *k: None)
    ar, periode = _parse_periode(raw)
    ferdig("periode")
    belop = money_column(raw, "belop")
    ferdig("belop")
    sk_codes, sk = _statskonto(raw)
    ferdig("statskonto", "kapittel", "post")
    art_codes, art = _codes(f["artskonto"])
    typ = klassifiser_statskonto(sk)
    artskonto = _artskonto(raw, art_codes, art, sk_codes, sk, typ)
    ferdig("artskonto")
    f = raw.frame
    is_bev = (typ == "bevilgning").to_numpy(dtype=bool)
    out = pd.DataFrame({
        "ar": ar,
        "periode": periode,
        "statskonto": kategori_per_rad(sk, sk_codes),
        "kontotype": kategori_per_rad(typ, sk_codes),
        "kapittel": kategori_per_rad(sk.str[:4].where(is_bev), sk_codes),
        "post": kategori_per_rad(sk.str[4:6].where(is_bev), sk_codes),
        "artskonto": artskonto,
        "belop_ore": belop.to_numpy(dtype=np.int64),
        "tekst": (f["tekst"].astype("string").reset_index(drop=True) if "tekst" in f.columns
                  else pd.Series(pd.NA, index=range(len(f)), dtype="string")),
        "_file": fil_kolonne(raw.file, len(f)),
        "_row": f["_row"].to_numpy(),
    }, copy=False)
    findings: list[Finding] = []
    ukjent = out[out["kontotype"] == "ukjent"]
    for _, r in ukjent.iterrows():
        findings.append(Finding(
            rule="SRAPPORT-STATSKONTO", severity=Severity.ERROR,
            message=(f"statskonto {r['statskonto']!r} har ukjent form (ventet kkkkpp, 60xxxx01/02 "
                     "eller 70xxxx); beløpet er tatt med som «ikke klassifisert»"),
            statement="S-rapport", line=str(r["statskonto"]), actual_ore=int(r["belop_ore"]),
            reference="R-115; DFØ S-rapport filformat", file=str(r["_file"]), row=int(r["_row"]),
            column="statskonto"))
    return out, findings


def _balance_findings(frame: pd.DataFrame) -> list[Finding]:
    """One finding per file and period (of the report's one year) whose rows do not sum to 0,
    by file name and period: exact int64 sums per (file, period) code."""
    findings = []
    fk, filer = pd.factorize(frame["_file"])
    navn = [str(x) for x in np.asarray(filer, dtype=object)]
    ar_ = frame["ar"].to_numpy(dtype=np.int64)
    periode_ = frame["periode"].to_numpy(dtype=np.int64)
    a0 = int(ar_.min()) if len(ar_) else 0
    n_ar = int(ar_.max()) - a0 + 1 if len(ar_) else 1
    key = (fk.astype(np.int64) * n_ar + (ar_ - a0)) * 13 + periode_   # periode is 1–12
    sums = sum_per_kode(key, frame["belop_ore"].to_numpy(dtype=np.int64), max(len(navn), 1) * n_ar * 13)
    bad = np.flatnonzero(sums)
    rader = frame["_row"].to_numpy(dtype=np.int64)
    for k in sorted(bad, key=lambda k: (navn[k // (13 * n_ar)], k % (13 * n_ar))):
        file, ar, periode, total = navn[k // (13 * n_ar)], a0 + int(k // 13) % n_ar, int(k % 13), int(sums[k])
        rows = rader[key == k]
        findings.append(Finding(
            rule="SRAPPORT-PERIODE-BALANSE", severity=Severity.ERROR,
            message=(f"S-rapporten for {ar}-{periode:02d} summerer til {belop_tekst(int(total))} kr, ikke 0 "
                     f"(rad {int(rows.min())}–{int(rows.max())})"),
            statement="S-rapport", line=f"{ar}-{periode:02d}", expected_ore=0, actual_ore=int(total),
            reference="DFØ S-rapport: summen av alle transaksjoner i en rapport skal være null",
            file=str(file), row=int(rows.min()), column="belop"))
    return findings


def load_srapport(
    sources: str | Path | pd.DataFrame | Sequence[str | Path | pd.DataFrame],
    *,
    ar: int | None = None,
    name: str | None = None,
) -> SRapport:
    """Read one or more S-rapport files (CSV, Excel, Parquet) or frames for one year.

    All rows must belong to one year (``ar``, or the year of the first row); a row of another
    year raises :class:`InputError` naming it.
    """
    items: Iterable = sources if isinstance(sources, (list, tuple)) else [sources]
    frames, findings, kilder = [], [], []
    for src in items:
        raw = read_table(src, required=("periode", "artskonto", "belop"),
                         optional=("statskonto", "kapittel", "post", "tekst"), money=("belop",), name=name)
        frame, f = srapport_fra_frame(raw, slipp=True)
        frames.append(frame)
        findings.extend(f)
        kilder.append(Kilde(raw.file, raw.n_rows, raw.sha256, int(frame["belop_ore"].sum())))
        del frame, raw
        gi_tilbake()   # what reading and converting the file freed
    frame = samle_rader(frames) if frames else pd.DataFrame(columns=KOLONNER)
    if frame.empty:
        raise InputError(kilder[0].file if kilder else "S-rapport", None, None, "S-rapporten har ingen rader")
    if len(frames) > 1:   # each file is checked as it is read; here the files together
        sjekk_sum(frame["belop_ore"], frame["_row"], frame["_file"], "belop")
    # Without ``ar`` the year is the one most rows have (the first row's on a tie), so the row
    # named is the row of the other year, not the row after it when the first row is wrong.
    year = int(ar if ar is not None else _flest(frame["ar"]))
    other = frame["ar"] != year
    if other.any():
        r = frame[other].iloc[0]
        raise InputError(str(r["_file"]), int(r["_row"]), "periode",
                         f"raden gjelder {int(r['ar'])}, men S-rapporten er for {year}")
    findings = _balance_findings(frame) + findings
    return SRapport(year, frame, tuple(findings), tuple(kilder))


def load_mellomvaerende_ib(source: str | Path | pd.DataFrame, *, name: str | None = None) -> pd.DataFrame:
    """Opening balances of mellomværende (``statskonto;artskonto;belop``, optional ``dato``)
    as a frame with ``statskonto``, ``artskonto``, ``belop_ore``, ``_file``, ``_row``."""
    raw = read_table(source, required=("statskonto", "artskonto", "belop"), optional=("dato",),
                     money=("belop",), name=name)
    belop = money_column(raw, "belop")
    sk = raw.frame["statskonto"].astype("string").str.strip()
    typ = klassifiser_statskonto(sk)
    bad = typ != "mellomvaerende"
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy(dtype=bool))[0])
        raise InputError(raw.file, int(raw.frame["_row"].iloc[pos]), "statskonto",
                         f"{sk.iloc[pos]!r} er ikke en mellomværendekonto (70xxxx/71xxxx)")
    return pd.DataFrame({
        "statskonto": sk.to_numpy(),
        "artskonto": raw.frame["artskonto"].astype("string").str.strip().to_numpy(),
        "belop_ore": belop.to_numpy(dtype=np.int64),
        "_file": raw.frame["_file"].to_numpy(),
        "_row": raw.frame["_row"].to_numpy(),
    })
