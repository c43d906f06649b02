"""Fullmakter per kapittel/post for Note B (R-115 Note B; R-2; R-110; bevilgningsreglementet §5).

Reads the fullmakter that move *mulig overførbart beløp* from YAML or CSV (format and examples:
``docs/fullmakter.md``):

* stikkord overrides per post (``kan overføres``, ``overslagsbevilgning``,
  ``kan nyttes under post NN``) and ``bevilgning_i_fjor`` (the two-year cap of «kan overføres»);
* avgitte belastningsfullmakter (to whom, innvilget, utgiftsført av andre) and mottatte
  belastningsfullmakter (from whom, innvilget, brukt) — R-115 prinsippnote;
* avgitte belastningsfullmakter on an inntektskapittel (to whom, innvilget, inntektsført av andre):
  they enter no Note B column but must be described in the note (R-111; R-115 Note B);
* merinntektsfullmakter (expense post tied to an income post), optionally with the mva rate of the
  overskridelse they cover (``mva_prosent``; Stortinget's standard merinntektsfullmakt: «Merinntekt som
  gir grunnlag for overskridelse, skal også dekke merverdiavgift knyttet til overskridelsen»);
* omdisponering fra post 01 til post 45 (R-110), forskuttering on post 01/21 from next year's
  bevilgning, innsparinger, and samtykke til overskridelse.

Amounts are kroner: a YAML integer, or text read by :func:`imdi_ledger.money.parse_ore`
(``"100 000"``, ``"100.000,-"``).  Amounts are never negative (the sign is the column's).  A value
that cannot be read raises :class:`~imdi_ledger.errors.InputError` naming the file, the row (the
YAML line or the CSV row, header = 1) and the key/column.  Whether a fullmakt points to a post that
exists is checked against the posts frame by :func:`fullmakter_findings` (a finding, not an error).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from ..errors import InputError
from ..findings import Finding, Severity
from ..money import MoneyFormatError, parse_ore
from .dialect import normalise_header, sjekk_sum
from .yaml_linjer import DesimalLaster, Sti, YamlDokument, krev_ar, krev_tekst, les_yaml_fil

__all__ = [
    "KAN_OVERFORES",
    "OVERSLAGSBEVILGNING",
    "Kilde",
    "PostFullmakt",
    "AvgittBelastningsfullmakt",
    "AvgittBelastningsfullmaktInntekt",
    "MottattBelastningsfullmakt",
    "Merinntektsfullmakt",
    "Omdisponering",
    "Forskuttering",
    "Innsparing",
    "Overskridelse",
    "Fullmakter",
    "parse_stikkord",
    "nyttes_under",
    "load_fullmakter",
    "read_yaml",
    "fullmakter_findings",
]

KAN_OVERFORES = "kan overføres"
OVERSLAGSBEVILGNING = "overslagsbevilgning"

_NYTTES = re.compile(r"^kan nyttes under\s+(?:kap(?:ittel|\.)?\s*(\d{3,4})\s*,?\s*)?post\s*(\d{1,2})$")
_SPLIT = re.compile(r"\s*[;,]\s*(?=kan\s|overslag)")
_REFERENCE = "R-115 Note B; R-2; R-110"


@dataclass(frozen=True, slots=True)
class Kilde:
    """Where a fullmakt was read: file and row (YAML line or CSV row; header = 1)."""

    file: str
    row: int | None = None


@dataclass(frozen=True, slots=True)
class PostFullmakt:
    """Per-post settings: a stikkord override (``None`` keeps the tildeling's stikkord) and
    last year's bevilgning (øre) for the two-year cap of «kan overføres»."""

    kapittel: str
    post: str
    stikkord: tuple[str, ...] | None = None
    bevilgning_i_fjor_ore: int | None = None
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class AvgittBelastningsfullmakt:
    """Another virksomhet may charge our kapittel/post; what it spent is column d of Note B."""

    kapittel: str
    post: str
    til: str
    innvilget_ore: int
    utgiftsfort_ore: int
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class AvgittBelastningsfullmaktInntekt:
    """Another virksomhet may book income on our inntektskapittel/post (R-111).  It enters no Note B
    column; Note B describes it.  ``innvilget_ore``/``inntektsfort_ore`` are ``None`` when not given."""

    kapittel: str
    post: str
    til: str
    innvilget_ore: int | None = None
    inntektsfort_ore: int | None = None
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class MottattBelastningsfullmakt:
    """We may charge another virksomhet's kapittel/post; explained in Note B, no overføring."""

    kapittel: str
    post: str
    fra: str
    innvilget_ore: int
    brukt_ore: int
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class Merinntektsfullmakt:
    """The expense post may be exceeded by the merinntekt on the income post (column f).

    ``mva_prosent`` (whole percent, 0–100; ``None`` = not applied): the merinntekt that gives
    grunnlag for overskridelse must also cover the merverdiavgift of the overskridelse, which the
    nettoordning books on kap. 1633 post 01; Note B then counts the merinntekt net of that mva
    (formula in :mod:`imdi_ledger.bevilgning.note_b`)."""

    kapittel: str
    post: str
    inntekt_kapittel: str
    inntekt_post: str
    hjemmel: str | None = None
    mva_prosent: int | None = None
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)

    def __post_init__(self) -> None:
        p = self.mva_prosent
        if p is not None and (isinstance(p, bool) or not isinstance(p, int) or not 0 <= p <= 100):
            raise InputError(self.kilde.file, self.kilde.row, "mva_prosent",
                             f"prosentsatsen {p!r} må være et helt tall fra 0 til 100 (f.eks. 25)")


