"""Every documented input form, wherever it is documented (issue «Any agency, not only IMDi»,
item 2): the folder loader finds the tildeling and the fullmakter as YAML, CSV or Excel; header
spellings with æ/ø/å; a blank artskonto on konsernkonto rows; KS 198 on a felleskapittel's
statskonto; opening balances as ``saldobalanse_ib_ÅÅÅÅ``; the year chosen with ``--ar`` or only
when every file fits it.  Inputs are a simulated agency (``imdi_ledger.testing.simulator``)
written to ``tmp_path`` and modified."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from imdi_ledger.cli import main
from imdi_ledger.errors import InputError
from imdi_ledger.load.mappe import last_mappe
from imdi_ledger.load.srapport import load_srapport
from imdi_ledger.regelverk import FELLESKAP_ARTSKONTO, FELLESKAPITLER
from imdi_ledger.regnskap import beregn
from imdi_ledger.srs.kontoplan_srs import load_kontoplan
from imdi_ledger.srs.oppstilling import presentert
from imdi_ledger.testing.simulator import SimuleringsSpec, simuler

AR = 2025

FULLMAKTER_YAML = """\
ar: 2025
poster:
  - {kapittel: "0670", post: "21", stikkord: "kan overføres", bevilgning_i_fjor: 1500000}
avgitte_belastningsfullmakter:
  - {kapittel: "0670", post: "01", til: "Bufdir", innvilget: 100000, utgiftsfort: 79200}
