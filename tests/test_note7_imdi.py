"""The worked example: Note 7A/7B computed from the reconstructed IMDi 2025 S-rapport and SRS
ledger reproduce the published note 7 line by line (R-115 note 7A/7B
items 18–21, §7 I1, I2, I9, I13).  Published figures are read from the published YAML."""

from __future__ import annotations


import pytest
import yaml

from imdi_ledger.eksempel import last_eksempel, publisert_fil
from imdi_ledger.money import ore_to_kroner
from imdi_ledger.regnskap import beregn

PUBLISHED = publisert_fil("imdi-2025")

#: Published 7A line text -> line id of the computed note (structure, not amounts).
LINJER_7A = {
    "Konsernkonto utbetaling": "kk_ut",
    "Konsernkonto innbetaling": "kk_inn",
    "Netto trekk konsernkonto": "netto_trekk",
    "- Innbetaling innkrevingsvirksomhet og andre overføringer": "innkreving",
    "+ Utbetaling tilskuddsforvaltning og andre overføringer": "tilskudd",
    "+ Inntektsført fra bevilgning (underkonto 1991)": "bevilgning_1991",
    "- Gruppeliv/arbeidsgiveravgift (underkonto 1985 og 1986)": "gruppeliv_aga",
    "+ Nettoordning, statlig betalt merverdiavgift (underkonto 1987)": "mva_1987",
    "Spesifikasjon av andre avstemmingsposter": "sum_andre",
}

#: 7B rows whose printed *forskjell* is 1 kr off the forskjell computed in øre (§7 I13).  The
#: note computes forskjell = bokført − rapportert in øre and rounds it; IMDi's sum rows are the
#: difference of the printed columns (−72 973 686 + 14 639 245; 168 470 838 + 14 625 795) while
#: the øre give −58 334 441,84 and 183 096 632,10; IMDi's «annen kortsiktig gjeld» −4 017 600 is
#: 1 kr off its own printed columns (−4 019 388 + 1 787 = −4 017 601, which the note shows).
#: Every other row, and both other columns of every row, agree to the krone.
FORSKJELL_AVRUNDING = {
    ("Kortsiktig gjeld", "Annen kortsiktig gjeld"),
    ("Kortsiktig gjeld", "Sum"),
    ("total", "total"),
}


@pytest.fixture(scope="module")
def regnskap():
    return beregn(last_eksempel("imdi-2025"))


@pytest.fixture(scope="module")
def published() -> dict:
    return yaml.safe_load(PUBLISHED.read_text(encoding="utf-8"))


def _art(published: dict, tekst_del: str) -> int:
    rows = [r for r in published["artskontorapportering"]["lines"] if tekst_del in r["tekst"]]
    assert len(rows) == 1, tekst_del
    return int(rows[0]["belop"])


def _rader_7b(tabell) -> dict[tuple[str, str], dict]:
    out: dict[tuple[str, str], dict] = {}
    gruppe = ""
    for r in tabell.to_frame().to_dict("records"):
        if r["kind"] == "header":
            gruppe = r["tekst"]
        elif r["line_id"] == "total":
            out[("total", "total")] = r
        else:
            out[(gruppe, r["tekst"])] = r
    return out


def test_note_7a_reproduces_every_published_line(regnskap, published):
    t = regnskap.note_7a.tabell
    pub = published["note_7"]["a"]
    for row in pub["lines"]:
        assert ore_to_kroner(t.verdi(LINJER_7A[row["tekst"]], "belop")) == row["belop"], row["tekst"]
    for col in ("belop", "belop_fjor", "endring"):
        assert ore_to_kroner(t.verdi("avregnet_i_balansen", col)) == pub["avregnet_i_balansen"][col], col
    assert ore_to_kroner(t.verdi("forskjell", "belop")) == pub["forskjell_resultatfort_og_netto_trekk"]
    assert ore_to_kroner(t.verdi("resultat", "belop")) == pub["resultat_for_avregning"]
    assert ore_to_kroner(t.verdi("sum_endring", "belop")) == pub["sum_endring_i_avregnet"]


