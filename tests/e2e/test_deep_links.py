"""A shared link opened as the very first request to a freshly started server still
gets the frame (navigation, sidebar filters) and the filter state it carries.

Streamlit runs a deep link through its legacy pages/-folder mode, without the frame,
when a folder named `pages` sits beside the entry script and no session has run the
entry script yet; the pages therefore live in views/.
"""

from __future__ import annotations

from tests.known_answer import ROWS


def test_a_deep_link_to_a_fresh_server_gets_the_frame_and_its_filters(dashboard):
    app = dashboard(ROWS, first_path="/costs?platform=tiktok&period=All+time")
    page = app.page
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert "For executives" in nav.inner_text()  # the frame's own navigation
    assert page.get_by_text("Tier scheme").count() == 1  # the shared filters
    # tiktok only, all time: s3 500 + s7 700 spend and BEN5's 12 + 6 commission
    assert app.metric("Cost") == "$1,218.00"
