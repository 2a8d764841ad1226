"""The pre-aggregates (data/aggregates.sql) give the figures the views give.

Each database is read twice on one connection: first with the pre-aggregates marked out
of date (aggregates.invalidate), which reads the views, then after aggregates.refresh,
which reads the fast queries; every figure must agree. Floats are
compared to 1e-9 (sums may add in another order); medians and quantiles exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, is_dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from campaign_roi import (
    aggregates,
    campaigns,
    codes,
    content,
    costs,
    creators,
    db,
    digest,
    distributions,
    frame,
    metrics,
    periods,
    planning,
    quantile_store,
    quantiles,
    trends,
)
from campaign_roi.demo import build_demo
from campaign_roi.metrics import Filters
from tests import known_answer
from tests.dbfixtures import build_db
from tests.known_answer import build_comparison_db, build_known_answer_db

KNOWN_FILTERS = [
    Filters(),
    Filters(date_from=date(2025, 3, 2), date_to=date(2025, 3, 10)),
    Filters(tiers=("micro",)),
    Filters(platforms=("instagram",), content_types=("photo",)),
    Filters(brands=("Acme",), scheme="five"),
    Filters(campaigns=("c2",), date_from=date(2025, 6, 1), date_to=date(2025, 6, 30)),
    # long enough for whole placement facets (aggregates.whole_facets), cutting c1's
    Filters(date_from=date(2025, 3, 5), date_to=date(2025, 12, 31)),
    # open at one end: whole months (agg_cell_month) up to or from a partial one
    Filters(date_to=date(2025, 6, 15)),
    # a long one with a platform filter: placements summed from their facets
    # (fast_placement_sums_facets.sql)
    Filters(date_from=date(2025, 2, 10), platforms=("instagram",)),
    # short periods with whole months (agg_period_facts, agg_period_codes): March whole
    # (the start before the first fact counts as open) and April's first days ...
    Filters(date_from=date(2025, 2, 20), date_to=date(2025, 4, 10)),
    # ... partial March, whole April and May, June whole (the end is past the last fact)
    Filters(date_from=date(2025, 3, 5), date_to=date(2025, 6, 20), tiers=("micro",)),
    Filters(date_from=date(2025, 3, 1), date_to=date(2025, 4, 15), platforms=("instagram",)),
    Filters(date_from=date(2025, 5, 20), date_to=date(2025, 6, 30), brands=("Acme",)),
    # whole weeks, Monday to Sunday (agg_placement_span): 3-9 March exactly; 4-9 March
    # by day and 10-16 March by week; two weeks from 24 February; all time up to a
    # Sunday; whole April and May, 3-30 March by week, 31 March and 1 June (a Sunday) by
    # day, 2-8 June by week
    Filters(date_from=date(2025, 3, 3), date_to=date(2025, 3, 9)),
    Filters(date_from=date(2025, 3, 4), date_to=date(2025, 3, 16), tiers=("micro",)),
    Filters(date_from=date(2025, 2, 24), date_to=date(2025, 3, 9), brands=("Acme",)),
    Filters(date_to=date(2025, 3, 9)),
    Filters(date_from=date(2025, 3, 3), date_to=date(2025, 6, 8)),
    # whole placements (agg_placement_all) narrowed by campaign, all time and a long period
    Filters(campaigns=("c1",)),
    Filters(campaigns=("c2",), date_from=date(2025, 3, 5), date_to=date(2025, 12, 31)),
    # a creator's history and a campaign's creators (agg_fact_campaign, by campaign)
    Filters(creators=("iB",)),
    Filters(creators=("iA", "iD"), date_from=date(2025, 3, 5), platforms=("instagram",)),
]
DEMO_FILTERS = [
    Filters(),
    Filters(date_from=date(2025, 10, 3), date_to=date(2025, 12, 31)),
    Filters(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30), platforms=("tiktok",)),
    Filters(tiers=("nano", "macro"), content_types=("reel", "video")),
    Filters(brands=("Lumen Skin",), scheme="five", tiers=("mid",)),
    Filters(date_from=date(2025, 3, 1), date_to=date(2025, 9, 30), platforms=("instagram",)),
]


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def assert_same(raw: Any, fast: Any, where: str) -> None:
    if isinstance(raw, pd.DataFrame):
        pd.testing.assert_frame_equal(
            raw.reset_index(drop=True), fast.reset_index(drop=True), rtol=1e-9, obj=where
        )
        return
    raw, fast = _plain(raw), _plain(fast)
    if isinstance(raw, dict):
        assert raw.keys() == fast.keys(), where
        for key in raw:
            assert_same(raw[key], fast[key], f"{where}.{key}")
    elif isinstance(raw, list):
        assert len(raw) == len(fast), where
        for k, (a, b) in enumerate(zip(raw, fast, strict=True)):
            assert_same(a, b, f"{where}[{k}]")
    elif isinstance(raw, float) and isinstance(fast, float):
        assert (np.isnan(raw) and np.isnan(fast)) or raw == pytest.approx(fast, rel=1e-9), where
    else:
        assert raw == fast, where


def _all_creators(con) -> list[str]:
    return [
        row[0] for row in con.execute("SELECT influencer_id FROM influencers ORDER BY 1").fetchall()
    ]


def _calls(filters: Filters) -> dict[str, Callable]:
    """Every package function the pages read the database through."""
    calls: dict[str, Callable] = {}
    for by in metrics.GROUPINGS:
        calls[f"summary {by}"] = lambda con, by=by: metrics.summary(con, by, filters)
    calls["summary tier x platform"] = lambda con: metrics.summary(con, "tier", filters, "platform")
    calls["summary campaign x content"] = lambda con: metrics.summary(
        con, "campaign", filters, "content_type"
    )
    calls["summary tier, typical ER only"] = lambda con: metrics.summary(
        con, "tier", filters, medians=metrics.SHOWN_MEDIANS
    )
    for by in ("all", "tier", "campaign"):
        calls[f"typical ers {by}"] = lambda con, by=by: metrics.typical_ers(con, by, filters)
    calls["summary with total by campaign"] = lambda con: list(
        metrics.summary_with_total(con, "campaign", filters)
    )
    calls["summary with total by brand, the total's typical ER only"] = lambda con: list(
        metrics.summary_with_total(
            con, "brand", filters, medians=False, total_medians=metrics.SHOWN_MEDIANS
        )
    )
    calls["placements"] = lambda con: metrics.placements(con, filters)
    calls["compare"] = lambda con: metrics.compare(con, filters=filters)
    calls["date span"] = lambda con: frame.date_span(con)
    calls["daily totals"] = lambda con: trends.daily_totals(con, filters)
    calls["spend and revenue"] = lambda con: trends.spend_and_revenue(con, filters)
    calls["er distribution"] = lambda con: distributions.er_distribution(con, filters)
    calls["er by followers"] = lambda con: distributions.er_by_followers(con, filters)
    calls["er trend"] = lambda con: distributions.er_trend(con, filters)
    calls["spend by category"] = lambda con: costs.spend_by_category(con, filters)
    calls["pricing model"] = lambda con: costs.pricing_model_summary(con, filters)
    for by in content.BREAKDOWNS:
        calls[f"content {by}"] = lambda con, by=by: content.breakdown(con, by, filters)
    calls["code results"] = lambda con: codes.code_results(con, filters)
    calls["code page"] = lambda con: codes.code_page(con, filters)
    calls["code page, cells"] = lambda con: codes.code_page(con, filters, max_points=1, grid=3)
    calls["orders by day"] = lambda con: codes.orders_by_day(con, filters)
    calls["campaign comparison"] = lambda con: campaigns.comparison(con, filters)
    calls["leaderboard"] = lambda con: creators.leaderboard(con, filters)
    # a creator's own views ignore the shared filters: each of the filtered creators (the
    # first five when none), the history as the page asks it
    calls["creator posts and history"] = lambda con: [
        (creators.posts(con, creator), creators.history(con, creator, filters.scheme))
        for creator in (filters.creators or _all_creators(con)[:5])
    ]
    calls["leaderboard by typical ER"] = lambda con: creators.leaderboard(
        con, filters, "Typical ER"
    )
    sides = (("nano", "micro"), ("macro", "mega"))
    calls["placement digest"] = lambda con: metrics.placement_digest(
        con, filters, *sides, medians=True
    )
    calls["current mix"] = lambda con: planning.current_mix(
        metrics.placement_digest(con, filters, *sides), ("nano", "micro", "macro", "mega")
    )
    calls["micro vs macro page"] = lambda con: planning.micro_vs_macro(con, filters, *sides)
    calls["what if"] = lambda con: planning.what_if(
        metrics.placement_digest(con, filters, *sides),
        10_000.0,
        {"nano": 0.25, "micro": 0.25, "macro": 0.5},
    )
    return calls


def check_fast_equals_raw(path: Path, filter_sets: list[Filters]) -> None:
    con = db.connect_rw(path)
    try:
        aggregates.invalidate(con)
        assert not aggregates.is_fresh(con)
        raw = {
            (k, name): call(con)
            for k, filters in enumerate(filter_sets)
            for name, call in _calls(filters).items()
        }
        with db.transaction(con):
            aggregates.refresh(con)
        assert aggregates.is_fresh(con) and aggregates.usable(con, "default")
        for (k, name), expected in raw.items():
            call = _calls(filter_sets[k])[name]
            assert_same(expected, call(con), f"{name} with {filter_sets[k]}")
    finally:
        con.close()


def test_known_answer_database(tmp_path):
    check_fast_equals_raw(build_known_answer_db(tmp_path / "known.duckdb"), KNOWN_FILTERS)


def test_a_period_of_spend_and_no_post_asks_for_no_median(tmp_path, monkeypatch):
    """1 March 2025 has spend (c1: 50 to iA, 6,000 to iC, 1,000 overhead) and no post: a
    summary's typical ERs are NULL, and the ER distribution empty, without a statement
    for their quantiles, as the views have them."""
    con = db.connect_rw(build_known_answer_db(tmp_path / "known.duckdb"))
    try:
        day = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 1))
        asked: list[str] = []
        run_sql = db.run_sql

        def noted(c, sql, params=None, name="composed"):
            asked.append(name)
            return run_sql(c, sql, params, name)

        with db.transaction(con):
            aggregates.refresh(con)
        with monkeypatch.context() as patch:
            patch.setattr(db, "run_sql", noted)
            fast = metrics.summary(con, "tier", day, medians=metrics.SHOWN_MEDIANS)
            box = distributions.er_distribution(con, day)
            sides = metrics.compare(con, filters=day)
        assert "fast_summary" in asked and "fast_er_distribution" in asked
        assert "fast_placement_digest" in asked
        assert not any("value" in name for name in asked), asked
        assert "fast_placement_ers" not in asked
        assert box.empty
        assert fast["posts"].fillna(0).sum() == 0
        assert float(fast["spend"].sum()) == 7_050.0
        assert fast["typical_er"].isna().all()
        aggregates.invalidate(con)
        raw = metrics.summary(con, "tier", day, medians=metrics.SHOWN_MEDIANS)
        assert_same(raw, fast, "a day of spend only")
        assert_same(distributions.er_distribution(con, day), box, "its ER distribution")
        # the comparison: the sides' spend (iA's 50 is micro, iC's 6,000 macro), no ER
        assert_same(metrics.compare(con, filters=day), sides, "its comparison")
        assert sides.micro.typical_er is None and sides.macro.typical_er is None
    finally:
        con.close()


def test_comparison_database(tmp_path):
    path = build_comparison_db(tmp_path / "cmp.duckdb", micro_count=7, macro_count=6)
    check_fast_equals_raw(path, KNOWN_FILTERS[:3])


def test_small_bags_hold_the_same_placements(tmp_path, monkeypatch):
    # bags of 2 where the sides have 7 and 6 placements: both paths must draw from the
    # same two (the smallest bag_key of each tier and side) and resample them alike
    monkeypatch.setattr(digest, "BAG", 2)
    path = build_comparison_db(tmp_path / "cmp.duckdb", micro_count=7, macro_count=6)
    check_fast_equals_raw(path, KNOWN_FILTERS[:3])


def test_demo_database(tmp_path):
    path = tmp_path / "demo.duckdb"
    build_demo(path, scale=0.3)
    check_fast_equals_raw(path, DEMO_FILTERS)


def test_quantiles_across_many_small_chunks(tmp_path, monkeypatch):
    """Medians and quantiles whose values lie in different chunks of agg_value (a few
    values each here, thousands at agency scale) are the views' own."""
    monkeypatch.setattr(aggregates, "CHUNK_VALUES", 7)
    path = tmp_path / "chunks.duckdb"
    build_demo(path, scale=0.3)
    con = db.connect_ro(path)
    try:
        chunks = con.execute(
            "SELECT count(DISTINCT chunk), max(n) FROM (SELECT chunk, count(*) AS n "
            "FROM agg_value WHERE measure = 'er_followers' GROUP BY chunk)"
        ).fetchall()[0]
    finally:
        con.close()
    assert chunks[0] > 100 and chunks[1] <= 7
    check_fast_equals_raw(path, DEMO_FILTERS[:3])


