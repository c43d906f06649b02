"""Money parsing, rounding and display (imdi_ledger.money)."""

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from imdi_ledger.money import (
    MoneyFormatError, format_kroner, format_ore, ore_to_kroner, parse_ore, parse_ore_series,
)


@pytest.mark.parametrize("text, ore", [
    ("1234", 123400), ("1234,56", 123456), ("1234.56", 123456), ("-1234,5", -123450),
    ("1 234 567,89", 123456789), ("1\u00a0234\u00a0567,89", 123456789), ("1\u202f234,56", 123456),
    ("-1.234,56", -123456), ("1,234,567.89", 123456789), ("1 234,56-", -123456), ("(1 234,56)", -123456),
    ("\u2212 5,05", -505), ("+12", 1200), ("0,5", 50),
])
def test_parse_accepts_norwegian_forms(text, ore):
    assert parse_ore(text) == ore


@pytest.mark.parametrize("text", ["1,234", "1.234", "1,2345", "12 34", "abc", "", "--5", "(-5)", "1.234,567",
                                  "1,234.567,89", "12,345,6", "1.234.5"])
def test_parse_rejects_ambiguous_or_malformed(text):
    with pytest.raises(MoneyFormatError):
        parse_ore(text)


def test_declared_decimal_mark_resolves_ambiguity():
    assert parse_ore("1.234", decimal=",") == 123400
    assert parse_ore("1,234", decimal=".") == 123400
    assert parse_ore("1,23", decimal=",") == 123


def test_rounding_is_half_away_from_zero():
    assert [ore_to_kroner(o) for o in (49, 50, 149, 150, -49, -50, -150, 0)] == [0, 1, 1, 2, 0, -1, -2, 0]


def test_display():
    assert format_kroner(123456789) == "1 234 568"
    assert format_kroner(-150) == "-2"
    assert format_ore(-123456789) == "-1 234 567,89"
    assert format_ore(5) == "0,05"
    assert format_kroner(None) == ""


def test_series_parse_matches_scalar_and_reports_positions():
    values = pd.Series(["1", "-2,5", "3.45", "1 000,00", "x", "1,234", "-0,07"])
    ore, errors = parse_ore_series(values, on_error="collect")
    assert ore.tolist()[:4] == [100, -250, 345, 100000]
    assert ore.iloc[6] == -7
    assert set(errors) == {4, 5}
    with pytest.raises(MoneyFormatError) as exc:
        parse_ore_series(values)
    assert exc.value.args[1] == 4


@given(st.integers(min_value=-10**15, max_value=10**15), st.sampled_from([",", "."]),
       st.sampled_from(["", " ", "\u00a0", "\u202f"]), st.booleans())
def test_round_trip_any_amount(ore, dec, group, trailing):
    whole, frac = divmod(abs(ore), 100)
    digits = f"{whole:,}".replace(",", group) if group else str(whole)
    text = f"{digits}{dec}{frac:02d}"
    text = (text + "-") if (ore < 0 and trailing) else (("-" + text) if ore < 0 else text)
    assert parse_ore(text) == ore
    assert parse_ore(format_ore(ore)) == ore
    assert parse_ore_series(pd.Series([text]))[0].iloc[0] == ore
