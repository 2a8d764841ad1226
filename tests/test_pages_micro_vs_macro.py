"""The Micro vs macro page alone (AppTest) on tests/known_answer.build_comparison_db: the
multiples equal metrics.compare (the CLI's `compare`), N micro vs one macro and the budget
what-if equal the hand-worked figures of tests/test_planning.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from campaign_roi import db, metrics
from campaign_roi.metrics import Filters
from tests.apptest import run_page
from tests.known_answer import build_comparison_db, build_known_answer_db


@pytest.fixture
def comparison_db(tmp_path, monkeypatch):
    path = build_comparison_db(tmp_path / "cmp.duckdb")
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    return path


def _run(filters: Filters | None = None) -> AppTest:
    return run_page("micro_vs_macro.py", filters)


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_multiples_equal_the_cli(comparison_db):
    at = _run()
    con = db.reader(comparison_db)  # the app holds the file as the server does
    try:
        result = metrics.compare(con)
    finally:
        con.close()
    # lift 5% / 2.5% - 1 = +100%; cost efficiency 0.20 / 0.10 = 2.00x; ROAS 0.5 / 0.2 = 2.50x
    assert _metric(at, "Engagement lift") == "+100%"
    assert _metric(at, "Cost-efficiency multiple") == "2.00×"
    assert _metric(at, "ROAS multiple") == "2.50×"
    low, high = result.cost_efficiency_multiple.low, result.cost_efficiency_multiple.high
    assert any(f"**{low:.2f}× to {high:.2f}×**" in m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    assert "Industry claim, not data: “60% higher engagement”" in captions
    assert "Industry claim, not data: “6.7× more cost efficient”" in captions
    sides = at.dataframe[0].value
    assert list(sides["Placements"]) == ["5", "5"] and list(sides["CPE"]) == ["$0.100", "$0.200"]


def test_equal_followers_and_what_if_by_hand(comparison_db):
    at = _run()
    # N = 200,000 / 20,000 = 10
    assert any("**N = 10.0**" in m.value for m in at.markdown)
    equal = at.dataframe[1].value
    assert list(equal["Engagements"]) == ["10,000", "5,000"]
    assert list(equal["Cost"]) == ["$1,000.00", "$1,000.00"]
    assert list(equal["Revenue"]) == ["$500.00", "$200.00"]
    # observed mix: micro 500 / 5,500 -> 9%, macro 91%; budget 10,000 all micro:
    # 10,000 / 0.10 = 100,000 engagements, 100 orders, 5,000 revenue
    at.number_input(key="share_default_micro").set_value(100)
    at.number_input(key="share_default_macro").set_value(0)
    at.run()
    assert _metric(at, "Expected engagements") == "100,000"
    assert _metric(at, "Expected orders") == "100.0"
    assert _metric(at, "Expected revenue") == "$5,000"


def test_a_tier_on_both_sides_is_refused(comparison_db):
    at = _run()
    at.multiselect(key="macro_default").set_value(["micro", "macro"])
    at.run()
    assert "micro is on both sides" in at.error[0].value
    assert len(at.metric) == 0


def test_shares_must_add_up_and_unpriced_tiers_are_named(comparison_db):
    at = _run()
    at.number_input(key="share_default_mega").set_value(10)
    at.run()
    assert "add up to 110%" in at.warning[0].value
    at.number_input(key="share_default_macro").set_value(81)
    at.run()
    assert any("mega has no observed cost" in w.value for w in at.warning)


def test_not_enough_data(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(build_known_answer_db(tmp_path / "k.duckdb")))
    at = _run()
    assert "(micro 4, macro 1)" in at.warning[0].value
    assert _metric(at, "Expected engagements") != "—"


def test_nothing_in_the_filters(comparison_db):
    at = _run(Filters(platforms=("snapchat",)))
    assert "No placements in these filters." in at.info[0].value
