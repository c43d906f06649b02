"""The agency's set-up: every convention where the regulations leave the agency a choice, read
from ``oppsett.yaml`` in the input folder (``docs/oppsett.md``) and carried by
:class:`~imdi_ledger.load.grunnlag.Grunnlag` as :class:`Oppsett`.

* ``virksomhet`` — the agency's name (heading of the report);
* ``note_b.grunnlag_5_prosent`` — the base of the 5 % cap of Note B (R-2; R-115 Note B footnote);
* ``note_7b`` — the line layout of Note 7B (``srs1``, ``imdi`` or a custom grouping);
* ``kontoplan`` / ``kontoplan_srs`` — overrides of the cash artskonto chart
  (``docs/kontoplan.md``) and of the SRS chart and note layout (``docs/srs.md``): a CSV file
  in the input folder or the rows inline;
* ``noter`` — titles and footnotes of tables, and the optional tables to leave out of print;
* ``regler`` — the optional rules of the catalogue to run (e.g. ``X-TABELL42-NOTE5``).

Without the file (or a key) the defaults follow the regulations, not any one agency: 5 % of
årets tildeling, Note 7B in the SRS 1 layout, the shipped charts (SPK arbeidsgiverandel on
annen kortsiktig gjeld), the shipped note texts and only the rules every agency is bound by.

The file is checked against the schema: an unknown key (naming it and the allowed keys), a
value of the wrong type, an enum value not allowed and a path leaving the input folder are
:class:`~imdi_ledger.errors.InputError` with the file, the line and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ..errors import InputError
from .yaml_linjer import DesimalLaster, YamlDokument, les_yaml_fil

__all__ = ["Grunnlag5Prosent", "NoteBSpec", "Note7BTilpasset", "Oppsett", "VALGFRIE_REGLER", "VALGFRIE_TABELLER",
           "OPPSETT_FIL", "les_oppsett", "rad_i_fil"]

#: The name of the set-up file in the input folder.
OPPSETT_FIL = "oppsett.yaml"

#: Rules of the catalogue that are not bound by the regulations and run only when
#: ``regler.valgfrie`` names them (rule id → what it ties).
VALGFRIE_REGLER: Mapping[str, str] = {
    "X-TABELL42-NOTE5": "tabell 4.2 (konsulenttjenester) i årsrapportens del IV mot note 5",
}


#: Tables whose printing is the agency's choice (table id → what it is); ``noter.utelat`` leaves
#: them out of the printed årsregnskap (text, CSV, workbook).  They are still computed and checked.
#: The statements and notes R-115 and SRS 1 require, and the tables the workbook's Kontroller
#: sheet ties (``regelverk.KRYSSIDENTITETER``), are not in this list.
VALGFRIE_TABELLER: Mapping[str, str] = {
    "note_b_forklaring": "Note B – forklaring per post (the library's explanation of each cap)",
    "note_c_avtaler": "Note C per avtale (from the contract register)",
    "note_4_pagaende": "note 4 pågående anlegg",
    "note_5_leie": "note 5 spesifikasjon av leie maskiner, inventar og lignende",
    "note_5_konsulent": "note 5 spesifikasjon av kjøpte konsulenttjenester",
    "note_5_fremmede": "note 5 spesifikasjon av kjøpte fremmede tjenester",
    "note_5_ovrige": "note 5 spesifikasjon av øvrige driftskostnader",
    "note_5_leieavtaler": "note 5 leieavtaler (from the Note C input)",
}


class Grunnlag5Prosent(str, Enum):
    """The base of the 5 % cap on driftsposter 01–29 (except 24)."""

    ARETS_TILDELING = "arets_tildeling"
    """«5 % av årets bevilgning» (R-115 Note B footnote): Note A «Årets tildelinger»."""
    SAMLET_TILDELING = "samlet_tildeling"
    """Samlet tildeling incl. overført fra i fjor (IMDi 2025's practice)."""


@dataclass(frozen=True, eq=False)
class NoteBSpec:
    """How Note B is computed.  ``poster_i_fjor`` is last year's posts frame (same shape); it
    supplies last year's bevilgning (``arets_tildeling_ore``) for the two-year cap where the
    fullmakter give no ``bevilgning_i_fjor``.  ``file`` names the posts frame in findings."""

    grunnlag_5_prosent: Grunnlag5Prosent = Grunnlag5Prosent.ARETS_TILDELING
    poster_i_fjor: pd.DataFrame | None = field(default=None, repr=False)
    file: str = "posttabell"


@dataclass(frozen=True)
class Note7BTilpasset:
    """A custom Note 7B layout (the fields of :class:`imdi_ledger.note7.Note7BOppsett`);
    ``grupper`` empty keeps the SRS 1 groups."""

    grupper: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    srs_linje: Mapping[str, str] = field(default_factory=dict)
    bokfort_ks: Mapping[str, str] = field(default_factory=dict)
    rapportert_artskonto: Mapping[str, str] = field(default_factory=dict)
    linjetekst: Mapping[str, str] = field(default_factory=dict)


#: An override of a chart: a CSV file in the input folder or the rows given inline (a frame).
Overstyring = Path | pd.DataFrame


@dataclass(frozen=True, eq=False)
class Oppsett:
    """The agency's conventions (``docs/oppsett.md``); the defaults are the regulations'."""

    virksomhet: str | None = None
    grunnlag_5_prosent: Grunnlag5Prosent = Grunnlag5Prosent.ARETS_TILDELING
    note_7b: str | Note7BTilpasset = "srs1"
    kontoplan_artskonto: Overstyring | None = field(default=None, repr=False)
    kontoplan_mellomvaerende: Overstyring | None = field(default=None, repr=False)
    kontoplan_srs_linjer: Overstyring | None = field(default=None, repr=False)
    kontoplan_srs_noter: Overstyring | None = field(default=None, repr=False)
    titler: Mapping[str, str] = field(default_factory=dict)
    fotnoter: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    utelat: frozenset[str] = frozenset()
    valgfrie_regler: frozenset[str] = frozenset()
    fil: str | None = None
    """The file read (``None``: no ``oppsett.yaml``, every default)."""

    def note_b_spec(self) -> NoteBSpec:
        return NoteBSpec(grunnlag_5_prosent=self.grunnlag_5_prosent)

    def filer(self) -> tuple[str, ...]:
        """The set-up file and the override CSV files it names (for the Kilder table)."""
        out = [self.fil] if self.fil else []
        for o in (self.kontoplan_artskonto, self.kontoplan_mellomvaerende, self.kontoplan_srs_linjer,
                  self.kontoplan_srs_noter):
            if isinstance(o, Path):
                out.append(str(o))
        return tuple(out)


def rad_i_fil(feil: InputError, overstyring: Overstyring | None) -> InputError:
    """An error in an inline override row (raised where the chart is built, naming the frame's
    row as a CSV would: first row 2) moved to the line of that row in ``oppsett.yaml``; any
    other error unchanged."""
    if not isinstance(overstyring, pd.DataFrame) or "oppsett" not in overstyring.attrs:
        return feil
    fil, sti, linjer = overstyring.attrs["oppsett"]
    if feil.file != f"{fil}: {sti}" or feil.row is None or not 2 <= feil.row < len(linjer) + 2:
        return feil
    i = feil.row - 2
    return InputError(fil, linjer[i], f"{sti}[{i}]" + (f".{feil.column}" if feil.column else ""), feil.message)


# --------------------------------------------------------------------------- schema

_SRS1_KOLONNER = ("oppstilling", "linje", "kind", "tekst", "note", "kontoer", "summerer", "fortegn")
_NOTE_KOLONNER = ("note", "linje", "kind", "tekst", "kontoer", "summerer", "fortegn")
_KONTOPLAN_KOLONNER = ("fra", "til", "linje", "kilde")


class _Leser:
    """Schema checks of one parsed ``oppsett.yaml`` with the line of every value."""

    def __init__(self, dok: YamlDokument, fil: str, mappe: Path) -> None:
        self.dok, self.fil, self.mappe = dok, fil, mappe

    def feil(self, sti: tuple[str | int, ...], melding: str) -> InputError:
        linje = self.dok.linje(*sti)
        while linje is None and sti:
            sti = sti[:-1]
            linje = self.dok.linje(*sti)
        return InputError(self.fil, linje, _navn(sti) or None, melding)

    def mapping(self, v: Any, sti: tuple[str | int, ...], tillatt: tuple[str, ...] | None) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise self.feil(sti, f"{_navn(sti) or 'filen'} skal være en tabell av nøkler (mapping), "
                                 f"ikke {_type(v)}")
        for k in v:
            if not isinstance(k, str):
                raise self.feil(sti, f"nøkkelen {k!r} skal være tekst")
            if tillatt is not None and k not in tillatt:
                raise self.feil(sti + (k,), f"ukjent nøkkel {k!r}" + (f" under {_navn(sti)}" if sti else "")
                                + f"; tillatte nøkler: {', '.join(tillatt)}")
        return v

    def tekst(self, v: Any, sti: tuple[str | int, ...]) -> str:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise self.feil(sti, f"{_navn(sti)} skal være tekst, ikke {_type(v)}")
        return str(v)

    def navneliste(self, v: Any, sti: tuple[str | int, ...], lov: Mapping[str, str], hvorfor: str) -> frozenset[str]:
        """A list of names each of which must be one of ``lov``; an error names the entry."""
        navn = self.tekstliste(v, sti)
        for i, x in enumerate(navn):
            if x not in lov:
                raise self.feil((*sti, i), f"{'.'.join(map(str, sti))}: {x!r} {hvorfor}: {', '.join(lov)}")
        return frozenset(navn)

    def tekstliste(self, v: Any, sti: tuple[str | int, ...]) -> tuple[str, ...]:
        if isinstance(v, str):
            return (v,)
        if not isinstance(v, list):
            raise self.feil(sti, f"{_navn(sti)} skal være en liste av tekster, ikke {_type(v)}")
        return tuple(self.tekst(x, sti + (i,)) for i, x in enumerate(v))

    def tekstmap(self, v: Any, sti: tuple[str | int, ...]) -> dict[str, str]:
        m = self.mapping(v, sti, None)
        return {str(k): self.tekst(x, sti + (k,)) for k, x in m.items()}

    def valg(self, v: Any, sti: tuple[str | int, ...], lovlige: tuple[str, ...]) -> str:
        s = self.tekst(v, sti)
        if s not in lovlige:
            raise self.feil(sti, f"{_navn(sti)}: ugyldig verdi {s!r}; tillatte verdier: {', '.join(lovlige)}")
        return s

    def fil_i_mappen(self, v: str, sti: tuple[str | int, ...]) -> Path:
        p = Path(v)
        if p.is_absolute():
            raise self.feil(sti, f"{_navn(sti)}: stien {v!r} er absolutt; oppgi en fil i inndatamappen")
        rot = self.mappe.resolve()
        full = (self.mappe / p)
        if not full.resolve().is_relative_to(rot):
            raise self.feil(sti, f"{_navn(sti)}: stien {v!r} peker ut av inndatamappen; avvist (filen er ikke lest)")
        if not full.is_file():
            raise self.feil(sti, f"{_navn(sti)}: finner ikke filen {v!r} i inndatamappen")
        return full

    def overstyring(self, v: Any, sti: tuple[str | int, ...], kolonner: tuple[str, ...],
                    pakrevd: tuple[str, ...]) -> Overstyring:
        """A chart override: a file name in the folder, or a list of rows (mappings)."""
        if isinstance(v, str):
            return self.fil_i_mappen(v, sti)
        if not isinstance(v, list):
            raise self.feil(sti, f"{_navn(sti)} skal være et filnavn eller en liste av rader, ikke {_type(v)}")
        rader = []
        for i, r in enumerate(v):
            m = self.mapping(r, sti + (i,), kolonner)
            for k in pakrevd:
                if k not in m:
                    raise self.feil(sti + (i,), f"{_navn(sti + (i,))}: mangler nøkkelen {k!r} "
                                                f"(påkrevd: {', '.join(pakrevd)})")
            rad = {k: ("" if m.get(k) is None else self.tekst(m[k], sti + (i, k))) for k in kolonner}
            for k in ("fra", "til"):
                if k in kolonner and not re.fullmatch(r"\d{3,4}", rad[k]):
                    raise self.feil(sti + (i, k), f"{_navn(sti + (i, k))}: {rad[k]!r} er ikke en artskonto "
                                                  "(3 eller 4 siffer)")
            rader.append(rad)
        out = pd.DataFrame(rader, columns=list(kolonner), dtype=object)
        # where each row stands in the file, so that an error found when the chart is built
        # (an invalid range, a sum naming a later line) names the line (see ``rad_i_fil``)
        out.attrs["oppsett"] = (self.fil, _navn(sti), tuple(self.dok.linje(*sti, i) for i in range(len(rader))))
        return out


def _navn(sti: tuple[str | int, ...]) -> str:
    out = ""
    for s in sti:
        out += f"[{s}]" if isinstance(s, int) else (f".{s}" if out else str(s))
    return out


def _type(v: Any) -> str:
    return {dict: "en tabell", list: "en liste", str: "tekst", bool: "sann/usann", int: "et tall",
            float: "et desimaltall", type(None): "tom"}.get(type(v), type(v).__name__)


_TOPP = ("virksomhet", "note_b", "note_7b", "kontoplan", "kontoplan_srs", "noter", "regler")
_NOTE7B_NOKLER = ("grupper", "srs_linje", "bokfort_ks", "rapportert_artskonto", "linjetekst")


def les_oppsett(path: str | Path, mappe: str | Path | None = None) -> Oppsett:
    """Read and check ``oppsett.yaml`` (``docs/oppsett.md``).  File names in it are relative
    to ``mappe`` (default: the file's folder) and must stay inside it."""
    p = Path(path)
    d = Path(mappe) if mappe is not None else p.parent
    dok = les_yaml_fil(p, laster=DesimalLaster)
    fil = str(p)
    les = _Leser(dok, fil, d)
    data = dok.data if dok.data is not None else {}
    top = les.mapping(data, (), _TOPP)
    kw: dict[str, Any] = {"fil": fil}
    if top.get("virksomhet") is not None:
        kw["virksomhet"] = les.tekst(top["virksomhet"], ("virksomhet",))
    if "note_b" in top:
        nb = les.mapping(top["note_b"], ("note_b",), ("grunnlag_5_prosent",))
        if "grunnlag_5_prosent" in nb:
            kw["grunnlag_5_prosent"] = Grunnlag5Prosent(les.valg(
                nb["grunnlag_5_prosent"], ("note_b", "grunnlag_5_prosent"), tuple(g.value for g in Grunnlag5Prosent)))
    if "note_7b" in top:
        v = top["note_7b"]
        kw["note_7b"] = les.valg(v, ("note_7b",), ("srs1", "imdi")) if not isinstance(v, dict) \
            else _note7b(les, v)
    if "kontoplan" in top:
        kp = les.mapping(top["kontoplan"], ("kontoplan",), ("artskonto", "mellomvaerende"))
        for k in ("artskonto", "mellomvaerende"):
            if k in kp:
                kw[f"kontoplan_{k}"] = les.overstyring(kp[k], ("kontoplan", k), _KONTOPLAN_KOLONNER,
                                                       ("fra", "til", "linje"))
    if "kontoplan_srs" in top:
        ks = les.mapping(top["kontoplan_srs"], ("kontoplan_srs",), ("linjer", "noter"))
        if "linjer" in ks:
            kw["kontoplan_srs_linjer"] = les.overstyring(ks["linjer"], ("kontoplan_srs", "linjer"), _SRS1_KOLONNER,
                                                         ("oppstilling", "linje", "kind", "tekst"))
        if "noter" in ks:
            kw["kontoplan_srs_noter"] = les.overstyring(ks["noter"], ("kontoplan_srs", "noter"), _NOTE_KOLONNER,
                                                        ("note", "linje", "kind", "tekst"))
    if "noter" in top:
        n = les.mapping(top["noter"], ("noter",), ("titler", "fotnoter", "utelat"))
        if "utelat" in n:
            kw["utelat"] = les.navneliste(n["utelat"], ("noter", "utelat"), VALGFRIE_TABELLER,
                                    "kan ikke utelates; tabeller som kan utelates")
        if "titler" in n:
            kw["titler"] = les.tekstmap(n["titler"], ("noter", "titler"))
        if "fotnoter" in n:
            fm = les.mapping(n["fotnoter"], ("noter", "fotnoter"), None)
            kw["fotnoter"] = {str(k): les.tekstliste(x, ("noter", "fotnoter", k)) for k, x in fm.items()}
    if "regler" in top:
        r = les.mapping(top["regler"], ("regler",), ("valgfrie",))
        if "valgfrie" in r:
            kw["valgfrie_regler"] = les.navneliste(r["valgfrie"], ("regler", "valgfrie"), VALGFRIE_REGLER,
                                             "er ikke en valgfri regel; valgfrie regler")
    return Oppsett(**kw)


def _note7b(les: _Leser, v: dict[str, Any]) -> Note7BTilpasset:
    m = les.mapping(v, ("note_7b",), _NOTE7B_NOKLER)
    grupper = []
    if "grupper" in m:
        sti = ("note_7b", "grupper")
        if not isinstance(m["grupper"], list):
            raise les.feil(sti, f"note_7b.grupper skal være en liste, ikke {_type(m['grupper'])}")
        for i, g in enumerate(m["grupper"]):
            gm = les.mapping(g, sti + (i,), ("id", "tekst", "linjer"))
            for k in ("id", "tekst", "linjer"):
                if k not in gm:
                    raise les.feil(sti + (i,), f"{_navn(sti + (i,))}: mangler nøkkelen {k!r} (påkrevd: id, tekst, linjer)")
            grupper.append((les.tekst(gm["id"], sti + (i, "id")), les.tekst(gm["tekst"], sti + (i, "tekst")),
                            les.tekstliste(gm["linjer"], sti + (i, "linjer"))))
    return Note7BTilpasset(
        grupper=tuple(grupper),
        **{k: les.tekstmap(m[k], ("note_7b", k)) for k in _NOTE7B_NOKLER[1:] if k in m})
