"""Bad input: each problem names file, line, column and value, says what to do, and the
database is unchanged afterwards (the whole batch is refused)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from campaign_roi import db
from campaign_roi.contract import TABLE_ORDER, TABLES
from campaign_roi.importer import PROBLEMS_PER_KIND, Source, import_batch, validate_batch
from tests.dbfixtures import build_db

POSTS_HEADER = "post_id,campaign_id,influencer_id,posted_at,likes\n"


@pytest.fixture
def con(tmp_path):
    path = build_db(
        tmp_path / "t.duckdb",
        {
            "influencers": [
                dict(influencer_id="i1", handle="@ann", platform="instagram", followers=5000),
                dict(influencer_id="i2", handle="@bob", platform="tiktok", followers=90000),
            ],
            "campaigns": [
                dict(campaign_id="c1", name="Spring"),
                dict(campaign_id="c2", name="Fall"),
            ],
            "posts": [
                dict(
                    post_id="p1",
                    campaign_id="c1",
                    influencer_id="i1",
                    posted_at=pd.Timestamp("2025-03-01"),
                    platform="instagram",
                    followers_at_post=5000,
                )
            ],
            "affiliate_codes": [dict(code="ANN10", campaign_id="c1", influencer_id="i1")],
        },
    )
    connection = db.connect_rw(path)
    yield connection
    connection.close()


def _snapshot(con) -> dict[str, list[tuple]]:
    tables = {t: f"SELECT * FROM {t} ORDER BY {TABLES[t].key}" for t in TABLE_ORDER}
    tables["import_log"] = "SELECT * FROM import_log ORDER BY import_id"
    return {t: con.execute(sql).fetchall() for t, sql in tables.items()}


def _refused(con, files: dict[str, str | bytes]) -> list[str]:
    """Import the files; assert nothing changed; return the problems as text."""
    before = _snapshot(con)
    sources = [Source(n, c if isinstance(c, bytes) else c.encode()) for n, c in files.items()]
    report = import_batch(con, sources)
    assert not report.written
    assert report.problems, "expected the batch to be refused"
    assert _snapshot(con) == before
    return [str(p) for p in report.problems]


def test_missing_required_column(con):
    problems = _refused(con, {"posts.csv": "post_id,campaign_id,influencer_id\np2,c1,i1\n"})
    assert problems == [
        'posts.csv, line 1, column "posted_at": the required column "posted_at" is missing. '
        "Add a column named posted_at to the header row."
    ]


def test_missing_required_value(con):
    problems = _refused(con, {"posts.csv": POSTS_HEADER + "p2,c1,i1,,1\n"})
    assert problems == [
        'posts.csv, line 2, column "posted_at", value "": posted_at is required and this cell is '
        "empty. Fill it in."
    ]


def test_wrong_type(con):
    problems = _refused(con, {"posts.csv": POSTS_HEADER + "p2,c1,i1,2025-03-02,lots\n"})
    assert problems == [
        'posts.csv, line 2, column "likes", value "lots": this is not a number. Write a whole '
        "number such as 12345, 12,345 or 12.3K, or leave it empty if unknown."
    ]


def test_wrong_date(con):
    problems = _refused(con, {"posts.csv": POSTS_HEADER + "p2,c1,i1,03/02/2025,1\n"})
    assert problems == [
        'posts.csv, line 2, column "posted_at", value "03/02/2025": this is not a date or time. '
        "Write a date like 2025-03-31 or 2025-03-31 14:30."
    ]


def test_negative_count(con):
    text = POSTS_HEADER + "p2,c1,i1,2025-03-02,1\np3,c1,i1,2025-03-02,2\np4,c1,i1,2025-03-02,-3\n"
    assert _refused(con, {"posts.csv": text}) == [
        'posts.csv, line 4, column "likes", value "-3": a count cannot be negative. '
        "Fix the value or leave it empty if unknown."
    ]


def test_duplicate_id(con):
    text = POSTS_HEADER + "p2,c1,i1,2025-03-02,1\np2,c1,i1,2025-03-03,2\n"
    assert _refused(con, {"posts.csv": text}) == [
        'posts.csv, line 3, column "post_id", value "p2": this post_id appears more than once in '
        "this import (first on line 2 of posts.csv). Keep one row per post_id."
    ]


def test_codes_duplicated_case_insensitively(con):
    text = "code,campaign_id,influencer_id\nbob5,c1,i2\nBOB5,c1,i2\n"
    assert _refused(con, {"affiliate_codes.csv": text}) == [
        'affiliate_codes.csv, line 3, column "code", value "BOB5": this code appears more than '
        "once in this import (first on line 2 of affiliate_codes.csv). Keep one row per code."
    ]


def test_unknown_reference(con):
    problems = _refused(con, {"posts.csv": POSTS_HEADER + "p2,c404,i1,2025-03-02,1\n"})
    assert problems == [
        'posts.csv, line 2, column "campaign_id", value "c404": there is no campaign "c404" in '
        "the database or in this import. Add it (in campaigns.csv) or fix the campaign_id."
    ]


def test_unknown_code_on_an_order(con):
    text = "order_id,code,ordered_at,revenue\no1,ann10,2025-03-02,10\no2,nope,2025-03-02,10\n"
    problems = _refused(con, {"orders.csv": text})
    assert problems == [
        'orders.csv, line 3, column "code", value "nope": there is no affiliate code "NOPE" in '
        "the database or in this import. Add it (in affiliate_codes.csv) or fix the code."
    ]


def test_end_before_start(con):
    text = "campaign_id,name,start_date,end_date\nc3,Winter,2025-12-01,2025-11-30\n"
    assert _refused(con, {"campaigns.csv": text}) == [
        'campaigns.csv, line 2, column "end_date", value "2025-11-30": the campaign ends before '
        "it starts (start_date 2025-12-01). Fix end_date or start_date."
    ]


def test_rate_above_one(con):
    text = "code,campaign_id,influencer_id,commission_rate\nBOB5,c1,i2,8\n"
    assert _refused(con, {"affiliate_codes.csv": text}) == [
        'affiliate_codes.csv, line 2, column "commission_rate", value "8": a rate must be between '
        '0 and 1 (0% to 100%). Write 8% as "8%" or "0.08", not "8".'
    ]


def test_other_currency(con):
    text = (
        "spend_id,campaign_id,spent_on,category,amount,currency\n"
        "s1,c1,2025-03-01,fee,100,EUR\n"
        "s2,c1,2025-03-01,fee,€5,\n"
    )
    assert _refused(con, {"spend.csv": text}) == [
        'spend.csv, line 2, column "currency", value "EUR": this row is in another currency, but '
        "this database reports in USD. Convert the amount to USD and write USD here "
        "(or leave it empty).",
        'spend.csv, line 3, column "amount", value "€5": this amount is in EUR (€) but this '
        "database reports in USD. Convert it to USD and write it without the €.",
    ]


def test_empty_file(con):
    assert _refused(con, {"posts.csv": ""}) == [
        "posts.csv: the file is empty. Export it again with a header row and data rows."
    ]


def test_header_only_file(con):
    assert _refused(con, {"posts.csv": POSTS_HEADER}) == [
        "posts.csv: the file has a header row but no data rows. "
        "Add the rows, or leave the file out."
    ]


def test_not_utf8(con):
    text = (POSTS_HEADER + "p2,c1,i1,2025-03-02,1\n").encode() + "p3,Café,i1,2025-03-02,1\n".encode(
        "latin-1"
    )
    problems = _refused(con, {"posts.csv": text})
    assert len(problems) == 1
    assert problems[0].startswith('posts.csv, line 3, value "\\xe9,i1": the file is not UTF-8 text')
    assert 'Save it again as "CSV UTF-8"' in problems[0]


def test_spend_on_a_post_of_another_creator(con):
    text = (
        "spend_id,campaign_id,influencer_id,post_id,spent_on,category,amount\n"
        "s1,c1,i1,p1,2025-03-01,fee,100\n"
        "s2,c1,i2,p1,2025-03-01,fee,100\n"
        "s3,c2,,p1,2025-03-01,fee,100\n"
    )
    assert _refused(con, {"spend.csv": text}) == [
        'spend.csv, line 3, column "post_id", value "p1": post "p1" belongs to creator "i1" in '
        'campaign "c1", but this row names creator "i2" in campaign "c1". Fix the post_id, '
        "influencer_id or campaign_id.",
        'spend.csv, line 4, column "post_id", value "p1": post "p1" belongs to creator "i1" in '
        'campaign "c1", but this row names creator "" in campaign "c2". Fix the post_id, '
        "influencer_id or campaign_id.",
    ]


def test_several_problems_in_one_file_are_all_reported(con):
    text = (
        "post_id,campaign_id,influencer_id,posted_at,likes,platform,content_type,surprise\n"
        "p2,c1,i1,2025-03-02,1,tiktok,reel,x\n"
        "p3,c9,i1,2025-03-02,-1,tiktok,reel,x\n"
        "p4,c1,i7,someday,2,myspace,reel,x\n"
        "p2,c1,i1,2025-03-02,1.5,tiktok,hologram,x\n"
    )
    before = _snapshot(con)
    report = import_batch(con, [Source("posts.csv", text.encode())])
    assert _snapshot(con) == before
    found = {(p.line, p.column, p.value) for p in report.problems}
    assert found == {
        (3, "campaign_id", "c9"),
        (3, "likes", "-1"),
        (4, "influencer_id", "i7"),
        (4, "posted_at", "someday"),
        (4, "platform", "myspace"),
        (5, "post_id", "p2"),
        (5, "likes", "1.5"),
        (5, "content_type", "hologram"),
    }
    assert report.problem_count == 8
    assert [str(w) for w in report.warnings] == [
        'posts.csv, line 1, column "surprise": this column is not part of posts and is ignored.'
    ]


def test_one_bad_file_refuses_the_whole_batch(con):
    good = "campaign_id,name\nc3,Winter\n"
    bad = POSTS_HEADER + "p2,c3,i1,2025-03-02,-5\n"
    problems = _refused(con, {"campaigns.csv": good, "posts.csv": bad})
    assert problems == [
        'posts.csv, line 2, column "likes", value "-5": a count cannot be negative. '
        "Fix the value or leave it empty if unknown."
    ]


def test_many_rows_with_one_problem_are_summarised(con):
    rows = "".join(f"p{n},c1,i1,2025-03-02,-1\n" for n in range(2, PROBLEMS_PER_KIND + 52))
    problems = _refused(con, {"posts.csv": POSTS_HEADER + rows})
    assert len(problems) == PROBLEMS_PER_KIND + 1
    assert problems[-1].startswith('posts.csv, column "likes": 50 more rows have the same problem')


def test_problem_lines_in_an_xlsx_are_sheet_rows(con):
    sheet = pd.DataFrame(
        {
            "post_id": ["p2", "p3"],
            "campaign_id": ["c1", "c1"],
            "influencer_id": ["i1", "i1"],
            "posted_at": ["2025-03-02", "2025-03-02"],
            "likes": ["4", "-4"],
        }
    )
    buffer = io.BytesIO()
    sheet.to_excel(buffer, index=False)
    assert _refused(con, {"posts.xlsx": buffer.getvalue()}) == [
        'posts.xlsx, line 3, column "likes", value "-4": a count cannot be negative. '
        "Fix the value or leave it empty if unknown."
    ]


def test_not_an_excel_file(con):
    problems = _refused(con, {"posts.xlsx": b"this is not a workbook"})
    assert problems[0].startswith("posts.xlsx: the file could not be read as an Excel workbook")


def test_file_for_no_known_table(con):
    problems = _refused(con, {"stuff.csv": "a,b\n1,2\n"})
    assert problems[0].startswith("stuff.csv: cannot tell which table this file is for")


def test_a_blank_line_keeps_line_numbers_right(con):
    text = POSTS_HEADER + "p2,c1,i1,2025-03-02,1\n\np3,c1,i1,2025-03-02,x\n"
    assert _refused(con, {"posts.csv": text})[0].startswith('posts.csv, line 4, column "likes"')


def test_a_mapping_constant_is_reported_once(con):
    from campaign_roi.mapping import Mapping

    mapping = Mapping.from_toml(
        'table = "posts"\n[columns]\npost_id = "id"\ninfluencer_id = "who"\nposted_at = "when"\n'
        '[values]\ncampaign_id = "c404"\nplatform = "tiktokk"\n'
    )
    text = "id,who,when\nv1,i1,2025-03-02\nv2,i1,2025-03-03\n"
    before = _snapshot(con)
    report = import_batch(con, [Source("export.csv", text.encode(), mapping)])
    assert _snapshot(con) == before
    assert [str(p) for p in report.problems] == [
        'export.csv, column "platform", value "tiktokk": (set in the mapping) this is not one of '
        "the allowed values: instagram, tiktok, youtube, twitter, facebook, snapchat, pinterest, "
        "twitch, blog, other. Use one of those.",
        'export.csv, column "campaign_id", value "c404": there is no campaign "c404" in the '
        "database or in this import. Add it (in campaigns.csv) or fix the campaign_id. "
        "(The mapping sets this value for every row.)",
    ]


def test_duplicate_id_across_two_files(con):
    first = POSTS_HEADER + "p2,c1,i1,2025-03-02,1\n"
    second = "post_id,campaign_id,influencer_id,posted_at\np2,c1,i1,2025-03-04\n"
    before = _snapshot(con)
    report = import_batch(
        con,
        [Source("posts.csv", first.encode()), Source("more.csv", second.encode(), table="posts")],
    )
    assert _snapshot(con) == before
    assert [str(p) for p in report.problems] == [
        'more.csv, line 2, column "post_id", value "p2": this post_id appears more than once in '
        "this import (first on line 2 of posts.csv). Keep one row per post_id."
    ]


def test_validate_works_on_a_read_only_connection(tmp_path):
    path = build_db(tmp_path / "ro.duckdb", {"campaigns": [dict(campaign_id="c1", name="S")]})
    con = db.connect_ro(path)
    try:
        report = validate_batch(con, [Source("campaigns.csv", b"campaign_id,name\nc1,S\nc2,T\n")])
    finally:
        con.close()
    assert report.ok
    counts = report.counts["campaigns"]
    assert (counts.new, counts.updated, counts.unchanged) == (1, 0, 1)


def test_a_row_with_too_many_cells(con):
    text = "campaign_id,name\nc3,A\nc4,B,extra\n"
    assert _refused(con, {"campaigns.csv": text}) == [
        "campaigns.csv, line 3: this row has 3 cells but the header has 2 columns. Check for a "
        "stray comma, or put quotes around a value that contains a comma."
    ]


def test_every_row_one_cell_longer_is_refused_not_shifted(con):
    # pandas alone would read the first column as the index and shift every value left
    text = POSTS_HEADER + "p2,c1,i1,2025-03-02,1,\np3,c1,i1,2025-03-02,2,\n"
    assert _refused(con, {"posts.csv": text}) == [
        f"posts.csv, line {line}: this row has 6 cells but the header has 5 columns. Check for "
        "a stray comma, or put quotes around a value that contains a comma."
        for line in (2, 3)
    ]


def test_line_breaks_inside_quoted_cells_keep_line_numbers_right(con):
    text = 'campaign_id,name,budget\nc3,"two\nlines",5\nc4,B,-1\n'
    assert _refused(con, {"campaigns.csv": text}) == [
        'campaigns.csv, line 4, column "budget", value "-1": an amount cannot be negative. '
        "Fix the value."
    ]


def test_a_failure_while_writing_is_a_problem_and_writes_nothing(tmp_path):
    path = build_db(tmp_path / "ro.duckdb", {})
    con = db.connect_ro(path)  # writing through a read-only connection fails inside DuckDB
    try:
        report = import_batch(con, [Source("campaigns.csv", b"campaign_id,name\nc1,S\n")])
        assert not report.written
        assert report.problem_count == 1
        assert str(report.problems[0]).startswith(
            "campaigns.csv: the import failed while writing and nothing was written"
        )
        assert con.execute("SELECT count(*) FROM campaigns").fetchall() == [(0,)]
    finally:
        con.close()
