"""Chart builders of the Overview and Micro vs macro pages: traces, axes and values, on
the hand-worked datasets of tests/known_answer.py."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from campaign_roi import charts, db, headlines, metrics, planning, trends
from campaign_roi.charts import compare as compare_charts
from campaign_roi.charts import overview as overview_charts
from campaign_roi.metrics import Filters
from tests.known_answer import build_comparison_db, build_known_answer_db


@pytest.fixture
def known(tmp_path):
    con = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield con
    con.close()


@pytest.fixture
def comparison(tmp_path):
    con = db.connect_ro(build_comparison_db(tmp_path / "cmp.duckdb"))
    yield con
    con.close()


def test_spend_vs_revenue_bars(known):
    series = trends.spend_and_revenue(
        known, Filters(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    )
    figure = overview_charts.spend_vs_revenue(series.frame, series.grain, "USD")
    cost, revenue = figure.data
    assert (cost.name, revenue.name) == ("Cost", "Revenue")
    assert cost.type == revenue.type == "bar"
    assert list(cost.y) == pytest.approx([0, 0, 7_788, 0, 0, 1_274])  # January to June
    assert list(revenue.y) == pytest.approx([0, 0, 1_880, 0, 0, 300])
    assert pd.Timestamp(cost.x[2]) == pd.Timestamp("2025-03-01")
    assert cost.marker.color == charts.palette()[2]
    assert revenue.marker.color == charts.primary()
    assert figure.layout.yaxis.tickprefix == "$"
    assert figure.layout.xaxis.tickformat == "%b %Y"  # monthly


def test_campaign_roas_bars(known):
    ranking = headlines.rank_campaigns(metrics.summary(known, "campaign"))
    figure = overview_charts.campaign_roas(ranking.best, ranking.worst)
    best, worst = figure.data
    assert list(best.y) == ["Spring"] and list(worst.y) == ["Summer"]
    assert best.x[0] == pytest.approx(1_880 / 7_788)
    assert worst.x[0] == pytest.approx(300 / 1_274)
    assert best.orientation == "h"
    assert figure.layout.shapes[0].x0 == 1  # break-even


def test_multiples_chart_with_claims(comparison):
    result = metrics.compare(comparison)
    claims = {name: ratio for name, (_, ratio) in headlines.CLAIMS.items()}
    figure = compare_charts.multiples(result, claims)
    ours, claimed = figure.data
    # engagement as a ratio: lift 1.0 -> 2.0x; cost efficiency 2.0x; ROAS multiple 2.5x
    assert list(ours.x) == pytest.approx([2.0, 2.0, 2.5])
    low = result.cost_efficiency_multiple.low
    assert ours.error_x.arrayminus[1] == pytest.approx(2.0 - low)
    assert list(claimed.x) == [1.6, 6.7]
    assert claimed.name == "Industry claim (not data)"
    assert figure.layout.xaxis.type == "log"


def test_equal_followers_chart(comparison):
    result = planning.equal_followers(metrics.placements(comparison), ["micro"], ["macro"])
    figure = compare_charts.equal_followers(result, "USD")
    engagements, cost, revenue = figure.data
    assert list(engagements.x) == ["10.0 micro", "1 macro"]
    assert list(engagements.y) == [10_000, 5_000]
    assert list(cost.y) == [1_000, 1_000]
    assert list(revenue.y) == [500, 200]
    assert list(cost.text) == ["$1,000", "$1,000"]


def test_what_if_chart(comparison):
    result = planning.what_if(metrics.placements(comparison), 1_000, {"micro": 0.5, "macro": 0.5})
    scheme = ["nano", "micro", "macro", "mega"]
    figure = compare_charts.what_if(result, scheme)
    engagements, revenue = figure.data
    assert list(engagements.x) == ["micro", "macro"]
    assert list(engagements.y) == pytest.approx([5_000, 2_500])
    assert list(revenue.y) == pytest.approx([250, 100])
    colours = charts.tier_colors(scheme)
    assert list(engagements.marker.color) == [colours["micro"], colours["macro"]]
    assert engagements.error_y.array[0] > 0
