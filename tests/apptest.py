"""Running one page body with AppTest (the frame is tested in the browser instead)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from campaign_roi import app_state
from campaign_roi.metrics import Filters
from campaign_roi.paths import VIEWS_DIR

TIMEOUT = 60


def run_page(page: str, filters: Filters | None = None) -> AppTest:
    """Run views/<page> once, with the shared filters the frame would have set."""
    at = AppTest.from_file(str(VIEWS_DIR / page), default_timeout=TIMEOUT)
    if filters is not None:
        at.session_state[app_state.FILTERS_KEY] = filters
    at.run()
    assert not at.exception, at.exception
    return at
