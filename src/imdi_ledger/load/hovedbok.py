"""Loaders for the SRS ledger: the *hovedbok* (one row per posting) and, as an alternative,
the *saldobalanse* (one row per account with opening and closing balance).

Rules (SRS virksomhetsregnskap; standard kontoplan R-102, see ``docs/srs.md``):

* Hovedbok columns ``bilag;dato;konto;belop;tekst`` plus optional ``kapittel;post;artskonto``
  (the statskonto dimension of postings reported to statsregnskapet).  ``dato`` is
  ``YYYY-MM-DD`` (a ``periode`` ``YYYY-MM`` is accepted instead and dated the last day of the
  month).  ``belop`` is kroner, debit positive.  Opening balances are bilag ``IB`` dated
  1 January.
* Every bilag must sum to 0 øre; an unbalanced bilag is a :class:`Finding` naming the file,
  its rows and the difference.  The rows are kept (rows in = rows accounted for).
* Saldobalanse columns ``konto;ib;ub`` (kroner, debit positive).
* Opening balances of a year on their own (``konto;ib``, :func:`load_inngaende_balanse`; the
  folder's ``saldobalanse_ib_ÅÅÅÅ.csv``): read as the bilag ``IB`` of a ledger that has none, for
  a first year on the ledger.

Unreadable input (missing column, bad date, bad amount, non-numeric konto) raises
:class:`InputError` naming file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from .._minne import gi_tilbake
from ..errors import InputError
from ..findings import Finding, Severity
from .dialect import (RawTable, fil_kolonne, kategori_per_rad, money_column, read_table, samle_rader, sjekk_sum,
                      slipp_kolonner, tekst_per_rad)
from .koder import husk, kodetype, sum_per_kode

__all__ = ["Hovedbok", "Saldobalanse", "load_hovedbok", "load_saldobalanse", "load_inngaende_balanse",
           "med_inngaende_balanse", "bilag_findings", "saldobalanse_per_konto", "IB_BILAG", "Radkoder", "radkoder",
           "ar_posisjoner", "som_lastet", "NOKKELKOLONNER"]

IB_BILAG = "IB"
KOLONNER = ["bilag", "dato", "ar", "konto", "belop_ore", "tekst", "kapittel", "post",
            "artskonto", "_file", "_row"]

Source = str | Path | pd.DataFrame

#: The ledger's key columns: categories of text, sorted (a code per row and each text once).
NOKKELKOLONNER = ("konto", "kapittel", "post", "artskonto")


@dataclass(frozen=True, eq=False)
class Hovedbok:
    """Validated ledger postings (one or more files).  ``frame`` columns: ``KOLONNER``."""

    frame: pd.DataFrame = field(repr=False)
    findings: tuple[Finding, ...] = ()
    filer: tuple[tuple[str, int, str | None], ...] = ()   # (file, rows, sha256)

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    @property
    def n_rader(self) -> int:
        return len(self.frame)

    @property
    def ar(self) -> tuple[int, ...]:
        return tuple(sorted(int(a) for a in self.frame["ar"].unique()))

    @staticmethod
    def samle(deler: "Sequence[Hovedbok]") -> "Hovedbok":
        """One ledger of several loaded parts (e.g. one SAF-T file per year).  Like every
        loaded input, the parts together stay within the sum bound of
        :data:`~imdi_ledger.money.MAKS_ORE` (:class:`InputError` otherwise)."""
        frame = samle_rader([som_lastet(d.frame) for d in deler])
        sjekk_sum(frame["belop_ore"], frame["_row"], frame["_file"], "belop")
        return Hovedbok(frame=frame,
                        findings=tuple(f for d in deler for f in d.findings),
                        filer=tuple(x for d in deler for x in d.filer))


@dataclass(frozen=True, eq=False)
class Saldobalanse:
    """Per-account opening (``ib_ore``) and closing (``ub_ore``) balance for one year."""

    ar: int
    frame: pd.DataFrame = field(repr=False)
    file: str = "<saldobalanse>"
    findings: tuple[Finding, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()


def som_lastet(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the column types the hovedbok loaders give, whatever made it: the key
    columns (:data:`NOKKELKOLONNER`) as sorted categories of text, ``_file`` as categories in
    the order the files occur, ``tekst`` as text.  A column already of that kind is left as it
    is, so a ledger joined from parts read in different forms (CSV, SAF-T, opening balances)
    has the columns each part has alone."""
    ny: dict[str, object] = {}
    for c in NOKKELKOLONNER:
        if c in frame.columns and not isinstance(frame[c].dtype, pd.CategoricalDtype):
            ny[c] = pd.Categorical(frame[c].astype(_TEKST_DTYPE))   # sorted; a missing value stays missing
    if "_file" in frame.columns and not isinstance(frame["_file"].dtype, pd.CategoricalDtype):
        filer = frame["_file"].astype(object)
        ny["_file"] = pd.Categorical(filer, categories=pd.Index(pd.unique(filer.dropna()), dtype=object))
    if "tekst" in frame.columns and frame["tekst"].dtype != _TEKST_DTYPE:
        ny["tekst"] = frame["tekst"].astype(_TEKST_DTYPE)
    return frame.assign(**ny) if ny else frame


