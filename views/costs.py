"""Costs: CPE, CPM, CPV, CPC, CPA and cost per post by a grouping chosen on the page
(tier, platform, campaign, content type, pricing model), and spend by category split
into spend tied to a post, to a placement, and campaign overhead.

Wiring only: filters from the frame, cached package calls, charts and tables out.
"""

from __future__ import annotations

import streamlit as st

from campaign_roi import app_state, costs, metrics, widgets
from campaign_roi.charts import costs as charts
from campaign_roi.formatting import money, money_compact
from campaign_roi.tables import summary_table

st.title("Costs")

filters = app_state.current_filters()
currency = app_state.currency()
# the ratio table (by the grouping chosen last) and spend by category, worked out on the
# second thread while this one does the cards
grouping = st.session_state.get("cost_by") or "tier"
app_state.ahead(lambda: app_state.cached(costs.cost_summary, grouping, filters, medians=False))
app_state.ahead(lambda: app_state.cached(costs.spend_by_category, filters))
total = app_state.summary("all", filters, medians=False)  # the cards show sums only
if total.empty:
    widgets.empty_state("No posts, spend or orders for these filters.")
    st.stop()
total = total.iloc[0]

cards = (
    ("Spend", "spend", "Every spend row in the filters, by its own date."),
    ("Commission", "commission", "Accrued on non-refunded orders; computed, never entered."),
    ("Cost", "cost", "Cost = attributable spend + accrued commission."),
    (
        "Unattributed spend",
        "overhead_spend",
        "Campaign overhead: spend tied to no creator. It counts in campaign and overall "
        "totals and is shown as unattributed by tier, platform and pricing model.",
    ),
)
for column, (label, figure, note) in zip(st.columns(len(cards)), cards, strict=True):
    column.metric(
        label,
        money_compact(total[figure], currency),
        border=True,
        help=f"{money(total[figure], currency)}. {note}",
    )

st.subheader("Cost ratios")
by = st.segmented_control(
    "Group by",
    costs.COST_GROUPINGS,
    format_func=costs.GROUPING_LABELS.get,
    default="tier",
    required=True,
    key="cost_by",
    bind="query-params",
)
frame = app_state.cached(costs.cost_summary, by, filters, medians=False)  # no ratio needs them
labels = costs.group_labels(frame, by)
tiers = app_state.cached(metrics.tier_scheme, filters.scheme).names if by == "tier" else None
colours = charts.group_colors(list(frame["group_key"]), tiers)
notes = costs.ratio_notes(total)
short = costs.group_labels(frame, by, short=True)
st.plotly_chart(charts.ratio_bars(frame, short, colours, notes, currency), key="cost_ratios")
widgets.definition(
    "cost = attributable spend + accrued commission; "
    + "; ".join(f"{label} = {formula}" for _, label, formula, _ in costs.RATIOS)
    + ". Each is a ratio of sums over the group; no bar means no value (nothing to divide by)."
    + (" Coverage: " + "; ".join(notes.values()) + "." if notes else "")
)
if by == "pricing_model":
    st.caption(
        "Pricing model is set on spend rows, so each placement (creator × campaign) takes "
        "the one pricing model its spend rows name, and all its posts, engagements, spend, "
        "commission and orders count under it; 'mixed' when its rows name several, "
        "'not stated' when none names one, 'no spend' when it has no spend. Rows naming no "
        "model (such as paid ads behind a post) do not make a placement mixed. Campaign "
        "overhead has no placement and stays unattributed."
    )
figures = [
    "posts", "placements", "cost", "cpe", "cpm", "impressions_coverage", "cpv",
    "views_coverage", "cpc", "clicks_coverage", "cpa", "cost_per_post",
]  # fmt: skip
shown, raw = summary_table(frame, {costs.GROUPING_LABELS[by]: labels}, figures, currency)
widgets.table(shown, f"costs-by-{by}", download=raw)

st.subheader("Spend by category")
long = app_state.cached(costs.spend_by_category, filters)
if long.empty:
    widgets.empty_state("No spend for these filters.")
else:
    st.plotly_chart(charts.spend_by_category(long, currency), key="spend_by_category")
    widgets.definition(
        "spend rows by category (fee, product, bonus, agency, ads, other) and by what they "
        "are tied to: a post (post_id), a placement (creator × campaign, no post), or "
        "campaign overhead (neither; unattributed to creators and tiers). Commission is "
        f"computed, not entered, and comes on top: {money(total['commission'], currency)}."
    )
    table = costs.category_table(long)
    shown = table.rename(
        columns={
            "category": "Category",
            **{k: v.capitalize() for k, v in costs.LEVEL_LABELS.items()},
        }
    )
    shown = shown.rename(columns={"total": "Total"})
    for column in shown.columns[1:]:
        shown[column] = [money(v, currency) for v in shown[column]]
    widgets.table(shown, "spend-by-category", download=table)
