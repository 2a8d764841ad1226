"""The micro-vs-macro comparison: hand-worked point estimates, the bootstrap checked
against a plain loop, the "not enough data" rule, and sides by placement tier."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from campaign_roi import db, metrics, stats
from tests.known_answer import build_comparison_db, build_known_answer_db


@pytest.fixture
def comparison_con(tmp_path):
    con = db.connect_ro(build_comparison_db(tmp_path / "cmp.duckdb"))
    yield con
    con.close()


def test_point_estimates_match_hand_figures(comparison_con):
    result = metrics.compare(comparison_con)
    assert result.enough_data
    assert result.micro.tiers == ("nano", "micro") and result.macro.tiers == ("macro", "mega")
    assert (result.micro.placements, result.micro.posts) == (5, 5)
    assert (result.macro.placements, result.macro.posts) == (5, 5)
    assert result.micro.typical_er == pytest.approx(0.05)
    assert result.macro.typical_er == pytest.approx(0.025)
    assert result.micro.cpe == pytest.approx(0.10)
    assert result.macro.cpe == pytest.approx(0.20)
    assert result.engagement_lift.value == pytest.approx(0.05 / 0.025 - 1)
    assert result.cost_efficiency_multiple.value == pytest.approx(0.20 / 0.10)
    assert result.roas_multiple.value == pytest.approx(0.5 / 0.2)


def test_intervals_bracket_the_estimate_and_are_repeatable(comparison_con):
    first = metrics.compare(comparison_con)
    second = metrics.compare(comparison_con)
    assert first == second  # fixed seed
    for estimate in (first.engagement_lift, first.cost_efficiency_multiple):
        assert estimate.low < estimate.value < estimate.high
    # every placement has the same revenue/cost on its side, so every resample gives
    # 0.5 / 0.2: the interval collapses onto the estimate
    assert first.roas_multiple.low == pytest.approx(2.5)
    assert first.roas_multiple.high == pytest.approx(2.5)


def _naive_bootstrap(placements: pd.DataFrame, micro, macro, resamples, seed):
    """The same resampling, written as a plain loop over resamples."""
    rng = np.random.default_rng(seed)
    sides = {}
    for name, tiers in (("micro", micro), ("macro", macro)):
        frame = placements[placements["placement_tier"].isin(tiers)].reset_index(drop=True)
        n = len(frame)
        counts = stats.resample_counts(rng, n, n, resamples).astype(int)
        figures = []
        for row in counts:
            picked = frame.loc[np.repeat(np.arange(n), row)]
            ers = [er for ers in picked["ers"] for er in ers]
            figures.append(
                (
                    np.median(ers),
                    picked["cost"].sum() / picked["engagements"].sum(),
                    picked["revenue"].sum() / picked["cost"].sum(),
                )
            )
        sides[name] = np.array(figures)
    lift = sides["micro"][:, 0] / sides["macro"][:, 0] - 1
    efficiency = sides["macro"][:, 1] / sides["micro"][:, 1]
    return np.percentile(lift, [2.5, 97.5]), np.percentile(efficiency, [2.5, 97.5])


def test_bootstrap_equals_a_plain_loop():
    rng = np.random.default_rng(1)
    rows = []
    for i in range(14):  # placements with 0 to 4 posts each, on two sides
        ers = list(rng.uniform(0.005, 0.12, size=rng.integers(0, 5)))
        rows.append(
            dict(
                placement_tier="micro" if i % 2 else "macro",
                posts=len(ers),
                engagements=float(rng.integers(50, 5_000)),
                cost=float(rng.integers(20, 3_000)),
                revenue=float(rng.integers(0, 4_000)),
                ers=sorted(ers),
            )
        )
    placements = pd.DataFrame(rows)
    result = stats.compare_sides(placements, ("micro",), ("macro",), resamples=300, seed=9)
    lift, efficiency = _naive_bootstrap(placements, ("micro",), ("macro",), 300, 9)
    assert (result.engagement_lift.low, result.engagement_lift.high) == pytest.approx(tuple(lift))
    assert (
        result.cost_efficiency_multiple.low,
        result.cost_efficiency_multiple.high,
    ) == pytest.approx(tuple(efficiency))


def test_weighted_median_equals_median_of_expanded_posts():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "cost": 1.0,
            "engagements": 1.0,
            "revenue": 1.0,
            "ers": [sorted(rng.uniform(0, 1, size=k)) for k in (1, 2, 3, 0, 4, 2)],
        }
    )
    sample = stats._SideSample(frame)
    counts = rng.multinomial(6, np.full(6, 1 / 6), size=50).astype(float)
    got = sample.weighted_medians(counts)
    for row, value in zip(counts, got, strict=True):
        expanded = [er for n, ers in zip(row, frame["ers"], strict=True) for er in ers * int(n)]
        expected = np.median(expanded) if expanded else np.nan
        assert value == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize("placements", [1, 2, 3, 10, 57])
def test_a_bag_as_it_is_gives_what_counting_each_placement_once_gives(placements):
    """_SideSample.whole() (the bag's own figures, which scale its resamples to the side's)
    takes the plain median of its ERs: the same, bit for bit, as the weighted one with a
    count of 1 each."""
    rng = np.random.default_rng(placements)
    frame = pd.DataFrame(
        {
            "cost": rng.uniform(0, 100, placements),
            "engagements": rng.uniform(0, 1000, placements),
            "revenue": rng.uniform(0, 300, placements),
            "ers": [list(rng.uniform(0, 0.2, rng.integers(0, 5))) for _ in range(placements)],
        }
    )
    sample = stats._SideSample(frame)
    weighted = {key: value[0] for key, value in sample.figures(np.ones((1, placements))).items()}
    whole = sample.whole()
    assert whole.keys() == weighted.keys()
    for key, value in whole.items():
        assert value == weighted[key] or (math.isnan(value) and math.isnan(weighted[key]))


def test_fewer_than_five_placements_is_not_enough_data(tmp_path):
    con = db.connect_ro(build_comparison_db(tmp_path / "thin.duckdb", macro_count=4))
    result = metrics.compare(con)
    con.close()
    assert not result.enough_data
    assert result.macro.placements == 4
    assert result.engagement_lift.value is None
    assert result.cost_efficiency_multiple.value is None
    assert result.micro.cpe == pytest.approx(0.10)  # side figures are still reported


def test_sides_are_made_of_placements_by_placement_tier(tmp_path):
    con = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    result = metrics.compare(con)
    con.close()
    # micro side: iA/c1 (p1, p2), iB/c1 (p3), iD/c2 (p6), iB/c2 (p7); overhead left out
    assert (result.micro.placements, result.micro.posts) == (4, 5)
    assert result.micro.cost == pytest.approx(250 + 10 + 500 + 18 + 300 + 24 + 700)
    # macro side: iC/c1 with p4 and the micro-sized p5 (its placement tier is macro)
    assert (result.macro.placements, result.macro.posts) == (1, 2)
    assert result.macro.cpe == pytest.approx(6_010 / 2_000)
    assert not result.enough_data


def test_chosen_sides_and_unknown_tier(comparison_con):
    result = metrics.compare(comparison_con, micro=["micro"], macro=["macro"])
    assert result.enough_data and result.micro.tiers == ("micro",)
    with pytest.raises(ValueError, match="unknown tier giant"):
        metrics.compare(comparison_con, micro=["giant"])
    with pytest.raises(ValueError, match="both sides"):
        metrics.compare(comparison_con, micro=["micro"], macro=["micro", "macro"])


def test_a_placement_with_spend_but_no_post_counts_on_its_side(tmp_path):
    path = build_comparison_db(tmp_path / "cmp.duckdb")
    con = db.connect_rw(path)
    # a sixth micro creator who was paid 100 but has not posted: placement tier from followers
    con.execute(
        "INSERT INTO influencers VALUES ('mi6', '@mi6', 'instagram', 30000, NULL, NULL, NULL)"
    )
    con.execute(
        "INSERT INTO spend (spend_id, campaign_id, influencer_id, spent_on, category, amount) "
        "VALUES ('s_mi6', 'cmp', 'mi6', DATE '2025-05-01', 'fee', 100)"
    )
    result = metrics.compare(con)
    con.close()
    assert (result.micro.placements, result.micro.posts) == (6, 5)
    assert result.micro.cpe == pytest.approx(600 / 5_000)  # cost 600, engagements unchanged
    assert result.micro.typical_er == pytest.approx(0.05)
    assert result.cost_efficiency_multiple.value == pytest.approx(0.20 / 0.12)


@pytest.mark.parametrize("mean", [0.4, 1.5, 20.0, 1_000.0, 1_637.5])
def test_poisson_draws_follow_the_poisson_distribution(mean):
    draws = stats.poisson_draws(np.random.default_rng(5), mean, (400, 500))
    assert draws.dtype == float and np.all(draws == np.round(draws)) and draws.min() >= 0
    n = draws.size
    # mean and variance of Poisson(mean) are both `mean`; 200k draws put each within a
    # few standard errors
    assert abs(draws.mean() - mean) < 5 * np.sqrt(mean / n)
    assert abs(draws.var() / mean - 1) < 5 * np.sqrt(2 / n) + 5 / np.sqrt(n * mean)
    # each value's share against the pmf (values holding at least 1% of the mass)
    values, counts = np.unique(draws, return_counts=True)
    seen = dict(zip(values.astype(int), counts, strict=True))
    spread = int(6 * np.sqrt(mean)) + 6
    for k in range(max(0, int(mean) - spread), int(mean) + spread):
        count = seen.get(k, 0)
        pmf = np.exp(k * np.log(mean) - mean - math.lgamma(k + 1))
        if pmf >= 0.01:
            assert abs(count / n - pmf) < 5 * np.sqrt(pmf * (1 - pmf) / n)


@pytest.mark.parametrize("mean", [0.4, 37.5, 1_637.5])
def test_poisson_draws_take_the_value_whose_share_holds_each_number(mean):
    """The table's cells are a shortcut: every draw is the value whose share of the 2**32
    numbers holds the draw's number (the cells two values share looked up too)."""
    draws = stats.poisson_draws(np.random.default_rng(3), mean, (200, 500))
    numbers = np.random.default_rng(3).integers(0, 1 << 32, size=(200, 500), dtype=np.uint32)
    low, cells, ends = stats._poisson_table(mean)
    assert (cells < 0).any()  # some cells are shared, so both paths are taken
    assert np.array_equal(draws, np.searchsorted(ends, numbers, side="right") + low)


