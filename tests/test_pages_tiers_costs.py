"""The Tiers and Costs pages run alone (AppTest, without the frame) on the known-answer
database and show the hand-worked figures, the same ones metrics.summary (what the CLI
prints) returns for the same filters. Charts are read from the figure spec sent to the
browser."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from campaign_roi import costs, db, metrics
from campaign_roi.formatting import money, percent
from campaign_roi.metrics import Filters
from tests.apptest import run_page
from tests.known_answer import build_known_answer_db


@pytest.fixture
def known(tmp_path, monkeypatch) -> Path:
    path = build_known_answer_db(tmp_path / "known.duckdb")
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    return path


def _decode(value):
    """Plotly sends numeric arrays as typed arrays ({"dtype", "bdata"}); read them back."""
    if isinstance(value, dict) and "bdata" in value:
        return list(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]))
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _figures(at: AppTest) -> list[dict]:
    return [_decode(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def _table(at: AppTest, first_heading: str):
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_heading)


def _summary(path: Path, by: str, filters: Filters | None = None, then_by: str | None = None):
    con = db.reader(path)  # the app holds the file read-write, as the server does
    try:
        return metrics.summary(con, by, filters, then_by)
    finally:
        con.close()


def test_tiers_page_known_answer(known):
    at = run_page("tiers.py")
    box, scatter, totals = _figures(at)

    boxes = [t for t in box["data"] if t["type"] == "box"]
    assert [b["name"] for b in boxes] == ["nano", "micro", "macro"]
    assert boxes[0]["median"] == pytest.approx([0.1])  # median of 0.02, 0.1, 0.10001
    assert boxes[0]["q1"] == pytest.approx([0.06])
    assert box["layout"]["yaxis"]["type"] == "log"
    assert scatter["layout"]["xaxis"]["type"] == "log"
    assert not any(t["name"].startswith("published") for t in scatter["data"])  # toggle off
    posts, placements, cost, revenue = totals["data"]
    assert posts["x"] == ["nano", "micro", "macro", "unattributed"]
    assert cost["y"] == pytest.approx([584, 1_218, 6_010, 1_250])
    assert revenue["y"] == pytest.approx([400, 280, 1_500, 0])

    tiers = _table(at, "Tier")  # the ER distribution table comes first
    assert list(tiers["Typical ER (median)"]) == ["10.00%", "5.00%", "2.00%"]
    assert list(tiers["Posts with ER"]) == ["3", "2", "1"]

    by_tier = next(d.value for d in at.dataframe if "Placements" in d.value.columns)
    assert list(by_tier["Tier"]) == ["nano", "micro", "macro", "unattributed (campaign overhead)"]
    assert list(by_tier["Cost"]) == ["$584.00", "$1,218.00", "$6,010.00", "$1,250.00"]
    assert list(by_tier["Posts"]) == ["3", "3", "1", "0"]
    assert list(by_tier["Placements"]) == ["2", "2", "1", "0"]
    assert list(by_tier["Revenue"]) == ["$400.00", "$280.00", "$1,500.00", "$0.00"]
    assert list(by_tier["Pooled ER"])[:3] == [percent(1_600 / 19_999, 2), "5.00%", "2.00%"]
    # the same numbers as metrics.summary (= the CLI) for the same filters
    summary = _summary(known, "tier")
    assert list(by_tier["Cost"]) == [money(v) for v in summary["cost"]]
    assert list(by_tier["Typical ER (median)"]) == [percent(v, 2) for v in summary["typical_er"]]

    cross = next(d.value for d in at.dataframe if "Platform" in d.value.columns)
    cells = dict(
        zip(zip(cross["Tier"], cross["Platform"], strict=True), cross["Cost"], strict=True)
    )
    assert cells[("nano", "instagram")] == "$260.00"  # s1 200 + s2 50 + ANNA10 10
    assert cells[("nano", "youtube")] == "$324.00"
    assert cells[("micro", "tiktok")] == "$1,218.00"
    assert cells[("unattributed (campaign overhead)", "—")] == "$1,250.00"
    assert all(c.value.startswith("Definition:") for c in at.caption[:4])


def test_tiers_page_benchmarks_toggle(known):
    at = run_page("tiers.py")
    at.toggle(key="benchmarks").set_value(True).run()
    assert not at.exception
    scatter = _figures(at)[1]
    names = [t["name"] for t in scatter["data"]]
    assert names[:3] == [
        "published: Markerly 2016 (average)",
        "published: HypeAuditor 2018 (average)",
        "published: HypeAuditor 2018 (median)",
    ]
    captions = " ".join(c.value for c in at.caption)
    assert "Markerly 2016: likes / followers" in captions
    assert "never mixed into your numbers" in captions
    published = next(d.value for d in at.dataframe if "source" in d.value.columns)
    assert set(published["source"]) == {"Markerly", "HypeAuditor"}


def test_tiers_page_follows_the_shared_filters(known):
    filters = Filters(platforms=("tiktok",))
    at = run_page("tiers.py", filters)
    by_tier = next(d.value for d in at.dataframe if "Placements" in d.value.columns)
    assert list(by_tier["Tier"]) == ["micro"]  # overhead has no platform: left out
    assert list(by_tier["Cost"]) == ["$1,218.00"]
    assert list(by_tier["Cost"]) == [money(v) for v in _summary(known, "tier", filters)["cost"]]


def test_costs_page_known_answer(known):
    at = run_page("costs.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown == {
        "Spend": "$9,000.00",
        "Commission": "$62.00",
        "Cost": "$9,062.00",
        "Unattributed spend": "$1,250.00",
    }
    ratios, categories = _figures(at)
    cpe = ratios["data"][0]
    assert cpe["x"] == ["nano", "micro", "macro", "unattributed"]
    assert cpe["y"][:3] == pytest.approx([584 / 1_600, 1_218 / 1_100, 6_010 / 2_000])
    assert "impressions known for 57% of posts" in ratios["layout"]["annotations"][1]["text"]
    assert categories["layout"]["barmode"] == "stack"

    table = _table(at, "Tier")
    assert list(table["CPE"]) == ["$0.365", "$1.107", "$3.005", "—"]
    assert list(table["CPM"])[:3] == [money(584 / 20, "USD"), money(1_218 / 130), "$40.07"]
    assert list(table["Impressions known"]) == ["33%", "67%", "100%", "—"]
    summary = _summary(known, "tier")
    assert list(table["CPA"]) == [money(v) for v in summary["cpa"]]
    assert list(table["Cost per post"]) == [money(v) for v in summary["cost_per_post"]]

    spend = _table(at, "Category")
    assert list(spend["Category"]) == ["fee", "product", "agency", "ads"]
    assert list(spend["Total"]) == ["$7,700.00", "$50.00", "$1,000.00", "$250.00"]
    assert list(spend["Campaign overhead"]) == ["$0.00", "$0.00", "$1,000.00", "$250.00"]
    assert list(spend["Tied to a post"])[0] == "$1,000.00"
    assert list(spend["Tied to a placement"])[0] == "$6,700.00"


@pytest.mark.parametrize("by", ["platform", "campaign", "content_type"])
def test_costs_page_groupings_equal_the_summary(known, by):
    at = run_page("costs.py")
    at.segmented_control(key="cost_by").set_value(by).run()
    assert not at.exception
    table = _table(at, costs.GROUPING_LABELS[by])
    summary = _summary(known, by)
    assert list(table[costs.GROUPING_LABELS[by]]) == costs.group_labels(summary, by)
    for column, figure in (("Cost", "cost"), ("CPE", "cpe"), ("CPV", "cpv"), ("CPC", "cpc")):
        digits = {"cpe": 3, "cpv": 4}.get(figure, 2)
        assert list(table[column]) == [money(v, "USD", digits) for v in summary[figure]]


def test_costs_page_pricing_model(known):
    at = run_page("costs.py")
    at.segmented_control(key="cost_by").set_value("pricing_model").run()
    assert not at.exception
    table = _table(at, "Pricing model")
    assert list(table["Pricing model"]) == [
        "package",
        "per post",
        "per thousand views",
        "mixed",
        "unattributed (campaign overhead)",
    ]
    assert list(table["Cost"]) == ["$6,710.00", "$518.00", "$324.00", "$260.00", "$1,250.00"]
    assert any("one pricing model its spend rows name" in c.value for c in at.caption)


def test_empty_filter_results_show_an_empty_state(known):
    nothing = Filters(date_from=date(2030, 1, 1), date_to=date(2030, 1, 31))
    for page in ("tiers.py", "costs.py"):
        at = run_page(page, nothing)
        assert "No posts, spend or orders" in at.info[0].value
        assert not at.get("plotly_chart")


def test_spend_without_posts_shows_no_er_but_costs(tmp_path, monkeypatch, statements_run):
    from tests.dbfixtures import build_db

    path = build_db(
        tmp_path / "spend_only.duckdb",
        {
            "influencers": [dict(influencer_id="i", handle="@i", platform="tiktok", followers=50)],
            "campaigns": [dict(campaign_id="c", name="C")],
            "spend": [dict(spend_id="s", campaign_id="c", influencer_id="i",
                           spent_on="2025-01-01", category="fee", amount=100)],
        },
    )  # fmt: skip
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    asked = statements_run
    asked.clear()  # not the build's
    at = run_page("tiers.py")
    # both ER sections empty; the summary had no post, so no ER was asked for
    empty = [i.value for i in at.info if i.value.startswith("No posts with engagement data")]
    assert len(empty) == 2, [i.value for i in at.info]
    ers = {"er_distribution", "er_by_followers", "er_trend", "fast_follower_bins"}
    ers |= {f"fast_{name}" for name in ers} | {"fast_value_counts", "fast_value_pick"}
    assert "fast_summary" in asked and not ers & set(asked), asked
    at = run_page("costs.py")
    assert {m.label: m.value for m in at.metric}["Cost"] == "$100.00"
