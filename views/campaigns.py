"""Campaigns: every campaign side by side (no date cap), then one campaign in depth:
objective vs outcome, budget pacing, the timeline of posts and orders, its creators with
their results, and its spend by category.

Wiring only: filters from the frame, cached package calls, charts and tables out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign_roi import app_state, campaigns, costs, widgets
from campaign_roi.charts import results as charts
from campaign_roi.formatting import count, money, percent
from campaign_roi.tables import raw_table, summary_table

st.title("Campaigns")

filters = app_state.current_filters()
currency = app_state.currency()
table = app_state.cached(campaigns.comparison, filters)
if table.empty:
    widgets.empty_state("No campaigns in these filters.")
    st.stop()

st.caption(
    "No date cap on this page: the period chosen in the sidebar is ignored, so each "
    "campaign is seen whole. The other filters (brand, campaign, platform, content type, "
    "tier) apply."
)
st.subheader("All campaigns")
shown, raw = summary_table(
    table,
    {"Campaign": list(table["name"])},
    ["spend", "posts", "placements", "engagements", "cpe", "revenue", "roas", "roi"],
    currency,
)
shown.insert(1, "Budget", [money(v, currency) for v in table["budget"]])
shown.insert(3, "Spend / budget", [percent(v, 0) for v in table["spend_share"]])
shown = shown.rename(columns={"Placements": "Creators"})
shown["Objective"] = table["objective"].fillna("—").tolist()
raw.insert(1, "campaign_id", list(table["campaign_id"]))
raw.insert(2, "budget", list(table["budget"]))
raw.insert(3, "spend_share", list(table["spend_share"]))
raw["objective"] = list(table["objective"])
widgets.table(shown, "campaigns", download=raw)
widgets.definition(
    "spend = spend rows incl. campaign overhead (commission is computed from sales, not "
    "budgeted); spend / budget = spend ÷ budget; creators = placements (creator × campaign); "
    "CPE = cost / engagements with cost = spend + accrued commission; ROAS = revenue / cost; "
    "ROI = (revenue − cost) / cost."
)

st.subheader("One campaign in depth")
names = dict(zip(table["campaign_id"], table["name"], strict=True))
chosen = st.selectbox(
    "Campaign",
    list(names),
    format_func=lambda cid: f"{names[cid]} ({cid})",
    key="show_campaign",
    bind="query-params",
)
row = table.set_index("campaign_id").loc[chosen]
st.markdown(campaigns.objective_outcome(row, currency).replace("$", "\\$"))
daily = app_state.cached(campaigns.daily, chosen, filters)
if daily.empty:
    widgets.empty_state("This campaign has no posts, spend or orders in these filters.")
    st.stop()

left, right = st.columns(2)
with left:
    st.markdown("**Budget pacing**")
    budget = None if pd.isna(row["budget"]) else float(row["budget"])
    st.plotly_chart(charts.budget_pacing(daily, budget, currency), key="pacing")
    st.caption(campaigns.pacing_caption(row, currency))
with right:
    grain, steps = campaigns.timeline(daily)
    st.markdown(f"**Posts and orders per {grain}**")
    st.plotly_chart(charts.campaign_timeline(steps, grain), key="timeline")
    st.caption(
        f"{count(daily['posts'].sum())} posts by posted_at and "
        f"{count(daily['orders'].sum())} non-refunded orders by ordered_at."
    )
widgets.definition(
    "cumulative spend = spend rows summed by spent_on (commission not included); the "
    "dashed line is the campaign's budget."
)
widgets.download_csv(daily, f"{chosen} by day", key="download-campaign-days")

st.markdown("**Its creators**")
people = app_state.cached(campaigns.creators, chosen, filters)
listed = campaigns.shown_creators(people)
figures = ["posts", "typical_er", "engagements", "cost", "cpe", "orders", "revenue", "roas"]
shown, _ = summary_table(listed, {"Creator": campaigns.creator_labels(listed)}, figures, currency)
raw = raw_table(people, {"Creator": campaigns.creator_labels(people)}, figures)
raw.insert(1, "influencer_id", list(people["group_key"]))
st.caption(campaigns.creators_caption(people, listed))
widgets.table(shown, f"{chosen} creators", download=raw)
widgets.definition(
    "metrics.summary by creator within the campaign: cost = attributable spend + accrued "
    "commission; typical ER = median per-post ER by followers; campaign overhead is the "
    "unattributed row."
)

st.markdown("**Spend by category**")
spend = app_state.cached(costs.spend_by_category, campaigns.scoped(chosen, filters))
if spend.empty:
    widgets.empty_state("No spend recorded for this campaign in these filters.")
else:
    wide = costs.category_table(spend)
    on_screen = wide.rename(
        columns={
            "category": "Category",
            "post": "Tied to a post",
            "placement": "Tied to a placement",
            "overhead": "Campaign overhead",
            "total": "Total",
        }
    )
    for column in on_screen.columns[1:]:
        on_screen[column] = [money(v, currency) for v in on_screen[column]]
    widgets.table(on_screen, f"{chosen} spend by category", download=wide)
    widgets.definition(
        "spend rows by category and by what they are tied to: a post, a placement "
        "(creator × campaign), or neither (campaign overhead)."
    )
