"""The figures model of a published (or computed) årsregnskap, and the published-YAML loader.

The interchange format is the structure of ``reference/imdi-2025-published.yaml``: the R-115
oppstillinger (bevilgningsrapportering with Note A, B and C, artskontorapportering), the SRS
resultatregnskap and balanse (SRS 1), Note 7A/7B and the other SRS notes, as printed.
``docs/verify.md`` documents the format, its optional keys and the shape a computed statement
is exported in.

Every amount becomes a :class:`Tall`: integer øre plus its precision (published figures are
whole kroner, ``presisjon="kroner"``; figures computed by the library are exact,
``presisjon="ore"``; a figure printed in 1000 kr is ``presisjon="1000 kroner"``) and where it
came from (the key path and, for a YAML file, the line).  Rules read the model; they never see
the YAML text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Literal, Mapping

from ..errors import InputError
from ..findings import Finding, Severity
from ..load.yaml_linjer import AR_FRA, AR_TIL, Sti, les_yaml, les_yaml_tekst
from ..money import MoneyFormatError, sjekk_grense

__all__ = [
    "Presisjon",
    "Tall",
    "Figurer",
    "load_aarsregnskap",
    "SEKSJONER",
    "PENGE_NOKLER",
    "Sti",
    "sti_tekst",
    "rader",
    "felt",
    "tekst",
    "er_tabell",
    "KJERNESEKSJONER",
    "TEKST_NOKLER",
    "skjemafunn",
]

Presisjon = Literal["kroner", "ore", "1000 kroner"]

#: Top-level sections a published årsregnskap may have; at least one must be present.
SEKSJONER: tuple[str, ...] = (
    "bevilgningsrapportering",
    "note_a",
    "note_b",
    "note_c",
    "artskontorapportering",
    "resultatregnskap",
    "balanse",
    "note_7",
    "andre_noter",
    "hovedtall",
    "tabell_4_2_konsulenttjenester",
)

#: Sections every published årsregnskap has (R-115 pkt. 3.3: the two oppstillinger and Notes A
#: and B; the SRS statements and notes only an agency on the accrual basis publishes).  A file
#: without one of them, or without ``year``, gets an error finding ``SKJEMA`` from ``verify``.
KJERNESEKSJONER: tuple[str, ...] = ("bevilgningsrapportering", "note_a", "note_b", "artskontorapportering")

#: Where the format has a mapping (``"tabell"``) or a list of rows (``"liste"``, each element a
#: mapping); ``"*"`` is any key.  A value of another type there is an :class:`InputError` (null is
#: a blank section and allowed).
FORM: Mapping[tuple[str, ...], str] = MappingProxyType({
    ("bevilgningsrapportering",): "tabell",
    ("bevilgningsrapportering", "utgifter"): "liste",
    ("bevilgningsrapportering", "inntekter"): "liste",
    ("bevilgningsrapportering", "kapitalkontoer"): "liste",
    ("bevilgningsrapportering", "sum_utgiftsfort"): "tabell",
    ("bevilgningsrapportering", "sum_inntektsfort"): "tabell",
    ("bevilgningsrapportering", "mellomvaerende"): "tabell",
    ("note_a",): "liste",
    ("note_b",): "liste",
    ("note_c",): "tabell",
    ("note_c", "*"): "liste",
    ("artskontorapportering",): "tabell",
    ("artskontorapportering", "lines"): "liste",
    ("artskontorapportering", "mellomvaerende"): "liste",
    ("resultatregnskap",): "liste",
    ("balanse",): "tabell",
    ("balanse", "eiendeler"): "liste",
    ("balanse", "kapital_og_gjeld"): "liste",
    ("note_7",): "tabell",
    ("note_7", "a"): "tabell",
    ("note_7", "a", "lines"): "liste",
    ("note_7", "a", "avregnet_i_balansen"): "tabell",
    ("note_7", "b"): "tabell",
    ("note_7", "b", "rows"): "liste",
    ("note_7", "b", "total"): "tabell",
    ("andre_noter",): "tabell",
    ("andre_noter", "*"): "liste",
    ("hovedtall",): "liste",
    ("tabell_4_2_konsulenttjenester",): "liste",
})

_FORM_NAVN = {"tabell": "en tabell av nøkler (mapping)", "liste": "en liste av rader"}

#: Keys whose values are amounts (an integer or null; text there is an input error).
PENGE_NOKLER: frozenset[str] = frozenset(
    {
        "samlet_tildeling", "regnskap", "merutgift_mindreutgift", "merinntekt_mindreinntekt",
        "netto_rapportert", "sum_rapportert", "belop", "belop_fjor", "ub", "ib", "endring",
        "overfort_fra_i_fjor", "arets_tildelinger", "arets_tildelinger_fjor",
        "utgiftsfort_av_andre_avgitte_belastningsfullmakter", "etter_avgitte_belastningsfullmakter",
        "merinntekter_merinntektsfullmakt", "omdisponering", "innsparinger",
        "sum_grunnlag_for_overforing", "maks_overforbart", "mulig_overforbart",
        "arlig", "neste_ar", "senere_ar", "samlet",
        # columns of notes 3 and 4: the asset groups of srs/data/anleggsgrupper.csv
        "programvare", "rettigheter", "under_utforelse", "tomter", "bygninger", "maskiner",
        "driftslosore", "ikt_utstyr", "anlegg_under_utforelse",
        "arets_anskaffelse", "aktivert", "pagaende",
        "avregning", "forskjell", "forskjell_resultatfort_og_netto_trekk",
        "resultat_for_avregning", "sum_endring_i_avregnet",
    }
)

#: Keys whose values are text (or a code written as a number, or null); a list, a mapping or
#: true/false there is an input error, not a row the rules silently fail to recognise.
TEKST_NOKLER: frozenset[str] = frozenset(
    {
        "tekst", "kind", "seksjon", "kapittel", "post", "kapittel_post", "kapittelnavn", "posttekst",
        "konto", "gruppe", "varighet", "stikkord", "note", "dato", "avtale", "blokk", "fra", "til",
    }
)

#: Codes read as numbers by the rules (kapittel, post, konto): their digits must be 0–9.
_KODER: frozenset[str] = frozenset({"kapittel", "post", "kapittel_post", "konto"})

#: Integer keys that are not money (counts, percentages, flags, the year).
_IKKE_PENGER: frozenset[str] = frozenset({"year", "prosent", "prosent_fjor", "unit", "sign"})

#: Sections that hold no figures.
_UTEN_TALL: frozenset[str] = frozenset({"source", "basis", "notes", "units", "agency", "presisjon"})

_HALV_ENHET: dict[str, int] = {"kroner": 50, "ore": 0, "1000 kroner": 50_000}


#: The mapping types the model is made of (checked with a plain type test; the ABC check is slow).
_TABELL = (MappingProxyType, dict)


def er_tabell(v: Any) -> bool:
    """True for a mapping of the model (or a plain dict)."""
    return isinstance(v, _TABELL)


@dataclass(frozen=True, slots=True)
class Tall:
    """One figure: integer øre, its precision and where it stands."""

    ore: int
    presisjon: Presisjon
    sti: str
    linje: int | None = None

    @property
    def avrunding_ore(self) -> int:
        """The largest rounding error of this figure (half its unit), in øre."""
        return _HALV_ENHET[self.presisjon]


def sti_tekst(sti: Sti) -> str:
    """``("a", "b", 3, "c")`` -> ``"a.b[3].c"``."""
    out = ""
    for p in sti:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


@dataclass(frozen=True)
class Figurer:
    """The figures of one årsregnskap, published or computed, as the rule catalogue reads them
    (not to be confused with :class:`imdi_ledger.regnskap.Aarsregnskap`, the statements computed
    from data): the YAML's shape, every amount a :class:`Tall`, blanks ``None``.

    ``data`` is read-only (mappings are ``MappingProxyType``, lists are tuples).  ``kilde``
    names the file (or ``"<dict>"``); findings carry it as their ``file``.
    """

    data: Mapping[str, Any] = field(repr=False)
    presisjon: Presisjon
    kilde: str
    #: Findings ``SKJEMA`` of the file's top level (:func:`skjemafunn`; set by
    #: :func:`load_aarsregnskap`, reported first by ``verify_file``).
    skjema: tuple[Finding, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_dict(
        cls,
        d: Mapping[str, Any],
        presisjon: Presisjon | None = None,
        kilde: str = "<dict>",
        linjer: Mapping[Sti, int] | None = None,
    ) -> "Figurer":
        """Build from a dict in the published YAML's shape.

        ``presisjon`` says what the integers are: ``"kroner"`` (published, multiplied by 100)
        or ``"ore"`` (computed, taken as they are).  When ``None`` the dict's own
        ``presisjon`` key decides, then ``units`` (``kroner``/``ore``), then ``"kroner"``.
        ``linjer`` maps key paths to 1-based line numbers of the source text.
        Raises :class:`InputError` (naming ``kilde`` and the key) when the dict is not an
        årsregnskap in this shape.
        """
        if not isinstance(d, Mapping):
            raise InputError(kilde, None, None, "ikke et publisert årsregnskap: toppnivået er ikke en tabell av nøkler")
        if presisjon is None:
            p = d.get("presisjon")
            if p is None:
                p = {"ore": "ore", "øre": "ore"}.get(str(d.get("units", "kroner")).strip().lower(), "kroner")
            presisjon = p
        if presisjon not in ("kroner", "ore"):
            raise InputError(kilde, _linje(linjer, ("presisjon",)), "presisjon", f"ukjent presisjon {presisjon!r} (kroner eller ore)")
        if not any(s in d for s in SEKSJONER):
            raise InputError(
                kilde, None, None,
                "ikke et publisert årsregnskap: ingen av seksjonene " + ", ".join(SEKSJONER) + " finnes",
            )
        _sjekk_ar(d, kilde, linjer)
        bygger = _Bygger(kilde, presisjon, linjer or {})
        data = bygger.mapping(d, ())
        return cls(data=data, presisjon=presisjon, kilde=kilde)

    def get(self, *sti: str | int) -> Any:
        """The value at a key path, or ``None`` when any step is missing or of another type."""
        v: Any = self.data
        for p in sti:
            if isinstance(p, int):
                if not isinstance(v, tuple) or not -len(v) <= p < len(v):
                    return None
                v = v[p]
            else:
                if not isinstance(v, _TABELL) or p not in v:
                    return None
                v = v[p]
        return v

    def har(self, seksjon: str) -> bool:
        return self.get(seksjon) is not None

    def tall(self) -> Iterator[tuple[Sti, Tall]]:
        """Every figure with its key path, in document order."""
        yield from _alle_tall(self.data, ())


def _linje(linjer: Mapping[Sti, int] | None, sti: Sti) -> int | None:
    if not linjer:
        return None
    return linjer.get(sti)


def _alle_tall(v: Any, sti: Sti) -> Iterator[tuple[Sti, Tall]]:
    if isinstance(v, Tall):
        yield sti, v
    elif isinstance(v, _TABELL):
        for k, x in v.items():
            yield from _alle_tall(x, sti + (k,))
    elif isinstance(v, tuple):
        for i, x in enumerate(v):
            yield from _alle_tall(x, sti + (i,))


class _Bygger:
    """Turns the plain dict into the frozen model, validating value types on the way."""

    def __init__(self, kilde: str, presisjon: Presisjon, linjer: Mapping[Sti, int]) -> None:
        self.kilde = kilde
        self.presisjon = presisjon
        self.linjer = linjer

    def feil(self, sti: Sti, melding: str) -> InputError:
        return InputError(self.kilde, self.linjer.get(sti), sti_tekst(sti), melding)

    def mapping(self, d: Mapping[Any, Any], sti: Sti) -> Mapping[str, Any]:
        out: dict[str, Any] = {}
        for k, v in d.items():
            if not isinstance(k, str):
                raise self.feil(sti, f"nøkkelen {k!r} er ikke tekst")
            if not sti and k in _UTEN_TALL:
                out[k] = _frys_tekst(v)
                continue
            out[k] = self.verdi(v, sti + (k,), k, d)
        return MappingProxyType(out)

    def form(self, v: Any, sti: Sti) -> None:
        """Raise when ``v`` is not of the form :data:`FORM` declares at ``sti``."""
        if v is None:
            return
        if sti and isinstance(sti[-1], int):
            forelder = sti[:-1]
            if not any(isinstance(x, int) for x in forelder) and _form(forelder) == "liste" \
                    and not isinstance(v, Mapping):
                raise self.feil(sti, f"hver rad i {sti_tekst(forelder)} må være en tabell av nøkler, ikke "
                                     f"{_typenavn(v)}")
            return
        if any(isinstance(x, int) for x in sti):
            return
        form = _form(sti)
        if form == "tabell" and not isinstance(v, Mapping) or form == "liste" and not isinstance(v, (list, tuple)):
            raise self.feil(sti, f"{sti_tekst(sti)} skal være {_FORM_NAVN[form]}, ikke {_typenavn(v)}")

    def verdi(self, v: Any, sti: Sti, nokkel: str | int, rad: Mapping[Any, Any] | None) -> Any:
        self.form(v, sti)
        if nokkel in PENGE_NOKLER and not (v is None or isinstance(v, (int, float, str)) and not isinstance(v, bool)):
            raise self.feil(sti, f"beløpet er {_typenavn(v)}; oppgi et heltall eller null")
        if nokkel in TEKST_NOKLER and sti and sti[0] not in _UTEN_TALL and (isinstance(v, (bool, Mapping, list, tuple))):
            raise self.feil(sti, f"{nokkel!r} skal være tekst, ikke {_typenavn(v)}")
        if nokkel in _KODER and isinstance(v, str) and not v.isascii() and any(c.isdigit() for c in v):
            raise self.feil(sti, f"koden {v[:40]!r} har siffer som ikke er 0–9")
        if isinstance(v, _TABELL):
            return self.mapping(v, sti)
        if isinstance(v, (list, tuple)):
            return tuple(self.verdi(x, sti + (i,), i, None) for i, x in enumerate(v))
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, int):
            if nokkel in _IKKE_PENGER or isinstance(nokkel, int):
                return v
            if not self._er_penger(sti, rad):
                return v
            return self.tall(v, sti, rad)
        if isinstance(v, float):
            if nokkel in _IKKE_PENGER:
                return v  # float ok: a percentage, not money
            raise self.feil(sti, f"beløpet {v!r} er et flyttall; oppgi hele kroner (eller øre) som heltall")
        if isinstance(v, Mapping):
            return self.mapping(v, sti)
        if isinstance(v, str):
            if nokkel in PENGE_NOKLER:
                raise self.feil(sti, f"beløpet {v!r} er tekst; oppgi et heltall eller null")
            return v
        raise self.feil(sti, f"verdien {v!r} har en ukjent type {type(v).__name__}")

    def _er_penger(self, sti: Sti, rad: Mapping[Any, Any] | None) -> bool:
        if sti and sti[0] == "hovedtall" and rad is not None:
            # Hovedtall mixes counts (årsverk) with amounts; an amount says its unit.
            tekst = str(rad.get("tekst", "")).lower()
            return "unit" in rad or "kroner" in tekst
        return True

    def tall(self, v: int, sti: Sti, rad: Mapping[Any, Any] | None) -> Tall:
        presisjon: Presisjon = self.presisjon
        ore = int(v)
        enhet = rad.get("unit") if rad is not None else None
        if presisjon == "kroner":
            if isinstance(enhet, int) and not isinstance(enhet, bool) and enhet == 1000:
                presisjon = "1000 kroner"
                ore = ore * 1000 * 100
            elif enhet is not None and enhet != 1:
                raise self.feil(sti[:-1] + ("unit",), f"ukjent enhet {enhet!r} (1 eller 1000)")
            else:
                ore = ore * 100
        try:
            sjekk_grense(ore, v)
        except MoneyFormatError as exc:
            raise self.feil(sti, str(exc)) from None
        return Tall(ore=ore, presisjon=presisjon, sti=sti_tekst(sti), linje=self.linjer.get(sti))


def _form(sti: tuple[Any, ...]) -> str | None:
    f = FORM.get(tuple(sti))
    if f is None and sti:
        f = FORM.get(tuple(sti[:-1]) + ("*",))
    return f


def _typenavn(v: Any) -> str:
    if isinstance(v, bool):
        return f"sannhetsverdien {v!r}".replace("True", "true").replace("False", "false")
    if isinstance(v, Mapping):
        return "en tabell av nøkler"
    if isinstance(v, (list, tuple)):
        return "en liste"
    if isinstance(v, str):
        return f"teksten {v[:40]!r}"
    if isinstance(v, (int, float)):
        return f"tallet {v!r}"
    return type(v).__name__


def skjemafunn(d: Mapping[str, Any], kilde: str, linjer: Mapping[Sti, int] | None = None) -> list[Finding]:
    """Findings ``SKJEMA`` on the top level of a published årsregnskap: a missing ``year`` or
    core section (:data:`KJERNESEKSJONER`) is an error, so a rule that would have checked it does
    not just fall silent; an unknown top-level key is a warning (a misspelt section)."""
    out: list[Finding] = []
    ref = "docs/verify.md (formatet); R-115 pkt. 3.3"
    if d.get("year") is None:
        out.append(Finding("SKJEMA", Severity.ERROR, "årsregnskapet mangler 'year' (regnskapsåret)",
                           file=kilde, row=None, column="year", reference=ref))
    for s in KJERNESEKSJONER:
        if d.get(s) is None:
            out.append(Finding("SKJEMA", Severity.ERROR,
                               f"årsregnskapet mangler seksjonen {s!r}; kontrollene av den blir ikke kjørt",
                               file=kilde, row=None, column=s, reference=ref))
    kjent = set(SEKSJONER) | _UTEN_TALL | {"year"}
    for k in d:
        if k not in kjent:
            out.append(Finding("SKJEMA", Severity.WARNING,
                               f"ukjent nøkkel {k!r} på toppnivået blir ikke kontrollert (feilstavet seksjon?)",
                               file=kilde, row=_linje(linjer, (k,)), column=str(k), reference=ref))
    return out


def _sjekk_ar(d: Mapping[str, Any], kilde: str, linjer: Mapping[Sti, int] | None) -> None:
    ar = d.get("year")
    if ar is None:
        return
    if isinstance(ar, bool) or not isinstance(ar, int):
        raise InputError(kilde, _linje(linjer, ("year",)), "year", f"'year' skal være et årstall, ikke {_typenavn(ar)}")
    if not AR_FRA <= ar <= AR_TIL:
        raise InputError(kilde, _linje(linjer, ("year",)), "year",
                         f"'year' {ar} er ikke et plausibelt regnskapsår ({AR_FRA}–{AR_TIL})")


def _frys_tekst(v: Any) -> Any:
    if isinstance(v, Mapping):
        return MappingProxyType({k: _frys_tekst(x) for k, x in v.items()})
    if isinstance(v, (list, tuple)):
        return tuple(_frys_tekst(x) for x in v)
    return v


def load_aarsregnskap(path: str | Path, presisjon: Presisjon | None = None) -> Figurer:
    """Read a published årsregnskap YAML (the ``imdi-2025-published.yaml`` shape).

    Raises :class:`InputError` naming the file (and the line and key where possible) when
    the file cannot be read, is not YAML, or is not an årsregnskap in this shape.
    """
    p = Path(path)
    text = les_yaml_tekst(p, "kan ikke leses")
    dokument = les_yaml(text, str(p), melding="ikke gyldig YAML")
    d, linjer = dokument.data, dokument.linjer
    if not isinstance(d, Mapping):
        raise InputError(str(p), 1, None, "ikke et publisert årsregnskap: toppnivået er ikke en tabell av nøkler")
    a = Figurer.from_dict(d, presisjon=presisjon, kilde=str(p), linjer=linjer)
    return dataclasses.replace(a, skjema=tuple(skjemafunn(d, str(p), linjer)))


def rader(a: Figurer, *sti: str | int) -> tuple[Mapping[str, Any], ...]:
    """The rows (mappings) of a list section; anything else there is ignored by the rules."""
    v = a.get(*sti)
    if not isinstance(v, tuple):
        return ()
    return tuple(x for x in v if isinstance(x, _TABELL))


def felt(rad: Mapping[str, Any] | None, nokkel: str) -> Tall | None:
    """The figure in one cell, ``None`` when blank, missing or not a figure."""
    if not isinstance(rad, _TABELL):
        return None
    v = rad.get(nokkel)
    return v if isinstance(v, Tall) else None


def tekst(rad: Mapping[str, Any] | None, nokkel: str) -> str | None:
    if not isinstance(rad, _TABELL):
        return None
    v = rad.get(nokkel)
    if v is None or isinstance(v, (Tall, MappingProxyType, dict, tuple, bool)):
        return None
    return str(v)
