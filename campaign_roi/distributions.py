"""The per-post ER distribution, summarised in the database for charts.

Per-post ER by followers = engagements / followers_at_post (METRICS.md, Engagement).
Ten million posts must never travel to the browser, so everything here is a few rows
computed in SQL (queries/er_distribution.sql, er_by_followers.sql, er_trend.sql):

- er_distribution: per post tier, the quartiles, the 5th/95th percentiles (box
  whiskers), the median (= the tier's typical ER in metrics.summary), pooled ER, n;
- er_by_followers: posts in quarter-decade follower bins, median ER and count per bin;
- er_trend: least squares of log10(ER) on log10(followers) over posts with ER > 0,
  i.e. ER = 10^intercept * followers^slope.

Every function takes the same Filters as metrics.summary and reads the same
`filtered_facts`, so the numbers agree with the summary for the same filters. With
current pre-aggregates they read agg_cell and quantiles.py instead (the same figures).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from campaign_roi import aggregates, db, quantiles
from campaign_roi.metrics import Filters, query_params

BINS_PER_DECADE = 4  # as in queries/er_by_followers.sql
# er_distribution.sql's quantile_cont columns
QUANTILES = {"p05": 0.05, "q1": 0.25, "median": 0.5, "q3": 0.75, "p95": 0.95}


def _floats(frame: pd.DataFrame, keep: tuple[str, ...] = ("tier",)) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column not in keep:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def er_distribution(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per post tier (scheme order): posts, min_er, p05, q1, median, q3, p95,
    max_er, zero_er_posts, pooled_er. Posts without engagement data are left out."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    if not fast:
        return _floats(db.run_query(con, "er_distribution", params))
    frame = _floats(aggregates.run_on_cells(con, "fast_er_distribution", fast))
    by_tier = {}
    if not frame.empty:  # no tier with a post's ER: no quantile to ask for
        found = quantiles.group_quantiles(con, fast, "tier", quantiles=tuple(QUANTILES.values()))
        by_tier = {row["group_key"]: row for row in found.to_dict("records")}
    for column, q in QUANTILES.items():
        frame[column] = [float(by_tier[quantiles._key(t)][q]) for t in frame["tier"]]
    return frame


def er_by_followers(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per follower bin with posts: bin, min_followers, max_followers, posts,
    median_followers, median_er."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    if not fast:
        return _floats(db.run_query(con, "er_by_followers", params), keep=())
    found = quantiles.group_quantiles(
        con, fast, "follower_bin", measures=("er_followers", "followers")
    )
    found = found[found["group_key"].notna()]
    medians = {(r["measure"], int(r["group_key"])): r for r in found.to_dict("records")}
    bins = sorted({int(key) for key in found["group_key"]})
    frame = db.run_query(con, "fast_follower_bins", {"bins": bins})
    frame["posts"] = [medians[("followers", b)]["n"] for b in bins]
    frame["median_followers"] = [medians[("followers", b)][0.5] for b in bins]
    frame["median_er"] = [medians[("er_followers", b)][0.5] for b in bins]
    return _floats(frame, keep=())


@dataclass(frozen=True)
class Trend:
    """ER = 10^intercept * followers^slope, fitted on log10 scales (None: too few posts)."""

    slope: float | None
    intercept: float | None
    r2: float | None
    posts: int
    zero_er_posts: int
    min_followers: float | None
    max_followers: float | None

    def er_at(self, followers: float) -> float | None:
        if self.slope is None or self.intercept is None:
            return None
        return 10 ** (self.intercept + self.slope * math.log10(followers))

    def line(self, points: int = 40) -> pd.DataFrame:
        """The fitted line across the followers of the posts it was fitted on."""
        if self.slope is None or not self.min_followers or not self.max_followers:
            return pd.DataFrame({"followers": [], "er": []}, dtype="float64")
        followers = np.logspace(
            math.log10(self.min_followers), math.log10(self.max_followers), points
        )
        return pd.DataFrame({"followers": followers, "er": [self.er_at(f) for f in followers]})


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def er_trend(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> Trend:
    """The log-log least-squares trend of per-post ER on followers (posts with ER > 0)."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    row = (
        aggregates.run_on_cells(con, "fast_er_trend", fast)
        if fast
        else db.run_query(con, "er_trend", params)
    ).iloc[0]
    return Trend(
        slope=_number(row["slope"]),
        intercept=_number(row["intercept"]),
        r2=_number(row["r2"]),
        posts=int(row["posts"]),
        zero_er_posts=int(row["zero_er_posts"]),
        min_followers=_number(row["min_followers"]),
        max_followers=_number(row["max_followers"]),
    )
