"""Content: typical ER and CPE by content type, platform, niche, weekday and hour of
posting, each with its post count, so a thin cell (under THIN_POSTS posts) is marked
rather than over-read.

Content type and platform are metrics.summary groupings (the CLI's numbers); niche,
weekday and hour come from queries/content_breakdown.sql with the same filters and
definitions. Each has a last row (group_key None) for what it cannot attribute.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from campaign_roi import aggregates, db, metrics
from campaign_roi.metrics import Filters, query_params

THIN_POSTS = 10
BREAKDOWNS = {
    "content_type": "Content type",
    "platform": "Platform",
    "niche": "Niche",
    "weekday": "Weekday",
    "hour": "Hour of posting",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
UNATTRIBUTED = {
    "content_type": "unattributed (placement spend, commission, overhead)",
    "platform": "unattributed (campaign overhead)",
    "niche": "unattributed (campaign overhead)",
    "weekday": "unattributed (placement spend, commission, overhead)",
    "hour": "unattributed (placement spend, commission, overhead)",
}
COLUMNS = ("group_key", "posts", "typical_er", "engagements", "cost", "cpe", "orders", "revenue")


def breakdown(
    con: duckdb.DuckDBPyConnection, by: str, filters: Filters | None = None
) -> pd.DataFrame:
    """One row per group of `by` (BREAKDOWNS): COLUMNS, then label and thin."""
    if by not in BREAKDOWNS:
        raise ValueError(f"cannot break content down by {by!r}; choose one of {list(BREAKDOWNS)}")
    if by in ("content_type", "platform"):
        frame = metrics.summary(con, by, filters, medians=metrics.SHOWN_MEDIANS)[list(COLUMNS)]
    else:
        params = query_params(con, filters or Filters())
        params["dimension"] = by
        fast = aggregates.fast_params(con, params)
        if fast:
            frame = aggregates.run_on_cells(con, "fast_content_breakdown", fast)
            frame = metrics.with_medians(
                con, frame, fast, by, figures={"typical_er": "er_followers"}
            )
        else:
            frame = db.run_query(con, "content_breakdown", params)
        frame = metrics._to_floats(frame)
        frame = frame[list(COLUMNS)]
    frame = frame.copy()
    frame["label"] = [label(by, key) for key in frame["group_key"]]
    frame["thin"] = (frame["posts"] < THIN_POSTS) & frame["group_key"].notna()
    return frame


def label(by: str, key: str | None) -> str:
    """How a group reads: weekday names, hours as 00:00, the unattributed row in words."""
    if key is None:
        return UNATTRIBUTED[by]
    if by == "weekday":
        return WEEKDAYS[int(key) - 1]
    if by == "hour":
        return f"{int(key):02d}:00"
    return str(key)


def thin_caption(frame: pd.DataFrame) -> str:
    thin = frame[frame["thin"]]
    if thin.empty:
        return f"Every group has at least {THIN_POSTS} posts."
    return (
        f"{len(thin)} group(s) with fewer than {THIN_POSTS} posts are marked ⚠ and drawn pale: "
        f"{', '.join(thin['label'])}. Read them with care."
    )