@dataclass(frozen=True, slots=True)
class Omdisponering:
    """Omdisponering fra post 01 til post 45 on one kapittel (R-110): −on 01, +on 45."""

    kapittel: str
    belop_ore: int
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class Forskuttering:
    """Use of next year's bevilgning on post 01 or 21 this year (column g, +)."""

    kapittel: str
    post: str
    belop_ore: int
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class Innsparing:
    """An innsparing that reduces the grunnlag (column h, −), e.g. after an overskridelse
    til investeringsformål mot innsparing i de tre følgende år."""

    kapittel: str
    post: str
    belop_ore: int
    tekst: str | None = None
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class Overskridelse:
    """A samtykke to exceed the bevilgning (e.g. Finansdepartementet).  It covers a merutgift
    (no finding) but does not change any Note B column."""

    kapittel: str
    post: str
    belop_ore: int
    hjemmel: str | None = None
    kilde: Kilde = field(default=Kilde("<ukjent>"), compare=False)


@dataclass(frozen=True, slots=True)
class Fullmakter:
    """All fullmakter of one virksomhet and year."""

    ar: int | None = None
    virksomhet: str | None = None
    poster: tuple[PostFullmakt, ...] = ()
    avgitte: tuple[AvgittBelastningsfullmakt, ...] = ()
    avgitte_inntekt: tuple[AvgittBelastningsfullmaktInntekt, ...] = ()
    mottatte: tuple[MottattBelastningsfullmakt, ...] = ()
    merinntekt: tuple[Merinntektsfullmakt, ...] = ()
    omdisponeringer: tuple[Omdisponering, ...] = ()
    forskutteringer: tuple[Forskuttering, ...] = ()
    innsparinger: tuple[Innsparing, ...] = ()
    overskridelser: tuple[Overskridelse, ...] = ()
    file: str = "<ingen fullmakter>"

    def post(self, kapittel: str, post: str) -> PostFullmakt | None:
        for p in self.poster:
            if p.kapittel == kapittel and p.post == post:
                return p
        return None


# ---------------------------------------------------------------------------------------------
# stikkord


