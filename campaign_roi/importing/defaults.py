"""Filling empty values: posts' platform and followers from the creator, contract defaults."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from campaign_roi.contract import TABLES
from campaign_roi.importing.lookups import with_values


def fill_post_defaults(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Empty posts.platform and followers_at_post come from the creator (batch, else database)."""
    posts = frames["posts"]
    if not (posts["platform"].isna().any() or posts["followers_at_post"].isna().any()):
        return
    cols = ["influencer_id", "platform", "followers"]
    batch = frames["influencers"][cols] if "influencers" in frames else pd.DataFrame(columns=cols)
    needed = pd.Series(posts["influencer_id"].dropna().unique(), dtype="str")
    rest = needed[~needed.isin(batch["influencer_id"])]
    stored = pd.DataFrame(columns=cols)
    if not rest.empty:
        sql = (
            "SELECT i.influencer_id, i.platform, i.followers FROM influencers AS i "
            "SEMI JOIN _vals AS c ON i.influencer_id = c.v"
        )
        stored = with_values(con, rest, sql)
    creators = pd.concat([batch, stored], ignore_index=True).drop_duplicates("influencer_id")
    at = pd.Index(creators["influencer_id"].astype("str")).get_indexer(posts["influencer_id"])
    found = at >= 0
    platform = np.full(len(posts), None, dtype=object)
    platform[found] = creators["platform"].to_numpy(dtype=object)[at[found]]
    followers = pd.array(np.zeros(len(posts), dtype="int64"), dtype="Int64")
    followers[found] = creators["followers"].astype("Int64").to_numpy()[at[found]]
    followers[~found] = pd.NA
    posts["platform"] = posts["platform"].fillna(
        pd.Series(platform, index=posts.index, dtype="str")
    )
    posts["followers_at_post"] = posts["followers_at_post"].fillna(
        pd.Series(followers, index=posts.index)
    )


def fill_defaults(frames: dict[str, pd.DataFrame]) -> None:
    """Column defaults of the contract (orders.refunded is false when empty)."""
    for table, frame in frames.items():
        for column in TABLES[table].columns:
            if column.default is not None:
                frame[column.name] = frame[column.name].fillna(column.default)
