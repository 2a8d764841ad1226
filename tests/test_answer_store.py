"""Whole answers stored at refresh (campaign_roi/answer_store.py): each is its query's
answer, the pages read it over a window with no filter, and the figures stay the views'.

The store is filled from answer_store.MIN_POSTS posts up; here the known-answer
database (a few dozen posts) is filled with that bar lowered to zero, once for the
module (filling asks every page's questions over every window: about a minute), and
each test works on a copy of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pytest

from campaign_roi import aggregates, answer_store, campaigns, costs, db, metrics
from campaign_roi.metrics import Filters
from tests.known_answer import build_known_answer_db
from tests.test_aggregates import _calls, assert_same


def _ordered(sql: str) -> bool:
    """The statement ends with an ORDER BY (its rows' order is part of the answer)."""
    return sql.rfind("ORDER BY") > sql.rfind("FROM")


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows in the order of their text (some columns hold lists)."""
    text = ["|".join(map(str, row)) for row in frame.itertuples(index=False)]
    return frame.iloc[sorted(range(len(text)), key=text.__getitem__)].reset_index(drop=True)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """The known-answer database with its store filled, and every request stored (key ->
    query name, statement, bound values)."""
    path = build_known_answer_db(tmp_path_factory.mktemp("store") / "known.duckdb")
    requests: dict[str, tuple[str, str, dict]] = {}
    store = answer_store.store

    def noted(con, name, sql, bound, key):
        requests[key] = (name, sql, dict(bound))
        return store(con, name, sql, bound, key)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(answer_store, "MIN_POSTS", 0)
        patch.setattr(answer_store, "store", noted)
        con = db.connect_rw(path)
        try:
            assert answer_store.index(con) == {}  # below the bar when built
            with db.transaction(con):
                count = answer_store.fill(con)
        finally:
            con.close()
    assert count == len(requests) > 0
    return path, requests


@pytest.fixture
def known(filled, tmp_path):
    path, _ = filled
    copy = tmp_path / "known.duckdb"
    shutil.copy(path, copy)
    con = db.connect_rw(copy)
    yield con
    con.close()


def test_below_the_bar_nothing_is_stored(known):
    posts = known.execute("SELECT count(*) FROM posts").fetchall()[0][0]
    assert 0 < posts < answer_store.MIN_POSTS
    with db.transaction(known):
        assert answer_store.fill(known) == 0
    assert answer_store.index(known) == {}


def test_each_stored_answer_is_its_querys_answer(filled, known):
    _, requests = filled
    stored = answer_store.index(known)
    assert set(stored) == set(requests)
    assert all(stored.values())  # every answer here has its frame kept
    # every query named in STORED is asked by some page over some window
    assert {name for name, _, _ in requests.values()} == answer_store.STORED
    for key, (name, sql, bound) in requests.items():
        got = answer_store.read(known, name, key, framed=True)
        want = known.execute(sql, bound).df()
        rows = answer_store.read(known, name, key, framed=False)
        pd.testing.assert_frame_equal(rows, want, check_exact=True, obj=f"{name} rows")
        if not _ordered(sql):  # a set of rows: any order
            got, want = _sorted(got), _sorted(want)
        pd.testing.assert_frame_equal(got, want, check_exact=True, obj=name)


def _windows(con) -> list[Filters]:
    """Every window of agg_windows with no filter, as the pages ask it (all time is the
    open period)."""
    windows = con.execute("SELECT first_day, last_day, window_days FROM agg_windows").fetchall()
    return [
        Filters(**({} if days == 0 else {"date_from": first, "date_to": last}))
        for first, last, days in sorted(windows)
    ]


def test_a_window_with_no_filter_reads_its_stored_answers(known):
    """One more post in a stored summary shows on the page over that window; a filter, or
    a period that is no window, is worked out as before; a write that does not refresh
    the pre-aggregates turns the store off with them."""
    first, last = known.execute(
        "SELECT first_day, last_day FROM agg_windows WHERE window_days = 90 "
        "ORDER BY first_day DESC LIMIT 1"
    ).fetchall()[0]
    window = Filters(date_from=first, date_to=last)
    narrowed = Filters(date_from=first, date_to=last, platforms=("instagram",))
    longer = Filters(date_from=first - pd.Timedelta(days=1), date_to=last)

    def posts() -> list[float]:
        return [
            float(metrics.summary(known, "all", f, medians=False)["posts"].iloc[0])
            for f in (window, narrowed, longer)
        ]

    before = posts()
    # the summaries' stored frames, each with 1000 more posts: what the pages read
    summaries = [
        request
        for (request,) in known.execute(
            "SELECT request FROM agg_answer_store WHERE query = 'fast_summary'"
        ).fetchall()
    ]
    stored = answer_store.index(known)
    assert summaries and all(stored[request] for request in summaries)
    for request in summaries:
        more = answer_store.read(known, "fast_summary", request, framed=True)
        more["posts"] += 1000
        known.execute(
            f'UPDATE {answer_store.frames_table(request)} SET "{request}" = $frame',
            {"frame": answer_store.encode(more)},
        )
    assert posts() == [before[0] + 1000, before[1], before[2]]
    # an answer kept without its frame is read from its rows
    for request in summaries:
        name = answer_store.frames_table(request)
        columns = known.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ?", [name]
        ).fetchone()[0]
        drop = (
            f"DROP TABLE {name}" if columns == 1 else f'ALTER TABLE {name} DROP COLUMN "{request}"'
        )
        known.execute(drop)
    assert posts() == before
    known.execute("UPDATE agg_answer_fast_summary SET posts = posts + 2000")
    assert posts() == [before[0] + 2000, before[1], before[2]]
    aggregates.invalidate(known)
    assert posts() == before


def test_a_frame_is_kept_only_when_it_reads_back_exactly():
    """encode: a frame that Arrow cannot hold as it is (here a column of mixed values) is
    not kept (None: the rows are read instead); one it can reads back equal, types too."""
    kept = pd.DataFrame(
        {
            "group_key": ["a", None],
            "posts": [1.0, float("nan")],
            "n": [1, 2],
            "followers": pd.array([5, None], dtype="Int64"),  # an integer column with NULLs
            "ers": [np.array([0.5, 0.25]), pd.NA],  # a list column with a NULL list
        }
    )
    back = answer_store.decode(answer_store.encode(kept))
    pd.testing.assert_frame_equal(back, kept, check_exact=True)
    assert answer_store.encode(pd.DataFrame({"mixed": [1, "a"]})) is None


def overview_totals(con, filters: Filters) -> pd.DataFrame:
    return metrics.summary(con, "all", filters.previous_period(), medians=metrics.SHOWN_MEDIANS)


def test_windows_read_from_the_store_give_what_the_views_give(known):
    """Every package call of the pages, over every window with no filter, in each scheme:
    from the store, then from the views (the pre-aggregates marked out of date)."""
    filter_sets = [
        Filters(date_from=f.date_from, date_to=f.date_to, scheme=scheme)
        for f in _windows(known)
        for scheme in ("default", "five")
    ]
    calls = [(f, name, call) for f in filter_sets for name, call in _calls(f).items()]
    # the overview's period before each window, for its changes
    calls += [
        (f.previous_period(), "previous period", lambda con, f=f: overview_totals(con, f))
        for f in filter_sets
        if f.previous_period() is not None
    ]
    stored = [call(known) for _, _, call in calls]
    aggregates.invalidate(known)
    for (filters, name, call), fast in zip(calls, stored, strict=True):
        assert_same(call(known), fast, f"{name} with {filters}")


def test_each_campaigns_views_read_from_the_store_give_what_the_views_give(known):
    """The campaigns page's views of one campaign (its days, creators and spend by
    category, over all its time) are stored for every campaign with no filter, in each
    scheme, whatever period the page is on; read back they are the views' own."""
    assert answer_store.index(known)
    ids = [row[0] for row in known.execute("SELECT campaign_id FROM campaigns").fetchall()]
    assert len(ids) > 1

    def views(campaign_id: str, filters: Filters) -> dict[str, Callable]:
        return {
            "days": lambda c: campaigns.daily(c, campaign_id, filters),
            "creators": lambda c: campaigns.creators(c, campaign_id, filters),
            "spend": lambda c: costs.spend_by_category(c, campaigns.scoped(campaign_id, filters)),
        }

    calls = [
        (campaign_id, filters, name, call)
        for campaign_id in ids
        for filters in (Filters(), Filters(date_from=date(2025, 1, 1), scheme="five"))
        for name, call in views(campaign_id, filters).items()
    ]
    asked: list[str] = []
    read: list[str] = []
    run_sql, read_stored = db.run_sql, answer_store.read

    def noted_sql(con, sql, params=None, name="composed"):
        asked.append(name)
        return run_sql(con, sql, params, name)

    def noted_read(con, name, key, framed):
        read.append(name)
        return read_stored(con, name, key, framed)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "run_sql", noted_sql)
        patch.setattr(answer_store, "read", noted_read)
        from_store = [call(known) for *_, call in calls]
    # every statement of a stored query these views ran was read from the store (the
    # rest: the freshness check, fast_band_tiers)
    assert len(read) >= len(calls) and read == [n for n in asked if n in answer_store.STORED]
    assert set(asked) - answer_store.STORED == {"fast_band_tiers"}
    aggregates.invalidate(known)
    for (campaign_id, filters, name, call), fast in zip(calls, from_store, strict=True):
        assert_same(call(known), fast, f"{name} of {campaign_id} with {filters}")


def test_a_refresh_reads_no_answer_of_the_data_as_it_was(known, monkeypatch):
    """A refresh empties the store before anything in it asks a stored query: the quantile
    store it fills on the way (typical ERs per window) must come from the new data, not
    from value counts stored for the old. Every like tripled, then refreshed (the answer
    store's own filling left out: the quantile store is what would read stale answers)."""
    assert answer_store.index(known)
    known.execute("UPDATE posts SET likes = likes * 3")
    monkeypatch.setattr(answer_store, "fill", lambda con: 0)
    with db.transaction(known):
        aggregates.refresh(known)
    assert answer_store.index(known) == {}
    filter_sets = [Filters(date_from=f.date_from, date_to=f.date_to) for f in _windows(known)]
    stored = [metrics.summary(known, "tier", f, medians=metrics.SHOWN_MEDIANS) for f in filter_sets]
    aggregates.invalidate(known)
    for filters, fast in zip(filter_sets, stored, strict=True):
        raw = metrics.summary(known, "tier", filters, medians=metrics.SHOWN_MEDIANS)
        assert_same(raw, fast, f"typical ERs by tier over {filters}")
