"""Bevilgningsrapportering, Note A and artskontorapportering on inline S-rapporter and on
generated balanced years (R-115)."""

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from imdi_ledger.artskonto import artskontorapportering
from imdi_ledger.bevilgning import bevilgningsrapportering
from imdi_ledger.load.srapport import load_srapport
from imdi_ledger.load.tildeling import load_tildeling


def srapport(rows, ar=2025):
    df = pd.DataFrame(rows, columns=["periode", "statskonto", "artskonto", "belop"])
    return load_srapport(df, name="inline")


def tildeling(rows, ar=2025):
    df = pd.DataFrame(rows, columns=["kapittel", "post", "overfort_fra_i_fjor", "arets_tildeling", "stikkord"])
    df["ar"] = str(ar)
    return load_tildeling(df)


# One month of a small agency, in domain language (debit positive, kroner):
#   lønn 100 000 on 0670/01, forskuddstrekk 30 000 to mellomværende, AGA 14 100 (540 / 1986),
#   konsulent 10 000 + mva 2 500 (1987 on 1633/01), tilskudd 50 000 on 0671/60,
#   tilbakebetalt tilskudd 3 000 in (848 on 5309/29), gruppeliv 400 (1985 on 5309/29).
MONTH = [
    ("2025-01", "067001", "500", "100000"), ("2025-01", "705005", "260", "-30000"),
    ("2025-01", "60088702", "195", "-70000"),
    ("2025-01", "067001", "540", "14100"), ("2025-01", "570072", "1986", "-14100"),
    ("2025-01", "067001", "673", "10000"), ("2025-01", "163301", "1987", "2500"),
    ("2025-01", "60088702", "195", "-12500"),
    ("2025-01", "067160", "870", "50000"), ("2025-01", "60088702", "195", "-50000"),
    ("2025-01", "530929", "848", "-3000"), ("2025-01", "60088701", "195", "3000"),
    ("2025-01", "067001", "525", "400"), ("2025-01", "530929", "1985", "-400"),
]
TILDELING = [("0670", "01", "1000", "200000", None), ("0671", "60", "0", "60000", "kan overføres")]


@pytest.fixture
def month():
    return srapport(MONTH)


def test_lines_regnskap_and_mer_mindreutgift(month):
    b = bevilgningsrapportering(month, tildeling(TILDELING))
    u = b.utgifter
    # 0670/01: 100 000 + 14 100 + 10 000 + 400 = 124 500; samlet 201 000; mindreutgift 76 500
    assert u.verdi("U-0670-01", "regnskap") == 12450000
    assert u.verdi("U-0670-01", "samlet_tildeling") == 20100000
    assert u.verdi("U-0670-01", "merutgift_mindreutgift") == 7650000
    # 0671/60: 60 000 − 50 000 = 10 000
    assert u.verdi("U-0671-60", "merutgift_mindreutgift") == 1000000
    # 1633 has regnskap 2 500 and no mer/mindre
    assert u.verdi("U-1633-01", "regnskap") == 250000
    assert u.verdi("U-1633-01", "merutgift_mindreutgift") is None
    # sums: tildeling 261 000, regnskap 177 000, mer/mindre 86 500 (1633 excluded)
    assert u.verdi("sum_utgiftsfort", "regnskap") == 17700000
    assert u.verdi("sum_utgiftsfort", "merutgift_mindreutgift") == 8650000
    i = b.inntekter
    assert i.verdi("I-5309-29", "regnskap") == 340000 and i.verdi("I-5700-72", "regnskap") == 1410000
    # netto = 177 000 − 17 500 = 159 500
    assert b.netto_rapportert_ore == 15950000 == i.verdi("netto_rapportert", "regnskap")


def test_kapitalkontoer_sum_rapportert_is_zero_and_mellomvaerende(month):
    ib = pd.DataFrame({"statskonto": ["705005"], "artskonto": ["260"], "belop_ore": [-2500000]})
    b = bevilgningsrapportering(month, tildeling(TILDELING), mellomvaerende_ib=ib)
    k = b.kapitalkontoer
    assert k.verdi("kk-60088701", "belop") == 300000
    assert k.verdi("kk-60088702", "belop") == -13250000
    assert k.verdi("mv-endring-705005", "belop") == -3000000
    assert b.sum_rapportert_ore == 0 == k.verdi("sum_rapportert", "belop")
    h = b.beholdninger
    assert (h.verdi("mv-705005", "ib"), h.verdi("mv-705005", "ub"), h.verdi("mv-705005", "endring")) == \
        (-2500000, -5500000, -3000000)
    assert not [f for f in b.findings if f.severity == "error"]