def test_empty_database(tmp_path):
    path = tmp_path / "empty.duckdb"
    db.connect_rw(path).close()
    check_fast_equals_raw(path, [Filters()])


def test_a_scheme_with_edges_the_bands_lack_reads_the_views(tmp_path):
    con = db.connect_rw(build_known_answer_db(tmp_path / "known.duckdb"))
    try:
        with db.transaction(con):
            aggregates.refresh(con)
        con.execute(
            "INSERT INTO tiers VALUES ('odd', 'small', 0, 7000, 0), ('odd', 'big', 7000, NULL, 1)"
        )
        assert aggregates.is_fresh(con) and not aggregates.usable(con, "odd")
        by_tier = metrics.summary(con, "tier", Filters(scheme="odd"))
        assert list(by_tier["group_key"]) == ["small", "big", None]
    finally:
        con.close()


def test_rows_written_without_a_refresh_are_read_from_the_views(tmp_path):
    path = build_known_answer_db(tmp_path / "known.duckdb")  # refreshed by build_db
    con = db.connect_rw(path)
    try:
        assert aggregates.is_fresh(con)
        before = metrics.summary(con, "all").iloc[0]
        con.execute(
            "INSERT INTO spend (spend_id, campaign_id, spent_on, category, amount) "
            "VALUES ('s_new', 'c1', DATE '2025-03-05', 'agency', 100)"
        )
        assert not aggregates.is_fresh(con)
        after = metrics.summary(con, "all").iloc[0]
        assert after["spend"] == before["spend"] + 100  # the views, not the stale tables
        with db.transaction(con):
            aggregates.refresh(con)
        assert aggregates.is_fresh(con)
        assert metrics.summary(con, "all").iloc[0]["spend"] == after["spend"]
    finally:
        con.close()


