"""Tiers: per-post ER by tier as a distribution, ER against followers with its trend
and published benchmarks, posts/spend/revenue per tier, and tier x platform.

Wiring only: filters from the frame, cached package calls, charts and tables out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign_roi import app_state, benchmarks, distributions, metrics, widgets
from campaign_roi.charts import tiers as charts
from campaign_roi.formatting import count, percent
from campaign_roi.tables import summary_table

st.title("Tiers")

filters = app_state.current_filters()
currency = app_state.currency()
scheme = app_state.cached(metrics.tier_scheme, filters.scheme)


def cross_table() -> pd.DataFrame:
    return app_state.summary("tier", filters, then_by="platform", medians=metrics.SHOWN_MEDIANS)


def followers_chart() -> tuple[pd.DataFrame, distributions.Trend | None]:
    bins = app_state.cached(distributions.er_by_followers, filters)
    return bins, app_state.cached(distributions.er_trend, filters) if not bins.empty else None


# the last table, worked out on the second thread while this one does the first
app_state.ahead(cross_table)
by_tier = app_state.summary("tier", filters, medians=metrics.SHOWN_MEDIANS)
if by_tier.empty:
    widgets.empty_state("No posts, spend or orders for these filters.")
    st.stop()


def tier_label(key: str | None) -> str:
    return "unattributed (campaign overhead)" if key is None else key


# no post in the filters (spend or orders only): no ER to chart, and none asked for
posted = bool(by_tier["posts"].fillna(0).sum())
if posted:  # the second chart's answers meanwhile (after the table's, on that thread)
    app_state.ahead(followers_chart)

st.subheader("Engagement rate by tier")
dist = app_state.cached(distributions.er_distribution, filters) if posted else None
if dist is None or dist.empty:
    widgets.empty_state("No posts with engagement data for these filters.")
else:
    st.plotly_chart(charts.er_box(dist, scheme.names), key="er_box")
    zero = int(dist["zero_er_posts"].sum())
    widgets.definition(
        "per-post ER by followers = engagements (likes + comments + shares + saves) / "
        "followers_at_post, by the post's tier. Box: quartiles; whiskers: 5th and 95th "
        "percentiles; line and label: typical ER = the median per-post ER (the default "
        "everywhere); diamond: pooled ER = Σ engagements / Σ followers_at_post, shown "
        "beside it, not instead of it. Posts without engagement data are left out"
        + (f"; {zero} posts with ER 0 are drawn at the bottom of the log axis." if zero else ".")
    )
    shown, _ = summary_table(
        dist.rename(columns={"median": "typical_er"}),
        {"Tier": list(dist["tier"])},
        ["posts", "typical_er", "pooled_er"],
        currency,
    )
    shown.insert(2, "5th pct", [percent(v, 2) for v in dist["p05"]])
    shown.insert(3, "Q1", [percent(v, 2) for v in dist["q1"]])
    shown.insert(5, "Q3", [percent(v, 2) for v in dist["q3"]])
    shown.insert(6, "95th pct", [percent(v, 2) for v in dist["p95"]])
    shown = shown.rename(columns={"Posts": "Posts with ER"})
    widgets.table(shown, "er-distribution-by-tier", download=dist)

st.subheader("Engagement rate against followers")
show_published = st.toggle(
    "Show published benchmarks", key="benchmarks", bind="query-params", value=False
)
bins, trend = followers_chart() if posted else (None, None)
if bins is None or bins.empty:
    widgets.empty_state("No posts with engagement data for these filters.")
else:
    published = benchmarks.load() if show_published else None
    figure = charts.er_vs_followers(
        bins,
        trend.line(),
        trend.slope,
        benchmarks.series(published) if published is not None else (),
        [(t.name, t.min_followers) for t in scheme.tiers],
    )
    st.plotly_chart(figure, key="er_followers")
    trend_text = (
        f"Trend: ER ∝ followers^{trend.slope:.2f} (least squares of log ER on log followers "
        f"over {count(trend.posts)} posts with ER > 0, R² {trend.r2:.2f})"
        if trend.slope is not None
        else "Trend: not enough posts with ER > 0 to fit one"
    )
    widgets.definition(
        "per-post ER by followers; each point is the median (typical) ER of the posts in a "
        f"quarter-decade follower bin, its area the number of posts. {trend_text}."
    )
    if published is not None:
        st.caption(
            "Published figures are for reference only and never mixed into your numbers. "
            "Their definitions differ from yours (likes + comments + shares + saves over "
            "followers, per post): " + "; ".join(benchmarks.definitions(published)) + "."
        )
        with st.expander("Published benchmarks and their sources"):
            widgets.table(published, "published-benchmarks")

st.subheader("Posts, spend and revenue per tier")
st.plotly_chart(charts.tier_totals(by_tier, scheme.names, currency), key="tier_totals")
widgets.definition(
    "posts by the post's tier; placements (creator × campaign) by the placement tier; "
    "cost = attributable spend + accrued commission; revenue = non-refunded orders through "
    "the tier's codes. Campaign overhead belongs to no tier and is shown as unattributed."
)
figures = ["posts", "placements", "typical_er", "pooled_er", "cost", "cpe", "revenue", "roas"]
labels = [tier_label(k) for k in by_tier["group_key"]]
shown, raw = summary_table(by_tier, {"Tier": labels}, figures, currency)
widgets.table(shown, "tiers", download=raw)

st.subheader("Tier × platform")
cross = cross_table()
keys = {
    "Tier": [tier_label(k) for k in cross["group_key"]],
    "Platform": ["—" if k is None else k for k in cross["group_key2"]],
}
shown, raw = summary_table(cross, keys, figures, currency)
widgets.table(shown, "tier-by-platform", download=raw)
widgets.definition(
    "the figures above for each tier and platform; typical ER = median per-post ER, "
    "pooled ER = Σ engagements / Σ followers_at_post; CPE = cost / engagements; "
    "ROAS = revenue / cost."
)
