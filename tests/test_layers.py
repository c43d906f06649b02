"""The package's layers point only down, and its package-level import graph has no cycle.

Every ``import`` of every module is read from the source (module level, inside functions and
under ``TYPE_CHECKING`` alike).  A unit is a top-level module or subpackage of
``imdi_ledger``; each has a layer (``docs/CONTRACTS.md``).  A unit may import units of its own
layer or below, never above, and the graph of units must be acyclic.  One exception is named:
``tabell`` prints itself through the text renderer (``str(tabell)``, notebook display).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import imdi_ledger

PAKKE = Path(imdi_ledger.__file__).parent

#: Layer of each unit, bottom (0) to top.
LAG: dict[str, int] = {
    "_version": 0, "_minne": 0, "_prosess": 0, "money": 0, "errors": 0, "findings": 0, "tabell": 0, "regelverk": 0,
    "kontoplan": 1,
    "load": 2,
    "mellomvaerende": 3, "bevilgning": 3, "artskonto": 3, "srs": 3, "note7": 3,
    "regnskap": 4,
    "avstemming": 5,
    "render": 6,
    "eksempel": 7, "rapport": 7, "batch": 7, "cli": 7, "__init__": 7, "__main__": 7,
    "testing": 8,
}

#: Deliberate upward references: (importing unit, imported unit).
UNNTAK: frozenset[tuple[str, str]] = frozenset({("tabell", "render")})


def _enhet(path: Path) -> str:
    rel = path.relative_to(PAKKE)
    return rel.parts[0].removesuffix(".py")


def _er_enhet(navn: str) -> bool:
    return (PAKKE / f"{navn}.py").is_file() or (PAKKE / navn / "__init__.py").is_file()


def _modulnavn(path: Path) -> list[str]:
    rel = path.relative_to(PAKKE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ["imdi_ledger", *parts]


def _importerte_enheter(path: Path, tekst: str | None = None) -> set[str]:
    """Units of ``imdi_ledger`` imported anywhere in the module at ``path`` (or in ``tekst``
    read as if it stood at ``path``)."""
    if tekst is None:
        tekst = path.read_text(encoding="utf-8")
    tree = ast.parse(tekst, filename=str(path))
    pakke = _modulnavn(path)
    if path.name != "__init__.py":
        pakke = pakke[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            navn = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pakke[: len(pakke) - (node.level - 1)]
                full = base + (node.module.split(".") if node.module else [])
                if node.module:
                    navn = [".".join(full)]
                else:
                    navn = [".".join(full + [a.name]) for a in node.names]
            else:
                navn = [node.module or ""]
        else:
            continue
        for n in navn:
            parts = n.split(".")
            if parts[0] != "imdi_ledger":
                continue
            if len(parts) > 1 and _er_enhet(parts[1]):
                out.add(parts[1])
            else:  # a name defined in the package's __init__
                out.add("__init__")
    return out


def _graf() -> dict[str, set[str]]:
    graf: dict[str, set[str]] = {}
    for path in sorted(PAKKE.rglob("*.py")):
        enhet = _enhet(path)
        graf.setdefault(enhet, set()).update(e for e in _importerte_enheter(path) if e != enhet)
    return graf


def test_every_unit_has_a_layer() -> None:
    assert set(_graf()) <= set(LAG), sorted(set(_graf()) - set(LAG))


def test_imports_point_down() -> None:
    brudd = [(a, b) for a, bs in _graf().items() for b in sorted(bs)
             if LAG[b] > LAG[a] and (a, b) not in UNNTAK]
    assert brudd == []


def test_exceptions_are_still_needed() -> None:
    graf = _graf()
    assert all(b in graf.get(a, set()) for a, b in UNNTAK)


def test_package_import_graph_has_no_cycle() -> None:
    graf = {a: {b for b in bs if (a, b) not in UNNTAK} for a, bs in _graf().items()}
    farge: dict[str, int] = {}
    sti: list[str] = []

    def besok(n: str) -> None:
        farge[n] = 1
        sti.append(n)
        for m in sorted(graf.get(n, ())):
            if farge.get(m) == 1:
                pytest.fail("importsyklus: " + " → ".join(sti[sti.index(m):] + [m]))
            if m not in farge:
                besok(m)
        sti.pop()
        farge[n] = 2

    for n in sorted(graf):
        if n not in farge:
            besok(n)


def test_the_checker_sees_an_upward_import() -> None:
    """Relative imports resolve to their unit: in ``load/grunnlag.py``, ``..regnskap`` is the
    unit ``regnskap`` (a layer above), which the layering test then reports."""
    tekst = "from ..regnskap import beregn\nfrom . import srapport\nimport imdi_ledger.render.text\n"
    enheter = _importerte_enheter(PAKKE / "load" / "grunnlag.py", tekst)
    assert enheter == {"regnskap", "load", "render"}
    assert [e for e in sorted(enheter) if LAG[e] > LAG["load"]] == ["regnskap", "render"]