@pytest.fixture
def queries_run(monkeypatch) -> list[str]:
    """The names of the queries db.run_query runs from here on, in order."""
    names: list[str] = []
    run_query = db.run_query

    def counted(con, name, params=None):
        names.append(name)
        return run_query(con, name, params)

    monkeypatch.setattr(db, "run_query", counted)
    return names


def test_a_pinned_cursor_keeps_what_it_found_and_another_reads_again(tmp_path, queries_run):
    """fast_params remembers whether the pre-aggregates are current per pinned cursor (a
    page run's snapshot, which cannot see later commits), and only there."""
    path = build_known_answer_db(tmp_path / "known.duckdb")  # refreshed by build_db
    root = db.connect_rw(path)
    checks = queries_run
    checks.clear()  # not the build's
    try:
        pinned = db.pin(root.cursor())
        loose = root.cursor()
        assert db.is_pinned(pinned) and not db.is_pinned(loose)
        for _ in range(3):
            assert aggregates.is_fresh(pinned) and aggregates.is_fresh(loose)
        assert checks.count("fast_band_tiers") == 1 + 3  # once for pinned, each time for loose
        with db.transaction(root.cursor()) as writer:  # a write that does not refresh
            writer.execute(
                "INSERT INTO spend (spend_id, campaign_id, spent_on, category, amount) "
                "VALUES ('s_new', 'c1', DATE '2025-03-05', 'agency', 100)"
            )
        assert not aggregates.is_fresh(loose)  # read again: stale now
        assert aggregates.is_fresh(pinned)  # its snapshot has not the new row: still true
        spend = metrics.summary(pinned, "all").iloc[0]["spend"]
        assert spend == metrics.summary(loose, "all").iloc[0]["spend"] - 100
        pinned.close()
    finally:
        root.close()


