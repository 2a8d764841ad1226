"""Planning from the user's own placements: "N micro creators vs one macro creator" and
the budget what-if. Pure numpy/pandas on the placements' digest (digest.py: per tier
and per side, sums, medians and bags), or on the per-placement frame of
queries/placements.sql (metrics.placements), which becomes one; `micro_vs_macro` at the
end reads the digest for a filter set (what the page caches).

N micro vs one macro at equal total followers
    A side's *typical placement* is the median, over the side's placements, of each
    figure separately: followers (the placement followers that set its tier),
    engagements, cost (spend + commission) and revenue per placement.
    N = median followers of a macro placement / median followers of a micro placement,
    so N typical micro placements reach as many followers as one typical macro one.
    N micro deliver N x (median engagements, cost, revenue of a micro placement); one
    macro delivers the median engagements, cost and revenue of a macro placement.
    N is not rounded. A side with fewer than stats.MIN_PLACEMENTS placements gets "not
    enough data", as in the comparison.

Budget what-if
    For a budget split over tiers by a mix of shares (summing to 1), each tier's part
    buys engagements, orders and revenue at that tier's observed rates, ratios of sums
    over its placements (METRICS.md): engagements = part / CPE, orders = part / CPA,
    revenue = part x ROAS (computed as part x engagements / cost, etc., so a tier with
    cost but no orders expects 0 orders). A tier with no observed cost has no rate:
    its part is not estimated, is left out of the totals, and is named in `unpriced`.
    Intervals: resample placements within each tier (stats.RESAMPLES resamples,
    stats.SEED), recompute the rates, 95% percentile interval of each figure and of the
    totals; past digest.BAG placements a tier's resamples draw from a bag, as the
    comparison's do (stats.py). Placement cost excludes campaign overhead (it belongs
    to no placement).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from campaign_roi import digest, metrics
from campaign_roi.digest import MEDIANS, Digest, Group
from campaign_roi.metrics import Filters
from campaign_roi.stats import (
    CONFIDENCE,
    MIN_PLACEMENTS,
    RESAMPLES,
    SEED,
    Comparison,
    Estimate,
    RandomStream,
    compare_sides,
    resample_counts,
)

OUTCOMES = ("engagements", "orders", "revenue")
SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class TypicalPlacement:
    """The medians per placement of one side."""

    tiers: tuple[str, ...]
    placements: int
    posts: int
    followers: float | None
    engagements: float | None
    cost: float | None
    revenue: float | None


@dataclass(frozen=True)
class EqualFollowers:
    """N typical micro placements against one typical macro placement."""

    micro: TypicalPlacement
    macro: TypicalPlacement
    enough_data: bool
    n: float | None  # macro median followers / micro median followers
    n_micro_engagements: float | None
    n_micro_cost: float | None
    n_micro_revenue: float | None


def _digest(
    placements: pd.DataFrame | Digest, micro: Sequence[str] = (), macro: Sequence[str] = ()
) -> Digest:
    """Per-placement rows (metrics.placements) as their digest; a digest as it is."""
    if isinstance(placements, Digest):
        return placements
    return digest.of_frame(placements, micro, macro)


def _typical(group: Group, tiers: Sequence[str]) -> TypicalPlacement:
    return TypicalPlacement(
        tiers=tuple(tiers),
        placements=group.placements,
        posts=group.posts,
        **{name: group.medians.get(name) for name in MEDIANS},
    )


def equal_followers(
    placements: pd.DataFrame | Digest, micro_tiers: Sequence[str], macro_tiers: Sequence[str]
) -> EqualFollowers:
    """How many typical micro placements reach the followers of one typical macro one,
    and what those N deliver against it (see the module docstring). `placements`: the
    per-placement rows, or their digest with these sides and medians."""
    sides = _digest(placements, micro_tiers, macro_tiers).sides
    micro, macro = _typical(sides["micro"], micro_tiers), _typical(sides["macro"], macro_tiers)
    enough = min(micro.placements, macro.placements) >= MIN_PLACEMENTS
    n = None
    if enough and micro.followers and macro.followers is not None:
        n = macro.followers / micro.followers

    def times_n(value: float | None) -> float | None:
        return None if n is None or value is None else n * value

    return EqualFollowers(
        micro=micro,
        macro=macro,
        enough_data=enough,
        n=n,
        n_micro_engagements=times_n(micro.engagements),
        n_micro_cost=times_n(micro.cost),
        n_micro_revenue=times_n(micro.revenue),
    )


def current_mix(placements: pd.DataFrame | Digest, tiers: Sequence[str]) -> dict[str, int]:
    """Whole-percent shares of observed placement cost per tier, summing to 100 (the
    mix the user has been buying); equal shares when there is no cost at all."""
    groups = _digest(placements)
    cost = pd.Series([groups.tier(tier).cost for tier in tiers], index=list(tiers), dtype=float)
    if not tiers:
        return {}
    if cost.sum() <= 0:
        cost = pd.Series(1.0, index=list(tiers))
    exact = cost / cost.sum() * 100
    shares = np.floor(exact).astype(int)
    # largest remainders take the leftover points, so the shares sum to exactly 100
    for tier in (exact - shares).sort_values(ascending=False).index[: 100 - shares.sum()]:
        shares[tier] += 1
    return {tier: int(shares[tier]) for tier in tiers}


@dataclass(frozen=True)
class TierPlan:
    """One tier's part of the budget and what it is expected to buy."""

    tier: str
    share: float
    budget: float
    placements: int
    cost: float  # observed placement cost of the tier
    cpe: float | None
    cpa: float | None
    roas: float | None
    engagements: Estimate
    orders: Estimate
    revenue: Estimate


