"""Loading fullmakter from YAML and CSV (R-115 Note B; docs/fullmakter.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from imdi_ledger.errors import InputError
from imdi_ledger.load.fullmakter import (
    KAN_OVERFORES,
    OVERSLAGSBEVILGNING,
    load_fullmakter,
    nyttes_under,
    parse_stikkord,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "imdi-2025" / "fullmakter_2025.yaml"

YAML = """\
ar: 2025
virksomhet: Direktoratet
poster:
  - {kapittel: 0670, post: 21, stikkord: "«kan overføres»", bevilgning_i_fjor: "1 250 000"}
  - {kapittel: "0671", post: "61", stikkord: overslagsbevilgning}
avgitte_belastningsfullmakter:
  - {kapittel: "0670", post: "01", til: Bufdir, innvilget: "100.000,-", utgiftsfort: 79200}
mottatte_belastningsfullmakter:
  - {kapittel: "0601", post: "21", fra: AID, innvilget: 400000, brukt: 400000}
merinntektsfullmakter:
  - {kapittel: "0670", post: "01", inntekt_kapittel: "3670", inntekt_post: "01", hjemmel: "Prop. 1 S"}
omdisponeringer:
  - {kapittel: "0670", belop: 500000}
forskutteringer:
  - {kapittel: "0670", post: "21", belop: 1000}
innsparinger:
  - {kapittel: "0670", post: "01", belop: 2000, tekst: innsparing 2 av 3}
overskridelser:
  - {kapittel: "0671", post: "62", belop: 1105226, hjemmel: samtykke}