def test_snapshots_of_one_committed_state_share_the_freshness_check(tmp_path, queries_run):
    """db.shared: the server's page runs (db.snapshot) read whether the pre-aggregates are
    current once per committed state, not once per run; a commit makes a new state, read
    again, so a write that does not refresh them is still noticed by the next run."""
    path = build_known_answer_db(tmp_path / "known.duckdb")
    checks = queries_run
    try:
        first, version = db.snapshot(path)
        checks.clear()  # not the build's, nor the root's opening
        assert aggregates.is_fresh(first)
        first.close()
        second, same = db.snapshot(path)
        assert same == version and aggregates.is_fresh(second)
        second.close()
        assert checks.count("fast_band_tiers") == 1
        with db.transaction(db.writer(path)) as writer:  # a write that does not refresh
            writer.execute(
                "INSERT INTO spend (spend_id, campaign_id, spent_on, category, amount) "
                "VALUES ('s_new', 'c1', DATE '2025-03-05', 'agency', 100)"
            )
        third, newer = db.snapshot(path)
        assert newer == version + 1
        assert not aggregates.is_fresh(third)
        assert checks.count("fast_band_tiers") == 2
        third.close()
    finally:
        db.close_readers()


def test_a_total_beside_the_groups_is_the_summary_of_all_in_one_statement(tmp_path, statements_run):
    """summary_with_total (the Overview's cards and campaigns) gives exactly what
    summary("all") and summary(by) give apart, from one fast_summary statement: the groups'
    exact sums added up (placements too: each is one campaign's)."""
    path = build_known_answer_db(tmp_path / "known.duckdb")
    con = db.connect_ro(path)
    asked = statements_run
    last_30 = Filters(date_from=LAST_DAY - timedelta(days=29), date_to=LAST_DAY)
    try:
        for filters in [*KNOWN_FILTERS, last_30, replace(last_30, platforms=("tiktok",))]:
            for by in ("campaign", "brand"):
                asked.clear()
                total, groups = metrics.summary_with_total(
                    con, by, filters, medians=False, total_medians=metrics.SHOWN_MEDIANS
                )
                # a creator filter: the cells keep no creator, both read the facts apart
                one = 0 if filters.creators else 1
                assert asked.count("fast_summary") == one, (by, filters)
                apart_total = metrics.summary(con, "all", filters, medians=metrics.SHOWN_MEDIANS)
                apart_groups = metrics.summary(con, by, filters, medians=False)
                pd.testing.assert_frame_equal(total, apart_total, check_exact=True)
                pd.testing.assert_frame_equal(groups, apart_groups, check_exact=True)
        # all time: 7 posts, cost 9,062 (tests/test_metrics.py) in the total row
        total, groups = metrics.summary_with_total(con, "campaign")
        assert total[["posts", "cost"]].values.tolist() == [[7.0, 9062.0]]
        assert total["group_key"].tolist() == ["all"] and "all" not in groups["group_key"]
        with pytest.raises(ValueError, match="by campaign or brand"):
            metrics.summary_with_total(con, "tier")
    finally:
        con.close()


def test_a_pinned_cursor_counts_values_once_per_filter(tmp_path, queries_run):
    """The Tiers page's table and box plot ask the same value counts (quantiles.py); a
    pinned cursor counts them once and gives each the same answer, other filters apart."""
    path = build_known_answer_db(tmp_path / "known.duckdb")
    root = db.connect_ro(path)
    names = queries_run
    names.clear()  # not the build's
    try:
        pinned = db.pin(root.cursor())
        march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
        table = metrics.summary(pinned, "tier", march, medians=metrics.SHOWN_MEDIANS)
        box = distributions.er_distribution(pinned, march)
        assert names.count("fast_value_counts") == 1
        # the same medians as a loose cursor, which counts each time
        loose = root.cursor()
        loose_table = metrics.summary(loose, "tier", march, medians=metrics.SHOWN_MEDIANS)
        assert_same(loose_table, table, "summary")
        assert_same(distributions.er_distribution(loose, march), box, "distribution")
        assert names.count("fast_value_counts") == 1 + 2
        other = Filters(tiers=("micro",))
        metrics.summary(pinned, "tier", other, medians=metrics.SHOWN_MEDIANS)  # counted anew
        assert names.count("fast_value_counts") == 1 + 2 + 1
        pinned.close()
    finally:
        root.close()


@pytest.mark.parametrize(
    ("date_from", "date_to", "months"),
    [
        # the last 90 days of data ending 15 Jan 2026: 18-31 Oct from days, November to
        # January from months (January whole: the data ends in it)
        (date(2025, 10, 18), date(2026, 1, 15), (date(2025, 11, 1), date(2026, 2, 1))),
        # the last 30 days: 17-31 Dec from days, January from months
        (date(2025, 12, 17), date(2026, 1, 15), (date(2026, 1, 1), date(2026, 2, 1))),
        # all time: every month, from the first fact's (December 2024)
        (None, None, (date(2024, 12, 1), date(2026, 2, 1))),
        # an end before the data ends: the months that end by it
        (date(2025, 3, 1), date(2025, 4, 30), (date(2025, 3, 1), date(2025, 5, 1))),
        (date(2025, 3, 2), date(2025, 4, 29), None),  # no month whole inside
        (date(2025, 3, 11), date(2025, 4, 13), None),
        # a start before the data starts counts as open: December 2024 whole
        (date(2020, 1, 1), date(2025, 2, 27), (date(2024, 12, 1), date(2025, 2, 1))),
    ],
)
def test_month_split(date_from, date_to, months):
    """The whole months a period reads from the monthly pre-aggregates, for data from
    16 Dec 2024 to 15 Jan 2026."""
    span = "2024-12-16/2026-01-15"
    assert aggregates.month_split(date_from, date_to, span) == (months or (None, None))
    assert aggregates.month_split(date_from, date_to, "") == (None, None)  # no facts


