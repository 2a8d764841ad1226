"""The Results pages (Affiliate codes, Campaigns, Creators, Content) run alone (AppTest,
without the frame) on real fixture databases and show the hand-worked figures, the same
ones metrics.summary (what the CLI prints) returns for the same filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from campaign_roi import db, metrics
from campaign_roi.formatting import money, multiple, percent
from campaign_roi.metrics import Filters
from tests.apptest import run_page
from tests.dbfixtures import build_db
from tests.known_answer import build_known_answer_db
from tests.test_codes import leakage_rows

JUNE = Filters(date_from=date(2025, 6, 1), date_to=date(2025, 6, 30), scheme="default")


@pytest.fixture
def known(tmp_path, monkeypatch) -> Path:
    path = build_known_answer_db(tmp_path / "known.duckdb")
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    return path


def _summary(path: Path, by: str, filters: Filters | None = None):
    con = db.reader(path)  # the app holds the file read-write, as the server does
    try:
        return metrics.summary(con, by, filters)
    finally:
        con.close()


def _table(at: AppTest, first_heading: str):
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_heading)


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def test_affiliate_codes_page(known):
    at = run_page("affiliate_codes.py")
    shown = {m.label: m.value for m in at.metric}
    # orders o1 o3 o4 o5 o6 o7; commission 10 + 12 + 6 + 5 + 5 + 24; o2 refunded (50)
    assert shown == {
        "Orders": "6",
        "Revenue": "$2,180.00",
        "Commission": "$62.00",
        "Refunded orders": "1",
        "Refunded revenue": "$50.00",
        "Codes with no sales": "1 of 5",
    }
    codes = _table(at, "⚠")
    assert list(codes["Code"]) == ["CARL", "DAN", "BEN5", "ANNA10", "NOSALE"]
    assert list(codes["CPA"])[:2] == ["$3,005.00", "$324.00"]  # (6,000 + 10) / 2; 300 + 24
    assert list(_table(at, "Code")["Code"]) == ["NOSALE"]  # codes with no sales
    assert "fewer than 5 codes with sales" in _captions(at)
    assert len(at.get("plotly_chart")) == 2

    at.segmented_control(key="codes_by").set_value("creator").run()
    by_creator = _table(at, "Creator")
    cli = _summary(known, "creator")
    # by revenue: CARL 1,500; DAN 300; BEN5 280; ANNA10 100
    assert list(by_creator["Creator"]) == ["@carl", "@dan", "@ben", "@anna",
                                           "unattributed (campaign overhead)"]  # fmt: skip
    cli = cli.set_index(cli["group_label"].fillna("unattributed (campaign overhead)"))
    in_order = cli.loc[list(by_creator["Creator"])]
    assert list(by_creator["ROAS"]) == [multiple(v) for v in in_order["roas"]]
    assert list(by_creator["CPA"]) == [money(v) for v in in_order["cpa"]]
    assert "4 of 4 creators, by revenue." in _captions(at)


def test_affiliate_codes_page_flags_the_planted_codes(tmp_path, monkeypatch):
    path = build_db(tmp_path / "leaky.duckdb", leakage_rows())
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    at = run_page("affiliate_codes.py")
    flags = _table(at, "Code")
    assert list(flags["Code"]) == ["LEAK", "LATE"]
    assert flags["Why flagged"].iloc[0].startswith("200 orders from a creator with 4,000")
    assert at.metric[0].value == "282"  # flagged codes stay in the totals
    marks = _table(at, "⚠")
    assert list(marks.loc[marks["⚠"] == "⚠", "Code"]) == ["LEAK", "LATE"]


def test_affiliate_codes_page_with_a_content_type_filter(known):
    at = run_page("affiliate_codes.py", Filters(content_types=("reel",)))
    assert "Orders have no content type" in at.info[0].value
    assert len(at.metric) == 0


def test_campaigns_page_ignores_the_period(known):
    at = run_page("campaigns.py", JUNE)
    table = _table(at, "Campaign")
    cli = _summary(known, "campaign", replace(JUNE, date_from=None, date_to=None))
    assert list(table["Campaign"]) == ["Spring", "Summer"]
    assert list(table["Spend / budget"]) == ["97%", "125%"]  # 7,750 / 8,000; 1,250 / 1,000
    assert list(table["Creators"]) == ["3", "2"]
    assert list(table["ROAS"]) == [multiple(v) for v in cli["roas"]]
    assert list(table["ROI"]) == [percent(v) for v in cli["roi"]]
    assert "No date cap on this page" in _captions(at)

    at.selectbox(key="show_campaign").set_value("c2").run()
    assert not at.exception
    assert any(m.value.startswith("Objective: awareness.") for m in at.markdown)
    assert "Spent $1,250.00 of a $1,000.00 budget (125%)." in _captions(at)
    people = _table(at, "Creator")
    # by revenue (dan's o7 300, ben none), the overhead last
    assert list(people["Creator"]) == ["@dan", "@ben", "unattributed (campaign overhead)"]
    assert list(people["Cost"]) == ["$324.00", "$700.00", "$250.00"]
    assert "2 creators, by revenue." in _captions(at)
    assert len(at.get("plotly_chart")) == 2


def test_creators_page_search_and_history(known):
    at = run_page("creators.py")
    board = _table(at, "Creator")
    cli = _summary(known, "creator")
    assert list(board["Creator"]) == ["@carl", "@dan", "@ben", "@anna",
                                      "unattributed (campaign overhead)"]  # fmt: skip
    by_key = dict(zip(cli["group_label"].fillna("-"), cli["cpe"], strict=True))
    assert board["CPE"].iloc[0] == money(by_key["@carl"], "USD", 3)
    at.text_input(key="creator_search").input("an").run()
    found = _table(at, "Creator")
    assert list(found["Creator"]) == ["@dan", "@anna", "unattributed (campaign overhead)"]
    at.selectbox(key="show_creator").set_value("iA").run()
    posts = _table(at, "posted_at")
    assert list(posts["followers_at_post"]) == [5_000, 5_000]
    assert list(posts["er"]) == ["10.00%", "2.00%"]
    history = _table(at, "Campaign")
    assert list(history["Cost"]) == ["$260.00"]  # 200 + 50 + commission 10
    assert len(at.get("plotly_chart")) == 1


def test_content_page_by_type_and_weekday(known):
    at = run_page("content.py")
    table = _table(at, "Content type")
    cli = _summary(known, "content_type")
    assert list(table["CPE"]) == [money(v, "USD", 3) for v in cli["cpe"]]
    assert list(table["Content type"])[:3] == ["photo ⚠", "reel ⚠", "video ⚠"]
    at.segmented_control(key="breakdown").set_value("weekday").run()
    weekday = _table(at, "Weekday")
    assert list(weekday["Weekday"])[:6] == ["Mon ⚠", "Tue ⚠", "Wed ⚠", "Thu ⚠", "Fri ⚠", "Sun ⚠"]
    assert weekday["Typical ER (median)"].iloc[3] == "10.00%"  # p6: 1,000 / 9,999
    assert len(at.get("plotly_chart")) == 1


def test_pages_with_nothing_in_the_filters(known):
    nothing = Filters(platforms=("snapchat",))
    for page in ("affiliate_codes.py", "creators.py", "content.py"):
        at = run_page(page, nothing)
        assert at.info, page
    empty = run_page("campaigns.py", Filters(brands=("Nobody",)))
    assert "No campaigns in these filters." in empty.info[0].value
