"""Chart builders of the Results pages, called directly: traces, values, colours."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    codes = pd.DataFrame(
        {
            "code": ["A", "B", "LEAK", "NONE"],
            "handle": ["@a", "@b", "@l", "@n"],
            "placement_followers": [10_000.0, 10_000, 4_000, 10_000],
            "orders": [10.0, 12, 200, 0],
            "orders_per_1k": [1.0, 1.2, 50.0, 0.0],
            "leak_flag": [False, False, True, False],
        }
    )
    figure = charts.leakage_scatter(codes, 3.5)
    honest, flagged = figure.data
    assert list(honest.y) == [1.0, 1.2]  # the code with no sales is not drawn
    assert list(flagged.y) == [50.0] and flagged.marker.color == charts.flag_colour()
    assert figure.layout.shapes[0].y0 == 3.5
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


def test_leakage_scatter_groups_many_codes_into_cells():
    rng = np.random.default_rng(4)
    n = charts.MAX_POINTS + 500
    codes = pd.DataFrame(
        {
            "code": [f"C{k}" for k in range(n)],
            "handle": "@x",
            "placement_followers": 10 ** rng.uniform(3, 6, n),
            "orders": rng.integers(1, 50, n).astype(float),
            "orders_per_1k": 10 ** rng.uniform(-2, 1, n),
            "leak_flag": [k < 3 for k in range(n)],
        }
    )
    grouped, flagged = charts.leakage_scatter(codes, None).data
    assert len(grouped.x) < n and len(grouped.x) <= charts.GRID**2
    assert sum(grouped.customdata[:, 0]) == n - 3  # every unflagged code is in a cell
    assert len(flagged.x) == 3  # flagged codes are always drawn one by one