# the known-answer facts end on 10 June 2025; the trailing windows start on 12 May (30
# days), 13 March (90) and 11 June 2024 (365), the windows before them on 12 April, 13
# December 2024 and 12 June 2023
LAST_DAY = date(2025, 6, 10)
WINDOW_FILTERS = [
    Filters(date_from=date(2025, 5, 12), date_to=LAST_DAY),
    Filters(date_from=date(2025, 3, 13), date_to=LAST_DAY, campaigns=("c1",)),
    # an end past the last day is the same window
    Filters(date_from=date(2025, 3, 13), date_to=date(2025, 12, 31), brands=("Acme",)),
    Filters(date_from=date(2024, 6, 11), date_to=LAST_DAY, tiers=("micro",)),
    # the windows before: the Overview's previous periods
    Filters(date_from=date(2025, 4, 12), date_to=date(2025, 5, 11)),
    Filters(date_from=date(2024, 12, 13), date_to=date(2025, 3, 12), campaigns=("c1",)),
    Filters(date_from=date(2023, 6, 12), date_to=date(2024, 6, 10)),
    # split by platform or content type: placements summed from a window's rows per
    # platform (agg_placement_recent_platform) or per content type too
    # (agg_placement_recent_content)
    Filters(date_from=date(2025, 5, 12), date_to=LAST_DAY, platforms=("instagram",)),
    Filters(date_from=date(2024, 6, 11), platforms=("instagram", "tiktok"), brands=("Acme",)),
    Filters(date_from=date(2025, 3, 13), date_to=LAST_DAY, content_types=("photo",)),
    Filters(date_from=date(2025, 5, 12), content_types=("video", "photo"), tiers=("nano",)),
    Filters(date_from=date(2024, 6, 11), platforms=("tiktok",), content_types=("video",)),
    # iC's placement in c1 has rows on two platforms and of two content types over the
    # 90 days (p90 and p5 photos on instagram, p91 a video on tiktok): summed, where its
    # rows in the filter are two; read as they are where one (a placement with one row
    # in the filter, as most, is not grouped: agg_content_pairs, platform_rows)
    Filters(date_from=date(2025, 3, 13), date_to=LAST_DAY, content_types=("photo", "video")),
    Filters(date_from=date(2025, 3, 13), platforms=("instagram", "tiktok")),
    Filters(date_from=date(2025, 3, 13), platforms=("tiktok",), content_types=("photo", "video")),
    # a tier filter with a platform or campaign one: placements counted from a window's
    # rows per platform when one of them has a fact of a filtered tier's bands
    Filters(date_from=date(2025, 3, 13), platforms=("instagram",), tiers=("micro", "macro")),
    Filters(date_from=date(2024, 12, 13), date_to=date(2025, 3, 12), tiers=("nano",)),
    Filters(date_from=date(2024, 6, 11), campaigns=("c1",), tiers=("micro",)),
    # not a window: a day longer, or ending a day early
    Filters(date_from=date(2025, 5, 11), date_to=LAST_DAY),
    Filters(date_from=date(2025, 3, 13), date_to=date(2025, 6, 9)),
    Filters(date_from=date(2024, 12, 13), date_to=date(2025, 3, 13)),
    # all time is a window (the first to the last day with a fact), ending on or after
    # the last day; not when it ends a day early
    Filters(),
    Filters(date_to=date(2025, 12, 31), campaigns=("c2",)),
    Filters(brands=("Acme",), platforms=("instagram",)),
    Filters(date_to=date(2025, 6, 9)),
    # iF's placement has a nano and a micro post on Instagram over the 90 days (and a
    # nano one on TikTok): with a tier filter its Instagram row is summed from its parts
    # per platform and band, the others read as stored (fast_window_split.sql)
    Filters(date_from=date(2025, 3, 13), date_to=LAST_DAY, tiers=("nano",)),
]


