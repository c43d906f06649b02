"""The example notebooks (percent-format scripts, with their .ipynb beside them) run from top to
bottom, each from the repository alone."""

import json
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ("gjennomgang", "egen_virksomhet", "note_b_hosten", "verifisere")


def _kjor(navn: str, monkeypatch) -> dict:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return runpy.run_path(str(ROOT / "examples" / f"{navn}.py"))


def test_notebook_runs(monkeypatch, capsys):
    ns = _kjor("gjennomgang", monkeypatch)
    assert ns["regnskap"].bevilgning.sum_rapportert_ore == 0
    assert ns["note_7a"].uforklart_ore == 0
    assert "kongruensavvik" in capsys.readouterr().out
    assert (ns["publisert"]["severity"] == "error").any()


def test_own_agency_notebook(monkeypatch):
    ns = _kjor("egen_virksomhet", monkeypatch)
    assert ns["regnskap"].bevilgning.netto_rapportert_ore == ns["regnskap"].artskonto.netto_rapportert_ore
    assert not any(f.severity.value == "error" for f in ns["funn"])
    assert (ns["UT"] / "funn.json").is_file() and (ns["UT"] / "plott" / "note7a_fossefall.svg").is_file()


def test_note_b_notebook(monkeypatch):
    ns = _kjor("note_b_hosten", monkeypatch)
    rad = ns["rad"]
    assert rad["mulig_overforbart_for_ore"] - rad["mulig_overforbart_etter_ore"] == 5_000_000 * 100
    assert ns["k"] == 1_386_322_175


def test_verify_notebook(monkeypatch):
    ns = _kjor("verifisere", monkeypatch)
    assert len(ns["feil"]) > 0 and {"X-NOTE5-NOTEC", "NOTEB-MAKS"} & set(ns["ramme"]["rule"])


@pytest.mark.parametrize("navn", NOTEBOOKS)
def test_ipynb_is_the_script(navn):
    """The .ipynb holds the script's cells, in order (regenerate with tools/percent_to_ipynb.py)."""
    nb = json.loads((ROOT / "examples" / f"{navn}.ipynb").read_text(encoding="utf-8"))
    kilde = "".join("".join(c["source"]) for c in nb["cells"])
    skript = (ROOT / "examples" / f"{navn}.py").read_text(encoding="utf-8")
    for c in nb["cells"]:
        tekst = "".join(c["source"]).strip()
        if c["cell_type"] == "code" and tekst:
            assert tekst in skript, (navn, tekst[:60])
    assert kilde
