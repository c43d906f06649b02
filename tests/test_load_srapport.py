"""S-rapport and tildeling loaders: dialects, provenance and bad input (file, row, column)."""

from pathlib import Path

import pandas as pd
import pytest

from imdi_ledger.errors import InputError
from imdi_ledger.load.srapport import load_mellomvaerende_ib, load_srapport
from imdi_ledger.load.tildeling import load_tildeling

BALANCED = (
    "periode;statskonto;artskonto;belop;tekst\n"
    "2025-01;067001;500;100 000,00;Lønn januar\n"
    "2025-01;705005;260;-30 000,00;Forskuddstrekk\n"
    "2025-01;60088702;195;-70 000,00;Utbetalt\n"
    "2025-02;067001;671;1 250,50;Konsulent\n"
    "2025-02;60088702;195;-1 250,50;Utbetalt\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_reads_semicolon_utf8_with_provenance(tmp_path):
    sr = load_srapport(write(tmp_path, "s.csv", BALANCED))
    assert sr.ar == 2025 and sr.n_rader == 5
    assert sr.findings == ()
    assert sr.frame["_row"].tolist() == [2, 3, 4, 5, 6]
    assert sr.frame["belop_ore"].sum() == 0
    assert sr.frame.loc[0, "kontotype"] == "bevilgning" and sr.frame.loc[0, "kapittel"] == "0670"
    assert sr.kilder[0].rader == 5 and len(sr.kilder[0].sha256) == 64


def test_reads_comma_windows1252_decimal_point_and_bom(tmp_path):
    text = BALANCED.replace(";", ",").replace("100 000,00", "100000.00").replace("-30 000,00", "-30000.00") \
        .replace("-70 000,00", "-70000.00").replace("1 250,50", "1250.50").replace("Lønn", "Lønn æøå")
    sr1 = load_srapport(write(tmp_path, "a.csv", text, "cp1252"))
    sr2 = load_srapport(write(tmp_path, "b.csv", "\ufeff" + BALANCED, "utf-8"))
    assert sr1.frame["belop_ore"].tolist() == sr2.frame["belop_ore"].tolist()
    assert "æøå" in sr1.frame.loc[0, "tekst"]


def test_kapittel_and_post_columns_instead_of_statskonto(tmp_path):
    text = ("periode;kapittel;post;artskonto;belop\n2025-03;670;1;500;10\n2025-03;670;21;500;-10\n")
    sr = load_srapport(write(tmp_path, "k.csv", text))
    assert sr.frame["statskonto"].tolist() == ["067001", "067021"]


def test_wrong_delimiter_names_file_and_row(tmp_path):
    text = "periode;statskonto;artskonto;belop\n2025-01,067001,500,100\n"
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "d.csv", text))
    assert exc.value.row == 2 and "d.csv" in exc.value.file


def test_missing_column_names_the_column(tmp_path):
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "m.csv", "periode;statskonto;artskonto\n2025-01;067001;500\n"))
    assert exc.value.column == "belop" and exc.value.row == 1


@pytest.mark.parametrize("amount", ["12x", "1,234", "1.2.3,4,5"])
def test_bad_amount_names_row_and_column(tmp_path, amount):
    text = f"periode;statskonto;artskonto;belop\n2025-01;067001;500;10\n2025-01;067001;500;{amount}\n"
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "b.csv", text))
    assert (exc.value.row, exc.value.column) == (3, "belop")
    assert "b.csv, rad 3, kolonne 'belop'" in str(exc.value)


def test_bad_period_and_artskonto(tmp_path):
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "p.csv", "periode;statskonto;artskonto;belop\n2025-13;067001;500;1\n"))
    assert exc.value.column == "periode" and exc.value.row == 2
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "a.csv", "periode;statskonto;artskonto;belop\n2025-01;067001;5x0;1\n"))
    assert exc.value.column == "artskonto"


def test_unbalanced_period_is_a_finding_and_rows_are_kept(tmp_path):
    text = BALANCED.replace("-1 250,50", "-1 250,00")
    sr = load_srapport(write(tmp_path, "u.csv", text))
    assert sr.n_rader == 5
    (f,) = sr.findings
    assert f.rule == "SRAPPORT-PERIODE-BALANSE" and f.actual_ore == 50 and f.row == 5
    assert f.file.endswith("u.csv") and f.line == "2025-02"


def test_unbalanced_periods_of_several_files_by_file_name_and_period(tmp_path):
    """Period balance is per file and period; the findings come by file name, then period
    (whatever order the files were given in), each naming the first and last row."""
    hode = "periode;statskonto;artskonto;belop\n"
    b = write(tmp_path, "b.csv", hode + "2025-03;067001;500;1\n2025-01;067001;500;2\n2025-03;067001;500;3\n"
                                        "2025-02;067001;500;4\n2025-02;60088701;;-4\n")
    a = write(tmp_path, "a.csv", hode + "2025-12;067001;500;5\n2025-01;067001;500;-1\n")
    sr = load_srapport([b, a])
    got = [(Path(f.file).name, f.line, f.actual_ore, f.row, f.message.split("(")[-1])
           for f in sr.findings if f.rule == "SRAPPORT-PERIODE-BALANSE"]
    assert got == [("a.csv", "2025-01", -100, 3, "rad 3–3)"), ("a.csv", "2025-12", 500, 2, "rad 2–2)"),
                   ("b.csv", "2025-01", 200, 3, "rad 3–3)"), ("b.csv", "2025-03", 400, 2, "rad 2–4)")]


