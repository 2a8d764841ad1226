"""The Costs page in the real app: reached from the menu, the grouping (URL-bound) and a
sidebar filter change the figures, the charts render, and the shared URL reopens the
same view."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_run
from tests.e2e.ui import chart_text, charts, choose, metric, pick
from tests.known_answer import ROWS

pytestmark = pytest.mark.e2e


def test_costs_page_grouping_filter_and_shared_url(dashboard):
    app = dashboard(ROWS)
    page = app.page
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Costs", exact=True).click()
    wait_for_run(page)
    choose(page, "Period", "All time")

    # tests/test_metrics.py: spend 9,000 of which 1,250 overhead; commission 62
    assert metric(page, "Spend") == "$9,000.00"
    assert metric(page, "Commission") == "$62.00"
    assert metric(page, "Cost") == "$9,062.00"
    assert metric(page, "Unattributed spend") == "$1,250.00"
    assert charts(page).count() == 2
    ratios = chart_text(page, 0)
    assert "impressions known for 57% of posts" in ratios
    assert "unattributed" in ratios
    assert "campaign overhead" in chart_text(page, 1)  # spend by category legend

    page.locator('[data-testid="stButtonGroup"]').get_by_text("Pricing model").click()
    page.wait_for_timeout(500)
    wait_for_run(page)
    assert "cost_by=Pricing+model" in page.url  # the URL holds the label shown
    ratios = chart_text(page, 0)
    assert "per thousand views" in ratios and "mixed" in ratios
    assert page.get_by_text("the one pricing model its spend rows name").is_visible()

    pick(page, "Platform", "tiktok")
    # tiktok: s3 500 + s7 700 + BEN5 commission 18 = 1,218; overhead has no platform
    assert metric(page, "Cost") == "$1,218.00"
    assert metric(page, "Unattributed spend") == "$0.00"

    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_run(shared)
    assert metric(shared, "Cost") == "$1,218.00"
    ratios = chart_text(shared, 0)
    assert "per post" in ratios and "package" in ratios  # iB/c1 per_post, iB/c2 package
    assert "per thousand views" not in ratios  # youtube only
    assert shared.locator('[data-testid="stException"]').count() == 0
    shared.close()
