"""Known-answer tests for every METRICS.md figure and every grouping.

The dataset is tests/known_answer.py; each expected figure is worked out here by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from campaign_roi import db, metrics
from campaign_roi.metrics import Filters
from tests.known_answer import build_known_answer_db


@pytest.fixture
def con(tmp_path):
    path = build_known_answer_db(tmp_path / "known.duckdb")
    connection = db.connect_ro(path)
    yield connection
    connection.close()


def rows_by_key(frame):
    return {row["group_key"]: row for row in frame.to_dict("records")}


def test_overall_totals(con):
    row = metrics.summary(con, "all").iloc[0]
    assert row["posts"] == 7
    assert row["placements"] == 5  # iA/c1 iB/c1 iC/c1 iD/c2 iB/c2
    assert row["posts_without_engagement"] == 1  # p5
    assert row["engagements"] == 500 + 100 + 500 + 2_000 + 1_000 + 600
    assert row["spend"] == pytest.approx(9_000.00)
    assert row["overhead_spend"] == pytest.approx(1_250.00)
    assert row["commission"] == pytest.approx(10 + 12 + 6 + 5 + 5 + 24)
    assert row["cost"] == pytest.approx(9_062.00)
    assert row["orders"] == 6  # o2 is refunded
    assert row["revenue"] == pytest.approx(2_180.00)
    assert row["refunded_orders"] == 1
    assert row["refunded_revenue"] == pytest.approx(50.00)
    # ERs 0.1, 0.02, 0.05, 0.02, 1000/9999, 0.05 -> middle two are 0.05 and 0.05
    assert row["typical_er"] == pytest.approx(0.05)
    assert row["pooled_er"] == pytest.approx(
        4_700 / (5_000 + 5_000 + 10_000 + 100_000 + 9_999 + 12_000)
    )
    assert row["roas"] == pytest.approx(2_180 / 9_062)
    assert row["roi"] == pytest.approx((2_180 - 9_062) / 9_062)
    assert row["cpe"] == pytest.approx(9_062 / 4_700)
    assert row["cpa"] == pytest.approx(9_062 / 6)
    assert row["cost_per_post"] == pytest.approx(9_062 / 7)


def test_a_summary_works_out_only_the_typical_ers_asked_for(con):
    row = metrics.summary(con, "all", medians=metrics.SHOWN_MEDIANS).iloc[0]
    assert row["typical_er"] == pytest.approx(0.05)  # as test_overall_totals works it out
    assert "typical_er_reach" not in row and "typical_er_views" not in row
    assert row["cost"] == pytest.approx(9_062.00)  # the other figures as ever
    lean = metrics.summary(con, "all", medians=False)
    assert not set(metrics.MEDIANS) & set(lean.columns)
    with pytest.raises(ValueError, match="'median_er' is not a typical ER"):
        metrics.summary(con, "all", medians=("median_er",))


def test_by_tier_with_edges_placements_and_overhead(con):
    tiers = rows_by_key(metrics.summary(con, "tier"))
    assert list(tiers) == ["nano", "micro", "macro", None]  # mega has no data

    nano = tiers["nano"]  # p1, p2, p6 (9,999 is still nano)
    assert nano["posts"] == 3
    assert nano["placements"] == 2  # iA/c1, iD/c2
    assert nano["engagements"] == 1_600
    assert nano["typical_er"] == pytest.approx(0.1)  # median of 0.02, 0.1, 0.10001
    assert nano["pooled_er"] == pytest.approx(1_600 / 19_999)
    assert nano["spend"] == pytest.approx(200 + 50 + 300)
    assert nano["commission"] == pytest.approx(10 + 24)
    assert nano["cost"] == pytest.approx(584)
    assert nano["orders"] == 2
    assert nano["revenue"] == pytest.approx(400)
    assert nano["impressions"] == 20_000
    assert nano["impressions_coverage"] == pytest.approx(1 / 3)
    assert nano["cpm"] == pytest.approx(584 / 20_000 * 1000)
    assert nano["views"] == 38_000
    assert nano["cpv"] == pytest.approx(584 / 38_000)
    assert nano["clicks"] == 120
    assert nano["cpc"] == pytest.approx(584 / 120)
    assert nano["conversion_rate"] == pytest.approx(2 / 120)
    assert nano["cpe"] == pytest.approx(584 / 1_600)
    assert nano["cpa"] == pytest.approx(292)
    assert nano["cost_per_post"] == pytest.approx(584 / 3)
    assert nano["roas"] == pytest.approx(400 / 584)
    assert nano["roi"] == pytest.approx((400 - 584) / 584)

    micro = tiers["micro"]  # p3 (exactly 10,000), p5 (99,999), p7
    assert micro["posts"] == 3
    assert micro["posts_without_engagement"] == 1
    # p5 is a micro post, but its placement iC/c1 is macro: placements count where they belong
    assert micro["placements"] == 2
    assert micro["engagements"] == 1_100
    assert micro["typical_er"] == pytest.approx(0.05)
    assert micro["pooled_er"] == pytest.approx(1_100 / 22_000)  # p5 has no engagement data
    assert micro["cost"] == pytest.approx(500 + 700 + 12 + 6)  # s3, s7, BEN5 commission
    assert micro["impressions_coverage"] == pytest.approx(2 / 3)
    assert micro["cpm"] == pytest.approx(1_218 / 130_000 * 1000)
    assert micro["cpc"] == pytest.approx(1_218 / 200)
    assert micro["revenue"] == pytest.approx(280)

    macro = tiers["macro"]  # p4 (exactly 100,000) + the iC/c1 package fee and CARL orders
    assert macro["posts"] == 1
    assert macro["placements"] == 1
    assert macro["cost"] == pytest.approx(6_000 + 5 + 5)
    assert macro["cpe"] == pytest.approx(6_010 / 2_000)
    assert macro["cpm"] == pytest.approx(6_010 / 150_000 * 1000)
    assert macro["roas"] == pytest.approx(1_500 / 6_010)

    unattributed = tiers[None]  # campaign overhead: s5 + s8
    assert unattributed["posts"] == 0
    assert unattributed["cost"] == pytest.approx(1_250)
    assert unattributed["cpe"] != unattributed["cpe"]  # NaN: no engagements -> no value


def test_five_tier_scheme_moves_the_100k_edge(con):
    tiers = rows_by_key(metrics.summary(con, "tier", Filters(scheme="five")))
    assert list(tiers) == ["nano", "micro", "mid", None]
    assert tiers["mid"]["posts"] == 2  # p4 at 100,000 and p5 at 99,999 are both mid
    assert tiers["mid"]["cost"] == pytest.approx(6_010)
    assert tiers["micro"]["posts"] == 2  # p3, p7
    assert tiers["micro"]["cost"] == pytest.approx(1_218)


def test_by_campaign(con):
    campaigns = rows_by_key(metrics.summary(con, "campaign"))
    assert list(campaigns) == ["c1", "c2"]
    # ordered by key, not by the tiers inside them (c2 has only nano and micro)
    assert list(rows_by_key(metrics.summary(con, "creator"))) == ["iA", "iB", "iC", "iD", None]
    c1, c2 = campaigns["c1"], campaigns["c2"]
    assert c1["group_label"] == "Spring"
    assert c1["posts"] == 5
    assert c1["cost"] == pytest.approx(200 + 50 + 500 + 6_000 + 1_000 + 10 + 12 + 6 + 5 + 5)
    assert c1["revenue"] == pytest.approx(1_880)
    assert c2["cost"] == pytest.approx(300 + 700 + 250 + 24)  # overhead counts in its campaign
    assert c2["engagements"] == 1_600
    assert c2["cpe"] == pytest.approx(1_274 / 1_600)


def test_by_platform(con):
    platforms = rows_by_key(metrics.summary(con, "platform"))
    assert platforms["instagram"]["posts"] == 4
    assert platforms["instagram"]["cost"] == pytest.approx(200 + 50 + 6_000 + 10 + 10)
    assert platforms["instagram"]["revenue"] == pytest.approx(1_600)
    assert platforms["tiktok"]["cost"] == pytest.approx(1_218)
    assert platforms["youtube"]["cost"] == pytest.approx(324)
    assert platforms[None]["cost"] == pytest.approx(1_250)


def test_by_content_type_leaves_placement_costs_unattributed(con):
    types = rows_by_key(metrics.summary(con, "content_type"))
    assert types["photo"]["posts"] == 2 and types["photo"]["cost"] == pytest.approx(200)
    assert types["video"]["engagements"] == 2_100
    assert types["video"]["cost"] == pytest.approx(800)  # s3 + s6, spend tied to posts
    assert types["reel"]["cost"] == pytest.approx(0)
    assert types["reel"]["cpe"] == pytest.approx(0)
    # placement spend, overhead and all commission have no content type
    assert types[None]["cost"] == pytest.approx(50 + 6_000 + 1_000 + 700 + 250 + 62)
    assert types[None]["revenue"] == pytest.approx(2_180)


def test_by_creator(con):
    creators = rows_by_key(metrics.summary(con, "creator"))
    assert creators["iA"]["group_label"] == "@anna"
    assert creators["iA"]["cost"] == pytest.approx(260)
    assert creators["iA"]["cpe"] == pytest.approx(260 / 600)
    assert creators["iB"]["placements"] == 2
    assert creators["iB"]["cost"] == pytest.approx(1_218)
    assert creators[None]["cost"] == pytest.approx(1_250)


def test_date_filter_takes_each_fact_by_its_own_date(con):
    row = metrics.summary(
        con, "all", Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 5))
    ).iloc[0]
    assert row["posts"] == 2  # p1 (3-02), p3 (3-05)
    assert row["spend"] == pytest.approx(200 + 50 + 500 + 6_000 + 1_000)  # s1..s5
    assert row["orders"] == 1  # o1; o2 refunded, o3 on 3-06
    assert row["commission"] == pytest.approx(10)
    assert row["cost"] == pytest.approx(7_760)


def test_dimension_filters(con):
    only_c2 = metrics.summary(con, "all", Filters(campaigns=("c2",))).iloc[0]
    assert only_c2["cost"] == pytest.approx(1_274)
    bolt = metrics.summary(con, "all", Filters(brands=("Bolt",))).iloc[0]
    assert bolt["cost"] == pytest.approx(1_274)
    tiktok = metrics.summary(con, "all", Filters(platforms=("tiktok",))).iloc[0]
    assert tiktok["cost"] == pytest.approx(1_218)  # overhead has no platform
    micro = metrics.summary(con, "all", Filters(tiers=("micro",))).iloc[0]
    assert micro["posts"] == 3 and micro["cost"] == pytest.approx(1_218)
    video = metrics.summary(con, "all", Filters(content_types=("video",))).iloc[0]
    assert video["posts"] == 3 and video["cost"] == pytest.approx(800)


def test_empty_filter_result_gives_no_rows(con):
    frame = metrics.summary(con, "tier", Filters(date_from=date(2030, 1, 1)))
    assert frame.empty


def test_profit_roi_only_with_a_gross_margin(tmp_path):
    path = build_known_answer_db(tmp_path / "margin.duckdb")
    con = db.connect_rw(path)
    assert (
        metrics.summary(con, "all").iloc[0]["profit_roi"]
        != metrics.summary(con, "all").iloc[0]["profit_roi"]
    )
    db.set_setting(con, "gross_margin", "0.4")
    row = metrics.summary(con, "all").iloc[0]
    assert row["profit_roi"] == pytest.approx((2_180 * 0.4 - 9_062) / 9_062)
    con.close()


def test_previous_period_has_equal_length():
    f = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    prev = f.previous_period()
    assert (prev.date_from, prev.date_to) == (date(2025, 1, 29), date(2025, 2, 28))
    assert Filters().previous_period() is None


def test_tier_by_platform_cross_table(con):
    frame = metrics.summary(con, "tier", then_by="platform")
    cells = {(r["group_key"], r["group_key2"]): r for r in frame.to_dict("records")}
    # nano: p1, p2 on instagram (iA), p6 on youtube (iD)
    assert cells[("nano", "instagram")]["posts"] == 2
    assert cells[("nano", "instagram")]["cost"] == pytest.approx(200 + 50 + 10)
    assert cells[("nano", "youtube")]["cost"] == pytest.approx(300 + 24)
    assert cells[("micro", "tiktok")]["cost"] == pytest.approx(1_218)
    assert cells[("micro", "instagram")]["posts"] == 1  # p5, the 99,999 post of @carl
    assert cells[(None, None)]["cost"] == pytest.approx(1_250)
    assert sum(r["cost"] for r in cells.values()) == pytest.approx(9_062)