def _unike(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """A text column as codes into its distinct values (blank for a missing cell): checks and
    conversions run once per distinct value, and the rows share one Python object per value."""
    codes, uniques = pd.factorize(s.astype("string").fillna(""), sort=False)
    return codes, pd.Series(uniques, dtype="string")


def _ta(verdier: pd.Series | np.ndarray, codes: np.ndarray) -> np.ndarray:
    """One object per row, taken from the per-value objects (shared, not copied)."""
    return np.asarray(verdier, dtype=object)[codes] if len(codes) else np.zeros(0, dtype=object)


#: How pandas stores a column of Python strings: its Arrow-backed ``str`` dtype.
_TEKST_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def _ta_tekst(verdier: pd.Series | np.ndarray, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A text column in the dtype pandas gives a column of strings."""
    return tekst_per_rad(verdier, codes, _TEKST_DTYPE)


def _kategori(verdier: pd.Series | np.ndarray, codes: np.ndarray) -> pd.Categorical:
    return kategori_per_rad(verdier, codes, _TEKST_DTYPE)


def _konto_column(raw: RawTable, kategori: bool = False) -> pd.Series:
    codes, u = _unike(raw.frame["konto"])
    u = u.str.strip()
    ok_u = u.str.fullmatch(r"\d{3,}").fillna(False).to_numpy(dtype=bool)
    ok = ok_u[codes]
    if not ok.all():
        pos = int(np.flatnonzero(~ok)[0])
        raise InputError(raw.file, int(raw.frame["_row"].iloc[pos]), "konto",
                         f"kontonummeret {raw.frame['konto'].iloc[pos]!r} er ikke 3 eller flere siffer")
    if kategori:
        return pd.Series(_kategori(u, codes), index=raw.frame.index)
    return pd.Series(_ta(u, codes), index=raw.frame.index, dtype=object)


def _date_column(raw: RawTable) -> tuple[np.ndarray, np.ndarray]:
    """Each row's date (``datetime.date``) and year, parsed once per distinct value."""
    f = raw.frame
    if "dato" in f.columns:
        col = "dato"
        codes, text = _unike(f["dato"])
        parsed = pd.to_datetime(text.str.strip(), format="%Y-%m-%d", errors="coerce")
    elif "periode" in f.columns:
        col = "periode"
        codes, text = _unike(f["periode"])
        parsed = pd.to_datetime(text.str.strip(), format="%Y-%m", errors="coerce") + pd.offsets.MonthEnd(0)
    else:
        raise InputError(raw.file, 1, "dato", "mangler kolonnen 'dato' (eller 'periode')")
    bad = parsed.isna().to_numpy(dtype=bool)[codes]
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise InputError(raw.file, int(f["_row"].iloc[pos]), col,
                         f"datoen {f[col].iloc[pos]!r} er ikke på formen "
                         + ("ÅÅÅÅ-MM-DD" if col == "dato" else "ÅÅÅÅ-MM"))
    datoer = pd.Series(parsed)
    return _ta(datoer.dt.date, codes), datoer.dt.year.to_numpy(dtype=np.int64)[codes]


def _text(raw: RawTable, col: str, fyll=None, kategori: bool = False):  # noqa: ANN001,ANN201 - fyll: str -> str
    if col not in raw.frame.columns:
        verdi = np.array(["" if fyll is None else fyll("")], dtype=object)
        return _kategori(verdi, np.zeros(raw.n_rows, dtype=np.int64)) if kategori \
            else _ta_tekst(verdi, np.zeros(raw.n_rows, dtype=np.int64))
    codes, u = _unike(raw.frame[col])
    u = u.str.strip().astype(object)
    if fyll is not None:
        u = u.map(fyll)
    return _kategori(u, codes) if kategori else _ta_tekst(u, codes)


def _bilag_column(raw: RawTable) -> tuple[np.ndarray, pd.Series]:
    """Each row's bilag as a code into the distinct bilag numbers (trimmed), and those numbers:
    the column is factorised once, on Arrow's strings, and the codes are what the bilag
    balance is summed over."""
    codes, u = _unike(raw.frame["bilag"])
    trimmed = u.str.strip()
    if (trimmed != u).any():
        # two spellings that trim to the same number (" 12" and "12") are one bilag
        c2, trimmed = pd.factorize(trimmed, sort=False)
        codes = c2[codes] if len(codes) else codes
    return codes, pd.Series(np.asarray(trimmed, dtype=object), dtype=object)


def _one_file(source: Source, name: str | None) -> tuple[pd.DataFrame, RawTable, list[Finding]]:
    """One file's postings (``KOLONNER``), as read, and its unbalanced bilag."""
    raw = read_table(source, required=("bilag", "konto", "belop"),
                     optional=("dato", "periode", "tekst", "kapittel", "post", "artskonto"),
                     money=("belop",), name=name or "hovedbok")
    # each read column is let go of once converted: the file's text is not held beside the frame
    dato, ar = _date_column(raw)
    slipp_kolonner(raw, "dato", "periode")
    bilag_codes, bilagene = _bilag_column(raw)
    slipp_kolonner(raw, "bilag")
    konto = _konto_column(raw, kategori=True)
    slipp_kolonner(raw, "konto")
    belop = money_column(raw, "belop")
    slipp_kolonner(raw, "belop")
    frame = pd.DataFrame({
        "bilag": pd.Series(_ta(bilagene, bilag_codes), index=raw.frame.index, dtype=object),
        "dato": pd.Series(dato, index=raw.frame.index, dtype=object),
        "ar": ar,
        "konto": konto,
        "belop_ore": belop,
        "tekst": _text(raw, "tekst"),
        "kapittel": _text(raw, "kapittel", lambda v: v.zfill(4) if v else "", kategori=True),
        "post": _text(raw, "post", lambda v: v.zfill(2) if v else "", kategori=True),
        "artskonto": _text(raw, "artskonto", kategori=True),
        "_file": fil_kolonne(raw.file, raw.n_rows),
        "_row": raw.frame["_row"].astype("int64"),
    }, index=raw.frame.index, copy=False).reset_index(drop=True)
    tom = np.flatnonzero(np.asarray(bilagene, dtype=object) == "")
    if len(tom):
        pos = int(np.flatnonzero(bilag_codes == tom[0])[0])
        raise InputError(raw.file, int(frame["_row"].iloc[pos]), "bilag", "bilagsnummeret er tomt")
    funn = _ubalanserte_bilag(raw.file, bilag_codes, bilagene, belop.to_numpy(dtype=np.int64),
                              frame["_row"].to_numpy(dtype=np.int64))
    return frame, raw, funn


def _ubalanserte_bilag(file: str, codes: np.ndarray, bilagene: pd.Series, belop: np.ndarray,
                       rader: np.ndarray) -> list[Finding]:
    """The bilag of one file whose postings do not sum to 0 øre, in the order they first occur:
    exact int64 sums per bilag code (``np.add.at``, no hash table over the rows), and each such
    bilag's rows gathered by one sort."""
    if not len(codes):
        return []
    sums = sum_per_kode(codes, belop, int(codes.max()) + 1)
    bad_k = np.flatnonzero(sums)
    if not len(bad_k):
        return []
    pos = np.flatnonzero(np.isin(codes, bad_k))
    pos = pos[np.argsort(codes[pos], kind="stable")]
    k_sortert = codes[pos]
    fra, til = np.searchsorted(k_sortert, bad_k, "left"), np.searchsorted(k_sortert, bad_k, "right")
    verdier = np.asarray(bilagene, dtype=object)
    # in the order of each bilag's first row
    return _bilag_findings([(file, verdier[bad_k[i]], sums[bad_k[i]], rader[pos[fra[i]:til[i]]].tolist())
                            for i in np.argsort(pos[fra], kind="stable")])


def bilag_findings(frame: pd.DataFrame) -> list[Finding]:
    """One finding per bilag whose postings do not sum to 0 øre."""
    fk, filer = pd.factorize(frame["_file"])
    bk, bilagene = pd.factorize(frame["bilag"])
    if len(fk) and ((fk < 0).any() or (bk < 0).any()):
        return _bilag_findings_etter_navn(frame)
    belop = frame["belop_ore"].to_numpy(dtype=np.int64)
    rader = frame["_row"].to_numpy(dtype=np.int64)
    if len(filer) <= 1:
        return _ubalanserte_bilag(filer[0] if len(filer) else "", bk, pd.Series(bilagene, dtype=object),
                                  belop, rader)
    # the bilag of each file in the order the files' rows first occur
    ut: list[Finding] = []
    for i, file in enumerate(filer):
        m = fk == i
        ut.extend(_ubalanserte_bilag(file, bk[m], pd.Series(bilagene, dtype=object), belop[m], rader[m]))
    return ut


def _bilag_findings_etter_navn(frame: pd.DataFrame) -> list[Finding]:
    sums = frame.groupby(["_file", "bilag"], sort=False)["belop_ore"].sum()
    bad = sums[sums != 0]
    return _bilag_findings([(file, bilag, diff, frame.loc[(frame["_file"] == file) & (frame["bilag"] == bilag),
                                                              "_row"].tolist())
                            for (file, bilag), diff in bad.items()])


def _bilag_findings(funnet: list[tuple[object, object, object, list[int]]]) -> list[Finding]:
    out: list[Finding] = []
    for file, bilag, diff, rows in funnet:
        shown = ", ".join(str(r) for r in rows[:20]) + (" …" if len(rows) > 20 else "")
        out.append(Finding(
            rule="SRS-HB-01", severity=Severity.ERROR,
            message=f"bilag {bilag} går ikke i null (rader {shown})",
            statement="hovedbok", line=str(bilag), expected_ore=0, actual_ore=int(diff),
            reference="Dobbelt bokføring: hvert bilag summerer til 0", file=str(file),
            row=int(rows[0]), column="belop"))
    return out


def load_hovedbok(sources: Source | Sequence[Source], *, name: str | None = None) -> Hovedbok:
    """Read one or more hovedbok files (e.g. one per year) into a :class:`Hovedbok`."""
    if isinstance(sources, (str, Path, pd.DataFrame)):
        sources = [sources]
    frames: list[pd.DataFrame] = []
    filer: list[tuple[str, int, str | None]] = []
    findings: list[Finding] = []
    for src in sources:
        f, raw, funn = _one_file(src, name)
        frames.append(f)
        filer.append((raw.file, raw.n_rows, raw.sha256))
        findings.extend(funn)   # a bilag is balanced within its file
        del f, raw
        gi_tilbake()   # what reading and converting the file freed
    frame = samle_rader(frames) if len(frames) > 1 else frames[0] if frames \
        else pd.DataFrame(columns=KOLONNER)
    if len(frames) > 1:   # each file is checked as it is read; here the files together
        sjekk_sum(frame["belop_ore"], frame["_row"], frame["_file"], "belop")
    return Hovedbok(frame=frame, findings=tuple(findings), filer=tuple(filer))


@dataclass(frozen=True, eq=False)
class Radkoder:
    """Integer keys of a ledger's rows, worked out once per ledger and shared by the SRS
    statements and Note 7A: ``konto`` is each row's index into ``kontoer`` (the distinct
    accounts, sorted), ``ib`` marks the rows of bilag ``IB``.  Group-bys over these codes are
    sums over integers (``numpy.add.at`` on ``int64``), not hash group-bys over text."""

    konto: np.ndarray
    kontoer: np.ndarray
    ib: np.ndarray


def radkoder(hb: Hovedbok) -> Radkoder:
    """The :class:`Radkoder` of ``hb`` (computed on first use and kept with the ledger)."""
    def lag() -> Radkoder:
        frame = hb.frame
        codes, kontoer = pd.factorize(frame["konto"], sort=True, use_na_sentinel=False)
        return Radkoder(konto=codes.astype(kodetype(len(kontoer)), copy=False),
                        kontoer=np.asarray(kontoer, dtype=object), ib=(frame["bilag"] == IB_BILAG).to_numpy(dtype=bool))
    return husk(hb, "radkoder", lag)


def ar_posisjoner(hb: Hovedbok, ar: int) -> np.ndarray | None:
    """Positions of the rows of year ``ar`` in the ledger's frame; ``None`` when every row is of
    that year (no index array, no copy)."""
    mask = (hb.frame["ar"] == int(ar)).to_numpy(dtype=bool)
    return None if mask.all() else np.flatnonzero(mask)


def saldobalanse_per_konto(hovedbok: Hovedbok, ar: int | None = None) -> pd.DataFrame:
    """The trial balance of the ledger: per konto (sorted) the opening balance ``ib_ore`` (bilag
    ``IB``), the movement ``bevegelse_ore`` (every other posting) and ``ub_ore`` = IB + movement,
    in øre (``int64``, exact: the loaders bound every sum by :data:`~imdi_ledger.money.MAKS_ORE`).
    ``ar``: only the postings dated in that year (default: all of them).  Summed over the
    ledger's shared integer codes (:func:`radkoder`)."""
    rk = radkoder(hovedbok)
    pos = ar_posisjoner(hovedbok, ar) if ar is not None else None
    koder = rk.konto if pos is None else rk.konto[pos]
    ib = rk.ib if pos is None else rk.ib[pos]
    belop = hovedbok.frame["belop_ore"].to_numpy(dtype=np.int64)
    belop = belop if pos is None else belop[pos]
    n = len(rk.kontoer)
    finnes = np.bincount(koder, minlength=n) > 0
    ib_ore = sum_per_kode(koder[ib], belop[ib], n)[finnes]
    ub_ore = sum_per_kode(koder, belop, n)[finnes]
    return pd.DataFrame({"konto": rk.kontoer[finnes], "ib_ore": ib_ore,
                         "bevegelse_ore": ub_ore - ib_ore, "ub_ore": ub_ore})


def load_saldobalanse(source: Source, ar: int, *, name: str | None = None) -> Saldobalanse:
    """Read a saldobalanse ``konto;ib;ub`` for year ``ar``.  A konto listed twice is summed
    (with an info finding); the total of ``ub`` should be 0 (finding otherwise)."""
    raw = read_table(source, required=("konto", "ib", "ub"), optional=("tekst",),
                     money=("ib", "ub"), name=name or "saldobalanse")
    frame = pd.DataFrame({
        "konto": _konto_column(raw),
        "ib_ore": money_column(raw, "ib", allow_blank=True),
        "ub_ore": money_column(raw, "ub", allow_blank=True),
        "_file": raw.frame["_file"].astype(object),
        "_row": raw.frame["_row"].astype("int64"),
    })
    findings: list[Finding] = []
    dup = frame["konto"].duplicated(keep=False)
    for konto in frame.loc[dup, "konto"].unique():
        rows = frame.loc[frame["konto"] == konto, "_row"].tolist()
        findings.append(Finding(
            rule="SRS-SB-02", severity=Severity.INFO,
            message=f"konto {konto} står på flere rader {rows}; beløpene er summert",
            statement="saldobalanse", line=str(konto), file=raw.file, row=int(rows[0]),
            column="konto"))
    for col in ("ib_ore", "ub_ore"):
        total = int(frame[col].sum())
        if total != 0:
            findings.append(Finding(
                rule="SRS-SB-01", severity=Severity.ERROR,
                message=f"saldobalansen går ikke i null ({col[:2].upper()})",
                statement="saldobalanse", expected_ore=0, actual_ore=total,
                reference="Dobbelt bokføring", file=raw.file, column=col[:2]))
    return Saldobalanse(ar=int(ar), frame=frame, file=raw.file, findings=tuple(findings))


def load_inngaende_balanse(source: Source, ar: int, *, name: str | None = None) -> Hovedbok:
    """Opening balances at 1 January ``ar`` per konto (``konto;ib``, kroner, debit positive;
    optional ``tekst``) as the ledger's bilag ``IB`` dated 1 January: a :class:`Hovedbok` to join
    to the year's postings with :func:`med_inngaende_balanse`.  Every SRS statement then reads
    the opening balance from it as from an IB bilag in the hovedbok.  A blank ``ib`` is 0; the
    balances must sum to 0 (finding ``SRS-HB-01`` on bilag IB otherwise)."""
    raw = read_table(source, required=("konto", "ib"), optional=("tekst",), money=("ib",),
                     name=name or "saldobalanse_ib")
    n = raw.n_rows
    tekst = _text(raw, "tekst", lambda v: v or "Inngående balanse")
    frame = pd.DataFrame({
        "bilag": [IB_BILAG] * n,
        "dato": [pd.Timestamp(int(ar), 1, 1).date()] * n,
        "ar": np.full(n, int(ar), dtype=np.int64),
        "konto": _konto_column(raw),
        "belop_ore": money_column(raw, "ib", allow_blank=True),
        "tekst": tekst,
        "kapittel": [""] * n,
        "post": [""] * n,
        "artskonto": [""] * n,
        "_file": raw.frame["_file"].astype(object),
        "_row": raw.frame["_row"].astype("int64"),
    }, index=raw.frame.index)
    frame = som_lastet(frame[KOLONNER].reset_index(drop=True))
    return Hovedbok(frame=frame, findings=tuple(bilag_findings(frame)), filer=((raw.file, n, raw.sha256),))


def med_inngaende_balanse(hovedbok: Hovedbok, ib: Hovedbok) -> Hovedbok:
    """``hovedbok`` with the opening balances ``ib`` (:func:`load_inngaende_balanse`) as its
    bilag IB.  A year whose ledger already has a bilag IB would get its opening balance twice:
    an :class:`InputError` naming both files."""
    hb = hovedbok.frame
    for ar in sorted(int(a) for a in ib.frame["ar"].unique()):
        dobbel = hb[(hb["ar"] == ar) & (hb["bilag"] == IB_BILAG)]
        if not dobbel.empty:
            ib_fil = str(ib.frame.loc[ib.frame["ar"] == ar, "_file"].iloc[0])
            raise InputError(ib_fil, None, None,
                             f"inngående balanse {ar} står både i {ib_fil} og som bilag {IB_BILAG} i "
                             f"{dobbel['_file'].iloc[0]} (rad {int(dobbel['_row'].iloc[0])}); gi den ett sted")
    return Hovedbok.samle([ib, hovedbok])

