"""One campaign's orders through its affiliate codes, leaked codes included."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from campaign_roi.demo.calibration import LEAK_RATE, ORDER_OBJECTIVE, ORDER_RATE
from campaign_roi.demo.campaigns import CampaignPlan
from campaign_roi.demo.curves import lognormal
from campaign_roi.demo.posts import Posts
from campaign_roi.demo.vocabulary import DATA_CUTOFF, DAY, LAST_DAY


@dataclass
class Orders:
    code: np.ndarray
    sec: np.ndarray
    cents: np.ndarray
    refunded: np.ndarray
    per_placement: np.ndarray  # non-refunded orders per placement
    revenue_per_placement: np.ndarray  # USD


def _order_lags(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds from post to order: most within days, a tail over weeks (decaying)."""
    quick = rng.random(n) < 0.8
    days = np.where(quick, rng.exponential(1.5, n), rng.exponential(12.0, n))
    return (days * DAY + rng.integers(60, 3600, n)).astype(np.int64)


def _leaked_orders(
    rng: np.random.Generator, plan: CampaignPlan, posts: Posts, own: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Orders of codes found on coupon sites: far beyond the creator's reach, spread out."""
    posted = np.bincount(posts.placement, minlength=plan.creator.size) > 0
    leaks = (plan.code >= 0) & posted & (rng.random(plan.creator.size) < LEAK_RATE)
    counts = np.where(leaks, rng.poisson(30 + 2 * own), 0)
    placement = np.repeat(np.arange(plan.creator.size), counts)
    first = np.full(plan.creator.size, (LAST_DAY + 1) * DAY, dtype=np.int64)
    np.minimum.at(first, posts.placement, posts.sec)
    lo = first[placement]
    sec = lo + (rng.random(placement.size) * ((plan.end + 45) * DAY - lo)).astype(np.int64)
    return placement, sec


def make_orders(
    rng: np.random.Generator, plan: CampaignPlan, posts: Posts, order_value: float
) -> Orders:
    has_code = plan.code[posts.placement] >= 0
    lam = posts.reach * ORDER_RATE * ORDER_OBJECTIVE[plan.recipe.objective]
    lam *= plan.fit[posts.placement] * has_code
    per_post = rng.poisson(lam)
    post = np.repeat(np.arange(per_post.size), per_post)
    placement = posts.placement[post]
    sec = posts.sec[post] + _order_lags(rng, post.size)
    own = np.bincount(placement, minlength=plan.creator.size)
    leak_placement, leak_sec = _leaked_orders(rng, plan, posts, own)
    placement = np.concatenate([placement, leak_placement])
    sec = np.concatenate([sec, leak_sec])
    order = np.argsort(sec, kind="stable")
    order = order[sec[order] < DATA_CUTOFF]
    placement, sec = placement[order], sec[order]
    n = placement.size
    # basket value before discount is lognormal around the brand category's median
    gross = order_value * lognormal(rng, 0.55, n)
    cents = np.maximum(np.round(gross * (1 - plan.discount[placement] / 100) * 100), 100)
    refunded = rng.random(n) < plan.recipe.refund_rate
    kept = ~refunded
    return Orders(
        code=plan.code[placement],
        sec=sec,
        cents=cents.astype(np.int64),
        refunded=refunded,
        per_placement=np.bincount(placement[kept], minlength=plan.creator.size),
        revenue_per_placement=np.bincount(
            placement[kept], weights=cents[kept] / 100, minlength=plan.creator.size
        ),
    )
