"""One YAML reader with line numbers (``load.yaml_linjer``) for the tildeling, fullmakter, Note C
and published-årsregnskap loaders: an input error names the line it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from imdi_ledger.avstemming.aarsregnskap import load_aarsregnskap
from imdi_ledger.errors import InputError
from imdi_ledger.load import yaml_linjer
from imdi_ledger.load.fullmakter import load_fullmakter
from imdi_ledger.load.note_c import load_note_c
from imdi_ledger.load.tildeling import load_tildeling


def test_every_key_path_has_its_line() -> None:
    d = yaml_linjer.les_yaml("ar: 2025\nposter:\n  - kapittel: 0670\n    post: 01\n  - {kapittel: 671, post: 60}\n",
                             "t.yaml")
    assert d.linje("ar") == 1 and d.linje("poster") == 3  # the list under the key
    assert [d.linje("poster", 0), d.linje("poster", 0, "post"), d.linje("poster", 1)] == [3, 4, 5]
    assert d.linje("poster", 2) is None
    assert d.data["poster"][0]["kapittel"] == 440  # YAML 1.1 octal with the plain SafeLoader
    desimal = yaml_linjer.les_yaml("kapittel: 0670\n", "t.yaml", laster=yaml_linjer.DesimalLaster)
    assert desimal.data == {"kapittel": 670}


def test_invalid_yaml_names_its_line() -> None:
    with pytest.raises(InputError) as exc:
        yaml_linjer.les_yaml("a: 1\nb: [1, 2\nc: 3\n", "x.yaml")
    assert exc.value.file == "x.yaml" and exc.value.row == 3 and "ugyldig YAML" in str(exc.value)


def test_tildeling_error_is_at_the_post_line(tmp_path: Path) -> None:
    p = tmp_path / "tildeling.yaml"
    p.write_text("ar: 2025\nposter:\n  - {kapittel: '0670', post: '01', arets_tildeling: 100}\n"
                 "\n  - kapittel: '0670'\n    arets_tildeling: 5\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_tildeling(p)
    assert (exc.value.row, exc.value.column) == (5, "post")


def test_fullmakter_and_note_c_rows_are_their_lines(tmp_path: Path) -> None:
    p = tmp_path / "fullmakter.yaml"
    p.write_text("ar: 2025\n\nukjent_seksjon: []\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_fullmakter(p)
    assert (exc.value.row, exc.value.column) == (3, "ukjent_seksjon")
    c = tmp_path / "note_c.yaml"
    c.write_text("blokker:\n  - id: leie\n    tittel: Leieavtaler\n    rader:\n"
                 "      - {varighet: 'inntil 1 år', arlig: 10, neste_ar: 10, senere_ar: 0}\n"
                 "      - {arlig: 10}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_note_c(c)
    assert (exc.value.row, exc.value.column) == (6, "varighet")


def test_published_figures_carry_their_line(tmp_path: Path) -> None:
    p = tmp_path / "aarsregnskap.yaml"
    p.write_text("year: 2025\nresultatregnskap:\n  - {tekst: Lønnskostnader, belop: 10, belop_fjor: 9}\n",
                 encoding="utf-8")
    a = load_aarsregnskap(p)
    rad = a.get("resultatregnskap")[0]
    assert rad["belop"].linje == 3
