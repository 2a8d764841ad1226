"""Shared test set-up: every test gets its own database file; reader connections and
Streamlit's data cache are cleared around each test, so no result leaks across."""

from __future__ import annotations

import os

# Every chart checked against Plotly's schema as it is built (charts.figure); the server
# skips that. Set before the package is imported; the browser tests' servers run without
# it, as users run the dashboard (tests/e2e/conftest.py).
os.environ["CAMPAIGN_ROI_VALIDATE_CHARTS"] = "1"

import copy  # noqa: E402
import json  # noqa: E402

import plotly.io as pio  # noqa: E402
import pytest  # noqa: E402
import streamlit as st  # noqa: E402

from campaign_roi import charts, db  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_readers_and_caches():
    st.cache_data.clear()
    yield
    db.close_readers()
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def _charts_send_the_same_unchecked(monkeypatch):
    """Every chart a test builds (charts.figure) is built checked against Plotly's schema,
    as the tests have it, and unchecked, as the server builds it: what Streamlit would
    send (the figure's dict as JSON) must be the same."""
    build = charts._build

    def both(traces, layout):
        unchecked = _unchecked(copy.deepcopy(traces), copy.deepcopy(layout))
        checked = build(traces, layout)
        sent = [json.loads(pio.to_json(f.to_dict(), validate=False)) for f in (checked, unchecked)]
        assert sent[0] == sent[1], "a chart built unchecked differs from the checked one"
        return checked

    monkeypatch.setattr(charts, "_build", both)


def _unchecked(traces, layout):
    """The figure as the server builds it (charts.VALIDATE off)."""
    return charts.go.Figure(data=traces, layout=layout, _validate=False)


@pytest.fixture
def statements_run(monkeypatch) -> list[str]:
    """The names of the statements db.run_sql runs from here on (named queries and
    composed ones alike), in order."""
    names: list[str] = []
    run_sql = db.run_sql

    def noted(con, sql, params=None, name="composed query"):
        names.append(name)
        return run_sql(con, sql, params, name)

    monkeypatch.setattr(db, "run_sql", noted)
    return names
