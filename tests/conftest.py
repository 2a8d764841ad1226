"""Shared test set-up: every test gets its own database file; reader caches are closed."""

from __future__ import annotations

import pytest

from campaign_roi import db


@pytest.fixture(autouse=True)
def _close_cached_readers():
    yield
    db.close_readers()
