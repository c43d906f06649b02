"""IMDi 2025: Note B computed from the published bevilgningsrapportering/Note A plus
``examples/imdi-2025/fullmakter_2025.yaml`` reproduces the published Note B (R-115 Note B; R-2)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from imdi_ledger.bevilgning.note_b import (
    Grunnlag5Prosent,
    NoteBSpec,
    kontroller_publisert_note_b,
    note_b,
    publisert_note_b_frame,
)
from imdi_ledger.eksempel import publisert_fil
from imdi_ledger.findings import Severity
from imdi_ledger.load.fullmakter import load_fullmakter
from imdi_ledger.load.tildeling import load_tildeling
from imdi_ledger.regelverk import fem_prosent_ore

PUBLISHED = publisert_fil("imdi-2025")
EKSEMPEL = Path(__file__).resolve().parents[1] / "examples" / "imdi-2025"
FULLMAKTER = EKSEMPEL / "fullmakter_2025.yaml"
# last year's bevilgning (two-year cap of «kan overføres») comes from the reconstructed 2024 tildeling
FJOR = load_tildeling(EKSEMPEL / "tildeling_2024.yaml").to_frame()
FELLES = {"1633", "5309", "5700"}
KR = 100


@pytest.fixture(scope="module")
def published() -> dict:
    return yaml.safe_load(PUBLISHED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imdi_poster(published) -> pd.DataFrame:
    """The posts frame from the published bevilgningsrapportering and Note A.  Stikkord: the
    published Note B's column b; 0671/61 is an overslagsbevilgning (ledelseskommentaren: «Tildeling
    for EM-tilskudd er en overslagsbevilgning»)."""
    b = published["bevilgningsrapportering"]
    note_a = {r["kapittel_post"]: r for r in published["note_a"]}
    stikkord = {r["kapittel_post"]: r["stikkord"] for r in published["note_b"]}
    stikkord["0671 61"] = "overslagsbevilgning"
    recs = []
    for typ, rows, mer_key in (("utgift", b["utgifter"], "merutgift_mindreutgift"),
                               ("inntekt", b["inntekter"], "merinntekt_mindreinntekt")):
        for r in rows:
            kp = f"{r['kapittel']} {r['post']}"
            a = note_a.get(kp, {})
            samlet = r["samlet_tildeling"] * KR
            regnskap = r["regnskap"] * KR
            if r["kapittel"] in FELLES:
                mer = None
            elif r[mer_key] is not None:
                mer = r[mer_key] * KR
            else:
                mer = (regnskap - samlet) if typ == "inntekt" else (samlet - regnskap)
            recs.append({
                "kapittel": r["kapittel"], "post": r["post"], "kapittelnavn": r["kapittelnavn"],
                "posttekst": r["posttekst"], "type": typ, "stikkord": stikkord.get(kp),
                "overfort_fra_i_fjor_ore": (a.get("overfort_fra_i_fjor") or 0) * KR,
                "arets_tildeling_ore": (a["arets_tildelinger"] * KR) if a else samlet,
                "samlet_tildeling_ore": samlet, "regnskap_ore": regnskap, "merutgift_mindreutgift_ore": mer,
            })
    frame = pd.DataFrame(recs)
    for c in frame.columns:
        if c.endswith("_ore"):
            frame[c] = frame[c].astype("Int64")
    return frame


@pytest.fixture(scope="module")
def fullmakter():
    return load_fullmakter(FULLMAKTER)


@pytest.fixture(scope="module")
def pub_b(published) -> pd.DataFrame:
    return publisert_note_b_frame(published["note_b"])


SAMLET = NoteBSpec(grunnlag_5_prosent=Grunnlag5Prosent.SAMLET_TILDELING, poster_i_fjor=FJOR)
ARETS = NoteBSpec(poster_i_fjor=FJOR)
COMPARED = [c for c in ("merutgift_mindreutgift_ore", "utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore",
                        "etter_avgitte_belastningsfullmakter_ore", "merinntekter_merinntektsfullmakt_ore",
                        "omdisponering_ore", "innsparinger_ore", "sum_grunnlag_for_overforing_ore",
                        "mulig_overforbart_ore")]


def test_printed_rows_are_the_published_rows(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=SAMLET)
    assert [x for x in nb.tabell.line_ids if x != "sum"] == pub_b["kapittel_post"].tolist()


def test_reproduces_published_columns_c_to_i_and_k(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=SAMLET)
    got = nb.to_frame().set_index("kapittel_post").loc[pub_b["kapittel_post"], COMPARED]
    want = pub_b.set_index("kapittel_post")[COMPARED]
    # blank printed cells are 0 in the comparison (0670/01 has a merinntektsfullmakt with f = 0)
    pd.testing.assert_frame_equal(got.fillna(0), want.fillna(0), check_dtype=False)


def test_samlet_base_reproduces_published_j_for_0670_01(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=SAMLET)
    j = nb.to_frame().set_index("kapittel_post").loc["0670 01", "maks_overforbart_ore"]
    assert j == pub_b.set_index("kapittel_post").loc["0670 01", "maks_overforbart_ore"]
    assert j == 20_711_650 * KR  # 5 % × 414 233 000


def test_default_base_gives_5_percent_of_arets_tildeling(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=ARETS)
    f = nb.to_frame().set_index("kapittel_post")
    assert f.loc["0670 01", "maks_overforbart_ore"] == fem_prosent_ore(402_395_000 * KR) == 20_119_750 * KR
    # k is the same under both bases: 13 863 222 < both caps
    assert (f.loc[pub_b["kapittel_post"], "mulig_overforbart_ore"].tolist()
            == pub_b["mulig_overforbart_ore"].tolist())
    # and the published 20 711 650 is reported as above the R-115 cap
    hit = [x for x in kontroller_publisert_note_b(pub_b, nb) if x.rule == "NOTEB-PUBL-MAKS"]
    assert [(x.line, x.expected_ore, x.actual_ore) for x in hit] == [
        ("0670 01", 20_119_750 * KR, 20_711_650 * KR)]


def test_kan_overfores_posts_follow_the_two_year_rule_and_k_is_unaffected(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=SAMLET)
    f = nb.to_frame().set_index("kapittel_post")
    pub = pub_b.set_index("kapittel_post")
    for kp in ("0670 21", "0671 45", "0671 60"):
        kap, post = kp.split()
        arets = imdi_poster.set_index(["kapittel", "post"]).loc[(kap, post), "arets_tildeling_ore"]
        pf = fullmakter.post(kap, post)
        if pf is not None and pf.bevilgning_i_fjor_ore is not None:
            fjor = pf.bevilgning_i_fjor_ore
        else:
            fjor = int(FJOR.set_index(["kapittel", "post"]).loc[(kap, post), "arets_tildeling_ore"])
        assert f.loc[kp, "maks_overforbart_ore"] == arets + fjor
        assert f.loc[kp, "maks_overforbart_ore"] != pub.loc[kp, "maks_overforbart_ore"]   # §7 I6
        assert f.loc[kp, "mulig_overforbart_ore"] == pub.loc[kp, "mulig_overforbart_ore"]
    # 0670/21 is new in 2025: j = 30 000 000 + 0, not the printed 5 % (1 500 000)
    assert f.loc["0670 21", "maks_overforbart_ore"] == 30_000_000 * KR


def test_sum_mulig_overforbart_is_24_9_mill(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=ARETS)
    assert nb.sum_mulig_overforbart_ore == int(pub_b["mulig_overforbart_ore"].sum())
    assert nb.tabell.verdi("sum", "mulig_overforbart_ore") == nb.sum_mulig_overforbart_ore
    # «Samlet mulig overføring … er 24,9 mill. kroner»
    assert round(nb.sum_mulig_overforbart_ore / 100 / 1e6, 1) == 24.9  # float ok


def test_findings_on_imdi(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=SAMLET)
    mer = {x.line: x for x in nb.findings if x.rule == "NOTEB-MERUTGIFT-UTEN-FULLMAKT"}
    # §7 I14: 0671/62 has a merutgift with neither stikkord nor fullmakt
    assert mer["0671 62"].severity is Severity.ERROR
    assert mer["0671 62"].actual_ore == -1_105_226 * KR
    # 0671/60's merutgift is on a «kan overføres» post: reported as a warning
    assert mer["0671 60"].severity is Severity.WARNING
    assert set(mer) == {"0671 62", "0671 60"}
    assert not [x for x in nb.findings if x.rule in ("NOTEB-UKJENT-POST", "NOTEB-BELASTNING-OVERSKREDET",
                                                    "NOTEB-C-AVVIK", "NOTEB-FJOR-MANGLER")]


def test_published_imdi_checks(imdi_poster, fullmakter, pub_b):
    nb = note_b(imdi_poster, fullmakter, spec=SAMLET)
    found = kontroller_publisert_note_b(pub_b, nb)
    # own arithmetic holds; nothing above the cap; the three «kan overføres» maks differ (info)
    assert not [x for x in found if x.severity is Severity.ERROR]
    assert sorted(x.line for x in found if x.rule == "NOTEB-PUBL-MAKS-AVVIK") == ["0670 21", "0671 45", "0671 60"]


def test_every_row_explains_its_cap_and_fullmakter(imdi_poster, fullmakter):
    f = note_b(imdi_poster, fullmakter, spec=ARETS).to_frame().set_index("kapittel_post")
    assert f["regel_maks"].str.contains(r"\(", regex=True).all()   # every rule names its source
    assert any("Bufdir" in t for t in f.loc["0670 01", "forklaring"])
    assert any("3670 post 01" in t for t in f.loc["0670 01", "forklaring"])
    assert f.loc["0671 61", "regel_maks"].startswith("overslagsbevilgning")
