"""The micro-vs-macro comparison: point estimates and percentile bootstrap intervals.

Pure numpy on per-placement rows (queries/placements.sql); no database here.
METRICS.md: resample placements within each side, 2,000 resamples, fixed seed;
a side with fewer than 5 placements gets "not enough data", not a headline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

RESAMPLES = 2_000
SEED = 20_251_122
MIN_PLACEMENTS = 5
CONFIDENCE = 0.95
_CELLS_PER_CHUNK = 4_000_000  # resamples x posts held in memory at once


@dataclass(frozen=True)
class Estimate:
    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Side:
    tiers: tuple[str, ...]
    placements: int
    posts: int
    engagements: float
    cost: float
    revenue: float
    typical_er: float | None
    cpe: float | None
    roas: float | None


@dataclass(frozen=True)
class Comparison:
    micro: Side
    macro: Side
    enough_data: bool
    engagement_lift: Estimate
    cost_efficiency_multiple: Estimate
    roas_multiple: Estimate
    resamples: int = RESAMPLES


class _SideSample:
    """One side's placements in array form, ready for resampling."""

    def __init__(self, placements: pd.DataFrame) -> None:
        self.n = len(placements)
        self.cost = placements["cost"].to_numpy(dtype=float)
        self.engagements = placements["engagements"].to_numpy(dtype=float)
        self.revenue = placements["revenue"].to_numpy(dtype=float)
        ers = [
            np.asarray(e if isinstance(e, (list, np.ndarray)) else [], dtype=float)
            for e in placements["ers"]
        ]
        owner = np.repeat(np.arange(self.n), [len(e) for e in ers])
        flat = np.concatenate(ers) if ers else np.empty(0)
        order = np.argsort(flat, kind="stable")
        self.er_sorted = flat[order]
        self.er_owner = owner[order]  # which placement each sorted ER belongs to

    def weighted_medians(self, counts: np.ndarray) -> np.ndarray:
        """Median per-post ER for each row of placement counts (the resampled posts)."""
        out = np.full(counts.shape[0], np.nan)
        if self.er_sorted.size == 0:
            return out
        step = max(1, _CELLS_PER_CHUNK // self.er_sorted.size)
        for start in range(0, counts.shape[0], step):
            weights = counts[start : start + step][:, self.er_owner]
            cumulative = np.cumsum(weights, axis=1)
            total = cumulative[:, -1]
            lower_rank = (total + 1) // 2  # 1-based ranks of the middle value(s)
            upper_rank = total // 2 + 1
            lower = self.er_sorted[np.argmax(cumulative >= lower_rank[:, None], axis=1)]
            upper = self.er_sorted[np.argmax(cumulative >= upper_rank[:, None], axis=1)]
            medians = np.where(total % 2 == 1, lower, (lower + upper) / 2)
            out[start : start + step] = np.where(total > 0, medians, np.nan)
        return out

    def figures(self, counts: np.ndarray) -> dict[str, np.ndarray]:
        cost = counts @ self.cost
        engagements = counts @ self.engagements
        revenue = counts @ self.revenue
        with np.errstate(divide="ignore", invalid="ignore"):
            return {
                "typical_er": self.weighted_medians(counts),
                "cpe": np.where(engagements > 0, cost / engagements, np.nan),
                "roas": np.where(cost > 0, revenue / cost, np.nan),
            }


def _none_if_nan(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _side(tiers: tuple[str, ...], placements: pd.DataFrame, sample: _SideSample) -> Side:
    point = sample.figures(np.ones((1, sample.n)))
    return Side(
        tiers=tiers,
        placements=sample.n,
        posts=int(placements["posts"].sum()),
        engagements=float(sample.engagements.sum()),
        cost=float(sample.cost.sum()),
        revenue=float(sample.revenue.sum()),
        typical_er=_none_if_nan(point["typical_er"][0]),
        cpe=_none_if_nan(point["cpe"][0]),
        roas=_none_if_nan(point["roas"][0]),
    )


def _ratios(micro: dict[str, np.ndarray], macro: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """METRICS.md: lift = ER micro / ER macro - 1; cost-efficiency = CPE macro / CPE micro;
    ROAS multiple = ROAS micro / ROAS macro."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "engagement_lift": micro["typical_er"] / macro["typical_er"] - 1,
            "cost_efficiency_multiple": macro["cpe"] / micro["cpe"],
            "roas_multiple": micro["roas"] / macro["roas"],
        }


def _interval(point: float, draws: np.ndarray) -> Estimate:
    value = _none_if_nan(point)
    finite = draws[np.isfinite(draws)]
    if value is None or finite.size == 0:
        return Estimate(value, None, None)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return Estimate(value, float(low), float(high))


def _resample_counts(rng: np.random.Generator, n: int, resamples: int) -> np.ndarray:
    """How often each of n placements is drawn, in each resample (rows sum to n)."""
    return rng.multinomial(n, np.full(n, 1 / n), size=resamples).astype(float)


def compare_sides(
    placements: pd.DataFrame,
    micro_tiers: tuple[str, ...],
    macro_tiers: tuple[str, ...],
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Comparison:
    """Compare two sides of per-placement rows (columns: placement_tier, posts,
    engagements, cost, revenue, ers)."""
    frames = {
        "micro": placements[placements["placement_tier"].isin(micro_tiers)],
        "macro": placements[placements["placement_tier"].isin(macro_tiers)],
    }
    samples = {name: _SideSample(frame) for name, frame in frames.items()}
    micro = _side(micro_tiers, frames["micro"], samples["micro"])
    macro = _side(macro_tiers, frames["macro"], samples["macro"])
    enough = min(micro.placements, macro.placements) >= MIN_PLACEMENTS
    if not enough:
        empty = Estimate(None, None, None)
        return Comparison(micro, macro, False, empty, empty, empty, resamples)

    point = _ratios(
        samples["micro"].figures(np.ones((1, micro.placements))),
        samples["macro"].figures(np.ones((1, macro.placements))),
    )
    rng = np.random.default_rng(seed)
    draws = _ratios(
        samples["micro"].figures(_resample_counts(rng, micro.placements, resamples)),
        samples["macro"].figures(_resample_counts(rng, macro.placements, resamples)),
    )
    estimates = {name: _interval(point[name][0], draws[name]) for name in point}
    return Comparison(micro, macro, True, resamples=resamples, **estimates)
