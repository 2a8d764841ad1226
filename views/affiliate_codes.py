"""Affiliate codes: orders, revenue, commission, CPA and ROAS per code, creator and tier;
revenue over time with refunds apart; codes with no sales; leakage flags explained in
words (campaign_roi/codes.py has the rules). Flagged codes stay in every total.

Wiring only: filters from the frame, cached package calls, charts and tables out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign_roi import app_state, codes, creators, metrics, trends, widgets
from campaign_roi.charts import results as charts
from campaign_roi.formatting import count, money_compact
from campaign_roi.tables import summary_table

st.title("Affiliate codes")

filters = app_state.current_filters()
currency = app_state.currency()
if filters.content_types:
    st.info(
        "Orders have no content type, so a content-type filter leaves every order out. "
        "Clear the content type filter in the sidebar to see the codes.",
        icon=":material/info:",
    )
    st.stop()


# the cards' totals, the figures per code, creator or tier (as chosen last) and revenue
# over time, worked out on the second thread while this one does the codes
def figures_per(per: str) -> creators.Board | pd.DataFrame | None:
    if per == "creator":
        return app_state.cached(creators.leaderboard, filters, "Revenue", "", medians=False)
    return None if per == "code" else app_state.cached(metrics.summary, per, filters, medians=False)


app_state.ahead(lambda: app_state.cached(metrics.summary, "all", filters, medians=False))
per_last = st.session_state.get("codes_by") or "code"
app_state.ahead(lambda: figures_per(per_last))
app_state.ahead(lambda: app_state.cached(codes.orders_by_day, filters))
page = app_state.cached(codes.code_page, filters)
if page.empty:
    widgets.empty_state("No affiliate codes in these filters.")
    st.stop()

totals = app_state.cached(metrics.summary, "all", filters, medians=False).iloc[0]  # no ER here
cards = (
    ("Orders", count(totals["orders"])),
    ("Revenue", money_compact(totals["revenue"], currency)),
    ("Commission", money_compact(totals["commission"], currency)),
    ("Refunded orders", count(totals["refunded_orders"])),
    ("Refunded revenue", money_compact(totals["refunded_revenue"], currency)),
    ("Codes with no sales", f"{page.no_sales_codes:,} of {page.codes:,}"),
)
for row_start in (0, 3):
    for column, (label, value) in zip(st.columns(3), cards[row_start : row_start + 3], strict=True):
        column.metric(label, value, border=True)
widgets.definition(
    "orders = non-refunded orders through the codes; revenue = Σ their revenue; commission "
    "= revenue × commission rate + flat commission per non-refunded order. Refunded orders "
    "are counted apart and accrue no commission."
)

st.subheader("Leakage flags")
st.caption(codes.rule_caption(page.typical, page.fence))
if not page.flagged_codes:
    st.success("No code is flagged in these filters.", icon=":material/check_circle:")
else:
    shown, _ = codes.code_table(
        page.flagged,
        ["code", "handle", "campaign_name", "orders", "orders_per_1k", "why"],
        currency,
    )
    st.caption(codes.top_caption(len(shown), page.flagged_codes, "flagged codes"))
    st.dataframe(
        shown,
        hide_index=True,
        column_config={"Why flagged": st.column_config.TextColumn(width="large")},
        width="stretch",
    )
    widgets.download_table_later(codes.code_csv, (filters, "flagged"), "leakage flags")
st.plotly_chart(
    charts.leakage_scatter(
        page.points, page.cells, page.flagged_points, page.fence, page.flagged_codes
    ),
    key="leakage",
)
widgets.definition(
    "orders per 1,000 followers = non-refunded orders / the placement's followers × 1,000 "
    "(followers_at_post of the creator's first post in the campaign), per code with sales."
)

st.subheader("Figures per code, creator or tier")
per = st.segmented_control(
    "Figures per", ["code", "creator", "tier"], default="code", key="codes_by",
    bind="query-params",
) or "code"  # fmt: skip
figures = ["orders", "revenue", "commission", "cost", "cpa", "roas"]
if per == "code":
    top = page.top
    shown, _ = codes.code_table(
        top,
        ["code", "handle", "campaign_name", "tier", "orders", "revenue", "commission", "cpa",
         "roas", "refunded_orders", "refunded_revenue"],
        currency,
    )  # fmt: skip
    shown.insert(0, "⚠", ["⚠" if f else "" for f in top["leak_flag"]])
    st.caption(codes.top_caption(len(top), page.codes, "codes", "by revenue"))
    st.dataframe(shown, hide_index=True, width="stretch")
    widgets.download_table_later(codes.code_csv, (filters, "all"), "affiliate codes")
    widgets.definition(
        "a code's cost is its placement's (creator × campaign): spend tied to it or its posts "
        "plus accrued commission; CPA = cost / orders; ROAS = revenue / cost. Codes sharing a "
        "placement have no CPA or ROAS of their own (see the creator figures)."
    )
else:
    if per == "creator":  # half a million creators: the first by revenue, all in the CSV
        board = figures_per(per)
        grouped = board.rows
        st.caption(creators.board_caption(board, "", "Revenue"))
    else:
        grouped = figures_per(per)
    names = list(grouped["group_label"] if per == "creator" else grouped["group_key"])
    labels = [n if k is not None else "unattributed (campaign overhead)"
              for n, k in zip(names, grouped["group_key"], strict=True)]  # fmt: skip
    shown, raw = summary_table(grouped, {per.capitalize(): labels}, figures, currency)
    shown["Refunded orders"] = [count(v) for v in grouped["refunded_orders"]]
    raw["refunded_orders"] = list(grouped["refunded_orders"])
    if per == "creator":
        st.dataframe(shown, hide_index=True, width="stretch")
        widgets.download_table_later(
            creators.board_csv, (filters, "Revenue", "", False), "affiliate figures by creator"
        )
    else:
        widgets.table(shown, f"affiliate figures by {per}", download=raw)
    widgets.definition(
        "metrics.summary by "
        f"{per}: cost = attributable spend + accrued commission; CPA = cost / orders; ROAS = "
        "revenue / cost. Campaign overhead belongs to no creator or tier: it is the "
        "unattributed row."
    )

st.subheader("Revenue over time")
daily = app_state.cached(codes.orders_by_day, filters)
if daily.empty:
    widgets.empty_state("No orders in these filters.")
else:
    first = filters.date_from or daily["day"].min().date()
    last = filters.date_to or daily["day"].max().date()
    grain = trends.grain_for(first, last)
    series = codes.by_period(daily, grain)
    st.plotly_chart(charts.code_revenue(series, grain, currency), key="code_revenue")
    widgets.definition(
        f"revenue of non-refunded orders per {grain} by order date; refunded orders' revenue "
        "beside it, never in revenue."
    )
    widgets.download_csv(series, f"code revenue by {grain}")

st.subheader("Codes with no sales")
if not page.no_sales_codes:
    st.caption("Every code in these filters has at least one sale.")
else:
    shown, _ = codes.code_table(
        page.no_sales,
        ["code", "handle", "campaign_name", "tier", "placement_followers", "refunded_orders"],
        currency,
    )
    st.caption(codes.top_caption(len(shown), page.no_sales_codes, "codes with no sales", "by code"))
    st.dataframe(shown, hide_index=True, width="stretch")
    widgets.download_table_later(codes.code_csv, (filters, "no sales"), "codes with no sales")
    st.caption(
        "Codes whose creator posted, was paid or had orders in these filters and sold "
        "nothing (refunded orders are not sales)."
    )
