"""A small agency whose every figure is worked out by hand (see tests/test_metrics.py).

Creators sit on the tier edges: 9,999 and 10,000 followers, 99,999 and 100,000.

    creator  platform   followers   posts (campaign, followers_at_post, engagements)
    iA       instagram      5,000   p1 (c1, 5,000, 500)  p2 (c1, 5,000, 100)
    iB       tiktok        10,000   p3 (c1, 10,000, 500) p7 (c2, 12,000, 600)
    iC       instagram    100,000   p4 (c1, 100,000, 2,000) p5 (c1, 99,999, none)
    iD       youtube        9,999   p6 (c2, 9,999, 1,000)

Placement tiers (earliest post): iA/c1 nano, iB/c1 micro, iC/c1 macro (p4 is
earlier than p5), iD/c2 nano, iB/c2 micro. p5 is a micro *post* in a macro placement.

Spend: s1 200 (post p1), s2 50 (placement iA/c1), s3 500 (post p3), s4 6,000
(placement iC/c1), s5 1,000 (c1 overhead), s6 300 (post p6), s7 700 (placement
iB/c2), s8 250 (c2 overhead): 9,000 in all, 1,250 of it overhead.

Orders and commission: ANNA10 (iA/c1, 10%): o1 100 -> 10, o2 50 refunded -> 0.
BEN5 (iB/c1, 5% + 2 flat): o3 200 -> 12, o4 80 -> 6. CARL (iC/c1, 5 flat): o5 1,000
-> 5, o6 500 -> 5. DAN (iD/c2, 8%): o7 300 -> 24. NOSALE (iB/c2): no orders.
"""

from __future__ import annotations

from pathlib import Path

from tests.dbfixtures import build_db


def _post(pid, cid, iid, when, platform, ctype, followers, likes, comments, shares, saves, **extra):
    return dict(
        post_id=pid, campaign_id=cid, influencer_id=iid, posted_at=when, platform=platform,
        content_type=ctype, followers_at_post=followers, likes=likes, comments=comments,
        shares=shares, saves=saves, **extra,
    )  # fmt: skip


ROWS = {
    "influencers": [
        dict(influencer_id="iA", handle="@anna", platform="instagram", followers=5_000),
        dict(influencer_id="iB", handle="@ben", platform="tiktok", followers=10_000),
        dict(influencer_id="iC", handle="@carl", platform="instagram", followers=100_000),
        dict(influencer_id="iD", handle="@dan", platform="youtube", followers=9_999),
    ],
    "campaigns": [
        dict(
            campaign_id="c1",
            name="Spring",
            brand="Acme",
            objective="sales",
            start_date="2025-03-01",
            end_date="2025-03-31",
            budget=8_000,
        ),
        dict(
            campaign_id="c2",
            name="Summer",
            brand="Bolt",
            objective="awareness",
            start_date="2025-06-01",
            end_date="2025-06-30",
            budget=1_000,
        ),
    ],  # fmt: skip
    "posts": [
        _post(
            "p1",
            "c1",
            "iA",
            "2025-03-02 10:00",
            "instagram",
            "photo",
            5_000,
            400,
            50,
            25,
            25,
            impressions=20_000,
            reach=10_000,
            clicks=100,
        ),
        _post(
            "p2",
            "c1",
            "iA",
            "2025-03-10 10:00",
            "instagram",
            "reel",
            5_000,
            100,
            None,
            None,
            None,
            views=8_000,
            clicks=20,
        ),
        _post(
            "p3",
            "c1",
            "iB",
            "2025-03-05 10:00",
            "tiktok",
            "video",
            10_000,
            300,
            100,
            50,
            50,
            impressions=50_000,
            views=40_000,
            clicks=200,
        ),
        _post(
            "p4",
            "c1",
            "iC",
            "2025-03-07 10:00",
            "instagram",
            "reel",
            100_000,
            1_500,
            300,
            100,
            100,
            impressions=150_000,
            views=120_000,
            clicks=400,
        ),
        _post(
            "p5",
            "c1",
            "iC",
            "2025-03-20 10:00",
            "instagram",
            "photo",
            99_999,
            None,
            None,
            None,
            None,
            impressions=80_000,
        ),
        _post(
            "p6",
            "c2",
            "iD",
            "2025-06-05 10:00",
            "youtube",
            "video",
            9_999,
            800,
            100,
            50,
            50,
            views=30_000,
        ),
        _post(
            "p7",
            "c2",
            "iB",
            "2025-06-10 10:00",
            "tiktok",
            "video",
            12_000,
            500,
            60,
            20,
            20,
            views=20_000,
        ),
    ],  # fmt: skip
    "spend": [
        dict(
            spend_id="s1",
            campaign_id="c1",
            influencer_id="iA",
            post_id="p1",
            spent_on="2025-03-02",
            category="fee",
            amount=200,
            pricing_model="per_post",
        ),
        dict(
            spend_id="s2",
            campaign_id="c1",
            influencer_id="iA",
            spent_on="2025-03-01",
            category="product",
            amount=50,
            pricing_model="gifting",
        ),
        dict(
            spend_id="s3",
            campaign_id="c1",
            influencer_id="iB",
            post_id="p3",
            spent_on="2025-03-05",
            category="fee",
            amount=500,
            pricing_model="per_post",
        ),
        dict(
            spend_id="s4",
            campaign_id="c1",
            influencer_id="iC",
            spent_on="2025-03-01",
            category="fee",
            amount=6_000,
            pricing_model="package",
        ),
        dict(
            spend_id="s5", campaign_id="c1", spent_on="2025-03-01", category="agency", amount=1_000
        ),
        dict(
            spend_id="s6",
            campaign_id="c2",
            influencer_id="iD",
            post_id="p6",
            spent_on="2025-06-05",
            category="fee",
            amount=300,
            pricing_model="per_thousand_views",
        ),
        dict(
            spend_id="s7",
            campaign_id="c2",
            influencer_id="iB",
            spent_on="2025-06-01",
            category="fee",
            amount=700,
            pricing_model="package",
        ),
        dict(spend_id="s8", campaign_id="c2", spent_on="2025-06-01", category="ads", amount=250),
    ],  # fmt: skip
    "affiliate_codes": [
        dict(code="ANNA10", campaign_id="c1", influencer_id="iA", commission_rate=0.10),
        dict(
            code="BEN5",
            campaign_id="c1",
            influencer_id="iB",
            commission_rate=0.05,
            commission_flat=2,
        ),
        dict(code="CARL", campaign_id="c1", influencer_id="iC", commission_flat=5),
        dict(code="DAN", campaign_id="c2", influencer_id="iD", commission_rate=0.08),
        dict(code="NOSALE", campaign_id="c2", influencer_id="iB", commission_rate=0.05),
    ],  # fmt: skip
    "orders": [
        dict(order_id="o1", code="ANNA10", ordered_at="2025-03-03 12:00", revenue=100),
        dict(
            order_id="o2", code="ANNA10", ordered_at="2025-03-04 12:00", revenue=50, refunded=True
        ),
        dict(order_id="o3", code="BEN5", ordered_at="2025-03-06 12:00", revenue=200),
        dict(order_id="o4", code="BEN5", ordered_at="2025-03-07 12:00", revenue=80),
        dict(order_id="o5", code="CARL", ordered_at="2025-03-08 12:00", revenue=1_000),
        dict(order_id="o6", code="CARL", ordered_at="2025-03-09 12:00", revenue=500),
        dict(order_id="o7", code="DAN", ordered_at="2025-06-06 12:00", revenue=300),
    ],  # fmt: skip
}


