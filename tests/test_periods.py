"""Period presets count back from the last day with data."""

from datetime import date

from campaign_roi import periods


def test_presets_end_on_the_last_day_with_data():
    last = date(2026, 1, 15)
    assert periods.period_range(periods.LAST_30, last) == (date(2025, 12, 17), last)
    assert periods.period_range(periods.LAST_90, last) == (date(2025, 10, 18), last)
    assert periods.period_range(periods.ALL_TIME, last) == (None, None)
    assert periods.period_range(periods.LAST_90, None) == (None, None)  # empty database


def test_custom_range_needs_both_ends():
    span = (date(2025, 3, 1), date(2025, 3, 31))
    assert periods.period_range(periods.CUSTOM, date(2026, 1, 1), span) == span
    assert periods.period_range(periods.CUSTOM, date(2026, 1, 1), (date(2025, 3, 1),)) == (
        None,
        None,
    )
