"""The second worked example, examples/statlig-gebyr-2025 (Direktoratet for eksempelforvaltning,
an invented agency): every key figure is worked by hand below from the input files, in kroner
(× 100 for øre), and compared with what the library computes.  The arithmetic is explained in
the example's README («Regnet for hånd»)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import imdi_ledger as il
from imdi_ledger.findings import Severity

MAPPE = Path(__file__).resolve().parents[1] / "examples" / "statlig-gebyr-2025"
KR = 100  # øre per krone


@pytest.fixture(scope="module")
def r():
    return il.beregn(il.last_mappe(MAPPE))


def _post(r, kapittel, post):
    p = r.bevilgning.poster
    rad = p[(p["kapittel"] == kapittel) & (p["post"] == post)]
    assert len(rad) == 1
    return rad.iloc[0]


# --- hand-worked figures (kroner) -------------------------------------------------------------
# Post 0598/01, four quarters of: lønn 300 000 + AGA 42 300 (14,1 %) + SPK 36 000 (12 %)
# + konsulentfaktura paid in the quarter 200 000 + husleie for the next quarter 90 000;
# plus once: gruppeliv 4 000, feriepenger opptjent 2024 paid in June 60 000, and the
# December 2024 invoice paid in March 100 000.
REGNSKAP_01 = 4 * (300_000 + 42_300 + 36_000 + 200_000 + 90_000) + 4_000 + 60_000 + 100_000
SAMLET_01 = 20_000 + 2_750_000                  # overført fra i fjor + årets tildeling
C_01 = SAMLET_01 - REGNSKAP_01                   # merutgift (−)
REGNSKAP_61 = 2 * 540_000                        # two half-year refusjoner to kommuner
REGNSKAP_70 = 3 * 250_000                        # three quarterly grants (none in Q4)
REGNSKAP_3598 = 4 * 150_000                      # gebyrer, one receipt per quarter
MERINNTEKT = REGNSKAP_3598 - 500_000             # regnskap − tildeling of 3598/02
MVA_SRAPPORT = 25_000 + 4 * 50_000               # 1987 as paid: Dec 2024 invoice + the four paid in 2025
MVA_HOVEDBOK = 4 * 50_000 + 20_000               # 1987 as invoiced: the four 2025 invoices + Dec 2025
AGA = 4 * 42_300
GRUPPELIV = 4_000
NETTO_RAPPORTERT = (REGNSKAP_01 + REGNSKAP_61 + REGNSKAP_70 + MVA_SRAPPORT
                    - REGNSKAP_3598 - GRUPPELIV - AGA)
MV_IB = -30_000 - 12_000                         # mellomvaerende_ib.csv: 260 + 281
MV_UB = -90_000 - 36_000                         # Q4 forskuddstrekk and SPK premium, paid in 2026
KK_INN = REGNSKAP_3598
KK_UT = -(NETTO_RAPPORTERT + (MV_UB - MV_IB) + KK_INN)   # each period sums to 0


def test_report_strict_exits_0():
    res = subprocess.run([sys.executable, "-m", "imdi_ledger.cli", "report", "--inndata", str(MAPPE),
                          "--strict"], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    # the three warnings the README explains (true statements about the data), no error
    assert "Funn: 0 feil, 3 advarsler" in res.stdout
    for rule in ("X-7A-FELLESKAP", "X-7A-KONTANT", "X-7B-ART-MV"):
        assert f"ADVARSEL {rule}" in res.stdout
    # the mva timing item is one fact: Note 7A's own cross-check is named, not printed again
    assert "ADVARSEL NOTE7A-1987" not in res.stdout
    assert "(også funnet av regel NOTE7A-1987)" in res.stdout


def test_bevilgningsrapportering(r):
    assert REGNSKAP_01 == 2_837_200 and C_01 == -67_200
    p01 = _post(r, "0598", "01")
    assert (p01["samlet_tildeling_ore"], p01["regnskap_ore"], p01["merutgift_mindreutgift_ore"]) == (
        SAMLET_01 * KR, REGNSKAP_01 * KR, C_01 * KR)
    p61 = _post(r, "0598", "61")   # overslagsbevilgning: merutgift 1 000 000 − 1 080 000
    assert (p61["regnskap_ore"], p61["merutgift_mindreutgift_ore"]) == (REGNSKAP_61 * KR, (1_000_000 - REGNSKAP_61) * KR)
    p70 = _post(r, "0598", "70")   # tilskudd without stikkord: mindreutgift 800 000 − 750 000
    assert (p70["regnskap_ore"], p70["merutgift_mindreutgift_ore"]) == (REGNSKAP_70 * KR, (800_000 - REGNSKAP_70) * KR)
    p3598 = _post(r, "3598", "02")
    assert (p3598["regnskap_ore"], p3598["merutgift_mindreutgift_ore"]) == (REGNSKAP_3598 * KR, MERINNTEKT * KR)
    assert _post(r, "1633", "01")["regnskap_ore"] == MVA_SRAPPORT * KR
    assert NETTO_RAPPORTERT == 4_119_000
    assert r.artskonto.netto_rapportert_ore == NETTO_RAPPORTERT * KR
    assert KK_UT == -4_635_000


def test_note_b(r):
    nb = r.note_b.to_frame().set_index("kapittel_post")
    rad = nb.loc["0598 01"] if "0598 01" in nb.index else nb.loc["059801"]
    d = -30_000                                   # utgiftsført av Statens eksempelsenter
    e = C_01 + d                                  # −67 200 − 30 000 = −97 200
    f = MERINNTEKT                                # 600 000 − 500 000 = 100 000
    i = e + f                                     # 2 800
    j = 2_750_000 * 5 // 100                      # 5 % of årets tildeling (not samlet) = 137 500
    k = min(max(i, 0), j)                         # 2 800
    assert (rad["utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore"], rad["etter_avgitte_belastningsfullmakter_ore"],
            rad["merinntekter_merinntektsfullmakt_ore"], rad["sum_grunnlag_for_overforing_ore"],
            rad["maks_overforbart_ore"], rad["mulig_overforbart_ore"]) == (
        d * KR, e * KR, f * KR, i * KR, j * KR, k * KR)
    assert (i, j, k) == (2_800, 137_500, 2_800)
    # overslagsbevilgning: j = 0, k = 0 despite the merutgift; post 70 without stikkord: j = 0
    for kp in ("0598 61", "0598 70"):
        key = kp if kp in nb.index else kp.replace(" ", "")
        assert (nb.loc[key, "maks_overforbart_ore"], nb.loc[key, "mulig_overforbart_ore"]) == (0, 0)
    rules = {(f.rule, f.severity) for f in r.findings}
    assert not any(rule.startswith("NOTEB-MERUTGIFT") for rule, _ in rules)


def test_mellomvaerende_and_kapitalkontoer(r):
    mv = r.artskonto.mellomvaerende
    assert mv.verdi("sum_mellomvaerende", "belop") == MV_UB * KR
    assert mv.verdi("sum_mellomvaerende", "belop_fjor") == MV_IB * KR


def test_srs_balanse_and_note_7(r):
    bal = r.virksomhetsregnskap.balanse
    # eiendeler: only forskuddsbetalt husleie for Q1 2026 (1700), paid in December 2025
    assert bal.verdi("sum_eiendeler", "belop") == 90_000 * KR
    # gjeld 31.12: leverandørgjeld (Dec 2025 invoice 80 000 + mva 20 000), skattetrekk Q4,
    # feriepenger opptjent 2025 (12 % of 4 × 300 000), SPK Q4 on annen kortsiktig gjeld (SRS 1)
    gjeld = 100_000 + 90_000 + 4 * 36_000 + 36_000
    assert gjeld == 370_000
    assert bal.verdi("annen_kortsiktig_gjeld", "belop") == 36_000 * KR
    ams_ub = 90_000 - gjeld                      # avregnet = eiendeler − gjeld (credit positive)
    ams_ib = 90_000 - (125_000 + 30_000 + 12_000 + 60_000)   # saldobalanse_ib_2025.csv
    assert (ams_ub, ams_ib) == (-280_000, -137_000)
    a = r.note_7a
    assert a.endring_ams_ore == (ams_ub - ams_ib) * KR == -143_000 * KR
    assert a.kongruensavvik_ore == (ams_ub - ams_ib) * KR      # resultat is 0 (bruttobudsjettert)
    assert a.uforklart_ore == 0
    t = a.tabell
    # the 1987 line is the ledger's (invoice date); the S-rapport's is 5 000 higher:
    assert t.verdi("mva_1987", "belop") == MVA_HOVEDBOK * KR
    assert MVA_HOVEDBOK - MVA_SRAPPORT == 20_000 - 25_000 == -5_000
    assert t.verdi("netto_trekk", "belop") == (KK_INN + KK_UT) * KR
    assert t.verdi("tilskudd", "belop") == (REGNSKAP_61 + REGNSKAP_70) * KR
    # accrual costs = cash on post 01 − paid for 2024 (feriepenger 60 000, Dec 2024 invoice 100 000)
    # − rent paid for Q1 2026 (90 000) + rent prepaid in 2024 for Q1 2025 (90 000)
    # + the unpaid Dec 2025 invoice (80 000) + feriepenger opptjent 2025 (12 % × 1 200 000)
    costs = REGNSKAP_01 - 60_000 - 100_000 - 90_000 + 90_000 + 80_000 + 144_000
    assert t.verdi("bevilgning_1991", "belop") == (costs - REGNSKAP_3598) * KR == 2_301_200 * KR
    assert t.verdi("sum_endring", "belop") == -(ams_ub - ams_ib) * KR
    b = r.note_7b.tabell
    assert (b.verdi("total", "bokfort"), b.verdi("total", "rapportert")) == (ams_ub * KR, MV_UB * KR)
    f87 = [f for f in r.findings if f.rule == "NOTE7A-1987"]
    assert len(f87) == 1 and f87[0].severity == Severity.WARNING


def test_findings_are_the_documented_warnings(r):
    assert not [f for f in r.findings if f.severity == Severity.ERROR]
    # the computation's own finding; the three X-… of the rule catalogue are checked on the CLI
    assert sorted({f.rule for f in r.findings if f.severity == Severity.WARNING}) == ["NOTE7A-1987"]


def test_example_name_is_the_folder():
    from imdi_ledger.eksempel import EKSEMPLER, eksempel_mappe
    assert "statlig-gebyr-2025" in EKSEMPLER
    assert eksempel_mappe("statlig-gebyr-2025").resolve() == MAPPE.resolve()


def test_books_are_balanced_and_konsernkonto_agrees():
    import pandas as pd
    s = pd.read_csv(MAPPE / "srapport_2025.csv", sep=";", dtype={"statskonto": str, "artskonto": str})
    h = pd.read_csv(MAPPE / "hovedbok_2025.csv", sep=";", dtype={"konto": str})
    assert (s.groupby("periode")["belop"].sum() == 0).all()
    assert (h.groupby("bilag")["belop"].sum() == 0).all()
    assert len(s) < 100 and len(h) < 150                       # small enough to check by hand
    assert h.loc[h["konto"] == "1930", "belop"].sum() == s.loc[s["statskonto"] == "60059801", "belop"].sum() == KK_INN
    assert h.loc[h["konto"] == "1940", "belop"].sum() == s.loc[s["statskonto"] == "60059802", "belop"].sum() == KK_UT