def test_poisson_draws_repeat_with_the_seed():
    first = stats.poisson_draws(np.random.default_rng(8), 12.5, (3, 7))
    again = stats.poisson_draws(np.random.default_rng(8), 12.5, (3, 7))
    assert np.array_equal(first, again)


def test_a_random_stream_gives_what_its_seed_s_generator_gives():
    """The bootstrap's draws read RandomStream: bag draws from the cached stream, then a
    small side's exact draws, then bag draws again, in the same order and values as one
    generator seeded alike (so a comparison's intervals are what they were)."""
    size = (2_000, 500)
    expected = np.random.default_rng(11).integers(0, 1 << 32, size=size, dtype=np.uint32)
    assert np.array_equal(stats.RandomStream(11).uint32(size), expected)
    assert np.array_equal(stats.RandomStream(11).uint32(size), expected)  # from the cache
    stream, plain = stats.RandomStream(11), np.random.default_rng(11)
    for shape in (size, (4, 6), (3, 5)):  # an odd count reads the generator from there on
        assert np.array_equal(stream.uint32(shape), plain.integers(0, 1 << 32, shape, np.uint32))
    stream, plain = stats.RandomStream(12), np.random.default_rng(12)
    assert np.array_equal(stream.uint32(size), plain.integers(0, 1 << 32, size, np.uint32))
    # exact resamples of a small side: the generator, advanced past the cached numbers
    assert np.array_equal(
        stats.resample_counts(stream, 7, 7, 50), stats.resample_counts(plain, 7, 7, 50)
    )
    assert np.array_equal(
        stats.poisson_draws(stream, 40.0, (20, 10)), stats.poisson_draws(plain, 40.0, (20, 10))
    )
