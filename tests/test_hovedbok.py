"""Hovedbok and saldobalanse loaders: dialects, unbalanced bilag, bad input."""

from pathlib import Path

import pandas as pd
import pytest

from imdi_ledger.errors import InputError
from imdi_ledger.load.hovedbok import bilag_findings, load_hovedbok, load_saldobalanse


def _write(tmp_path: Path, text: str, name: str = "hb.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_semikolon_og_desimalkomma(tmp_path):
    p = _write(tmp_path, "bilag;dato;konto;belop;tekst\n1;2025-02-01;6300;1 234,50;Husleie\n1;2025-02-01;1940;-1 234,50;KK ut\n")
    hb = load_hovedbok(p)
    assert hb.frame["belop_ore"].tolist() == [123450, -123450]
    assert hb.frame["_row"].tolist() == [2, 3]
    assert hb.findings == ()


def test_komma_windows_1252(tmp_path):
    p = _write(tmp_path, "bilag,dato,konto,belop,tekst\n7,2025-03-31,5000,100.25,Lønn\n7,2025-03-31,1940,-100.25,Lønn\n",
               encoding="cp1252")
    hb = load_hovedbok(p)
    assert hb.frame["tekst"].tolist() == ["Lønn", "Lønn"]
    assert int(hb.frame["belop_ore"].sum()) == 0


def test_ubalansert_bilag_gir_funn_og_raden_beholdes(tmp_path):
    p = _write(tmp_path, "bilag;dato;konto;belop\n1;2025-01-05;6300;100\n1;2025-01-05;1940;-99\n2;2025-01-06;6300;5\n2;2025-01-06;1940;-5\n")
    hb = load_hovedbok(p)
    assert hb.n_rader == 4
    (f,) = hb.findings
    assert (f.rule, f.line, f.row, f.file, f.difference_ore) == ("SRS-HB-01", "1", 2, str(p), 100)
    assert "rader 2, 3" in f.message


def test_ubalanserte_bilag_i_flere_filer_i_rekkefolge_med_radene(tmp_path):
    """The loader's per-file bilag check and :func:`bilag_findings` on the loaded frame agree:
    the same bilag in the order they first occur, file by file, each with all its rows; a bilag
    number spelt with spaces is the same bilag."""
    a = _write(tmp_path, "bilag;dato;konto;belop\n"
                         "7;2025-01-05;6300;1\n9;2025-01-05;6300;2\n 7;2025-01-05;1940;-1\n"
                         "9;2025-01-06;1940;-1\n8;2025-01-06;1940;4\n9 ;2025-01-07;1940;5\n", "a.csv")
    b = _write(tmp_path, "bilag;dato;konto;belop\n9;2025-02-01;6300;-3\n7;2025-02-01;6300;3\n", "b.csv")
    hb = load_hovedbok([a, b])
    got = [(f.file, f.line, f.row, f.actual_ore, f.message) for f in hb.findings]
    assert got == [
        (str(a), "9", 3, 600, "bilag 9 går ikke i null (rader 3, 5, 7)"),
        (str(a), "8", 6, 400, "bilag 8 går ikke i null (rader 6)"),
        (str(b), "9", 2, -300, "bilag 9 går ikke i null (rader 2)"),
        (str(b), "7", 3, 300, "bilag 7 går ikke i null (rader 3)"),
    ]
    assert [(f.file, f.line, f.row, f.actual_ore, f.message) for f in bilag_findings(hb.frame)] == got
    assert hb.frame["bilag"].tolist() == ["7", "9", "7", "9", "8", "9", "9", "7"]
    # the file of each row is one category per file, not the name repeated per row
    assert isinstance(hb.frame["_file"].dtype, pd.CategoricalDtype)
    assert list(hb.frame["_file"].cat.categories) == [str(a), str(b)]
    assert hb.frame["_file"].tolist() == [str(a)] * 6 + [str(b)] * 2


@pytest.mark.parametrize("text,row,column", [
    ("bilag;dato;konto;belop\n1;2025-13-01;6300;1\n", 2, "dato"),
    ("bilag;dato;konto;belop\n1;2025-01-01;63A0;1\n", 2, "konto"),
    ("bilag;dato;konto;belop\n1;2025-01-01;6300;1\n1;2025-01-01;1940;abc\n", 3, "belop"),
    ("bilag;dato;belop\n1;2025-01-01;1\n", 1, "konto"),
])
def test_uleselig_input_navngir_fil_rad_kolonne(tmp_path, text, row, column):
    p = _write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_hovedbok(p)
    assert (exc.value.file, exc.value.row, exc.value.column) == (str(p), row, column)


def test_periode_i_stedet_for_dato():
    hb = load_hovedbok(pd.DataFrame({"bilag": ["1", "1"], "periode": ["2025-02", "2025-02"],
                                     "konto": ["6300", "1940"], "belop": ["1", "-1"]}))
    assert str(hb.frame["dato"].iloc[0]) == "2025-02-28"


def test_saldobalanse(tmp_path):
    p = _write(tmp_path, "konto;ib;ub\n1040;100;80\n1990;-100;-100\n6000;0;20\n", name="sb.csv")
    sb = load_saldobalanse(p, 2025)
    assert sb.frame["ub_ore"].tolist() == [8000, -10000, 2000]
    assert sb.findings == ()


def test_saldobalanse_som_ikke_gaar_i_null(tmp_path):
    p = _write(tmp_path, "konto;ib;ub\n1040;100;80\n1990;-100;-100\n", name="sb.csv")
    sb = load_saldobalanse(p, 2025)
    assert [f.rule for f in sb.findings] == ["SRS-SB-01"]
    assert sb.findings[0].actual_ore == -2000


def test_saldobalanse_per_konto(tmp_path):
    """The trial balance per konto: IB, movement and UB in exact øre, 2^53 + 1 øre included."""
    from imdi_ledger import saldobalanse_per_konto

    stor = 2**53 + 1   # øre: not exact as a float
    kr = f"{stor // 100},{stor % 100:02d}"
    p = _write(tmp_path, "bilag;dato;konto;belop\n"
                         "IB;2025-01-01;1940;100,00\nIB;2025-01-01;2400;-100,00\n"
                         f"1;2025-02-01;6300;{kr}\n1;2025-02-01;1940;-{kr}\n"
                         "2;2025-03-01;6300;0,01\n2;2025-03-01;2400;-0,01\n")
    tb = saldobalanse_per_konto(load_hovedbok(p))
    assert tb["konto"].tolist() == ["1940", "2400", "6300"]
    assert tb["ib_ore"].tolist() == [10000, -10000, 0]
    assert tb["bevegelse_ore"].tolist() == [-stor, -1, stor + 1]
    assert tb["ub_ore"].tolist() == [10000 - stor, -10001, stor + 1]
    assert int(tb["ub_ore"].sum()) == 0
    assert saldobalanse_per_konto(load_hovedbok(p), ar=2024).empty
