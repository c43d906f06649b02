"""Note 7A/7B and the kongruensavvik on a tiny hand-built year (R-115 note 7).

The year: software worth 100 000 kr and 5 000 kr skyldig skattetrekk at 1 January; a payroll,
its arbeidsgiveravgift, a paid supplier invoice with nettoført mva, a tilskudd, an innkreving,
gruppeliv, one year's avskrivning, inntektsført bevilgning and the year-end nullstilling of
the konsernkonto.  Every expected figure below is written as the sum of the events' amounts.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from imdi_ledger.note7 import NOTE7B_IMDI, NOTE7B_SRS1, Note7BOppsett, note_7a, note_7b
from imdi_ledger.load.hovedbok import load_hovedbok
from imdi_ledger.load.srapport import load_mellomvaerende_ib, load_srapport

KR = 100  # øre per krone

# Event amounts (kroner)
LONN, TREKK, TREKK_IB = 50_000, 15_000, 5_000
AGA = 7_050
VARE, MVA = 10_000, 2_500
TILSKUDD, INNKREVING, GRUPPELIV, AVSKRIVNING = 30_000, 4_000, 1_000, 10_000
PROGRAMVARE_IB = 100_000
KK_UT = LONN - TREKK + TREKK_IB + VARE + MVA + TILSKUDD
BEVILGNING = LONN + AGA + VARE + GRUPPELIV + AVSKRIVNING  # tilskudd/innkreving net to 0


def hovedbok_tekst(mva: int = MVA, vare: int = VARE) -> str:
    bevilgning = LONN + AGA + vare + GRUPPELIV + AVSKRIVNING
    kk_ut = LONN - TREKK + TREKK_IB + vare + mva + TILSKUDD
    return f"""bilag;dato;konto;belop;tekst;kapittel;post;artskonto
