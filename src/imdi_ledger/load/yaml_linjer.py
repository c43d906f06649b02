"""YAML with the line of every value: one reader for the loaders that report an input error at
its line in the file (tildeling, fullmakter, Note C, the published årsregnskap).

:func:`les_yaml` parses the text once and returns the data with a map from each value's key path
(``("poster", 3, "kapittel")``) to the 1-based line where that value starts (a block mapping or
list under a key starts on the line after the key).  Unreadable YAML raises :class:`InputError` with
the line of the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..errors import InputError

__all__ = ["Sti", "YamlDokument", "les_yaml", "les_yaml_fil", "DesimalLaster"]

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
    out[sti] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                _linjer_fra_noder(v, sti + (k.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _linjer_fra_noder(v, sti + (i,), out)


def les_yaml(text: str, fil: str, *, laster: type[yaml.SafeLoader] = yaml.SafeLoader,
             melding: str = "ugyldig YAML") -> YamlDokument:
    """Parse ``text`` (the contents of ``fil``) once: the data and the line of every key path.

    ``laster`` is a :class:`yaml.SafeLoader` (or subclass, e.g. :class:`DesimalLaster`).
    Invalid YAML raises :class:`InputError` naming ``fil`` and the line of the problem, with
    ``melding`` before the parser's explanation."""
    loader = laster(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(fil, mark.line + 1 if mark is not None else None, None,
                         f"{melding}: {getattr(exc, 'problem', None) or exc}") from None
    finally:
        loader.dispose()
    linjer: dict[Sti, int] = {}
    if node is not None:
        _linjer_fra_noder(node, (), linjer)
    return YamlDokument(data, linjer)


def les_yaml_fil(path: str | Path, *, laster: type[yaml.SafeLoader] = yaml.SafeLoader,
                 melding: str = "ugyldig YAML") -> YamlDokument:
    """:func:`les_yaml` of a file (UTF-8, with or without BOM); an unreadable file raises
    :class:`InputError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(p), None, None, f"kan ikke lese filen: {getattr(exc, 'strerror', None) or exc}") from None
    return les_yaml(text, str(p), laster=laster, melding=melding)
