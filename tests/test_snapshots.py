"""A viewer reading while an import runs sees the old data or the new, never a mix.

The dashboard server owns the database: imports commit on a cursor of its connection
while other sessions read. Each page run reads through one snapshot (app_state.begin_run),
so a run that starts before a commit and ends after it still shows one state.
"""

from __future__ import annotations

import threading

import pytest

from campaign_roi import aggregates, app_state, db, importer, metrics
from tests.test_importer import BATCH, _sources


def _counts(con) -> tuple[int, int]:
    posts = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    orders = con.execute("SELECT count(*) FROM orders").fetchone()[0]
    return posts, orders


@pytest.fixture
def path(tmp_path, monkeypatch):
    path = tmp_path / "shared.duckdb"
    db.connect_rw(path).close()
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    return path


def _import(path) -> importer.ImportReport:
    return importer.import_batch(db.writer(path), _sources(BATCH), source="page")


def test_a_snapshot_keeps_its_state_across_a_commit(path):
    viewer, version = db.snapshot(path)
    assert viewer.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    assert _import(path).written
    # the same run's next query still reads the state it started with ...
    assert _counts(viewer) == (0, 0)
    viewer.close()
    # ... while a run that starts now reads the batch: 2 posts, 2 orders
    fresh, new_version = db.snapshot(path)
    assert _counts(fresh) == (2, 2)
    assert new_version == version + 1
    fresh.close()


def test_a_reader_never_sees_an_import_half_written(path):
    posts_written = threading.Event()
    checked = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(step: str, fraction: float) -> None:
        if step == "writing orders":  # posts and spend are written, not committed
            posts_written.set()
            checked.wait(timeout=30)

    def run_import() -> None:
        importer.import_batch(db.writer(path), _sources(BATCH), progress=progress)

    worker = threading.Thread(target=run_import)
    worker.start()
    assert posts_written.wait(timeout=30)
    reader = db.reader(path)
    seen.append(_counts(reader))
    checked.set()
    worker.join(timeout=30)
    seen.append(_counts(db.reader(path)))
    assert seen == [(0, 0), (2, 2)]


def test_a_page_run_reads_one_state_and_the_next_run_the_new_one(path):
    app_state.begin_run()
    before = app_state.summary("all")
    assert before.empty  # nothing yet
    assert _import(path).written
    # later in the same run, another figure: still the state the run started with
    assert app_state.summary("all", metrics.Filters(platforms=("instagram",))).empty
    app_state.end_run()
    app_state.begin_run()
    try:
        after = app_state.summary("all")
    finally:
        app_state.end_run()
    assert int(after.iloc[0]["posts"]) == 2


def _memory_limit(con) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_the_server_reads_under_its_memory_limit_and_writes_above_it(path):
    # DuckDB prints a limit as GiB (1,000,000,000 bytes = 953.6 MiB); compare it with the
    # same setting made on a scratch database
    import duckdb

    def printed(limit: str) -> str:
        scratch = duckdb.connect()
        db.set_memory_limit(scratch, limit)
        text = _memory_limit(scratch)
        scratch.close()
        return text

    viewer = db.reader(path)
    assert _memory_limit(viewer) == printed(db.SERVER_MEMORY_LIMIT)
    with app_state.writing("a test write") as writer:
        assert _memory_limit(writer) == printed(db.WRITE_MEMORY_LIMIT)
        assert printed(db.WRITE_MEMORY_LIMIT) != printed(db.SERVER_MEMORY_LIMIT)
    assert _memory_limit(db.reader(path)) == printed(db.SERVER_MEMORY_LIMIT)
    viewer.close()


def test_the_server_refreshes_pre_aggregates_of_other_definitions_once(path, monkeypatch):
    """After an upgrade that changed data/aggregates.sql, the first run brings the file's
    pre-aggregates up to date (else every page reads the raw views: right, but slow at
    scale); a server checks a file once."""
    monkeypatch.setattr(app_state, "_checked_aggregates", set())
    assert _import(path).written  # an import refreshes them
    assert not app_state.aggregates_stale(path)
    # built by other definitions: the stored fingerprint is not this version's
    writer = db.writer(path)
    db.set_setting(writer, aggregates.SETTING, "an-older-version:7")
    writer.close()
    assert app_state.aggregates_stale(path) is False  # this server checked the file already
    monkeypatch.setattr(app_state, "_checked_aggregates", set())  # a server started anew
    assert app_state.aggregates_stale(path)
    app_state.refresh_aggregates(path)
    reader = db.reader(path)
    try:
        assert aggregates.is_fresh(reader)
        assert int(metrics.summary(reader, "all").iloc[0]["posts"]) == 2
    finally:
        reader.close()
    assert not app_state.aggregates_stale(path)