def parse_stikkord(value: object) -> tuple[str, ...]:
    """Canonical stikkord from text or a list; ``None``/blank → ``()``.

    Known: «kan overføres», «overslagsbevilgning», «kan nyttes under post NN» (optionally
    «kan nyttes under kap. KKKK post NN»).  Several may be given separated by ``,`` or ``;``.
    Anything else raises :class:`ValueError` with the unknown word.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:  # float ok
        return ()
    items: list[str]
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value if v is not None]
    else:
        items = [str(value)]
    out: list[str] = []
    for item in items:
        s = item.strip().lower()
        for ch in "«»\"'“”":
            s = s.replace(ch, "")
        s = " ".join(s.split())
        if not s:
            continue
        for part in _SPLIT.split(s):
            part = part.strip().rstrip(".")
            canon = _canon_stikkord(part)
            if canon is None:
                raise ValueError(
                    f"ukjent stikkord {part!r}; kjente: «{KAN_OVERFORES}», «{OVERSLAGSBEVILGNING}», "
                    "«kan nyttes under post NN»"
                )
            if canon not in out:
                out.append(canon)
    return tuple(out)


def _canon_stikkord(part: str) -> str | None:
    if part in ("kan overføres", "kan overfores", "kan overfoeres"):
        return KAN_OVERFORES
    if part == OVERSLAGSBEVILGNING:
        return OVERSLAGSBEVILGNING
    m = _NYTTES.match(part)
    if m:
        kap, post = m.group(1), m.group(2).zfill(2)
        if kap:
            return f"kan nyttes under kap. {kap.zfill(4)} post {post}"
        return f"kan nyttes under post {post}"
    return None


def nyttes_under(stikkord: Sequence[str], kapittel: str) -> list[tuple[str, str]]:
    """The (kapittel, post) pairs a post's bevilgning «kan nyttes under»."""
    out = []
    for s in stikkord:
        m = _NYTTES.match(s)
        if m:
            out.append(((m.group(1) or kapittel).zfill(4), m.group(2).zfill(2)))
    return out


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


def read_yaml(path: str | Path) -> YamlDokument:
    """Read a YAML input file (integers with leading zeros are decimal): the data and the line of
    every key path (:mod:`imdi_ledger.load.yaml_linjer`)."""
    return les_yaml_fil(path, laster=DesimalLaster)


# ---------------------------------------------------------------------------------------------
# field readers (shared by YAML and CSV)


class _Rad:
    """One input record (YAML mapping or CSV row) with its provenance."""

    def __init__(self, data: Mapping[str, Any], file: str, row: int | None, decimal: str | None = None):
        self.data = {normalise_header(k): v for k, v in data.items()}
        self.file = file
        self.row = row
        self.decimal = decimal

    @property
    def kilde(self) -> Kilde:
        return Kilde(self.file, self.row)

    def error(self, column: str | None, message: str) -> InputError:
        return InputError(self.file, self.row, column, message)

    def raw(self, key: str) -> Any:
        v = self.data.get(key)
        if v is None or v is pd.NA or (isinstance(v, str) and not v.strip()):
            return None
        return v

    def text(self, key: str, *, required: bool = False) -> str | None:
        v = self.raw(key)
        if v is None:
            if required:
                raise self.error(key, f"mangler {key!r}")
            return None
        if isinstance(v, (bool, list, dict)):
            raise self.error(key, f"{key!r} skal være tekst, ikke {v!r}"[:120])
        return str(v).strip()

    def kapittel_post(self, kap_key: str = "kapittel", post_key: str = "post") -> tuple[str, str]:
        kap = self.raw(kap_key)
        post = self.raw(post_key)
        combined_key = {"kapittel": "kapittel_post", "inntekt_kapittel": "inntekt"}.get(kap_key)
        if kap is None and combined_key and self.raw(combined_key) is not None:
            return _split_kapittel_post(self, combined_key)
        if kap is None:
            raise self.error(kap_key, f"mangler {kap_key!r}")
        if post is None:
            raise self.error(post_key, f"mangler {post_key!r}")
        return _kapittel(self, kap_key, kap), _post(self, post_key, post)

    def prosent(self, key: str) -> int | None:
        """A whole percent 0–100 (``25``, ``"25"``, ``"25 %"``); ``None`` when blank."""
        v = self.raw(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, str)):
            raise self.error(key, f"prosentsatsen {v!r} må være et helt tall (f.eks. 25)")
        s = str(v).strip().rstrip("%").strip()
        if not re.fullmatch(r"\d{1,3}", s) or int(s) > 100:
            raise self.error(key, f"prosentsatsen {v!r} må være et helt tall fra 0 til 100 (f.eks. 25)")
        return int(s)

    def ore(self, key: str, *, required: bool = True) -> int | None:
        v = self.raw(key)
        if v is None:
            if required:
                raise self.error(key, f"mangler beløpet {key!r}")
            return None
        if isinstance(v, bool) or isinstance(v, float):  # float ok (rejected)
            raise self.error(key, f"beløpet {v!r} må være et heltall (kroner) eller tekst, ikke flyttall")
        if isinstance(v, str):
            s = v.strip()
            decimal = self.decimal
            if s.endswith(",-") or s.endswith(".-"):
                # «100.000,-»: whole kroner; the mark before the dash is the decimal mark
                decimal, s = s[-2], s[:-2]
            try:
                value = parse_ore(s, decimal=decimal)  # type: ignore[arg-type]
            except MoneyFormatError as exc:
                raise self.error(key, str(exc)) from None
        elif isinstance(v, int):
            try:
                value = parse_ore(v)
            except MoneyFormatError as exc:
                raise self.error(key, str(exc)) from None
        else:
            raise self.error(key, f"beløpet {v!r} er ikke et tall")
        if value < 0:
            raise self.error(key, f"beløpet {v!r} er negativt; oppgi beløpet som positivt tall")
        return value


