"""docs/checks.md is generated from the rule catalogue and must not be stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from imdi_ledger.avstemming import REGLER

ROT = Path(__file__).resolve().parents[1]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_checks_doc", ROT / "tools" / "gen_checks_doc.py")
    modul = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(modul)  # type: ignore[union-attr]
    return modul


def test_checks_md_is_current() -> None:
    tekst = _generator().render_checks_doc()
    assert (ROT / "docs" / "checks.md").read_text(encoding="utf-8") == tekst, (
        "docs/checks.md is stale: run python tools/gen_checks_doc.py"
    )


def test_every_rule_is_documented() -> None:
    tekst = _generator().render_checks_doc()
    assert all(f"| `{r.id}` |" in tekst for r in REGLER)
