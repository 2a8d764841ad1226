"""The command line as a user runs it: a real process on a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from campaign_roi import db
from campaign_roi.paths import PROJECT_ROOT
from tests.known_answer import build_comparison_db, build_known_answer_db


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "campaign_roi", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT.parent,  # not the project: paths must not depend on the cwd
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **(env or {})},
        timeout=120,
    )


@pytest.fixture
def known_db(tmp_path):
    return build_known_answer_db(tmp_path / "known.duckdb")


def test_summary_by_tier_json_to_the_cent(known_db):
    result = run_cli("summary", "--db", str(known_db), "--by", "tier", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["tier"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {"nano", "micro", "macro", None}
    assert rows["nano"]["cost"] == 584.00  # 200 + 50 + 300 spend, 10 + 24 commission
    assert rows["nano"]["revenue"] == 400.00
    assert rows["nano"]["cpe"] == pytest.approx(584 / 1_600)
    assert rows["micro"]["cost"] == 1_218.00
    assert rows["macro"]["cost"] == 6_010.00
    assert rows[None]["cost"] == 1_250.00  # campaign overhead, unattributed
    assert rows[None]["cpe"] is None  # no value, not 0
    keys = {"posts", "placements", "engagements", "typical_er", "pooled_er", "cost", "cpe",
            "cpm", "cpv", "cpc", "cpa", "cost_per_post", "orders", "revenue", "commission",
            "conversion_rate", "roas", "roi", "tier"}  # fmt: skip
    assert keys <= set(rows["nano"])


def test_summary_date_filter_and_env_database(known_db):
    result = run_cli(
        "summary", "--from", "2025-06-01", "--to", "2025-06-30", "--format", "json",
        env={"CAMPAIGN_ROI_DB": str(known_db)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["cost"] == 1_274.00  # c2: 300 + 700 + 250 spend, 24 commission
    assert row["revenue"] == 300.00
    assert row["posts"] == 2


@pytest.mark.parametrize("by", ["campaign", "platform", "content_type", "creator"])
def test_summary_groupings_add_up_to_the_total(known_db, by):
    result = run_cli("summary", "--db", str(known_db), "--by", by, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert sum(r["cost"] for r in rows) == pytest.approx(9_062.00)
    assert sum(r["revenue"] for r in rows) == pytest.approx(2_180.00)
    assert sum(r["posts"] for r in rows) == 7


def test_summary_table_and_csv(known_db):
    table = run_cli("summary", "--db", str(known_db), "--by", "campaign")
    assert table.returncode == 0, table.stderr
    assert "Spring" in table.stdout and "$7,788.00" in table.stdout
    csv_out = run_cli("summary", "--db", str(known_db), "--by", "tier", "--format", "csv")
    header, first = csv_out.stdout.splitlines()[:2]
    assert header.startswith("tier,posts,placements")
    assert first.startswith("nano,3,2,1600,")


def test_compare_json_has_bounds_and_sides(tmp_path):
    path = build_comparison_db(tmp_path / "cmp.duckdb")
    result = run_cli("compare", "--db", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["engagement_lift"] == pytest.approx(1.0)
    assert record["cost_efficiency_multiple"] == pytest.approx(2.0)
    assert record["roas_multiple"] == pytest.approx(2.5)
    for name in ("engagement_lift", "cost_efficiency_multiple", "roas_multiple"):
        assert record[f"{name}_low"] <= record[name] <= record[f"{name}_high"]
    assert (record["micro_placements"], record["micro_posts"]) == (5, 5)
    assert (record["macro_placements"], record["macro_posts"]) == (5, 5)
    text = run_cli("compare", "--db", str(path), "--micro", "micro", "--macro", "macro")
    assert "Cost-efficiency multiple (CPE macro / CPE micro): 2.00×" in text.stdout


def test_compare_not_enough_data(known_db):
    result = run_cli("compare", "--db", str(known_db))
    assert result.returncode == 0
    assert "Not enough data to compare" in result.stdout
    record = json.loads(run_cli("compare", "--db", str(known_db), "--format", "json").stdout)
    assert record["enough_data"] is False and record["engagement_lift"] is None


def test_busy_database_is_one_sentence(known_db):
    holder = db.connect_rw(known_db)  # like a running dashboard importing
    try:
        result = run_cli("summary", "--db", str(known_db))
    finally:
        holder.close()
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(f"The database {known_db} is in use by another program")


def test_missing_database_and_bad_arguments(tmp_path):
    missing = run_cli("summary", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "No database at" in missing.stderr
    bad_date = run_cli("summary", "--db", str(tmp_path / "x.duckdb"), "--from", "31/03/2025")
    assert bad_date.returncode == 2 and "is not a date like 2025-03-31" in bad_date.stderr
    bad_tier = run_cli("compare", "--db", str(build_comparison_db(tmp_path / "c.duckdb")),
                       "--micro", "giant")  # fmt: skip
    assert bad_tier.returncode == 2 and "unknown tier giant" in bad_tier.stderr
    assert "Traceback" not in bad_tier.stderr
