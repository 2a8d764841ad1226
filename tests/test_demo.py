"""The demo generator: deterministic, complete, within the data contract, and calibrated.

One scale-1 database (about 10,000 posts, under a second to build) is shared by the
feature and calibration checks; determinism is checked on two small builds.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from campaign_roi import db
from campaign_roi.demo import (
    CATEGORIES,
    CONTENT_TYPES,
    OBJECTIVES,
    PLATFORMS,
    PRICING_MODELS,
    TABLES,
    build_demo,
)

KEYS = {
    "influencers": "influencer_id",
    "campaigns": "campaign_id",
    "posts": "post_id",
    "spend": "spend_id",
    "affiliate_codes": "code",
    "orders": "order_id",
}
TIER = """CASE WHEN {f} < 10000 THEN 'nano' WHEN {f} < 100000 THEN 'micro'
    WHEN {f} < 1000000 THEN 'macro' ELSE 'mega' END"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    counts = build_demo(path, scale=1.0)
    return path, counts


@pytest.fixture()
def con(demo):
    con = duckdb.connect(str(demo[0]), read_only=True)
    yield con
    con.close()


def one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def column(con: duckdb.DuckDBPyConnection, sql: str) -> list:
    return [row[0] for row in con.execute(sql).fetchall()]


def campaign_id(con: duckdb.DuckDBPyConnection, title: str) -> str:
    return one(con, f"SELECT campaign_id FROM campaigns WHERE name = '{title}'")


# --- the build ----------------------------------------------------------------------------


def test_same_seed_same_database_and_another_seed_differs(tmp_path):
    paths = [tmp_path / f"{name}.duckdb" for name in ("a", "b", "c")]
    build_demo(paths[0], scale=0.2, seed=7)
    build_demo(paths[1], scale=0.2, seed=7)
    build_demo(paths[2], scale=0.2, seed=8)
    frames = []
    for path in paths:
        con = duckdb.connect(str(path), read_only=True)
        frames.append(
            {t: con.execute(f"SELECT * FROM {t} ORDER BY {k}").df() for t, k in KEYS.items()}
        )
        con.close()
    for table in KEYS:
        assert frames[0][table].equals(frames[1][table]), table
    assert not frames[0]["posts"].equals(frames[2]["posts"])


def test_counts_are_returned_and_about_ten_thousand_posts_per_unit(demo, con):
    _, counts = demo
    assert set(counts) == set(TABLES)
    for table, n in counts.items():
        assert one(con, f"SELECT count(*) FROM {table}") == n
    assert 9_000 <= counts["posts"] <= 11_000
    assert 500 <= counts["influencers"] <= 1_000
    assert 15_000 <= counts["orders"] <= 30_000
    assert counts["campaigns"] >= 8


def test_posts_grow_linearly_with_scale(tmp_path, demo):
    small = build_demo(tmp_path / "small.duckdb", scale=0.2)
    assert small["posts"] == pytest.approx(0.2 * demo[1]["posts"], rel=0.25)
    assert small["influencers"] == pytest.approx(0.2 * demo[1]["influencers"], rel=0.3)


def test_replaces_an_existing_file_and_marks_the_demo(tmp_path):
    path = tmp_path / "old.duckdb"
    path.write_bytes(b"not a database")
    seen: list[float] = []
    build_demo(path, scale=0.05, progress=lambda done, message: seen.append(done))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    con = db.connect_ro(path)
    try:
        assert db.get_settings(con)["demo"] == "true"
    finally:
        con.close()


# --- required features --------------------------------------------------------------------


def test_campus_programme_has_about_175_nano_creators_near_5k(con):
    c = campaign_id(con, "Campus Ambassadors 2025")
    creators, biggest, typical = con.execute(
        f"""SELECT count(DISTINCT influencer_id), max(followers_at_post),
            median(followers_at_post) FROM posts WHERE campaign_id = '{c}'"""
    ).fetchone()
    placed = one(
        con,
        f"SELECT count(*) FROM placement_base WHERE campaign_id = '{c}'",
    )
    assert 165 <= placed <= 185 and creators >= 160
    assert biggest < 10_000 and 4_000 <= typical <= 6_500


def test_makers_campaign_has_twenty_small_business_owners(con):
    c = campaign_id(con, "Makers Spotlight")
    assert one(con, f"SELECT count(*) FROM placement_base WHERE campaign_id = '{c}'") == 20
    # owners go by their shop's handle ("@annabakes"), not their name ("@anna.bauer")
    handles = column(
        con,
        f"""SELECT handle FROM influencers WHERE influencer_id IN
            (SELECT influencer_id FROM placement_base WHERE campaign_id = '{c}')""",
    )
    assert len(handles) == 20 and not any("." in h for h in handles)