@dataclass(frozen=True)
class WhatIf:
    budget: float
    tiers: tuple[TierPlan, ...]
    engagements: Estimate  # totals over the priced tiers
    orders: Estimate
    revenue: Estimate
    unpriced: tuple[str, ...]  # tiers in the mix with no observed cost
    resamples: int = RESAMPLES


def _interval(point: float | None, draws: np.ndarray) -> Estimate:
    finite = draws[np.isfinite(draws)]
    if point is None or finite.size == 0:
        return Estimate(point, None, None)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return Estimate(point, float(low), float(high))


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _yields(bag: pd.DataFrame, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Outcome per unit of cost, for each row of placement counts."""
    cost = counts @ bag["cost"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            name: np.where(cost > 0, (counts @ bag[name].to_numpy(dtype=float)) / cost, np.nan)
            for name in OUTCOMES
        }


def what_if(
    placements: pd.DataFrame | Digest,
    budget: float,
    mix: Mapping[str, float],
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> WhatIf:
    """Expected engagements, orders and revenue of a budget split over tiers by `mix`
    (tier -> share, shares summing to 1; tiers taken in the mix's order). `placements`:
    the per-placement rows, or their digest."""
    if budget < 0:
        raise ValueError("the budget cannot be negative")
    if any(share < 0 for share in mix.values()):
        raise ValueError("a tier's share cannot be negative")
    if abs(sum(mix.values()) - 1) > SHARE_TOLERANCE:
        raise ValueError("the shares of the tier mix must add up to 100%")
    groups = _digest(placements)
    rng = RandomStream(seed)
    plans, unpriced = [], []
    totals = {name: 0.0 for name in OUTCOMES}
    total_draws = {name: np.zeros(resamples) for name in OUTCOMES}
    for tier, share in mix.items():
        if share <= 0:
            continue
        group = groups.tier(tier)
        part = budget * share
        cost, n = group.cost, group.placements
        sums = {name: getattr(group, name) for name in OUTCOMES}
        if cost <= 0:
            unpriced.append(tier)
            empty = Estimate(None, None, None)
            plans.append(
                TierPlan(tier, share, part, n, cost, None, None, None, empty, empty, empty)
            )
            continue
        k = len(group.bag)
        rates = _yields(group.bag, resample_counts(rng, n, k, resamples))
        if k < n:  # a bag's rates, scaled to the tier's own
            own = _yields(group.bag, np.ones((1, k)))
            with np.errstate(divide="ignore", invalid="ignore"):
                rates = {
                    name: rates[name] * (sums[name] / cost) / own[name][0] for name in OUTCOMES
                }
        draws = {name: part * rate for name, rate in rates.items()}
        estimates = {}
        for name in OUTCOMES:
            point = part * sums[name] / cost
            estimates[name] = _interval(point, draws[name])
            totals[name] += point
            total_draws[name] = total_draws[name] + draws[name]
        plans.append(
            TierPlan(
                tier=tier,
                share=share,
                budget=part,
                placements=n,
                cost=cost,
                cpe=_ratio(cost, sums["engagements"]),
                cpa=_ratio(cost, sums["orders"]),
                roas=sums["revenue"] / cost,
                **estimates,
            )
        )
    priced = any(p.engagements.value is not None for p in plans)
    total = {
        name: _interval(totals[name] if priced else None, total_draws[name]) for name in OUTCOMES
    }
    return WhatIf(budget, tuple(plans), unpriced=tuple(unpriced), resamples=resamples, **total)


def what_if_table(result: WhatIf) -> pd.DataFrame:
    """The what-if as rows: one per tier in the mix, then the total (tier None)."""
    rows = []
    for plan in result.tiers:
        row = {
            "tier": plan.tier,
            "share": plan.share,
            "budget": plan.budget,
            "placements": plan.placements,
            "observed_cost": plan.cost,
            "cpe": plan.cpe,
            "cpa": plan.cpa,
            "roas": plan.roas,
        }
        for name in OUTCOMES:
            estimate = getattr(plan, name)
            row.update({name: estimate.value, f"{name}_low": estimate.low,
                        f"{name}_high": estimate.high})  # fmt: skip
        rows.append(row)
    total = {"tier": None, "share": sum(p.share for p in result.tiers), "budget": result.budget}
    for name in OUTCOMES:
        estimate = getattr(result, name)
        total.update({name: estimate.value, f"{name}_low": estimate.low,
                      f"{name}_high": estimate.high})  # fmt: skip
    rows.append(total)
    return pd.DataFrame(rows)


# --- on a database (what the page caches through app_state.cached) ------------------------


@dataclass(frozen=True)
class MicroVsMacro:
    """What the Micro vs macro page shows for one filter set and pair of sides."""

    placements: Digest  # the placements in the filters, per tier and side (digest.py)
    comparison: Comparison
    equal: EqualFollowers


def micro_vs_macro(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    micro_tiers: tuple[str, ...],
    macro_tiers: tuple[str, ...],
) -> MicroVsMacro:
    """metrics.compare and equal_followers on one read of the placements in the filters,
    their digest (the page's what-if and tier mix start from the same digest)."""
    micro_tiers, macro_tiers = metrics.sides(con, filters, micro_tiers, macro_tiers)
    placements = metrics.placement_digest(con, filters, micro_tiers, macro_tiers, medians=True)
    return MicroVsMacro(
        placements,
        compare_sides(placements, micro_tiers, macro_tiers),
        equal_followers(placements, micro_tiers, macro_tiers),
    )
