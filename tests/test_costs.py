"""Known answers for spend by category and level and for the pricing-model view.

The dataset is tests/known_answer.py (spend s1..s8 worked out in its docstring); one
extra fixture adds a placement with no spend and one whose spend names no model.
"""

from __future__ import annotations

from datetime import date

import pytest

from campaign_roi import costs, db, metrics
from campaign_roi.metrics import Filters
from tests.dbfixtures import build_db
from tests.known_answer import ROWS, build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def cells(frame):
    return {(r["category"], r["level"]): r["spend"] for r in frame.to_dict("records")}


def test_spend_by_category_and_level_by_hand(con):
    long = costs.spend_by_category(con)
    assert cells(long) == {
        ("fee", "post"): pytest.approx(200 + 500 + 300),  # s1 p1, s3 p3, s6 p6
        ("fee", "placement"): pytest.approx(6_000 + 700),  # s4 iC/c1, s7 iB/c2
        ("product", "placement"): pytest.approx(50),  # s2 iA/c1
        ("agency", "overhead"): pytest.approx(1_000),  # s5
        ("ads", "overhead"): pytest.approx(250),  # s8
    }
    wide = costs.category_table(long).set_index("category")
    assert list(wide.index) == ["fee", "product", "agency", "ads"]  # the contract's order
    assert wide.loc["fee", "total"] == pytest.approx(200 + 500 + 6_000 + 300 + 700)
    assert wide["overhead"].sum() == pytest.approx(1_250)
    assert wide["total"].sum() == pytest.approx(metrics.summary(con).iloc[0]["spend"])


def test_spend_by_category_follows_the_filters(con):
    # campaign overhead has no tier or platform: a tier filter leaves it out, as in summary
    micro = cells(costs.spend_by_category(con, Filters(tiers=("micro",))))
    assert micro == {("fee", "post"): pytest.approx(500), ("fee", "placement"): pytest.approx(700)}
    june = cells(costs.spend_by_category(con, Filters(date_from=date(2025, 6, 1))))
    assert june == {
        ("fee", "post"): pytest.approx(300),
        ("fee", "placement"): pytest.approx(700),
        ("ads", "overhead"): pytest.approx(250),
    }
    assert costs.spend_by_category(con, Filters(date_from=date(2030, 1, 1))).empty


def by_key(frame):
    return {r["group_key"]: r for r in frame.to_dict("records")}


def test_pricing_model_view_by_hand(con):
    view = by_key(costs.pricing_model_summary(con))
    assert list(view) == ["package", "per_post", "per_thousand_views", "mixed", None]
    # iA/c1 has per_post (s1) and gifting (s2): mixed. p1, p2; commission ANNA10 10
    assert view["mixed"]["posts"] == 2 and view["mixed"]["placements"] == 1
    assert view["mixed"]["cost"] == pytest.approx(200 + 50 + 10)
    assert view["mixed"]["engagements"] == 600
    assert view["mixed"]["revenue"] == pytest.approx(100)
    # iB/c1 per_post: p3, s3 500 + BEN5 commission 12 + 6
    assert view["per_post"]["cost"] == pytest.approx(518)
    assert view["per_post"]["cpe"] == pytest.approx(518 / 500)
    # package: iC/c1 (p4, p5, s4 6,000, CARL 5 + 5) and iB/c2 (p7, s7 700)
    package = view["package"]
    assert package["placements"] == 2 and package["posts"] == 3
    assert package["cost"] == pytest.approx(6_710)
    assert package["engagements"] == 2_000 + 600
    assert package["cpm"] == pytest.approx(6_710 / (150_000 + 80_000) * 1000)
    assert package["impressions_coverage"] == pytest.approx(2 / 3)
    assert package["cpa"] == pytest.approx(6_710 / 2)
    # iD/c2 per_thousand_views: p6, s6 300 + DAN 24
    assert view["per_thousand_views"]["cost"] == pytest.approx(324)
    assert view["per_thousand_views"]["cpv"] == pytest.approx(324 / 30_000)
    # campaign overhead has no placement
    assert view[None]["cost"] == pytest.approx(1_250) and view[None]["posts"] == 0


