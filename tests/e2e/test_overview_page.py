"""The Overview page in the real app: a sidebar filter changes the figures, the chart
renders, a ranking table's CSV holds its campaigns' typical ERs, and the shared URL reopens
the same view."""

from __future__ import annotations

import csv
import io

import pytest

from tests.e2e.conftest import wait_for_run
from tests.e2e.ui import choose, download_text, metric
from tests.known_answer import ROWS

pytestmark = pytest.mark.e2e


def test_overview_period_filter_chart_and_shared_url(dashboard):
    app = dashboard(ROWS)
    page = app.page

    # Last 90 days end on the last day with data (10 June 2025): 13 March to 10 June.
    # In it: spend s6 300 + s7 700 + s8 250 and DAN's commission 24 = 1,274; revenue 300
    assert metric(page, "Spend (cost)") == "$1,274.00"
    assert metric(page, "Revenue") == "$300.00"
    # the 90 days before (13 Dec 2024 to 12 March 2025): s1..s5 and March orders
    # 7,750 + 38 = 7,788 -> the change is 1,274 - 7,788 = -6,514 (down: good for cost)
    spend_card = page.locator('[data-testid="stMetric"]').filter(has_text="Spend (cost)")
    assert "-$6,514.00" in spend_card.inner_text()

    choose(page, "Period", "All time")
    # all time (tests/test_metrics.py): cost 9,062, revenue 2,180, ROAS 0.24x, 7 posts
    assert metric(page, "Spend (cost)") == "$9,062.00"
    assert metric(page, "ROAS") == "0.24×"
    assert metric(page, "Posts") == "7"
    assert page.get_by_text("there is no previous period to compare with").is_visible()
    assert "micro 4, macro 1" in page.get_by_text("Not enough data to compare").inner_text()
    assert page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count() >= 2
    assert "All+time" in page.url or "All%20time" in page.url

    # the best campaign's CSV (the second download: the first is cost and revenue by
    # month) with its typical ER, worked out when clicked (the table shows none)
    best = download_text(page, page.get_by_role("button", name="Download CSV").nth(1), 3)
    rows = list(csv.DictReader(io.StringIO(best)))
    assert [row["campaign"] for row in rows] == ["c1"]
    # c1: ERs 0.1, 0.02, 0.05, 0.02 (tests/test_headlines.py) -> (0.02 + 0.05) / 2
    assert float(rows[0]["typical_er"]) == pytest.approx(0.035)
    assert float(rows[0]["roas"]) == pytest.approx(1880 / 7788)

    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_run(shared)
    assert metric(shared, "Spend (cost)") == "$9,062.00"
    assert shared.get_by_role("combobox", name="Period", exact=True).input_value() == "All time"
    assert shared.locator('[data-testid="stException"]').count() == 0
    shared.close()
