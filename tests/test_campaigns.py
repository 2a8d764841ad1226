"""Campaigns: the comparison table (no date cap), one campaign's days, creators and
objective vs outcome, on the known-answer database (tests/known_answer.py), by hand."""

from __future__ import annotations

from datetime import date

import pytest

from campaign_roi import campaigns, db, metrics
from campaign_roi.metrics import Filters
from campaign_roi.tables import raw_table
from tests.known_answer import build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


JUNE = Filters(date_from=date(2025, 6, 1), date_to=date(2025, 6, 30))


def test_comparison_ignores_the_period(con):
    for filters in (None, JUNE):
        table = campaigns.comparison(con, filters).set_index("campaign_id")
        assert list(table.index) == ["c1", "c2"]
        spring, summer = table.loc["c1"], table.loc["c2"]
        # c1: spend 200 + 50 + 500 + 6,000 + 1,000 = 7,750 of 8,000; commission 28
        assert spring["spend"] == pytest.approx(7_750)
        assert spring["spend_share"] == pytest.approx(7_750 / 8_000)
        assert (spring["posts"], spring["creators"], spring["objective"]) == (5, 3, "sales")
        assert spring["cost"] == pytest.approx(7_788) and spring["revenue"] == 1_880
        # c2: 300 + 700 + 250 = 1,250 against a 1,000 budget: 125%
        assert summer["spend_share"] == pytest.approx(1.25)
        assert summer["creators"] == 2 and summer["roas"] == pytest.approx(300 / 1_274)
    # the same numbers as metrics.summary by campaign with no date cap (the CLI)
    cli = metrics.summary(con, "campaign").set_index("group_key")
    table = campaigns.comparison(con, JUNE).set_index("campaign_id")
    for figure in ("cost", "cpe", "revenue", "roas", "roi", "engagements"):
        assert list(table[figure]) == pytest.approx(list(cli[figure]))


def test_one_campaign_in_depth(con):
    days = campaigns.daily(con, "c2", JUNE)
    # 1 Jun s7 700 + s8 250; 5 Jun s6 300 and p6; 6 Jun o7; 10 Jun p7
    assert [d.day for d in days["day"]] == [1, 5, 6, 10]
    assert list(days["cumulative_spend"]) == [950, 1_250, 1_250, 1_250]
    grain, steps = campaigns.timeline(days)
    assert grain == "day" and list(steps["posts"]) == [0, 1, 0, 1]
    people = campaigns.creators(con, "c1")
    # by revenue: iC o5 1,000 + o6 500; iB o3 200 + o4 80; iA o1 100 (o2 refunded);
    # the overhead row last
    assert list(people["group_key"]) == ["iC", "iB", "iA", None]
    assert list(people["revenue"]) == pytest.approx([1_500, 280, 100, 0])
    # iC 6,000 + 10; iB 500 + 18; iA 200 + 50 + 10; overhead s5 1,000, labelled row
    assert list(people["cost"]) == pytest.approx([6_010, 518, 260, 1_000])
    assert campaigns.creator_labels(people)[-1] == "unattributed (campaign overhead)"


def test_a_campaigns_table_shows_its_first_creators_and_the_overhead(con):
    """A campaign with thousands of creators shows the first TOP by revenue and its
    overhead row; the CSV (raw_table) has every row."""
    people = campaigns.creators(con, "c1")
    whole = campaigns.shown_creators(people, limit=3)
    assert list(whole["group_key"]) == ["iC", "iB", "iA", None]
    assert campaigns.creators_caption(people, whole).startswith("3 creators, by revenue.")
    top = campaigns.shown_creators(people, limit=2)
    assert list(top["group_key"]) == ["iC", "iB", None]
    assert campaigns.creators_caption(people, top).startswith("Top 2 of 3 creators, by revenue.")
    raw = raw_table(people, {"Creator": campaigns.creator_labels(people)}, ["cost", "revenue"])
    assert list(raw["cost"]) == pytest.approx([6_010, 518, 260, 1_000])


def test_objective_outcome_and_pacing_sentences(con):
    table = campaigns.comparison(con).set_index("campaign_id")
    # c2 awareness: engagements first; 1,600 engagements, CPE 1,274 / 1,600 = 0.796
    assert campaigns.objective_outcome(table.loc["c2"]) == (
        "Objective: awareness. Outcome: 1,600 engagements from 2 posts, CPE $0.796; "
        "$300.00 revenue on $1,274.00 cost: ROAS 0.24×, ROI -76.5%."
    )
    assert campaigns.objective_outcome(table.loc["c1"]).startswith(
        "Objective: sales. Outcome: $1,880.00 revenue on $7,788.00 cost"
    )
    assert campaigns.pacing_caption(table.loc["c2"]) == (
        "Spent $1,250.00 of a $1,000.00 budget (125%)."
    )


def test_long_campaign_timeline_by_week():
    import pandas as pd

    days = pd.DataFrame(
        {
            "day": pd.to_datetime(["2025-01-06", "2025-01-08", "2025-03-31"]),
            "posts": [1.0, 2.0, 3.0],
            "orders": [5.0, 0.0, 1.0],
        }
    )
    grain, steps = campaigns.timeline(days)
    assert grain == "week"
    assert list(steps["posts"]) == [3, 3] and list(steps["orders"]) == [5, 1]
    assert [d.strftime("%a") for d in steps["day"]] == ["Mon", "Mon"]
