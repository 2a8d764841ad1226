"""The period filter: named presets counted back from the last day with data."""

from __future__ import annotations

from datetime import date, timedelta

LAST_30, LAST_90, LAST_365, ALL_TIME, CUSTOM = (
    "Last 30 days",
    "Last 90 days",
    "Last 365 days",
    "All time",
    "Custom range",
)
PRESETS = (LAST_90, LAST_30, LAST_365, ALL_TIME, CUSTOM)
_DAYS = {LAST_30: 30, LAST_90: 90, LAST_365: 365}


def period_range(
    preset: str,
    last_day: date | None,
    custom: tuple[date, date] | None = None,
) -> tuple[date | None, date | None]:
    """Inclusive (from, to) for a preset; (None, None) means all time.

    Presets end on the last day with data rather than today, so data that stops in
    the past (an export, the demo) still shows its latest period.
    """
    if preset == CUSTOM and custom and len(custom) == 2:
        return custom[0], custom[1]
    if preset in _DAYS and last_day is not None:
        return last_day - timedelta(days=_DAYS[preset] - 1), last_day
    return None, None
