"""Cost figures for the Costs page: ratios by grouping, spend by category and level.

Ratios (CPE, CPM, CPV, CPC, CPA, cost per post) come from metrics.summary for tier,
platform, campaign and content type, so the page shows the CLI's numbers.

Pricing model is a property of spend rows, not of posts, so the pricing-model view
(queries/pricing_model_summary.sql) gives each placement (creator x campaign) one
pricing model and counts everything of that placement under it (posts, engagements,
spend, commission, orders, revenue):

- the one pricing_model its spend rows name (rows that name none, e.g. paid ads
  behind a post, do not count against it);
- "mixed" when its spend rows name more than one;
- "not stated" when it has spend but no row names a model;
- "no spend" when it has no spend row at all.

It is decided over all the placement's spend rows whatever the date filter (a deal
does not change with the period looked at). Campaign overhead belongs to no placement
and sits in the unattributed row, so the rows add up to the summary's total.

Spend by category splits spend rows by what they are tied to (METRICS.md, Cost): a
post (post_id), a placement (influencer_id, no post_id), or neither (campaign
overhead, shown as unattributed spend by tier and creator).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from campaign_roi import aggregates, db, metrics
from campaign_roi.contract import CATEGORIES
from campaign_roi.metrics import Filters, query_params

FAST_MEDIAN = {"typical_er": "er_followers"}
COST_GROUPINGS = ("tier", "platform", "campaign", "content_type", "pricing_model")
GROUPING_LABELS = {
    "tier": "Tier",
    "platform": "Platform",
    "campaign": "Campaign",
    "content_type": "Content type",
    "pricing_model": "Pricing model",
}
RATIOS = (
    # (column, label, METRICS.md formula, denominator whose coverage is partial)
    ("cpe", "CPE", "cost / engagements", None),
    ("cpm", "CPM", "cost / impressions × 1000", "impressions"),
    ("cpv", "CPV", "cost / views", "views"),
    ("cpc", "CPC", "cost / clicks", "clicks"),
    ("cpa", "CPA", "cost / orders", None),
    ("cost_per_post", "Cost per post", "cost / posts", None),
)
LEVELS = ("post", "placement", "overhead")
LEVEL_LABELS = {
    "post": "tied to a post",
    "placement": "tied to a placement",
    "overhead": "campaign overhead",
}
# What the unattributed row (group_key None) of each grouping holds.
UNATTRIBUTED = {
    "tier": "unattributed (campaign overhead)",
    "platform": "unattributed (campaign overhead)",
    "campaign": "unattributed",
    "content_type": "unattributed (placement spend, commission, overhead)",
    "pricing_model": "unattributed (campaign overhead)",
}


def cost_summary(
    con: duckdb.DuckDBPyConnection,
    by: str,
    filters: Filters | None = None,
    medians: bool = True,
) -> pd.DataFrame:
    """metrics.summary rows for `by`, or the pricing-model view; same columns and names.
    Without `medians` the typical ERs (no cost ratio needs them) are left out."""
    if by not in COST_GROUPINGS:
        raise ValueError(f"cannot group costs by {by!r}; choose one of {', '.join(COST_GROUPINGS)}")
    if by == "pricing_model":
        return pricing_model_summary(con, filters, medians)
    return metrics.summary(con, by, filters, medians=medians)


def pricing_model_summary(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, medians: bool = True
) -> pd.DataFrame:
    """One row per pricing model (see the module docstring), then the unattributed row.
    Without `medians` the typical ERs are left out."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    if not fast:
        frame = db.run_query(con, "pricing_model_summary", params)
    else:
        frame = db.run_query(con, "fast_pricing_model_summary", fast)
        if medians:
            frame = metrics.with_medians(con, frame, fast, "pricing_model", figures=FAST_MEDIAN)
    if not medians:
        frame = frame.drop(columns=[c for c in metrics.MEDIANS if c in frame])
    return metrics._to_floats(frame)


def spend_by_category(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> pd.DataFrame:
    """Long form: category, level (post | placement | overhead), spend_rows, spend."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    frame = (
        aggregates.run_on_cells(con, "fast_spend_by_category", fast)
        if fast
        else db.run_query(con, "spend_by_category", params)
    )
    frame["spend_rows"] = frame["spend_rows"].astype("int64")
    frame["spend"] = pd.to_numeric(frame["spend"]).astype("float64")
    return frame


def category_table(long: pd.DataFrame) -> pd.DataFrame:
    """Wide form: one row per category with spend (in the contract's order), a column per
    level and a total; categories without spend are left out. (Summed in a plain loop:
    a few dozen rows, where pandas' pivot_table costs 10 ms.)"""
    sums: dict[str, dict[str, float]] = {}
    for category, level, spend in zip(long["category"], long["level"], long["spend"], strict=True):
        row = sums.setdefault(category, dict.fromkeys(LEVELS, 0.0))
        row[level] = row.get(level, 0.0) + float(spend)
    order = [c for c in CATEGORIES if c in sums] + sorted(set(sums) - set(CATEGORIES))
    columns: dict[str, list] = {"category": order}
    for level in LEVELS:
        columns[level] = [sums[c][level] for c in order]
    columns["total"] = [sum(sums[c][level] for level in LEVELS) for c in order]
    return pd.DataFrame(columns)


def group_labels(frame: pd.DataFrame, by: str, short: bool = False) -> list[str]:
    """The label of each row: its group (campaign name for campaigns), or what the
    unattributed row holds ("unattributed" alone when `short`, for chart axes)."""
    labels = []
    for key, label in zip(frame["group_key"], frame["group_label"], strict=True):
        if key is None:
            labels.append("unattributed" if short else UNATTRIBUTED[by])
        elif by == "pricing_model":
            labels.append(str(key).replace("_", " "))
        else:
            labels.append(str(label if label is not None else key))
    return labels


def coverage_note(row: pd.Series, denominator: str) -> str | None:
    """ "impressions known for 62% of posts" when the denominator is partly unknown."""
    share = row.get(f"{denominator}_coverage")
    if share is None or pd.isna(share) or share >= 1:
        return None
    return f"{denominator} known for {share:.0%} of posts"


def ratio_notes(total: pd.Series) -> dict[str, str]:
    """Coverage notes for the ratio panels, from the all-groups row of the summary."""
    notes = {}
    for column, _, _, denominator in RATIOS:
        note = coverage_note(total, denominator) if denominator else None
        if note:
            notes[column] = note
    return notes
