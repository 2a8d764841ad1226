"""N micro vs one macro at equal followers, and the budget what-if, worked out by hand on
tests/known_answer.build_comparison_db:

    micro: 5 placements at 20,000 followers; engagements 1,000 800 1,200 600 1,400 (median
           1,000); cost 100 each; revenue 50 each from one order each
    macro: 5 placements at 200,000 followers; engagements 4,000 5,000 6,000 3,000 7,000
           (median 5,000); cost 1,000 each; revenue 200 each from one order each
"""

from __future__ import annotations

import pytest

from campaign_roi import db, metrics, planning
from tests.known_answer import build_comparison_db


@pytest.fixture
def placements(tmp_path):
    con = db.connect_ro(build_comparison_db(tmp_path / "cmp.duckdb"))
    yield metrics.placements(con)
    con.close()


def test_equal_followers_by_hand(placements):
    result = planning.equal_followers(placements, ["nano", "micro"], ["macro", "mega"])
    assert result.enough_data
    assert result.micro.followers == 20_000 and result.macro.followers == 200_000
    assert result.n == pytest.approx(10)  # 200,000 / 20,000
    # ten typical micro placements: 10 x 1,000 engagements, 10 x 100 cost, 10 x 50 revenue
    assert result.n_micro_engagements == pytest.approx(10_000)
    assert result.n_micro_cost == pytest.approx(1_000)
    assert result.n_micro_revenue == pytest.approx(500)
    # one typical macro placement: the medians
    assert (result.macro.engagements, result.macro.cost, result.macro.revenue) == (
        5_000,
        1_000,
        200,
    )
    assert (result.micro.placements, result.micro.posts) == (5, 5)


def test_equal_followers_needs_five_placements_a_side(tmp_path):
    con = db.connect_ro(build_comparison_db(tmp_path / "few.duckdb", macro_count=4))
    result = planning.equal_followers(metrics.placements(con), ["micro"], ["macro"])
    con.close()
    assert not result.enough_data
    assert result.n is None and result.n_micro_cost is None
    assert result.macro.placements == 4


def test_all_micro_budget_by_hand(placements):
    # micro: cost 500 for 5,000 engagements (CPE 0.10), 5 orders (CPA 100), revenue 250
    # (ROAS 0.5): 1,000 buys 10,000 engagements, 10 orders and 500 revenue
    result = planning.what_if(placements, 1_000, {"micro": 1.0})
    (plan,) = result.tiers
    assert (plan.cpe, plan.cpa, plan.roas) == (pytest.approx(0.10), 100, 0.5)
    assert result.engagements.value == pytest.approx(10_000)
    assert result.orders.value == pytest.approx(10)
    assert result.revenue.value == pytest.approx(500)
    assert result.engagements.low < 10_000 < result.engagements.high
    # every micro placement has revenue / cost = 0.5: every resample gives 500
    assert result.revenue.low == pytest.approx(500) and result.revenue.high == pytest.approx(500)
    assert result.unpriced == ()


def test_mixed_budget_by_hand_and_deterministic(placements):
    mix = {"micro": 0.5, "macro": 0.5}
    result = planning.what_if(placements, 1_000, mix)
    micro, macro = result.tiers
    # micro 500 at CPE 0.10 -> 5,000; macro 500 at CPE 0.20 (5,000 / 25,000) -> 2,500
    assert micro.engagements.value == pytest.approx(5_000)
    assert macro.engagements.value == pytest.approx(2_500)
    assert result.engagements.value == pytest.approx(7_500)
    # orders: 500 / 100 + 500 / 1,000 = 5.5; revenue: 500 x 0.5 + 500 x 0.2 = 350
    assert result.orders.value == pytest.approx(5.5)
    assert result.revenue.value == pytest.approx(350)
    for estimate in (micro.engagements, macro.engagements, result.engagements):
        assert estimate.low < estimate.value < estimate.high
    assert planning.what_if(placements, 1_000, mix) == result  # fixed seed


def test_a_tier_with_no_observed_cost_is_named_and_left_out(placements):
    result = planning.what_if(placements, 1_000, {"micro": 0.5, "mega": 0.5})
    assert result.unpriced == ("mega",)
    assert result.tiers[1].engagements.value is None
    assert result.engagements.value == pytest.approx(5_000)  # the micro half only


def test_shares_must_add_up(placements):
    with pytest.raises(ValueError, match="100%"):
        planning.what_if(placements, 1_000, {"micro": 0.5, "macro": 0.4})


def test_current_mix_is_the_observed_cost_share(placements):
    # micro 500 of 5,500 = 9.09%, macro 90.91%: whole percents summing to 100
    assert planning.current_mix(placements, ["nano", "micro", "macro", "mega"]) == {
        "nano": 0,
        "micro": 9,
        "macro": 91,
        "mega": 0,
    }


def test_micro_vs_macro_page_figures_by_hand(tmp_path):
    # the page's one read of the placements: the same comparison and N as the separate calls
    con = db.connect_ro(build_comparison_db(tmp_path / "page.duckdb"))
    sides = (("micro",), ("macro",))
    page = planning.micro_vs_macro(con, metrics.Filters(), *sides)
    alone = metrics.compare(con, *sides)
    con.close()
    # the digest the page keeps: five placements a tier, the sides' medians per placement
    assert page.placements.placements == 10
    assert {tier: g.placements for tier, g in page.placements.tiers.items()} == {
        "micro": 5,
        "macro": 5,
    }
    assert page.placements.sides["micro"].medians == {
        "followers": 20_000,
        "engagements": 1_000,
        "cost": 100,
        "revenue": 50,
    }
    assert page.equal.n == pytest.approx(10)  # 200,000 / 20,000, as above
    assert page.equal.macro.engagements == 5_000
    # micro typical ER: median of 1,000 .. 1,400 / 20,000 = 5%; macro 5,000 / 200,000 = 2.5%
    assert page.comparison.micro.typical_er == pytest.approx(0.05)
    assert page.comparison.macro.typical_er == pytest.approx(0.025)
    assert page.comparison == alone
    # the tier mix the what-if starts from: cost 500 micro, 5,000 macro -> 9% and 91%
    assert planning.current_mix(page.placements, ["micro", "macro"]) == {"micro": 9, "macro": 91}
