"""The neutral table model behind every statement and note.

Every oppstilling (R-115) and SRS statement or note is one or more :class:`Tabell`: a
title, declared columns (text or money), and rows with a stable ``line_id`` and a
``kind`` (``header``, ``line``, ``sum``, ``netto``).  Money columns hold integer øre
(nullable ``Int64``: a blank cell in the printed statement is ``<NA>``, not 0).  The text,
JSON and Excel renderers read only this model.

Sum structure: every ``sum``/``netto`` row carries its terms (:class:`Ledd`: a line id, a sign
and, for a row of another table, that table's id), declared once by the builder and checked in
:meth:`Tabell.bygg` (a term of the same table exists and comes before the sum row; a term of
another table exists in the table handed over in ``andre``).  For every money column the terms
apply to (all money columns unless ``sumkolonner`` names some for the row), the row's value is
Σ fortegn × term value, a blank term counting as 0; a blank sum cell means every term in that
column is blank.  Every sum/netto row has an entry in ``summer`` (an empty tuple is an empty
sum, 0) or is declared in ``verdirader`` (a value the builder computes otherwise; the workbook
writes it as a value).  :func:`kontroller_summer` checks the arithmetic of computed
tables against these terms; the workbook writes its formulas from them.

The one reference upwards is deliberate: ``str(tabell)`` and the notebook display call the
text renderer lazily, so a statement prints in R-115 layout wherever it is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Literal, Mapping, Sequence

import pandas as pd

from .findings import Finding, Severity
from .money import ore_array

__all__ = ["Kolonne", "Ledd", "Tabell", "RowKind", "tabeller_i", "kontroller_summer", "parse_ledd",
           "SUM_REGEL"]

#: Rule id of the findings of :func:`kontroller_summer`.
SUM_REGEL = "TABELL-SUM"

RowKind = Literal["header", "line", "sum", "netto"]


@dataclass(frozen=True, slots=True)
class Kolonne:
    """A declared column: its frame name, its Norwegian header, and whether it holds øre."""

    navn: str
    overskrift: str
    penger: bool = False


@dataclass(frozen=True, slots=True)
class Ledd:
    """One term of a sum or netto row: the row ``linje`` with sign ``fortegn`` (+1 adds, −1
    subtracts), in the same table or, when ``tabell`` is set, in the table with that id (the
    same column name there)."""

    linje: str
    fortegn: int = 1
    tabell: str | None = None

    def __post_init__(self) -> None:
        if self.fortegn not in (1, -1):
            raise ValueError(f"fortegn må være 1 eller -1, ikke {self.fortegn!r}")

    def tekst(self) -> str:
        """``sum_a``, ``-sum_b``, ``bevilgning_utgifter:sum_utgiftsfort``; a line id with a space,
        colon or quote is quoted (``"anlegg:programvare"``, ``-"0670 01"``)."""
        linje = f'"{self.linje}"' if _SPESIAL.search(self.linje) else self.linje
        ref = f"{self.tabell}:{linje}" if self.tabell else linje
        return ref if self.fortegn > 0 else "-" + ref


_SPESIAL = re.compile(r'[\s:"]')
_LEDD_RE = re.compile(r'(-?)(?:([^\s:"]+):)?("[^"]*"|[^\s:"]+)(?=\s|$)')


def parse_ledd(tekst: str) -> tuple[Ledd, ...]:
    """The terms written as text (:meth:`Ledd.tekst`, space separated): ``a -b tabell:c``."""
    out = []
    pos = 0
    tekst = (tekst or "").strip()
    while pos < len(tekst):
        m = _LEDD_RE.match(tekst, pos)
        if m is None:
            raise ValueError(f"ugyldig ledd i {tekst!r} fra posisjon {pos}")
        linje = m.group(3)[1:-1] if m.group(3).startswith('"') else m.group(3)
        out.append(Ledd(linje, -1 if m.group(1) else 1, m.group(2)))
        pos = m.end()
        while pos < len(tekst) and tekst[pos].isspace():
            pos += 1
    return tuple(out)


@dataclass(frozen=True, eq=False)
class Tabell:
    """An immutable table of a statement.  ``rader`` is never handed out; use
    :meth:`to_frame` for a copy.

    ``summer`` maps each sum/netto line id to its terms; ``sumkolonner`` restricts, per line id,
    the money columns the terms apply to (the other money columns of that row are blank or
    given values); ``verdirader`` are sum/netto rows declared as values without terms."""

    id: str
    tittel: str
    kolonner: tuple[Kolonne, ...]
    rader: pd.DataFrame = field(repr=False)
    fotnoter: tuple[str, ...] = ()
    summer: Mapping[str, tuple[Ledd, ...]] = field(default_factory=dict, repr=False)
    sumkolonner: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    verdirader: frozenset[str] = field(default_factory=frozenset, repr=False)

    @staticmethod
    def bygg(
        id: str,
        tittel: str,
        kolonner: Sequence[Kolonne],
        rows: Iterable[Mapping[str, object]],
        fotnoter: Sequence[str] = (),
        *,
        summer: Mapping[str, Sequence[Ledd]] | None = None,
        sumkolonner: Mapping[str, Sequence[str]] | None = None,
        verdirader: Iterable[str] = (),
        andre: Sequence["Tabell"] = (),
    ) -> "Tabell":
        """Build from row dicts with ``line_id``, ``kind`` and the declared columns, and the
        terms of every sum/netto row (``summer``; see the module docstring).  ``andre`` are
        the tables that terms with a ``tabell`` refer to."""
        names = ["line_id", "kind"] + [k.navn for k in kolonner]
        rows = list(rows)
        frame = pd.DataFrame(rows, columns=names)
        for k in kolonner:
            if k.penger:
                # From the row values themselves: a frame column of ints and blanks is float.
                frame[k.navn] = ore_array([r.get(k.navn) for r in rows])
            else:
                frame[k.navn] = frame[k.navn].astype(object).where(frame[k.navn].notna(), None)
        if frame["line_id"].duplicated().any():
            dup = frame.loc[frame["line_id"].duplicated(), "line_id"].tolist()
            raise ValueError(f"tabell {id}: line_id gjentatt: {dup}")
        summer_t = {str(k): tuple(v) for k, v in (summer or {}).items()}
        sumkol_t = {str(k): tuple(v) for k, v in (sumkolonner or {}).items()}
        verdi = frozenset(verdirader)
        _valider_summer(id, frame, kolonner, summer_t, sumkol_t, verdi, andre)
        return Tabell(id, tittel, tuple(kolonner), frame.reset_index(drop=True), tuple(fotnoter),
                      summer_t, sumkol_t, verdi)

    def to_frame(self, med_ledd: bool = False) -> pd.DataFrame:
        """A copy of the rows; with ``med_ledd`` a text column ``summerer`` after ``kind``
        holding each sum/netto row's terms (:meth:`ledd_tekst`)."""
        f = self.rader.copy()
        if med_ledd:
            f.insert(2, "summerer", [self.ledd_tekst(lid) for lid in f["line_id"]])
        return f

    def ledd(self, line_id: str) -> tuple[Ledd, ...]:
        """The terms of a sum/netto row (empty for other rows and value rows)."""
        return self.summer.get(line_id, ())

    def pengekolonner(self) -> list[str]:
        return [k.navn for k in self.kolonner if k.penger]

    def ledd_kolonner(self, line_id: str) -> tuple[str, ...]:
        """The money columns where ``line_id``'s value is the sum of its terms."""
        if line_id not in self.summer:
            return ()
        return self.sumkolonner.get(line_id, tuple(self.pengekolonner()))

    def ledd_tekst(self, line_id: str) -> str:
        """The terms as text: ``sum_a -sum_b bevilgning_utgifter:sum_utgiftsfort``, followed by
        ``[regnskap]`` when they apply to some money columns only; ``verdi`` for a declared
        value row; empty for other rows."""
        if line_id in self.verdirader:
            return "verdi"
        if line_id not in self.summer:
            return ""
        text = " ".join(l.tekst() for l in self.summer[line_id])
        if line_id in self.sumkolonner:
            text += " [" + " ".join(self.sumkolonner[line_id]) + "]"
        return text

    @property
    def line_ids(self) -> list[str]:
        return self.rader["line_id"].tolist()

    def verdi(self, line_id: str, kolonne: str) -> int | None:
        """The amount (øre) of one cell, ``None`` when blank."""
        hit = self.rader.loc[self.rader["line_id"] == line_id, kolonne]
        if hit.empty:
            raise KeyError(f"tabell {self.id}: ingen linje {line_id!r}")
        v = hit.iloc[0]
        return None if pd.isna(v) else int(v)

    def har_linje(self, line_id: str) -> bool:
        return bool((self.rader["line_id"] == line_id).any())

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        from .render.text import frame_for_display

        return f"<h4>{self.tittel}</h4>" + frame_for_display(self).to_html(index=False)

    def __str__(self) -> str:
        from .render.text import render_tabell

        return render_tabell(self)


