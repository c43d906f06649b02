"""YAML with the line of every value: one reader for the loaders that report an input error at
its line in the file (tildeling, fullmakter, Note C, the published årsregnskap).

:func:`les_yaml` parses the text once and returns the data with a map from each value's key path
(``("poster", 3, "kapittel")``) to the 1-based line where that value starts (a block mapping or
list under a key starts on the line after the key).  Unreadable YAML raises :class:`InputError` with
the line of the problem.

Every YAML input is read with limits (``docs/formats.md``): at most :data:`MAKS_YAML_TEGN`
characters, nesting at most :data:`MAKS_YAML_DYBDE` levels deep, and no anchors or aliases (none
of the formats uses them, and an alias lets a file of a few hundred bytes stand for gigabytes of
data).  The limits are checked while the parser composes the document, before anything is built
from it, so a hostile file costs no more memory than its own size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..errors import InputError

__all__ = ["Sti", "YamlDokument", "les_yaml", "les_yaml_fil", "DesimalLaster", "MAKS_YAML_TEGN",
           "MAKS_YAML_DYBDE", "les_yaml_tekst", "krev_ar",
           "krev_tekst", "AR_FRA", "AR_TIL"]

#: The plausible years of an input (``ar``/``year``).
AR_FRA, AR_TIL = 2000, 2100

#: The largest YAML input read, in characters (the published IMDi 2025 årsregnskap is 30 000).
MAKS_YAML_TEGN = 10_000_000
#: The deepest nesting of mappings and lists read (the formats need at most 6).
MAKS_YAML_DYBDE = 50

#: Key path of a value in a YAML document: mapping keys and list positions.
Sti = tuple[str | int, ...]


class DesimalLaster(yaml.SafeLoader):
    """SafeLoader that reads an integer with leading zeros as decimal (YAML 1.1 reads ``0670`` as
    octal 440; kapittel numbers are decimal with leading zeros)."""


def _decimal_int(loader: DesimalLaster, node: yaml.ScalarNode) -> int:
    text = str(node.value).replace("_", "")
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text, 10)
    return int(yaml.SafeLoader.construct_yaml_int(loader, node))


DesimalLaster.add_constructor("tag:yaml.org,2002:int", _decimal_int)


@dataclass(frozen=True)
class YamlDokument:
    """A parsed YAML document and the 1-based line where the value at each key path starts."""

    data: Any
    linjer: Mapping[Sti, int] = field(default_factory=dict, repr=False)

    def linje(self, *sti: str | int) -> int | None:
        """The line of the value at ``sti`` (``None`` when the path is not in the document)."""
        return self.linjer.get(tuple(sti))


def _linjer_fra_noder(node: yaml.Node, sti: Sti, out: dict[Sti, int]) -> None:
    """The line of every key path; a key twice in one mapping raises :class:`_Grense` (YAML
    would keep the last value and drop the first without a word)."""
    out[sti] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        sett: set[str] = set()
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                if k.value in sett:
                    raise _Grense(k.start_mark.line + 1, f"nøkkelen {k.value[:40]!r} står to ganger i samme tabell")
                sett.add(k.value)
                _linjer_fra_noder(v, sti + (k.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _linjer_fra_noder(v, sti + (i,), out)


class _Grense(ValueError):
    """A limit of the reader passed at a line (raised inside the composer)."""

    def __init__(self, linje: int, melding: str) -> None:
        super().__init__(melding)
        self.linje = linje
        self.melding = melding


def _komponer_med_grenser(loader: yaml.SafeLoader) -> yaml.Node | None:
    """``loader.get_single_node()`` with the limits: no anchor or alias, nesting at most
    :data:`MAKS_YAML_DYBDE`.  PyYAML's composer recurses once per level, so the depth is
    checked on the events before it does."""
    dybde = 0
    original = loader.compose_node

    def compose_node(parent, index):  # type: ignore[no-untyped-def]
        nonlocal dybde
        event = loader.peek_event()
        linje = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            raise _Grense(linje, f"aliaset *{event.anchor} er ikke tillatt (ingen av formatene bruker "
                                 "ankre eller alias)")
        if getattr(event, "anchor", None) is not None:
            raise _Grense(linje, f"ankeret &{event.anchor} er ikke tillatt (ingen av formatene bruker "
                                 "ankre eller alias)")
        dybde += 1
        try:
            if dybde > MAKS_YAML_DYBDE:
                raise _Grense(linje, f"nøstet mer enn {MAKS_YAML_DYBDE} nivåer dypt")
            return original(parent, index)
        finally:
            dybde -= 1

    loader.compose_node = compose_node  # type: ignore[method-assign]
    return loader.get_single_node()


def _konstruer(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``loader.construct_document(node)``; a scalar the safe constructors cannot turn into a
    value (a date 2025-13-45, an integer of more than 4300 digits) raises :class:`_Grense` at its
    line instead of a bare ``ValueError``."""
    original = loader.construct_object

    def construct_object(n, deep=False):  # type: ignore[no-untyped-def]
        try:
            return original(n, deep=deep)
        except (ValueError, OverflowError) as exc:
            if isinstance(exc, _Grense):
                raise
            raise _Grense(n.start_mark.line + 1, f"verdien {str(n.value)[:40]!r} kan ikke leses ({exc})"
                          if isinstance(n, yaml.ScalarNode) else str(exc)) from None

    loader.construct_object = construct_object  # type: ignore[method-assign]
    return loader.construct_document(node)


