"""The example notebook (percent-format script) runs from top to bottom."""

import runpy
from pathlib import Path


def test_notebook_runs(monkeypatch, capsys):
    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    ns = runpy.run_path(str(root / "examples" / "gjennomgang.py"))
    assert ns["regnskap"].bevilgning.sum_rapportert_ore == 0
    assert ns["note_7a"].uforklart_ore == 0
    assert "kongruensavvik" in capsys.readouterr().out
    assert (ns["publisert"]["severity"] == "error").any()
