"""Creators: a leaderboard (typical ER, CPE, revenue, ROAS, posts, campaigns) and one
creator's history across campaigns (follower growth, posts, what they cost).

Leaderboard figures are metrics.summary by creator (the CLI's `summary --by creator`):
campaign overhead belongs to no creator and is the last, labelled row. "Campaigns" is
the creator's placements (creator x campaign) in the filters. A history ignores the
shared filters: it is everything the creator did, campaign by campaign.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from campaign_roi import db, metrics
from campaign_roi.metrics import Filters

UNATTRIBUTED = "unattributed (campaign overhead)"
# sort choices: label -> (column, descending)
SORTS = {
    "Revenue": ("revenue", True),
    "ROAS": ("roas", True),
    "Typical ER": ("typical_er", True),
    "CPE (lowest first)": ("cpe", False),
    "Posts": ("posts", True),
    "Cost": ("cost", True),
}


def creator_info(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """influencer_id, handle, name, platform, followers (current), niche."""
    return db.run_query(con, "creator_info")


def leaderboard(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """metrics.summary by creator with each creator's attributes; campaigns = placements.
    The unattributed row stays last, with the handle UNATTRIBUTED."""
    figures = metrics.summary(con, "creator", filters)
    info = creator_info(con).rename(columns={"influencer_id": "group_key"})
    frame = figures.merge(info, on="group_key", how="left")
    frame["campaigns"] = frame["placements"]
    frame["handle"] = frame["handle"].astype(object).where(frame["group_key"].notna(), UNATTRIBUTED)
    frame["followers"] = pd.to_numeric(frame["followers"], errors="coerce").astype("float64")
    return frame


def search_and_sort(frame: pd.DataFrame, search: str = "", sort: str = "Revenue") -> pd.DataFrame:
    """Creators whose handle, name or id contains `search` (any case), sorted by a SORTS
    choice (no value last); the unattributed row is always kept, last."""
    creators = frame[frame["group_key"].notna()]
    rest = frame[frame["group_key"].isna()]
    text = search.strip().lower()
    if text:
        haystack = (
            creators["handle"].fillna("") + " " + creators["name"].fillna("") + " "
            + creators["group_key"].fillna("")
        ).str.lower()  # fmt: skip
        creators = creators[haystack.str.contains(text, regex=False)]
    column, descending = SORTS.get(sort, SORTS["Revenue"])
    creators = creators.sort_values(
        [column, "group_key"], ascending=[not descending, True], na_position="last"
    )
    return pd.concat([creators, rest], ignore_index=True)


def posts(con: duckdb.DuckDBPyConnection, creator: str) -> pd.DataFrame:
    """One creator's posts, oldest first (queries/creator_posts.sql), every campaign."""
    frame = db.run_query(con, "creator_posts", {"creator": creator})
    frame["posted_at"] = pd.to_datetime(frame["posted_at"])
    for column in ("followers_at_post", "engagements", "er_followers", "views", "post_spend"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def history(con: duckdb.DuckDBPyConnection, creator: str, scheme: str | None = None):
    """What the creator cost and brought, per campaign: metrics.summary by campaign for
    this creator alone, all time."""
    return metrics.summary(con, "campaign", Filters(creators=(creator,), scheme=scheme))


def growth_caption(posts_frame: pd.DataFrame) -> str:
    """Followers at the first and last post, and the change between them."""
    if posts_frame.empty:
        return "No posts: no follower history."
    first, last = posts_frame.iloc[0], posts_frame.iloc[-1]
    change = (last["followers_at_post"] - first["followers_at_post"]) / first["followers_at_post"]
    return (
        f"{first['followers_at_post']:,.0f} followers at the first post "
        f"({first['posted_at']:%d %b %Y}), {last['followers_at_post']:,.0f} at the last "
        f"({last['posted_at']:%d %b %Y}): {change:+.1%}."
    )
