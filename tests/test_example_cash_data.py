"""Tests of the reconstructed IMDi cash data in ``examples/imdi-2025`` (S-rapport 2024–2025,
mellomværende IB, tildeling).

The files are input data for the R-115 bevilgnings- and artskontorapportering.  These tests read
them with plain pandas and :mod:`imdi_ledger.money`, compute each published figure in øre, round
it to kroner (half away from zero) and compare it with the figure printed in IMDi's årsregnskap
2025 (``examples/imdi-2025/publisert/aarsregnskap_2025.yaml``).  The library's own statement modules are not
used, so these tests pin the data, not the code that reads it.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from imdi_ledger.eksempel import publisert_fil
from imdi_ledger.kontoplan import ks_koder
from imdi_ledger.money import ore_to_kroner, parse_ore_series

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "imdi-2025"
PUBLISHED = publisert_fil("imdi-2025")

KK_INN, KK_UT, MV = "60088701", "60088702", "705005"


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------
def _read(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    df["belop_ore"], errors = parse_ore_series(df["belop"], decimal=",")
    if errors:
        raise ValueError(f"{path}: unreadable amounts at {sorted(errors)[:5]}")
    return df


@pytest.fixture(scope="module")
def sr() -> dict[int, pd.DataFrame]:
    return {y: _read(EX / f"srapport_{y}.csv") for y in (2024, 2025)}


@pytest.fixture(scope="module")
def ib2023() -> dict[str, int]:
    df = _read(EX / "mellomvaerende_ib.csv")
    return dict(zip(df["artskonto"], (int(v) for v in df["belop_ore"])))


@pytest.fixture(scope="module")
def tild() -> dict[int, dict]:
    out = {}
    for y in (2024, 2025):
        with open(EX / f"tildeling_{y}.yaml", encoding="utf-8") as fh:
            out[y] = yaml.safe_load(fh)
    return out


@pytest.fixture(scope="module")
def pub() -> dict:
    with open(PUBLISHED, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --------------------------------------------------------------------------------------------
# statements recomputed from the rows (the mapping of the task brief / R-115)
# --------------------------------------------------------------------------------------------
def _line(art: str) -> str | None:
    if art == "1985":
        return "Gruppelivsforsikring konto 1985 (ref. kap. 5309, inntekt)"
    if art == "1986":
        return "Arbeidsgiveravgift konto 1986 (ref. kap. 5700, inntekt)"
    if art == "1987":
        return "Nettoføringsordning for merverdiavgift konto 1987 (ref. kap. 1633, utgift)"
    a = int(art)
    if 100 <= a <= 129 or 470 <= a <= 499:
        return "Utbetaling til investeringer"
    if 500 <= a <= 599:
        return "Utbetalinger til lønn"
    if 400 <= a <= 469 or 610 <= a <= 799:
        return "Andre utbetalinger til drift"
    if 810 <= a <= 819:
        return "Utbetaling av finansutgifter"
    if 820 <= a <= 849:
        return "Innbetaling av skatter, avgifter, gebyrer m.m."
    if 850 <= a <= 879:
        return "Utbetalinger av tilskudd og stønader"
    return None


def _mv_line(art: str) -> str:
    a = int(art)
    if a == 154:
        return "Fordringer på ansatte"
    if a in (263, 281, 282):
        return "Avsatt pensjonspremie til Statens pensjonskasse"
    if 260 <= a <= 269:
        return "Skyldig skattetrekk og andre trekk"
    if 270 <= a <= 279:
        return "Skyldige offentlige avgifter"
    if a == 280:
        return "Differanser på bank og uidentifiserte innbetalinger"
    if a == 293:
        return "Lønn (negativ netto, for mye utbetalt lønn m.m.)"
    return "annet"


def _bevilgning(df: pd.DataFrame) -> pd.DataFrame:
    return df[(df["statskonto"].str.len() == 6) & (df["statskonto"] != MV)]


def _artskonto(df: pd.DataFrame) -> dict[str, int]:
    """Artskontorapportering lines in øre, presented signs (inntekter and 1985/1986 positive)."""
    b = _bevilgning(df)
    g = b.groupby(b["artskonto"].map(_line))["belop_ore"].sum().to_dict()
    v = {k: int(x) for k, x in g.items()}
    get = v.get
    lonn, andre = get("Utbetalinger til lønn", 0), get("Andre utbetalinger til drift", 0)
    inv, fin = get("Utbetaling til investeringer", 0), get("Utbetaling av finansutgifter", 0)
    innkr = -get("Innbetaling av skatter, avgifter, gebyrer m.m.", 0)
    tilsk = get("Utbetalinger av tilskudd og stønader", 0)
    g1985 = -get("Gruppelivsforsikring konto 1985 (ref. kap. 5309, inntekt)", 0)
    g1986 = -get("Arbeidsgiveravgift konto 1986 (ref. kap. 5700, inntekt)", 0)
    g1987 = get("Nettoføringsordning for merverdiavgift konto 1987 (ref. kap. 1633, utgift)", 0)
    return {
        "Sum innbetalinger fra drift": 0,
        "Utbetalinger til lønn": lonn,
        "Andre utbetalinger til drift": andre,
        "Sum utbetalinger til drift": lonn + andre,
        "Netto rapporterte driftsutgifter": lonn + andre,
        "Sum investerings- og finansinntekter": 0,
        "Utbetaling til investeringer": inv,
        "Utbetaling av finansutgifter": fin,
        "Sum investerings- og finansutgifter": inv + fin,
        "Netto rapporterte investerings- og finansutgifter": inv + fin,
        "Innbetaling av skatter, avgifter, gebyrer m.m.": innkr,
        "Sum innkrevingsvirksomhet og andre overføringer til staten": innkr,
        "Utbetalinger av tilskudd og stønader": tilsk,
        "Sum tilskuddsforvaltning og andre overføringer fra staten": tilsk,
        "Gruppelivsforsikring konto 1985 (ref. kap. 5309, inntekt)": g1985,
        "Arbeidsgiveravgift konto 1986 (ref. kap. 5700, inntekt)": g1986,
        "Nettoføringsordning for merverdiavgift konto 1987 (ref. kap. 1633, utgift)": g1987,
        "Netto rapporterte utgifter på felleskapitler": g1987 - g1985 - g1986,
        "Netto rapportert til bevilgningsregnskapet": int(b["belop_ore"].sum()),
    }


def _ub_per_art(df: pd.DataFrame, ib: dict[str, int]) -> dict[str, int]:
    mv = df[df["statskonto"] == MV].groupby("artskonto")["belop_ore"].sum()
    return {a: ib.get(a, 0) + int(mv.get(a, 0)) for a in set(ib) | set(mv.index)}


def _mv_lines(ub: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for a, v in ub.items():
        out[_mv_line(a)] = out.get(_mv_line(a), 0) + v
    return out


@pytest.fixture(scope="module")
def ub(sr, ib2023) -> dict[int, dict[str, int]]:
    ub24 = _ub_per_art(sr[2024], ib2023)
    return {2023: ib2023, 2024: ub24, 2025: _ub_per_art(sr[2025], ub24)}


def _per_post(df: pd.DataFrame) -> dict[str, int]:
    return {k: int(v) for k, v in _bevilgning(df).groupby("statskonto")["belop_ore"].sum().items()}


def _samlet(t: dict) -> dict[str, int]:
    return {p["kapittel"] + p["post"]: p["overfort_fra_i_fjor"] + p["arets_tildeling"] for p in t["poster"]}


# --------------------------------------------------------------------------------------------
# format and balance
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2024, 2025])
def test_srapport_format(year):
    path = EX / f"srapport_{year}.csv"
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n")
    assert header == "periode;statskonto;artskonto;belop;tekst"
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    assert df["periode"].str.fullmatch(rf"{year}-(0[1-9]|1[0-2])").all()
    assert df["belop"].str.fullmatch(r"-?\d+,\d{2}").all()
    assert df["statskonto"].str.fullmatch(r"\d{6}|6008870[12]").all()
    assert (df["tekst"].str.len() > 0).all()
    kk = df["statskonto"].isin([KK_INN, KK_UT])
    assert (df.loc[kk, "artskonto"] == "195").all()


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_period_sums_to_zero_ore(sr, year):
    per = sr[year].groupby("periode")["belop_ore"].sum()
    assert len(per) == 12
    assert (per == 0).all(), per[per != 0].to_dict()


@pytest.mark.parametrize("year", [2024, 2025])
def test_rows_look_like_monthly_reporting(sr, year):
    df = sr[year]
    assert 3000 <= len(df) <= 20000
    sizes = df.groupby("periode").size()
    assert sizes.nunique() > 6  # months differ
    # øre are realistic: most amounts are not whole kroner
    assert (df["belop_ore"] % 100 != 0).mean() > 0.4
    assert not (df["belop_ore"] == 0).any()


@pytest.mark.parametrize("year", [2024, 2025])
def test_artskonto_codes_exist_in_the_state_kontoplan(sr, year):
    codes = set(ks_koder()["kode"])
    arts = set(sr[year]["artskonto"])
    assert arts - codes - {"1985", "1986", "1987"} == set()


@pytest.mark.parametrize("year", [2024, 2025])
def test_underkontoer_are_on_their_felleskapitler(sr, year):
    df = sr[year]
    where = {"1985": {"530929"}, "1986": {"570072"}, "1987": {"163301"}, "848": {"530929"}}
    for art, kontoer in where.items():
        assert set(df.loc[df["artskonto"] == art, "statskonto"]) == kontoer, art
    assert set(df.loc[df["statskonto"] == "163301", "artskonto"]) == {"1987"}


def test_mellomvaerende_ib_file():
    df = pd.read_csv(EX / "mellomvaerende_ib.csv", sep=";", dtype=str)
    assert list(df.columns) == ["dato", "statskonto", "artskonto", "belop"]
    assert (df["dato"] == "2023-12-31").all()
    assert (df["statskonto"] == MV).all()
    assert df["artskonto"].is_unique


# --------------------------------------------------------------------------------------------
# consistency facts
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2024, 2025])
def test_aga_1986_equals_540_on_post_01_each_period(sr, year):
    df = sr[year]
    a540 = df[(df["statskonto"] == "067001") & (df["artskonto"] == "540")].groupby("periode")["belop_ore"].sum()
    a1986 = df[df["artskonto"] == "1986"].groupby("periode")["belop_ore"].sum()
    assert len(a540) == 12
    assert (a540 + a1986 == 0).all()


@pytest.mark.parametrize("year", [2024, 2025])
def test_gruppeliv_1985_equals_592_each_period(sr, year):
    df = sr[year]
    a592 = df[df["artskonto"] == "592"].groupby("periode")["belop_ore"].sum()
    a1985 = df[df["artskonto"] == "1985"].groupby("periode")["belop_ore"].sum()
    assert (a592 + a1985 == 0).all()


@pytest.mark.parametrize("year", [2024, 2025])
def test_mva_1987_is_25_percent_of_the_invoice_line_before_it(sr, year):
    df = sr[year].reset_index(drop=True)
    is_vat = (df["artskonto"] == "1987").to_numpy()
    prev = df.shift(1)
    vat = df.loc[is_vat, "belop_ore"].to_numpy()
    net = prev.loc[is_vat, "belop_ore"].astype("int64").to_numpy()
    arts = prev.loc[is_vat, "artskonto"]
    assert arts.str.fullmatch(r"1[0-2]\d|[67]\d\d").all()
    assert (abs(4 * vat - net) <= 6).all()  # 25 % rounded per invoice, ±1 øre
    # no mva on husleie, lønn, tilskudd
    no_vat = prev.loc[is_vat, "artskonto"].isin(["630", "631"]) | arts.str.match(r"[58]")
    assert not no_vat.any()


@pytest.mark.parametrize("year", [2024, 2025])
def test_kontantprinsipp_lonn_trekk_through_mellomvaerende(sr, year):
    df = sr[year]
    mv = df[df["statskonto"] == MV]
    credited = mv[(mv["artskonto"] == "260") & (mv["belop_ore"] < 0)].groupby("periode").size()
    assert len(credited) == 12  # forskuddstrekk every month
    pens = mv[(mv["artskonto"] == "263") & (mv["belop_ore"] < 0)]
    fast = df[(df["statskonto"] == "067001") & (df["artskonto"] == "500") & (df["belop_ore"] > 0)]
    ratio = -pens["belop_ore"].sum() / fast["belop_ore"].sum()  # float ok: a share, not money
    assert 0.0195 < ratio < 0.0205
    feriepenger = df[df["artskonto"] == "508"].groupby("periode")["belop_ore"].sum()
    assert feriepenger.idxmax() == f"{year}-06"


def test_innkreving_2025_of_5309_29(sr, pub):
    per = _per_post(sr[2025])
    a = _artskonto(sr[2025])
    regn = {r["kapittel"] + r["post"]: r["regnskap"] for r in pub["bevilgningsrapportering"]["inntekter"]}
    assert ore_to_kroner(-per["530929"]) == regn["530929"]
    innkr = a["Innbetaling av skatter, avgifter, gebyrer m.m."]
    gl = a["Gruppelivsforsikring konto 1985 (ref. kap. 5309, inntekt)"]
    assert innkr + gl == -per["530929"]


# --------------------------------------------------------------------------------------------
# published figures
# --------------------------------------------------------------------------------------------
def test_bevilgning_2025_regnskap_per_post(sr, pub):
    per = _per_post(sr[2025])
    bev = pub["bevilgningsrapportering"]
    for r in bev["utgifter"]:
        assert ore_to_kroner(per.get(r["kapittel"] + r["post"], 0)) == r["regnskap"], r["kapittel"] + r["post"]
    for r in bev["inntekter"]:
        assert ore_to_kroner(-per.get(r["kapittel"] + r["post"], 0)) == r["regnskap"], r["kapittel"] + r["post"]
    utg = sum(per.get(r["kapittel"] + r["post"], 0) for r in bev["utgifter"])
    inn = -sum(per.get(r["kapittel"] + r["post"], 0) for r in bev["inntekter"])
    assert ore_to_kroner(utg) == bev["sum_utgiftsfort"]["regnskap"]
    assert ore_to_kroner(inn) == bev["sum_inntektsfort"]["regnskap"]
    assert set(per) == {r["kapittel"] + r["post"] for r in bev["utgifter"] + bev["inntekter"] if
                        r["regnskap"] != 0}


def test_bevilgning_2025_mer_og_mindreutgift(sr, pub, tild):
    per = _per_post(sr[2025])
    samlet = _samlet(tild[2025])
    bev = pub["bevilgningsrapportering"]
    total = 0
    for r in bev["utgifter"]:
        k = r["kapittel"] + r["post"]
        assert samlet[k] == r["samlet_tildeling"], k
        if r["merutgift_mindreutgift"] is None:
            continue
        diff = 100 * samlet[k] - per.get(k, 0)
        total += diff
        assert ore_to_kroner(diff) == r["merutgift_mindreutgift"], k
    assert ore_to_kroner(total) == bev["sum_utgiftsfort"]["merutgift_mindreutgift"]
    assert 100 * sum(samlet[r["kapittel"] + r["post"]] for r in bev["utgifter"]) == \
        100 * bev["sum_utgiftsfort"]["samlet_tildeling"]


def test_overskridelse_0671_62_is_kept(sr, pub, tild):
    per = _per_post(sr[2025])
    k = "067162"
    merutgift = 100 * _samlet(tild[2025])[k] - per[k]
    row = next(r for r in pub["bevilgningsrapportering"]["utgifter"] if r["kapittel"] + r["post"] == "067162")
    assert merutgift < 0
    assert ore_to_kroner(merutgift) == row["merutgift_mindreutgift"]


def test_tildeling_2025_is_note_a_and_note_b(tild, pub):
    t = tild[2025]
    assert t["ar"] == 2025
    poster = {p["kapittel"] + " " + p["post"]: p for p in t["poster"]}
    for r in pub["note_a"]:
        p = poster[r["kapittel_post"]]
        assert p["overfort_fra_i_fjor"] == (r["overfort_fra_i_fjor"] or 0)
        assert p["arets_tildeling"] == r["arets_tildelinger"]
    for r in pub["note_b"]:
        assert poster[r["kapittel_post"]]["stikkord"] == r["stikkord"]
    assert poster["0671 61"]["stikkord"] == "overslagsbevilgning"
    for kp in ("3670 01", "1633 01", "5309 29", "5700 72"):
        assert poster[kp]["arets_tildeling"] == 0
    amounts = [p[f] for p in t["poster"] for f in ("overfort_fra_i_fjor", "arets_tildeling")]
    assert all(type(a) is int for a in amounts)


def test_kapitalkontoer_2025_as_they_should_read(sr, ub, pub):
    """§7 I4: the printed block is shifted; the data give KK inn as printed, KK ut to the krone
    (printed in 1000 kr), Δmellomværende 1 022 805 and Sum rapportert 0."""
    df = sr[2025]
    bev = pub["bevilgningsrapportering"]
    kk = {r["konto"]: r["belop"] for r in bev["kapitalkontoer"]}
    kk_inn = int(df.loc[df["statskonto"] == KK_INN, "belop_ore"].sum())
    kk_ut = int(df.loc[df["statskonto"] == KK_UT, "belop_ore"].sum())
    netto = int(_bevilgning(df)["belop_ore"].sum())
    endring = sum(ub[2025].values()) - sum(ub[2024].values())
    assert netto + kk_inn + kk_ut + endring == 0  # Sum rapportert
    assert ore_to_kroner(kk_inn) == kk[KK_INN]
    mv = bev["mellomvaerende"]
    assert ore_to_kroner(endring) == mv["endring"]
    assert ore_to_kroner(sum(ub[2025].values())) == mv["ub"]
    assert ore_to_kroner(sum(ub[2024].values())) == mv["ib"]
    netto_art = next(r["belop"] for r in pub["artskontorapportering"]["lines"]
                     if r["tekst"] == "Netto rapportert til bevilgningsregnskapet")
    expected_ut = -(netto_art + kk[KK_INN] + mv["endring"])
    assert ore_to_kroner(kk_ut) == expected_ut
    assert round(expected_ut / 1000) == kk[KK_UT]  # float ok: the printed 1000-kr figure


@pytest.mark.parametrize("year,col", [(2025, "belop"), (2024, "belop_fjor")])
def test_artskontorapportering_lines(sr, pub, year, col):
    a = _artskonto(sr[year])
    for r in pub["artskontorapportering"]["lines"]:
        assert ore_to_kroner(a[r["tekst"]]) == r[col], r["tekst"]


@pytest.mark.parametrize("year,col", [(2025, "belop"), (2024, "belop_fjor")])
def test_mellomvaerende_lines(ub, pub, year, col):
    lines = _mv_lines(ub[year])
    assert lines.get("annet", 0) == 0
    for r in pub["artskontorapportering"]["mellomvaerende"]:
        value = sum(ub[year].values()) if r["kind"] == "sum" else lines.get(r["tekst"], 0)
        assert ore_to_kroner(value) == r[col], r["tekst"]


def test_2024_tilskudd_per_post_from_note_9_less_92_950_on_0672_60(sr, pub):
    per = _per_post(sr[2024])
    posts = ["067160", "067161", "067162", "067170", "067171", "067172", "067173", "067260", "067261"]
    note9 = [r["belop_fjor"] for r in pub["andre_noter"]["note_9_tilskudd_til_andre"] if r.get("kind") != "sum"]
    diff = {k: ore_to_kroner(per[k]) - n for k, n in zip(posts, note9)}
    assert diff.pop("067260") == -92950
    assert set(diff.values()) == {0}


def test_2024_hovedtall_and_what_2024_left_to_2025(sr, tild, pub):
    per24 = _per_post(sr[2024])
    samlet24 = _samlet(tild[2024])
    hoved = {r["tekst"]: r for r in pub["hovedtall"]}
    utgift = {k: v for k, v in samlet24.items() if k[:2] == "06"}
    assert sum(utgift.values()) == hoved["Samlet tildeling post 01–99 (i 1 000 kroner)"]["belop_fjor"] * 1000
    post01_tusen = (per24["067001"] + 50_000) // 100_000
    assert post01_tusen == hoved["Driftsutgifter post 01 (i 1 000 kroner)"]["belop_fjor"]
    overfort = {p["kapittel"] + p["post"]: p["overfort_fra_i_fjor"] for p in tild[2025]["poster"]}
    for k in ("067001", "067145"):
        mindre = samlet24[k] - ore_to_kroner(per24[k])
        assert mindre // 1000 * 1000 == overfort[k], k
    for k, v in overfort.items():
        if k not in ("067001", "067145"):
            assert v == 0, k


@pytest.fixture(scope="module")
def generator():
    """The generator script ``tools/reconstruct/cash.py`` loaded as a module."""
    path = ROOT / "tools" / "reconstruct" / "cash.py"
    spec = importlib.util.spec_from_file_location("reconstruct_cash", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    yield mod
    sys.modules.pop(spec.name, None)


def test_files_are_what_the_generator_writes(generator, tmp_path):
    mod = generator
    mod.write_all(tmp_path)
    assert mod.self_check(tmp_path) == []
    for name in ("srapport_2024.csv", "srapport_2025.csv", "mellomvaerende_ib.csv",
                 "tildeling_2024.yaml", "tildeling_2025.yaml"):
        assert (tmp_path / name).read_bytes() == (EX / name).read_bytes(), name


def test_self_check_names_a_figure_that_is_off(generator, tmp_path):
    mod = generator
    mod.write_all(tmp_path)
    f = tmp_path / "srapport_2025.csv"
    text = f.read_text(encoding="utf-8")
    first = re.search(r"^2025-01;067001;500;(\d+),(\d\d);", text, flags=re.M)
    changed = text.replace(first.group(0), f"2025-01;067001;500;{int(first.group(1)) + 5},{first.group(2)};", 1)
    f.write_text(changed, encoding="utf-8")
    errs = mod.self_check(tmp_path)
    assert any("2025-01: period sums to 500 øre" in e for e in errs)
    assert any("regnskap 2025 067001" in e for e in errs)