def test_unknown_statskonto_shape_is_a_finding_with_row(tmp_path):
    text = BALANCED + "2025-02;12345;500;10,00;x\n2025-02;60088702;195;-10,00;x\n"
    sr = load_srapport(write(tmp_path, "x.csv", text))
    rules = {f.rule: f for f in sr.findings}
    assert rules["SRAPPORT-STATSKONTO"].row == 7 and rules["SRAPPORT-STATSKONTO"].column == "statskonto"
    assert (sr.frame["kontotype"] == "ukjent").sum() == 1


def test_rows_of_another_year_are_rejected(tmp_path):
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "y.csv", BALANCED + "2024-12;067001;500;0\n"))
    assert exc.value.row == 7


def test_dataframe_and_excel_sources(tmp_path):
    df = pd.read_csv(write(tmp_path, "s.csv", BALANCED), sep=";", dtype=str)
    sr_df = load_srapport(df, name="ramme")
    xlsx = tmp_path / "s.xlsx"
    df2 = df.copy()
    df2["belop"] = [100000, -30000, -70000, 1250.5, -1250.5]
    df2.to_excel(xlsx, index=False)
    sr_x = load_srapport(xlsx)
    assert sr_df.frame["belop_ore"].tolist() == sr_x.frame["belop_ore"].tolist()
    assert sr_x.frame["_row"].tolist() == [2, 3, 4, 5, 6]


def test_mellomvaerende_ib_rejects_other_accounts(tmp_path):
    ok = load_mellomvaerende_ib(write(tmp_path, "ib.csv", "dato;statskonto;artskonto;belop\n2024-12-31;705005;260;-5\n"))
    assert ok["belop_ore"].tolist() == [-500]
    with pytest.raises(InputError) as exc:
        load_mellomvaerende_ib(write(tmp_path, "ib2.csv", "statskonto;artskonto;belop\n067001;260;-5\n"))
    assert exc.value.row == 2


def test_tildeling_yaml_and_errors(tmp_path):
    p = write(tmp_path, "t.yaml", (
        "ar: 2025\nvirksomhet: Test\nposter:\n"
        "  - {kapittel: '0670', post: '01', overfort_fra_i_fjor: 11838000, arets_tildeling: 402395000}\n"
        "  - {kapittel: '0670', post: '21', arets_tildeling: '30 000 000', stikkord: kan overføres}\n"))
    t = load_tildeling(p)
    assert t.poster["samlet_tildeling_ore"].tolist() == [41423300000, 3000000000]
    assert t.poster["stikkord"].tolist() == [None, "kan overføres"]
    bad = write(tmp_path, "b.yaml", "ar: 2025\nposter:\n  - {kapittel: '0670', post: '01', arets_tildeling: 5,\n"
                "     stikkord: kan brukes fritt}\n")
    with pytest.raises(InputError) as exc:
        load_tildeling(bad)
    assert exc.value.row == 3 and exc.value.column == "stikkord"
    neg = write(tmp_path, "n.yaml", "ar: 2025\nposter:\n  - {kapittel: '0670', post: '01', arets_tildeling: -5}\n")
    with pytest.raises(InputError) as exc:
        load_tildeling(neg)
    assert exc.value.column == "arets_tildeling"


def test_too_few_and_too_many_fields_name_the_line(tmp_path):
    few = "periode;statskonto;artskonto;belop\n2025-01;067001;500;10\n2025-01;067001;500\n"
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "few.csv", few))
    assert exc.value.row == 3
    many = "periode;statskonto;artskonto;belop\n2025-01;067001;500;10\n2025-01;067001;500;1;2\n"
    with pytest.raises(InputError) as exc:
        load_srapport(write(tmp_path, "many.csv", many))
    assert exc.value.row == 3


def test_blank_lines_keep_the_file_row_numbers(tmp_path):
    text = BALANCED.replace("Lønn januar\n", "Lønn januar\n\n")
    sr = load_srapport(write(tmp_path, "blank.csv", text))
    assert sr.frame["_row"].tolist() == [2, 4, 5, 6, 7]


def test_parquet_source_keeps_its_hash(tmp_path):
    df = pd.read_csv(write(tmp_path, "s.csv", BALANCED), sep=";", dtype=str)
    p = tmp_path / "s.parquet"
    df.to_parquet(p)
    sr = load_srapport(p)
    assert sr.frame["belop_ore"].sum() == 0 and sr.kilder[0].file == str(p)
    assert sr.kilder[0].sha256 is not None and len(sr.kilder[0].sha256) == 64
