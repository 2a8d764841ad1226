"""The Overview and Micro vs macro pages run alone (AppTest, without the frame) on real
fixture databases and show the hand-worked figures, the same ones metrics.summary and
metrics.compare (what the CLI prints) return for the same filters."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from campaign_roi import db, export, headlines, metrics
from campaign_roi.metrics import Filters
from tests.apptest import run_page
from tests.known_answer import build_comparison_db, build_known_answer_db


def _metrics(at: AppTest) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta or None) for m in at.metric}


def test_overview_known_answer_all_time(tmp_path, monkeypatch):
    path = build_known_answer_db(tmp_path / "known.duckdb")
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    at = run_page("overview.py")

    shown = _metrics(at)
    # tests/test_metrics.py: cost 9,062, 7 posts, 4,700 engagements, typical ER 5%,
    # revenue 2,180; CPE 9,062 / 4,700 = 1.928; ROAS 0.24; ROI (2,180 - 9,062) / 9,062
    assert shown == {
        "Spend (cost)": ("$9,062.00", None),
        "Posts": ("7", None),
        "Engagements": ("4,700", None),
        "Typical ER": ("5.00%", None),
        "CPE": ("$1.928", None),
        "Revenue": ("$2,180.00", None),
        "ROAS": ("0.24×", None),
        "ROI": ("-75.9%", None),
    }
    captions = " ".join(c.value for c in at.caption)
    assert "no previous period" in captions
    # the verdict: 4 placements on the micro side, 1 on the macro side
    assert any(
        "each side needs at least 5 placements (micro 4, macro 1)" in m.value for m in at.markdown
    )
    # campaigns: Spring (ROAS 1,880 / 7,788) best, Summer (300 / 1,274) worst
    assert "2 campaigns in these filters." in captions
    best, worst = at.dataframe
    assert list(best.value["Campaign"]) == ["Spring"]
    assert list(worst.value["Campaign"]) == ["Summer"]
    assert best.value["ROAS"].iloc[0] == pytest.approx(1_880 / 7_788)


def test_overview_equals_the_cli_for_a_filtered_period(tmp_path, monkeypatch):
    path = build_known_answer_db(tmp_path / "known.duckdb")
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    june = Filters(date_from=date(2025, 6, 1), date_to=date(2025, 6, 30), scheme="default")
    at = run_page("overview.py", june)

    shown = _metrics(at)
    # June: spend 300 + 700 + 250, commission 24 -> 1,274; revenue 300; the previous
    # 30 days (2 to 31 May) have nothing: sums change from 0, ratios have no change
    assert shown["Spend (cost)"] == ("$1,274.00", "+$1,274.00")
    assert shown["Revenue"] == ("$300.00", "+$300.00")
    assert shown["Posts"] == ("2", "+2")
    assert shown["ROAS"] == ("0.24×", None)
    con = db.reader(path)  # the app holds the file read-write, as the server does
    try:
        record = export.summary_records(metrics.summary(con, "all", june), "all")[0]
        comparison = metrics.compare(con, filters=june)
    finally:
        con.close()
    assert shown["Spend (cost)"][0] == f"${record['cost']:,.2f}"
    assert shown["ROAS"][0] == f"{record['roas']:.2f}×"
    assert shown["Engagements"][0] == f"{record['engagements']:,}"
    assert any(
        headlines.verdict(comparison, "USD").replace("$", "\\$") == m.value for m in at.markdown
    )


def test_overview_verdict_with_enough_data(tmp_path, monkeypatch):
    path = build_comparison_db(tmp_path / "cmp.duckdb")
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    at = run_page("overview.py")
    verdict = next(m.value for m in at.markdown if "per engagement" in m.value)
    # CPE micro 500 / 5,000 = 0.10, macro 5,000 / 25,000 = 0.20: 2.0x
    assert verdict.startswith(
        "Micro creators cost \\$0.10 per engagement against \\$0.20 for macro: 2.0× more "
        "cost-efficient (95% interval "
    )
    assert "5 vs 5 placements" in verdict and "their ROAS is 2.5× macro's" in verdict


def test_overview_with_nothing_in_the_filters(tmp_path, monkeypatch):
    path = build_known_answer_db(tmp_path / "known.duckdb")
    monkeypatch.setenv("CAMPAIGN_ROI_DB", str(path))
    at = run_page("overview.py", Filters(platforms=("snapchat",)))
    assert len(at.metric) == 0
    assert "No posts, spend or orders in these filters." in at.info[0].value
