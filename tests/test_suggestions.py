"""Suggested mappings for platform exports, on the headers real exports use."""

from __future__ import annotations

from campaign_roi.suggestions import suggest_columns

# The header row of a TikTok creator-posts export (the shape of the reference file).
TIKTOK = [
    "creator",
    "user_nfollower",
    "video",
    "vid_postTime",
    "vid_scrapeTime",
    "vid_duration",
    "vid_nview",
    "vid_nlike",
    "vid_ncomment",
    "vid_nshare",
    "vid_nsave",
]


def test_tiktok_export_with_creators_from_the_file():
    assert suggest_columns("posts", TIKTOK, create_influencers=True) == {
        "post_id": "video",
        "influencer_id": "creator",
        "posted_at": "vid_postTime",  # not the scrape time
        "followers_at_post": "user_nfollower",
        "views": "vid_nview",
        "likes": "vid_nlike",
        "comments": "vid_ncomment",
        "shares": "vid_nshare",
        "saves": "vid_nsave",
        "followers": "user_nfollower",  # one column may feed both follower counts
    }


def test_creator_columns_only_when_creators_are_created():
    assert "followers" not in suggest_columns("posts", TIKTOK)


def test_contract_names_win_over_aliases_and_each_header_is_used_once():
    headers = ["Post ID", "Campaign", "Username", "Creator", "Date", "Likes", "likes_count"]
    assert suggest_columns("posts", headers, create_influencers=True) == {
        "post_id": "Post ID",
        "campaign_id": "Campaign",
        "influencer_id": "Creator",
        "posted_at": "Date",
        "likes": "Likes",
        "handle": "Username",
    }


def test_shop_order_export():
    headers = ["Order Number", "Discount Code", "Created at", "Total", "Refunded", "Tags"]
    assert suggest_columns("orders", headers) == {
        "order_id": "Order Number",
        "code": "Discount Code",
        "ordered_at": "Created at",
        "revenue": "Total",
        "refunded": "Refunded",
    }


def test_close_spellings_and_nothing_for_strangers():
    assert suggest_columns("posts", ["comment", "impresions", "weather"]) == {
        "comments": "comment",
        "impressions": "impresions",
    }
