"""Filters in, METRICS.md figures out: the one implementation behind the CLI and every page.

A `Filters` value becomes named query parameters; the SQL in queries/ does the work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from campaign_roi import db
from campaign_roi.stats import Comparison, compare_sides
from campaign_roi.tiers import Tier, TierScheme, default_sides

GROUPINGS = ("all", "tier", "campaign", "brand", "platform", "content_type", "creator")

# The figures of a summary row, in METRICS.md's snake_case names (the CLI's JSON keys).
SUMMARY_FIGURES = (
    "posts",
    "placements",
    "engagements",
    "typical_er",
    "pooled_er",
    "cost",
    "cpe",
    "cpm",
    "cpv",
    "cpc",
    "cpa",
    "cost_per_post",
    "orders",
    "revenue",
    "commission",
    "conversion_rate",
    "roas",
    "roi",
)
# Shown beside the figures: what they are made of, and how complete the denominators are.
DETAIL_FIGURES = (
    "spend",
    "overhead_spend",
    "posts_without_engagement",
    "typical_er_reach",
    "typical_er_views",
    "impressions",
    "views",
    "reach",
    "clicks",
    "impressions_coverage",
    "views_coverage",
    "reach_coverage",
    "clicks_coverage",
    "refunded_orders",
    "refunded_revenue",
    "profit_roi",
)


@dataclass(frozen=True)
class Filters:
    """The shared filters. None means "no filter"; dates are inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    campaigns: tuple[str, ...] | None = None
    brands: tuple[str, ...] | None = None
    platforms: tuple[str, ...] | None = None
    tiers: tuple[str, ...] | None = None
    content_types: tuple[str, ...] | None = None
    creators: tuple[str, ...] | None = None
    scheme: str | None = None  # None: the database's tier_scheme setting

    def previous_period(self) -> Filters | None:
        """The period of equal length just before this one (None without both dates)."""
        if self.date_from is None or self.date_to is None:
            return None
        length = (self.date_to - self.date_from).days + 1
        return replace(
            self,
            date_from=self.date_from - timedelta(days=length),
            date_to=self.date_from - timedelta(days=1),
        )


def query_params(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, Any]:
    """Bindable parameters for a filter set; lists as lists, scheme and margin resolved."""
    settings = db.get_settings(con)
    params: dict[str, Any] = {}
    for field in fields(filters):
        value = getattr(filters, field.name)
        params[field.name] = list(value) if isinstance(value, tuple) else value
    params["scheme"] = filters.scheme or settings["tier_scheme"]
    margin = settings.get("gross_margin")
    params["gross_margin"] = float(margin) if margin not in (None, "") else None
    return params


def summary(
    con: duckdb.DuckDBPyConnection,
    by: str = "all",
    filters: Filters | None = None,
    then_by: str | None = None,
) -> pd.DataFrame:
    """One row per group with every METRICS.md figure (NaN = no value).

    A last row whose group_key is None holds what cannot be attributed to the
    grouping (e.g. campaign overhead when grouping by tier). With `then_by`, one row
    per pair of groups (group_key, group_key2), e.g. tier x platform.
    """
    for name in (by, then_by):
        if name is not None and name not in GROUPINGS:
            raise ValueError(f"cannot group by {name!r}; choose one of {', '.join(GROUPINGS)}")
    params = query_params(con, filters or Filters())
    params["by"] = by
    params["then_by"] = then_by or "none"
    frame = db.run_query(con, "summary", params)
    if then_by is None:
        frame = frame.drop(columns="group_key2")
    return _to_floats(frame)


def _to_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """DECIMAL sums arrive as object columns of Decimal; figures are plain floats."""
    out = frame.copy()
    for column in out.columns:
        if column in ("group_key", "group_label", "group_key2"):
            # plain objects, so the unattributed group's key is None rather than NaN
            out[column] = out[column].astype(object).where(out[column].notna(), None)
        else:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def tier_scheme(con: duckdb.DuckDBPyConnection, name: str | None = None) -> TierScheme:
    """A tier scheme as stored in the database (default: the tier_scheme setting)."""
    scheme_name = name or db.get_settings(con)["tier_scheme"]
    rows = db.run_query(con, "tier_scheme", {"scheme": scheme_name})
    if rows.empty:
        raise ValueError(f"there is no tier scheme called {scheme_name!r}")
    return TierScheme(
        scheme_name,
        tuple(
            Tier(
                r.tier,
                int(r.min_followers),
                None if pd.isna(r.max_followers) else int(r.max_followers),
            )
            for r in rows.itertuples()
        ),
    )


def placements(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per placement in the filters (queries/placements.sql): tier, followers,
    posts, engagements, cost, revenue, orders as floats, and the per-post ERs."""
    frame = db.run_query(con, "placements", query_params(con, filters or Filters()))
    for column in ("placement_followers", "posts", "engagements", "cost", "revenue", "orders"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def compare(
    con: duckdb.DuckDBPyConnection,
    micro: Sequence[str] | None = None,
    macro: Sequence[str] | None = None,
    filters: Filters | None = None,
) -> Comparison:
    """Micro side vs macro side by placement tier (default: tiers under 100k vs from 100k up)."""
    filters = filters or Filters()
    params = query_params(con, filters)
    scheme = tier_scheme(con, params["scheme"])
    default_micro, default_macro = default_sides(scheme)
    micro_tiers = tuple(micro) if micro else tuple(default_micro)
    macro_tiers = tuple(macro) if macro else tuple(default_macro)
    unknown = sorted(set(micro_tiers + macro_tiers) - set(scheme.names))
    if unknown:
        raise ValueError(
            f"unknown tier {', '.join(unknown)}: the {scheme.name} scheme has "
            f"{', '.join(scheme.names)}"
        )
    if set(micro_tiers) & set(macro_tiers):
        raise ValueError("a tier cannot be on both sides of the comparison")
    placements = db.run_query(con, "placements", params)
    return compare_sides(placements, micro_tiers, macro_tiers)
