"""Cost and revenue over time on the known-answer dataset (tests/known_answer.py), each
period worked out by hand from the rows, each fact by its own date."""

from __future__ import annotations

from datetime import date

import pytest

from campaign_roi import db, metrics, trends
from campaign_roi.metrics import Filters
from tests.known_answer import build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def _by_period(series: trends.TimeSeries) -> dict[date, dict]:
    return {row["period_start"]: row for row in series.frame.to_dict("records")}


def test_monthly_cost_and_revenue_for_march_and_june(con):
    # a span of more than 120 days is shown by month
    series = trends.spend_and_revenue(
        con, Filters(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    )
    assert series.grain == "month"
    months = _by_period(series)
    assert list(months) == [date(2025, m, 1) for m in range(1, 7)]  # empty months are zero
    march, june = months[date(2025, 3, 1)], months[date(2025, 6, 1)]
    # March spend: s1 200 + s2 50 + s3 500 + s4 6,000 + s5 1,000 (overhead) = 7,750;
    # commission on March orders: ANNA10 10 + BEN5 12 + 6 + CARL 5 + 5 (o2 refunded: 0) = 38
    assert march["spend"] == pytest.approx(7_750)
    assert march["commission"] == pytest.approx(38)
    assert march["cost"] == pytest.approx(7_788)
    # March revenue: o1 100 + o3 200 + o4 80 + o5 1,000 + o6 500 = 1,880
    assert march["revenue"] == pytest.approx(1_880)
    assert march["posts"] == 5  # p1..p5
    # June: s6 300 + s7 700 + s8 250 = 1,250 spend, DAN 8% of 300 = 24 commission
    assert june["cost"] == pytest.approx(1_274)
    assert june["revenue"] == pytest.approx(300)
    assert months[date(2025, 4, 1)]["cost"] == 0 and months[date(2025, 5, 1)]["revenue"] == 0


def test_periods_add_up_to_the_summary(con):
    series = trends.spend_and_revenue(con)
    total = metrics.summary(con, "all").iloc[0]
    assert series.frame["cost"].sum() == pytest.approx(total["cost"])  # 9,062
    assert series.frame["revenue"].sum() == pytest.approx(total["revenue"])  # 2,180


def test_weekly_within_a_short_span_each_fact_by_its_own_date(con):
    # 2 to 15 March 2025: weeks starting Monday 24 Feb (cut to 2 Mar), 3 Mar and 10 Mar
    series = trends.spend_and_revenue(
        con, Filters(date_from=date(2025, 3, 2), date_to=date(2025, 3, 15))
    )
    assert series.grain == "week"
    weeks = _by_period(series)
    assert list(weeks) == [date(2025, 2, 24), date(2025, 3, 3), date(2025, 3, 10)]
    # s2, s4 and s5 were spent on 1 March, before the span: only s1 (2 Mar) counts
    assert weeks[date(2025, 2, 24)]["cost"] == pytest.approx(200)
    # s3 500 (5 Mar) + commission of o1, o3, o4, o5, o6 (3-9 Mar) = 538; o2 refunded
    assert weeks[date(2025, 3, 3)]["cost"] == pytest.approx(538)
    assert weeks[date(2025, 3, 3)]["revenue"] == pytest.approx(1_880)
    assert weeks[date(2025, 3, 10)]["cost"] == 0 and weeks[date(2025, 3, 10)]["posts"] == 1  # p2


def test_filters_apply_as_in_the_summary(con):
    # YouTube: only iD's post p6, its spend s6 and order o7 (overhead has no platform)
    series = trends.spend_and_revenue(con, Filters(platforms=("youtube",)))
    assert series.frame["cost"].sum() == pytest.approx(300 + 24)
    assert series.frame["revenue"].sum() == pytest.approx(300)


def test_nothing_in_the_filters_gives_an_empty_series(con):
    series = trends.spend_and_revenue(con, Filters(platforms=("snapchat",)))
    assert series.frame.empty


def test_grain_and_period_starts():
    assert trends.grain_for(date(2025, 1, 1), date(2025, 4, 30)) == "week"  # 120 days
    assert trends.grain_for(date(2025, 1, 1), date(2025, 5, 1)) == "month"
    assert trends.period_start(date(2025, 3, 2), "week") == date(2025, 2, 24)  # a Sunday
    assert trends.period_start(date(2025, 3, 31), "month") == date(2025, 3, 1)
