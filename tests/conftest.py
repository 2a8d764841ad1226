"""Shared test set-up: every test gets its own database file; reader connections and
Streamlit's data cache are cleared around each test, so no result leaks across."""

from __future__ import annotations

import pytest
import streamlit as st

from campaign_roi import db


@pytest.fixture(autouse=True)
def _fresh_readers_and_caches():
    st.cache_data.clear()
    yield
    db.close_readers()
    st.cache_data.clear()
