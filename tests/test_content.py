"""Content: typical ER and CPE by content type, platform, niche, weekday and hour, with
thin cells marked, on the known-answer database (tests/known_answer.py), by hand."""

from __future__ import annotations

import pytest

from campaign_roi import content, db, metrics
from tests.known_answer import build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def test_content_type_and_platform_are_the_summary(con):
    for by in ("content_type", "platform"):
        frame = content.breakdown(con, by)
        cli = metrics.summary(con, by)
        assert list(frame["group_key"]) == list(cli["group_key"])
        assert list(frame["cpe"]) == pytest.approx(list(cli["cpe"]), nan_ok=True)
        assert list(frame["typical_er"]) == pytest.approx(list(cli["typical_er"]), nan_ok=True)
    types = content.breakdown(con, "content_type")
    assert list(types["label"]) == ["photo", "reel", "video", content.UNATTRIBUTED["content_type"]]
    assert list(types["thin"]) == [True, True, True, False]  # 2, 2 and 3 posts


def test_weekday(con):
    frame = content.breakdown(con, "weekday").set_index("label")
    # p2 Mon; p7 Tue; p3 Wed; p5 (no data) and p6 Thu; p4 Fri; p1 Sun; no Saturday post
    assert list(frame.index) == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sun", content.UNATTRIBUTED["weekday"],
    ]  # fmt: skip
    assert frame.loc["Thu", "posts"] == 2
    assert frame.loc["Thu", "typical_er"] == pytest.approx(1_000 / 9_999)  # p5 has no ER
    # post-linked spend only: s1 200 on p1 (Sun), s3 500 on p3 (Wed), s6 300 on p6 (Thu)
    assert frame.loc["Sun", "cpe"] == pytest.approx(200 / 500)
    assert frame.loc["Thu", "cpe"] == pytest.approx(300 / 1_000)
    assert frame.loc["Mon", "cost"] == 0 and frame.loc["Mon", "cpe"] == 0  # p2: no spend
    # the rest (placement spend, commission, overhead) is the labelled last row
    assert frame["cost"].sum() == pytest.approx(9_062)
    assert frame.loc[content.UNATTRIBUTED["weekday"], "cost"] == pytest.approx(9_062 - 1_000)
    assert "fewer than 10 posts" in content.thin_caption(frame.reset_index())


def test_hour_and_niche(con):
    hours = content.breakdown(con, "hour")
    assert list(hours["label"]) == ["10:00", content.UNATTRIBUTED["hour"]]
    assert hours["posts"].iloc[0] == 7 and hours["typical_er"].iloc[0] == pytest.approx(0.05)
    niche = content.breakdown(con, "niche")
    # no creator has a niche: all their facts under "not stated", overhead 1,250 apart
    assert list(niche["label"]) == ["not stated", content.UNATTRIBUTED["niche"]]
    assert list(niche["cost"]) == pytest.approx([9_062 - 1_250, 1_250])
    assert niche["revenue"].iloc[0] == 2_180


def test_unknown_breakdown(con):
    with pytest.raises(ValueError, match="cannot break content down"):
        content.breakdown(con, "colour")
