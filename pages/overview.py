"""Overview: the headline figures for the whole database (the full page comes later)."""

from __future__ import annotations

import streamlit as st

from campaign_roi import app_state
from campaign_roi.formatting import count, money, multiple, percent

st.title("Overview")

currency = app_state.settings().get("reporting_currency") or "USD"
totals = app_state.summary("all", app_state.current_filters())
if totals.empty:
    st.info(
        "This database has no posts, spend or orders yet. "
        "Import your data with `python -m campaign_roi import`."
    )
    st.stop()
row = totals.iloc[0]

spend_col, posts_col, eng_col, er_col = st.columns(4)
spend_col.metric("Spend (cost)", money(row["cost"], currency), border=True)
posts_col.metric("Posts", count(row["posts"]), border=True)
eng_col.metric("Engagements", count(row["engagements"]), border=True)
er_col.metric("Typical ER", percent(row["typical_er"], 2), border=True)

cpe_col, revenue_col, roas_col, roi_col = st.columns(4)
cpe_col.metric("CPE", money(row["cpe"], currency, decimals=3), border=True)
revenue_col.metric("Revenue", money(row["revenue"], currency), border=True)
roas_col.metric("ROAS", multiple(row["roas"]), border=True)
roi_col.metric("ROI", percent(row["roi"]), border=True)

st.caption(
    "Cost = attributable spend + accrued commission; typical ER = median per-post ER by "
    "followers; CPE = cost / engagements; ROAS = revenue / cost; ROI = (revenue − cost) / cost. "
    "Revenue and orders exclude refunds. A dash means no value (nothing to divide by)."
)
