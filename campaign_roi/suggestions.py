"""Suggested column mappings for platform exports: which file column likely feeds which
contract column.

    suggest_columns("posts", ["creator", "vid_nlike", ...], create_influencers=True)
    -> {"influencer_id": "creator", "likes": "vid_nlike", ...}

A suggestion is only a starting point the user confirms on the Data page. Matching,
best first: the contract's own name; a known platform name for it (TikTok, Instagram
and YouTube exports); then a close spelling. Each file column feeds one contract
column, except that a followers column feeds both `followers` and `followers_at_post`.
"""

from __future__ import annotations

import difflib
import re

from campaign_roi.contract import normalise_name
from campaign_roi.mapping import Mapping

# Names platforms and export tools use, normalised (lower case, "_" between words).
_FOLLOWERS = [
    "follower_count",
    "followers_count",
    "nfollower",
    "fans",
    "fan_count",
    "subscribers",
    "subscriber_count",
    "audience",
]
ALIASES: dict[str, list[str]] = {
    "influencer_id": [
        "creator",
        "creator_id",
        "author",
        "author_id",
        "influencer",
        "user_id",
        "username",
        "handle",
    ],
    "campaign_id": ["campaign", "campaign_name", "campaign_code"],
    "handle": ["username", "user_name", "creator_handle", "account", "unique_id", "nickname"],
    "followers": _FOLLOWERS,
    "followers_at_post": _FOLLOWERS,
    "post_id": ["video", "video_id", "media_id", "item_id", "content_id", "post", "id"],
    "posted_at": [
        "posttime",
        "post_time",
        "create_time",
        "created_at",
        "created",
        "published_at",
        "publish_time",
        "publish_date",
        "upload_date",
        "timestamp",
        "date",
    ],
    "views": ["nview", "play_count", "plays", "video_views", "view_count"],
    "likes": ["nlike", "digg_count", "like_count", "likes_count", "hearts", "reactions"],
    "comments": ["ncomment", "comment_count", "comments_count"],
    "shares": ["nshare", "share_count", "shares_count", "reposts"],
    "saves": ["nsave", "save_count", "saved", "collect_count", "bookmarks"],
    "impressions": ["impression_count", "imps"],
    "reach": ["accounts_reached", "reach_count"],
    "clicks": ["link_clicks", "click_count", "swipe_ups"],
    "url": ["link", "permalink", "post_url", "video_url", "web_video_url"],
    "content_type": ["media_type", "post_type", "format"],
    "niche": ["category", "topic"],
    "country": ["region", "country_code", "location"],
    "name": ["display_name", "full_name"],
    "order_id": ["order_number", "order_no", "order", "transaction_id"],
    "code": ["discount_code", "promo_code", "coupon", "coupon_code", "affiliate_code"],
    "ordered_at": ["created_at", "order_date", "processed_at", "date"],
    "revenue": ["net_sales", "total", "subtotal", "total_price", "amount", "sales"],
    "amount": ["cost", "fee", "price", "spend", "total"],
    "spent_on": ["date", "paid_on", "invoice_date"],
}
# Prefixes exports put before a field name ("vid_nlike", "user_nfollower").
_PREFIX = re.compile(r"^(vid|video|post|media|user|author|creator|stats)_")
_CLOSE_ENOUGH = 0.85


def _forms(header: str) -> set[str]:
    name = normalise_name(header)
    return {name, _PREFIX.sub("", name), name.replace("_", "")}


def _score(column: str, header: str) -> float:
    forms = _forms(header)
    if column in forms:
        return 1.0
    aliases = ALIASES.get(column, [])
    for position, alias in enumerate(aliases):  # earlier aliases are likelier
        if alias in forms:
            return 0.9 - 0.001 * position
    best = max(difflib.SequenceMatcher(None, column, form).ratio() for form in forms)
    return 0.8 * best if best >= _CLOSE_ENOUGH else 0.0


def suggest_columns(
    table: str, headers: list[str], create_influencers: bool = False
) -> dict[str, str]:
    """Contract column -> file header, for the columns a header likely feeds."""
    columns = Mapping(table=table, create_influencers=create_influencers).allowed_columns()
    scored = sorted(
        (
            (_score(column, header), -columns.index(column), column, header)
            for column in columns
            for header in headers
        ),
        reverse=True,
    )
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for score, _, column, header in scored:
        if score <= 0 or column in chosen:
            continue
        shared = column in ("followers", "followers_at_post")
        if header in used and not (shared and chosen.get(_other_followers(column)) == header):
            continue
        chosen[column] = header
        used.add(header)
    return {c: chosen[c] for c in columns if c in chosen}


def _other_followers(column: str) -> str:
    return "followers_at_post" if column == "followers" else "followers"
