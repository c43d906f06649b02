"""The contract register (``avtaler_ÅÅÅÅ.csv`` or ``.xlsx``): one row per agreement, from which
Note C «Oversikt over binding på framtidige års bevilgninger» is computed (``docs/note_c.md``).

Sources: R-115 (Finansdepartementet, «Bestemmelser om økonomistyring i staten», rundskriv R-115),
Note C «Oversikt over binding på framtidige års bevilgninger», in the layout of IMDi's årsregnskap
2025: three blocks, remaining duration per 31.12 in three buckets (inntil 1 år, 1–5 år, over 5 år),
årlig beløp, av neste års bevilgning, av senere års bevilgning and samlet binding.  The R-115
template text itself was not available (``docs/note_c.md``); the month and indexation rules below
are this library's, stated so that every figure of the note can be recomputed by hand.

Rules (:func:`binding`), for an agreement at 31.12 of the reporting year Y0:

* a month belongs to the agreement when the agreement covers the month's first day;
* a løpende agreement (``til`` empty) with notice n months covers the n months from 1 January
  Y0+1 (it ends on the last day of the n-th month);
* the remaining months («gjenværende måneder») run from January Y0+1 to the agreement's last
  month (an agreement that has not started yet counts the months until its end);
  ``inntil 1 år`` ≤ 12, ``1-5 år`` 13–60, ``over 5 år`` > 60;
* the annual amount of Y0 is ``arlig_belop``; each following year's annual amount is the previous
  year's × (1 + p/100), rounded to øre half away from zero each year (p = ``indeksering_prosent``,
  0 when blank);
* the amount of year Y = the annual amount of Y × the agreement's months in Y / 12, rounded to øre
  half away from zero;
* «av neste års bevilgning» = the amount of Y0+1, «av senere års bevilgning» = the sum of the
  amounts of all later years, «samlet» = their sum, «årlig beløp» = ``arlig_belop``.

Agreements that ended before 1 January Y0+1 are not in the note (finding ``NOTEC-AVTALE-UTLOPT``,
info).  A row whose ``til`` is before its ``fra`` is not in the note (``NOTEC-AVTALE-DATO``, error).
The same agreement name twice in a block is ``NOTEC-AVTALE-DOBBEL`` (error when the periods
overlap, so the binding would be counted twice; info otherwise); both rows are in the note.
Negative amounts and unreadable cells are :class:`~imdi_ledger.errors.InputError` (file, row,
column), as in the typed-in form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..findings import Finding, Severity
from .dialect import money_column, read_table
from .note_c import TITTEL, NoteCBlokk, NoteCInput, NoteCRad

__all__ = ["STANDARD_BLOKKER", "Binding", "Avtaleregister", "binding", "load_avtaler", "til_note_c"]

#: The standard blocks: id -> (title, header of the annual column).
STANDARD_BLOKKER: dict[str, tuple[str, str]] = {
    "leie_kontorlokaler": ("Avtaler om leie av kontorlokaler", "Årlig leiebeløp"),
    "andre_vesentlige_leieavtaler": ("Andre vesentlige leieavtaler", "Årlig leiebeløp"),
    "kjop_av_tjenester": ("Vesentlige avtaler om kjøp av tjenester", "Årlig beløp"),
}
REFERENCE = "R-115 Note C (binding på framtidige års bevilgninger); avtaleregister"
KOLONNER = ("avtale", "blokk", "fra", "til", "oppsigelse_mnd", "arlig_belop")
VALGFRIE = ("indeksering_prosent", "blokk_tittel", "blokk_fotnote")
#: Horizon: an agreement may bind at most this many years after the reporting year.
MAKS_AR = 100
_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")
_DATO = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- rules (pure) --------------------------------------------------------------------------------


def _rund(x: Decimal) -> int:
    """To whole øre, half away from zero."""
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _legg_til_mnd(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Binding:
    """One agreement's binding at 31.12 of ``ar``: remaining months, duration bucket and, per
    year from ``ar`` + 1, (year, months, annual amount øre, amount øre)."""

    ar: int
    maneder: int
    varighet: str
    arlig_ore: int
    per_ar: tuple[tuple[int, int, int, int], ...]

    @property
    def neste_ar_ore(self) -> int:
        return sum(b for y, _, _, b in self.per_ar if y == self.ar + 1)

    @property
    def senere_ar_ore(self) -> int:
        return sum(b for y, _, _, b in self.per_ar if y > self.ar + 1)

    @property
    def samlet_ore(self) -> int:
        return self.neste_ar_ore + self.senere_ar_ore


def varighet(maneder: int) -> str:
    """The duration bucket of a number of remaining months (≤ 12, 13–60, > 60)."""
    if maneder <= 12:
        return "inntil_1_ar"
    return "1_5_ar" if maneder <= 60 else "over_5_ar"


def slutt(til: date | None, oppsigelse_mnd: int | None, ar: int) -> date:
    """The agreement's last day: ``til``, or for a løpende agreement the last day of the n-th
    month from 1 January ``ar`` + 1."""
    if til is not None:
        return til
    return _legg_til_mnd(date(ar + 1, 1, 1), int(oppsigelse_mnd or 0)) - timedelta(days=1)


def binding(fra: date, til: date | None, oppsigelse_mnd: int | None, arlig_ore: int,
            indeksering_prosent: Decimal | int | str | None, ar: int) -> Binding:
    """The binding of one agreement at 31.12 of ``ar`` (rules in the module docstring)."""
    with localcontext() as ctx:
        ctx.prec = 80  # 100 years at +100 % a year stay exact
        return _binding(fra, til, oppsigelse_mnd, arlig_ore, indeksering_prosent, ar)


def _binding(fra: date, til: date | None, oppsigelse_mnd: int | None, arlig_ore: int,
             indeksering_prosent: Decimal | int | str | None, ar: int) -> Binding:
    siste = slutt(til, oppsigelse_mnd, ar)
    p = Decimal(str(indeksering_prosent or 0))
    faktor = 1 + p / 100
    per_ar: list[tuple[int, int, int, int]] = []
    arlig = arlig_ore
    maneder = 0
    y = ar + 1
    while date(y, 1, 1) <= siste:
        arlig = _rund(Decimal(arlig) * faktor)
        mnd = 0
        for m in range(1, 13):
            forste = date(y, m, 1)
            if fra <= forste <= siste:
                mnd += 1
                maneder = (y - ar - 1) * 12 + m
        if mnd:
            per_ar.append((y, mnd, arlig, _rund(Decimal(arlig) * mnd / 12)))
        y += 1
    return Binding(ar, maneder, varighet(maneder), arlig_ore, tuple(per_ar))


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Avtaleregister:
    """The register as read: one row per agreement with ``avtale``, ``blokk``, ``blokk_tittel``,
    ``blokk_fotnote``, ``fra``, ``til`` (``None`` = løpende), ``oppsigelse_mnd`` (``None`` when
    blank), ``arlig_ore``, ``indeksering_prosent`` (``Decimal``), ``_file`` and ``_row``."""

    frame: pd.DataFrame = field(repr=False)
    file: str
    ar: int
    sha256: str | None = None


def _tekst(v: object) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip()  # float ok


def _dato(v: object, file: str, row: int, column: str) -> date | None:
    s = _tekst(v)
    if not s or (column == "til" and s.casefold() == "løpende"):
        return None
    s = s[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", s) else s
    if not _DATO.fullmatch(s):
        raise InputError(file, row, column, f"ugyldig dato {s[:40]!r}; bruk ÅÅÅÅ-MM-DD (f.eks. 2026-12-31)")
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise InputError(file, row, column, f"datoen {s!r} finnes ikke") from None


def _ar_fra_navn(file: str) -> int | None:
    m = re.search(r"(\d{4})$", Path(file).stem)
    return int(m.group(1)) if m else None


def load_avtaler(source: str | Path | pd.DataFrame, ar: int | None = None, *, name: str | None = None) -> Avtaleregister:
    """Read the register (CSV, Excel or a DataFrame).  ``ar`` is the reporting year; by default
    it is taken from the file name (``avtaler_2025.csv``)."""
    raw = read_table(source, required=KOLONNER, optional=VALGFRIE, money=("arlig_belop",), name=name)
    file = raw.file
    if ar is None:
        ar = _ar_fra_navn(file)
        if ar is None:
            raise InputError(file, None, None, "finner ikke regnskapsåret; gi filen navnet avtaler_ÅÅÅÅ.csv")
    f = raw.frame
    if f.empty:
        return Avtaleregister(pd.DataFrame(columns=[*KOLONNER[:-1], "arlig_ore", "indeksering_prosent",
                                                    "blokk_tittel", "blokk_fotnote", "_file", "_row"]),
                              file, ar, raw.sha256)
    arlig = money_column(raw, "arlig_belop")
    records = []
    for i, (rec, ore) in enumerate(zip(f.to_dict("records"), arlig.tolist())):
        row = int(rec["_row"])
        avtale = _tekst(rec["avtale"])
        if not avtale:
            raise InputError(file, row, "avtale", "mangler navn på avtalen")
        blokk = _tekst(rec["blokk"]).lower()
        tittel = _tekst(rec.get("blokk_tittel"))
        if not _ID.fullmatch(blokk):
            raise InputError(file, row, "blokk", f"blokk-id {blokk[:40]!r} er ikke gyldig: bruk små bokstaver a–z, "
                                                 "tall og _ (f.eks. leie_kontorlokaler)")
        if blokk not in STANDARD_BLOKKER and not tittel:
            raise InputError(file, row, "blokk", f"ukjent blokk {blokk!r}; bruk {', '.join(STANDARD_BLOKKER)} "
                                                 "eller gi blokkens tittel i kolonnen blokk_tittel")
        fra = _dato(rec["fra"], file, row, "fra")
        if fra is None:
            raise InputError(file, row, "fra", "mangler fra-dato (første dag i avtalen)")
        til = _dato(rec["til"], file, row, "til")
        mnd_txt = _tekst(rec["oppsigelse_mnd"])
        mnd: int | None = None
        if mnd_txt:
            if not re.fullmatch(r"\d{1,4}", mnd_txt):
                raise InputError(file, row, "oppsigelse_mnd",
                                 f"oppsigelsestiden {mnd_txt[:40]!r} er ikke et helt antall måneder")
            mnd = int(mnd_txt)
        if mnd is not None and mnd > MAKS_AR * 12:
            raise InputError(file, row, "oppsigelse_mnd", f"oppsigelsestiden {mnd} måneder er mer enn {MAKS_AR} år")
        if til is not None and til.year > ar + MAKS_AR:
            raise InputError(file, row, "til", f"sluttdatoen {til.isoformat()} er mer enn {MAKS_AR} år etter {ar}")
        if til is None and mnd is None:
            raise InputError(file, row, "oppsigelse_mnd",
                             "løpende avtale (tom 'til') må ha oppsigelsestid i måneder")
        if int(ore) < 0:
            raise InputError(file, row, "arlig_belop", "årlig beløp kan ikke være negativt")
        p_txt = _tekst(rec.get("indeksering_prosent")).replace(",", ".").rstrip("%").strip()
        try:
            p = Decimal(p_txt) if p_txt else Decimal(0)
        except InvalidOperation:
            raise InputError(file, row, "indeksering_prosent",
                             f"indekseringen {p_txt[:40]!r} er ikke et tall (prosent, f.eks. 2,5)") from None
        if not p.is_finite() or p <= -100 or p > 100:
            raise InputError(file, row, "indeksering_prosent",
                             f"indekseringen {p_txt!r} må være et tall over -100 og høyst 100 (prosent per år)")
        records.append({"avtale": avtale, "blokk": blokk, "fra": fra, "til": til, "oppsigelse_mnd": mnd,
                        "arlig_ore": int(ore), "indeksering_prosent": p, "blokk_tittel": tittel or None,
                        "blokk_fotnote": _tekst(rec.get("blokk_fotnote")) or None, "_file": file, "_row": row})
    frame = pd.DataFrame.from_records(records).astype(object)
    frame = frame.where(frame.notna(), None)
    frame["arlig_ore"] = frame["arlig_ore"].astype("int64")
    frame["oppsigelse_mnd"] = frame["oppsigelse_mnd"].astype("Int64")
    frame["_row"] = frame["_row"].astype("int64")
    return Avtaleregister(frame, file, ar, raw.sha256)


def _v(x: object) -> object:
    """A frame cell as a plain value (``None`` for a missing one)."""
    return None if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and x != x) else x  # float ok


# --- into Note C ----------------------------------------------------------------------------------


def til_note_c(reg: Avtaleregister) -> NoteCInput:
    """The register as Note C input: one :class:`NoteCRad` per agreement in the note (with
    ``avtale``, ``file``, ``row`` and the agreement's dates and months), blocks in the standard
    order and then in the order they first appear, and the register's findings."""
    ar = reg.ar
    funn: list[Finding] = []
    per_blokk: dict[str, list[NoteCRad]] = {}
    titler: dict[str, str] = {}
    fotnoter: dict[str, str] = {}
    sett: dict[tuple[str, str], list[tuple[date, date, int]]] = {}
    for rec in reg.frame.to_dict("records"):
        rec = {k: _v(v) for k, v in rec.items()}
        blokk, row, file = rec["blokk"], int(rec["_row"]), rec["_file"]
        per_blokk.setdefault(blokk, [])
        tittel = rec["blokk_tittel"] or STANDARD_BLOKKER.get(blokk, (blokk, ""))[0]
        if blokk not in titler:
            titler[blokk] = tittel
        elif rec["blokk_tittel"] and rec["blokk_tittel"] != titler[blokk]:
            funn.append(Finding(
                rule="NOTEC-AVTALE-TITTEL", severity=Severity.WARNING, statement="note_c", line=blokk,
                message=f"blokken {blokk!r} har en annen tittel enn på en tidligere rad; den første brukes",
                reference=REFERENCE, file=file, row=row, column="blokk_tittel"))
        if rec["blokk_fotnote"] and blokk not in fotnoter:
            fotnoter[blokk] = rec["blokk_fotnote"]
        fra, til = rec["fra"], rec["til"]
        mnd = None if rec["oppsigelse_mnd"] is None else int(rec["oppsigelse_mnd"])
        navn = rec["avtale"]
        if til is not None and til < fra:
            funn.append(Finding(
                rule="NOTEC-AVTALE-DATO", severity=Severity.ERROR, statement="note_c", line=f"{blokk}: {navn}",
                message=f"avtalen «{navn}» slutter ({til.isoformat()}) før den begynner ({fra.isoformat()}); "
                        "den er ikke tatt med i noten",
                reference=REFERENCE, file=file, row=row, column="til"))
            continue
        if til is not None and til < date(ar + 1, 1, 1):
            funn.append(Finding(
                rule="NOTEC-AVTALE-UTLOPT", severity=Severity.INFO, statement="note_c", line=f"{blokk}: {navn}",
                message=f"avtalen «{navn}» gikk ut {til.isoformat()}, før 1. januar {ar + 1}; den binder ingen "
                        "framtidig bevilgning og er ikke tatt med i noten",
                reference=REFERENCE, file=file, row=row, column="til"))
            continue
        siste = slutt(til, mnd, ar)
        nokkel = (blokk, navn.casefold())
        for (f0, s0, r0) in sett.get(nokkel, []):
            overlapp = fra <= s0 and f0 <= siste
            funn.append(Finding(
                rule="NOTEC-AVTALE-DOBBEL", severity=Severity.ERROR if overlapp else Severity.INFO,
                statement="note_c", line=f"{blokk}: {navn}",
                message=f"avtalen «{navn}» står også på rad {r0}"
                        + ("; periodene overlapper, så bindingen telles to ganger" if overlapp
                           else "; periodene overlapper ikke, begge tas med"),
                reference=REFERENCE, file=file, row=row, column="avtale"))
        sett.setdefault(nokkel, []).append((fra, siste, row))
        b = binding(fra, til, mnd, int(rec["arlig_ore"]), rec["indeksering_prosent"], ar)
        per_blokk[blokk].append(NoteCRad(
            varighet=b.varighet, arlig_ore=b.arlig_ore, neste_ar_ore=b.neste_ar_ore, senere_ar_ore=b.senere_ar_ore,
            avtale=navn, file=file, row=row, fra=fra, til=til, oppsigelse_mnd=mnd, maneder=b.maneder))
    rekkefolge = [b for b in STANDARD_BLOKKER if b in per_blokk] + [b for b in per_blokk if b not in STANDARD_BLOKKER]
    blokker = tuple(
        NoteCBlokk(b, titler[b], tuple(per_blokk[b]), STANDARD_BLOKKER.get(b, ("", "Årlig beløp"))[1],
                   fotnoter.get(b))
        for b in rekkefolge)
    return NoteCInput(blokker, ar, TITTEL, reg.file, funn=tuple(funn), fra_register=True,
                      rader_lest=len(reg.frame), sha256=reg.sha256,
                      sum_lest_ore=int(reg.frame["arlig_ore"].sum()) if len(reg.frame) else 0)