def _valider_summer(id: str, frame: pd.DataFrame, kolonner: Sequence[Kolonne],
                    summer: Mapping[str, tuple[Ledd, ...]], sumkolonner: Mapping[str, tuple[str, ...]],
                    verdirader: frozenset[str], andre: Sequence["Tabell"]) -> None:
    pos = {lid: i for i, lid in enumerate(frame["line_id"])}
    kind = dict(zip(frame["line_id"], frame["kind"]))
    money = {k.navn for k in kolonner if k.penger}
    other = {t.id: t for t in andre}
    for lid, k in kind.items():
        if k in ("sum", "netto") and lid not in summer and lid not in verdirader:
            raise ValueError(f"tabell {id}: {k}-rad {lid!r} har ingen ledd (eller erklæres som verdirad)")
    for lid in verdirader:
        if kind.get(lid) not in ("sum", "netto") or lid in summer:
            raise ValueError(f"tabell {id}: verdirad {lid!r} er ingen sum-/nettorad uten ledd")
    for lid, cols in sumkolonner.items():
        if lid not in summer or not set(cols) <= money:
            raise ValueError(f"tabell {id}: sumkolonner for {lid!r}: {cols} er ikke pengekolonner i en sumrad")
    for lid, ledd in summer.items():
        if kind.get(lid) not in ("sum", "netto"):
            raise ValueError(f"tabell {id}: ledd oppgitt for {lid!r}, som ikke er en sum- eller nettorad")
        for l in ledd:
            if l.tabell is None or l.tabell == id:
                if l.linje not in pos or pos[l.linje] >= pos[lid]:
                    raise ValueError(f"tabell {id}: {lid} summerer ukjent eller senere linje {l.linje!r}")
                if kind[l.linje] == "header":
                    raise ValueError(f"tabell {id}: {lid} summerer overskriften {l.linje!r}")
            else:
                t = other.get(l.tabell)
                if t is None or not t.har_linje(l.linje):
                    raise ValueError(f"tabell {id}: {lid} summerer ukjent linje {l.tekst()!r}")
                mangler = set(sumkolonner.get(lid, money)) - set(t.pengekolonner())
                if mangler:
                    raise ValueError(f"tabell {id}: {lid} summerer {l.tekst()!r}, som mangler {sorted(mangler)}")


