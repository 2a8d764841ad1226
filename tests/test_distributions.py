"""Known answers for the ER distribution, the follower bins and the trend line.

The tier quantiles are worked out by hand on tests/known_answer.py; the trend runs on a
dataset built so that ER = 10 * followers^-0.5 exactly.
"""

from __future__ import annotations

import math

import pytest

from campaign_roi import db, distributions, metrics
from campaign_roi.metrics import Filters
from tests.dbfixtures import build_db
from tests.known_answer import build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def rows(frame, key="tier"):
    return {row[key]: row for row in frame.to_dict("records")}


def test_quantiles_per_tier_by_hand(con):
    dist = distributions.er_distribution(con)
    assert list(dist["tier"]) == ["nano", "micro", "macro"]  # scheme order; mega has no posts
    nano = rows(dist)["nano"]
    # nano posts: p2 100/5,000 = 0.02, p1 500/5,000 = 0.1, p6 1,000/9,999 = 0.10001...
    er_p6 = 1_000 / 9_999
    assert nano["posts"] == 3
    assert nano["median"] == pytest.approx(0.1)
    assert nano["min_er"] == pytest.approx(0.02) and nano["max_er"] == pytest.approx(er_p6)
    # quantile_cont on 3 values: position q * 2 between sorted values
    assert nano["q1"] == pytest.approx(0.02 + 0.5 * (0.1 - 0.02))  # 0.06
    assert nano["q3"] == pytest.approx(0.1 + 0.5 * (er_p6 - 0.1))
    assert nano["p05"] == pytest.approx(0.02 + 0.1 * (0.1 - 0.02))  # 0.028
    assert nano["p95"] == pytest.approx(0.1 + 0.9 * (er_p6 - 0.1))
    assert nano["pooled_er"] == pytest.approx(1_600 / 19_999)
    assert nano["zero_er_posts"] == 0

    micro = rows(dist)["micro"]  # p3 500/10,000, p7 600/12,000; p5 has no engagement data
    assert micro["posts"] == 2
    assert micro["median"] == micro["q1"] == micro["p95"] == pytest.approx(0.05)

    macro = rows(dist)["macro"]  # p4 2,000/100,000
    assert macro["posts"] == 1 and macro["median"] == pytest.approx(0.02)


def test_median_is_the_summary_typical_er(con):
    for filters in (Filters(), Filters(scheme="five"), Filters(platforms=("instagram",))):
        dist = rows(distributions.er_distribution(con, filters))
        summary = rows(metrics.summary(con, "tier", filters), "group_key")
        for tier, row in dist.items():
            assert row["median"] == pytest.approx(summary[tier]["typical_er"])
            assert row["pooled_er"] == pytest.approx(summary[tier]["pooled_er"])


def test_filters_apply(con):
    dist = distributions.er_distribution(con, Filters(tiers=("micro",)))
    assert list(dist["tier"]) == ["micro"]
    assert distributions.er_distribution(con, Filters(campaigns=("nope",))).empty


def test_follower_bins_by_hand(con):
    bins = rows(distributions.er_by_followers(con), "bin")
    # quarter decades: 5,000 -> log10 3.70 * 4 = 14.8 -> bin 14 [3,162, 5,623)
    # 9,999 -> 15.99996 -> 15; 10,000 and 12,000 -> 16 (10,000 is a bin edge); 100,000 -> 20
    assert sorted(bins) == [14, 15, 16, 20]
    assert bins[14]["posts"] == 2 and bins[14]["median_er"] == pytest.approx(0.06)  # 0.1, 0.02
    assert bins[14]["min_followers"] == pytest.approx(10**3.5)
    assert bins[14]["max_followers"] == pytest.approx(10**3.75)
    assert bins[15]["median_er"] == pytest.approx(1_000 / 9_999)
    assert bins[16]["posts"] == 2 and bins[16]["median_er"] == pytest.approx(0.05)
    assert bins[16]["min_followers"] == pytest.approx(10_000)
    assert bins[16]["median_followers"] == pytest.approx(11_000)
    assert bins[20]["posts"] == 1 and bins[20]["median_er"] == pytest.approx(0.02)


def _power_law_db(path, extra_posts=()):
    """ER = 10 * followers^-0.5 exactly: 100 -> 100%, 10,000 -> 10%, 1,000,000 -> 1%."""
    followers = [100, 10_000, 1_000_000]
    influencers = [
        dict(influencer_id=f"i{f}", handle=f"@i{f}", platform="tiktok", followers=f)
        for f in followers
    ]
    posts = [
        dict(
            post_id=f"p{f}",
            campaign_id="c",
            influencer_id=f"i{f}",
            posted_at="2025-01-01",
            platform="tiktok",
            followers_at_post=f,
            likes=round(10 * f**0.5),
        )
        for f in followers
    ]
    return build_db(
        path,
        {
            "influencers": influencers,
            "campaigns": [dict(campaign_id="c", name="Power law")],
            "posts": posts + list(extra_posts),
        },
    )


def test_trend_slope_is_exact_on_a_power_law(tmp_path):
    zero = dict(
        post_id="zero",
        campaign_id="c",
        influencer_id="i100",
        posted_at="2025-01-02",
        platform="tiktok",
        followers_at_post=100,
        likes=0,
    )
    con = db.connect_ro(_power_law_db(tmp_path / "power.duckdb", [zero]))
    trend = distributions.er_trend(con)
    con.close()
    assert trend.slope == pytest.approx(-0.5)
    assert trend.intercept == pytest.approx(1.0)  # log10(10)
    assert trend.r2 == pytest.approx(1.0)
    assert trend.posts == 3  # the ER 0 post cannot enter a log fit ...
    assert trend.zero_er_posts == 1  # ... and is counted so the page can say so
    assert trend.er_at(10_000) == pytest.approx(0.1)
    line = trend.line(points=3)
    assert list(line["followers"]) == pytest.approx([100, 10_000, 1_000_000])
    assert list(line["er"]) == pytest.approx([1.0, 0.1, 0.01])


def test_trend_without_posts_has_no_line(con):
    trend = distributions.er_trend(con, Filters(campaigns=("nope",)))
    assert trend.slope is None and trend.posts == 0
    assert trend.er_at(1_000) is None
    assert trend.line().empty
    assert math.isfinite(distributions.er_trend(con).slope)
