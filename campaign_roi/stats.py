"""The micro-vs-macro comparison: point estimates and percentile bootstrap intervals.

Pure numpy on a digest of the side's placements (digest.py: sums, typical ER, bag); no
database here. METRICS.md: resample placements within each side, 2,000 resamples, fixed
seed; a side with fewer than 5 placements gets "not enough data", not a headline.

Bounded cost. A resample draws n placements with replacement from the side's n. Up to
BAG placements that is done exactly (each resample: n uniform draws, counted). A side
of hundreds of thousands of placements and millions of posts would cost seconds per
comparison and gigabytes, so past BAG the resamples draw from a bag of BAG placements
(the side's BAG with the smallest fixed random rank, digest.py), each placement drawn a
Poisson(n / BAG) number of times: the spread of n draws from the side, as the bag of
little bootstraps (Kleiner et al., 2014) estimates it. The draws are then scaled by the
side's own estimate over the bag's, so the interval sits around the side's estimate.
The point estimates always use every placement and post of the side.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from campaign_roi.digest import Digest, Group, of_frame

RESAMPLES = 2_000
SEED = 20_251_122
MIN_PLACEMENTS = 5
CONFIDENCE = 0.95


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
        """Median per-post ER for each row of placement counts (the resampled posts).

        The sorted ERs are cut into blocks; one matrix product gives each resample's
        weight per block, so only the block holding a middle rank is walked post by post.
        """
        out = np.full(counts.shape[0], np.nan)
        size = self.er_sorted.size
        if size == 0:
            return out
        blocks = max(1, int(np.sqrt(size)))
        edges = np.linspace(0, size, blocks + 1).astype(np.int64)
        in_block = np.zeros((self.n, blocks))
        np.add.at(in_block, (self.er_owner, np.repeat(np.arange(blocks), np.diff(edges))), 1)
        block_weights = counts @ in_block
        cumulative = np.cumsum(block_weights, axis=1)
        total = cumulative[:, -1]
        rows = np.arange(counts.shape[0])
        width = int(np.diff(edges).max())

        def block_of(rank: np.ndarray) -> np.ndarray:
            """The block holding each row's ER at 1-based weighted rank `rank`."""
            return np.minimum(np.argmax(cumulative >= rank[:, None], axis=1), blocks - 1)

        def walk(which: np.ndarray, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Rows `which`'s blocks post by post: sorted positions and running weights."""
            before = cumulative[which, block] - block_weights[which, block]
            positions = edges[block][:, None] + np.arange(width)[None, :]
            inside = positions < edges[block + 1][:, None]
            positions = np.minimum(positions, size - 1)
            weights = np.where(inside, counts[which[:, None], self.er_owner[positions]], 0.0)
            return positions, before[:, None] + np.cumsum(weights, axis=1)

        def value_at(rank: np.ndarray, positions: np.ndarray, running: np.ndarray):
            at = np.argmax(running >= rank[:, None], axis=1)
            return self.er_sorted[positions[np.arange(len(rank)), at]]

        # 1-based ranks of the middle value(s): both in one block but for a few rows, so
        # the blocks are walked once, and again only for those rows
        lower_rank, upper_rank = (total + 1) // 2, total // 2 + 1
        lower_block, upper_block = block_of(lower_rank), block_of(upper_rank)
        walked = walk(rows, lower_block)
        lower = value_at(lower_rank, *walked)
        upper = value_at(upper_rank, *walked)
        apart = np.flatnonzero(lower_block != upper_block)
        if apart.size:
            upper[apart] = value_at(upper_rank[apart], *walk(apart, upper_block[apart]))
        medians = np.where(total % 2 == 1, lower, (lower + upper) / 2)
        return np.where(total > 0, medians, np.nan)

    def figures(
        self, counts: np.ndarray, medians: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """typical_er, cpe and roas for each row of placement counts (`medians`: the
        typical ERs when already known)."""
        cost = counts @ self.cost
        engagements = counts @ self.engagements
        revenue = counts @ self.revenue
        with np.errstate(divide="ignore", invalid="ignore"):
            return {
                "typical_er": self.weighted_medians(counts) if medians is None else medians,
                "cpe": np.where(engagements > 0, cost / engagements, np.nan),
                "roas": np.where(cost > 0, revenue / cost, np.nan),
            }

    def whole(self) -> dict[str, float]:
        """The figures of the placements as they are (each counted once): the median of
        all their ERs is np.median's, without weighing each placement."""
        median = float(np.median(self.er_sorted)) if self.er_sorted.size else np.nan
        figures = self.figures(np.ones((1, self.n)), np.array([median]))
        return {key: value[0] for key, value in figures.items()}


def _none_if_nan(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _point(group: Group) -> dict[str, float]:
    """A side's figures over all its placements (its typical ER worked out whole)."""
    return {
        "typical_er": np.nan if group.typical_er is None else float(group.typical_er),
        "cpe": group.cost / group.engagements if group.engagements > 0 else np.nan,
        "roas": group.revenue / group.cost if group.cost > 0 else np.nan,
    }


def _side(tiers: tuple[str, ...], group: Group, point: dict[str, float]) -> Side:
    return Side(
        tiers=tiers,
        placements=group.placements,
        posts=group.posts,
        engagements=group.engagements,
        cost=group.cost,
        revenue=group.revenue,
        typical_er=_none_if_nan(point["typical_er"]),
        cpe=_none_if_nan(point["cpe"]),
        roas=_none_if_nan(point["roas"]),
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


# Poisson draws from 32-bit random numbers: the top CELL_BITS bits pick a cell of a table;
# nearly every cell lies within one value's share of the numbers and gives it directly
CELL_BITS = 16


@functools.lru_cache(maxsize=64)
def _poisson_table(mean: float) -> tuple[int, np.ndarray, np.ndarray]:
    """Poisson(mean) over the 2**32 numbers a 32-bit random draw takes: (the lowest value,
    each cell's value, or -1 where two values share the cell; the first number past each
    value's share). Value i stands for lowest + i. The support is cut 12 standard
    deviations (plus 12) either side of the mean; what that leaves out is far below a
    float's resolution, and each value's share is exact to 2**-32."""
    spread = 12 * math.sqrt(mean) + 12
    low, high = max(0, math.floor(mean - spread)), math.ceil(mean + spread)
    log_mean = math.log(mean)
    logs = np.array([k * log_mean - mean - math.lgamma(k + 1) for k in range(low, high + 1)])
    pmf = np.exp(logs - logs.max())
    ends = np.round(np.cumsum(pmf / pmf.sum()) * 2.0**32).astype(np.uint64)
    ends[-1] = 2**32
    width = np.uint64(1 << (32 - CELL_BITS))
    starts = np.arange(1 << CELL_BITS, dtype=np.uint64) * width
    first = np.searchsorted(ends, starts, side="right")
    last = np.searchsorted(ends, starts + width - np.uint64(1), side="right")
    cells = np.where(first == last, first, -1).astype(np.int16)
    return low, cells, ends


class RandomStream:
    """default_rng(seed) as the bootstrap reads it, the same numbers in the same order.

    The Poisson draws of bags read full-range 32-bit numbers, a million per side or tier;
    while nothing else has been drawn they come from a cached copy of the seed's stream
    (_stream_block) instead of being generated again each comparison (2 ms a million).
    Anything else (a small side's exact resamples) switches to a generator advanced to
    the same place, read from then on."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.used = 0  # 32-bit numbers read from the cached stream so far
        self._generator: np.random.Generator | None = None

    def uint32(self, size: tuple[int, ...]) -> np.ndarray:
        count = math.prod(size)
        if self._generator is None and count % 2 == 0:  # two numbers per 64-bit output
            block = _stream_block(self.seed, self.used, count)
            self.used += count
            return block.reshape(size)
        return self.generator.integers(0, 1 << 32, size=size, dtype=np.uint32)

    @property
    def generator(self) -> np.random.Generator:
        if self._generator is None:
            self._generator = np.random.default_rng(self.seed)
            self._generator.bit_generator.advance(self.used // 2)
        return self._generator


@functools.lru_cache(maxsize=8)
def _stream_block(seed: int, start: int, count: int) -> np.ndarray:
    """Numbers start .. start + count of default_rng(seed)'s full-range uint32 draws (start
    even), read-only: a comparison's two sides and a what-if's tiers read the same few
    (8 blocks kept, 4 MB each for a bag of 500 and 2,000 resamples)."""
    generator = np.random.default_rng(seed)
    generator.bit_generator.advance(start // 2)
    block = generator.integers(0, 1 << 32, size=count, dtype=np.uint32)
    block.flags.writeable = False
    return block


def _uint32(source: RandomStream | np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    if isinstance(source, RandomStream):
        return source.uint32(size)
    return source.integers(0, 1 << 32, size=size, dtype=np.uint32)


def poisson_draws(
    source: RandomStream | np.random.Generator, mean: float, size: tuple[int, int]
) -> np.ndarray:
    """Poisson(mean) draws as floats, one 32-bit random number each: its top bits read the
    value from a table (_poisson_table), and the few that fall in a cell two values share
    are looked up among the values' shares. About 1.5 ms for a bag's million draws from
    the cached stream, ten times numpy's Poisson sampler."""
    low, cells, ends = _poisson_table(float(mean))
    numbers = _uint32(source, size)
    values = np.take(cells, numbers >> (32 - CELL_BITS))
    shared = np.flatnonzero(values < 0)
    if shared.size:
        flat = values.reshape(-1)
        flat[shared] = np.searchsorted(ends, numbers.reshape(-1)[shared], side="right")
    draws = values.astype(float)
    draws += low
    return draws


def resample_counts(
    source: RandomStream | np.random.Generator, n: int, k: int, resamples: int
) -> np.ndarray:
    """How often each of k placements is drawn in each resample of n draws: exactly (n
    uniform draws, counted) when k = n; from a bag (k < n), Poisson(n / k) each."""
    if k < n:
        return poisson_draws(source, n / k, (resamples, k))
    rng = source.generator if isinstance(source, RandomStream) else source
    draws = rng.integers(0, n, size=(resamples, n)) + np.arange(resamples)[:, None] * n
    return np.bincount(draws.ravel(), minlength=resamples * n).reshape(resamples, n).astype(float)


def _scaled(draws: dict[str, np.ndarray], whole: dict[str, float], part: dict[str, float]):
    """Bag draws scaled by the side's estimate over the bag's (no value: no draws)."""
    out = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for name, values in draws.items():
            factor = whole[name] / part[name] if part[name] else np.nan
            out[name] = values * factor
    return out


def side_draws(
    group: Group, point: dict[str, float], rng: RandomStream | np.random.Generator, resamples: int
) -> dict[str, np.ndarray]:
    """The side's figures (typical_er, cpe, roas) in each resample, drawn from its bag."""
    n, sample = group.placements, _SideSample(group.bag)
    draws = sample.figures(resample_counts(rng, n, sample.n, resamples))
    if sample.n == n:
        return draws
    part = sample.whole()
    return _scaled(draws, point, part)


def compare_sides(
    placements: pd.DataFrame | Digest,
    micro_tiers: tuple[str, ...],
    macro_tiers: tuple[str, ...],
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Comparison:
    """Compare two sides of per-placement rows (columns: placement_tier, posts,
    engagements, cost, revenue, ers; bag_key) or of their digest (digest.py)."""
    if isinstance(placements, pd.DataFrame):
        placements = of_frame(placements, micro_tiers, macro_tiers)
    groups = placements.sides
    points = {name: _point(group) for name, group in groups.items()}
    micro = _side(micro_tiers, groups["micro"], points["micro"])
    macro = _side(macro_tiers, groups["macro"], points["macro"])
    enough = min(micro.placements, macro.placements) >= MIN_PLACEMENTS
    if not enough:
        empty = Estimate(None, None, None)
        return Comparison(micro, macro, False, empty, empty, empty, resamples)

    point = _ratios(
        *({k: np.array([v]) for k, v in points[name].items()} for name in ("micro", "macro"))
    )
    rng = RandomStream(seed)
    draws = _ratios(
        *(side_draws(groups[name], points[name], rng, resamples) for name in ("micro", "macro"))
    )
    estimates = {name: _interval(point[name][0], draws[name]) for name in point}
    return Comparison(micro, macro, True, resamples=resamples, **estimates)
