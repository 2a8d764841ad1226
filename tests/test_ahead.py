"""Asking ahead (app_state.ahead): what a page will ask later is worked out on the server's
second thread, on the run's committed state, into the cache the page then reads; a
commit since the run began, or the run's end, skips or stops it; its errors are left
for the page to meet."""

from __future__ import annotations

import threading

import pytest

from campaign_roi import app_state, db, importer, metrics
from tests.test_importer import BATCH, _sources

CALLS: list[tuple[str, bool, int]] = []


def doubled(con, value: int) -> int:
    """A cached function that notes where it ran and what it read (posts in the state)."""
    posts = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    CALLS.append((threading.current_thread().name, db.is_pinned(con), posts))
    return value * 2


def endless(con) -> int:
    """A query that would run for many minutes unless stopped."""
    return con.execute(
        "SELECT count(*) FROM range(1000000000000) AS r(i) WHERE i % 7 = 3"
    ).fetchone()[0]


def broken(con) -> int:
    raise ValueError("this ask fails")


@pytest.fixture
def path(tmp_path, monkeypatch):
    path = tmp_path / "ahead.duckdb"
    db.connect_rw(path).close()
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    CALLS.clear()
    yield path
    app_state.end_run()


def _second_thread_idle() -> None:
    """Wait until every ask submitted so far has run (one thread: in order)."""
    app_state._ahead_pool.submit(lambda: None).result(timeout=60)


def test_an_answer_asked_ahead_is_computed_once_on_the_second_thread(path):
    app_state.begin_run()
    app_state.ahead(lambda: app_state.cached(doubled, 21))
    _second_thread_idle()
    assert app_state.cached(doubled, 21) == 42  # the page's own ask: from the cache
    assert len(CALLS) == 1
    thread, pinned, posts = CALLS[0]
    assert thread.startswith("campaign-roi-ahead") and pinned and posts == 0


def test_an_ask_ahead_reads_the_runs_state_or_nothing(path):
    app_state.begin_run()
    # an import commits after the run began: the run still reads 0 posts, so an answer
    # asked ahead now (which would read 2) is not worked out at all
    assert importer.import_batch(db.writer(path), _sources(BATCH), source="page").written
    app_state.ahead(lambda: app_state.cached(doubled, 5))
    _second_thread_idle()
    assert CALLS == []
    assert app_state.cached(doubled, 5) == 10  # the page works it out on its own state
    assert [posts for _, _, posts in CALLS] == [0]
    app_state.end_run()
    # the next run reads the new state, ahead or not
    app_state.begin_run()
    app_state.ahead(lambda: app_state.cached(doubled, 6))
    _second_thread_idle()
    assert [posts for _, _, posts in CALLS] == [0, 2]


def test_the_runs_end_skips_what_it_asked_ahead_and_did_not_start(path):
    held = threading.Event()
    app_state._ahead_pool.submit(held.wait, 60)  # the second thread is busy meanwhile
    app_state.begin_run()
    app_state.ahead(lambda: app_state.cached(doubled, 7))
    app_state.end_run()
    held.set()
    _second_thread_idle()
    assert CALLS == []


def test_the_runs_end_stops_what_is_running_ahead(path):
    app_state.begin_run()
    app_state.ahead(lambda: app_state.cached(endless))
    threading.Event().wait(0.5)  # let it start
    app_state.end_run()
    _second_thread_idle()  # stopped: minutes of work otherwise (and 60 s at most here)


def test_an_error_ahead_is_left_for_the_page_to_meet(path):
    app_state.begin_run()
    app_state.ahead(lambda: app_state.cached(broken))
    app_state.ahead(lambda: app_state.cached(doubled, 1))  # the thread goes on
    _second_thread_idle()
    assert len(CALLS) == 1
    with pytest.raises(ValueError, match="this ask fails"):
        app_state.cached(broken)


def test_outside_a_dashboard_run_nothing_is_asked_ahead(path):
    app_state.ahead(lambda: app_state.cached(doubled, 3))  # no begin_run: a page alone
    _second_thread_idle()
    assert CALLS == []


def test_a_summary_asked_ahead_equals_the_one_worked_out_in_place(path):
    assert importer.import_batch(db.writer(path), _sources(BATCH), source="page").written
    app_state.begin_run()
    filters = metrics.Filters(platforms=("instagram",))
    app_state.ahead(lambda: app_state.summary("platform", filters))
    _second_thread_idle()
    ahead = app_state.summary("platform", filters)
    in_place = metrics.summary(db.reader(path), "platform", filters)
    assert ahead.equals(in_place)
    assert int(ahead["posts"].sum()) >= 1
