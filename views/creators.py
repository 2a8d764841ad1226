"""Creators: a leaderboard with a search box and a sort order (both in the URL), then one
creator's history across campaigns: follower growth, their posts, what they cost.

Wiring only: filters from the frame, cached package calls, charts and tables out.
"""

from __future__ import annotations

import streamlit as st

from campaign_roi import app_state, creators, widgets
from campaign_roi.charts import results as charts
from campaign_roi.formatting import count, money, percent
from campaign_roi.tables import summary_table

st.title("Creators")

filters = app_state.current_filters()
currency = app_state.currency()
st.subheader("Leaderboard")
left, right = st.columns([2, 1])
search = left.text_input(
    "Search creators", key="creator_search", bind="query-params", placeholder="handle, name or id"
)
sort = right.selectbox("Sort by", list(creators.SORTS), key="creator_sort", bind="query-params")
board = app_state.cached(creators.leaderboard, filters, sort, search or "")
if board.creators == 0 and board.rows.empty:
    widgets.empty_state("No creators in these filters.")
    st.stop()
ranked = board.rows
figures = ["typical_er", "cpe", "revenue", "roas", "posts", "placements", "cost"]
shown, _ = summary_table(ranked, {"Creator": list(ranked["handle"])}, figures, currency)
shown = shown.rename(columns={"Placements": "Campaigns"})
shown.insert(1, "Platform", ranked["platform"].fillna("—").tolist())
shown.insert(2, "Followers", [count(v) for v in ranked["followers"]])
st.caption(creators.board_caption(board, search or "", sort))
st.dataframe(shown, hide_index=True, width="stretch")
widgets.download_table_later(creators.board_csv, (filters, sort, search or ""), "creators")
widgets.definition(
    "metrics.summary by creator: typical ER = median per-post ER by followers; CPE = cost / "
    "engagements; cost = attributable spend + accrued commission; ROAS = revenue / cost; "
    "campaigns = the creator's placements in these filters; followers = current count."
)

st.subheader("One creator's history")
ids = [key for key in ranked["group_key"] if key is not None]
handles = dict(zip(ranked["group_key"], ranked["handle"], strict=True))
linked = st.query_params.get("show_creator")
if linked and linked not in handles:  # a shared link to a creator past the first rows
    handles.update(app_state.cached(creators.handles, (linked,)))
    ids += [linked] if linked in handles else []
if not ids:
    widgets.empty_state("No creator matches this search.")
    st.stop()
chosen = st.selectbox(
    "Creator",
    ids,
    format_func=lambda key: f"{handles.get(key, key)} ({key})",
    key="show_creator",
    bind="query-params",
)
st.caption(
    "A history is everything the creator did, in every campaign: the sidebar filters "
    "do not apply below."
)
# the history on the second thread while this one does the posts
app_state.ahead(lambda: app_state.cached(creators.history, chosen, filters.scheme))
posts = app_state.cached(creators.posts, chosen)
if posts.empty:
    widgets.empty_state("This creator has no posts.")
else:
    st.plotly_chart(charts.follower_growth(posts), key="growth")
    st.caption(creators.growth_caption(posts))
    widgets.definition("followers_at_post of each post over time, one colour per campaign.")
    shown_posts = posts.assign(
        er=[percent(v, 2) for v in posts["er_followers"]],
        spend=[money(v, currency) for v in posts["post_spend"]],
    )[
        ["posted_at", "campaign_name", "platform", "content_type", "followers_at_post",
         "engagements", "er", "spend", "url"]
    ]  # fmt: skip
    config = {
        "posted_at": st.column_config.DatetimeColumn("Posted", format="D MMM YYYY, HH:mm"),
        "campaign_name": "Campaign",
        "platform": "Platform",
        "content_type": "Content type",
        "followers_at_post": st.column_config.NumberColumn("Followers at post", format="%,d"),
        "engagements": st.column_config.NumberColumn("Engagements", format="%,d"),
        "er": "ER by followers",
        "spend": "Spend tied to the post",
        "url": st.column_config.LinkColumn("Link", display_text="open"),
    }
    widgets.table(shown_posts, f"{chosen} posts", config, download=posts)
    widgets.definition(
        "ER by followers = engagements / followers_at_post; a dash: no engagement data."
    )

history = app_state.cached(creators.history, chosen, filters.scheme)
st.markdown("**What they cost, campaign by campaign**")
if history.empty:
    widgets.empty_state("Nothing recorded for this creator.")
else:
    shown, raw = summary_table(
        history,
        {"Campaign": list(history["group_label"])},
        ["posts", "spend", "commission", "cost", "engagements", "cpe", "orders", "revenue", "roas"],
        currency,
    )
    widgets.table(shown, f"{chosen} by campaign", download=raw)
    widgets.definition(
        "metrics.summary by campaign for this creator alone, all time: cost = spend tied "
        "to the creator's posts or placements + accrued commission; CPE = cost / "
        "engagements; ROAS = revenue / cost."
    )
