"""Chart builders of the Results pages, called directly: traces, values, colours."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from campaign_roi.charts import palette, primary
from campaign_roi.charts import results as charts


def test_code_revenue_has_refunds_beside_revenue():
    frame = pd.DataFrame(
        {
            "period_start": pd.to_datetime(["2025-03-01", "2025-06-01"]),
            "revenue": [1_880.0, 300.0],
            "refunded_revenue": [50.0, 0.0],
        }
    )
    figure = charts.code_revenue(frame, "month")
    revenue, refunds = figure.data
    assert list(revenue.y) == [1_880, 300] and list(refunds.y) == [50, 0]
    assert refunds.name.startswith("Refunded") and refunds.marker.color == charts.flag_colour()
    assert figure.layout.yaxis.tickprefix == "$"


def test_leakage_scatter_marks_flagged_codes_and_the_fence():
    points = pd.DataFrame(
        {
            "code": ["A", "B"],
            "handle": ["@a", "@b"],
            "placement_followers": [10_000.0, 10_000],
            "orders": [10.0, 12],
            "orders_per_1k": [1.0, 1.2],
        }
    )
    flagged = pd.DataFrame(
        {
            "code": ["LEAK", "LATE0"],
            "handle": ["@l", "@z"],
            "placement_followers": [4_000.0, 0.0],  # no followers: no rate to draw
            "orders": [200.0, 12],
            "orders_per_1k": [50.0, None],
        }
    )
    figure = charts.leakage_scatter(points, points.iloc[:0].assign(codes=[]), flagged, 3.5)
    honest, drawn = figure.data
    assert list(honest.y) == [1.0, 1.2] and list(drawn.y) == [50.0]
    # the hover names the code and its creator and counts its orders
    assert list(drawn.text) == ["LEAK (@l)"] and list(drawn.customdata) == [200.0]
    assert list(honest.text) == ["A (@a)", "B (@b)"]
    assert drawn.marker.color == charts.flag_colour()
    assert figure.layout.shapes[0].y0 == 3.5
    # its label at the line: a log axis places annotations in log10 units
    label = figure.layout.annotations[0]
    assert label.text == "flag above 3.5 per 1k" and label.y == pytest.approx(math.log10(3.5))
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis.type == "log"


def test_budget_pacing_and_timeline():
    days = pd.DataFrame(
        {
            "day": pd.to_datetime(["2025-06-01", "2025-06-05", "2025-06-10"]),
            "cumulative_spend": [950.0, 1_250, 1_250],
            "posts": [0.0, 1, 1],
            "orders": [0.0, 1, 0],
        }
    )
    pacing = charts.budget_pacing(days, 1_000.0)
    assert list(pacing.data[0].y) == [950, 1_250, 1_250]
    assert pacing.layout.shapes[0].y0 == 1_000  # the budget line
    assert len(charts.budget_pacing(days, None).layout.shapes) == 0
    timeline = charts.campaign_timeline(days, "week")
    posts, orders = timeline.data
    assert list(posts.y) == [0, 1, 1] and list(orders.y) == [0, 1, 0]
    assert timeline.layout.yaxis.title.text == "posts per week"


def test_follower_growth_one_colour_per_campaign():
    posts = pd.DataFrame(
        {
            "posted_at": pd.to_datetime(["2025-03-05", "2025-06-10"]),
            "followers_at_post": [10_000.0, 12_000],
            "campaign_name": ["Spring", "Summer"],
        }
    )
    figure = charts.follower_growth(posts)
    line, spring, summer = figure.data
    assert list(line.y) == [10_000, 12_000]
    assert (spring.name, list(spring.y)) == ("Spring", [10_000])
    assert spring.marker.color != summer.marker.color
    assert {spring.marker.color, summer.marker.color} <= set(palette())


def test_breakdown_draws_thin_groups_pale():
    frame = pd.DataFrame(
        {
            "group_key": ["reel", "video", None],
            "label": ["reel", "video", "unattributed"],
            "posts": [40.0, 3, 0],
            "typical_er": [0.05, 0.02, None],
            "cpe": [0.4, 1.2, None],
            "thin": [False, True, False],
        }
    )
    figure = charts.breakdown(frame, "Content type")
    er, cpe = figure.data
    assert list(er.x) == ["reel", "video"]  # the unattributed row stays in the table
    assert list(er.y) == [0.05, 0.02] and list(cpe.y) == [0.4, 1.2]
    assert list(er.marker.opacity) == [1.0, charts.THIN_OPACITY]
    assert list(er.text) == ["40 posts", "3 posts ⚠"]
    assert er.marker.color == primary()


def test_leakage_scatter_draws_cells_sized_by_codes():
    cells = pd.DataFrame(
        {
            "placement_followers": [10_000.0, 50_000],
            "orders_per_1k": [1.3, 1.8],
            "codes": [4, 100],
            "orders": [52.0, 1_800],
        }
    )
    flagged = pd.DataFrame(
        {"code": ["LEAK"], "handle": ["@l"], "placement_followers": [4_000.0],
         "orders": [200.0], "orders_per_1k": [50.0]}
    )  # fmt: skip
    grouped, drawn = charts.leakage_scatter(cells.iloc[:0], cells, flagged, None).data
    assert grouped.name == "Codes (104, grouped where close)"
    # marker area by codes: 4 + 3 sqrt(codes), from 4 to 30
    assert list(grouped.marker.size) == [10, 30]
    assert list(grouped.customdata[:, 0]) == [4, 100]
    assert list(drawn.y) == [50.0]  # flagged codes are always drawn one by one
    assert drawn.name == "Flagged codes"
    # past the flagged codes fetched, the legend says which are drawn
    many = charts.leakage_scatter(cells.iloc[:0], cells, flagged, None, flagged_total=9_307)
    assert many.data[1].name == "Flagged codes (the 1 with most revenue of 9,307)"


def test_leakage_scatter_draws_thousands_of_markers_with_webgl():
    flagged = pd.DataFrame(
        {"code": ["LEAK"], "handle": ["@l"], "placement_followers": [4_000.0],
         "orders": [200.0], "orders_per_1k": [50.0]}
    )  # fmt: skip

    def cells(n: int) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "placement_followers": np.linspace(1_000.0, 1e6, n),
                "orders_per_1k": np.linspace(0.1, 2.0, n),
                "codes": np.ones(n, dtype=int),
                "orders": np.full(n, 10.0),
            }
        )

    # 999 cells and the flagged code: 1,000 markers, SVG; one cell more, WebGL for all
    svg = charts.leakage_scatter(cells(0), cells(999), flagged, 3.5)
    gl = charts.leakage_scatter(cells(0), cells(1_000), flagged, 3.5)
    assert [t.type for t in svg.data] == ["scatter", "scatter"]
    assert [t.type for t in gl.data] == ["scattergl", "scattergl"]
    assert len(gl.data[0].x) == 1_000 and list(gl.data[1].y) == [50.0]
    assert gl.layout.shapes[0].y0 == 3.5  # the fence as before
