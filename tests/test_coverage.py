"""Data coverage, worked out by hand on a small database."""

from __future__ import annotations

import pandas as pd
import pytest

from campaign_roi import db
from campaign_roi.coverage import coverage
from tests.dbfixtures import build_db

DAY = pd.Timestamp("2025-03-01")


def _post(pid, iid, **measures):
    return dict(
        post_id=pid,
        campaign_id="c1",
        influencer_id=iid,
        posted_at=DAY,
        platform="tiktok",
        followers_at_post=1000,
        **measures,
    )


ROWS = {
    "influencers": [
        dict(influencer_id=i, handle=f"@{i}", platform="tiktok", followers=1000)
        for i in ("i1", "i2", "i3")  # i3 never posts
    ],
    "campaigns": [dict(campaign_id="c1", name="Spring")],
    "posts": [
        _post("p1", "i1", impressions=100, reach=80, views=50, clicks=3, comments=2),
        _post("p2", "i1", impressions=200, views=70),
        _post("p3", "i2", views=0, likes=0),  # zero is known, not missing
        _post("p4", "i2"),
    ],
    "spend": [
        dict(
            spend_id="s1",
            campaign_id="c1",
            influencer_id="i1",
            spent_on=DAY,
            category="fee",
            amount=500,
        ),
        dict(
            spend_id="s2", campaign_id="c1", spent_on=DAY, category="fee", amount=120.5
        ),  # overhead
        dict(
            spend_id="s3", campaign_id="c1", spent_on=DAY, category="fee", amount=79.5
        ),  # overhead
    ],
    "affiliate_codes": [
        dict(code="A10", campaign_id="c1", influencer_id="i1"),
        dict(code="B10", campaign_id="c1", influencer_id="i2"),  # no orders
        dict(code="C10", campaign_id="c1", influencer_id="i3"),  # a refunded order only
    ],
    "orders": [
        dict(order_id="o1", code="A10", ordered_at=DAY, revenue=40),
        dict(order_id="o2", code="C10", ordered_at=DAY, revenue=25, refunded=True),
        dict(order_id="o3", code="GONE", ordered_at=DAY, revenue=10),  # its code is not there
    ],
}


def _coverage(path):
    con = db.connect_ro(path)
    try:
        return coverage(con)
    finally:
        con.close()


def test_coverage_by_hand(tmp_path):
    figures = _coverage(build_db(tmp_path / "c.duckdb", ROWS))
    assert figures["posts"] == 4
    assert figures["impressions_share"] == pytest.approx(2 / 4)  # p1, p2
    assert figures["reach_share"] == pytest.approx(1 / 4)  # p1
    assert figures["views_share"] == pytest.approx(3 / 4)  # p1, p2, p3 (0 counts)
    assert figures["clicks_share"] == pytest.approx(1 / 4)
    assert figures["engagement_share"] == pytest.approx(2 / 4)  # p1 (comments), p3 (likes 0)
    assert (figures["creators"], figures["creators_without_posts"]) == (3, 1)
    # B10 has no order; C10's refunded order still counts as order data
    assert (figures["codes"], figures["codes_without_orders"]) == (3, 1)
    assert (figures["orders"], figures["orders_without_code"]) == (3, 1)  # o3
    assert (figures["spend_rows"], figures["spend_rows_without_creator"]) == (3, 2)
    assert figures["spend_without_creator"] == pytest.approx(200.0)  # 120.50 + 79.50
    assert figures["spend_total"] == pytest.approx(700.0)


def test_an_empty_database_has_no_shares(tmp_path):
    figures = _coverage(build_db(tmp_path / "e.duckdb", {}))
    assert figures["posts"] == 0 and pd.isna(figures["views_share"])
    assert pd.isna(figures["engagement_share"])
    assert figures["spend_without_creator"] == 0
    counts = ("creators", "codes", "codes_without_orders", "spend_rows", "orders")
    assert [figures[c] for c in counts] == [0, 0, 0, 0, 0]
    assert figures["orders_without_code"] == 0
