"""Chart builders of the Tiers and Costs pages: traces, axes and the values they carry,
on the known-answer database (no Streamlit)."""

from __future__ import annotations

import math

import pytest

from campaign_roi import benchmarks, costs, db, distributions, metrics
from campaign_roi.charts import costs as cost_charts
from campaign_roi.charts import palette, tier_colors
from campaign_roi.charts import tiers as tier_charts
from tests.known_answer import build_known_answer_db

TIERS = ["nano", "micro", "macro", "mega"]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    connection = db.connect_ro(build_known_answer_db(tmp_path_factory.mktemp("c") / "k.duckdb"))
    yield connection
    connection.close()


def test_er_box_draws_precomputed_quantiles_on_a_log_axis(con):
    figure = tier_charts.er_box(distributions.er_distribution(con), TIERS)
    boxes = [t for t in figure.data if t.type == "box"]
    assert [b.name for b in boxes] == ["nano", "micro", "macro"]
    nano = boxes[0]
    assert nano.median == pytest.approx((0.1,))
    assert nano.q1 == pytest.approx((0.06,))
    assert nano.lowerfence == pytest.approx((0.028,))
    assert nano.y is None  # statistics only: no per-post data shipped to the browser
    assert [b.marker.color for b in boxes] == [
        tier_colors(TIERS)[t] for t in ("nano", "micro", "macro")
    ]
    assert figure.layout.yaxis.type == "log"
    pooled = next(t for t in figure.data if t.type == "scatter")
    assert "pooled" in pooled.name
    assert list(pooled.y) == pytest.approx([1_600 / 19_999, 0.05, 0.02])
    labels = [a.text for a in figure.layout.annotations]
    assert labels[0] == "median 10.00%<br>n = 3"
    # log axes place annotations in log10 units: above the 95th percentile whisker
    assert figure.layout.annotations[0].y == pytest.approx(math.log10(nano.upperfence[0]))


def test_er_box_draws_er_zero_at_a_floor(con):
    dist = distributions.er_distribution(con)
    dist.loc[0, ["p05", "q1"]] = 0.0
    box = tier_charts.er_box(dist, TIERS).data[0]
    assert 0 < box.lowerfence[0] <= tier_charts.ER_FLOOR and box.q1[0] == box.lowerfence[0]


def test_er_vs_followers_bins_trend_and_published_series(con):
    bins = distributions.er_by_followers(con)
    trend = distributions.er_trend(con)
    series = benchmarks.series(benchmarks.load())
    edges = [("micro", 10_000), ("macro", 100_000), ("nano", 0)]
    figure = tier_charts.er_vs_followers(bins, trend.line(), trend.slope, series, edges)
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis.type == "log"
    names = [t.name for t in figure.data]
    assert names[:3] == [
        "published: Markerly 2016 (average)",
        "published: HypeAuditor 2018 (average)",
        "published: HypeAuditor 2018 (median)",
    ]  # drawn first, so behind the user's own points
    ours = figure.data[3]
    assert list(ours.x) == pytest.approx([5_000, 9_999, 11_000, 100_000])
    assert list(ours.y) == pytest.approx([0.06, 1_000 / 9_999, 0.05, 0.02])
    line = figure.data[4]
    assert line.name == f"trend: ER ∝ followers^{trend.slope:.2f}"
    assert line.y[0] == pytest.approx(trend.er_at(5_000))
    markerly = figure.data[0]
    # [0, 1,000) starts a decade below its end; 100k-1M is a gap; 1M-10M as published
    assert list(markerly.x) == [100, 1_000, None, 1_000, 10_000, None, 10_000, 100_000, None,
                                1_000_000, 10_000_000, None]  # fmt: skip
    assert list(markerly.y)[:2] == [0.08, 0.08]
    hype_median = figure.data[2]
    assert list(hype_median.x)[-3:] == [1_000_000, 10_000_000, None]  # open bucket: a decade
    # tier edges as vertical lines at 10k and 100k (a tier from 0 has no line on a log axis)
    assert [shape.x0 for shape in figure.layout.shapes] == [10_000, 100_000]


def test_er_vs_followers_without_benchmarks_or_trend(con):
    bins = distributions.er_by_followers(con)
    no_trend = distributions.er_trend(con, metrics.Filters(campaigns=("none",)))
    figure = tier_charts.er_vs_followers(bins, no_trend.line(), no_trend.slope)
    assert [t.name for t in figure.data] == ["your posts: median ER per follower bin"]


def test_tier_totals_include_the_unattributed_row(con):
    by_tier = metrics.summary(con, "tier")
    figure = tier_charts.tier_totals(by_tier, TIERS, "USD")
    assert len(figure.data) == 4
    posts, placements, cost, revenue = figure.data
    assert list(posts.x) == ["nano", "micro", "macro", "unattributed"]
    assert list(posts.y) == [3, 3, 1, 0]
    assert list(placements.y) == [2, 2, 1, 0]
    assert list(cost.y) == pytest.approx([584, 1_218, 6_010, 1_250])
    assert list(revenue.y) == pytest.approx([400, 280, 1_500, 0])
    assert list(cost.marker.color)[-1] == tier_charts.neutral()
    assert list(cost.marker.color)[:3] == [tier_colors(TIERS)[t] for t in TIERS[:3]]
    assert figure.layout.yaxis3.tickprefix == "$"


def test_ratio_bars_one_panel_per_ratio_with_coverage(con):
    frame = metrics.summary(con, "tier")
    labels = costs.group_labels(frame, "tier")
    colours = cost_charts.group_colors(list(frame["group_key"]), TIERS)
    notes = costs.ratio_notes(metrics.summary(con).iloc[0])
    figure = cost_charts.ratio_bars(frame, labels, colours, notes, "USD")
    assert [t.name for t in figure.data] == ["CPE", "CPM", "CPV", "CPC", "CPA", "Cost per post"]
    cpe, cpm = figure.data[0], figure.data[1]
    assert list(cpe.x) == ["nano", "micro", "macro", "unattributed (campaign overhead)"]
    assert list(cpe.y)[:3] == pytest.approx([584 / 1_600, 1_218 / 1_100, 6_010 / 2_000])
    assert math.isnan(cpe.y[3])  # overhead has no engagements: no value, no bar
    assert list(cpm.y)[0] == pytest.approx(584 / 20_000 * 1000)
    titles = [a.text for a in figure.layout.annotations]
    assert titles[1] == "CPM <sup>(impressions known for 57% of posts)</sup>"
    assert titles[0] == "CPE"
    assert list(cpe.marker.color)[-1] == tier_charts.neutral()


def test_group_colors():
    assert cost_charts.group_colors(["a", None]) == [palette()[1], tier_charts.neutral()]
    assert cost_charts.group_colors(["micro"], TIERS) == [tier_colors(TIERS)["micro"]]


def test_spend_by_category_stacks_levels_in_contract_order(con):
    figure = cost_charts.spend_by_category(costs.spend_by_category(con), "USD")
    assert figure.layout.barmode == "stack"
    assert [t.name for t in figure.data] == [
        "tied to a post",
        "tied to a placement",
        "campaign overhead",
    ]
    post, placement, overhead = figure.data
    assert list(post.x) == ["fee", "product", "agency", "ads"]
    assert list(post.y) == pytest.approx([1_000, 0, 0, 0])
    assert list(placement.y) == pytest.approx([6_700, 50, 0, 0])
    assert list(overhead.y) == pytest.approx([0, 0, 1_000, 250])
    assert overhead.marker.color == tier_charts.neutral()
