"""The figures model and the published-YAML loader: øre, precision, provenance, input errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from imdi_ledger.avstemming import Figurer, load_aarsregnskap
from imdi_ledger.eksempel import publisert_fil
from imdi_ledger.errors import InputError

PUBLISERT = publisert_fil("imdi-2025")


def test_published_yaml_loads_unchanged_in_ore_with_provenance() -> None:
    a = load_aarsregnskap(PUBLISERT)
    t = a.get("bevilgningsrapportering", "utgifter", 1, "regnskap")
    assert (t.ore, t.presisjon, t.sti) == (400_290_578 * 100, "kroner", "bevilgningsrapportering.utgifter[1].regnskap")
    assert "400290578" in PUBLISERT.read_text(encoding="utf-8").splitlines()[t.linje - 1]
    tusen = a.get("hovedtall", 1, "belop")
    assert tusen.presisjon == "1000 kroner" and tusen.ore == 24_069_705 * 1000 * 100
    assert a.get("hovedtall", 0, "belop") == 243  # årsverk is a count, not money
    assert a.get("note_c", "leie_kontorlokaler", 3, "sum") is True
    with pytest.raises(TypeError):
        a.data["year"] = 2026  # type: ignore[index]


def test_from_dict_ore_and_presisjon_key() -> None:
    d = {"presisjon": "ore", "note_a": [{"kapittel_post": "0670 01", "arets_tildelinger": 12345, "samlet_tildeling": 12345}]}
    a = Figurer.from_dict(d, kilde="beregnet")
    t = a.get("note_a", 0, "arets_tildelinger")
    assert (a.presisjon, t.ore, t.presisjon, t.avrunding_ore) == ("ore", 12345, "ore", 0)
    assert Figurer.from_dict(d, presisjon="kroner").get("note_a", 0, "arets_tildelinger").ore == 1_234_500


def test_not_an_aarsregnskap(tmp_path: Path) -> None:
    p = tmp_path / "annet.yaml"
    p.write_text("navn: test\nliste: [1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match="ikke et publisert årsregnskap") as e:
        load_aarsregnskap(p)
    assert e.value.file == str(p)


def test_text_in_a_money_field_names_key_and_line(tmp_path: Path) -> None:
    p = tmp_path / "feil.yaml"
    p.write_text("year: 2025\nnote_a:\n  - {kapittel_post: '0670 01', samlet_tildeling: '1 000'}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_aarsregnskap(p)
    assert (e.value.row, e.value.column) == (3, "note_a[0].samlet_tildeling")


def test_float_amount_and_bad_yaml(tmp_path: Path) -> None:
    p = tmp_path / "flyt.yaml"
    p.write_text("note_a:\n  - {samlet_tildeling: 10.5}\n", encoding="utf-8")
    with pytest.raises(InputError, match="flyttall"):
        load_aarsregnskap(p)
    q = tmp_path / "ugyldig.yaml"
    q.write_text("note_a: [1,\n  : ]\n", encoding="utf-8")
    with pytest.raises(InputError, match="ikke gyldig YAML"):
        load_aarsregnskap(q)
    with pytest.raises(InputError, match="kan ikke leses"):
        load_aarsregnskap(tmp_path / "finnes_ikke.yaml")


def test_unknown_presisjon() -> None:
    with pytest.raises(InputError, match="presisjon"):
        Figurer.from_dict({"note_a": []}, presisjon="mill")  # type: ignore[arg-type]