IB;2025-01-01;1040;{PROGRAMVARE_IB};Programvare;;;
IB;2025-01-01;2600;-{TREKK_IB};Skyldig skattetrekk;;;
IB;2025-01-01;1990;{TREKK_IB - PROGRAMVARE_IB};Avregnet med statskassen;;;
L1;2025-01-25;5000;{LONN};Lønn januar;0670;01;500
L1;2025-01-25;2600;-{TREKK};Forskuddstrekk;;;
L1;2025-01-25;1940;-{LONN - TREKK};Utbetalt nettolønn;;;
AGA1;2025-01-25;5400;{AGA};Arbeidsgiveravgift;0670;01;540
AGA1;2025-01-25;1986;-{AGA};Arbeidsgiveravgift;5700;72;1986
T1;2025-02-10;2600;{TREKK_IB};Forskuddstrekk desember betalt;;;
T1;2025-02-10;1940;-{TREKK_IB};Forskuddstrekk desember betalt;;;
F1;2025-01-20;6700;{vare};Konsulent;0670;01;670
F1;2025-01-20;1987;{mva};Nettoført mva;1633;01;1987
F1;2025-01-20;1940;-{vare + mva};Betalt leverandør;;;
TS1;2025-01-15;8700;{TILSKUDD};Tilskudd kommune;0671;60;870
TS1;2025-01-15;1940;-{TILSKUDD};Tilskudd kommune;;;
TS1;2025-01-15;1998;{TILSKUDD};Avregning tilskuddsforvaltning;;;
TS1;2025-01-15;8790;-{TILSKUDD};Avregning tilskuddsforvaltning;;;
I1;2025-01-12;1930;{INNKREVING};Tilbakebetalt tilskudd;;;
I1;2025-01-12;8480;-{INNKREVING};Tilbakebetalt tilskudd;5309;29;848
I1;2025-01-12;8490;{INNKREVING};Avregning innkreving;;;
I1;2025-01-12;1997;-{INNKREVING};Avregning innkreving;;;
G1;2025-01-31;7500;{GRUPPELIV};Gruppelivsforsikring;0670;01;750
G1;2025-01-31;1985;-{GRUPPELIV};Gruppelivsforsikring;5309;29;1985
AV1;2025-12-31;6000;{AVSKRIVNING};Avskrivning programvare;;;
AV1;2025-12-31;1049;-{AVSKRIVNING};Akkumulerte avskrivninger;;;
ARS1;2025-12-31;1991;{bevilgning};Inntektsført bevilgning;;;
ARS1;2025-12-31;3900;-{bevilgning};Inntekt fra bevilgninger;;;
KK1;2025-12-31;1930;-{INNKREVING};Nullstilling konsernkonto;;;
KK1;2025-12-31;1940;{kk_ut};Nullstilling konsernkonto;;;
KK1;2025-12-31;1990;{INNKREVING - kk_ut};Nullstilling konsernkonto;;;
"""


SRAPPORT = f"""periode;statskonto;artskonto;belop
2025-01;067001;500;{LONN}
2025-01;705005;260;-{TREKK}
2025-01;60088702;195;-{LONN - TREKK}
2025-01;067001;540;{AGA}
2025-01;570072;1986;-{AGA}
2025-01;067001;670;{VARE}
2025-01;163301;1987;{MVA}
2025-01;60088702;195;-{VARE + MVA}
2025-01;067160;870;{TILSKUDD}
2025-01;60088702;195;-{TILSKUDD}
2025-01;60088701;195;{INNKREVING}
2025-01;530929;848;-{INNKREVING}
2025-01;067001;750;{GRUPPELIV}
2025-01;530929;1985;-{GRUPPELIV}
2025-02;705005;260;{TREKK_IB}
2025-02;60088702;195;-{TREKK_IB}
"""

MV_IB = f"""statskonto;artskonto;belop
705005;260;-{TREKK_IB}
"""


def _csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def boker():
    sr = load_srapport(_csv(SRAPPORT), name="srapport_2025.csv")
    hb = load_hovedbok(_csv(hovedbok_tekst()), name="hovedbok_2025.csv")
    ib = load_mellomvaerende_ib(_csv(MV_IB), name="mellomvaerende_ib.csv")
    return sr, hb, ib


def test_fixture_books_balance(boker):
    sr, hb, _ = boker
    assert (sr.periodesummer() == 0).all()
    assert not hb.findings


def test_note_7a_lines_from_the_ledger(boker):
    sr, hb, _ = boker
    a = note_7a(sr, hb)
    t = a.tabell
    assert t.verdi("kk_ut", "belop") == -KK_UT * KR
    assert t.verdi("kk_inn", "belop") == INNKREVING * KR
    assert t.verdi("netto_trekk", "belop") == (INNKREVING - KK_UT) * KR
    assert t.verdi("innkreving", "belop") == -INNKREVING * KR
    assert t.verdi("tilskudd", "belop") == TILSKUDD * KR
    assert t.verdi("bevilgning_1991", "belop") == BEVILGNING * KR
    assert t.verdi("gruppeliv_aga", "belop") == -(GRUPPELIV + AGA) * KR
    assert t.verdi("mva_1987", "belop") == MVA * KR
    assert t.verdi("resultat", "belop") == 0


def test_note_7a_ties_without_residual(boker):
    sr, hb, _ = boker
    a = note_7a(sr, hb)
    t = a.tabell
    ams_ib = (PROGRAMVARE_IB - TREKK_IB) * KR
    ams_ub = (PROGRAMVARE_IB - AVSKRIVNING - TREKK) * KR
    assert t.verdi("avregnet_i_balansen", "belop") == ams_ub
    assert t.verdi("avregnet_i_balansen", "belop_fjor") == ams_ib
    assert t.verdi("avregnet_i_balansen", "endring") == ams_ub - ams_ib
    assert t.verdi("sum_endring", "belop") == -(ams_ub - ams_ib)
    assert not t.har_linje("uforklart")
    assert a.uforklart_ore == 0
    assert a.kongruensavvik_ore == ams_ub - ams_ib  # resultat is 0 for a bruttobudsjettert agency
    assert [f.rule for f in a.findings if f.severity != "info"] == []


def test_year_end_nullstilling_is_reported_not_dropped(boker):
    sr, hb, _ = boker
    intern = [f for f in note_7a(sr, hb).findings if f.rule == "NOTE7A-INTERN"]
    assert len(intern) == 1 and intern[0].row is not None and intern[0].actual_ore == 0


def test_ledger_1987_differs_from_srapport(boker):
    sr, _, _ = boker
    avvik = 637  # kroner more mva in the ledger than reported on kap 1633/01
    hb = load_hovedbok(_csv(hovedbok_tekst(mva=MVA + avvik, vare=VARE - avvik)), name="hovedbok.csv")
    a = note_7a(sr, hb)
    f = [x for x in a.findings if x.rule == "NOTE7A-1987"]
    assert len(f) == 1
    assert (f[0].expected_ore, f[0].actual_ore, f[0].difference_ore) == (MVA * KR, (MVA + avvik) * KR, avvik * KR)
    assert a.tabell.verdi("mva_1987", "belop") == (MVA + avvik) * KR
    assert a.uforklart_ore == 0


def test_published_prior_year_that_differs_is_an_unexplained_residual(boker):
    sr, hb, _ = boker
    ams_ib = (PROGRAMVARE_IB - TREKK_IB) * KR
    a = note_7a(sr, hb, avregnet_fjor_ore=ams_ib + 54_442_200)
    assert a.uforklart_ore == 54_442_200
    assert a.tabell.verdi("uforklart", "belop") == 54_442_200
    f = [x for x in a.findings if x.rule == "NOTE7A-UFORKLART"]
    assert len(f) == 1 and f[0].severity == "error" and f[0].difference_ore == -54_442_200


def test_konsernkonto_missing_in_srapport_is_an_error(boker):
    _, hb, _ = boker
    uten = "\n".join(r for r in SRAPPORT.splitlines() if "60088701" not in r and "530929;848" not in r)
    sr = load_srapport(_csv(uten + "\n"), name="srapport.csv")
    rules = {f.rule: f for f in note_7a(sr, hb).findings}
    assert rules["NOTE7A-KK-INN"].difference_ore == INNKREVING * KR
    assert rules["NOTE7A-KK-INN"].severity == "error"
    assert rules["NOTE7A-INNKREVING"].difference_ore == -INNKREVING * KR


def test_note_7b_lines(boker):
    sr, hb, ib = boker
    b = note_7b(sr, hb, mellomvaerende_ib=ib, oppsett=NOTE7B_SRS1)
    t = b.tabell
    assert t.verdi("anlegg:programvare", "bokfort") == (PROGRAMVARE_IB - AVSKRIVNING) * KR
    assert t.verdi("anlegg:programvare", "rapportert") == 0
    assert t.verdi("kortsiktig:skyldig_skattetrekk", "bokfort") == -TREKK * KR
    assert t.verdi("kortsiktig:skyldig_skattetrekk", "rapportert") == -TREKK * KR
    assert t.verdi("kortsiktig:skyldig_skattetrekk", "forskjell") == 0
    assert t.verdi("total", "bokfort") == (PROGRAMVARE_IB - AVSKRIVNING - TREKK) * KR
    assert t.verdi("total", "rapportert") == -TREKK * KR
    assert t.verdi("total", "forskjell") == (PROGRAMVARE_IB - AVSKRIVNING) * KR
    assert t.verdi("sum_finansielle", "bokfort") == 0  # empty group keeps its sum row
    assert not b.findings


def test_note_7b_total_equals_note_7a_avregnet(boker):
    sr, hb, ib = boker
    assert note_7b(sr, hb, mellomvaerende_ib=ib).sum_bokfort_ore == \
        note_7a(sr, hb).tabell.verdi("avregnet_i_balansen", "belop")


def test_note_7b_imdi_layout_groups_lines(boker):
    sr, hb, ib = boker
    t = note_7b(sr, hb, mellomvaerende_ib=ib, oppsett=NOTE7B_IMDI).tabell
    assert t.verdi("anlegg:immaterielle", "bokfort") == (PROGRAMVARE_IB - AVSKRIVNING) * KR
    assert t.to_frame().set_index("line_id").loc["kortsiktig:skyldig_skattetrekk", "tekst"] == \
        "Skyldig skattetrekk og andre trekk"
    assert t.verdi("kortsiktig:skyldig_skattetrekk", "rapportert") == -TREKK * KR


def test_note_7b_rapportert_mapping_is_overridable(boker):
    """An artskonto moved to another 7B line moves only the rapportert column."""
    sr, hb, ib = boker
    oppsett = Note7BOppsett(grupper=NOTE7B_SRS1.grupper, rapportert_artskonto={"260": "annen_kortsiktig_gjeld"})
    t = note_7b(sr, hb, mellomvaerende_ib=ib, oppsett=oppsett).tabell
    assert t.verdi("kortsiktig:annen_kortsiktig_gjeld", "rapportert") == -TREKK * KR
    assert t.verdi("kortsiktig:skyldig_skattetrekk", "rapportert") == 0
    assert t.verdi("kortsiktig:skyldig_skattetrekk", "bokfort") == -TREKK * KR
    assert t.verdi("total", "rapportert") == -TREKK * KR


def _tilskudd_som_drift(tmp_path):
    """A cash chart where the agency reports artskonto 850–879 as andre utbetalinger til drift."""
    from imdi_ledger.kontoplan import standard_kontoplan

    p = tmp_path / "kontoplan.csv"
    p.write_text("fra;til;linje\n850;879;andre_utbetalinger_drift\n", encoding="utf-8")
    return standard_kontoplan().med_overstyring(p)


def test_note_7a_cross_checks_read_the_chart_passed(boker, tmp_path):
    """Note 7A's tilskudd cross-check reads the artskonto lines of the cash chart it is given:
    with the standard chart the tilskudd tie holds; with a chart that maps 870 elsewhere the
    S-rapport has no tilskudd line, and the check says so."""
    sr, hb, _ = boker
    assert not [f for f in note_7a(sr, hb).findings if f.rule == "NOTE7A-TILSKUDD"]
    funn = [f for f in note_7a(sr, hb, kontantplan=_tilskudd_som_drift(tmp_path)).findings
            if f.rule == "NOTE7A-TILSKUDD"]
    assert [(f.expected_ore, f.actual_ore) for f in funn] == [(0, TILSKUDD * KR)]


def test_beregn_gives_note_7a_the_grunnlag_kontoplan(tmp_path):
    import dataclasses

    from imdi_ledger.eksempel import last_eksempel
    from imdi_ledger.regnskap import beregn

    def tilskudd_i_srapporten(g):
        return [f.expected_ore for f in beregn(g).findings if f.rule == "NOTE7A-TILSKUDD"]

    # the example carries I2 (92 949 kr between note 9 and the S-rapport), so the check reports
    # on both charts; what it reads from the S-rapport depends on the chart
    g = last_eksempel()
    [standard] = tilskudd_i_srapporten(g)
    assert standard > 0
    assert tilskudd_i_srapporten(dataclasses.replace(g, kontoplan=_tilskudd_som_drift(tmp_path))) == [0]
