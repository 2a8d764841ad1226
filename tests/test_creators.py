"""Creators: the leaderboard (search, sort, the unattributed row kept) and one creator's
history, on the known-answer database (tests/known_answer.py), by hand."""

from __future__ import annotations

import pytest

from campaign_roi import creators, db, metrics
from tests.known_answer import build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def test_leaderboard_is_the_summary_by_creator(con):
    board = creators.leaderboard(con)
    cli = metrics.summary(con, "creator")
    assert list(board["group_key"]) == list(cli["group_key"]) == ["iA", "iB", "iC", "iD", None]
    for figure in ("typical_er", "cpe", "revenue", "roas", "posts", "cost"):
        assert list(board[figure]) == pytest.approx(list(cli[figure]), nan_ok=True)
    row = board.set_index(board["group_key"].fillna("-")).loc["iB"]
    assert row["campaigns"] == 2 and row["followers"] == 10_000 and row["platform"] == "tiktok"
    assert board["handle"].iloc[-1] == creators.UNATTRIBUTED


def test_search_and_sort(con):
    board = creators.leaderboard(con)
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
