"""Note C computed from a contract register (``avtaler_ÅÅÅÅ.csv``; R-115 Note C; rules in
``imdi_ledger.load.avtaler`` and ``docs/note_c.md``).  Amounts in comments are worked by hand."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from imdi_ledger.bevilgning.note_c import note_c
from imdi_ledger.errors import InputError
from imdi_ledger.findings import Severity
from imdi_ledger.load.avtaler import binding, load_avtaler, til_note_c
from imdi_ledger.load.mappe import last_mappe
from imdi_ledger.money import ore_to_kroner
from imdi_ledger.tabell import tabeller_i

KR = 100
EKSEMPEL = Path(__file__).resolve().parents[1] / "examples" / "imdi-2025"
TRYKT = Path(__file__).resolve().parent / "fixtures" / "note_c_2025.yaml"
HODE = "avtale;blokk;fra;til;oppsigelse_mnd;arlig_belop;indeksering_prosent;blokk_tittel\n"


def skriv(tmp_path: Path, *linjer: str, navn: str = "avtaler_2025.csv") -> Path:
    p = tmp_path / navn
    p.write_text(HODE + "".join(x + "\n" for x in linjer), encoding="utf-8")
    return p


def b(fra: str, til: str | None, arlig_kr: int, p: str | None = None, mnd: int | None = None):
    return binding(date.fromisoformat(fra), None if til is None else date.fromisoformat(til), mnd,
                   arlig_kr * KR, p, 2025)


# --- the rules, worked by hand ----------------------------------------------------------------


def test_months_across_year_ends_with_indexation():
    # 120 000 kr, 3 % a year, to 31.08.2027.  2026: 120 000 × 1,03 = 123 600 kr, 12 months.
    # 2027: 123 600 × 1,03 = 127 308 kr; January–August = 8 months → 127 308 × 8/12 = 84 872 kr.
    # Remaining months January 2026 – August 2027 = 20 → 1-5 år.
    x = b("2024-03-01", "2027-08-31", 120_000, "3")
    assert x.per_ar == ((2026, 12, 123_600 * KR, 123_600 * KR), (2027, 8, 127_308 * KR, 84_872 * KR))
    assert (x.maneder, x.varighet) == (20, "1_5_ar")
    assert (x.neste_ar_ore, x.senere_ar_ore, x.samlet_ore) == (123_600 * KR, 84_872 * KR, 208_472 * KR)


def test_a_month_belongs_to_the_agreement_when_its_first_day_is_covered():
    # to 15.03.2026 covers 1 January, 1 February and 1 March: 3 months → 100 000 × 3/12 = 25 000 kr
    assert b("2025-06-15", "2026-03-15", 100_000).per_ar == ((2026, 3, 100_000 * KR, 25_000 * KR),)
    # to 28.02.2026: 2 months → 16 666,666… kr → 16 666,67 kr (1 666 666,67 øre rounds up)
    assert b("2025-06-15", "2026-02-28", 100_000).neste_ar_ore == 1_666_667
    # starting 2 January 2026: January is not covered, February–December are: 11 months → 91 666,67 kr;
    # the remaining duration still runs to December (12 months, inntil 1 år)
    x = b("2026-01-02", "2026-12-31", 100_000)
    assert (x.per_ar[0][1], x.neste_ar_ore, x.maneder) == (11, 9_166_667, 12)


def test_rounding_is_half_away_from_zero_in_oere_every_year():
    # 1 000,01 kr for 6 months: 100 001 øre × 6/12 = 50 000,5 øre → 50 001 øre
    assert binding(date(2025, 1, 1), date(2026, 6, 30), None, 100_001, None, 2025).neste_ar_ore == 50_001
    # 1 000,20 kr indexed 2,5 %: 100 020 × 1,025 = 102 520,5 øre → 102 521 øre (2026);
    # 2027: 102 521 × 1,025 = 105 084,025 → 105 084 øre (indexed from the rounded 2026 amount)
    x = binding(date(2025, 1, 1), date(2027, 12, 31), None, 100_020, "2,5".replace(",", "."), 2025)
    assert [a for _, _, a, _ in x.per_ar] == [102_521, 105_084]
    assert (x.neste_ar_ore, x.senere_ar_ore) == (102_521, 105_084)


def test_lopende_with_notice_binds_the_notice_months_from_1_january():
    # løpende, 3 months' notice, 240 000 kr + 2 %: 2026 annual 244 800 kr, 3 months → 61 200 kr
    x = b("2019-01-01", None, 240_000, "2", mnd=3)
    assert (x.maneder, x.varighet, x.neste_ar_ore, x.senere_ar_ore) == (3, "inntil_1_ar", 61_200 * KR, 0)
    # 18 months' notice: 2026 12 months 244 800 kr; 2027 annual 249 696 kr × 6/12 = 124 848 kr → 1-5 år
    y = b("2019-01-01", None, 240_000, "2", mnd=18)
    assert (y.maneder, y.varighet, y.neste_ar_ore, y.senere_ar_ore) == (18, "1_5_ar", 244_800 * KR, 124_848 * KR)
    # no notice: nothing binds
    assert b("2019-01-01", None, 240_000, mnd=0).samlet_ore == 0


@pytest.mark.parametrize("til, maneder, varighet, senere_kr", [
    ("2026-12-31", 12, "inntil_1_ar", 0),            # exactly 12 months: inntil 1 år
    ("2027-01-31", 13, "1_5_ar", 10_000),            # 13: one month of 2027 = 120 000 / 12
    ("2030-12-31", 60, "1_5_ar", 480_000),           # exactly 60: 2027–2030, 4 × 120 000
    ("2031-01-31", 61, "over_5_ar", 490_000),        # 61: 4 × 120 000 + 10 000
])
def test_bucket_boundaries(til, maneder, varighet, senere_kr):
    x = b("2020-01-01", til, 120_000)
    assert (x.maneder, x.varighet, x.neste_ar_ore, x.senere_ar_ore) == (maneder, varighet, 120_000 * KR,
                                                                          senere_kr * KR)


def test_an_agreement_not_yet_started_counts_its_months_to_its_end():
    # signed in 2025, runs all of 2027: nothing of 2026, 120 000 kr of 2027; 24 months → 1-5 år, so
    # an «inntil 1 år» row never binds later years' bevilgning
    x = b("2027-01-01", "2027-12-31", 120_000)
    assert (x.maneder, x.varighet, x.neste_ar_ore, x.senere_ar_ore) == (24, "1_5_ar", 0, 120_000 * KR)


# --- the register into Note C -------------------------------------------------------------------


def test_register_to_note_c_per_block_duration_and_agreement(tmp_path):
    p = skriv(tmp_path,
              "Hovedkontor;leie_kontorlokaler;2018-01-01;2027-12-31;;1 200 000;;",       # 24 mnd: 1 200 000 + 1 200 000
              "Lager;leie_kontorlokaler;2020-01-01;2026-06-30;;60000;;",                 # 6 mnd: 30 000
              "Drift;kjop_av_tjenester;2021-01-01;Løpende;12;500000,50;4;",              # løpende 12 mnd: 520 000,52
              "Gammel;kjop_av_tjenester;2015-01-01;2025-12-31;;100000;;",                # ended: finding, not in note
              "Fotokopi;skrivere;2024-01-01;2026-12-31;;24000;;Leie av skrivere")       # own block with a title
    nc = note_c(til_note_c(load_avtaler(p)))
    assert [t.id for t in nc.tabeller] == ["note_c.leie_kontorlokaler", "note_c.kjop_av_tjenester",
                                            "note_c.skrivere", "note_c_avtaler"]
    leie, kjop, skriver, per_avtale = nc.tabeller
    assert leie.tittel == "Avtaler om leie av kontorlokaler" and skriver.tittel == "Leie av skrivere"
    assert kjop.tittel == "Vesentlige avtaler om kjøp av tjenester"
    assert (leie.verdi("1_5_ar", "senere_ar_ore"), leie.verdi("inntil_1_ar", "neste_ar_ore")) == (1_200_000 * KR, 30_000 * KR)
    assert leie.verdi("totalt", "samlet_ore") == (1_200_000 + 1_200_000 + 30_000) * KR
    # 500 000,50 × 1,04 = 520 000,52 kr
    assert kjop.verdi("inntil_1_ar", "neste_ar_ore") == 52_000_052
    assert kjop.verdi("totalt", "arlig_ore") == 50_000_050                 # «Gammel» is not in the note
    assert per_avtale.line_ids == ["leie_kontorlokaler.2", "leie_kontorlokaler.3", "kjop_av_tjenester.4",
                                   "skrivere.6"]
    rad = per_avtale.to_frame().set_index("line_id").loc["kjop_av_tjenester.4"]
    assert (rad["avtale"], rad["fra"], rad["til"], rad["maneder"], rad["varighet"]) == (
        "Drift", "2021-01-01", "løpende (12 mnd oppsigelse)", "12", "inntil 1 år")
    [utlopt] = nc.findings
    assert (utlopt.rule, utlopt.severity, utlopt.file, utlopt.row) == ("NOTEC-AVTALE-UTLOPT", Severity.INFO, str(p), 5)


def test_inconsistent_rows_are_findings(tmp_path):
    p = skriv(tmp_path,
              "A;leie_kontorlokaler;2026-01-01;2025-06-30;;1000;;",     # til before fra: error, not in note
              "B;leie_kontorlokaler;2020-01-01;2027-12-31;;1000;;",
              "b;leie_kontorlokaler;2027-06-01;2028-12-31;;1000;;",     # same name, overlapping: error
              "C;kjop_av_tjenester;2020-01-01;2026-06-30;;1000;;",
              "C;kjop_av_tjenester;2026-07-01;2027-06-30;;1000;;")      # same name, consecutive: info
    nc = note_c(til_note_c(load_avtaler(p)))
    assert sorted((f.rule, f.severity.value, f.row) for f in nc.findings) == [
        ("NOTEC-AVTALE-DATO", "error", 2), ("NOTEC-AVTALE-DOBBEL", "error", 4), ("NOTEC-AVTALE-DOBBEL", "info", 6)]
    assert {f.file for f in nc.findings} == {str(p)}
    assert len(nc.tabeller[-1].line_ids) == 4                               # both «B» and both «C» are in the note


@pytest.mark.parametrize("linje, rad, kolonne, tekst", [
    ("X;ukjent_blokk;2020-01-01;2026-12-31;;1000;;", 2, "blokk", "ukjent blokk"),
    ("X;Leie/../x;2020-01-01;2026-12-31;;1000;;", 2, "blokk", "ikke gyldig"),
    ("X;leie_kontorlokaler;01.01.2020;2026-12-31;;1000;;", 2, "fra", "ÅÅÅÅ-MM-DD"),
    ("X;leie_kontorlokaler;2020-01-01;2026-02-30;;1000;;", 2, "til", "finnes ikke"),
    ("X;leie_kontorlokaler;;2026-12-31;;1000;;", 2, "fra", "mangler"),
    (";leie_kontorlokaler;2020-01-01;2026-12-31;;1000;;", 2, "avtale", "mangler"),
    ("X;leie_kontorlokaler;2020-01-01;;;1000;;", 2, "oppsigelse_mnd", "løpende"),
    ("X;leie_kontorlokaler;2020-01-01;;tre;1000;;", 2, "oppsigelse_mnd", "måneder"),
    ("X;leie_kontorlokaler;2020-01-01;2026-12-31;;-1000;;", 2, "arlig_belop", "negativt"),
    ("X;leie_kontorlokaler;2020-01-01;2026-12-31;;12x;;", 2, "arlig_belop", "beløp"),
    ("X;leie_kontorlokaler;2020-01-01;2026-12-31;;1000;mye;", 2, "indeksering_prosent", "ikke et tall"),
    ("X;leie_kontorlokaler;2020-01-01;2026-12-31;;1000;-100;", 2, "indeksering_prosent", "over -100"),
])
def test_unreadable_cells_are_input_errors_naming_file_row_and_column(tmp_path, linje, rad, kolonne, tekst):
    p = skriv(tmp_path, "OK;leie_kontorlokaler;2020-01-01;2026-12-31;;1000;;", linje)
    with pytest.raises(InputError, match=tekst) as e:
        load_avtaler(p)
    assert (e.value.file, e.value.row, e.value.column) == (str(p), rad + 1, kolonne)


def test_missing_column_is_an_input_error(tmp_path):
    p = tmp_path / "avtaler_2025.csv"
    p.write_text("avtale;blokk;fra;til;arlig_belop\nX;leie_kontorlokaler;2020-01-01;2026-12-31;1\n", encoding="utf-8")
    with pytest.raises(InputError, match="oppsigelse_mnd") as e:
        load_avtaler(p)
    assert e.value.row == 1


def test_excel_register_reads_like_the_csv(tmp_path):
    csv = skriv(tmp_path, "Hovedkontor;leie_kontorlokaler;2018-01-01;2027-12-31;;1200000,50;2,5;",
                "Drift;kjop_av_tjenester;2021-01-01;;6;500000;;")
    xlsx = tmp_path / "avtaler_2025.xlsx"
    pd.DataFrame({"avtale": ["Hovedkontor", "Drift"], "blokk": ["leie_kontorlokaler", "kjop_av_tjenester"],
                  "fra": [pd.Timestamp("2018-01-01"), pd.Timestamp("2021-01-01")],
                  "til": [pd.Timestamp("2027-12-31"), None], "oppsigelse_mnd": [None, 6],
                  "arlig_belop": [1200000.50, 500000], "indeksering_prosent": [2.5, None]}).to_excel(xlsx, index=False)
    fra_csv = note_c(til_note_c(load_avtaler(csv))).to_frame()
    fra_xlsx = note_c(til_note_c(load_avtaler(xlsx))).to_frame()
    pd.testing.assert_frame_equal(fra_csv, fra_xlsx)
    assert fra_csv["samlet_ore"].sum() > 0


# --- the folder ---------------------------------------------------------------------------------


def _mappe(tmp_path: Path) -> Path:
    d = tmp_path / "inn"
    d.mkdir()
    (d / "srapport_2025.csv").write_text("periode;statskonto;artskonto;belop\n", encoding="utf-8")
    return d


def test_register_and_typed_in_note_in_one_folder_is_an_error_naming_both(tmp_path):
    d = _mappe(tmp_path)
    shutil.copy(EKSEMPEL / "avtaler_2025.csv", d / "avtaler_2025.csv")
    shutil.copy(TRYKT, d / "note_c_2025.yaml")
    with pytest.raises(InputError, match="avtaler_2025.csv") as e:
        last_mappe(d)
    assert "note_c_2025.yaml" in str(e.value)


def test_a_register_linked_from_outside_the_folder_is_refused(tmp_path):
    d = _mappe(tmp_path)
    (d / "avtaler_2025.csv").symlink_to(EKSEMPEL / "avtaler_2025.csv")
    with pytest.raises(InputError, match="utenfor inndatamappen"):
        last_mappe(d)


# --- the IMDi example ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imdi():
    return note_c(til_note_c(load_avtaler(EKSEMPEL / "avtaler_2025.csv")))


@pytest.fixture(scope="module")
def trykt():
    doc = yaml.safe_load(TRYKT.read_text(encoding="utf-8"))
    return {blokk["id"]: blokk["rader"] for blokk in doc["blokker"]}


#: Printed figures the register cannot give (kroner: printed, computed), each explained in
#: examples/imdi-2025/README.md.
AVVIK = {
    # «over 5 år» kontorleie: print has senere = 4,25 × neste (51 months at the 2026 rent, no
    # indexation after 2026); the rules index every year (Regionkontor 5, +2,5 %, to 31.03.2031)
    ("leie_kontorlokaler", "over 5 år", "senere_ar"): (6_657_013, 7_100_229),
    # andre vesentlige leieavtaler: print has 1 433 852 «av senere års» on «inntil 1 år» (§7 I12),
    # which no agreement of at most 12 months can give; the agreements that run into 2027 are
    # «1-5 år».  The block's Totalt row is as printed.
    ("andre_vesentlige_leieavtaler", "inntil 1 år", "arlig"): (20_432_562, 16_399_154),
    ("andre_vesentlige_leieavtaler", "inntil 1 år", "neste_ar"): (21_335_545, 17_267_137),
    ("andre_vesentlige_leieavtaler", "inntil 1 år", "senere_ar"): (1_433_852, 0),
    ("andre_vesentlige_leieavtaler", "1-5 år", "arlig"): (150_000, 4_183_408),
    ("andre_vesentlige_leieavtaler", "1-5 år", "neste_ar"): (235_000, 4_303_408),
    ("andre_vesentlige_leieavtaler", "1-5 år", "senere_ar"): (335_000, 1_768_852),
}


def test_imdi_register_reproduces_the_printed_note_c_except_where_the_rules_forbid(imdi, trykt):
    assert imdi.findings == ()
    assert [t.id for t in imdi.tabeller] == [f"note_c.{k}" for k in trykt] + ["note_c_avtaler"]
    for t in imdi.tabeller[:-1]:
        blokk = t.id.split(".", 1)[1]
        for line_id, rad in zip(("inntil_1_ar", "1_5_ar", "over_5_ar"), trykt[blokk]):
            for k in ("arlig", "neste_ar", "senere_ar"):
                printed, computed = AVVIK.get((blokk, rad["varighet"], k), (rad[k], rad[k]))
                assert printed == rad[k]
                assert ore_to_kroner(t.verdi(line_id, k + "_ore")) == computed, (blokk, line_id, k)


def test_imdi_totals_as_printed_except_kontorleie_senere(imdi, trykt):
    # Totalt printed: kontorleie 21 019 641 / 20 794 892 / 25 514 662; andre 20 582 562 / 21 570 545 /
    # 1 768 852; tjenester 23 415 827 / 23 399 604 / 6 355 972.  Kontorleie «senere» is 443 216 kr
    # higher (the «over 5 år» indexation above): 25 957 878.
    tot = {t.id: [ore_to_kroner(t.verdi("totalt", k)) for k in ("arlig_ore", "neste_ar_ore", "senere_ar_ore")]
           for t in imdi.tabeller[:-1]}
    assert tot == {"note_c.leie_kontorlokaler": [21_019_641, 20_794_892, 25_957_878],
                   "note_c.andre_vesentlige_leieavtaler": [20_582_562, 21_570_545, 1_768_852],
                   "note_c.kjop_av_tjenester": [23_415_827, 23_399_604, 6_355_972]}


def test_imdi_example_folder_uses_the_register():
    from imdi_ledger.eksempel import eksempel_mappe

    d = eksempel_mappe()
    assert (d / "avtaler_2025.csv").is_file() and not (d / "note_c_2025.yaml").exists()


# --- properties ---------------------------------------------------------------------------------


BLOKKER = ("leie_kontorlokaler", "andre_vesentlige_leieavtaler", "kjop_av_tjenester")


@st.composite
def avtale(draw):
    fra = draw(st.dates(date(2015, 1, 1), date(2030, 12, 31)))
    lopende = draw(st.booleans())
    til = None if lopende else fra + timedelta(days=draw(st.integers(0, 4000)))
    mnd = draw(st.integers(0, 40)) if lopende else None
    ore = draw(st.integers(0, 10**11))
    p = draw(st.decimals(Decimal("-5"), Decimal("15"), places=2))
    return {"avtale": draw(st.text("abcdefgh ", min_size=1, max_size=8)).strip() or "x",
            "blokk": draw(st.sampled_from(BLOKKER)), "fra": fra.isoformat(),
            "til": "" if til is None else til.isoformat(), "oppsigelse_mnd": "" if mnd is None else str(mnd),
            "arlig_belop": f"{ore // 100}.{ore % 100:02d}", "indeksering_prosent": str(p)}


@settings(max_examples=40, deadline=None)
@given(st.lists(avtale(), min_size=1, max_size=12))
def test_block_rows_and_totals_are_the_sums_of_their_agreements(rows):
    nc = note_c(til_note_c(load_avtaler(pd.DataFrame(rows, dtype="string"), 2025, name="<register>")))
    per = tabeller_i(nc)[-1].to_frame() if nc.tabeller and nc.tabeller[-1].id == "note_c_avtaler" else None
    blokker = [t for t in nc.tabeller if t.id.startswith("note_c.")]
    tekst = {"inntil_1_ar": "inntil 1 år", "1_5_ar": "1-5 år", "over_5_ar": "over 5 år"}
    for t in blokker:
        mine = per[per["line_id"].str.startswith(t.id.split(".", 1)[1] + ".")]
        for k in ("arlig_ore", "neste_ar_ore", "senere_ar_ore", "samlet_ore"):
            assert t.verdi("totalt", k) == int(mine[k].sum())
            for vid, v in tekst.items():
                assert t.verdi(vid, k) == int(mine.loc[mine["varighet"] == v, k].sum())
    for t in nc.tabeller:
        f = t.to_frame()
        assert (f["samlet_ore"] == f["neste_ar_ore"] + f["senere_ar_ore"]).all()
        assert (f["senere_ar_ore"][f.get("varighet").isin(["inntil 1 år", "Varighet inntil 1 år"])] == 0).all()


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2015, 1, 1), date(2030, 12, 31)), st.integers(0, 4000), st.integers(1, 4000),
       st.integers(0, 10**11), st.decimals(Decimal("-5"), Decimal("15"), places=2))
def test_moving_til_later_never_lowers_senere(fra, dager, flere, ore, p):
    til = fra + timedelta(days=dager)
    kort = binding(fra, til, None, ore, p, 2025)
    lang = binding(fra, til + timedelta(days=flere), None, ore, p, 2025)
    assert lang.senere_ar_ore >= kort.senere_ar_ore
    assert lang.neste_ar_ore >= kort.neste_ar_ore and lang.maneder >= kort.maneder


@pytest.mark.parametrize("linje, kolonne", [
    ("X;leie_kontorlokaler;2020-01-01;2126-01-01;;1000;;", "til"),              # more than 100 years ahead
    ("X;leie_kontorlokaler;2020-01-01;;1201;1000;;", "oppsigelse_mnd"),
    ("X;leie_kontorlokaler;2020-01-01;2030-01-01;;1000;100,5;", "indeksering_prosent"),
])
def test_a_horizon_beyond_100_years_or_indexation_above_100_percent_is_an_input_error(tmp_path, linje, kolonne):
    with pytest.raises(InputError) as e:
        load_avtaler(skriv(tmp_path, linje))
    assert (e.value.row, e.value.column) == (2, kolonne)


def test_a_100_year_agreement_at_100_percent_is_computed_exactly():
    # 1 øre doubled every year for 100 years: the amount of 2125 is 2**100 øre, all of 2026–2125 bound
    x = binding(date(2025, 1, 1), date(2125, 12, 31), None, 1, 100, 2025)
    assert x.per_ar[-1] == (2125, 12, 2**100, 2**100)
    assert x.samlet_ore == sum(2**k for k in range(1, 101))


# --- note 5, operational leases, from the same register ------------------------------------------


def test_note_5_lease_table_from_the_register(tmp_path):
    from imdi_ledger.srs.note5_leieavtaler import note_5_leieavtaler

    p = skriv(tmp_path,
              "Kontor;leie_kontorlokaler;2018-01-01;2027-12-31;;1 200 000;;",        # 1-5 år
              "Lager;leie_kontorlokaler;2020-01-01;2026-06-30;;60000;;",             # inntil 1 år
              "Kopimaskiner;maskiner;2024-01-01;2028-12-31;;40000;;Leie av maskiner")  # 1-5 år, driftsløsøre
    t = note_5_leieavtaler(til_note_c(load_avtaler(p)), driftslosore=("maskiner",),
                           kostnadsfort_ore=(1_250_000 * KR, 38_000 * KR))
    assert [t.verdi("1_5_ar", k) for k in ("bygninger", "driftslosore", "sum")] == \
        [1_200_000 * KR, 40_000 * KR, 1_240_000 * KR]
    assert [t.verdi("inntil_1_ar", k) for k in ("bygninger", "driftslosore", "sum")] == \
        [60_000 * KR, None, 60_000 * KR]
    assert t.verdi("over_5_ar", "sum") is None                              # blank, as printed
    assert t.verdi("kostnadsfort", "sum") == 1_288_000 * KR


def test_note_5_from_the_imdi_register_equals_note_c_kontorleie(imdi):
    from imdi_ledger.srs.note5_leieavtaler import note_5_leieavtaler

    t = note_5_leieavtaler(til_note_c(load_avtaler(EKSEMPEL / "avtaler_2025.csv")))
    # bygninger = Note C «årlig leiebeløp» kontorlokaler: 2 274 487 / 17 216 180 / 1 528 974 (the
    # published note 5 prints 1 724 272 for «over 5 år», I10; computed, the two agree)
    leie = imdi.tabeller[0]
    for vid in ("inntil_1_ar", "1_5_ar", "over_5_ar"):
        assert t.verdi(vid, "bygninger") == leie.verdi(vid, "arlig_ore")
    assert ore_to_kroner(t.verdi("over_5_ar", "bygninger")) == 1_528_974


def test_the_register_is_listed_among_the_sources_with_rows_and_sum(tmp_path):
    from imdi_ledger.testing.simulator import SimuleringsSpec, simuler

    d = tmp_path / "inn"
    d.mkdir()
    simuler(SimuleringsSpec(ar=2025, seed=3)).skriv(d)
    p = skriv(d, "Kontor;leie_kontorlokaler;2018-01-01;2027-12-31;;1 200 000;;",
              "Gammel;leie_kontorlokaler;2015-01-01;2024-12-31;;100 000,50;;")     # expired: read, counted
    g = last_mappe(d)
    assert g.note_c is not None and g.note_c.fra_register
    [kilde] = [k for k in g.kilder() if k.file == str(p)]
    assert (kilde.rader, kilde.sum_ore) == (2, 130_000_050)                       # 1 200 000 + 100 000,50 kr
    assert kilde.sha256 is not None and len(kilde.sha256) == 64