"""
FULLMAKTER_RADER = [
    {"type": "post", "kapittel": "0670", "post": "21", "stikkord": "kan overføres", "bevilgning_i_fjor": "1 500 000",
     "motpart": "", "innvilget": "", "utgiftsfort": ""},
    {"type": "avgitt_belastningsfullmakt", "kapittel": "0670", "post": "01", "stikkord": "", "bevilgning_i_fjor": "",
     "motpart": "Bufdir", "innvilget": "100 000", "utgiftsfort": "79 200"},
]


@pytest.fixture(scope="module")
def simulering():
    return simuler(SimuleringsSpec(ar=AR, seed=3))


@pytest.fixture
def mappe(tmp_path: Path, simulering) -> Path:
    d = tmp_path / "inn"
    simulering.skriv(d)
    return d


@pytest.fixture(scope="module")
def fasit(tmp_path_factory, simulering) -> dict[str, pd.DataFrame]:
    """The statements of the simulated folder as written (tildeling YAML)."""
    d = tmp_path_factory.mktemp("fasit")
    simulering.skriv(d)
    return tabeller(d)


def tabeller(d: Path, ar: int | None = None) -> dict[str, pd.DataFrame]:
    return {t.id: t.to_frame() for t in beregn(last_mappe(d, ar)).tabeller()}


def like(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert list(a) == list(b)
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k], obj=k)


def tildeling_frame(d: Path) -> pd.DataFrame:
    doc = yaml.safe_load((d / f"tildeling_{AR}.yaml").read_text(encoding="utf-8"))
    rows = [{"ar": AR, **{k: ("" if v is None else v) for k, v in p.items()}} for p in doc["poster"]]
    return pd.DataFrame(rows, columns=["ar", "kapittel", "post", "kapittelnavn", "posttekst",
                                       "overfort_fra_i_fjor", "arets_tildeling", "stikkord"])


def samlet(d: Path, ar: int | None = None) -> dict[tuple[str, str], int]:
    p = last_mappe(d, ar).tildeling.poster
    return {(k, q): int(v) for k, q, v in zip(p["kapittel"], p["post"], p["samlet_tildeling_ore"])}


# --- tildeling and fullmakter in every form -------------------------------------------------------


@pytest.mark.parametrize("form", ["csv", "xlsx", "parquet"])
def test_tildeling_as_csv_or_excel_gives_the_statements_of_the_yaml(mappe: Path, fasit, form: str) -> None:
    yaml_samlet = samlet(mappe)
    frame = tildeling_frame(mappe)
    (mappe / f"tildeling_{AR}.yaml").unlink()
    if form == "csv":
        frame.to_csv(mappe / f"tildeling_{AR}.csv", sep=";", index=False)
    elif form == "xlsx":
        frame.to_excel(mappe / f"tildeling_{AR}.xlsx", index=False)
    else:
        frame.to_parquet(mappe / f"tildeling_{AR}.parquet", index=False)
    assert samlet(mappe) == yaml_samlet
    assert sum(yaml_samlet.values()) > 0
    like(tabeller(mappe), fasit)


def _fullmakter(d: Path, form: str) -> None:
    if form == "yaml":
        (d / f"fullmakter_{AR}.yaml").write_text(FULLMAKTER_YAML, encoding="utf-8")
    elif form == "csv":
        pd.DataFrame(FULLMAKTER_RADER).to_csv(d / f"fullmakter_{AR}.csv", sep=";", index=False)
    else:
        pd.DataFrame(FULLMAKTER_RADER).to_excel(d / f"fullmakter_{AR}.xlsx", index=False)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_fullmakter_as_csv_or_excel_give_the_statements_of_the_yaml(tmp_path: Path, simulering, fasit,
                                                                     form: str) -> None:
    a, b = tmp_path / "yaml", tmp_path / form
    for d, f in ((a, "yaml"), (b, form)):
        simulering.skriv(d)
        _fullmakter(d, f)
    med_yaml, med_annen = tabeller(a), tabeller(b)
    like(med_annen, med_yaml)
    nb = med_annen["note_b"].set_index("line_id")
    assert nb.loc["0670 01", "utgiftsfort_av_andre_avgitte_belastningsfullmakter_ore"] == -7_920_000
    assert not med_annen["note_b"].equals(fasit["note_b"])      # the fullmakter were read


def test_tildeling_in_two_forms_is_an_error_naming_both(mappe: Path) -> None:
    tildeling_frame(mappe).to_csv(mappe / f"tildeling_{AR}.csv", sep=";", index=False)
    with pytest.raises(InputError, match=f"tildeling_{AR}.csv") as e:
        last_mappe(mappe)
    assert f"tildeling_{AR}.yaml" in str(e.value)


def test_fullmakter_in_two_forms_is_an_error_naming_both(mappe: Path) -> None:
    _fullmakter(mappe, "yaml")
    _fullmakter(mappe, "xlsx")
    with pytest.raises(InputError, match=f"fullmakter_{AR}.yaml") as e:
        last_mappe(mappe)
    assert f"fullmakter_{AR}.xlsx" in str(e.value)


def test_srapport_in_two_forms_is_an_error_naming_both(mappe: Path) -> None:
    pd.read_csv(mappe / f"srapport_{AR}.csv", sep=";", dtype=str).to_excel(mappe / f"srapport_{AR}.xlsx", index=False)
    with pytest.raises(InputError, match=f"srapport_{AR}.xlsx") as e:
        last_mappe(mappe)
    assert f"srapport_{AR}.csv" in str(e.value)


def test_srapport_as_excel_gives_the_statements_of_the_csv(mappe: Path, fasit) -> None:
    tekst = pd.read_csv(mappe / f"srapport_{AR}.csv", sep=";", dtype=str, keep_default_na=False)
    tekst["belop"] = tekst["belop"].str.replace(",", ".")
    (mappe / f"srapport_{AR}.csv").unlink()
    tekst.to_excel(mappe / f"srapport_{AR}.xlsx", index=False)
    like(tabeller(mappe), fasit)


@pytest.mark.parametrize("navn", [f"tildeling_{AR}.json", f"fullmakter_{AR}.txt", f"hovedbok_{AR}_gammel.csv",
                                  "anleggsregister_2024.csv"])
def test_a_file_named_like_an_input_in_no_known_form_is_an_error_naming_it(mappe: Path, navn: str) -> None:
    (mappe / navn).write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError, match="ikke en kjent form") as e:
        last_mappe(mappe)
    assert e.value.file.endswith(navn)


def test_fullmakter_yaml_of_another_year_than_its_name_is_an_error(mappe: Path) -> None:
    (mappe / f"fullmakter_{AR}.yaml").write_text(FULLMAKTER_YAML.replace("ar: 2025", "ar: 2024"), encoding="utf-8")
    with pytest.raises(InputError, match="gjelder 2024, ikke 2025"):
        last_mappe(mappe)


def test_tildeling_csv_of_another_year_than_its_name_is_an_error(mappe: Path) -> None:
    frame = tildeling_frame(mappe).assign(ar=2024)
    (mappe / f"tildeling_{AR}.yaml").unlink()
    frame.to_csv(mappe / f"tildeling_{AR}.csv", sep=";", index=False)
    with pytest.raises(InputError, match="gjelder 2024, ikke 2025") as e:
        last_mappe(mappe)
    assert e.value.row == 2


# --- the unquoted kapittel in the tildeling YAML --------------------------------------------------


def test_unquoted_kapittel_with_a_leading_zero_is_decimal_through_last_mappe(mappe: Path) -> None:
    before = samlet(mappe)
    p = mappe / f"tildeling_{AR}.yaml"
    tekst = p.read_text(encoding="utf-8")
    assert "kapittel: '0670'" in tekst
    p.write_text(tekst.replace("kapittel: '0670'", "kapittel: 0670"), encoding="utf-8")
    after = samlet(mappe)
    assert after == before
    assert ("0670", "01") in after and not any(k == "0440" for k, _ in after)


# --- headers with æ/ø/å ----------------------------------------------------------------------------


def test_belop_headers_with_o_slash_in_any_case_are_read_as_belop(mappe: Path, fasit) -> None:
    sr = mappe / f"srapport_{AR}.csv"
    tekst = sr.read_text(encoding="utf-8")
    assert tekst.startswith("periode;statskonto;artskonto;belop;")
    sr.write_bytes(tekst.replace("periode;statskonto;artskonto;belop;", "Periode;Statskonto;Artskonto;BELØP;", 1)
                   .encode("cp1252"))                                       # a Windows export
    hb = mappe / f"hovedbok_{AR}.csv"
    hb.write_text(hb.read_text(encoding="utf-8").replace(";belop;", ";Beløp;", 1), encoding="utf-8")
    frame = tildeling_frame(mappe).rename(columns={"arets_tildeling": "Årets tildeling",
                                                   "overfort_fra_i_fjor": "Overført fra i fjor"})
    (mappe / f"tildeling_{AR}.yaml").unlink()
    frame.to_csv(mappe / f"tildeling_{AR}.csv", sep=";", index=False)
    like(tabeller(mappe), fasit)


def test_belop_and_beloep_in_one_file_is_an_error_naming_the_column(mappe: Path) -> None:
    sr = mappe / f"srapport_{AR}.csv"
    linjer = sr.read_text(encoding="utf-8").splitlines()
    sr.write_text("\n".join([linjer[0] + ";Beløp"] + [ln + ";1" for ln in linjer[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="'belop'") as e:
        last_mappe(mappe)
    assert e.value.row == 1


# --- konsernkonto rows without artskonto ----------------------------------------------------------


def _srapport(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / f"srapport_{AR}.csv", sep=";", dtype=str, keep_default_na=False)


def _skriv_srapport(d: Path, frame: pd.DataFrame) -> None:
    frame.to_csv(d / f"srapport_{AR}.csv", sep=";", index=False)


def test_blank_artskonto_on_konsernkonto_rows_gives_the_same_statements(mappe: Path, fasit) -> None:
    f = _srapport(mappe)
    kk = f["statskonto"].str.fullmatch(r"60\d{4}0[12]")
    assert kk.sum() > 0
    f.loc[kk, "artskonto"] = ""
    _skriv_srapport(mappe, f)
    like(tabeller(mappe), fasit)


def test_blank_artskonto_on_a_bevilgning_row_is_an_error_naming_the_row(mappe: Path) -> None:
    f = _srapport(mappe)
    i = int((f["statskonto"] == "067001").to_numpy().nonzero()[0][0])
    f.loc[i, "artskonto"] = ""
    _skriv_srapport(mappe, f)
    with pytest.raises(InputError, match="konsernkontoradene") as e:
        last_mappe(mappe)
    assert (e.value.row, e.value.column) == (i + 2, "artskonto")


# --- KS 198 on a felleskapittel -------------------------------------------------------------------


def test_ks_198_on_the_felleskapitler_gives_the_artskontorapportering_of_the_underkontoer(mappe: Path,
                                                                                           fasit) -> None:
    f = _srapport(mappe)
    endret = 0
    for fk in FELLESKAPITLER:
        rad = (f["statskonto"] == fk.kapittel + fk.post) & (f["artskonto"] == fk.underkonto)
        assert rad.any(), fk.underkonto
        f.loc[rad, "artskonto"] = FELLESKAP_ARTSKONTO
        endret += int(rad.sum())
    _skriv_srapport(mappe, f)
    sr = load_srapport(mappe / f"srapport_{AR}.csv")
    assert (sr.frame["artskonto"] == FELLESKAP_ARTSKONTO).sum() == 0
    nye = tabeller(mappe)
    for linje in ("gruppeliv_1985", "arbeidsgiveravgift_1986", "mva_1987", "netto_felles"):
        a = nye["artskontorapportering"].set_index("line_id").loc[linje, "belop"]
        assert a == fasit["artskontorapportering"].set_index("line_id").loc[linje, "belop"] and a != 0
    like(nye, fasit)
    assert endret > 3


def test_ks_198_elsewhere_is_kept_as_198(tmp_path: Path) -> None:
    p = tmp_path / "s.csv"
    p.write_text("periode;statskonto;artskonto;belop\n2025-01;067001;198;10\n2025-01;530929;198;-10\n",
                 encoding="utf-8")
    assert load_srapport(p).frame["artskonto"].tolist() == ["198", "1985"]


# --- opening balances in their own file ------------------------------------------------------------


def _flytt_ib(d: Path) -> pd.DataFrame:
    """Move the hovedbok's bilag IB into ``saldobalanse_ib_ÅÅÅÅ.csv`` (``konto;ib``)."""
    hb = pd.read_csv(d / f"hovedbok_{AR}.csv", sep=";", dtype=str, keep_default_na=False)
    ib = hb["bilag"] == "IB"
    assert ib.sum() > 0
    hb[~ib].to_csv(d / f"hovedbok_{AR}.csv", sep=";", index=False)
    sb = hb.loc[ib, ["konto", "belop"]].rename(columns={"belop": "ib"})
    sb.to_csv(d / f"saldobalanse_ib_{AR}.csv", sep=";", index=False)
    return sb


