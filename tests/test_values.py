"""Values as people write them: each accepted form, and each bad form with its reason."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from campaign_roi import values as v


def _series(*cells: str | None) -> pd.Series:
    return pd.Series(list(cells), dtype="str")


def _listed(parsed: v.Parsed) -> list:
    return [None if pd.isna(x) else x for x in parsed.values.tolist()]


def test_counts_plain_separators_and_abbreviations():
    parsed = v.parse_count(_series("12345", "12,345", "12.3K", "1.6M", "2B", " 7 ", "0", "353.1k"))
    assert _listed(parsed) == [12345, 12345, 12300, 1_600_000, 2_000_000_000, 7, 0, 353_100]
    assert parsed.errors.empty


def test_count_empty_is_unknown_not_zero():
    parsed = v.parse_count(_series("", None, "  "))
    assert _listed(parsed) == [None, None, None]
    assert parsed.errors.empty


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("-3", v.MSG_COUNT_NEGATIVE),
        ("-1.2K", v.MSG_COUNT_NEGATIVE),
        ("1.5", v.MSG_COUNT_FRACTION),
        ("12.3456K", v.MSG_COUNT_FRACTION),
        ("abc", v.MSG_COUNT_NOT_NUMBER),
        ("1,2", v.MSG_COUNT_NOT_NUMBER),
        ("12 K M", v.MSG_COUNT_NOT_NUMBER),
        ("Share", v.MSG_COUNT_NOT_NUMBER),  # a zero word only where a mapping names it
        ("9" * 17, v.MSG_COUNT_TOO_LARGE),
    ],
)
def test_bad_counts_are_rejected_with_a_reason(cell, reason):
    parsed = v.parse_count(_series("10", cell))
    assert _listed(parsed)[0] == 10
    assert _listed(parsed)[1] is None
    assert parsed.errors.to_dict() == {1: reason}
    assert parsed.bad.tolist() == [False, True]


def test_zero_words_read_as_zero_only_when_named():
    parsed = v.parse_count(_series("Share", "share ", "", "5"), zero_words=["Share"])
    assert _listed(parsed) == [0, 0, None, 5]
    assert parsed.errors.empty


def test_money_with_matching_symbol_or_code():
    parsed = v.parse_money(_series("$1,200.50", "1200.5", "USD 30", "30 usd", "0", "$ 7"), "USD")
    assert _listed(parsed) == [1200.5, 1200.5, 30.0, 30.0, 0.0, 7.0]
    assert parsed.errors.empty


def test_money_in_another_currency_names_it():
    parsed = v.parse_money(_series("€5", "5 EUR", "$5"), "USD")
    assert _listed(parsed)[:2] == [None, None]
    assert "EUR" in parsed.errors[0] and "USD" in parsed.errors[0]
    assert "EUR" in parsed.errors[1]
    assert 2 not in parsed.errors.index


def test_money_symbol_of_the_reporting_currency_is_fine():
    parsed = v.parse_money(_series("€5", "£2.50"), "EUR")
    assert _listed(parsed)[0] == 5.0
    assert "GBP" in parsed.errors[1]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("-3", v.MSG_MONEY_NEGATIVE),
        ("$-3", v.MSG_MONEY_NEGATIVE),
        ("abc", v.MSG_MONEY_NOT_NUMBER),
        ("1.200,50", v.MSG_MONEY_NOT_NUMBER),
    ],
)
def test_bad_money(cell, reason):
    parsed = v.parse_money(_series(cell), "USD")
    assert parsed.errors.to_dict() == {0: reason}


def test_rates_as_percent_or_fraction():
    parsed = v.parse_rate(_series("8%", "0.08", "12.5 %", "0", "1", "100%", ""))
    assert _listed(parsed) == [0.08, 0.08, 0.125, 0.0, 1.0, 1.0, None]
    assert parsed.errors.empty


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("8", v.MSG_RATE_RANGE),
        ("150%", v.MSG_RATE_RANGE),
        ("-1%", v.MSG_RATE_RANGE),
        ("eight", v.MSG_RATE_NOT_NUMBER),
    ],
)
def test_bad_rates(cell, reason):
    assert v.parse_rate(_series(cell)).errors.to_dict() == {0: reason}


def test_iso_dates_and_datetimes():
    parsed = v.parse_datetime(_series("2025-03-01", "2025-03-01 14:30", "2025-03-01T14:30:05Z", ""))
    assert _listed(parsed) == [
        pd.Timestamp("2025-03-01"),
        pd.Timestamp("2025-03-01 14:30"),
        pd.Timestamp("2025-03-01 14:30:05"),
        None,
    ]
    assert parsed.errors.empty


def test_other_date_formats_need_a_named_format():
    assert v.parse_date(_series("31/03/2025")).errors.index.tolist() == [0]
    parsed = v.parse_date(_series("31/03/2025"), date_format="%d/%m/%Y")
    assert _listed(parsed) == [pd.Timestamp("2025-03-31")]
    timed = v.parse_datetime(_series("31/03/2025 09:15"), date_format="%d/%m/%Y")
    assert _listed(timed) == [pd.Timestamp("2025-03-31 09:15")]


def test_date_column_refuses_a_time_of_day_but_takes_midnight():
    parsed = v.parse_date(_series("2025-03-01 00:00:00", "2025-03-01 10:00", "March 1st"))
    assert _listed(parsed)[0] == pd.Timestamp("2025-03-01")
    assert "time of day" in parsed.errors[1]
    assert "not a date" in parsed.errors[2]


def test_booleans():
    parsed = v.parse_bool(_series("true", "FALSE", "Yes", "no", "1", "0", "", "maybe"))
    assert _listed(parsed) == [True, False, True, False, True, False, None, None]
    assert parsed.errors.to_dict() == {7: v.MSG_BOOL}


def test_choices_any_case_stored_lower():
    parsed = v.parse_choice(_series("TikTok", "instagram", "myspace", ""), ["tiktok", "instagram"])
    assert _listed(parsed) == ["tiktok", "instagram", None, None]
    assert list(parsed.errors.index) == [2]


def test_a_million_counts_parse_quickly():
    import time

    cells = pd.Series([str(i) for i in range(1_000_000)], dtype="str")
    cells.iloc[::1000] = "1.5K"
    started = time.perf_counter()
    parsed = v.parse_count(cells)
    assert time.perf_counter() - started < 2.0
    assert parsed.values.iloc[0] == 1500 and parsed.values.iloc[1] == 1
    assert not math.isnan(float(parsed.values.sum()))
