"""The Overview's words and cards: deltas against the previous period, the verdict
sentence, the campaign ranking and compact money, on hand-worked data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from campaign_roi import db, headlines, metrics
from campaign_roi.formatting import count_compact, money, money_compact
from campaign_roi.metrics import Filters
from campaign_roi.tables import summary_table
from tests.known_answer import build_comparison_db, build_known_answer_db


@pytest.fixture
def con(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def test_compact_money():
    assert money_compact(1_050) == "$1,050.00"  # in full below 100,000
    assert money_compact(123_456) == "$123k"
    assert money_compact(999_999) == "$1.00M"
    assert money_compact(1_050_000) == "$1.05M"
    assert money_compact(-12_345_678) == "-$12.3M"
    assert money_compact(None) == "—"


def test_money_reads_the_same_in_a_card_and_in_a_table_column():
    assert money(-0.001) == "-$0.00" and money(-0.0) == "$0.00"
    assert money(1234.5, "XYZ", 0) == "1,234 XYZ"  # rounds half to even, as format does
    assert money(pd.NA) == money(float("nan")) == money(None) == "—"
    frame = pd.DataFrame(
        {
            "cpe": [1234.5678, float("nan"), -2.5],
            "posts": pd.array([1_500, None, 3], dtype="Int64"),
            "roas": [Decimal("1.5"), None, 2.0],
        }
    )
    shown, raw = summary_table(frame, {"Campaign": ["a", "b", "c"]}, ["cpe", "posts", "roas"])
    assert shown.to_dict("list") == {
        "Campaign": ["a", "b", "c"],
        "CPE": ["$1,234.568", "—", "-$2.500"],
        "Posts": ["1,500", "—", "3"],
        "ROAS": ["1.50×", "—", "2.00×"],
    }
    assert raw["cpe"].iloc[0] == 1234.5678 and pd.isna(raw["posts"].iloc[1])


def test_compact_counts_fit_a_card():
    assert count_compact(1_669_501) == "1,669,501"  # in full below ten million
    assert count_compact(9_999_999) == "9,999,999"
    assert count_compact(10_000_000) == "10.0M"
    assert count_compact(1_327_667_123) == "1.33B"
    assert count_compact(-309_366_175) == "-309M"
    assert count_compact(None) == "—"


def test_cards_against_an_empty_previous_period(con):
    june = Filters(date_from=date(2025, 6, 1), date_to=date(2025, 6, 30))
    cards = {
        c.label: c
        for c in headlines.kpi_cards(
            metrics.summary(con, "all", june),
            metrics.summary(con, "all", june.previous_period()),  # 2 to 31 May: nothing
            "USD",
        )
    }
    # June: s6 300 + s7 700 + s8 250 + DAN commission 24 = 1,274; revenue 300
    assert cards["Spend (cost)"].value == "$1,274.00"
    assert cards["Spend (cost)"].delta == "+$1,274.00"
    assert cards["Spend (cost)"].delta_color == "inverse"  # more cost is bad news
    assert cards["CPE"].delta_color == "inverse"
    assert cards["Revenue"].delta == "+$300.00"
    assert cards["Posts"].delta == "+2"
    # ratios of an empty period have no value: no delta rather than a made-up one
    assert cards["ROAS"].delta is None and cards["Typical ER"].delta is None


def test_deltas_between_two_periods(con):
    assert headlines.delta_text("money", 1_500_000, 400_000, "USD") == "+$1.10M"
    assert headlines.delta_text("money", 100, 350, "USD") == "-$250.00"
    assert headlines.delta_text("rate", 0.055, 0.05, "USD") == "+0.50 pp"
    assert headlines.delta_text("percent", -0.2, 0.1, "USD") == "-30.0 pp"
    assert headlines.delta_text("multiple", 1.2, 1.2, "USD") == "0"  # grey, no arrow
    assert headlines.delta_text("unit_money", 0.25, 0.2, "USD") == "+$0.050"
    assert headlines.delta_text("count", 5, None, "USD") is None


def test_no_previous_period_gives_no_deltas(con):
    cards = headlines.kpi_cards(metrics.summary(con, "all"), None, "USD")
    assert all(card.delta is None for card in cards)
    assert [c.value for c in cards] == [
        "$9,062.00", "7", "4,700", "5.00%", "$1.928", "$2,180.00", "0.24×", "-75.9%",
    ]  # fmt: skip


def test_verdict_sentence(tmp_path):
    con = db.connect_ro(build_comparison_db(tmp_path / "cmp.duckdb"))
    result = metrics.compare(con)
    con.close()
    sentence = headlines.verdict(result, "USD")
    low, high = result.cost_efficiency_multiple.low, result.cost_efficiency_multiple.high
    assert sentence.startswith(
        "Micro creators cost $0.10 per engagement against $0.20 for macro: 2.0× more "
        f"cost-efficient (95% interval {low:.1f}×–{high:.1f}×, 5 vs 5 placements); "
        "their typical ER is 100% higher (95% interval "
    )
    assert sentence.endswith("their ROAS is 2.5× macro's (95% interval 2.5×–2.5×).")
    assert ". " not in sentence  # one sentence


def test_verdict_without_enough_data(con):
    sentence = headlines.verdict(metrics.compare(con), "USD")
    # micro side: iA/c1, iB/c1, iD/c2, iB/c2 (nano and micro); macro: iC/c1
    assert sentence == (
        "Not enough data to compare micro and macro creators: each side needs at least "
        "5 placements (micro 4, macro 1)."
    )


def test_campaign_ranking(con):
    ranking = headlines.rank_campaigns(metrics.summary(con, "campaign"))
    # Spring: 1,880 / 7,788 = 0.241; Summer: 300 / 1,274 = 0.235
    assert list(ranking.best["group_key"]) == ["c1"]
    assert list(ranking.worst["group_key"]) == ["c2"]
    assert headlines.ranking_caption(ranking) == "2 campaigns in these filters."


def test_a_ranking_without_medians_gets_them_for_the_campaigns_of_a_table(con):
    ranking = headlines.rank_campaigns(metrics.summary(con, "campaign", medians=False))
    assert "typical_er" not in ranking.best
    narrowed = headlines.ranked_filters(metrics.Filters(), ranking.best)
    assert narrowed.campaigns == ("c1",)
    typical = metrics.typical_ers(con, "campaign", narrowed, ("typical_er",))
    assert list(typical.columns) == ["group_key", "typical_er"]
    best = headlines.with_typical_ers(ranking.best, typical)
    # c1: ERs 0.1 (p1), 0.02 (p2), 0.05 (p3), 0.02 (p4), p5 has none -> (0.02 + 0.05) / 2
    assert best["typical_er"].tolist() == [pytest.approx(0.035)]
    # the other figures as the ranking had them: Spring's ROAS 1,880 / 7,788
    assert best["roas"].tolist() == [pytest.approx(1880 / 7788)]
    worst_filters = headlines.ranked_filters(metrics.Filters(), ranking.worst)
    assert worst_filters.campaigns == ("c2",)
    worst = headlines.with_typical_ers(
        ranking.worst, metrics.typical_ers(con, "campaign", worst_filters, ("typical_er",))
    )
    # c2: 1,000 / 9,999 (p6) and 600 / 12,000 (p7)
    assert worst["typical_er"].tolist() == [pytest.approx((1000 / 9999 + 0.05) / 2)]
    # a campaign with no value gets NaN, not another campaign's
    none = headlines.with_typical_ers(ranking.worst, typical)
    assert none["typical_er"].isna().all()


def test_campaigns_without_cost_are_not_ranked(con):
    frame = metrics.summary(con, "campaign")
    frame.loc[frame["group_key"] == "c2", "roas"] = float("nan")
    ranking = headlines.rank_campaigns(frame)
    assert (ranking.campaigns, ranking.ranked) == (2, 1)
    assert ranking.worst.empty
    assert "1 with no cost have no ROAS and are not ranked" in headlines.ranking_caption(ranking)