def test_opening_balance_file_gives_the_statements_of_the_ib_bilag(mappe: Path, fasit) -> None:
    _flytt_ib(mappe)
    like(tabeller(mappe), fasit)


def test_opening_balance_is_the_prior_year_column_of_the_balanse(mappe: Path) -> None:
    _flytt_ib(mappe)
    a = beregn(last_mappe(mappe))
    bal = a.virksomhetsregnskap.balanse.to_frame().set_index("line_id")
    ib = presentert(load_kontoplan(), "balanse", a.virksomhetsregnskap.grunnlag.linjesum("balanse", "ib_ore"))
    linjer = bal[bal["kind"].isin(["line", "sum"])]
    assert {k: int(v) for k, v in linjer["belop_fjor"].items()} == {k: ib.get(k, 0) for k in linjer.index}
    assert linjer["belop_fjor"].ne(0).sum() > 5
    assert bal.loc["sum_eiendeler", "belop_fjor"] == bal.loc["sum_kapital_gjeld", "belop_fjor"]


def test_without_an_opening_balance_the_prior_year_column_is_blank(mappe: Path) -> None:
    _flytt_ib(mappe)
    (mappe / f"saldobalanse_ib_{AR}.csv").unlink()
    bal = beregn(last_mappe(mappe)).virksomhetsregnskap.balanse.to_frame()
    assert bal["belop_fjor"].isna().all()