def test_trailing_windows_give_what_their_days_give(tmp_path):
    """Periods that are a window of agg_windows read its rows (agg_placement_recent,
    agg_cell_month); facts on the first day of a window and on the day before it tell an
    edge off by one."""
    rows = {table: list(values) for table, values in known_answer.ROWS.items()}
    rows["posts"] += [
        known_answer._post("p90", "c1", "iC", "2025-03-13 09:00", "instagram", "photo",
                           100_000, 900, 90, 9, 9),
        known_answer._post("p89", "c1", "iA", "2025-03-12 09:00", "instagram", "photo",
                           5_000, 70, 7, 0, 0),
        known_answer._post("p91", "c1", "iC", "2025-03-15 09:00", "tiktok", "video",
                           100_000, 2_000, 100, 50, 50),
        known_answer._post("p92", "c1", "iF", "2025-04-01 09:00", "instagram", "photo",
                           9_000, 90, 9, 0, 0),
        known_answer._post("p93", "c1", "iF", "2025-05-20 09:00", "instagram", "photo",
                           20_000, 400, 40, 0, 0),
        known_answer._post("p96", "c1", "iF", "2025-04-10 09:00", "tiktok", "video",
                           9_500, 95, 9, 0, 0),
    ]  # fmt: skip
    rows["influencers"] += [
        dict(influencer_id="iF", handle="@fay", platform="instagram", followers=20_000)
    ]
    # iG's placement (Instagram) has only a TikTok post and its spend over the 30 days
    rows["posts"] += [
        known_answer._post("p94", "c1", "iG", "2025-03-05 09:00", "instagram", "photo",
                           50_000, 500, 50, 0, 0),
        known_answer._post("p95", "c1", "iG", "2025-05-25 09:00", "tiktok", "video",
                           50_000, 800, 80, 0, 0),
    ]  # fmt: skip
    rows["influencers"] += [
        dict(influencer_id="iG", handle="@gia", platform="instagram", followers=50_000)
    ]
    # the codes of iF and iG: iF's placement's facts in the 90 days are of two bands
    # (nano, micro), each with spend; iG's of two platforms
    rows["affiliate_codes"] += [
        dict(code="FAY", campaign_id="c1", influencer_id="iF", commission_rate=0.1),
        dict(code="GIA", campaign_id="c1", influencer_id="iG", commission_rate=0.1),
    ]
    spend = dict(campaign_id="c1", category="fee", pricing_model="per_post")
    rows["spend"] += [
        dict(spend, spend_id="s90", influencer_id="iF", post_id="p92", spent_on="2025-04-01",
             amount=100),
        dict(spend, spend_id="s91", influencer_id="iF", post_id="p93", spent_on="2025-05-20",
             amount=300),
        dict(spend, spend_id="s92", influencer_id="iG", post_id="p95", spent_on="2025-05-25",
             amount=500),
    ]  # fmt: skip
    rows["orders"] += [
        dict(order_id="o30", code="BEN5", ordered_at="2025-05-12 08:00", revenue=40),
        dict(order_id="o29", code="CARL", ordered_at="2025-05-11 08:00", revenue=60),
        dict(order_id="o31", code="FAY", ordered_at="2025-04-02 08:00", revenue=90),
    ]
    path = build_db(tmp_path / "windows.duckdb", rows)
    con = db.connect_ro(path)
    try:
        assert frame.date_span(con)[1] == LAST_DAY
        windows = con.execute("SELECT * FROM agg_windows ORDER BY first_day").fetchall()
        assert windows == [
            (365, date(2023, 6, 12), date(2024, 6, 10)),
            (365, date(2024, 6, 11), LAST_DAY),
            (90, date(2024, 12, 13), date(2025, 3, 12)),
            (0, date(2025, 3, 1), LAST_DAY),
            (90, date(2025, 3, 13), LAST_DAY),
            (30, date(2025, 4, 12), date(2025, 5, 11)),
            (30, date(2025, 5, 12), LAST_DAY),
        ]
        # each window a filter set above reads is one (placements split by platform or
        # content type aside)
        span = db.get_settings(con)[aggregates.SPAN_SETTING]
        found = {aggregates.recent_window(f.date_from, f.date_to, span) for f in WINDOW_FILTERS}
        assert found == {first for _, first, _ in windows} | {None}
        # the board and the codes' placement cost read a window's stored sums only when
        # no filter splits a placement's facts (a platform, content type or tier)
        reads = [
            aggregates.fast_params(con, metrics.query_params(con, f))["window_read"]
            for f in WINDOW_FILTERS
        ]
        assert reads == [
            True,
            True,
            True,
            False,
            True,
            True,
            True,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            False,
            True,
            True,
            False,
            False,
            False,
        ]
        # with a platform or content type filter, or a tier one without a content type
        # one, from its stored rows per placement and platform or content type
        # (fast_window_split.sql; a row with facts of bands in and out of the filter's
        # tiers from its parts per platform and band); not with a campaign filter
        splits = [
            aggregates.fast_params(con, metrics.query_params(con, f))["window_split"]
            for f in WINDOW_FILTERS
        ]
        split = [k for k, window_split in enumerate(splits) if window_split]
        assert split == [3, 7, 8, 9, 11, 12, 13, 14, 15, 16, 23, 25]
        # the codes over a window with a platform or tier filter and no content type one
        # read its stored code rows, their placements' cost from its parts per platform
        # and band (CARL's placement: instagram and tiktok over the 90 days; FAY's: nano
        # and micro; GIA's: tiktok only over the 30 days, its code instagram's)
        code_splits = [
            aggregates.fast_params(con, metrics.query_params(con, f))["code_split"]
            for f in WINDOW_FILTERS
        ]
        code_split = [k for k, code_split in enumerate(code_splits) if code_split]
        assert code_split == [3, 7, 8, 13, 15, 16, 17, 23, 25]
        # the placements' sums (the digest, the placements list) from the one source the
        # period and the filter's shape call for (metrics._placement_sums)
        sources = [
            metrics._placement_sums(
                metrics._placement_params(aggregates.fast_params(con, metrics.query_params(con, f)))
            ).removeprefix("fast_placement_sums_")
            for f in WINDOW_FILTERS
        ]
        assert sources == (
            ["window"] * 7
            + ["platform", "platform", "content", "content", "content", "content", "platform"]
            + ["content", "platform", "window", "window", "period", "period", "period"]
            + ["window", "window", "platform", "whole", "window"]
        )
    finally:
        con.close()
    check_fast_equals_raw(path, WINDOW_FILTERS)


def test_a_placement_counts_over_a_window_in_its_own_tier_only(tmp_path):
    """iE's placement in c1 is nano (its first post, 9,000 followers, in January); its one
    fact in the last 30 days is a post at 20,000 followers (micro) and it has no spend or
    order. Over that window the post counts in micro and the placement in no tier
    (METRICS.md, Tiers): read from the window's stored placements (their facts' bands,
    agg_placement_recent) as from the days."""
    window = Filters(date_from=date(2025, 5, 12), date_to=LAST_DAY)
    base = {table: list(values) for table, values in known_answer.ROWS.items()}
    # a nano post on Instagram in the window too, so nano x instagram is a row
    base["posts"] = base["posts"] + [
        known_answer._post("p_a9", "c1", "iA", "2025-05-25 09:00", "instagram", "photo",
                           5_000, 50, 5, 0, 0),
    ]  # fmt: skip
    rows = {table: list(values) for table, values in base.items()}
    rows["influencers"] += [
        dict(influencer_id="iE", handle="@eve", platform="instagram", followers=20_000)
    ]
    rows["posts"] += [
        known_answer._post("p_e1", "c1", "iE", "2025-01-05 09:00", "instagram", "photo",
                           9_000, 100, 10, 0, 0),
        known_answer._post("p_e2", "c1", "iE", "2025-05-20 09:00", "instagram", "photo",
                           20_000, 300, 30, 0, 0),
    ]  # fmt: skip
    figures = {}
    for name, tables in (("before", base), ("after", rows)):
        con = db.connect_ro(build_db(tmp_path / f"{name}.duckdb", tables))
        try:
            fast = aggregates.fast_params(con, metrics.query_params(con, window))
            counts = metrics._placement_counts(fast, window, "tier", None)
            assert counts == "fast_placement_counts_window"
            figures[name] = metrics.summary(con, "tier", window).set_index("group_key")
            figures[f"{name} by platform"] = metrics.summary(con, "tier", window, "platform")
        finally:
            con.close()
    before, after = figures["before"], figures["after"]
    assert after.loc["micro", "posts"] == before.loc["micro", "posts"] + 1
    assert list(after["placements"]) == list(before["placements"])
    by_platform = figures["after by platform"].set_index(["group_key", "group_key2"])
    assert by_platform.loc[("nano", "instagram"), "placements"] == 1  # iA's, not iE's
    assert by_platform.loc[("micro", "instagram"), "posts"] == 1  # iE's post
    assert by_platform.loc[("micro", "instagram"), "placements"] == 0
    check_fast_equals_raw(tmp_path / "after.duckdb", [window])


