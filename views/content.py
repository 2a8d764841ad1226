"""Content: typical ER and CPE by content type, platform, niche, weekday and hour of
posting, each with its post count; groups with few posts are marked, not hidden.

Wiring only: filters from the frame, cached package calls, charts and tables out.
"""

from __future__ import annotations

import streamlit as st

from campaign_roi import app_state, content, widgets
from campaign_roi.charts import results as charts
from campaign_roi.tables import summary_table

st.title("Content")

filters = app_state.current_filters()
currency = app_state.currency()
by = (
    st.segmented_control(
        "Break down by",
        list(content.BREAKDOWNS),
        format_func=content.BREAKDOWNS.get,
        default="content_type",
        key="breakdown",
        bind="query-params",
    )
    or "content_type"
)
title = content.BREAKDOWNS[by]
frame = app_state.cached(content.breakdown, by, filters)
if frame.empty or frame["posts"].sum() == 0:
    widgets.empty_state("No posts in these filters.")
    st.stop()

st.subheader(f"Typical ER and CPE by {title.lower()}")
st.plotly_chart(charts.breakdown(frame, title, currency), key="breakdown_chart")
st.caption(content.thin_caption(frame))
shown, raw = summary_table(
    frame,
    {title: [label + (" ⚠" if thin else "") for label, thin in zip(
        frame["label"], frame["thin"], strict=True)]},
    ["posts", "typical_er", "engagements", "cost", "cpe"],
    currency,
)  # fmt: skip
raw["thin"] = list(frame["thin"])
widgets.table(shown, f"content by {by}", download=raw)
unattributed = content.UNATTRIBUTED[by]
widgets.definition(
    "typical ER = median per-post ER by followers (engagements / followers_at_post); CPE = "
    "cost / engagements, cost = attributable spend + accrued commission. "
    + {
        "content_type": "Placement spend and commission have no content type: they sit in "
        f"the “{unattributed}” row.",
        "platform": "Placement cost counts under the creator's platform.",
        "niche": "Niche is the creator's: all their posts, spend and commission count under it.",
        "weekday": "Weekday of posted_at as recorded; only posts and spend tied to a post "
        "have one.",
        "hour": "Hour of posted_at as recorded (no time-zone conversion); only posts and "
        "spend tied to a post have one.",
    }[by]
)
