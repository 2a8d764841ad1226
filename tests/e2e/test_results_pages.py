"""The Results pages in the real app (with the frame): reached from the menu, a sidebar
filter or the page's own selector changes a figure, a chart is drawn, and the shared URL
reopens the same view. Figures are hand-worked on tests/known_answer.py."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_run
from tests.e2e.ui import caption_text, charts, choose, metric, open_page, pick, press, reopen
from tests.known_answer import ROWS

pytestmark = pytest.mark.e2e


def test_affiliate_codes_page(dashboard):
    app = dashboard(ROWS)
    page = app.page
    open_page(app.page, "Affiliate codes")
    choose(page, "Period", "All time")
    # six orders, 2,180 revenue, commission 62; o2 (50) refunded apart; NOSALE sold nothing
    assert metric(page, "Orders") == "6"
    assert metric(page, "Revenue") == "$2,180.00"
    assert metric(page, "Refunded revenue") == "$50.00"
    assert metric(page, "Codes with no sales") == "1 of 5"
    assert charts(page).count() == 2
    charts(page).nth(1).locator(".main-svg").first.wait_for()

    pick(page, "Campaign", "Summer (c2)")
    assert metric(page, "Orders") == "1" and metric(page, "Revenue") == "$300.00"
    press(page, "creator")
    assert "codes_by=creator" in page.url and "c2" in page.url

    shared = reopen(page)
    try:
        assert shared.get_by_role("heading", name="Affiliate codes").first.is_visible()
        assert metric(shared, "Revenue") == "$300.00"
        assert "metrics.summary by creator" in caption_text(shared)
        assert shared.locator('[data-testid="stException"]').count() == 0
    finally:
        shared.close()


def test_campaigns_page(dashboard):
    app = dashboard(ROWS)
    page = app.page
    open_page(app.page, "Campaigns")
    assert "No date cap on this page" in caption_text(page)
    choose(page, "Campaign", "Summer (c2)")
    assert page.get_by_text("Objective: awareness.").is_visible()
    assert "Spent $1,250.00 of a $1,000.00 budget (125%)." in caption_text(page)
    assert charts(page).count() == 2
    charts(page).first.locator(".main-svg").first.wait_for()
    assert "show_campaign=Summer" in page.url

    shared = reopen(page)
    try:
        assert shared.get_by_text("Objective: awareness.").is_visible()
        assert "Spent $1,250.00 of a $1,000.00 budget" in caption_text(shared)
        assert shared.locator('[data-testid="stException"]').count() == 0
    finally:
        shared.close()


def test_creators_page(dashboard):
    app = dashboard(ROWS)
    page = app.page
    open_page(app.page, "Creators")
    choose(page, "Period", "All time")
    assert "4 of 4 creators, by revenue." in caption_text(page)
    search = page.get_by_label("Search creators")
    search.fill("an")
    search.press("Enter")
    page.wait_for_timeout(500)
    wait_for_run(page)
    assert "2 of 4 creators matching “an”" in caption_text(page)
    # @dan (iD) leads on revenue among the matches: his history is shown
    assert "9,999 followers at the first post (05 Jun 2025)" in caption_text(page)
    assert charts(page).count() == 1
    assert "creator_search=an" in page.url

    shared = reopen(page)
    try:
        assert "2 of 4 creators matching “an”" in caption_text(shared)
        charts(shared).first.locator(".main-svg").first.wait_for()
        assert charts(shared).count() == 1
        assert shared.locator('[data-testid="stException"]').count() == 0
    finally:
        shared.close()


def test_content_page(dashboard):
    app = dashboard(ROWS)
    page = app.page
    open_page(app.page, "Content")
    choose(page, "Period", "All time")
    assert page.get_by_role("heading", name="Typical ER and CPE by content type").is_visible()
    press(page, "Weekday")
    assert page.get_by_role("heading", name="Typical ER and CPE by weekday").is_visible()
    assert "6 group(s) with fewer than 10 posts" in caption_text(page)
    chart = charts(page).first
    chart.locator(".main-svg").first.wait_for()
    assert "Thu" in chart.inner_text() and "Sat" not in chart.inner_text()
    assert "breakdown=Weekday" in page.url

    shared = reopen(page)
    try:
        assert shared.get_by_role("heading", name="Typical ER and CPE by weekday").is_visible()
        assert shared.locator('[data-testid="stException"]').count() == 0
    finally:
        shared.close()