_SUM_KILDE = "Tabellens erklærte summer (tabell.Tabell.summer)"


def kontroller_summer(tabeller: Iterable[Tabell]) -> list[Finding]:
    """Check every sum/netto row against its declared terms, per money column the terms apply
    to: value = Σ fortegn × term (blank terms 0); a blank sum needs every term blank.  One
    finding ``TABELL-SUM`` (error) per row and column that does not add up, or whose term
    refers to a table not among ``tabeller``."""
    tabs = list(tabeller)
    by_id = {t.id: t for t in tabs}
    cache: dict[str, dict[str, dict[str, int | None]]] = {}

    def celler(t: Tabell) -> dict[str, dict[str, int | None]]:
        if t.id not in cache:
            cols = t.pengekolonner()
            cache[t.id] = {str(r["line_id"]): {c: None if pd.isna(r[c]) else int(r[c]) for c in cols}
                           for r in t.rader.to_dict("records")}
        return cache[t.id]

    out: list[Finding] = []
    for t in tabs:
        if not t.summer:
            continue
        egne = celler(t)
        for lid, ledd in t.summer.items():
            kilder: list[tuple[Ledd, dict[str, int | None]]] = []
            mangler = None
            for l in ledd:
                kilde = t if l.tabell in (None, t.id) else by_id.get(l.tabell)
                rad = celler(kilde).get(l.linje) if kilde is not None else None
                if rad is None:
                    mangler = l.tekst()
                    break
                kilder.append((l, rad))
            for col in t.ledd_kolonner(lid):
                faktisk = egne[lid][col]
                if mangler is not None:
                    out.append(Finding(rule=SUM_REGEL, severity=Severity.ERROR, statement=t.id, line=lid,
                                       message=f"{t.id}/{lid}: leddet {mangler} finnes ikke", column=col,
                                       actual_ore=faktisk, reference=_SUM_KILDE))
                    continue
                verdier = [None if rad.get(col) is None else l.fortegn * rad[col] for l, rad in kilder]
                if faktisk is None and all(v is None for v in verdier):
                    continue
                forventet = sum(v for v in verdier if v is not None)
                if faktisk != forventet:
                    out.append(Finding(
                        rule=SUM_REGEL, severity=Severity.ERROR, statement=t.id, line=lid, column=col,
                        message=(f"{t.id}/{lid} ({col}) er ikke summen av leddene "
                                 f"{' '.join(l.tekst() for l in ledd) or '(ingen)'}"),
                        expected_ore=forventet, actual_ore=faktisk, reference=_SUM_KILDE))
    return out


def tabeller_i(part: object) -> list[Tabell]:
    """The tables of a computed part: a :class:`Tabell` itself, an object with ``tabeller``
    (method or attribute), or an object with one ``tabell``."""
    if isinstance(part, Tabell):
        return [part]
    t = getattr(part, "tabeller", None)
    if t is not None:
        return list(t() if callable(t) else t)
    tab = getattr(part, "tabell", None)
    return [tab] if isinstance(tab, Tabell) else []