def test_pricing_model_rows_add_up_to_the_summary(con):
    for filters in (Filters(), Filters(tiers=("nano", "micro")), Filters(campaigns=("c2",))):
        view = costs.pricing_model_summary(con, filters)
        total = metrics.summary(con, "all", filters).iloc[0]
        for figure in ("posts", "engagements", "cost", "revenue", "orders", "spend"):
            assert view[figure].sum() == pytest.approx(total[figure]), figure


def test_pricing_model_no_spend_and_not_stated(tmp_path):
    rows = {k: list(v) for k, v in ROWS.items()}
    rows["influencers"] += [
        dict(influencer_id="iE", handle="@eve", platform="tiktok", followers=3_000),
        dict(influencer_id="iF", handle="@fay", platform="tiktok", followers=4_000),
    ]
    rows["posts"] += [
        dict(post_id="p8", campaign_id="c2", influencer_id="iE", posted_at="2025-06-11",
             platform="tiktok", followers_at_post=3_000, likes=300),
        dict(post_id="p9", campaign_id="c2", influencer_id="iF", posted_at="2025-06-12",
             platform="tiktok", followers_at_post=4_000, likes=100),
    ]  # fmt: skip
    # iF's only spend is an ad behind its post, naming no pricing model; iE has no spend
    rows["spend"] += [
        dict(spend_id="s9", campaign_id="c2", post_id="p9", influencer_id="iF",
             spent_on="2025-06-12", category="ads", amount=40),
    ]  # fmt: skip
    con = db.connect_ro(build_db(tmp_path / "extra.duckdb", rows))
    view = by_key(costs.pricing_model_summary(con))
    con.close()
    assert view["no spend"]["posts"] == 1 and view["no spend"]["cost"] == pytest.approx(0)
    assert view["no spend"]["cpe"] == pytest.approx(0)
    assert view["not stated"]["cost"] == pytest.approx(40)
    assert view["not stated"]["cpe"] == pytest.approx(40 / 100)
    assert list(view) == [
        "package", "per_post", "per_thousand_views", "mixed", "no spend", "not stated", None,
    ]  # fmt: skip


def test_ads_naming_no_model_do_not_make_a_placement_mixed(tmp_path):
    rows = {k: list(v) for k, v in ROWS.items()}
    rows["spend"] = rows["spend"] + [
        dict(spend_id="s10", campaign_id="c1", post_id="p3", influencer_id="iB",
             spent_on="2025-03-06", category="ads", amount=100),
    ]  # fmt: skip
    con = db.connect_ro(build_db(tmp_path / "ads.duckdb", rows))
    view = by_key(costs.pricing_model_summary(con))
    con.close()
    assert view["per_post"]["cost"] == pytest.approx(518 + 100)


def test_cost_summary_is_metrics_summary_for_other_groupings(con):
    for by in ("tier", "platform", "campaign", "content_type"):
        ours = costs.cost_summary(con, by)
        theirs = metrics.summary(con, by)
        assert ours.equals(theirs)
        # the Costs page asks for no medians: the same rows without the typical ERs
        lean = costs.cost_summary(con, by, medians=False)
        assert lean.equals(theirs.drop(columns=list(metrics.MEDIANS)))
    lean = costs.cost_summary(con, "pricing_model", medians=False)
    assert lean.equals(costs.pricing_model_summary(con).drop(columns="typical_er"))
    with pytest.raises(ValueError):
        costs.cost_summary(con, "weekday")


def test_labels_and_coverage_notes(con):
    frame = metrics.summary(con, "tier")
    assert costs.group_labels(frame, "tier") == [
        "nano",
        "micro",
        "macro",
        "unattributed (campaign overhead)",
    ]
    campaigns = metrics.summary(con, "campaign")
    assert costs.group_labels(campaigns, "campaign") == ["Spring", "Summer"]
    pricing = costs.pricing_model_summary(con)
    assert costs.group_labels(pricing, "pricing_model")[2] == "per thousand views"
    total = metrics.summary(con).iloc[0]
    # impressions: p1 p3 p4 p5 of 7 posts; views: p2 p3 p4 p6 p7; clicks: p1 p2 p3 p4
    assert costs.ratio_notes(total) == {
        "cpm": "impressions known for 57% of posts",
        "cpv": "views known for 71% of posts",
        "cpc": "clicks known for 57% of posts",
    }