def test_gifting_campaign_pays_in_product_only(con):
    c = campaign_id(con, "Holiday Gifting Drop")
    rows = con.execute(
        f"""SELECT DISTINCT category, pricing_model, influencer_id IS NULL
        FROM spend WHERE campaign_id = '{c}'"""
    ).fetchall()
    assert rows == [("product", "gifting", False)]


def test_all_tiers_several_platforms_content_types_and_deals(con):
    tiers = column(con, f"SELECT DISTINCT {TIER.format(f='followers_at_post')} FROM posts")
    assert set(tiers) == {"nano", "micro", "macro", "mega"}
    assert one(con, "SELECT count(DISTINCT platform) FROM posts") >= 5
    assert one(con, "SELECT count(DISTINCT content_type) FROM posts") >= 6
    models = set(column(con, "SELECT DISTINCT pricing_model FROM spend"))
    assert {"per_post", "package", "per_thousand_views", "gifting"} <= models
    categories = set(column(con, "SELECT DISTINCT category FROM spend"))
    assert {"fee", "product", "bonus", "agency", "ads"} <= categories
    for tier in ("nano", "micro", "macro", "mega"):
        platforms = one(
            con,
            f"""SELECT count(DISTINCT platform) FROM posts
            WHERE {TIER.format(f="followers_at_post")} = '{tier}'""",
        )
        assert platforms >= 2, tier


def test_spend_is_tied_to_posts_placements_and_campaigns(con):
    kinds = con.execute(
        """SELECT count(*) FILTER (WHERE post_id IS NOT NULL),
            count(*) FILTER (WHERE post_id IS NULL AND influencer_id IS NOT NULL),
            count(*) FILTER (WHERE influencer_id IS NULL)
        FROM spend"""
    ).fetchone()
    assert all(k > 0 for k in kinds)


def test_budgets_some_over_some_under(con):
    ratios = column(
        con,
        """SELECT sum(s.amount) / c.budget FROM campaigns AS c JOIN spend AS s USING (campaign_id)
        GROUP BY c.campaign_id, c.budget""",
    )
    assert any(r > 1.05 for r in ratios) and any(r < 0.95 for r in ratios)


def test_codes_rates_flats_refunds_and_codes_without_sales(con):
    rates = column(con, "SELECT commission_rate FROM affiliate_codes WHERE commission_rate > 0")
    assert rates and all(0.03 <= float(r) <= 0.10 for r in rates)
    assert one(con, "SELECT count(*) FROM affiliate_codes WHERE commission_flat > 0") > 0
    unsold = "SELECT count(*) FROM affiliate_codes WHERE code NOT IN (SELECT code FROM orders)"
    assert one(con, unsold) > 0
    refund_share = one(con, "SELECT avg(refunded::INT) FROM orders")
    assert 0.01 < refund_share < 0.10
    codes = column(con, "SELECT code FROM affiliate_codes")
    assert all(code == code.upper() and code[-2:].isdigit() for code in codes)
    assert sum(code[:-2].isalpha() for code in codes) > len(codes) / 2  # mostly "ANNA10"


def test_unknown_figures_are_null_not_zero(con):
    nulls = con.execute(
        """SELECT count(*) - count(impressions), count(*) - count(reach),
            count(*) - count(views), count(*) - count(clicks),
            count(*) FILTER (WHERE likes IS NULL AND comments IS NULL AND shares IS NULL
                AND saves IS NULL),
            count(*) FILTER (WHERE impressions = 0 OR reach = 0)
        FROM posts"""
    ).fetchone()
    assert all(n > 0 for n in nulls[:5])
    assert nulls[4] < 0.05 * one(con, "SELECT count(*) FROM posts")
    assert nulls[5] == 0


