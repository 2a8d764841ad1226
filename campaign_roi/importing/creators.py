"""Creators named by a posts export: one per influencer_id, from its latest post."""

from __future__ import annotations

import pandas as pd

from campaign_roi.importing.columns import ColumnPlan, Part
from campaign_roi.importing.problems import ProblemLog


def creators_from_posts(part: Part) -> Part:
    """One creator per influencer_id from a posts export: values from its latest post."""
    rows = part.typed[part.typed["influencer_id"].notna()]
    order = rows.assign(_line=rows.index).sort_values(["posted_at", "_line"], na_position="first")
    latest = order.drop_duplicates("influencer_id", keep="last").drop(columns="_line")
    followers = (
        latest["followers"] if "followers" in part.plan.headers else latest["followers_at_post"]
    )
    handle = latest["handle"].fillna(latest["influencer_id"])
    typed = pd.DataFrame(
        {
            "influencer_id": latest["influencer_id"],
            "handle": handle,
            "platform": latest["platform"],
            "followers": followers,
            "niche": latest.get("niche"),
            "country": latest.get("country"),
            "name": latest.get("name"),
        },
        index=latest.index,
    )
    source_of = {
        "followers": "followers" if "followers" in part.plan.headers else "followers_at_post"
    }
    raw = pd.DataFrame(
        {
            c: part.raw[source_of.get(c, c)].loc[latest.index]
            for c in typed.columns
            if source_of.get(c, c) in part.raw
        },
        index=latest.index,
    )
    headers = {c: part.plan.label(source_of.get(c, c)) for c in typed.columns}
    plan = ColumnPlan("influencers", headers, part.plan.constants, [])
    return Part(part.file, "influencers", typed, raw, plan)


def check_new_creators(part: Part, problems: ProblemLog) -> None:
    """A creator to be created needs a platform and a follower count."""
    for name in ("platform", "followers"):
        empty = part.typed[name].isna().to_numpy()
        if empty.any():
            lines = part.typed.index[empty]
            ids = part.typed["influencer_id"].to_numpy()[empty]
            problems.add_rows(
                part.file,
                lines,
                part.plan.label(name),
                [""] * len(lines),
                [
                    f'creator "{i}" is new and needs its {name}, but its latest post has none. '
                    f"Fill it in, or import the creator in influencers.csv first."
                    for i in ids
                ],
                kind=f"new creator without {name}",
            )