def build_known_answer_db(path: Path) -> Path:
    return build_db(path, ROWS)


def _side_rows(prefix: str, followers: int, engagements: list[int], cost: int, revenue: int):
    """One placement per engagement figure: a post, a placement fee, a code with one order."""
    influencers, posts, spend, codes, orders = [], [], [], [], []
    for n, eng in enumerate(engagements, start=1):
        iid, cid = f"{prefix}{n}", "cmp"
        influencers.append(
            dict(influencer_id=iid, handle=f"@{iid}", platform="instagram", followers=followers)
        )
        posts.append(
            _post(
                f"p_{iid}",
                cid,
                iid,
                "2025-05-01",
                "instagram",
                "photo",
                followers,
                eng,
                None,
                None,
                None,
            )
        )
        spend.append(
            dict(
                spend_id=f"s_{iid}",
                campaign_id=cid,
                influencer_id=iid,
                spent_on="2025-05-01",
                category="fee",
                amount=cost,
            )
        )
        codes.append(dict(code=f"C_{iid}".upper(), campaign_id=cid, influencer_id=iid))
        orders.append(
            dict(
                order_id=f"o_{iid}",
                code=f"C_{iid}".upper(),
                ordered_at="2025-05-02",
                revenue=revenue,
            )
        )
    return influencers, posts, spend, codes, orders  # fmt: skip


def build_comparison_db(path: Path, micro_count: int = 5, macro_count: int = 5) -> Path:
    """Five micro placements (20k followers) against five macro ones (200k).

    micro: engagements 1,000 800 1,200 600 1,400 -> ERs 5% 4% 6% 3% 7%, median 5%;
           cost 100 each (500), engagements 5,000 -> CPE 0.10; revenue 50 each -> ROAS 0.5
    macro: engagements 4,000 5,000 6,000 3,000 7,000 -> ERs 2% 2.5% 3% 1.5% 3.5%, median
           2.5%; cost 1,000 each (5,000), engagements 25,000 -> CPE 0.20; revenue 200 each
           -> ROAS 0.2
    lift = 5% / 2.5% - 1 = 1.0; cost-efficiency = 0.20 / 0.10 = 2.0; ROAS multiple = 2.5
    """
    micro = _side_rows("mi", 20_000, [1_000, 800, 1_200, 600, 1_400][:micro_count], 100, 50)
    macro = _side_rows("ma", 200_000, [4_000, 5_000, 6_000, 3_000, 7_000][:macro_count], 1_000, 200)
    tables = {
        name: micro[i] + macro[i]
        for i, name in enumerate(("influencers", "posts", "spend", "affiliate_codes", "orders"))
    }
    tables["campaigns"] = [dict(campaign_id="cmp", name="Compare", brand="Acme")]
    return build_db(path, tables)
