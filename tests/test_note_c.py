"""Note C, binding på framtidige års bevilgninger (R-115 Note C)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from imdi_ledger.bevilgning.note_c import load_note_c, note_c
from imdi_ledger.eksempel import publisert_fil
from imdi_ledger.errors import InputError

KR = 100
#: The printed IMDi 2025 Note C typed in (the example folder computes Note C from its register).
EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "note_c_2025.yaml"
PUBLISHED = publisert_fil("imdi-2025")


def blokk(*rader: dict, id: str = "leie") -> dict:
    return {"blokker": [{"id": id, "tittel": "Avtaler om leie av kontorlokaler", "rader": list(rader)}]}


def test_rows_are_summed_per_duration_and_totalt_is_computed():
    # two agreements 1-5 år: neste 100 + 50, senere 300 + 0 -> samlet 150 + 300 = 450
    # inntil 1 år: neste 20 -> samlet 20; Totalt samlet 470
    nc = note_c(load_note_c(blokk(
        {"varighet": "1-5 år", "arlig": 100, "neste_ar": 100, "senere_ar": 300, "avtale": "Oslo"},
        {"varighet": "Varighet 1–5 år", "arlig": 50, "neste_ar": 50, "senere_ar": 0, "avtale": "Narvik"},
        {"varighet": "inntil 1 år", "arlig": 20, "neste_ar": 20, "senere_ar": 0},
        {"varighet": "over 5 år", "arlig": 0, "neste_ar": 0, "senere_ar": 0},
    )))
    t = nc.tabeller[0]
    assert t.verdi("1_5_ar", "samlet_ore") == 450 * KR
    assert t.verdi("1_5_ar", "arlig_ore") == 150 * KR
    assert t.verdi("totalt", "samlet_ore") == 470 * KR
    assert t.verdi("totalt", "neste_ar_ore") == 170 * KR
    assert nc.findings == ()


def test_given_samlet_that_is_not_neste_plus_senere_is_a_finding():
    nc = note_c(load_note_c(blokk(
        {"varighet": "inntil 1 år", "arlig": 10, "neste_ar": 10, "senere_ar": 5, "samlet": 14},
        {"varighet": "1-5 år", "arlig": 0, "neste_ar": 0, "senere_ar": 0},
        {"varighet": "over 5 år", "arlig": 0, "neste_ar": 0, "senere_ar": 0},
    )))
    assert [(f.rule, f.expected_ore, f.actual_ore) for f in nc.findings] == [("NOTEC-SAMLET", 15 * KR, 14 * KR)]
    assert nc.tabeller[0].verdi("inntil_1_ar", "samlet_ore") == 15 * KR


def test_missing_duration_is_shown_as_zero_with_info():
    nc = note_c(load_note_c(blokk({"varighet": "inntil 1 år", "arlig": 10, "neste_ar": 10, "senere_ar": 0})))
    assert sorted(f.line for f in nc.findings if f.rule == "NOTEC-RAD-MANGLER") == ["leie.1_5_ar", "leie.over_5_ar"]
    assert nc.tabeller[0].verdi("over_5_ar", "samlet_ore") == 0


def test_bad_input(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("blokker:\n  - id: leie\n    tittel: Leie\n    rader:\n"
                 "      - {varighet: 'inntil 2 år', arlig: 1, neste_ar: 1, senere_ar: 0}\n", encoding="utf-8")
    with pytest.raises(InputError, match="ukjent varighet") as exc:
        load_note_c(p)
    assert (exc.value.row, exc.value.column) == (5, "varighet")
    with pytest.raises(InputError, match="negativ"):
        load_note_c(blokk({"varighet": "inntil 1 år", "arlig": 1, "neste_ar": -1, "senere_ar": 0}))
    with pytest.raises(InputError, match="neste_ar"):
        load_note_c(blokk({"varighet": "inntil 1 år", "arlig": 1, "senere_ar": 0}))


def test_imdi_example_totals_equal_the_published_totals():
    pub = yaml.safe_load(PUBLISHED.read_text(encoding="utf-8"))["note_c"]
    nc = note_c(load_note_c(EXAMPLE))
    assert nc.findings == ()
    assert [t.id for t in nc.tabeller] == [f"note_c.{k}" for k in pub]
    for t in nc.tabeller:
        rows = pub[t.id.split(".", 1)[1]]
        for line_id, printed in zip(["inntil_1_ar", "1_5_ar", "over_5_ar", "totalt"], rows):
            for col in ("arlig", "neste_ar", "senere_ar", "samlet"):
                assert t.verdi(line_id, col + "_ore") == printed[col] * KR, (t.id, line_id, col)
