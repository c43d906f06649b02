"""Plots: their data equal the statements, and report --out writes them as SVG and PNG with
the same bytes for the same inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from imdi_ledger.eksempel import last_eksempel
from imdi_ledger.rapport import lag_rapport
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.plott import (PLOTT, forbruksprofil_data, kongruensavvik_data, merutgift_data,
                                      note7a_fossefall_data, _mill)
from imdi_ledger.testing.simulator import SimuleringsSpec, simuler
from imdi_ledger.load.mappe import last_mappe


@pytest.fixture(scope="module")
def regnskap():
    return beregn(last_eksempel())


@pytest.fixture(scope="module")
def simulert(tmp_path_factory):
    d = tmp_path_factory.mktemp("sim")
    simuler(SimuleringsSpec(ar=2025, seed=11)).skriv(d)
    return beregn(last_mappe(d))


@pytest.mark.parametrize("navn", ["regnskap", "simulert"])
def test_waterfall_steps_sum_to_the_change_in_avregnet(navn, request) -> None:
    r = request.getfixturevalue(navn)
    d = note7a_fossefall_data(r)
    assert d["kind"].iloc[0] == "start" and d["kind"].iloc[-1] == "slutt"
    start, steg, slutt = d["belop_ore"].iloc[0], d["belop_ore"].iloc[1:-1], d["belop_ore"].iloc[-1]
    assert start == r.note_7a.tabell.verdi("netto_trekk", "belop")
    assert start + int(steg.sum()) == slutt == -r.note_7a.endring_ams_ore


@pytest.mark.parametrize("navn", ["regnskap", "simulert"])
def test_consumption_profile_ends_at_the_posts_regnskap(navn, request) -> None:
    r = request.getfixturevalue(navn)
    d = forbruksprofil_data(r)
    assert len(d)
    poster = r.bevilgning.poster.set_index(["kapittel", "post"])
    for (kap, post), g in d.groupby(["kapittel", "post"]):
        assert list(g["periode"]) == sorted(g["periode"])
        assert int(g["kumulativt_ore"].iloc[-1]) == int(poster.loc[(kap, post), "regnskap_ore"])
        assert set(g["samlet_tildeling_ore"]) == {int(poster.loc[(kap, post), "samlet_tildeling_ore"])}


def test_merutgift_and_mulig_overforbart_are_the_statements(regnskap) -> None:
    d = merutgift_data(regnskap).set_index(["kapittel", "post"])
    poster = regnskap.bevilgning.poster.set_index(["kapittel", "post"])
    nb = regnskap.note_b.frame.set_index(["kapittel", "post"])
    for kp, r in d.iterrows():
        assert r["merutgift_mindreutgift_ore"] == poster.loc[kp, "merutgift_mindreutgift_ore"]
        assert r["mulig_overforbart_ore"] == nb.loc[kp, "mulig_overforbart_ore"]
    assert d.loc[("0671", "60"), "merutgift_mindreutgift_ore"] == -17_070_322_935


def test_kongruensavvik_per_year(regnskap) -> None:
    d = kongruensavvik_data(regnskap)
    assert list(d["ar"]) == [2024, 2025]
    assert d["kongruensavvik_ore"].iloc[-1] == regnskap.note_7a.kongruensavvik_ore == 2_893_817_394
    assert (d["kongruensavvik_ore"] == d["endring_avregnet_ore"] - d["resultat_ore"]).all()


@pytest.mark.parametrize("ore, tekst", [(-2_405_609_986_394, "−24 056,1 mill."), (-2_893_817_394, "−28,9 mill."),
                                        (4_999_999, "0,0 mill."), (5_000_000, "0,1 mill."), (0, "0,0 mill.")])
def test_million_labels_in_norwegian_format(ore: int, tekst: str) -> None:
    assert _mill(ore) == tekst


def test_report_out_writes_every_plot_with_stable_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    lag_rapport(eksempel="imdi-2025", ut=a)
    lag_rapport(eksempel="imdi-2025", ut=b)
    filer = sorted(p.name for p in (a / "plott").iterdir())
    assert filer == sorted(f"{n}.{e}" for n in PLOTT for e in ("png", "svg"))
    for navn in filer:
        assert (a / "plott" / navn).read_bytes() == (b / "plott" / navn).read_bytes(), navn
    assert (a / "plott" / "forbruksprofil.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Forbruksprofil 2025" in (a / "plott" / "forbruksprofil.svg").read_text(encoding="utf-8")