def _kapittel(rad: _Rad, key: str, v: Any) -> str:
    s = str(v).strip()
    if not re.fullmatch(r"\d{3,4}", s):
        raise rad.error(key, f"kapittel {v!r} er ikke et kapittelnummer (4 siffer)")
    return s.zfill(4)


def _post(rad: _Rad, key: str, v: Any) -> str:
    s = str(v).strip()
    if not re.fullmatch(r"\d{1,2}", s):
        raise rad.error(key, f"post {v!r} er ikke et postnummer (2 siffer)")
    return s.zfill(2)


def _split_kapittel_post(rad: _Rad, key: str) -> tuple[str, str]:
    s = str(rad.raw(key)).strip()
    m = re.fullmatch(r"(\d{3,4})[ ./-]?(\d{2})", s)
    if not m:
        raise rad.error(key, f"{s!r} er ikke kapittel og post ('0670 01' eller '067001')")
    return m.group(1).zfill(4), m.group(2)


def _stikkord(rad: _Rad, key: str = "stikkord") -> tuple[str, ...] | None:
    """The stikkord override; ``None`` (keep the tildeling's) when the key is absent or blank, as a
    blank CSV cell is.  An empty YAML list (``stikkord: []``) clears the stikkord."""
    if rad.raw(key) is None:
        return None
    try:
        return parse_stikkord(rad.raw(key))
    except ValueError as exc:
        raise rad.error(key, str(exc)) from None


# ---------------------------------------------------------------------------------------------
# record builders, one per kind of fullmakt


def _post_fullmakt(rad: _Rad) -> PostFullmakt:
    kap, post = rad.kapittel_post()
    return PostFullmakt(kap, post, _stikkord(rad), rad.ore("bevilgning_i_fjor", required=False), rad.kilde)


def _avgitt(rad: _Rad) -> AvgittBelastningsfullmakt:
    kap, post = rad.kapittel_post()
    til = rad.text("til") or rad.text("motpart", required=True)
    return AvgittBelastningsfullmakt(
        kap, post, str(til), int(rad.ore("innvilget") or 0), int(rad.ore("utgiftsfort") or 0), rad.kilde
    )


def _avgitt_inntekt(rad: _Rad) -> AvgittBelastningsfullmaktInntekt:
    kap, post = rad.kapittel_post()
    til = rad.text("til") or rad.text("motpart", required=True)
    return AvgittBelastningsfullmaktInntekt(
        kap, post, str(til), rad.ore("innvilget", required=False), rad.ore("inntektsfort", required=False), rad.kilde
    )


def _mottatt(rad: _Rad) -> MottattBelastningsfullmakt:
    kap, post = rad.kapittel_post()
    fra = rad.text("fra") or rad.text("motpart", required=True)
    return MottattBelastningsfullmakt(
        kap, post, str(fra), int(rad.ore("innvilget") or 0), int(rad.ore("brukt") or 0), rad.kilde
    )


def _merinntekt(rad: _Rad) -> Merinntektsfullmakt:
    kap, post = rad.kapittel_post()
    ikap, ipost = rad.kapittel_post("inntekt_kapittel", "inntekt_post")
    return Merinntektsfullmakt(kap, post, ikap, ipost, rad.text("hjemmel"), rad.prosent("mva_prosent"), rad.kilde)