def test_a_code_with_nothing_is_listed_over_an_open_period_only(tmp_path):
    """FREE is the code of a creator who never posted, was paid or sold in c1: an open
    period lists every code, FREE with no sales; a period with a date lists the codes with
    anything in it, so not FREE, even when it is all time with an end. Over all time
    (open, and with an end) and the last 30 days (windows of agg_windows, read from
    agg_code_recent) as from the days."""
    rows = {table: list(values) for table, values in known_answer.ROWS.items()}
    rows["influencers"] = rows["influencers"] + [
        dict(influencer_id="iF", handle="@fay", platform="instagram", followers=2_000)
    ]
    rows["affiliate_codes"] = rows["affiliate_codes"] + [
        dict(code="FREE", campaign_id="c1", influencer_id="iF", commission_rate=0.1)
    ]
    path = build_db(tmp_path / "free.duckdb", rows)
    all_time, recent = Filters(), Filters(date_from=date(2025, 5, 12), date_to=LAST_DAY)
    dated = Filters(date_to=date(2025, 12, 31))  # all time, with an end
    con = db.connect_ro(path)
    try:
        for filters in (all_time, dated, recent):
            assert aggregates.fast_params(con, metrics.query_params(con, filters))["window_read"]
        listed = codes.code_results(con, all_time).set_index("code")
        assert listed.loc["FREE", "orders"] == 0 and listed.loc["FREE", "revenue"] == 0
        assert "FREE" not in set(codes.code_results(con, dated)["code"])
        assert "FREE" not in set(codes.code_results(con, recent)["code"])
    finally:
        con.close()
    check_fast_equals_raw(path, [all_time, dated, recent])


def test_all_time_is_no_window_of_its_own_when_a_trailing_one_starts_on_its_first_day(
    tmp_path,
):
    """Facts over exactly 30 days: the last 30 days start on the first day with a fact, so
    all time is not stored apart (the windows are keyed by first day) and is no window:
    recent_window and agg_windows agree, and all time reads the days."""
    rows = {
        "influencers": [dict(influencer_id="i1", handle="@a", platform="tiktok", followers=900)],
        "campaigns": [dict(campaign_id="c1", name="One")],
        "posts": [
            known_answer._post(
                "p1", "c1", "i1", "2025-05-12 09:00", "tiktok", "video", 900, 90, 9, 0, 0
            ),
            known_answer._post(
                "p2", "c1", "i1", "2025-06-10 09:00", "tiktok", "video", 1_000, 50, 5, 0, 0
            ),
        ],
        "spend": [
            dict(
                spend_id="s1",
                campaign_id="c1",
                influencer_id="i1",
                spent_on="2025-05-20",
                category="fee",
                amount=300,
            ),
        ],
    }
    path = build_db(tmp_path / "thirty.duckdb", rows)
    con = db.connect_ro(path)
    try:
        windows = con.execute("SELECT window_days, first_day FROM agg_windows").fetchall()
        span = db.get_settings(con)[aggregates.SPAN_SETTING]
    finally:
        con.close()
    assert (0, date(2025, 5, 12)) not in windows and (30, date(2025, 5, 12)) in windows
    assert aggregates.recent_window(None, None, span) is None
    assert aggregates.recent_window(date(2025, 5, 12), None, span) == date(2025, 5, 12)
    check_fast_equals_raw(path, [Filters(), Filters(platforms=("tiktok",))])


def test_recent_window():
    span = "2025-03-01/2025-06-10"
    window = aggregates.recent_window
    assert window(date(2025, 5, 12), date(2025, 6, 10), span) == date(2025, 5, 12)
    assert window(date(2025, 3, 13), None, span) == date(2025, 3, 13)
    assert window(date(2024, 6, 11), date(2026, 1, 1), span) == date(2024, 6, 11)
    assert window(date(2025, 4, 12), date(2025, 5, 11), span) == date(2025, 4, 12)
    for filters in (Filters(date_from=date(2025, 5, 12), date_to=date(2025, 6, 10)),):
        before = filters.previous_period()
        assert window(before.date_from, before.date_to, span) == date(2025, 4, 12)
    assert window(date(2025, 5, 11), date(2025, 6, 10), span) is None
    assert window(date(2025, 5, 12), date(2025, 6, 9), span) is None
    assert window(date(2025, 4, 11), date(2025, 5, 10), span) is None
    assert window(date(2025, 4, 12), date(2025, 5, 12), span) is None
    # all time: no start, and no end or one on or after the last day
    assert window(None, None, span) == date(2025, 3, 1)
    assert window(None, date(2025, 6, 10), span) == date(2025, 3, 1)
    assert window(None, date(2026, 1, 1), span) == date(2025, 3, 1)
    assert window(None, date(2025, 6, 9), span) is None
    # ... unless a trailing window starts on the first day (the windows are keyed by it)
    assert window(None, None, "2025-05-12/2025-06-10") is None
    assert window(None, None, "2025-05-13/2025-06-10") == date(2025, 5, 13)
    assert window(date(2025, 5, 12), date(2025, 6, 10), "") is None
    assert window(None, None, "") is None


