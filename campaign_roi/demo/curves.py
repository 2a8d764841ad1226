"""Curves and draws: log-log interpolation between calibration anchors, content and
engagement tables per platform, and the random draws shared by the generators."""

from __future__ import annotations

import numpy as np

from campaign_roi.demo.calibration import (
    CONTENT_MIX,
    ENGAGEMENT_SPLIT,
    ER_ANCHORS,
    HOUR_WEIGHTS,
    PRICE_BELOW_100K,
    PRICE_FROM_100K,
    REACH_ANCHORS,
    VIDEO_MIX,
)
from campaign_roi.demo.vocabulary import CONTENT_TYPES, PLATFORMS, P, weights_over


def _loglog(x: np.ndarray, anchors: tuple[tuple[float, float], ...]) -> np.ndarray:
    """Interpolate y(x) linearly in log-log space between anchors (flat past the ends)."""
    xs = np.log([a[0] for a in anchors])
    ys = np.log([a[1] for a in anchors])
    return np.exp(np.interp(np.log(np.maximum(x, 1.0)), xs, ys))


def median_er(followers: np.ndarray) -> np.ndarray:
    return _loglog(followers, ER_ANCHORS)


def reach_rate(followers: np.ndarray) -> np.ndarray:
    return _loglog(followers, REACH_ANCHORS)


def post_price(followers: np.ndarray) -> np.ndarray:
    """USD for one Instagram feed post, with the jump in price at 100k followers."""
    below = _loglog(followers, PRICE_BELOW_100K)
    above = _loglog(followers, PRICE_FROM_100K)
    return np.where(followers < 100_000, below, above)


def _cumulative(mix: dict[str, dict[str, float]]) -> np.ndarray:
    """Rows: platforms; columns: cumulative probability over CONTENT_TYPES."""
    table = np.zeros((len(PLATFORMS), len(CONTENT_TYPES)))
    for platform in PLATFORMS:
        shares = mix.get(platform) or CONTENT_MIX[platform]
        table[P[platform]] = np.cumsum(weights_over(shares, CONTENT_TYPES))
    table[:, -1] = 1.0
    return table


CONTENT_CUM = _cumulative(CONTENT_MIX)
VIDEO_CUM = _cumulative({p: VIDEO_MIX.get(p, {}) for p in PLATFORMS})
SPLIT = np.array([ENGAGEMENT_SPLIT[p] for p in PLATFORMS])
HOUR_P = np.array(HOUR_WEIGHTS) / sum(HOUR_WEIGHTS)


def pick(rng: np.random.Generator, cumulative: np.ndarray) -> np.ndarray:
    """One category per row of a (n, k) cumulative probability table."""
    u = rng.random(cumulative.shape[0])
    return np.minimum((u[:, None] > cumulative).sum(axis=1), cumulative.shape[1] - 1)


def lognormal(rng: np.random.Generator, sigma: float, n: int) -> np.ndarray:
    """Multiplicative noise with median 1."""
    return rng.lognormal(0.0, sigma, n)
