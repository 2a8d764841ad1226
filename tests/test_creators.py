"""Creators: the leaderboard (search, sort, the unattributed row kept) and one creator's
history, on the known-answer database (tests/known_answer.py), by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from campaign_roi import aggregates, creators, db, metrics
from campaign_roi.metrics import Filters
from tests.known_answer import build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def test_leaderboard_is_the_summary_by_creator(con):
    board = creators.leaderboard(con, sort="Posts").rows.set_index("group_key")
    cli = metrics.summary(con, "creator").set_index("group_key")
    # Posts: iA 2, iB 2, iC 2, iD 1 (ties by id), then the overhead row
    assert list(board.index) == ["iA", "iB", "iC", "iD", None]
    for figure in ("typical_er", "cpe", "revenue", "roas", "posts", "cost", "placements"):
        assert list(board[figure]) == pytest.approx(list(cli.loc[board.index, figure]), nan_ok=True)
    board = board.reset_index()
    row = board.set_index(board["group_key"].fillna("-")).loc["iB"]
    assert row["campaigns"] == 2 and row["followers"] == 10_000 and row["platform"] == "tiktok"
    assert board["handle"].iloc[-1] == creators.UNATTRIBUTED


def test_leaderboard_by_hand(con):
    board = creators.leaderboard(con, sort="Revenue", limit=2)
    assert (board.matches, board.creators, board.shown) == (4, 4, 2)
    rows = board.rows
    # CARL 1,500 revenue; DAN 300; then the overhead row (1,000 + 250)
    assert list(rows["group_key"]) == ["iC", "iD", None]
    assert list(rows["revenue"]) == [1_500, 300, 0]
    assert list(rows["cost"]) == [6_010, 324, 1_250]  # 6,000 + 5 + 5; 300 + 24
    assert rows["typical_er"].iloc[0] == pytest.approx(0.02)  # p4 2,000 / 100,000
    assert rows["typical_er"].iloc[1] == pytest.approx(1_000 / 9_999)
    assert pd.isna(rows["typical_er"].iloc[2]) and pd.isna(rows["cpe"].iloc[2])
    assert rows["roas"].iloc[2] == 0  # overhead: no revenue for 1,250
    assert creators.board_caption(board, "", "Revenue") == (
        "Top 2 of 4 creators, by revenue. The unattributed row (campaign overhead) is always "
        "last; the CSV has every matching creator."
    )
    found = creators.leaderboard(con, sort="CPE (lowest first)", search=" AN ")
    # @dan 324 / 1,000 = 0.324; @anna (200 + 50 + 10) / 600 = 0.433
    assert list(found.rows["handle"]) == ["@dan", "@anna", creators.UNATTRIBUTED]
    assert (found.matches, found.creators) == (2, 4)
    assert creators.board_caption(found, " an ", "CPE (lowest first)").startswith(
        "2 of 4 creators matching “an”, by cpe (lowest first)."
    )
    nobody = creators.leaderboard(con, search="zzz")
    assert (nobody.matches, nobody.creators, nobody.shown) == (0, 4, 0)
    # filters no creator is in, no search: none of none
    empty = creators.leaderboard(con, Filters(date_from=date(2030, 1, 1)))
    assert (empty.matches, empty.creators, empty.shown) == (0, 0, 0)
    assert creators.leaderboard(con, Filters(date_from=date(2030, 1, 1)), limit=0).creators == 0
    zero = creators.leaderboard(con, limit=0)  # nothing shown, every creator counted
    assert (zero.matches, zero.creators, zero.shown) == (0, 4, 0)
    by_er = creators.leaderboard(con, sort="Typical ER", limit=1).rows
    # typical ER: iD 0.100 (1,000 / 9,999), iA 0.06, iB 0.05, iC 0.02
    assert list(by_er["group_key"]) == ["iD", None]


def test_leaderboard_csv_and_handles(con):
    csv = creators.board_csv(con, None, "Revenue")
    assert list(csv["influencer_id"]) == ["iC", "iD", "iB", "iA", None]
    assert csv["typical_er"].iloc[3] == pytest.approx(0.06)  # iA: median of 0.10 and 0.02
    assert creators.handles(con, ("iB", "nobody")) == {"iB": "@ben"}


def test_leaderboard_without_the_pre_aggregates(tmp_path):
    # the five-tier scheme's 50k edge is a band edge too; an out-of-date database is not
    path = build_known_answer_db(tmp_path / "stale.duckdb")
    rw = db.connect_rw(path)
    aggregates.invalidate(rw)
    rw.close()
    stale = db.connect_ro(path)
    try:
        board = creators.leaderboard(stale, sort="Revenue", limit=2)
        assert list(board.rows["group_key"]) == ["iC", "iD", None]
        assert (board.matches, board.creators) == (4, 4)
        assert list(board.rows["cost"]) == [6_010, 324, 1_250]
    finally:
        stale.close()


def test_search_and_sort(con):
    board = creators.leaderboard(con, limit=None).rows
    by_revenue = creators.search_and_sort(board, "", "Revenue")
    # CARL 1,500; DAN 300; BEN5 280; ANNA10 100; then the overhead row
    assert list(by_revenue["handle"]) == ["@carl", "@dan", "@ben", "@anna", creators.UNATTRIBUTED]
    found = creators.search_and_sort(board, " AN ", "Revenue")
    assert list(found["handle"]) == ["@dan", "@anna", creators.UNATTRIBUTED]
    cheapest = creators.search_and_sort(board, "", "CPE (lowest first)")
    assert cheapest["group_key"].iloc[0] == "iD"  # (300 + 24) / 1,000 = 0.324


def test_one_creators_history(con):
    posts = creators.posts(con, "iB")
    assert list(posts["post_id"]) == ["p3", "p7"]
    assert list(posts["followers_at_post"]) == [10_000, 12_000]
    assert list(posts["post_spend"]) == [500, 0]
    assert list(posts["er_followers"]) == pytest.approx([0.05, 0.05])
    assert creators.growth_caption(posts) == (
        "10,000 followers at the first post (05 Mar 2025), 12,000 at the last "
        "(10 Jun 2025): +20.0%."
    )
    history = creators.history(con, "iB").set_index("group_key")
    # c1: s3 500 + commission 12 + 6; c2: s7 700, no sales
    assert history.loc["c1", "cost"] == pytest.approx(518)
    assert history.loc["c2", "cost"] == pytest.approx(700)
    assert (
        creators.growth_caption(creators.posts(con, "nobody")) == "No posts: no follower history."
    )


@pytest.mark.parametrize(
    "filters",
    [
        # short (sums of the period's facts) and long periods (facet totals less the
        # facts outside; 6 Mar cuts iA's p1 and iB's p3 off), other filters
        Filters(date_from=date(2025, 3, 6), date_to=date(2025, 3, 31)),
        Filters(date_from=date(2025, 3, 6), date_to=date(2025, 12, 31)),
        Filters(date_from=date(2025, 6, 1), date_to=date(2026, 3, 1), platforms=("tiktok",)),
        Filters(tiers=("micro",), scheme="default"),
        Filters(brands=("Acme",), content_types=("reel",)),
    ],
)
def test_leaderboard_matches_the_summary_in_any_filters(con, filters):
    board = creators.leaderboard(con, filters, sort="Posts", limit=None).rows
    cli = metrics.summary(con, "creator", filters)
    assert sorted(board["group_key"].fillna("-")) == sorted(cli["group_key"].fillna("-"))
    board, cli = board.set_index("group_key"), cli.set_index("group_key")
    for figure in ("posts", "placements", "engagements", "typical_er", "cost", "cpe", "orders",
                   "revenue", "cpa", "roas", "refunded_orders", "refunded_revenue"):  # fmt: skip
        assert list(board[figure]) == pytest.approx(list(cli.loc[board.index, figure]), nan_ok=True)
