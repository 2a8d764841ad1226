"""Shared test set-up: every test gets its own database file; reader connections and
Streamlit's data cache are cleared around each test, so no result leaks across."""

from __future__ import annotations

import os

# Every chart checked against Plotly's schema as it is built (charts.figure); the server
# skips that. Set before the package is imported, and passed on to the servers the
# browser tests start.
os.environ["CAMPAIGN_ROI_VALIDATE_CHARTS"] = "1"

import pytest  # noqa: E402
import streamlit as st

from campaign_roi import db


@pytest.fixture(autouse=True)
def _fresh_readers_and_caches():
    st.cache_data.clear()
    yield
    db.close_readers()
    st.cache_data.clear()