def test_some_creators_recur_with_drifting_followers(con):
    recurring = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE lo <> hi) FROM (
            SELECT influencer_id, min(followers_at_post) AS lo, max(followers_at_post) AS hi
            FROM posts GROUP BY influencer_id HAVING count(DISTINCT campaign_id) > 1)"""
    ).fetchone()
    assert recurring[0] >= 20 and recurring[1] == recurring[0]
    drift = one(
        con,
        """SELECT max(abs(p.followers_at_post / i.followers - 1)) FROM posts AS p
        JOIN influencers AS i USING (influencer_id)""",
    )
    assert drift < 0.5  # slight drift, not a different creator


# --- the contract -------------------------------------------------------------------------


def test_values_are_allowed_and_amounts_non_negative(con):
    checks = {
        "influencers": ("platform", PLATFORMS),
        "posts": ("platform", PLATFORMS),
        "campaigns": ("objective", OBJECTIVES),
        "spend": ("category", CATEGORIES),
    }
    for table, (col, allowed) in checks.items():
        assert set(column(con, f"SELECT DISTINCT {col} FROM {table}")) <= set(allowed)
    assert set(column(con, "SELECT DISTINCT content_type FROM posts")) <= set(CONTENT_TYPES)
    assert set(column(con, "SELECT DISTINCT pricing_model FROM spend")) <= {*PRICING_MODELS, None}
    negatives = one(
        con,
        """SELECT (SELECT count(*) FROM influencers WHERE followers < 0)
            + (SELECT count(*) FROM campaigns WHERE budget < 0 OR end_date < start_date)
            + (SELECT count(*) FROM spend WHERE amount < 0 OR currency <> 'USD')
            + (SELECT count(*) FROM orders WHERE revenue < 0 OR currency <> 'USD')
            + (SELECT count(*) FROM posts WHERE least(followers_at_post, impressions, reach, views,
                likes, comments, shares, saves, clicks) < 0)
            + (SELECT count(*) FROM affiliate_codes WHERE commission_rate NOT BETWEEN 0 AND 1
                OR discount_rate NOT BETWEEN 0 AND 1 OR commission_flat < 0)""",
    )
    assert negatives == 0


def test_references_hold(con):
    broken = one(
        con,
        """SELECT
            (SELECT count(*) FROM posts WHERE campaign_id NOT IN (SELECT campaign_id FROM campaigns)
                OR influencer_id NOT IN (SELECT influencer_id FROM influencers))
            + (SELECT count(*) FROM spend AS s LEFT JOIN posts AS p USING (post_id)
                WHERE s.post_id IS NOT NULL AND (p.post_id IS NULL
                    OR p.influencer_id <> s.influencer_id OR p.campaign_id <> s.campaign_id))
            + (SELECT count(*) FROM spend
                WHERE influencer_id NOT IN (SELECT influencer_id FROM influencers))
            + (SELECT count(*) FROM orders WHERE code NOT IN (SELECT code FROM affiliate_codes))
            + (SELECT count(*) FROM affiliate_codes
                WHERE influencer_id NOT IN (SELECT influencer_id FROM influencers))""",
    )
    assert broken == 0


def test_dates_posts_in_campaign_orders_after_posts(con):
    outside = one(
        con,
        """SELECT count(*) FROM posts JOIN campaigns USING (campaign_id)
        WHERE CAST(posted_at AS DATE) NOT BETWEEN start_date AND end_date""",
    )
    assert outside == 0
    early = one(
        con,
        """WITH first_post AS (
            SELECT campaign_id, influencer_id, min(posted_at) AS first FROM posts GROUP BY ALL)
        SELECT count(*) FROM orders JOIN affiliate_codes USING (code)
        LEFT JOIN first_post USING (campaign_id, influencer_id)
        WHERE first IS NULL OR ordered_at < first""",
    )
    assert early == 0
    lo, hi = con.execute(
        """SELECT least((SELECT min(start_date) FROM campaigns), (SELECT min(spent_on) FROM spend)),
            greatest((SELECT max(ordered_at) FROM orders), (SELECT max(spent_on) FROM spend))"""
    ).fetchone()
    assert str(lo) >= "2024-12-01" and str(hi) < "2026-02-01"


def test_ids_are_readable(con):
    assert one(con, "SELECT bool_and(campaign_id SIMILAR TO 'c[0-9]{2,}') FROM campaigns")
    assert one(con, "SELECT bool_and(influencer_id SIMILAR TO 'i[0-9]{5,}') FROM influencers")
    assert one(con, "SELECT bool_and(post_id SIMILAR TO 'p[0-9]{7,}') FROM posts")


# --- calibration --------------------------------------------------------------------------


def test_typical_er_falls_from_nano_to_mega(con):
    medians = dict(
        con.execute(
            f"""SELECT {TIER.format(f="followers_at_post")}, median(er_followers)
            FROM facts WHERE kind = 'post' GROUP BY 1"""
        ).fetchall()
    )
    ordered = [medians[t] for t in ("nano", "micro", "macro", "mega")]
    assert ordered == sorted(ordered, reverse=True) and len(set(ordered)) == 4
    assert 0.025 < medians["nano"] < 0.07 and 0.005 < medians["mega"] < 0.025


def test_cost_per_post_jumps_past_100k_followers(con):
    per_placement = dict(
        con.execute(
            f"""WITH cost AS (
                SELECT campaign_id, influencer_id, sum(spend) AS spend, sum(posts) AS posts,
                    any_value(placement_followers) AS followers
                FROM facts WHERE kind IN ('post', 'spend') AND influencer_id IS NOT NULL
                GROUP BY ALL HAVING sum(posts) > 0)
            SELECT {TIER.format(f="followers")}, median(spend / posts) FROM cost GROUP BY 1"""
        ).fetchall()
    )
    assert per_placement["macro"] > 3 * per_placement["micro"]
    assert per_placement["micro"] > per_placement["nano"]
    assert per_placement["mega"] > per_placement["macro"]