def _omdisponering(rad: _Rad) -> Omdisponering:
    kap = _kapittel(rad, "kapittel", rad.raw("kapittel")) if rad.raw("kapittel") is not None else None
    if kap is None:
        raise rad.error("kapittel", "mangler 'kapittel'")
    for key, wanted in (("fra_post", "01"), ("til_post", "45")):
        v = rad.raw(key)
        if v is not None and _post(rad, key, v) != wanted:
            raise rad.error(key, f"omdisponering gjelder fra post 01 til post 45 (R-110), ikke {v!r}")
    return Omdisponering(kap, int(rad.ore("belop") or 0), rad.kilde)


def _forskuttering(rad: _Rad) -> Forskuttering:
    kap, post = rad.kapittel_post()
    if post not in ("01", "21"):
        raise rad.error("post", f"forskuttering av neste års bevilgning gjelder post 01 eller 21, ikke {post}")
    return Forskuttering(kap, post, int(rad.ore("belop") or 0), rad.kilde)


def _innsparing(rad: _Rad) -> Innsparing:
    kap, post = rad.kapittel_post()
    return Innsparing(kap, post, int(rad.ore("belop") or 0), rad.text("tekst"), rad.kilde)


def _overskridelse(rad: _Rad) -> Overskridelse:
    kap, post = rad.kapittel_post()
    return Overskridelse(kap, post, int(rad.ore("belop") or 0), rad.text("hjemmel"), rad.kilde)


_SEKSJONER = {
    "poster": ("post", _post_fullmakt),
    "avgitte_belastningsfullmakter": ("avgitt_belastningsfullmakt", _avgitt),
    "avgitte_belastningsfullmakter_inntekt": ("avgitt_belastningsfullmakt_inntekt", _avgitt_inntekt),
    "mottatte_belastningsfullmakter": ("mottatt_belastningsfullmakt", _mottatt),
    "merinntektsfullmakter": ("merinntektsfullmakt", _merinntekt),
    "omdisponeringer": ("omdisponering", _omdisponering),
    "forskutteringer": ("forskuttering", _forskuttering),
    "innsparinger": ("innsparing", _innsparing),
    "overskridelser": ("overskridelse", _overskridelse),
}
_TYPE_TIL_SEKSJON = {typ: seksjon for seksjon, (typ, _) in _SEKSJONER.items()}
_FELT = {
    "poster": "poster",
    "avgitte_belastningsfullmakter": "avgitte",
    "avgitte_belastningsfullmakter_inntekt": "avgitte_inntekt",
    "mottatte_belastningsfullmakter": "mottatte",
    "merinntektsfullmakter": "merinntekt",
    "omdisponeringer": "omdisponeringer",
    "forskutteringer": "forskutteringer",
    "innsparinger": "innsparinger",
    "overskridelser": "overskridelser",
}


def _bygg(file: str, ar: int | None, virksomhet: str | None, per_seksjon: Mapping[str, list[Any]]) -> Fullmakter:
    poster = per_seksjon.get("poster", [])
    seen: dict[tuple[str, str], Kilde] = {}
    for p in poster:
        key = (p.kapittel, p.post)
        if key in seen:
            raise InputError(file, p.kilde.row, "post",
                             f"kapittel/post {p.kapittel} {p.post} er oppgitt to ganger (også rad {seen[key].row})")
        seen[key] = p.kilde
    kwargs = {_FELT[s]: tuple(per_seksjon.get(s, [])) for s in _SEKSJONER}
    # Every amount of the file together within MAKS_ORE, so Note B's sums are exact in int64.
    belop: list[int] = []
    rader: list[int | None] = []
    kolonner: list[str] = []
    for records in kwargs.values():
        for rec in records:
            for f in dataclasses.fields(rec):
                v = getattr(rec, f.name)
                if f.name.endswith("_ore") and isinstance(v, int) and not isinstance(v, bool):
                    belop.append(v)
                    rader.append(rec.kilde.row)
                    kolonner.append(f.name.removesuffix("_ore"))
    sjekk_sum(belop, rader, file, kolonner)
    return Fullmakter(ar=ar, virksomhet=virksomhet, file=file, **kwargs)


