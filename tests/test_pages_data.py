"""The Data page's logic (AppTest, page run alone): upload, recognise, map, check, import;
every bad input of the importer arriving through the page is reported with file, line,
column and value, and writes nothing; settings and starting from scratch."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from campaign_roi import db
from campaign_roi.contract import TABLE_ORDER, TABLES
from tests.apptest import run_page
from tests.dbfixtures import build_db
from tests.test_importer import BATCH, TIKTOK
from tests.test_workbooks import _workbook

POSTS_HEADER = "post_id,campaign_id,influencer_id,posted_at,likes\n"
BASE = {
    "influencers": [dict(influencer_id="i1", handle="@ann", platform="instagram", followers=5000)],
    "campaigns": [dict(campaign_id="c1", name="Spring"), dict(campaign_id="c9", name="TikTok")],
    "posts": [
        dict(
            post_id="p1",
            campaign_id="c1",
            influencer_id="i1",
            posted_at=pd.Timestamp("2025-03-01"),
            platform="instagram",
            followers_at_post=5000,
            likes=10,
        )
    ],
    "affiliate_codes": [dict(code="ANN10", campaign_id="c1", influencer_id="i1")],
}


@pytest.fixture
def path(tmp_path, monkeypatch):
    path = build_db(tmp_path / "data.duckdb", BASE)
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    return path


def _snapshot(path) -> dict[str, list[tuple]]:
    con = db.reader(path)  # the page holds the file as the server does
    try:
        found = {
            t: con.execute(f"SELECT * FROM {t} ORDER BY {TABLES[t].key}").fetchall()
            for t in TABLE_ORDER
        }
        found["import_log"] = con.execute("SELECT * FROM import_log ORDER BY import_id").fetchall()
        return found
    finally:
        con.close()


def _open(name: str = "ann") -> AppTest:
    at = run_page("data.py")
    at.text_input(key="data_who").input(name).run()
    return at


def _upload(at: AppTest, files: dict[str, str | bytes]) -> AppTest:
    payload = [(n, c if isinstance(c, bytes) else c.encode(), "text/csv") for n, c in files.items()]
    at.get("file_uploader")[0].set_value(payload).run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, starts: str):
    found = [b for b in at.button if b.label.startswith(starts)]
    assert found, f"no button {starts!r} in {[b.label for b in at.button]}"
    return found[0]


def _check(at: AppTest) -> AppTest:
    _button(at, "Check the files").click().run()
    assert not at.exception, at.exception
    return at


def _frame(at: AppTest, first_column: str) -> pd.DataFrame:
    for frame in at.dataframe:
        if list(frame.value.columns)[:1] == [first_column]:
            return frame.value
    raise AssertionError(f"no table starting with {first_column}")


def test_a_valid_batch_is_checked_then_imported_and_logged(path):
    at = _check(_upload(_open(), BATCH))
    assert not at.error
    counts = _frame(at, "Table").set_index("Table")
    # BATCH against BASE: i1, c1, p1 and ANN10 exist with other values (updated);
    # i2, p2, both spend rows and both orders are new
    assert counts["New"].to_dict() == {
        "influencers": 1,
        "campaigns": 0,
        "posts": 1,
        "spend": 2,
        "affiliate_codes": 0,
        "orders": 2,
    }
    assert counts["Updated"].to_dict() == {
        "influencers": 1,
        "campaigns": 1,
        "posts": 1,
        "spend": 0,
        "affiliate_codes": 1,
        "orders": 0,
    }
    assert len(_snapshot(path)["posts"]) == 1  # checking wrote nothing
    _button(at, "Import 10 new or changed rows").click().run()
    assert not at.exception, at.exception
    assert any("Imported: 6 new and 4 updated rows" in s.value for s in at.success)
    after = _snapshot(path)
    assert len(after["posts"]) == 2 and len(after["orders"]) == 2
    log = {row[5]: row for row in after["import_log"]}
    assert log["posts"][2] == "ann" and log["posts"][4] == "page" and log["posts"][6:8] == (1, 1)


def test_import_needs_a_name_for_the_log(path):
    at = _check(_upload(_open(""), BATCH))
    assert _button(at, "Import").disabled
    assert any("Type your name" in w.value for w in at.warning)


# Each bad input of the importer, through the page: (files, file, line, column, value).
BAD_INPUTS = {
    "missing required column": (
        {"posts.csv": "post_id,campaign_id,influencer_id\np2,c1,i1\n"},
        ("posts.csv", 1, "posted_at", ""),
    ),
    "missing required value": (
        {"posts.csv": POSTS_HEADER + "p2,c1,i1,,1\n"},
        ("posts.csv", 2, "posted_at", ""),
    ),
    "wrong type": (
        {"posts.csv": POSTS_HEADER + "p2,c1,i1,2025-03-02,lots\n"},
        ("posts.csv", 2, "likes", "lots"),
    ),
    "wrong date": (
        {"posts.csv": POSTS_HEADER + "p2,c1,i1,03/02/2025,1\n"},
        ("posts.csv", 2, "posted_at", "03/02/2025"),
    ),
    "negative count": (
        {"posts.csv": POSTS_HEADER + "p2,c1,i1,2025-03-02,1\np3,c1,i1,2025-03-02,-3\n"},
        ("posts.csv", 3, "likes", "-3"),
    ),
    "duplicate id": (
        {"posts.csv": POSTS_HEADER + "p2,c1,i1,2025-03-02,1\np2,c1,i1,2025-03-03,2\n"},
        ("posts.csv", 3, "post_id", "p2"),
    ),
    "unknown reference": (
        {"posts.csv": POSTS_HEADER + "p2,c404,i1,2025-03-02,1\n"},
        ("posts.csv", 2, "campaign_id", "c404"),
    ),
    "unknown code": (
        {"orders.csv": "order_id,code,ordered_at,revenue\no1,nope,2025-03-02,10\n"},
        ("orders.csv", 2, "code", "nope"),
    ),
    "end before start": (
        {"campaigns.csv": "campaign_id,name,start_date,end_date\nc3,W,2025-12-01,2025-11-30\n"},
        ("campaigns.csv", 2, "end_date", "2025-11-30"),
    ),
    "rate above one": (
        {"affiliate_codes.csv": "code,campaign_id,influencer_id,commission_rate\nB5,c1,i1,8\n"},
        ("affiliate_codes.csv", 2, "commission_rate", "8"),
    ),
    "other currency": (
        {
            "spend.csv": "spend_id,campaign_id,spent_on,category,amount,currency\n"
            "s1,c1,2025-03-01,fee,100,EUR\n"
        },
        ("spend.csv", 2, "currency", "EUR"),
    ),
    "header only": ({"posts.csv": POSTS_HEADER}, ("posts.csv", None, "", "")),
    "not utf-8": (
        {
            "posts.csv": (POSTS_HEADER + "p2,c1,i1,2025-03-02,1\n").encode()
            + "p3,Café,i1,2025-03-02,1\n".encode("latin-1")
        },
        ("posts.csv", 3, "", "\\xe9,i1"),
    ),
    "ragged row": (
        {"posts.csv": POSTS_HEADER + "p2,c1,i1,2025-03-02,1,extra\n"},
        ("posts.csv", 2, "", ""),
    ),
    "not an excel file": ({"posts.xlsx": b"not a workbook"}, ("posts.xlsx", None, "", "")),
    "formula without a saved result": (
        {
            "posts.xlsx": _workbook(
                [
                    ["post_id", "campaign_id", "influencer_id", "posted_at", "likes"],
                    ["p2", "c1", "i1", "2025-03-02", 4],
                    ["p3", "c1", "i1", "2025-03-03", "=E2*2"],
                ]
            )
        },
        ("posts.xlsx", 3, "likes", "=E2*2"),
    ),
    "one bad file refuses the batch": (
        {
            "campaigns.csv": "campaign_id,name\nc5,Good\n",
            "posts.csv": POSTS_HEADER + "p2,c5,i1,2025-03-02,lots\n",
        },
        ("posts.csv", 2, "likes", "lots"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_through_the_page_is_reported_and_writes_nothing(path, case):
    files, (file, line, column, value) = BAD_INPUTS[case]
    before = _snapshot(path)
    at = _check(_upload(_open(), files))
    assert any("nothing was written" in e.value for e in at.error)
    problems = _frame(at, "File")
    first = problems.iloc[0]
    assert (first["File"], first["Column"], first["Value"]) == (file, column, value)
    assert (None if pd.isna(first["Line"]) else int(first["Line"])) == line
    assert first["Problem"]  # says what to do, in words
    assert not [b for b in at.button if b.label.startswith("Import")]
    assert _snapshot(path) == before


def test_a_file_for_no_known_table_asks_which_table(path):
    at = _upload(_open(), {"export.csv": "foo,bar\n1,2\n"})
    assert any("cannot tell which table" in w.value.lower() for w in at.warning)
    assert not [b for b in at.button if b.label.startswith("Check")]


def test_a_platform_export_is_mapped_and_imported(path):
    at = _upload(_open(), {"tiktok export.csv": TIKTOK})
    [s for s in at.selectbox if s.label == "Table"][0].set_value("posts").run()
    # the columns are suggested; campaign and platform are one value for every row
    [s for s in at.selectbox if s.label == "Campaign for every row"][0].set_value("c9").run()
    [s for s in at.selectbox if s.label == "Platform for every row"][0].set_value("tiktok").run()
    zero = [t for t in at.text_input if t.label == "Words that mean zero"][0]
    zero.input("Share").run()
    assert not at.exception, at.exception
    at = _check(at)
    assert not at.error, [e.value for e in at.error]
    counts = _frame(at, "Table").set_index("Table")
    # creator_a, creator_b and "known" are new creators; 4 posts
    assert counts.loc["influencers", "New"] == 3 and counts.loc["posts", "New"] == 4
    _button(at, "Import 7 new or changed rows").click().run()
    assert not at.exception, at.exception
    posts = {row[0]: row for row in _snapshot(path)["posts"]}
    assert posts["2"][2] == "creator_a" and posts["2"][1] == "c9"
    assert posts["2"][12] == 0  # "Share" read as zero shares


def test_a_mapping_is_saved_and_offered_again(path):
    at = _upload(_open(), {"tiktok export.csv": TIKTOK})
    [s for s in at.selectbox if s.label == "Table"][0].set_value("posts").run()
    [s for s in at.selectbox if s.label == "Platform for every row"][0].set_value("tiktok").run()
    name = [t for t in at.text_input if t.label == "Save this mapping as"][0]
    name.input("TikTok creators").run()
    _button(at, "Save mapping").click().run()
    assert not at.exception, at.exception
    again = _upload(_open(), {"other.csv": TIKTOK})
    [s for s in again.selectbox if s.label == "Table"][0].set_value("posts").run()
    saved = [s for s in again.selectbox if s.label == "Start from a saved mapping"][0]
    assert "TikTok creators" in saved.options
    saved.set_value("TikTok creators").run()
    platform = [s for s in again.selectbox if s.label == "Platform for every row"][0]
    assert platform.value == "tiktok"


def test_settings_change_the_currency(path):
    at = _open()
    [s for s in at.selectbox if s.label == "Currency of every amount"][0].set_value("EUR")
    _button(at, "Save currency").click().run()
    assert not at.exception, at.exception
    con = db.reader(path)
    assert db.get_settings(con)["reporting_currency"] == "EUR"


def test_start_from_scratch_is_guarded(path):
    at = _open()
    assert _button(at, "Delete all data").disabled
    at.text_input(key="scratch-confirm").input("DELETE").run()
    _button(at, "Delete all data").click().run()
    assert not at.exception, at.exception
    after = _snapshot(path)
    assert all(after[t] == [] for t in TABLE_ORDER)
    assert [row[2] for row in after["import_log"]] == ["ann"]