def test_note_a_adds_up_and_equals_the_bevilgning_column(month):
    b = bevilgningsrapportering(month, tildeling(TILDELING))
    a = b.note_a
    assert a.verdi("A-0670-01", "overfort_fra_i_fjor") == 100000
    assert a.verdi("A-0670-01", "arets_tildelinger") == 20000000
    assert a.verdi("A-0670-01", "samlet_tildeling") == 20100000 == b.utgifter.verdi("U-0670-01", "samlet_tildeling")
    assert a.verdi("sum", "samlet_tildeling") == b.utgifter.verdi("sum_utgiftsfort", "samlet_tildeling")


def test_artskontorapportering_lines_and_netto_equal_bevilgning(month):
    a = artskontorapportering(month)
    t = a.tabell
    assert t.verdi("utbetalinger_lonn", "belop") == 11450000          # 500 + 540 + 525
    assert t.verdi("andre_utbetalinger_drift", "belop") == 1000000
    assert t.verdi("innbetaling_innkreving", "belop") == 300000         # printed positive
    assert t.verdi("utbetalinger_tilskudd", "belop") == 5000000
    assert t.verdi("gruppeliv_1985", "belop") == 40000
    assert t.verdi("arbeidsgiveravgift_1986", "belop") == 1410000
    assert t.verdi("mva_1987", "belop") == 250000
    assert t.verdi("netto_felles", "belop") == 250000 - 1410000 - 40000
    b = bevilgningsrapportering(month, None)
    assert a.netto_rapportert_ore == b.netto_rapportert_ore == t.verdi("netto_rapportert", "belop")
    assert a.findings == ()


def test_unreportable_artskonto_is_shown_and_reported(month):
    rows = MONTH + [("2025-01", "067001", "600", "5"), ("2025-01", "60088702", "195", "-5")]
    a = artskontorapportering(srapport(rows))
    assert a.tabell.verdi("ikke_klassifisert", "belop") == 500
    (f,) = a.findings
    assert f.rule == "ART-ARTSKONTO-UKJENT" and f.row == len(rows) and f.column == "artskonto"
    assert a.netto_rapportert_ore == bevilgningsrapportering(srapport(rows), None).netto_rapportert_ore


# ---- generated years -------------------------------------------------------------------------
POSTS = ["067001", "067021", "067145", "067160", "067162", "067270"]
ART = {"067001": ["500", "540", "673", "630", "104"], "067021": ["678", "500"], "067145": ["104", "128"],
       "067160": ["870"], "067162": ["876"], "067270": ["870"]}


@st.composite
def hendelser(draw):
    """Balanced S-rapport transactions: each is an utgift paid from KK, split with skattetrekk
    and mva, or an innbetaling to KK."""
    rows = []
    for _ in range(draw(st.integers(1, 25))):
        per = f"2025-{draw(st.integers(1, 12)):02d}"
        kind = draw(st.sampled_from(["utgift", "lonn", "mva", "inn", "aga"]))
        amt = draw(st.integers(1, 10**9))
        post = draw(st.sampled_from(POSTS))
        art = draw(st.sampled_from(ART[post]))
        if kind == "utgift":
            rows += [(per, post, art, amt), (per, "60088702", "195", -amt)]
        elif kind == "lonn":
            trekk = amt // 3
            rows += [(per, "067001", "500", amt), (per, "705005", "260", -trekk), (per, "60088702", "195", trekk - amt)]
        elif kind == "mva":
            mva = amt // 4
            rows += [(per, post, art, amt), (per, "163301", "1987", mva), (per, "60088702", "195", -amt - mva)]
        elif kind == "aga":
            rows += [(per, "067001", "540", amt), (per, "570072", "1986", -amt)]
        else:
            rows += [(per, "530929", "848", -amt), (per, "60088701", "195", amt)]
    return [(p, s, a, f"{v // 100},{abs(v) % 100:02d}" if v >= 0 else f"-{abs(v) // 100},{abs(v) % 100:02d}")
            for p, s, a, v in rows]


@settings(max_examples=60, deadline=None)
@given(hendelser())
def test_generated_years_tie(rows):
    sr = srapport(rows)
    assert (sr.periodesummer() == 0).all()
    t = tildeling([("0670", "01", "0", "5000000", None), ("0671", "60", "0", "7000000", "kan overføres")])
    b = bevilgningsrapportering(sr, t)
    a = artskontorapportering(sr)
    assert b.sum_rapportert_ore == 0
    assert b.netto_rapportert_ore == a.netto_rapportert_ore
    p = b.poster
    utg = p[(p["type"] == "utgift") & p["merutgift_mindreutgift_ore"].notna()]
    assert (utg["merutgift_mindreutgift_ore"] == utg["samlet_tildeling_ore"] - utg["regnskap_ore"]).all()
    assert b.note_a.verdi("sum", "samlet_tildeling") == int(p.loc[p["type"] == "utgift", "samlet_tildeling_ore"].sum())
    assert not [f for f in b.findings + a.findings if f.severity == "error"]