def _from_mapping(doc: Mapping[str, Any], file: str, linjer: Mapping[Sti, int] | None = None) -> Fullmakter:
    """Fullmakter from a parsed mapping; ``linjer`` (key path → line, from :func:`read_yaml`)
    places errors and each fullmakt at its line in the file."""
    if not isinstance(doc, Mapping):
        raise InputError(file, None, None, "fullmaktsfilen må være en YAML-mapping med seksjoner")
    linjer = linjer or {}
    known = set(_SEKSJONER) | {"ar", "virksomhet"}
    for key in doc:
        if key not in known:
            raise InputError(file, linjer.get((key,)), str(key),
                             f"ukjent seksjon {key!r}; kjente: {sorted(_SEKSJONER)}")
    ar = doc.get("ar")
    if ar is not None and (isinstance(ar, bool) or not isinstance(ar, int)):
        raise InputError(file, linjer.get(("ar",)), "ar", f"år {ar!r} er ikke et heltall")
    if ar is not None:
        ar = krev_ar(ar, file, linjer.get(("ar",)))
    krev_tekst(doc.get("virksomhet"), file, linjer.get(("virksomhet",)), "virksomhet")
    per_seksjon: dict[str, list[Any]] = {}
    for seksjon, (_, builder) in _SEKSJONER.items():
        items = doc.get(seksjon) or []
        if not isinstance(items, list):
            raise InputError(file, linjer.get((seksjon,)), seksjon, f"seksjonen {seksjon!r} må være en liste")
        out = []
        for i, item in enumerate(items):
            row = linjer.get((seksjon, i), i + 1) if isinstance(item, Mapping) else linjer.get((seksjon, i))
            if not isinstance(item, Mapping):
                raise InputError(file, row, seksjon, f"element {i + 1} i {seksjon!r} er ikke en mapping")
            out.append(builder(_Rad(item, file, row)))
        per_seksjon[seksjon] = out
    virksomhet = doc.get("virksomhet")
    return _bygg(file, ar, None if virksomhet is None else str(virksomhet), per_seksjon)


def _from_csv(source: str | Path | pd.DataFrame, name: str | None) -> Fullmakter:
    from .dialect import read_table

    raw = read_table(
        source,
        required=("type", "kapittel", "post"),
        optional=("stikkord", "bevilgning_i_fjor", "motpart", "innvilget", "utgiftsfort", "inntektsfort",
                  "brukt", "belop", "inntekt_kapittel", "inntekt_post", "hjemmel", "tekst", "mva_prosent"),
        money=("bevilgning_i_fjor", "innvilget", "utgiftsfort", "inntektsfort", "brukt", "belop"),
        name=name,
    )
    per_seksjon: dict[str, list[Any]] = {s: [] for s in _SEKSJONER}
    records = raw.frame.drop(columns=["_file"]).to_dict("records")
    for rec in records:
        row = int(rec.pop("_row"))
        rad = _Rad(rec, raw.file, row, raw.decimal)
        typ = (rad.text("type", required=True) or "").lower()
        seksjon = _TYPE_TIL_SEKSJON.get(typ)
        if seksjon is None:
            raise rad.error("type", f"ukjent type {typ!r}; kjente: {sorted(_TYPE_TIL_SEKSJON)}")
        per_seksjon[seksjon].append(_SEKSJONER[seksjon][1](rad))
    return _bygg(raw.file, None, None, per_seksjon)


def load_fullmakter(source: str | Path | Mapping[str, Any] | pd.DataFrame, *, name: str | None = None,
                    ar: int | None = None) -> Fullmakter:
    """Load fullmakter from a YAML file (``.yaml``/``.yml``), a CSV/Excel file or frame (one row
    per fullmakt with a ``type`` column), or an already parsed mapping.  ``ar``: the year the
    fullmakter are for (the folder loader passes the year of the file name); a YAML ``ar`` that
    differs is an :class:`InputError`, and a file without one gets it."""
    if isinstance(source, Mapping):
        f = _from_mapping(source, name or "<fullmakter>")
    elif isinstance(source, pd.DataFrame):
        f = _from_csv(source, name or "<fullmakter>")
    else:
        p = Path(source)
        if p.suffix.lower() in (".yaml", ".yml"):
            dokument = read_yaml(p)
            if dokument.data is None:
                f = Fullmakter(file=str(p))
            else:
                f = _from_mapping(dokument.data, str(p), dokument.linjer)
                if ar is not None and f.ar is not None and f.ar != ar:
                    raise InputError(str(p), dokument.linje("ar"), "ar", f"fullmaktene gjelder {f.ar}, ikke {ar}")
        else:
            f = _from_csv(p, name)
    if ar is not None and f.ar is None:
        f = dataclasses.replace(f, ar=int(ar))
    return f


