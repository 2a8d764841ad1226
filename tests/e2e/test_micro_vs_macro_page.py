"""The Micro vs macro page in the real app on tests/known_answer.build_comparison_db: the
multiples and charts render, a sidebar filter (the tier scheme) changes the sides, and the
shared URL reopens the same view."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_run
from tests.e2e.ui import choose, metric
from tests.known_answer import build_comparison_db

pytestmark = pytest.mark.e2e


def test_micro_vs_macro_scheme_filter_charts_and_shared_url(dashboard, tmp_path):
    app = dashboard(db_path=build_comparison_db(tmp_path / "cmp.duckdb"))
    app.goto("/micro_vs_macro")
    page = app.page

    # tests/known_answer.py: lift 5% / 2.5% - 1; CPE 0.20 / 0.10; ROAS 0.5 / 0.2
    assert metric(page, "Engagement lift") == "+100%"
    assert metric(page, "Cost-efficiency multiple") == "2.00×"
    assert metric(page, "ROAS multiple") == "2.50×"
    assert page.get_by_text("Industry claim, not data: “6.7× more cost efficient”").is_visible()
    assert page.get_by_text("N = 10.0").is_visible()  # 200,000 / 20,000 followers
    # the observed mix (micro 9%, macro 91%) of 10,000: 900 / 0.10 + 9,100 / 0.20
    assert metric(page, "Expected engagements") == "54,500"
    charts = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')
    assert charts.count() == 3  # multiples, N micro vs one macro, what-if

    # five tiers: 200,000 followers is "mid", on neither side, so the macro side is empty
    choose(page, "Tier scheme", "five")
    assert "(micro 5, macro 0)" in page.get_by_text("Not enough data to compare").inner_text()
    assert page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').count() == 1  # what-if
    assert page.get_by_text("On neither side: mid.").is_visible()
    assert "scheme=five" in page.url

    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_run(shared)
    assert shared.get_by_role("combobox", name="Tier scheme", exact=True).input_value() == "five"
    assert "(micro 5, macro 0)" in shared.get_by_text("Not enough data to compare").inner_text()
    assert shared.locator('[data-testid="stException"]').count() == 0
    shared.close()
