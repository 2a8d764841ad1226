"""Micro vs macro: is "hire ten micro creators instead of one macro creator" true for the
user's own campaigns? Two sides chosen by tier; engagement lift, cost-efficiency and ROAS
multiples with 95% intervals and sample sizes beside the industry's claims; N micro vs one
macro at equal followers; and a budget what-if from the observed costs.

Figures come from metrics.compare (the CLI's `compare`) and campaign_roi.planning.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign_roi import app_state, export, headlines, metrics, planning, tiers, widgets
from campaign_roi.charts import compare as compare_charts
from campaign_roi.formatting import count, money, multiple, percent
from campaign_roi.stats import MIN_PLACEMENTS, RESAMPLES

st.title("Micro vs macro")

filters = app_state.current_filters()
currency = app_state.currency()
scheme = app_state.cached(metrics.tier_scheme, filters.scheme)
default_micro, default_macro = tiers.default_sides(scheme)

# --- the sides ----------------------------------------------------------------------------
# keyed by scheme: the tiers of one scheme mean nothing in another
micro_col, macro_col = st.columns(2)
micro = micro_col.multiselect(
    "Micro side (tiers)",
    scheme.names,
    default=default_micro,
    key=f"micro_{scheme.name}",
    bind="query-params",
)
macro = macro_col.multiselect(
    "Macro side (tiers)",
    scheme.names,
    default=default_macro,
    key=f"macro_{scheme.name}",
    bind="query-params",
)
both = [t for t in scheme.names if t in micro and t in macro]
if both:
    st.error(
        f"{', '.join(both)} is on both sides. A tier can be on one side only: "
        "remove it from one of them.",
        icon=":material/block:",
    )
    st.stop()
if not micro or not macro:
    st.warning("Choose at least one tier for each side.", icon=":material/rule:")
    st.stop()

# one read of the placements serves the comparison, N vs one and the what-if
figures = app_state.cached(planning.micro_vs_macro, filters, tuple(micro), tuple(macro))
placements, comparison = figures.placements, figures.comparison
if placements.empty:
    widgets.empty_state("No placements in these filters.")
    st.stop()

neither = [t for t in scheme.names if t not in micro and t not in macro]
st.caption(
    f"Sides by placement tier ({scheme.name} scheme): a placement (one creator in one "
    "campaign) takes the tier of the creator's followers at their first post in the campaign. "
    "The shared Tier filter does not apply here: the sides choose the tiers."
    + (f" On neither side: {', '.join(neither)}." if neither else "")
)

# --- the three multiples ------------------------------------------------------------------
st.subheader("Your data against the industry's claims")
if not comparison.enough_data:
    st.warning(headlines.verdict(comparison, currency), icon=":material/data_alert:")
else:
    lift = comparison.engagement_lift
    cards = (
        (
            "Engagement lift",
            lift,
            lambda v: f"{v * 100:+.0f}%",
            "engagement_lift",
        ),
        (
            "Cost-efficiency multiple",
            comparison.cost_efficiency_multiple,
            lambda v: multiple(v, 2),
            "cost_efficiency_multiple",
        ),
        ("ROAS multiple", comparison.roas_multiple, lambda v: multiple(v, 2), "roas_multiple"),
    )
    for column, (label, estimate, fmt, name) in zip(st.columns(3), cards, strict=True):
        with column.container(border=True):
            st.metric(label, "—" if estimate.value is None else fmt(estimate.value))
            if estimate.low is not None:
                st.markdown(f"95% interval **{fmt(estimate.low)} to {fmt(estimate.high)}**")
            claim = headlines.CLAIMS.get(name)
            st.caption(
                f"Industry claim, not data: “{claim[0]}”" if claim else "No industry claim quoted."
            )
    claims = {name: ratio for name, (_, ratio) in headlines.CLAIMS.items()}
    st.plotly_chart(compare_charts.multiples(comparison, claims), width="stretch")
widgets.definition(
    "engagement lift = typical ER (micro side) / typical ER (macro side) − 1, typical ER = "
    "median per-post ER by followers; cost-efficiency multiple = CPE (macro) / CPE (micro), "
    "CPE = cost / engagements; ROAS multiple = ROAS (micro) / ROAS (macro). Intervals: 95% "
    f"percentile bootstrap, placements resampled within each side, {comparison.resamples:,} "
    f"resamples, fixed seed; a side needs at least {MIN_PLACEMENTS} placements. The chart "
    "draws the lift as its ratio (1 + lift). The claims are the figures the industry repeats, "
    "shown for reference only."
)

sides = [
    {
        "side": name,
        "tiers": ", ".join(side.tiers),
        "placements": side.placements,
        "posts": side.posts,
        "typical_er": side.typical_er,
        "cpe": side.cpe,
        "roas": side.roas,
        "cost": side.cost,
        "engagements": side.engagements,
        "revenue": side.revenue,
    }
    for name, side in (("micro", comparison.micro), ("macro", comparison.macro))
]
widgets.table(
    pd.DataFrame(
        {
            "Side": row["side"],
            "Tiers": row["tiers"],
            "Placements": count(row["placements"]),
            "Posts": count(row["posts"]),
            "Typical ER": percent(row["typical_er"], 2),
            "CPE": money(row["cpe"], currency, 3),
            "ROAS": multiple(row["roas"]),
            "Cost": money(row["cost"], currency),
            "Revenue": money(row["revenue"], currency),
        }
        for row in sides
    ),
    "micro vs macro sides",
    download=[export.comparison_record(comparison)],
)

# --- N micro vs one macro -----------------------------------------------------------------
st.subheader("N micro creators vs one macro creator at equal followers")
equal = figures.equal
if not equal.enough_data or equal.n is None:
    st.info(
        f"Not enough data: each side needs at least {MIN_PLACEMENTS} placements with followers "
        f"(micro {equal.micro.placements}, macro {equal.macro.placements}).",
        icon=":material/data_alert:",
    )
else:
    st.markdown(
        f"A typical macro placement reaches **{count(equal.macro.followers)}** followers, a "
        f"typical micro one **{count(equal.micro.followers)}**: **N = {equal.n:.1f}** micro "
        "placements reach as many followers as one macro placement."
    )
    st.plotly_chart(compare_charts.equal_followers(equal, currency), width="stretch")
    widgets.table(
        pd.DataFrame(
            [
                {
                    "": f"{equal.n:.1f} typical micro placements",
                    "Followers": count(equal.n * equal.micro.followers),
                    "Engagements": count(equal.n_micro_engagements),
                    "Cost": money(equal.n_micro_cost, currency),
                    "Revenue": money(equal.n_micro_revenue, currency),
                },
                {
                    "": "1 typical macro placement",
                    "Followers": count(equal.macro.followers),
                    "Engagements": count(equal.macro.engagements),
                    "Cost": money(equal.macro.cost, currency),
                    "Revenue": money(equal.macro.revenue, currency),
                },
            ]
        ),
        "n micro vs one macro",
        download=[
            {
                "n": equal.n,
                **{f"micro_median_{k}": getattr(equal.micro, k) for k in planning.MEDIANS},
                **{f"macro_median_{k}": getattr(equal.macro, k) for k in planning.MEDIANS},
                "n_micro_engagements": equal.n_micro_engagements,
                "n_micro_cost": equal.n_micro_cost,
                "n_micro_revenue": equal.n_micro_revenue,
            }
        ],
    )
widgets.definition(
    "a side's typical placement is the median per placement of each figure separately "
    "(followers at the first post in the campaign, engagements, cost = spend + commission, "
    "revenue). N = median followers of a macro placement / median followers of a micro "
    "placement; N micro deliver N × the micro medians, one macro the macro medians."
)

# --- budget what-if -----------------------------------------------------------------------
st.subheader("Budget what-if")
budget = st.number_input(
    f"Budget ({currency})",
    min_value=0.0,
    value=10_000.0,
    step=1_000.0,
    format="%.0f",
    key="budget",
    bind="query-params",
)
mix_default = planning.current_mix(placements, scheme.names)
st.caption(
    "Tier mix: the share of the budget for each tier (starts at your observed mix of "
    "placement cost)."
)
shares = {}
for column, tier in zip(st.columns(len(scheme.names)), scheme.names, strict=True):
    shares[tier] = column.number_input(
        f"{tier} %",
        min_value=0,
        max_value=100,
        value=mix_default.get(tier, 0),
        step=5,
        key=f"share_{scheme.name}_{tier}",
        bind="query-params",
    )
total_share = sum(shares.values())
if total_share != 100:
    st.warning(
        f"The shares add up to {total_share}%; make them add up to 100%.",
        icon=":material/percent:",
    )
else:
    mix = tuple((tier, share / 100) for tier, share in shares.items() if share > 0)
    plan = planning.what_if(placements, float(budget), dict(mix))
    for tier in plan.unpriced:
        st.warning(
            f"{tier} has no observed cost in these filters: its {shares[tier]}% of the budget "
            "is not estimated and is left out of the totals.",
            icon=":material/money_off:",
        )
    outcome_cols = st.columns(3)
    for column, (label, estimate, fmt) in zip(
        outcome_cols,
        (
            ("Expected engagements", plan.engagements, count),
            ("Expected orders", plan.orders, lambda v: f"{v:,.1f}"),
            ("Expected revenue", plan.revenue, lambda v: money(v, currency, 0)),
        ),
        strict=True,
    ):
        with column.container(border=True):
            st.metric(label, "—" if estimate.value is None else fmt(estimate.value))
            if estimate.low is not None:
                st.caption(f"95% interval {fmt(estimate.low)} to {fmt(estimate.high)}")
    if any(p.engagements.value is not None for p in plan.tiers):
        st.plotly_chart(compare_charts.what_if(plan, scheme.names), width="stretch")
    thin = [p.tier for p in plan.tiers if 0 < p.placements < MIN_PLACEMENTS]
    if thin:
        st.caption(
            f"{', '.join(thin)}: fewer than {MIN_PLACEMENTS} placements observed, so the "
            "estimate is rough (see its interval)."
        )
    table = planning.what_if_table(plan)

    def _range(row: pd.Series, name: str, fmt) -> str:
        if pd.isna(row[f"{name}_low"]):
            return "—"
        return f"{fmt(row[f'{name}_low'])} to {fmt(row[f'{name}_high'])}"

    def whole(value: float) -> str:
        return money(value, currency, 0)

    widgets.table(
        pd.DataFrame(
            {
                "Tier": "total" if pd.isna(row["tier"]) else row["tier"],
                "Share": percent(row["share"], 0),
                "Budget": money(row["budget"], currency, 0),
                "CPE": money(row.get("cpe"), currency, 3),
                "CPA": money(row.get("cpa"), currency),
                "ROAS": multiple(row.get("roas")),
                "Engagements": count(row["engagements"]),
                "Engagements, 95% interval": _range(row, "engagements", count),
                "Orders": "—" if pd.isna(row["orders"]) else f"{row['orders']:,.1f}",
                "Revenue": whole(row["revenue"]),
                "Revenue, 95% interval": _range(row, "revenue", whole),
            }
            for _, row in table.iterrows()
        ),
        "budget what-if",
        download=table,
    )
widgets.definition(
    "each tier's part of the budget buys engagements = part / CPE, orders = part / CPA and "
    "revenue = part × ROAS at the tier's observed ratios of sums over its placements "
    "(placement tier; cost = spend + commission, campaign overhead excluded). Intervals: 95% "
    f"percentile bootstrap, placements resampled within each tier, {RESAMPLES:,} resamples, "
    "fixed seed. Past results, not a forecast: prices and reach change as you buy more."
)