def test_the_windows_are_the_period_presets():
    lengths = sorted(
        (periods.period_range(p, LAST_DAY)[1] - periods.period_range(p, LAST_DAY)[0]).days + 1
        for p in periods.PRESETS
        if periods.period_range(p, LAST_DAY)[0] is not None
    )
    assert tuple(lengths) == aggregates.RECENT_WINDOWS


def test_a_window_digest_reads_its_sides_medians_and_bags_ers_as_stored(tmp_path):
    """All time with no filter is a window: the comparison's digest reads its sides'
    medians (agg_side_medians_recent) and its bags' per-post ERs (agg_digest_ers) as
    stored; a side that skips a band works its medians out from the placements."""
    path = build_comparison_db(tmp_path / "cmp.duckdb", micro_count=7, macro_count=6)
    runs = (("nano", "micro"), ("macro", "mega"))
    skipping = (("micro", "mega"), ("macro",))  # micro and mega: not adjacent bands
    con = db.connect_rw(path)
    try:
        before = metrics.placement_digest(con, Filters(), *runs, medians=True)
        worked_out = metrics.placement_digest(con, Filters(), *skipping, medians=True)
        con.execute("UPDATE agg_side_medians_recent SET median_cost = median_cost + 1")
        con.execute("UPDATE agg_digest_ers SET ers = list_transform(ers, lambda e: e + 1)")
        after = metrics.placement_digest(con, Filters(), *runs, medians=True)
        for side in digest.SIDES:
            assert after.sides[side].medians["cost"] == before.sides[side].medians["cost"] + 1
            shifted = [[e + 1 for e in ers] for ers in before.sides[side].bag["ers"]]
            assert [list(ers) for ers in after.sides[side].bag["ers"]] == shifted
            assert any(len(ers) for ers in shifted)
        again = metrics.placement_digest(con, Filters(), *skipping, medians=True)
        for side in digest.SIDES:
            assert again.sides[side].medians == worked_out.sides[side].medians
            assert again.sides[side].medians["cost"] is not None
    finally:
        con.close()


def test_a_window_with_no_filter_reads_its_quantiles_as_stored(tmp_path):
    """Every request of quantile_store.REQUESTS is stored for each window and scheme. Over
    the last 30 days of the known-answer data (two posts, in June) the Tiers page's
    typical ERs and box plot, the comparison's typical ER and one campaign's typical ER
    (its row of the answer for every campaign) read them (each stored quantile made one
    higher shows); with a tier filter they are worked out (unchanged)."""
    path = build_known_answer_db(tmp_path / "known.duckdb")
    con = db.connect_rw(path)
    try:
        first, last = con.execute(
            "SELECT first_day, last_day FROM agg_windows WHERE window_days = 30 "
            "ORDER BY first_day DESC LIMIT 1"
        ).fetchone()
        window = Filters(date_from=first, date_to=last)
        narrowed = Filters(date_from=first, date_to=last, tiers=("micro", "macro"))
        one_campaign = Filters(date_from=first, date_to=last, campaigns=("c2",))
        schemes = con.execute("SELECT count(DISTINCT scheme) FROM tiers").fetchone()[0]
        # every window, all time (the open period) too
        windows = con.execute("SELECT first_day, window_days FROM agg_windows").fetchall()
        assert 0 in {days for _, days in windows}
        stored = con.execute(
            "SELECT window_from, count(*) FROM agg_quantile_store GROUP BY window_from"
        ).fetchall()
        assert dict(stored) == {w: len(quantile_store.REQUESTS) * schemes for w, _ in windows}

        def read() -> dict[str, Any]:
            return {
                "table": metrics.summary(con, "tier", window, medians=metrics.SHOWN_MEDIANS),
                "box": distributions.er_distribution(con, window),
                "side": metrics.compare(con, filters=window).micro.typical_er,
                "campaign": metrics.typical_ers(
                    con, "campaign", one_campaign, metrics.SHOWN_MEDIANS
                ),
                "narrowed": metrics.summary(con, "tier", narrowed, medians=True),
            }

        before = read()
        rows = con.execute("SELECT window_from, request, answer FROM agg_quantile_store")
        for window_from, request, answer in rows.fetchall():
            frame = quantiles.from_stored(answer)
            for q in [c for c in frame.columns if isinstance(c, float)]:
                frame[q] = frame[q] + 1
            con.execute(
                "UPDATE agg_quantile_store SET answer = ? WHERE window_from = ? AND request = ?",
                [quantiles.to_stored(frame), window_from, request],
            )
        after = read()
        shown = before["table"]["typical_er"].notna()
        assert shown.sum() >= 1
        assert list(after["table"]["typical_er"][shown]) == list(
            before["table"]["typical_er"][shown] + 1
        )
        assert list(after["box"]["q1"]) == list(before["box"]["q1"] + 1)
        assert after["side"] == before["side"] + 1
        assert list(before["campaign"]["group_key"]) == ["c2"]
        assert list(after["campaign"]["typical_er"]) == list(before["campaign"]["typical_er"] + 1)
        assert_same(before["narrowed"], after["narrowed"], "a tier filter: worked out")
    finally:
        con.close()