def test_opening_balance_in_the_file_and_as_ib_bilag_is_an_error_naming_both(mappe: Path) -> None:
    hb = (mappe / f"hovedbok_{AR}.csv").read_text(encoding="utf-8")
    _flytt_ib(mappe)
    (mappe / f"hovedbok_{AR}.csv").write_text(hb, encoding="utf-8")
    with pytest.raises(InputError, match=f"saldobalanse_ib_{AR}.csv") as e:
        last_mappe(mappe)
    assert f"hovedbok_{AR}.csv" in str(e.value)


def test_opening_balance_without_a_ledger_of_its_year_is_an_error(mappe: Path) -> None:
    _flytt_ib(mappe)
    (mappe / f"hovedbok_{AR}.csv").unlink()
    with pytest.raises(InputError, match=f"ingen hovedbok_{AR}") as e:
        last_mappe(mappe, AR)
    assert e.value.file.endswith(f"saldobalanse_ib_{AR}.csv")


# --- the year ------------------------------------------------------------------------------------


def _srapport_2026(d: Path) -> None:
    f = _srapport(d)
    f["periode"] = f["periode"].str.replace(str(AR), str(AR + 1))
    _skriv_srapport_som(d, f, AR + 1)


def _skriv_srapport_som(d: Path, f: pd.DataFrame, ar: int) -> None:
    f.to_csv(d / f"srapport_{ar}.csv", sep=";", index=False)