# ---------------------------------------------------------------------------------------------
# checks against the posts frame


def _alle_referanser(f: Fullmakter) -> Iterable[tuple[str, str, str, Kilde]]:
    for p in f.poster:
        yield p.kapittel, p.post, "post", p.kilde
    for a in f.avgitte:
        yield a.kapittel, a.post, "avgitt belastningsfullmakt", a.kilde
    for ai in f.avgitte_inntekt:
        yield ai.kapittel, ai.post, "avgitt belastningsfullmakt (inntekt)", ai.kilde
    for m in f.mottatte:
        yield m.kapittel, m.post, "mottatt belastningsfullmakt", m.kilde
    for mi in f.merinntekt:
        yield mi.kapittel, mi.post, "merinntektsfullmakt (utgift)", mi.kilde
        yield mi.inntekt_kapittel, mi.inntekt_post, "merinntektsfullmakt (inntekt)", mi.kilde
    for o in f.omdisponeringer:
        yield o.kapittel, "01", "omdisponering (fra post 01)", o.kilde
        yield o.kapittel, "45", "omdisponering (til post 45)", o.kilde
    for fs in f.forskutteringer:
        yield fs.kapittel, fs.post, "forskuttering", fs.kilde
    for i in f.innsparinger:
        yield i.kapittel, i.post, "innsparing", i.kilde
    for s in f.overskridelser:
        yield s.kapittel, s.post, "overskridelse", s.kilde


