"""The filled examples: contract headers, every column used, and they import with no
problem into an empty database and into the demo one; the figures they give are worked
out by hand from the rows."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from campaign_roi import db, metrics
from campaign_roi.contract import TABLE_ORDER, TABLES, template_csv
from campaign_roi.demo import build_demo
from campaign_roi.examples import example_csv, examples_zip, template_zip
from campaign_roi.importer import Source, import_batch
from tests.dbfixtures import build_db

EXPECTED_ROWS = {
    "influencers": 3,
    "campaigns": 1,
    "posts": 6,
    "spend": 6,
    "affiliate_codes": 2,
    "orders": 5,
}


def _rows(table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(example_csv(table))))


def _sources() -> list[Source]:
    return [Source(f"{t}.csv", example_csv(t).encode()) for t in TABLE_ORDER]


def _count(con, table: str, where: str = "") -> int:
    return con.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_header_is_the_contract_and_every_column_is_used(table):
    header, *rows = _rows(table)
    assert header == TABLES[table].column_names
    assert len(rows) == EXPECTED_ROWS[table]
    assert all(len(row) == len(header) for row in rows)
    unused = [c for i, c in enumerate(header) if not any(row[i] for row in rows)]
    assert unused == []


def test_every_id_starts_with_example():
    for table in TABLE_ORDER:
        header, *rows = _rows(table)
        for column in TABLES[table].columns:
            if column.name == TABLES[table].key or column.references:
                cells = [row[header.index(column.name)] for row in rows]
                assert all(c.lower().startswith("example-") for c in cells if c), cells


def test_unknown_table():
    with pytest.raises(KeyError):
        example_csv("creators")


def test_examples_zip_holds_examples_and_templates():
    archive = zipfile.ZipFile(io.BytesIO(examples_zip()))
    assert archive.namelist() == [f"{t}.csv" for t in TABLE_ORDER] + [
        f"templates/{t}.csv" for t in TABLE_ORDER
    ]
    for table in TABLE_ORDER:
        assert archive.read(f"{table}.csv").decode() == example_csv(table)
        assert archive.read(f"templates/{table}.csv").decode() == template_csv(table)
    assert examples_zip() == examples_zip()  # the same bytes every time


def test_template_zip():
    archive = zipfile.ZipFile(io.BytesIO(template_zip()))
    assert archive.namelist() == [f"{t}.csv" for t in TABLE_ORDER]
    assert archive.read("spend.csv").decode() == template_csv("spend")


@pytest.fixture
def empty_con(tmp_path):
    connection = db.connect_rw(build_db(tmp_path / "empty.duckdb", {}))
    yield connection
    connection.close()


def test_examples_import_into_an_empty_database(empty_con):
    report = import_batch(empty_con, _sources())
    assert report.problems == [] and report.warnings == []
    assert report.written
    assert {t: (c.new, c.updated) for t, c in report.counts.items()} == {
        t: (n, 0) for t, n in EXPECTED_ROWS.items()
    }
    assert {t: _count(empty_con, t) for t in TABLE_ORDER} == EXPECTED_ROWS
    # codes are stored upper-cased; the refund and the overhead row arrive as such
    assert _count(empty_con, "orders", "WHERE refunded") == 1
    assert _count(empty_con, "spend", "WHERE influencer_id IS NULL") == 1


def test_examples_import_into_the_demo_database(tmp_path):
    path = tmp_path / "demo.duckdb"
    demo = build_demo(path, scale=0.01)
    con = db.connect_rw(path)
    try:
        report = import_batch(con, _sources())
        assert report.problems == [] and report.warnings == []
        assert {t: (c.new, c.updated) for t, c in report.counts.items()} == {
            t: (n, 0) for t, n in EXPECTED_ROWS.items()
        }
        assert {t: _count(con, t) for t in TABLE_ORDER} == {
            t: demo[t] + EXPECTED_ROWS[t] for t in TABLE_ORDER
        }
    finally:
        con.close()


def test_figures_of_the_examples(empty_con):
    import_batch(empty_con, _sources())
    row = metrics.summary(empty_con, "all").iloc[0]
    # spend: 150 + 60 + 1,200 + 2,500 + 300 + 400 (overhead)
    assert row["spend"] == 4_610
    assert row["overhead_spend"] == 400
    # orders and revenue: example-order-3 (42.00) is refunded and left out
    assert row["orders"] == 4
    assert row["revenue"] == pytest.approx(54.00 + 89.50 + 120.00 + 75.20)  # 338.70
    assert row["refunded_revenue"] == 42
    # commission: 10% of 54.00 and 89.50 (MICRO15); 5% + 2.00 of 120.00 and 75.20 (MACRO10)
    assert row["commission"] == pytest.approx(5.40 + 8.95 + 8.00 + 5.76)  # 28.11
    assert row["cost"] == pytest.approx(4_610 + 28.11)
    assert row["roas"] == pytest.approx(338.70 / 4_638.11)
    # engagements = likes + comments + shares + saves of the six posts
    assert row["engagements"] == 724 + 1_025 + 5_770 + 3_620 + 4_850 + 3_290  # 19,279
    assert row["views_coverage"] == pytest.approx(5 / 6)  # the photo has no views
    by_tier = metrics.summary(empty_con, "tier")
    # the placement fee and gifting count for their placement, the overhead for no tier
    assert list(zip(by_tier["group_key"], by_tier["spend"], strict=True)) == [
        ("nano", 150 + 60),
        ("micro", 1_200),
        ("macro", 2_500 + 300),
        (None, 400),
    ]