def test_a_stray_later_srapport_is_an_error_naming_the_files_that_do_not_fit(mappe: Path) -> None:
    _srapport_2026(mappe)
    with pytest.raises(InputError, match="--ar") as e:
        last_mappe(mappe)
    msg = str(e.value)
    assert f"srapport_{AR + 1}.csv" in msg and f"tildeling_{AR}.yaml" in msg and f"hovedbok_{AR}.csv" in msg


def test_the_year_given_reads_that_year_beside_a_stray_later_srapport(mappe: Path, fasit) -> None:
    _srapport_2026(mappe)
    like(tabeller(mappe, AR), fasit)


def test_next_years_tildeling_beside_this_years_report_is_an_error_unless_the_year_is_given(mappe: Path,
                                                                                              fasit) -> None:
    shutil.copy(mappe / f"tildeling_{AR}.yaml", mappe / f"tildeling_{AR + 1}.yaml")
    with pytest.raises(InputError, match=f"tildeling_{AR + 1}.yaml"):
        last_mappe(mappe)
    like(tabeller(mappe, AR), fasit)


def test_last_years_fullmakter_alone_is_an_error_naming_it_unless_the_year_is_given(mappe: Path) -> None:
    (mappe / f"fullmakter_{AR - 1}.yaml").write_text(FULLMAKTER_YAML.replace("ar: 2025", "ar: 2024"), encoding="utf-8")
    with pytest.raises(InputError, match=f"fullmakter_{AR - 1}.yaml"):
        last_mappe(mappe)
    assert last_mappe(mappe, AR).fullmakter is None        # a folder of several years, the year given


def test_tildeling_yaml_keys_with_norwegian_letters(mappe: Path) -> None:
    before = samlet(mappe)
    p = mappe / f"tildeling_{AR}.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("arets_tildeling:", "Årets tildeling:")
                 .replace("overfort_fra_i_fjor:", "overført_fra_i_fjor:"), encoding="utf-8")
    assert samlet(mappe) == before


def test_last_years_srapport_and_tildeling_fit(mappe: Path) -> None:
    f = _srapport(mappe)
    f["periode"] = f["periode"].str.replace(str(AR), str(AR - 1))
    _skriv_srapport_som(mappe, f, AR - 1)
    t = yaml.safe_load((mappe / f"tildeling_{AR}.yaml").read_text(encoding="utf-8"))
    (mappe / f"tildeling_{AR - 1}.yaml").write_text(yaml.safe_dump({**t, "ar": AR - 1}, allow_unicode=True),
                                                   encoding="utf-8")
    g = last_mappe(mappe)
    assert (g.ar, g.srapport_fjor.ar, g.tildeling_fjor.ar) == (AR, AR - 1, AR - 1)


def test_a_year_without_srapport_is_an_error(mappe: Path) -> None:
    with pytest.raises(InputError, match=f"srapport_{AR - 1}"):
        last_mappe(mappe, AR - 1)


def test_srapport_rows_of_another_year_than_the_name_are_an_error(mappe: Path) -> None:
    f = _srapport(mappe)
    (mappe / f"srapport_{AR}.csv").unlink()
    _skriv_srapport_som(mappe, f, AR + 1)
    with pytest.raises(InputError, match=f"gjelder {AR}, men S-rapporten er for {AR + 1}"):
        last_mappe(mappe, AR + 1)


def test_report_ar_on_the_command_line(mappe: Path, capsys) -> None:
    _srapport_2026(mappe)
    assert main(["report", "--inndata", str(mappe)]) == 2
    assert f"srapport_{AR + 1}.csv" in capsys.readouterr().err
    assert main(["report", "--inndata", str(mappe), "--ar", str(AR)]) == 0
    assert f"Årsregnskap {AR}" in capsys.readouterr().out
