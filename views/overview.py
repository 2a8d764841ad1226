"""Overview, for executives: the headline figures of the filtered period with their change
against the previous period of equal length, the micro-vs-macro verdict in one sentence,
cost and revenue over time, and the best and worst campaigns by ROAS.

Every number comes from metrics.summary / metrics.compare (what the CLI prints).
"""

from __future__ import annotations

import streamlit as st

from campaign_roi import app_state, export, headlines, metrics, trends, widgets
from campaign_roi.charts import overview as overview_charts

st.title("Overview")

filters = app_state.current_filters()
currency = app_state.currency()
previous_filters = filters.previous_period()
# The previous period's figures and the comparison are worked out on the second thread
# while this one works out the period's figures, the series and the campaigns' ranking
# (asked before the verdict is drawn, so that neither thread waits long for the other:
# BENCHMARKS.md, twenty-second session). Streamlit draws in call order, not work order.
if previous_filters:
    app_state.ahead(
        lambda: app_state.summary("all", previous_filters, medians=metrics.SHOWN_MEDIANS)
    )
app_state.ahead(lambda: app_state.cached(metrics.compare, filters=filters))
# the period's figures and every campaign's (ranked below, without medians) in one
# statement: the campaigns' sums add up to the period's (metrics.summary_with_total)
totals, by_campaign = app_state.cached(
    metrics.summary_with_total, "campaign", filters, False, metrics.SHOWN_MEDIANS
)
if totals.empty:
    if app_state.summary("all", metrics.Filters(), medians=False).empty:
        st.info(
            "This database has no posts, spend or orders yet. "
            "Import your data with `python -m campaign_roi import`."
        )
    else:
        widgets.empty_state("No posts, spend or orders in these filters.")
    st.stop()

# --- headline figures ---------------------------------------------------------------------
previous = (
    app_state.summary("all", previous_filters, medians=metrics.SHOWN_MEDIANS)
    if previous_filters
    else None
)
cards = headlines.kpi_cards(totals, previous, currency)
for row_start in (0, 4):
    for column, card in zip(st.columns(4), cards[row_start : row_start + 4], strict=True):
        column.metric(
            card.label,
            card.value,
            delta=card.delta,
            delta_color=card.delta_color,
            border=True,
            height="stretch",  # cards of a row keep one height, with or without a delta
        )
if previous_filters is None:
    st.caption(
        "All time is selected: there is no previous period to compare with, so the cards "
        "show no change. Pick a period in the sidebar to see changes."
    )
else:
    days = (previous_filters.date_to - previous_filters.date_from).days + 1
    st.caption(
        f"Changes compare {filters.date_from:%d %b %Y} – {filters.date_to:%d %b %Y} with the "
        f"{days:,} days before ({previous_filters.date_from:%d %b %Y} – "
        f"{previous_filters.date_to:%d %b %Y}); a change in cost or CPE is red when it goes up. "
        "No change is shown where either period has no value."
    )
widgets.definition(
    "cost = attributable spend + campaign overhead + accrued commission; typical ER = median "
    "per-post ER by followers; CPE = cost / engagements; revenue = non-refunded orders' "
    "revenue; ROAS = revenue / cost; ROI = (revenue − cost) / cost. Each fact counts by its "
    "own date (posts, spend, orders). A dash means no value (nothing to divide by)."
)

# worked out here while the second thread works out the comparison; drawn below it
series = app_state.cached(trends.spend_and_revenue, filters)
# every campaign ranked without medians (the tables show none; their CSVs work out the
# typical ERs of their campaigns when clicked: ranked_csv below)
ranking = headlines.rank_campaigns(by_campaign)

# --- micro vs macro -----------------------------------------------------------------------
st.subheader("Micro vs macro creators")
# drawn last, in its place here: the chart and the ranking below are drawn while the
# second thread still works out the comparison (at a cold start the bootstrap's first
# run), rather than after it
verdict_slot = st.container()

# --- over time ----------------------------------------------------------------------------
st.subheader(f"Cost and revenue by {series.grain}")
st.plotly_chart(
    overview_charts.spend_vs_revenue(series.frame, series.grain, currency), width="stretch"
)
widgets.definition(
    "cost (spend + overhead + commission) and revenue per "
    f"{'week (starting Monday)' if series.grain == 'week' else 'month'}; spend by the day it "
    "was spent, commission and revenue by the order's day. By week for periods up to "
    f"{trends.WEEKLY_MAX_DAYS} days, else by month; the first and last may be partial."
)
widgets.download_csv(series.frame, f"cost and revenue by {series.grain}")

# --- campaigns ----------------------------------------------------------------------------


def ranked_csv(con, rows):
    """A best or worst table's CSV: its campaigns' figures with their typical ERs."""
    shown = headlines.ranked_filters(filters, rows)
    typical = metrics.typical_ers(con, "campaign", shown, metrics.SHOWN_MEDIANS)
    return export.summary_records(
        headlines.with_typical_ers(rows, typical), "campaign", details=False
    )


st.subheader("Best and worst campaigns by ROAS")
st.caption(headlines.ranking_caption(ranking))
if ranking.ranked == 0:
    widgets.empty_state("No campaign in these filters has a cost to compute a ROAS from.")
else:
    st.plotly_chart(overview_charts.campaign_roas(ranking.best, ranking.worst), width="stretch")
    columns = {
        "group_label": "Campaign",
        "roas": "ROAS",
        "roi": "ROI",
        "cost": "Cost",
        "revenue": "Revenue",
        "posts": "Posts",
    }
    money_format = "dollar" if currency == "USD" else "%,.2f"
    config = {
        "ROAS": st.column_config.NumberColumn(format="%.2f×"),
        "ROI": st.column_config.NumberColumn(format="%.1f%%"),  # shown in percent
        "Cost": st.column_config.NumberColumn(format=money_format),
        "Revenue": st.column_config.NumberColumn(format=money_format),
        "Posts": st.column_config.NumberColumn(format="localized"),
    }
    for title, rows in (("Best", ranking.best), ("Worst", ranking.worst)):
        if rows.empty:
            continue
        st.markdown(f"**{title}**")
        widgets.table_download_later(
            rows[list(columns)].assign(roi=rows["roi"] * 100).rename(columns=columns),
            f"{title} campaigns by ROAS",
            config,
            ranked_csv,
            (rows,),
        )
widgets.definition(
    "ROAS = revenue / cost per campaign, campaign overhead included; campaigns with no cost "
    "have no ROAS and are not ranked."
)

with verdict_slot:
    comparison = app_state.cached(metrics.compare, filters=filters)
    # "$" would start LaTeX in Markdown
    st.markdown(headlines.verdict(comparison, currency).replace("$", "\\$"))
    widgets.definition(
        f"sides by placement tier: micro = {', '.join(comparison.micro.tiers)}; macro = "
        f"{', '.join(comparison.macro.tiers)}. Cost-efficiency multiple = CPE (macro) / CPE "
        "(micro); engagement lift = typical ER (micro) / typical ER (macro) − 1; ROAS "
        "multiple = ROAS (micro) / ROAS (macro); 95% percentile bootstrap intervals over "
        f"placements ({comparison.resamples:,} resamples). Campaign overhead belongs to no "
        "side. Choose the sides on the Micro vs macro page."
    )