def test_kongruensavvik_and_no_unexplained_residual(regnskap, published):
    n7a = regnskap.note_7a
    assert ore_to_kroner(n7a.kongruensavvik_ore) == published["note_7"]["a"]["avregnet_i_balansen"]["endring"]
    assert n7a.kongruensavvik_ore == n7a.endring_ams_ore   # resultat 0 (SRS 10, bruttobudsjettert)
    assert n7a.uforklart_ore == 0
    assert not n7a.tabell.har_linje("uforklart")
    assert "NOTE7A-UFORKLART" not in {f.rule for f in regnskap.findings}


def test_konsernkonto_is_the_same_in_both_books_to_the_ore(regnskap):
    sr = regnskap.grunnlag.srapport.frame
    t = regnskap.note_7a.tabell
    assert t.verdi("kk_inn", "belop") == int(sr.loc[sr["kontotype"] == "kk_inn", "belop_ore"].sum())
    assert t.verdi("kk_ut", "belop") == int(sr.loc[sr["kontotype"] == "kk_ut", "belop_ore"].sum())
    assert not [f for f in regnskap.findings if f.rule.startswith("NOTE7A-KK")]


def test_only_note_7_findings_are_the_published_inconsistencies(regnskap, published):
    """§7 I1: 7A's 1987 line vs kap. 1633/01 (artskonto 1987); §7 I2: 7A's tilskudd line (note 9)
    vs the artskonto tilskudd line.  Both amounts come from the published figures."""
    a = {r["tekst"]: r["belop"] for r in published["note_7"]["a"]["lines"]}
    i1 = a["+ Nettoordning, statlig betalt merverdiavgift (underkonto 1987)"] - _art(published, "konto 1987")
    i2 = a["+ Utbetaling tilskuddsforvaltning og andre overføringer"] - _art(published, "tilskudd og stønader")
    funn = [f for f in regnskap.findings if f.statement in ("note_7a", "note_7b")]
    assert sorted((f.rule, f.severity, f.difference_ore) for f in funn) == sorted([
        ("NOTE7A-1987", "warning", i1 * 100), ("NOTE7A-TILSKUDD", "warning", i2 * 100)])
    assert (i1, i2) == (637372, -92949)   # the figures R-115 names


def test_note_7b_reproduces_published_columns(regnskap, published):
    got = _rader_7b(regnskap.note_7b.tabell)
    pub = {(r["gruppe"], r["tekst"]): r for r in published["note_7"]["b"]["rows"]}
    pub[("total", "total")] = published["note_7"]["b"]["total"]
    assert set(got) == set(pub)
    for key, p in pub.items():
        g = got[key]
        assert ore_to_kroner(g["bokfort"]) == p["avregning"], key
        assert ore_to_kroner(g["rapportert"]) == p["mellomvaerende"], key
        assert g["forskjell"] == g["bokfort"] - g["rapportert"], key
        if key in FORSKJELL_AVRUNDING:
            assert abs(ore_to_kroner(g["forskjell"]) - p["forskjell"]) == 1, key
        else:
            assert ore_to_kroner(g["forskjell"]) == p["forskjell"], key


def test_note_7b_i9_layout_totals(regnskap):
    """§7 I9: 263 sits with the trekk and 281/282 on their own line; the totals are the balance's
    avregnet med statskassen and the S-rapport's mellomværende."""
    n7b = regnskap.note_7b
    mv = regnskap.artskonto.mellomvaerende.verdi("sum_mellomvaerende", "belop")
    assert n7b.sum_rapportert_ore == mv
    ams = regnskap.virksomhetsregnskap.balanse.verdi("avregnet_statskassen", "belop")
    assert n7b.sum_bokfort_ore == ams
