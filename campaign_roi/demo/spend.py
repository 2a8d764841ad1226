"""One campaign's spend: fees per post or per views, packages, product, bonuses, boosts
and overhead, and the budget the campaign was given."""

from __future__ import annotations

import numpy as np

from campaign_roi.demo.calibration import (
    PACKAGE_DISCOUNT,
    PRICE_CONTENT,
    PRICE_PLATFORM,
    VIEWS_RATE_USD,
)
from campaign_roi.demo.campaigns import CampaignPlan
from campaign_roi.demo.curves import lognormal, post_price
from campaign_roi.demo.orders import Orders
from campaign_roi.demo.people import followers_on
from campaign_roi.demo.posts import Posts
from campaign_roi.demo.vocabulary import (
    ADS,
    AGENCY,
    BONUS,
    FEE,
    GIFTING,
    LAST_DAY,
    OTHER,
    PACKAGE,
    PER_POST,
    PER_VIEWS,
    PRODUCT,
)

SPEND_COLUMNS = ("placement", "post", "day", "category", "cents", "pricing", "note")


def _rows(**columns: np.ndarray | int) -> dict[str, np.ndarray]:
    """Spend rows as arrays; scalars broadcast; placement/post/pricing -1 = none."""
    sizes = [np.size(v) for v in columns.values() if np.ndim(v) > 0]
    n = max(sizes) if sizes else 1
    return {k: np.broadcast_to(np.asarray(columns.get(k, -1)), (n,)) for k in SPEND_COLUMNS}


def _round_to(values: np.ndarray, step_usd: float) -> np.ndarray:
    """USD amounts rounded to a step, as integer cents."""
    cents = round(step_usd * 100)
    return (np.maximum(np.round(values / step_usd), 1) * cents).astype(np.int64)


def _post_fees(
    rng: np.random.Generator, plan: CampaignPlan, posts: Posts, price: np.ndarray
) -> list:
    """per_post deals: one fee per post; per_thousand_views: views / 1000 x a rate."""
    pricing = plan.pricing[posts.placement]
    rate = rng.uniform(*VIEWS_RATE_USD, plan.creator.size)[posts.placement]
    out = []
    for model, amount, note in (
        (PER_POST, price, 0),
        (PER_VIEWS, posts.views / 1000 * rate, 1),
    ):
        idx = np.flatnonzero(pricing == model)
        out.append(
            _rows(
                placement=posts.placement[idx],
                post=idx,
                day=posts.day[idx] + rng.integers(0, 15, idx.size),  # paid within two weeks
                category=FEE,
                cents=_round_to(amount[idx], 5.0),
                pricing=model,
                note=note,
            )
        )
    return out


def _first_last_days(plan: CampaignPlan, posts: Posts) -> tuple[np.ndarray, np.ndarray]:
    """First and last post day per placement; the campaign's dates where it has no post."""
    first = np.full(plan.creator.size, plan.start + 3, dtype=np.int64)
    last = np.full(plan.creator.size, plan.end, dtype=np.int64)
    posted = plan.n_posts > 0
    first[posted], last[posted] = LAST_DAY, 0
    np.minimum.at(first, posts.placement, posts.day)
    np.maximum.at(last, posts.placement, posts.day)
    return first, last


def _placement_spend(
    rng: np.random.Generator,
    plan: CampaignPlan,
    posts: Posts,
    price: np.ndarray,
    orders: Orders,
    creators: dict,
) -> list:
    """Packages (deposit and balance), product sent, and performance bonuses."""
    n = plan.creator.size
    first, last = _first_last_days(plan, posts)
    idx = np.arange(n)
    # a package is the price of its posts, discounted; a creator who never posted got
    # the deposit of a one-post package
    value = np.bincount(posts.placement, weights=price, minlength=n) * PACKAGE_DISCOUNT
    one_post = post_price(followers_on(creators, plan.creator, np.full(n, plan.start)))
    one_post *= np.take(PRICE_PLATFORM, creators["platform"][plan.creator]) * plan.price_noise
    value = np.where(plan.n_posts > 0, value, 2 * one_post)
    package = idx[plan.pricing == PACKAGE]
    balance = package[plan.n_posts[package] > 0]
    out = [
        _rows(
            placement=package,
            day=first[package] - rng.integers(3, 15, package.size),
            category=FEE,
            cents=_round_to(value[package] / 2, 10.0),
            pricing=PACKAGE,
            note=2,
        ),
        _rows(
            placement=balance,
            day=last[balance] + rng.integers(0, 15, balance.size),
            category=FEE,
            cents=_round_to(value[balance] / 2, 10.0),
            pricing=PACKAGE,
            note=3,
        ),
    ]
    sent = idx[plan.product]
    product_usd = plan.recipe.product_value * lognormal(rng, 0.35, sent.size)
    out.append(
        _rows(
            placement=sent,
            day=first[sent] - rng.integers(7, 22, sent.size),  # shipped before the first post
            category=PRODUCT,
            cents=_round_to(product_usd, 1.0),
            pricing=plan.pricing[sent],
            note=4,
        )
    )
    out.append(_bonuses(rng, plan, orders))
    return out