def les_yaml(text: str, fil: str, *, laster: type[yaml.SafeLoader] = yaml.SafeLoader,
             melding: str = "ugyldig YAML") -> YamlDokument:
    """Parse ``text`` (the contents of ``fil``) once: the data and the line of every key path.

    ``laster`` is a :class:`yaml.SafeLoader` (or subclass, e.g. :class:`DesimalLaster`).
    Invalid YAML raises :class:`InputError` naming ``fil`` and the line of the problem, with
    ``melding`` before the parser's explanation.  A text beyond the limits (size, depth, an
    anchor or alias) raises :class:`InputError` too, before it is built."""
    if len(text) > MAKS_YAML_TEGN:
        raise InputError(fil, None, None, f"filen er for stor ({len(text)} tegn; grensen for YAML er "
                                          f"{MAKS_YAML_TEGN})")
    loader = None
    try:
        loader = laster(text)
        node = _komponer_med_grenser(loader)
        linjer: dict[Sti, int] = {}
        if node is not None:
            _linjer_fra_noder(node, (), linjer)
        data = _konstruer(loader, node) if node is not None else None
    except _Grense as exc:
        raise InputError(fil, exc.linje, None, f"{melding}: {exc.melding}") from None
    except yaml.reader.ReaderError as exc:
        raise InputError(fil, text[: exc.position].count("\n") + 1, None,
                         f"{melding}: tegnet U+{exc.character:04X} er ikke tillatt i YAML") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(fil, mark.line + 1 if mark is not None else None, None,
                         f"{melding}: {getattr(exc, 'problem', None) or exc}") from None
    except (ValueError, OverflowError, TypeError) as exc:
        # A scalar the safe constructors cannot turn into a value: a date 2025-13-45, an
        # integer of more than 4300 digits, an unhashable key.
        raise InputError(fil, None, None, f"{melding}: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDokument(data, linjer)


def les_yaml_fil(path: str | Path, *, laster: type[yaml.SafeLoader] = yaml.SafeLoader,
                 melding: str = "ugyldig YAML") -> YamlDokument:
    """:func:`les_yaml` of a file (UTF-8, with or without BOM); an unreadable file raises
    :class:`InputError`."""
    p = Path(path)
    text = les_yaml_tekst(p, "kan ikke lese filen")
    return les_yaml(text, str(p), laster=laster, melding=melding)


def les_yaml_tekst(path: str | Path, melding: str = "kan ikke lese filen") -> str:
    """The text of a YAML file (UTF-8, with or without BOM), reading no more than
    :data:`MAKS_YAML_TEGN` bytes: a larger file, an unreadable one or one that is not UTF-8
    raises :class:`InputError` (``melding`` before the reason) naming the file and, for bad
    UTF-8, the line."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(MAKS_YAML_TEGN + 4)
    except OSError as exc:
        raise InputError(str(p), None, None, f"{melding}: {exc.strerror or exc}") from None
    if len(data) > MAKS_YAML_TEGN + 3:
        raise InputError(str(p), None, None, f"filen er for stor (over {MAKS_YAML_TEGN} byte, grensen for YAML)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(p), data[: exc.start].count(b"\n") + 1, None,
                         f"{melding}: filen er ikke UTF-8 (byte 0x{data[exc.start]:02x})") from None


def krev_ar(v: object, fil: str, linje: int | None, kolonne: str = "ar") -> int:
    """A year read from YAML: an integer (or its four digits as text) from :data:`AR_FRA` to
    :data:`AR_TIL`; anything else raises :class:`InputError` at ``linje``."""
    tekst = str(v).strip() if isinstance(v, (int, str)) and not isinstance(v, bool) else ""
    if not (tekst.isascii() and tekst.isdigit() and len(tekst) == 4):
        vist = repr(v) if len(repr(v)) <= 40 else repr(v)[:40] + "…"
        raise InputError(fil, linje, kolonne, f"året {vist} er ikke et årstall (ÅÅÅÅ)")
    ar = int(tekst)
    if not AR_FRA <= ar <= AR_TIL:
        raise InputError(fil, linje, kolonne, f"året {ar} er ikke et plausibelt regnskapsår ({AR_FRA}–{AR_TIL})")
    return ar


def krev_tekst(v: object, fil: str, linje: int | None, kolonne: str) -> str | None:
    """A text field read from YAML: text, a number (kept as its digits) or null; a list, a
    mapping or true/false raises :class:`InputError` at ``linje``."""
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):  # float ok: shown as text
        navn = "en liste" if isinstance(v, list) else "en tabell av nøkler" if isinstance(v, dict) else repr(v)
        raise InputError(fil, linje, kolonne, f"{kolonne!r} skal være tekst, ikke {navn}")
    return str(v)
