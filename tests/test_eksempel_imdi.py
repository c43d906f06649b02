"""The worked example: statements computed from the reconstructed IMDi inputs reproduce the
published årsregnskap 2025 (``examples/imdi-2025/publisert/aarsregnskap_2025.yaml``) to the krone, and
the rendered text matches the reviewed golden file."""

from pathlib import Path

import pytest
import yaml

from imdi_ledger.eksempel import last_eksempel, publisert_fil
from imdi_ledger.money import ore_to_kroner
from imdi_ledger.regnskap import beregn
from imdi_ledger.render.text import render_tabeller

PUBLISHED = publisert_fil("imdi-2025")
GOLDEN = Path(__file__).parent / "golden" / "imdi_2025_kontant.txt"


@pytest.fixture(scope="module")
def regnskap():
    return beregn(last_eksempel("imdi-2025"))


@pytest.fixture(scope="module")
def published():
    return yaml.safe_load(PUBLISHED.read_text(encoding="utf-8"))


def kr(v):
    return None if v is None else ore_to_kroner(v)


def test_bevilgning_lines_reproduce_published(regnskap, published):
    b = regnskap.bevilgning
    pub = published["bevilgningsrapportering"]
    for row in pub["utgifter"]:
        lid = f"U-{row['kapittel']}-{row['post']}"
        assert kr(b.utgifter.verdi(lid, "samlet_tildeling")) == row["samlet_tildeling"], lid
        assert kr(b.utgifter.verdi(lid, "regnskap")) == row["regnskap"], lid
        assert kr(b.utgifter.verdi(lid, "merutgift_mindreutgift")) == row["merutgift_mindreutgift"], lid
    for row in pub["inntekter"]:
        lid = f"I-{row['kapittel']}-{row['post']}"
        assert kr(b.inntekter.verdi(lid, "regnskap")) == row["regnskap"], lid
    s = pub["sum_utgiftsfort"]
    assert kr(b.utgifter.verdi("sum_utgiftsfort", "samlet_tildeling")) == s["samlet_tildeling"]
    assert kr(b.utgifter.verdi("sum_utgiftsfort", "regnskap")) == s["regnskap"]
    assert kr(b.utgifter.verdi("sum_utgiftsfort", "merutgift_mindreutgift")) == s["merutgift_mindreutgift"]
    assert kr(b.inntekter.verdi("sum_inntektsfort", "regnskap")) == pub["sum_inntektsfort"]["regnskap"]
    mv = pub["mellomvaerende"]
    beh = b.beholdninger
    assert (kr(beh.verdi("mv-705005", "ub")), kr(beh.verdi("mv-705005", "ib")), kr(beh.verdi("mv-705005", "endring"))) \
        == (mv["ub"], mv["ib"], mv["endring"])


def test_kapitalkontoer_reproduce_the_consistent_figures(regnskap, published):
    """Printed partly in 1000 kr and shifted (I4); the example reproduces the
    consistent figures: KK inn as printed, KK ut in full kroner (Note 7A), endring = 1 022 805
    and Sum rapportert 0."""
    k = regnskap.bevilgning.kapitalkontoer
    pub = {r["konto"]: r["belop"] for r in published["bevilgningsrapportering"]["kapitalkontoer"]}
    assert kr(k.verdi("kk-60088701", "belop")) == pub["60088701"]
    assert kr(k.verdi("kk-60088702", "belop")) // 1000 == pub["60088702"] - 1  # printed in 1000 kr (floor of -…420)
    assert kr(k.verdi("kk-60088702", "belop")) == published["note_7"]["a"]["lines"][0]["belop"]
    assert kr(k.verdi("mv-endring-705005", "belop")) == published["bevilgningsrapportering"]["sum_rapportert"]
    assert regnskap.bevilgning.sum_rapportert_ore == 0


def test_note_a_reproduces_published(regnskap, published):
    a = regnskap.bevilgning.note_a
    for row in published["note_a"]:
        lid = "A-" + row["kapittel_post"].replace(" ", "-")
        assert kr(a.verdi(lid, "overfort_fra_i_fjor")) == row["overfort_fra_i_fjor"], lid
        assert kr(a.verdi(lid, "arets_tildelinger")) == row["arets_tildelinger"], lid
        assert kr(a.verdi(lid, "samlet_tildeling")) == row["samlet_tildeling"], lid


def test_artskonto_reproduces_published_both_years(regnskap, published):
    t = regnskap.artskonto.tabell
    by_text = {r["tekst"]: r["line_id"] for r in t.rader.to_dict("records")}
    for row in published["artskontorapportering"]["lines"]:
        lid = by_text[row["tekst"]]
        assert kr(t.verdi(lid, "belop")) == row["belop"], row["tekst"]
        assert kr(t.verdi(lid, "belop_fjor")) == row["belop_fjor"], row["tekst"]
    m = regnskap.artskonto.mellomvaerende
    by_text = {r["tekst"]: r["line_id"] for r in m.rader.to_dict("records")}
    for row in published["artskontorapportering"]["mellomvaerende"]:
        lid = by_text[row["tekst"]]
        assert kr(m.verdi(lid, "belop")) == row["belop"], row["tekst"]
        if row["kind"] == "line":
            assert kr(m.verdi(lid, "belop_fjor")) == row["belop_fjor"], row["tekst"]
    # the 2024 mellomværende total is printed −15 648 599 in the artskonto table but −15 648 600
    # in the bevilgningsrapportering (I13); the data is exact and rounds to −600.
    assert kr(m.verdi("sum_mellomvaerende", "belop_fjor")) == -15648600


def test_identities_hold_to_the_ore(regnskap):
    b, a = regnskap.bevilgning, regnskap.artskonto
    assert b.netto_rapportert_ore == a.netto_rapportert_ore
    assert b.sum_rapportert_ore == 0
    assert (regnskap.grunnlag.srapport.periodesummer() == 0).all()
    assert (regnskap.grunnlag.srapport_fjor.periodesummer() == 0).all()
    assert a.mellomvaerende.verdi("sum_mellomvaerende", "belop") == b.beholdninger.verdi("mv-705005", "ub")
    # the only error in the example is the published overskridelse on 0671/62 (I14)
    errors = [(f.rule, f.line) for f in regnskap.findings if f.severity == "error"]
    assert [r for r, _ in errors] == ["NOTEB-MERUTGIFT-UTEN-FULLMAKT"]
    assert "0671" in str(errors[0][1]) and "62" in str(errors[0][1])


def test_golden_text(regnskap):
    text = render_tabeller([*regnskap.bevilgning.tabeller(), regnskap.bevilgning.note_a, *regnskap.artskonto.tabeller()])
    if not GOLDEN.exists():
        pytest.fail(f"golden file missing; review and create it with: python tools/update_golden.py")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_golden_text_of_every_statement_and_note(regnskap):
    """Every table of the årsregnskap (cash, Note B/C, SRS statements and notes, Note 7A/7B)."""
    golden = GOLDEN.with_name("imdi_2025_aarsregnskap.txt")
    if not golden.exists():
        pytest.fail("golden file missing; review and create it with: python tools/update_golden.py")
    assert render_tabeller(regnskap.tabeller()) == golden.read_text(encoding="utf-8")