def _bonuses(rng: np.random.Generator, plan: CampaignPlan, orders: Orders) -> dict:
    """The best-selling share of code placements earns 10% of its revenue (USD 50-5,000)."""
    selling = np.flatnonzero(orders.per_placement > 0)
    k = int(round(selling.size * plan.recipe.bonus_share))
    best = selling[np.argsort(-orders.per_placement[selling], kind="stable")[:k]]
    amount = np.clip(orders.revenue_per_placement[best] * 0.1, 50, 5000)
    return _rows(
        placement=best,
        day=np.full(best.size, plan.end) + rng.integers(5, 21, best.size),
        category=BONUS,
        cents=_round_to(amount, 10.0),
        pricing=plan.pricing[best],
        note=5,
    )


def _boosts(rng: np.random.Generator, plan: CampaignPlan, posts: Posts) -> dict:
    """Paid ads behind the better posts (spend tied to the post), at $10-30 per 1,000 reached."""
    n = posts.placement.size
    rank = np.argsort(np.argsort(posts.engagements, kind="stable"), kind="stable") / max(n, 1)
    idx = np.flatnonzero(rng.random(n) < plan.recipe.boost_share * 2 * rank)
    amount = np.clip(posts.reach[idx] / 1000 * rng.uniform(10, 30, idx.size), 50, 20_000)
    return _rows(
        placement=posts.placement[idx],
        post=idx,
        day=posts.day[idx] + rng.integers(1, 4, idx.size),
        category=ADS,
        cents=_round_to(amount, 5.0),
        note=6,
    )


def _month_starts(start: int, end: int) -> np.ndarray:
    months = np.arange(
        np.datetime64("2025-01-01", "D") + start, np.datetime64("2025-01-01", "D") + end + 1
    ).astype("datetime64[M]")
    days = (np.unique(months).astype("datetime64[D]") - np.datetime64("2025-01-01", "D")).astype(
        int
    )
    return np.maximum(days, start)


def _overhead(rng: np.random.Generator, plan: CampaignPlan, creator_cents: int) -> list:
    """Campaign overhead (no creator): agency retainer, paid amplification, shipping."""
    c = plan.recipe
    out = []
    if c.agency_share > 0:
        months = _month_starts(plan.start, plan.end)
        share = creator_cents / 100 * c.agency_share / months.size
        out.append(
            _rows(
                day=months,
                category=AGENCY,
                cents=_round_to(share * rng.uniform(0.9, 1.1, months.size), 10.0),
                note=7,
            )
        )
    if c.ads_share > 0:
        days = np.arange(plan.start, plan.end + 1, 14)
        weights = rng.dirichlet(np.full(days.size, 4.0))
        out.append(
            _rows(
                day=days,
                category=ADS,
                cents=_round_to(creator_cents / 100 * c.ads_share * weights, 5.0),
                note=8,
            )
        )
    shipped = int(plan.product.sum())
    if shipped and (plan.pricing != GIFTING).any():
        out.append(
            _rows(day=plan.start, category=OTHER, cents=_round_to(12.0 * shipped, 1), note=9)
        )
    return out


def make_spend(
    rng: np.random.Generator, plan: CampaignPlan, posts: Posts, orders: Orders, creators: dict
) -> dict[str, np.ndarray]:
    """Every spend row of a campaign, sorted by date."""
    price = post_price(posts.followers) * np.take(PRICE_PLATFORM, posts.platform)
    price *= np.take(PRICE_CONTENT, posts.content) * plan.price_noise[posts.placement]
    parts = _post_fees(rng, plan, posts, price)
    parts += _placement_spend(rng, plan, posts, price, orders, creators)
    parts.append(_boosts(rng, plan, posts))
    creator_cents = int(sum(p["cents"].sum() for p in parts))
    parts += _overhead(rng, plan, creator_cents)
    rows = {k: np.concatenate([p[k] for p in parts]) for k in SPEND_COLUMNS}
    order = np.argsort(rows["day"], kind="stable")
    return {k: v[order] for k, v in rows.items()}


def budget_cents(rng: np.random.Generator, plan: CampaignPlan, spent_cents: int) -> int:
    """The budget the campaign was given, from its spend and its over/under ratio."""
    ratio = plan.recipe.spend_vs_budget * (rng.lognormal(0, 0.05) if plan.wave else 1.0)
    step = 1_000 if spent_cents > 10_000_000 else 500  # round to $1,000 past $100k
    return int(max(round(spent_cents / 100 / ratio / step), 1) * step * 100)
