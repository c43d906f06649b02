"""Exact money end to end: amounts beyond 2^53 øre (where a float can no longer tell every øre
apart) reach every statement to the øre, and amounts beyond the bound ``MAKS_ORE`` are an
``InputError`` naming file, row and column, never an ``OverflowError``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from imdi_ledger.avstemming import load_aarsregnskap
from imdi_ledger.cli import main
from imdi_ledger.errors import InputError
from imdi_ledger.findings import Finding, Severity, findings_frame
from imdi_ledger.load.fullmakter import load_fullmakter
from imdi_ledger.load.hovedbok import Hovedbok, load_hovedbok
from imdi_ledger.load.note_c import load_note_c
from imdi_ledger.load.saft import SAFT_NAMESPACE, load_saft
from imdi_ledger.load.srapport import load_mellomvaerende_ib, load_srapport
from imdi_ledger.load.tildeling import load_tildeling
from imdi_ledger.money import MAKS_ORE, MoneyFormatError, ore_array, parse_ore, parse_ore_series
from imdi_ledger.rapport import lag_rapport
from imdi_ledger.tabell import Kolonne, Ledd, Tabell, kontroller_summer

A = 2**53 + 1            # 9 007 199 254 740 993 øre: the first integer a float64 cannot hold
B = 9 * 10**16           # 900 000 000 000 000 kr
FOR_STORT_KR = 10**17    # 10^19 øre: beyond int64


def kr(ore: int) -> str:
    """Øre as amount text in kroner with decimal comma, exactly."""
    return ("-" if ore < 0 else "") + f"{abs(ore) // 100},{abs(ore) % 100:02d}"


def skriv_aar(d: Path, a: int, b: int) -> Path:
    """A small agency-year in the folder layout of ``docs/formats.md``: lønn ``a`` on 0670/01,
    tilskudd ``b`` on 0671/60, innkreving ``a`` on 5309/29, skyldig skattetrekk ``a`` at
    1 January; the S-rapport, the hovedbok (with the year-end postings) and the tildeling
    agree with each other."""
    d.mkdir(parents=True, exist_ok=True)
    (d / "srapport_2025.csv").write_text(
        "periode;statskonto;artskonto;belop\n"
        f"2025-01;067001;500;{kr(a)}\n2025-01;60088702;195;{kr(-a)}\n"
        f"2025-01;067160;870;{kr(b)}\n2025-01;60088702;195;{kr(-b)}\n"
        f"2025-02;60088701;195;{kr(a)}\n2025-02;530929;848;{kr(-a)}\n", encoding="utf-8")
    (d / "hovedbok_2025.csv").write_text(
        "bilag;dato;konto;belop;tekst;kapittel;post;artskonto\n"
        f"IB;2025-01-01;2600;{kr(-a)};Skyldig skattetrekk;;;\n"
        f"IB;2025-01-01;1990;{kr(a)};Avregnet med statskassen;;;\n"
        f"L1;2025-01-25;5000;{kr(a)};Lønn;0670;01;500\n"
        f"L1;2025-01-25;1940;{kr(-a)};Utbetalt;;;\n"
        f"TS1;2025-01-15;8700;{kr(b)};Tilskudd;0671;60;870\n"
        f"TS1;2025-01-15;1940;{kr(-b)};Tilskudd;;;\n"
        f"TS1;2025-01-15;1998;{kr(b)};Avregning tilskuddsforvaltning;;;\n"
        f"TS1;2025-01-15;8790;{kr(-b)};Avregning tilskuddsforvaltning;;;\n"
        f"I1;2025-02-12;1930;{kr(a)};Innkreving;;;\n"
        f"I1;2025-02-12;8480;{kr(-a)};Innkreving;5309;29;848\n"
        f"I1;2025-02-12;8490;{kr(a)};Avregning innkreving;;;\n"
        f"I1;2025-02-12;1997;{kr(-a)};Avregning innkreving;;;\n"
        f"ARS1;2025-12-31;1991;{kr(a)};Inntektsført bevilgning;;;\n"
        f"ARS1;2025-12-31;3900;{kr(-a)};Inntekt fra bevilgninger;;;\n"
        f"KK1;2025-12-31;1930;{kr(-a)};Nullstilling;;;\n"
        f"KK1;2025-12-31;1940;{kr(a + b)};Nullstilling;;;\n"
        f"KK1;2025-12-31;1990;{kr(-b)};Nullstilling;;;\n", encoding="utf-8")
    (d / "mellomvaerende_ib.csv").write_text(
        f"statskonto;artskonto;belop\n705005;260;{kr(-a)}\n", encoding="utf-8")
    (d / "tildeling_2025.yaml").write_text(
        "ar: 2025\nvirksomhet: Testdirektoratet\nposter:\n"
        "- kapittel: '0670'\n  post: '01'\n  kapittelnavn: Drift\n  posttekst: Driftsutgifter\n"
        f"  overfort_fra_i_fjor: 0\n  arets_tildeling: '{kr(2 * a)}'\n"
        "- kapittel: '0671'\n  post: '60'\n  kapittelnavn: Tilskudd\n  posttekst: Tilskudd\n"
        f"  overfort_fra_i_fjor: 0\n  arets_tildeling: '{kr(b)}'\n  stikkord: kan overføres\n",
        encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return lag_rapport(inndata=skriv_aar(tmp_path_factory.mktemp("store"), A, B))


@pytest.fixture(scope="module")
def sma(tmp_path_factory):
    return lag_rapport(inndata=skriv_aar(tmp_path_factory.mktemp("sma"), 100_001, 900_000))


def test_loaders_keep_every_ore(store):
    g = store.regnskap.grunnlag
    assert g.srapport.frame["belop_ore"].tolist() == [A, -A, B, -B, A, -A]
    assert g.hovedbok.frame["belop_ore"].tolist()[2:6] == [A, -A, B, -B]
    assert g.mellomvaerende_ib_fjor["belop_ore"].tolist() == [-A]
    assert g.tildeling.poster["samlet_tildeling_ore"].tolist() == [2 * A, B]


def test_bevilgningsrapportering_post_and_sum_lines_are_exact(store):
    b = store.regnskap.bevilgning
    u, i, k = b.utgifter, b.inntekter, b.kapitalkontoer
    assert (u.verdi("U-0670-01", "samlet_tildeling"), u.verdi("U-0670-01", "regnskap"),
            u.verdi("U-0670-01", "merutgift_mindreutgift")) == (2 * A, A, A)
    assert (u.verdi("U-0671-60", "regnskap"), u.verdi("U-0671-60", "merutgift_mindreutgift")) == (B, 0)
    assert (u.verdi("sum_utgiftsfort", "samlet_tildeling"), u.verdi("sum_utgiftsfort", "regnskap")) == (2 * A + B, A + B)
    assert i.verdi("I-5309-29", "regnskap") == A == i.verdi("sum_inntektsfort", "regnskap")
    assert i.verdi("netto_rapportert", "regnskap") == B == b.netto_rapportert_ore
    assert (k.verdi("kk-60088701", "belop"), k.verdi("kk-60088702", "belop")) == (A, -(A + B))
    assert k.verdi("sum_rapportert", "belop") == 0 == b.sum_rapportert_ore
    h = b.beholdninger
    assert (h.verdi("mv-705005", "ib"), h.verdi("mv-705005", "ub"), h.verdi("mv-705005", "endring")) == (-A, -A, 0)
    assert b.note_a.verdi("sum", "samlet_tildeling") == 2 * A + B
    p = b.poster.set_index(["kapittel", "post"])
    assert p.loc[("0670", "01"), "merutgift_mindreutgift_ore"] == A


def test_artskonto_lines_are_exact(store):
    t = store.regnskap.artskonto.tabell
    assert t.verdi("utbetalinger_lonn", "belop") == A
    assert t.verdi("innbetaling_innkreving", "belop") == A
    assert t.verdi("utbetalinger_tilskudd", "belop") == B
    assert t.verdi("netto_rapportert", "belop") == B == store.regnskap.artskonto.netto_rapportert_ore
    assert store.regnskap.artskonto.mellomvaerende.verdi("sum_mellomvaerende", "belop") == -A


def test_srs_statements_and_note_7_are_exact(store):
    r = store.regnskap
    res = r.virksomhetsregnskap.resultat
    assert (res.verdi("inntekt_bevilgninger", "belop"), res.verdi("lonnskostnader", "belop"),
            res.verdi("tilskudd_andre", "belop")) == (A, A, B)
    assert r.virksomhetsregnskap.balanse.verdi("skyldig_skattetrekk", "belop") == A
    n7a = r.note_7a.tabell
    assert (n7a.verdi("kk_ut", "belop"), n7a.verdi("kk_inn", "belop"), n7a.verdi("tilskudd", "belop"),
            n7a.verdi("bevilgning_1991", "belop")) == (-(A + B), A, B, A)
    assert r.note_7b.tabell.verdi("total", "bokfort") == -A == r.note_7b.tabell.verdi("total", "rapportert")


def test_no_false_finding_from_large_amounts(store, sma):
    """The same year with small amounts and with amounts beyond 2^53 øre gives the same
    findings, and none is an error (e.g. no BEV-SUM-RAPPORTERT from a lost øre)."""
    alle = store.findings
    assert not [(f.rule, f.message) for f in alle if f.severity == Severity.ERROR]
    assert sorted(f.rule for f in alle) == sorted(f.rule for f in sma.findings)
    assert "BEV-SUM-RAPPORTERT" not in {f.rule for f in alle}


def test_every_table_of_the_year_holds_integer_ore(store):
    for t in store.regnskap.tabeller():
        for k in t.kolonner:
            if k.penger:
                assert t.rader[k.navn].dtype == "Int64", (t.id, k.navn)


# -- building blocks -------------------------------------------------------------------

def test_tabell_bygg_keeps_2_pow_53_plus_1_next_to_a_blank():
    t = Tabell.bygg("t", "T", [Kolonne("tekst", "Tekst"), Kolonne("belop", "Beløp", True)], [
        {"line_id": "a", "kind": "line", "tekst": "x", "belop": A},
        {"line_id": "b", "kind": "line", "tekst": "y", "belop": None},
        {"line_id": "c", "kind": "sum", "tekst": "z", "belop": np.int64(-A)},
        {"line_id": "d", "kind": "line", "tekst": "w"},
    ], summer={"c": (Ledd("a", -1), Ledd("b"))})
    assert t.rader["belop"].dtype == "Int64"
    assert kontroller_summer([t]) == []
    assert (t.verdi("a", "belop"), t.verdi("b", "belop"), t.verdi("c", "belop"), t.verdi("d", "belop")) == \
        (A, None, -A, None)


def test_tabell_bygg_refuses_a_float_amount():
    with pytest.raises(TypeError, match="heltall"):
        Tabell.bygg("t", "T", [Kolonne("belop", "Beløp", True)], [{"line_id": "a", "kind": "line", "belop": 1.0}])


def test_findings_frame_keeps_2_pow_53_plus_1():
    f = findings_frame([
        Finding("R", Severity.ERROR, "m", expected_ore=0, actual_ore=A),
        Finding("R", Severity.INFO, "m"),
        Finding("R", Severity.WARNING, "m", expected_ore=-A, actual_ore=B, row=3),
    ])
    assert f["actual_ore"].dtype == "Int64"
    assert f["actual_ore"].tolist()[0] == A and f["actual_ore"].isna().tolist() == [False, True, False]
    assert f["difference_ore"].tolist()[0] == A and f["difference_ore"].tolist()[2] == B + A
    assert f["expected_ore"].tolist()[2] == -A


def test_ore_array_is_built_from_the_integers():
    assert ore_array([A, None, pd.NA, np.int64(-A), float("nan")]).tolist() == [A, pd.NA, pd.NA, -A, pd.NA]
    with pytest.raises(TypeError):
        ore_array([float(A)])


def test_parse_bound_is_maks_ore():
    assert parse_ore(kr(MAKS_ORE)) == MAKS_ORE and parse_ore(kr(-MAKS_ORE)) == -MAKS_ORE
    with pytest.raises(MoneyFormatError, match="større enn"):
        parse_ore(kr(MAKS_ORE + 1))
    with pytest.raises(MoneyFormatError, match="større enn"):
        parse_ore(FOR_STORT_KR)
    with pytest.raises(MoneyFormatError) as exc:
        parse_ore_series(pd.Series(["1", str(FOR_STORT_KR)], dtype="string"))
    assert exc.value.args[1] == 1


# -- beyond the bound: an InputError naming file, row and column -----------------------

def _where(exc: pytest.ExceptionInfo) -> tuple:
    return exc.value.file, exc.value.row, exc.value.column


def test_srapport_amount_beyond_int64_names_file_row_column(tmp_path):
    p = tmp_path / "srapport_2025.csv"
    p.write_text(f"periode;statskonto;artskonto;belop\n2025-01;067001;500;1\n"
                 f"2025-01;067001;500;{FOR_STORT_KR}\n", encoding="utf-8")
    with pytest.raises(InputError, match="større enn") as exc:
        load_srapport(p)
    assert _where(exc) == (str(p), 3, "belop")


def test_hovedbok_amount_beyond_int64_names_file_row_column(tmp_path):
    p = tmp_path / "hovedbok_2025.csv"
    p.write_text(f"bilag;dato;konto;belop\n1;2025-01-05;6300;-{FOR_STORT_KR},00\n1;2025-01-05;1940;1\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match="større enn") as exc:
        load_hovedbok(p)
    assert _where(exc) == (str(p), 2, "belop")


def test_dataframe_with_python_ints_beyond_int64(tmp_path):
    df = pd.DataFrame({"statskonto": ["705005"], "artskonto": ["260"], "belop": [FOR_STORT_KR]}, dtype=object)
    with pytest.raises(InputError) as exc:
        load_mellomvaerende_ib(df, name="mv.csv")
    assert _where(exc) == ("mv.csv", 2, "belop")


def test_tildeling_yaml_amount_beyond_int64(tmp_path):
    p = tmp_path / "tildeling_2025.yaml"
    p.write_text("ar: 2025\nposter:\n- kapittel: '0670'\n  post: '01'\n"
                 f"  arets_tildeling: {FOR_STORT_KR}\n", encoding="utf-8")
    with pytest.raises(InputError, match="større enn") as exc:
        load_tildeling(p)
    assert _where(exc) == (str(p), 3, "arets_tildeling")


def test_fullmakter_amount_beyond_int64(tmp_path):
    p = tmp_path / "fullmakter_2025.yaml"
    p.write_text("ar: 2025\navgitte_belastningsfullmakter:\n"
                 f"  - {{kapittel: '0670', post: '01', til: X, innvilget: {FOR_STORT_KR}, utgiftsfort: 1}}\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match="større enn") as exc:
        load_fullmakter(p)
    assert _where(exc) == (str(p), 3, "innvilget")


def test_fullmakter_amounts_adding_up_beyond_the_bound(tmp_path):
    big = MAKS_ORE // 100 // 2   # kroner: each amount within the bound, the two together not
    p = tmp_path / "fullmakter_2025.yaml"
    p.write_text("ar: 2025\navgitte_belastningsfullmakter:\n"
                 f"  - {{kapittel: '0670', post: '01', til: X, innvilget: {big}, utgiftsfort: {big}}}\n"
                 f"  - {{kapittel: '0670', post: '21', til: Y, innvilget: 1, utgiftsfort: 0}}\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match="summen av beløpene") as exc:
        load_fullmakter(p)
    assert _where(exc) == (str(p), 4, "innvilget")


def test_note_c_amounts_beyond_the_bound(tmp_path):
    p = tmp_path / "note_c_2025.yaml"
    rad = "      - {{varighet: 'inntil 1 år', arlig: {a}, neste_ar: {n}, senere_ar: 0}}\n"
    hode = "ar: 2025\nblokker:\n  - id: leie\n    tittel: Leie\n    rader:\n"
    p.write_text(hode + rad.format(a=1, n=FOR_STORT_KR), encoding="utf-8")
    with pytest.raises(InputError, match="større enn") as exc:
        load_note_c(p)
    assert _where(exc) == (str(p), 6, "neste_ar")
    big = MAKS_ORE // 100 // 2
    p.write_text(hode + rad.format(a=big, n=big) + rad.format(a=0, n=1), encoding="utf-8")
    with pytest.raises(InputError, match="summen av beløpene") as exc:
        load_note_c(p)
    assert _where(exc) == (str(p), 7, "neste_ar")
    p.write_text(hode + rad.format(a=A // 100, n=A // 100), encoding="utf-8")
    assert load_note_c(p).blokker[0].rader[0].neste_ar_ore == A // 100 * 100


def test_running_sum_beyond_the_bound_names_the_row_where_it_passes(tmp_path):
    """Each amount is within the bound, but the file's absolute amounts add up beyond it: the
    error names the row where the running total first passes ``MAKS_ORE``."""
    big = MAKS_ORE // 2  # 5 · 10^17 øre
    p = tmp_path / "hb.csv"
    p.write_text("bilag;dato;konto;belop\n" + "".join(
        f"1;2025-01-05;{k};{kr(v)}\n" for k, v in (("6300", big), ("1940", -big), ("6300", 1), ("1940", -1))),
        encoding="utf-8")
    with pytest.raises(InputError, match="summen av beløpene") as exc:
        load_hovedbok(p)
    assert _where(exc) == (str(p), 4, "belop")


def test_running_sum_over_several_files_names_the_file(tmp_path):
    big = MAKS_ORE // 4
    paths = []
    for n in (1, 2):
        p = tmp_path / f"s{n}.csv"
        p.write_text(f"periode;statskonto;artskonto;belop\n2025-01;067001;500;{kr(big)}\n"
                     f"2025-01;60088702;195;{kr(-big)}\n2025-01;067001;500;1\n2025-01;60088702;195;-1\n",
                     encoding="utf-8")
        paths.append(p)
    assert load_srapport(paths[0]).frame["belop_ore"].tolist() == [big, -big, 100, -100]
    with pytest.raises(InputError, match="summen av beløpene") as exc:
        load_srapport(paths)
    assert _where(exc) == (str(paths[1]), 3, "belop")  # 5·10^17 + 200 øre, + 2.5·10^17, + 2.5·10^17


def test_samlet_hovedbok_checks_the_parts_together(tmp_path):
    big = MAKS_ORE // 4
    deler = [load_hovedbok(pd.DataFrame({"bilag": ["1", "1"], "dato": [f"{ar}-01-05"] * 2,
                                         "konto": ["6300", "1940"], "belop": [kr(big), kr(-big)]}),
                           name=f"hb_{ar}.csv") for ar in (2024, 2025)]
    assert int(Hovedbok.samle(deler[:1]).frame["belop_ore"].abs().sum()) == 2 * big
    deler[1] = load_hovedbok(pd.DataFrame({"bilag": ["1", "1", "1"], "dato": ["2025-01-05"] * 3,
                                           "konto": ["6300", "1940", "1940"],
                                           "belop": [kr(big + 1), kr(-big), "-0,01"]}), name="hb_2025.csv")
    with pytest.raises(InputError) as exc:
        Hovedbok.samle(deler)
    assert _where(exc) == ("hb_2025.csv", 3, "belop")


def _saft(amount: str) -> str:
    linje = ("<Line>\n<RecordID>{n}</RecordID>\n<AccountID>{konto}</AccountID>\n<{side}>\n"
             "<Amount>{amount}</Amount>\n</{side}>\n</Line>\n")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<AuditFile xmlns="{SAFT_NAMESPACE}">\n'
            "<Header>\n<AuditFileVersion>1.30</AuditFileVersion>\n<SelectionCriteria>\n"
            "<SelectionStartDate>2025-01-01</SelectionStartDate>\n</SelectionCriteria>\n</Header>\n"
            "<GeneralLedgerEntries>\n<NumberOfEntries>1</NumberOfEntries>\n"
            f"<TotalDebit>{amount}</TotalDebit>\n<TotalCredit>{amount}</TotalCredit>\n"
            "<Journal>\n<JournalID>GL</JournalID>\n<Transaction>\n<TransactionID>T1</TransactionID>\n"
            "<TransactionDate>2025-03-15</TransactionDate>\n"
            + linje.format(n=1, konto="6400", side="DebitAmount", amount=amount)
            + linje.format(n=2, konto="1940", side="CreditAmount", amount=amount)
            + "</Transaction>\n</Journal>\n</GeneralLedgerEntries>\n</AuditFile>\n")


def test_saft_keeps_2_pow_53_plus_1_and_names_the_line_beyond_the_bound(tmp_path):
    p = tmp_path / "hovedbok_2025.xml"
    p.write_text(_saft(f"{A // 100}.{A % 100:02d}"), encoding="utf-8")
    hb = load_saft(p)
    assert hb.frame["belop_ore"].tolist() == [A, -A]
    assert not [f for f in hb.findings if f.severity == Severity.ERROR]
    p.write_text(_saft(f"{FOR_STORT_KR}.00"), encoding="utf-8")
    with pytest.raises(InputError, match="større enn") as exc:
        load_saft(p)
    line = p.read_text(encoding="utf-8").splitlines().index(f"<Amount>{FOR_STORT_KR}.00</Amount>") + 1
    assert _where(exc) == (str(p), line, "DebitAmount")


def test_saft_lines_adding_up_beyond_the_bound_name_the_line(tmp_path):
    p = tmp_path / "hovedbok_2025.xml"
    p.write_text(_saft(f"{MAKS_ORE // 200}.01"), encoding="utf-8")   # 2 · (5 · 10^17 + 1) øre
    with pytest.raises(InputError, match="summen av beløpene") as exc:
        load_saft(p)
    lines = p.read_text(encoding="utf-8").splitlines()
    credit = [i for i, x in enumerate(lines, start=1) if x == "<Line>"][1]
    assert _where(exc) == (str(p), credit, "Amount")


@pytest.mark.parametrize("tall", [A / 100, 2**53], ids=["kroner-og-ore", "hele-kroner"])
def test_excel_number_too_large_for_exact_ore_must_be_text(tmp_path, tall):
    """A number cell is a binary float in the file: beyond 2^53 øre (2^53 kr for whole kroner)
    it cannot hold every øre, and the amount must be written as text."""
    xlsx = tmp_path / "s.xlsx"
    pd.DataFrame({"periode": ["2025-01", "2025-01"], "statskonto": ["067001", "60088702"],
                  "artskonto": ["500", "195"], "belop": [1, tall]}).to_excel(xlsx, index=False)
    with pytest.raises(InputError, match="som tekst") as exc:
        load_srapport(xlsx)
    assert _where(exc) == (str(xlsx), 3, "belop")
    pd.DataFrame({"periode": ["2025-01", "2025-01"], "statskonto": ["067001", "60088702"],
                  "artskonto": ["500", "195"], "belop": [f"{A // 100}.{A % 100}", f"-{A // 100}.{A % 100}"]}
                 ).to_excel(xlsx, index=False)
    assert load_srapport(xlsx).frame["belop_ore"].tolist() == [A, -A]


def test_cli_exits_2_with_file_row_and_column_and_no_traceback(tmp_path, capsys):
    d = skriv_aar(tmp_path, 100_001, 900_000)
    (d / "srapport_2025.csv").write_text(
        f"periode;statskonto;artskonto;belop\n2025-01;067001;500;{FOR_STORT_KR}\n"
        f"2025-01;60088702;195;-{FOR_STORT_KR}\n", encoding="utf-8")
    assert main(["report", "--inndata", str(d)]) == 2
    err = capsys.readouterr().err
    assert "srapport_2025.csv, rad 2, kolonne 'belop'" in err and "større enn" in err
    assert "Traceback" not in err and "OverflowError" not in err


def test_published_figure_beyond_the_bound_is_an_input_error(tmp_path, capsys):
    p = tmp_path / "publisert.yaml"
    p.write_text("year: 2025\nnote_a:\n"
                 f"  - {{kapittel_post: '0670 01', samlet_tildeling: {FOR_STORT_KR}}}\n", encoding="utf-8")
    with pytest.raises(InputError, match="større enn") as exc:
        load_aarsregnskap(p)
    assert _where(exc) == (str(p), 3, "note_a[0].samlet_tildeling")
    assert main(["verify", str(p)]) == 2
    assert "Traceback" not in capsys.readouterr().err
