"""Importing good batches: all six tables, XLSX, re-import, upsert, a platform-export mapping."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest

from campaign_roi import db
from campaign_roi.contract import TABLE_ORDER, TABLES, match_columns, normalise_name
from campaign_roi.importer import Source, detect_table, import_batch, validate_batch
from campaign_roi.mapping import Mapping, MappingError

BATCH = {
    "influencers.csv": (
        "influencer_id,handle,platform,followers,niche\n"
        'i1,@ann,Instagram,"12,000",food\n'
        "i2,@bob,tiktok,1.2M,\n"
    ),
    "campaigns.csv": (
        "campaign_id,name,brand,objective,start_date,end_date,budget\n"
        'c1,Spring,Acme,Sales,2025-03-01,2025-03-31,"$5,000"\n'
    ),
    "posts.csv": (
        "Post ID,campaign-id,influencer_id,posted_at,likes,comments,shares,views,platform\n"
        "p1,c1,i1,2025-03-02 10:00,120,5,,3.4K,\n"
        "p2,c1,i2,2025-03-03,1.1K,20,0,,youtube\n"
    ),
    "spend.csv": (
        "spend_id,campaign_id,influencer_id,post_id,spent_on,category,amount,currency\n"
        "s1,c1,i1,p1,2025-03-01,fee,$500,usd\n"
        "s2,c1,,,2025-03-01,agency,100.25,\n"
    ),
    "affiliate codes.csv": (
        "code,campaign_id,influencer_id,commission_rate,commission_flat,discount_rate\n"
        "ann10,c1,i1,8%,,0.1\n"
    ),
    "orders.csv": (
        "order_id,code,ordered_at,revenue,refunded\n"
        "o1,ANN10,2025-03-05T12:00:00,49.90,no\n"
        "o2,Ann10,2025-03-06,20,\n"
    ),
}


def _sources(files: dict[str, str]) -> list[Source]:
    return [Source(name, text.encode()) for name, text in files.items()]


def _rows(con, table: str) -> list[tuple]:
    key = TABLES[table].key
    return con.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall()


def _snapshot(con) -> dict[str, list[tuple]]:
    return {t: _rows(con, t) for t in TABLE_ORDER}


@pytest.fixture
def con(tmp_path):
    connection = db.connect_rw(tmp_path / "t.duckdb")
    yield connection
    connection.close()


def test_contract_matches_the_schema(con):
    for table in TABLES.values():
        described = con.execute(f"DESCRIBE {table.name}").fetchall()
        stored = [(name, kind.replace(" ", "")) for name, kind, *_ in described]
        assert stored == [(c.name, c.sql_type) for c in table.columns]


def test_column_names_match_loosely():
    assert normalise_name(" Post-ID ") == "post_id"
    matched, unknown = match_columns("posts", ["Post ID", "CAMPAIGN_ID", "extra"])
    assert matched == {"post_id": "Post ID", "campaign_id": "CAMPAIGN_ID"}
    assert unknown == ["extra"]


def test_valid_batch_of_six_files_imports_every_row(con):
    report = import_batch(con, _sources(BATCH), imported_by="ana")
    assert report.problems == []
    assert report.written
    assert {t: (c.new, c.updated, c.unchanged) for t, c in report.counts.items()} == {
        "influencers": (2, 0, 0),
        "campaigns": (1, 0, 0),
        "posts": (2, 0, 0),
        "spend": (2, 0, 0),
        "affiliate_codes": (1, 0, 0),
        "orders": (2, 0, 0),
    }
    assert report.tables["affiliate codes.csv"] == "affiliate_codes"
    assert _rows(con, "influencers") == [
        ("i1", "@ann", "instagram", 12000, "food", None, None),
        ("i2", "@bob", "tiktok", 1_200_000, None, None, None),
    ]
    assert _rows(con, "campaigns") == [
        (
            "c1",
            "Spring",
            "Acme",
            "sales",
            pd.Timestamp("2025-03-01").date(),
            pd.Timestamp("2025-03-31").date(),
            Decimal("5000.00"),
        )
    ]
    posts = _rows(con, "posts")
    # p1: platform and followers_at_post come from creator i1; unknown shares stay NULL.
    assert posts[0][:7] == (
        "p1",
        "c1",
        "i1",
        pd.Timestamp("2025-03-02 10:00"),
        "instagram",
        None,
        12000,
    )
    assert posts[0][7:15] == (None, None, 3400, 120, 5, None, None, None)
    # p2: its own platform wins; followers from creator i2; shares written as 0 stay 0.
    assert posts[1][4] == "youtube" and posts[1][6] == 1_200_000 and posts[1][12] == 0
    assert [r[6] for r in _rows(con, "spend")] == [Decimal("500.00"), Decimal("100.25")]
    assert _rows(con, "spend")[0][8] == "USD"
    assert _rows(con, "affiliate_codes") == [
        ("ANN10", "c1", "i1", Decimal("0.080000"), None, Decimal("0.100000"))
    ]
    assert [(r[0], r[1], r[3], r[4]) for r in _rows(con, "orders")] == [
        ("o1", "ANN10", Decimal("49.90"), False),
        ("o2", "ANN10", Decimal("20.00"), False),
    ]
    log = con.execute(
        "SELECT table_name, files, source, imported_by, rows_new FROM import_log "
        "ORDER BY table_name"
    ).fetchall()
    assert ("posts", "posts.csv", "cli", "ana", 2) in log and len(log) == 6


def test_reimporting_the_same_batch_changes_nothing(con):
    import_batch(con, _sources(BATCH))
    before = _snapshot(con)
    report = import_batch(con, _sources(BATCH))
    assert report.written
    assert all(
        c.new == 0 and c.updated == 0 and c.unchanged == c.total for c in report.counts.values()
    )
    assert _snapshot(con) == before


def test_upsert_updates_a_changed_row(con):
    import_batch(con, _sources(BATCH))
    changed = {
        "posts.csv": (
            "post_id,campaign_id,influencer_id,posted_at,likes\n"
            "p1,c1,i1,2025-03-02 10:00,999\n"
            "p3,c1,i2,2025-03-04,1\n"
        )
    }
    report = validate_batch(con, _sources(changed))
    assert (report.counts["posts"].new, report.counts["posts"].updated) == (1, 1)
    assert not report.written
    import_batch(con, _sources(changed))
    rows = _rows(con, "posts")
    assert [r[0] for r in rows] == ["p1", "p2", "p3"]
    # the whole row is replaced: columns left out of the new file are now unknown
    assert rows[0][10] == 999 and rows[0][11] is None


def test_validate_writes_nothing(con):
    before = _snapshot(con)
    report = validate_batch(con, _sources(BATCH))
    assert report.ok and not report.written
    assert len(report.frames["posts"]) == 2
    assert _snapshot(con) == before


def test_xlsx_import(con):
    import_batch(con, _sources({k: BATCH[k] for k in ("influencers.csv", "campaigns.csv")}))
    sheet = pd.DataFrame(
        {
            "post_id": ["x1", "x2"],
            "campaign_id": ["c1", "c1"],
            "influencer_id": ["i1", "i2"],
            "posted_at": [pd.Timestamp("2025-03-10 08:30"), pd.Timestamp("2025-03-11")],
            "likes": [10, 2500],
            "views": pd.Series([None, "1.5K"], dtype="object"),
        }
    )
    buffer = io.BytesIO()
    sheet.to_excel(buffer, index=False)
    report = import_batch(con, [Source("Posts.xlsx", buffer.getvalue())])
    assert report.problems == []
    assert [(r[0], r[3], r[9], r[10]) for r in _rows(con, "posts")] == [
        ("x1", pd.Timestamp("2025-03-10 08:30"), None, 10),
        ("x2", pd.Timestamp("2025-03-11"), 1500, 2500),
    ]


def test_table_detection():
    assert detect_table(
        Source("my_export.csv", b""), ["order_id", "code", "ordered_at", "revenue"]
    ) == (
        "orders",
        None,
    )
    assert detect_table(Source("x.csv", b"", table="Affiliate Codes"), [])[0] == "affiliate_codes"
    table, reason = detect_table(Source("x.csv", b""), ["a", "b"])
    assert table is None and "cannot tell which table" in reason


TIKTOK = (
    "creator,user_nfollower,video,vid_postTime,vid_nview,vid_nlike,vid_ncomment,vid_nshare,extra\n"
    "creator_a,353.1K,1,2025-02-23 10:48:59,213.1K,7269,70,69,x\n"
    "creator_a,353.5K,2,2025-02-24 11:02:11,1.6M,33K,182,Share,x\n"
    "creator_b,1.2M,3,2025-05-28 12:00:35,2453,78,4,,x\n"
    "known,9999,4,2025-05-29 12:00:00,10,1,0,0,x\n"
)
TIKTOK_MAPPING = """
table = "posts"
create_influencers = true
zero_words = ["Share"]