def fullmakter_findings(fullmakter: Fullmakter, poster: pd.DataFrame) -> list[Finding]:
    """Findings for fullmakter that point to a kapittel/post missing from the posts frame, to the
    wrong kind of post (a merinntektsfullmakt's income post must be an inntekt post), and for
    belastningsfullmakter used beyond what was granted.  Never raises for data problems."""
    types = {
        (str(k), str(p)): str(t)
        for k, p, t in zip(poster["kapittel"], poster["post"], poster["type"])
    }
    out: list[Finding] = []
    for kap, post, hva, kilde in _alle_referanser(fullmakter):
        if (kap, post) not in types:
            out.append(Finding(
                rule="NOTEB-UKJENT-POST", severity=Severity.ERROR, statement="note_b",
                line=f"{kap} {post}",
                message=f"{hva} gjelder kapittel/post {kap} {post}, som ikke finnes i bevilgningsrapporteringen; "
                        "fullmakten er ikke regnet med",
                reference=_REFERENCE, file=kilde.file, row=kilde.row, column="kapittel",
            ))
    utgift_only = (
        [(a.kapittel, a.post, "avgitt belastningsfullmakt", a.kilde) for a in fullmakter.avgitte]
        + [(o.kapittel, p, "omdisponering", o.kilde) for o in fullmakter.omdisponeringer for p in ("01", "45")]
        + [(x.kapittel, x.post, "forskuttering", x.kilde) for x in fullmakter.forskutteringer]
        + [(x.kapittel, x.post, "innsparing", x.kilde) for x in fullmakter.innsparinger]
        + [(x.kapittel, x.post, "overskridelse", x.kilde) for x in fullmakter.overskridelser]
    )
    for kap, post, hva, kilde in utgift_only:
        t = types.get((kap, post))
        if t is not None and t != "utgift":
            avgitt = hva == "avgitt belastningsfullmakt"
            out.append(Finding(
                rule="NOTEB-FULLMAKT-POSTTYPE", severity=Severity.INFO if avgitt else Severity.ERROR,
                statement="note_b", line=f"{kap} {post}",
                message=f"{hva} på {kap} {post}, som er en {t}spost; "
                        + ("beskrives i Note B (forklaring og fotnote, R-111), inngår ikke i noen kolonne" if avgitt
                           else "fullmakten er ikke regnet med"),
                reference=_REFERENCE, file=kilde.file, row=kilde.row, column="kapittel",
            ))
    for ai in fullmakter.avgitte_inntekt:
        t = types.get((ai.kapittel, ai.post))
        if t is not None and t != "inntekt":
            out.append(Finding(
                rule="NOTEB-BELASTNING-INNTEKT-POSTTYPE", severity=Severity.ERROR, statement="note_b",
                line=f"{ai.kapittel} {ai.post}",
                message=f"avgitt belastningsfullmakt på inntektskapittel til {ai.til} gjelder {ai.kapittel} {ai.post}, "
                        f"som er en {t}spost; fullmakten beskrives ikke i Note B (oppgi den under "
                        "avgitte_belastningsfullmakter hvis den gjelder utgifter)",
                reference="R-111; R-115 Note B (avgitte belastningsfullmakter på inntektskapitler)",
                file=ai.kilde.file, row=ai.kilde.row, column="kapittel",
            ))
        if ai.innvilget_ore is not None and ai.inntektsfort_ore is not None and ai.inntektsfort_ore > ai.innvilget_ore:
            out.append(Finding(
                rule="NOTEB-BELASTNING-OVERSKREDET", severity=Severity.ERROR, statement="note_b",
                line=f"{ai.kapittel} {ai.post}",
                message=f"{ai.til} har inntektsført mer enn den avgitte belastningsfullmakten på "
                        f"{ai.kapittel} {ai.post}",
                expected_ore=ai.innvilget_ore, actual_ore=ai.inntektsfort_ore,
                reference="R-111; R-115 Note B (avgitte belastningsfullmakter på inntektskapitler)",
                file=ai.kilde.file, row=ai.kilde.row, column="inntektsfort",
            ))
    for mi in fullmakter.merinntekt:
        for kap, post, want, col in ((mi.kapittel, mi.post, "utgift", "kapittel"),
                                     (mi.inntekt_kapittel, mi.inntekt_post, "inntekt", "inntekt_kapittel")):
            t = types.get((kap, post))
            if t is not None and t != want:
                out.append(Finding(
                    rule="NOTEB-MERINNTEKT-POSTTYPE", severity=Severity.ERROR, statement="note_b",
                    line=f"{kap} {post}",
                    message=f"merinntektsfullmakt: {kap} {post} er en {t}spost, ventet {want}spost; "
                            "fullmakten er ikke regnet med",
                    reference="R-115 Note B kolonne f; Stortingets merinntektsfullmakt",
                    file=mi.kilde.file, row=mi.kilde.row, column=col,
                ))
    for a in fullmakter.avgitte:
        if a.utgiftsfort_ore > a.innvilget_ore:
            out.append(Finding(
                rule="NOTEB-BELASTNING-OVERSKREDET", severity=Severity.ERROR, statement="note_b",
                line=f"{a.kapittel} {a.post}",
                message=f"{a.til} har utgiftsført mer enn den avgitte belastningsfullmakten på {a.kapittel} {a.post}",
                expected_ore=a.innvilget_ore, actual_ore=a.utgiftsfort_ore,
                reference="R-115 prinsippnote og Note B (avgitte belastningsfullmakter)",
                file=a.kilde.file, row=a.kilde.row, column="utgiftsfort",
            ))
    for m in fullmakter.mottatte:
        if m.brukt_ore > m.innvilget_ore:
            out.append(Finding(
                rule="NOTEB-BELASTNING-OVERSKREDET", severity=Severity.ERROR, statement="note_b",
                line=f"{m.kapittel} {m.post}",
                message=f"brukt mer enn den mottatte belastningsfullmakten fra {m.fra} på {m.kapittel} {m.post}",
                expected_ore=m.innvilget_ore, actual_ore=m.brukt_ore,
                reference="R-115 prinsippnote og Note B (mottatte belastningsfullmakter)",
                file=m.kilde.file, row=m.kilde.row, column="brukt",
            ))
    return out
