"""SRS note 5 «Tilleggsinformasjon om operasjonelle leieavtaler» is computed from the same
agreements as Note C, so the two cannot disagree (the published IMDi 2025 report's I10)."""

from __future__ import annotations

import pytest

from imdi_ledger.avstemming import verify
from imdi_ledger.avstemming.aarsregnskap import Figurer, load_aarsregnskap
from imdi_ledger.avstemming.eksport import kontroller, til_publisert_form
from imdi_ledger.eksempel import last_eksempel, publisert_fil
from imdi_ledger.regnskap import beregn


@pytest.fixture(scope="module")
def regnskap():
    return beregn(last_eksempel())


def test_note_5_leases_are_note_c_office_leases_per_duration(regnskap) -> None:
    n5 = regnskap.note_5_leieavtaler
    assert n5 is not None and n5 in regnskap.tabeller()
    kontor = next(t for t in regnskap.note_c.tabeller if t.id == "note_c.leie_kontorlokaler")
    for vid in ("inntil_1_ar", "1_5_ar", "over_5_ar"):
        assert n5.verdi(vid, "bygninger") == kontor.verdi(vid, "arlig_ore")
    assert n5.verdi("over_5_ar", "bygninger") == 152_897_400  # the register's office lease over 5 years
    husleie = next(t for t in regnskap.virksomhetsregnskap.tabeller if t.id == "note_5").verdi("husleie", "belop")
    assert n5.verdi("kostnadsfort", "bygninger") == husleie


def test_the_catalogue_finds_no_difference_on_the_computed_statements(regnskap) -> None:
    assert "note_5_leieavtaler" in til_publisert_form(regnskap)["andre_noter"]
    assert [f for f in kontroller(regnskap) if f.rule == "X-NOTE5-NOTEC"] == []


def test_a_changed_note_5_figure_is_found(regnskap) -> None:
    d = til_publisert_form(regnskap)
    d["andre_noter"]["note_5_leieavtaler"][2]["bygninger"] += 100
    funn = [f for f in verify(Figurer.from_dict(d, presisjon="ore")) if f.rule == "X-NOTE5-NOTEC"]
    assert [(f.severity.value, f.difference_ore) for f in funn] == [("error", 100)]


def test_the_published_difference_stays_detectable() -> None:
    funn = [f for f in verify(load_aarsregnskap(publisert_fil("imdi-2025"))) if f.rule == "X-NOTE5-NOTEC"]
    assert funn and all(f.severity.value == "error" for f in funn)
