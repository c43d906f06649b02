"""Property: verify and every rule never raise on a schema-valid årsregnskap (random integers
and nulls in the published YAML's shape, rows and optional sections left out)."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imdi_ledger.avstemming import REGLER, Figurer, verify
from imdi_ledger.avstemming.aarsregnskap import SEKSJONER
from imdi_ledger.eksempel import publisert_fil

PUBLISERT = publisert_fil("imdi-2025")

_BELOP = st.one_of(st.none(), st.integers(-10**12, 10**12), st.sampled_from([0, 1, -1, 5, 100]))


#: Keys that are part of the schema rather than figures (unit of a row, sign of a line, the year).
_FAST = frozenset({"unit", "sign", "year"})


def _form(v: Any, toppniva: bool = False) -> st.SearchStrategy[Any]:
    """A strategy for values shaped like ``v``: ints become random amounts or null, lists
    become sub-lists of their rows, mapping keys may be left out (top level: sections)."""
    if isinstance(v, bool) or isinstance(v, str) or v is None:
        return st.just(v)
    if isinstance(v, int):
        return _BELOP
    if isinstance(v, list):
        if not v:
            return st.just([])
        return st.lists(st.one_of(*[_form(x) for x in v[:6]]), max_size=len(v) + 1)
    if isinstance(v, dict):
        deler = {k: (st.just(x) if k in _FAST else _form(x)) for k, x in v.items()}
        return st.fixed_dictionaries({}, optional=deler) if not toppniva else st.fixed_dictionaries(
            {"year": st.just(2025)}, optional={k: s for k, s in deler.items() if k != "year"})
    return st.just(v)


_MAL = yaml.safe_load(PUBLISERT.read_text(encoding="utf-8"))
_DOK = _form(_MAL, toppniva=True).filter(lambda d: any(s in d for s in SEKSJONER))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_DOK, st.sampled_from(["kroner", "ore"]))
def test_rules_never_raise_on_schema_valid_input(d: dict[str, Any], presisjon: str) -> None:
    a = Figurer.from_dict(d, presisjon=presisjon)  # type: ignore[arg-type]
    funn = verify(a)
    assert all(f.rule in {r.id for r in REGLER} for f in funn)
    for r in REGLER:
        assert isinstance(r(a), list)