[columns]
influencer_id = "creator"
followers_at_post = "user_nfollower"
followers = "user_nfollower"
post_id = "video"
posted_at = "vid_postTime"
views = "vid_nview"
likes = "vid_nlike"
comments = "vid_ncomment"
shares = "vid_nshare"

[values]
platform = "tiktok"
campaign_id = "c9"
"""


def test_platform_export_with_mapping_creates_creators(con):
    con.execute("INSERT INTO campaigns (campaign_id, name) VALUES ('c9', 'TikTok push')")
    con.execute(
        "INSERT INTO influencers VALUES ('known', '@known', 'instagram', 5, NULL, NULL, NULL)"
    )
    mapping = Mapping.from_toml(TIKTOK_MAPPING)
    report = import_batch(con, [Source("tiktok.csv", TIKTOK.encode(), mapping)])
    assert report.problems == []
    assert [w.column for w in report.warnings] == ["extra"]
    assert report.counts["influencers"].new == 2
    # followers from the creator's latest post; an existing creator is left unchanged
    assert _rows(con, "influencers") == [
        ("creator_a", "creator_a", "tiktok", 353_500, None, None, None),
        ("creator_b", "creator_b", "tiktok", 1_200_000, None, None, None),
        ("known", "@known", "instagram", 5, None, None, None),
    ]
    posts = [(r[0], r[1], r[2], r[4], r[6], r[9], r[10], r[12]) for r in _rows(con, "posts")]
    assert posts == [
        ("1", "c9", "creator_a", "tiktok", 353_100, 213_100, 7269, 69),
        ("2", "c9", "creator_a", "tiktok", 353_500, 1_600_000, 33_000, 0),  # "Share" -> 0
        ("3", "c9", "creator_b", "tiktok", 1_200_000, 2453, 78, None),  # empty -> unknown
        ("4", "c9", "known", "tiktok", 9999, 10, 1, 0),
    ]
    again = import_batch(con, [Source("tiktok.csv", TIKTOK.encode(), mapping)])
    assert again.counts["influencers"].total == 0 and again.counts["posts"].unchanged == 4


def test_mapping_round_trips_through_toml():
    mapping = Mapping.from_toml(TIKTOK_MAPPING)
    mapping.date_format = "%d/%m/%Y"
    mapping.values["campaign_id"] = 'c "quoted" \\ 9'
    assert Mapping.from_toml(mapping.to_toml()) == mapping


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('table = "videos"', 'table "videos", which does not exist'),
        ('table = "posts"\n[columns]\nlikez = "a"', '"likez", which is not a column of posts'),
        ('table = "posts"\ncolour = 1', "unknown settings: colour"),
        ("table = ", "not valid TOML"),
    ],
)
def test_mapping_errors_are_words(text, words):
    with pytest.raises(MappingError, match=words):
        Mapping.from_toml(text)


def test_mapping_naming_a_column_not_in_the_file(con):
    mapping = Mapping.from_toml('table = "posts"\n[columns]\npost_id = "video_id"')
    report = validate_batch(con, [Source("export.csv", b"video,creator\n1,a\n", mapping)])
    assert any(
        'source column "video_id", which is not in this file' in str(p) for p in report.problems
    )


def test_progress_is_reported(con):
    steps: list[tuple[str, float]] = []
    import_batch(
        con, _sources(BATCH), progress=lambda step, fraction: steps.append((step, fraction))
    )
    assert steps[-1] == ("imported", 1.0)
    assert all(0.0 <= f <= 1.0 for _, f in steps)


def test_post_defaults_come_from_a_creator_in_the_database(con):
    con.execute("INSERT INTO influencers VALUES ('i5', '@eve', 'youtube', 777, NULL, NULL, NULL)")
    con.execute("INSERT INTO campaigns (campaign_id, name) VALUES ('c1', 'Spring')")
    text = "post_id,campaign_id,influencer_id,posted_at,followers_at_post\nq1,c1,i5,2025-01-02,\n"
    assert import_batch(con, [Source("posts.csv", text.encode())]).written
    assert [(r[4], r[6]) for r in _rows(con, "posts")] == [("youtube", 777)]


def test_templates_follow_the_contract():
    from campaign_roi.contract import describe, template_csv

    assert template_csv("orders") == "order_id,code,ordered_at,revenue,refunded,currency\n"
    rows = describe("spend")
    assert rows[0] == {"column": "spend_id", "type": "text", "required": "yes", "rule": "unique"}
    assert rows[5]["rule"] == "fee, product, bonus, agency, ads, other"