"""

CSV = (
    "type;kapittel;post;stikkord;bevilgning_i_fjor;motpart;innvilget;utgiftsfort;brukt;belop;"
    "inntekt_kapittel;inntekt_post;hjemmel\n"
    "post;0670;21;kan overføres;1 250 000,00;;;;;;;;\n"
    "avgitt_belastningsfullmakt;0670;01;;;Bufdir;100 000;79 200;;;;;\n"
    "merinntektsfullmakt;0670;01;;;;;;;;3670;01;Prop. 1 S\n"
    "omdisponering;0670;01;;;;;;;500 000;;;\n"
)


def test_yaml_all_sections(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text(YAML, encoding="utf-8")
    f = load_fullmakter(p)
    assert f.ar == 2025 and f.virksomhet == "Direktoratet"
    p21 = f.post("0670", "21")
    assert p21.stikkord == (KAN_OVERFORES,) and p21.bevilgning_i_fjor_ore == 125_000_000
    assert p21.kilde.row == 4                       # YAML line of the mapping
    assert f.post("0671", "61").stikkord == (OVERSLAGSBEVILGNING,)
    a = f.avgitte[0]
    assert (a.til, a.innvilget_ore, a.utgiftsfort_ore) == ("Bufdir", 10_000_000, 7_920_000)
    assert f.mottatte[0].brukt_ore == 40_000_000
    assert (f.merinntekt[0].inntekt_kapittel, f.merinntekt[0].inntekt_post) == ("3670", "01")
    assert f.omdisponeringer[0].belop_ore == 50_000_000
    assert f.forskutteringer[0].post == "21"
    assert f.innsparinger[0].tekst == "innsparing 2 av 3"
    assert f.overskridelser[0].belop_ore == 110_522_600


def test_csv_gives_the_same_fullmakter_as_yaml(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text(CSV, encoding="utf-8")
    f = load_fullmakter(p)
    assert f.post("0670", "21").bevilgning_i_fjor_ore == 125_000_000
    assert f.post("0670", "21").kilde.row == 2
    assert f.avgitte[0].utgiftsfort_ore == 7_920_000 and f.avgitte[0].kilde.row == 3
    assert f.merinntekt[0].inntekt_kapittel == "3670"
    assert f.omdisponeringer[0].belop_ore == 50_000_000


def test_example_file_loads():
    f = load_fullmakter(EXAMPLE)
    assert f.ar == 2025
    assert f.avgitte[0].til == "Bufdir"
    assert f.post("0670", "21").bevilgning_i_fjor_ore == 0


def test_parse_stikkord():
    assert parse_stikkord(None) == ()
    assert parse_stikkord('"kan overføres"') == (KAN_OVERFORES,)
    assert parse_stikkord("kan overføres, kan nyttes under post 21") == (KAN_OVERFORES, "kan nyttes under post 21")
    assert parse_stikkord(["overslagsbevilgning"]) == (OVERSLAGSBEVILGNING,)
    s = parse_stikkord("kan nyttes under kap. 671, post 45")
    assert nyttes_under(s, "0670") == [("0671", "45")]
    assert nyttes_under(parse_stikkord("kan nyttes under post 21"), "0670") == [("0670", "21")]


def test_unknown_stikkord_names_file_row_and_column(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("poster:\n  - {kapittel: '0670', post: '01'}\n  - {kapittel: '0670', post: '21', "
                 "stikkord: kan brukes fritt}\n", encoding="utf-8")
    with pytest.raises(InputError, match="ukjent stikkord") as exc:
        load_fullmakter(p)
    assert (exc.value.file, exc.value.row, exc.value.column) == (str(p), 3, "stikkord")


def test_unknown_stikkord_in_csv(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("type;kapittel;post;stikkord\npost;0670;01;kan brukes fritt\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_fullmakter(p)
    assert (exc.value.row, exc.value.column) == (2, "stikkord")


def test_negative_amount_is_an_input_error(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("type;kapittel;post;bevilgning_i_fjor\npost;0670;45;-1000\n", encoding="utf-8")
    with pytest.raises(InputError, match="negativt") as exc:
        load_fullmakter(p)
    assert (exc.value.row, exc.value.column) == (2, "bevilgning_i_fjor")


def test_float_amount_in_yaml_is_rejected():
    with pytest.raises(InputError, match="flyttall"):
        load_fullmakter({"innsparinger": [{"kapittel": "0670", "post": "01", "belop": 12.5}]})


def test_unreadable_amount():
    with pytest.raises(InputError, match="belop"):
        load_fullmakter({"innsparinger": [{"kapittel": "0670", "post": "01", "belop": "12 34x"}]})


def test_unknown_type_in_csv(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("type;kapittel;post\nfullmakt;0670;01\n", encoding="utf-8")
    with pytest.raises(InputError, match="ukjent type") as exc:
        load_fullmakter(p)
    assert exc.value.column == "type"


def test_unknown_section_in_yaml():
    with pytest.raises(InputError, match="ukjent seksjon"):
        load_fullmakter({"belastningsfullmakter": []})


def test_omdisponering_must_be_01_to_45():
    with pytest.raises(InputError, match="post 01 til post 45"):
        load_fullmakter({"omdisponeringer": [{"kapittel": "0670", "til_post": "21", "belop": 1}]})


def test_forskuttering_only_on_01_or_21():
    with pytest.raises(InputError, match="post 01 eller 21"):
        load_fullmakter({"forskutteringer": [{"kapittel": "0670", "post": "45", "belop": 1}]})


def test_post_given_twice():
    with pytest.raises(InputError, match="to ganger"):
        load_fullmakter({"poster": [{"kapittel": "0670", "post": "01"}, {"kapittel": "670", "post": 1}]})


def test_bad_kapittel():
    with pytest.raises(InputError, match="kapittelnummer") as exc:
        load_fullmakter({"innsparinger": [{"kapittel": "67x", "post": "01", "belop": 1}]})
    assert exc.value.column == "kapittel"


def test_yaml_octal_looking_kapittel_is_decimal(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("poster:\n  - {kapittel: 0670, post: 01}\n", encoding="utf-8")
    assert load_fullmakter(p).poster[0].kapittel == "0670"


# --- mva on the overskridelse a merinntekt covers; avgitte belastningsfullmakter on inntekt -----


def test_mva_prosent_and_avgitte_inntekt_from_yaml(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text(
        "merinntektsfullmakter:\n"
        "  - {kapittel: '0670', post: '01', inntekt: '3670 01', mva_prosent: 25}\n"
        "  - {kapittel: '0670', post: '21', inntekt: '3670 02', mva_prosent: '15 %'}\n"
        "  - {kapittel: '0670', post: '45', inntekt: '3670 03'}\n"
        "avgitte_belastningsfullmakter_inntekt:\n"
        "  - {kapittel: '3670', post: '01', til: Skatteetaten, innvilget: '20 000', inntektsfort: 15000}\n"
        "  - {kapittel: '3670', post: '02', til: Bufdir}\n",
        encoding="utf-8")
    f = load_fullmakter(p)
    assert [m.mva_prosent for m in f.merinntekt] == [25, 15, None]
    a, b = f.avgitte_inntekt
    assert (a.kapittel, a.post, a.til, a.innvilget_ore, a.inntektsfort_ore, a.kilde.row) == (
        "3670", "01", "Skatteetaten", 2_000_000, 1_500_000, 6)
    assert (b.til, b.innvilget_ore, b.inntektsfort_ore) == ("Bufdir", None, None)


def test_mva_prosent_and_avgitte_inntekt_from_csv(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text(
        "type;kapittel;post;motpart;innvilget;inntektsfort;inntekt_kapittel;inntekt_post;mva_prosent\n"
        "merinntektsfullmakt;0670;01;;;;3670;01;25\n"
        "avgitt_belastningsfullmakt_inntekt;3670;01;Skatteetaten;20 000;15 000,50;;;\n",
        encoding="utf-8")
    f = load_fullmakter(p)
    assert f.merinntekt[0].mva_prosent == 25
    assert f.avgitte_inntekt[0].inntektsfort_ore == 1_500_050
    assert f.avgitte_inntekt[0].kilde.row == 3


@pytest.mark.parametrize("value", ["150", "25,5", "-5", "tjuefem"])
def test_bad_mva_prosent_names_file_row_and_column(tmp_path, value):
    p = tmp_path / "f.yaml"
    p.write_text("merinntektsfullmakter:\n"
                 f"  - {{kapittel: '0670', post: '01', inntekt: '3670 01', mva_prosent: '{value}'}}\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_fullmakter(p)
    assert (exc.value.file, exc.value.row, exc.value.column) == (str(p), 2, "mva_prosent")


def test_float_mva_prosent_in_yaml_is_rejected():
    with pytest.raises(InputError, match="helt tall"):
        load_fullmakter({"merinntektsfullmakter": [
            {"kapittel": "0670", "post": "01", "inntekt": "3670 01", "mva_prosent": 12.5}]})


def test_merinntektsfullmakt_built_in_code_refuses_rate_above_100():
    from imdi_ledger.load.fullmakter import Kilde, Merinntektsfullmakt

    with pytest.raises(InputError, match="0 til 100"):
        Merinntektsfullmakt("0670", "01", "3670", "01", mva_prosent=125, kilde=Kilde("kode", 7))


def test_avgitt_inntekt_needs_a_counterparty():
    with pytest.raises(InputError) as exc:
        load_fullmakter({"avgitte_belastningsfullmakter_inntekt": [{"kapittel": "3670", "post": "01"}]},
                        name="f.yaml")
    assert exc.value.column == "motpart"


def test_documented_yaml_and_csv_examples_load_to_the_same_fullmakter(tmp_path):
    import re

    doc = (Path(__file__).resolve().parents[1] / "docs" / "fullmakter.md").read_text(encoding="utf-8")
    (tmp_path / "f.yaml").write_text(re.search(r"```yaml\n(.*?)```", doc, re.S).group(1), encoding="utf-8")
    (tmp_path / "f.csv").write_text(re.search(r"```\n(type;.*?)```", doc, re.S).group(1), encoding="utf-8")
    fy, fc = load_fullmakter(tmp_path / "f.yaml"), load_fullmakter(tmp_path / "f.csv")
    for seksjon in ("poster", "avgitte", "avgitte_inntekt", "mottatte", "merinntekt", "omdisponeringer",
                    "forskutteringer", "innsparinger", "overskridelser"):
        assert getattr(fy, seksjon) == getattr(fc, seksjon), seksjon
        assert getattr(fy, seksjon), seksjon


def test_blank_stikkord_keeps_the_tildelings_and_empty_list_clears_it(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("type;kapittel;post;stikkord;bevilgning_i_fjor\npost;0670;21;;0\n", encoding="utf-8")
    assert load_fullmakter(p).post("0670", "21").stikkord is None
    f = load_fullmakter({"poster": [{"kapittel": "0670", "post": "21", "stikkord": None},
                                    {"kapittel": "0670", "post": "22", "stikkord": []}]})
    assert f.post("0670", "21").stikkord is None
    assert f.post("0670", "22").stikkord == ()
