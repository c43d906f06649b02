"""The example notebooks (``examples/*.ipynb``) executed top to bottom by a Jupyter kernel, as a
user opens them from a fresh clone: no cell raises, every plot cell shows a picture, and tables
of amounts show Norwegian kroner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is in the test extras; install '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="nbclient is in the test extras; install '.[test]'")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ("gjennomgang", "egen_virksomhet", "note_b_hosten", "verifisere")


def _kjor(navn: str) -> dict:
    nb = nbformat.read(ROOT / "examples" / f"{navn}.ipynb", as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "examples")}}).execute()
    return nb


@pytest.fixture(scope="module", params=NOTEBOOKS)
def kjort(request):
    return request.param, _kjor(request.param)


def _utdata(celle: dict) -> list[dict]:
    return [o for o in celle.get("outputs", []) if o.get("output_type") in ("execute_result", "display_data")]


def test_every_cell_ran_without_error(kjort):
    navn, nb = kjort
    koder = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert koder and all(c.execution_count is not None for c in koder), navn
    for c in koder:
        assert not [o for o in c.outputs if o.output_type == "error"], (navn, c.source[:80])
        tekst = "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream")
        assert "Traceback" not in tekst and "Warning" not in tekst, (navn, tekst[:300])


def test_every_plot_cell_shows_a_picture(kjort):
    navn, nb = kjort
    plott = [c for c in nb.cells if c.cell_type == "code" and "render.plott import" in c.source]
    assert plott, f"{navn}: no plot"
    i = nb.cells.index(plott[0])
    bilder = [o for c in nb.cells[i:] if c.cell_type == "code" for o in _utdata(c) if "image/png" in o["data"]]
    assert bilder, navn
    for o in bilder:     # a real picture, not an empty canvas: a PNG of some size
        assert len(o["data"]["image/png"]) > 5_000


_KRONER = re.compile(r">-?\d{1,3}(?:[ \u00a0]\d{3})*,\d{2}<")


def test_amount_tables_show_norwegian_kroner(kjort):
    """Every table a notebook shows has its amounts in Norwegian kroner («1 105 226,00»), none in
    øre under an ``_ore`` heading."""
    navn, nb = kjort
    html = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in _utdata(c)
            if "text/html" in o["data"]]
    assert html, navn
    for h in html:
        assert "_ore</th>" not in h, (navn, h[:300])
    assert any(_KRONER.search(h) for h in html), navn


def test_the_committed_notebooks_carry_no_outputs():
    """Outputs are made by running; the committed .ipynb is the script's cells only."""
    for navn in NOTEBOOKS:
        nb = json.loads((ROOT / "examples" / f"{navn}.ipynb").read_text(encoding="utf-8"))
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), navn
