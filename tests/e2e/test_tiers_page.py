"""The Tiers page in the real app: reached from the menu, a sidebar filter changes the
charts, the benchmarks toggle draws the published series, and the shared URL reopens
the same view. Figures are read from the Plotly charts' own text (annotations)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_run
from tests.e2e.ui import chart_text, charts, choose, pick
from tests.known_answer import ROWS

pytestmark = pytest.mark.e2e


def test_tiers_page_filter_toggle_and_shared_url(dashboard):
    app = dashboard(ROWS)
    page = app.page
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Tiers", exact=True).click()
    wait_for_run(page)
    choose(page, "Period", "All time")

    # tests/test_distributions.py: nano median of 0.02, 0.1, 0.10001 = 10%; 3 posts
    assert charts(page).count() == 3
    box = chart_text(page, 0)
    assert "median 10.00%" in box and "n = 3" in box
    assert "median 2.00%" in box  # macro: p4 2,000 / 100,000
    assert "published" not in chart_text(page, 1)

    pick(page, "Platform", "tiktok")
    # tiktok posts: p3 500/10,000 and p7 600/12,000, both micro: median 5%
    box = chart_text(page, 0)
    assert "median 5.00%" in box and "n = 2" in box
    assert "median 10.00%" not in box

    page.get_by_text("Show published benchmarks").click()
    page.wait_for_timeout(500)
    wait_for_run(page)
    scatter = chart_text(page, 1)
    assert "Markerly 2016 (average)" in scatter and "HypeAuditor 2018 (median)" in scatter
    assert page.get_by_text("never mixed into your numbers").is_visible()
    assert "benchmarks=true" in page.url and "tiktok" in page.url

    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_run(shared)
    assert shared.get_by_role("heading", name="Tiers").first.is_visible()
    assert (
        "tiktok"
        in shared.locator('[data-testid="stMultiSelect"]').filter(has_text="Platform").inner_text()
    )
    box = chart_text(shared, 0)
    assert "median 5.00%" in box and "n = 2" in box
    assert "Markerly 2016 (average)" in chart_text(shared, 1)
    assert shared.locator('[data-testid="stException"]').count() == 0
    shared.close()
