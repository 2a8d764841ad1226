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


CAMPAIGNS_CSV = "campaign_id,name,brand\nc9,Scrape,Ref\n"
EXPORT_CSV = (
    "creator,user_nfollower,video,vid_postTime,vid_nlike,vid_ncomment,vid_nshare,vid_nsave\n"
    "creator_a,12.5K,1,2025-02-23 10:48:59,1.2K,30,Share,70\n"
    "creator_a,12.5K,2,2025-02-24 10:48:59,500,,,\n"
    'creator_b,1.6M,3,2025-02-25 10:48:59,16K,1,"1,000",4K\n'
)
MAPPING_TOML = """table = "posts"
create_influencers = true
zero_words = ["Share"]

[columns]
handle = "creator"
followers_at_post = "user_nfollower"
followers = "user_nfollower"
post_id = "video"
posted_at = "vid_postTime"
likes = "vid_nlike"
comments = "vid_ncomment"
shares = "vid_nshare"
saves = "vid_nsave"

[values]
platform = "tiktok"
campaign_id = "c9"
"""


def test_import_a_platform_export_with_a_mapping(tmp_path):
    (tmp_path / "campaigns.csv").write_text(CAMPAIGNS_CSV)
    (tmp_path / "export.csv").write_text(EXPORT_CSV)
    (tmp_path / "map.toml").write_text(MAPPING_TOML)
    path = tmp_path / "new.duckdb"
    result = run_cli(
        "import", str(tmp_path / "campaigns.csv"), str(tmp_path / "export.csv"),
        "--map", str(tmp_path / "map.toml"), "--db", str(path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "posts: 3 new, 0 updated, 0 unchanged (export.csv)" in result.stdout
    assert "campaigns: 1 new" in result.stdout  # the mapping applied only to the export
    summary = json.loads(run_cli("summary", "--db", str(path), "--by", "tier", "--format",
                                 "json").stdout)  # fmt: skip
    tiers = {row["tier"]: row for row in summary}
    # micro: 1,200 + 30 + 0 ("Share") + 70 = 1,300 and 500 (others unknown) on 12,500
    assert tiers["micro"]["engagements"] == 1_800
    assert tiers["micro"]["typical_er"] == pytest.approx((1_300 / 12_500 + 500 / 12_500) / 2)
    # mega: "1,000" is one thousand shares: 16,000 + 1 + 1,000 + 4,000 on 1,600,000
    assert tiers["mega"]["typical_er"] == pytest.approx(21_001 / 1_600_000)
    again = run_cli(
        "import", str(tmp_path / "campaigns.csv"), str(tmp_path / "export.csv"),
        "--map", str(tmp_path / "map.toml"), "--db", str(path),
    )  # fmt: skip
    assert "posts: 0 new, 0 updated, 3 unchanged" in again.stdout


def test_import_problems_go_to_stderr_and_nothing_is_written(known_db, tmp_path):
    bad = tmp_path / "posts.csv"
    bad.write_text(
        "post_id,campaign_id,influencer_id,posted_at,likes\n"
        "p100,c1,iA,2025-03-03,-3\n"
        "p101,c404,iA,2025-03-03,5\n"
    )
    before = json.loads(run_cli("summary", "--db", str(known_db), "--format", "json").stdout)
    result = run_cli("import", str(bad), "--db", str(known_db))
    assert result.returncode == 1
    assert result.stdout == ""
    assert 'posts.csv, line 2, column "likes", value "-3"' in result.stderr
    assert 'posts.csv, line 3, column "campaign_id", value "c404"' in result.stderr
    assert "Nothing was imported: 2 problems" in result.stderr
    after = json.loads(run_cli("summary", "--db", str(known_db), "--format", "json").stdout)
    assert after == before


def test_import_missing_file_and_bad_mapping(tmp_path):
    missing = run_cli("import", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.duckdb"))
    assert missing.returncode == 2 and "No such file" in missing.stderr
    (tmp_path / "posts.csv").write_text("post_id\n")
    (tmp_path / "map.toml").write_text('table = "videos"\n')
    bad_map = run_cli("import", str(tmp_path / "posts.csv"), "--map", str(tmp_path / "map.toml"),
                      "--db", str(tmp_path / "x.duckdb"))  # fmt: skip
    assert bad_map.returncode == 2
    assert "map.toml" in bad_map.stderr and "Traceback" not in bad_map.stderr


def test_summary_table_uses_the_reporting_currency_in_every_money_column(tmp_path):
    from tests.dbfixtures import build_db
    from tests.known_answer import ROWS

    path = build_db(tmp_path / "eur.duckdb", ROWS, {"reporting_currency": "EUR"})
    table = run_cli("summary", "--db", str(path)).stdout
    assert "€9,062.00" in table  # cost
    assert "€1.928" in table  # CPE = 9,062 / 4,700, three decimals
    assert "$" not in table
