"""The demo agency: a deterministic, realistic dataset for the dashboard.

`build_demo(path, scale, seed)` replaces the file at `path` with a new database
holding one year (2025) of a made-up influencer-marketing agency: brands,
campaigns, creators, posts, spend, affiliate codes and orders. The campaigns come
from `data/demo_recipe.toml`; the numbers come from the calibration below, so
every figure the dashboard shows (ER by tier, cost per post, ROAS, micro vs macro)
is computed from generated rows, never written in.

How it is built
- A plan first: every campaign (and, past scale 1, its later "waves") with its
  placements (one creator in one campaign), their pricing model, post count and
  affiliate code. Creators are drawn as the plan needs them, and some are hired
  again in a later campaign of the same niche.
- Then, campaign by campaign, posts -> orders -> spend, all numpy arrays, bulk
  inserted as DataFrames with ids formatted by DuckDB. Nothing loops over rows in
  Python; the loops are over campaigns and slots.
- One numpy Generator seeded with `seed` drives every draw, in a fixed order, so
  the same seed and scale give the same database.

Scale: posts, creators and orders grow linearly with `scale` (about 10,000 posts,
750 creators and 23,000 orders per unit; scale 50 builds in about 8 s on 2 cores).
Past scale 1 each recipe campaign runs in round(sqrt(scale)) waves, each
scale / waves times the size of the recipe's.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from campaign_roi import db
from campaign_roi.paths import DATA_DIR

RECIPE_FILE = DATA_DIR / "demo_recipe.toml"
DEFAULT_SEED = 20251122
Progress = Callable[[float, str], None]

# Allowed values (DATA_CONTRACT.md); the generator stores indices into these.
PLATFORMS = (
    "instagram",
    "tiktok",
    "youtube",
    "twitter",
    "facebook",
    "snapchat",
    "pinterest",
    "twitch",
    "blog",
    "other",
)
CONTENT_TYPES = ("photo", "carousel", "video", "reel", "short", "story", "live", "text", "other")
CATEGORIES = ("fee", "product", "bonus", "agency", "ads", "other")
PRICING_MODELS = ("per_post", "per_thousand_views", "package", "gifting", "other")
OBJECTIVES = ("awareness", "engagement", "traffic", "sales", "other")
SEGMENTS = ("creator", "student", "owner")
P = {name: i for i, name in enumerate(PLATFORMS)}
C = {name: i for i, name in enumerate(CONTENT_TYPES)}
PER_POST, PER_VIEWS, PACKAGE, GIFTING = 0, 1, 2, 3
FEE, PRODUCT, BONUS, AGENCY, ADS, OTHER = range(6)
NOTES = (
    "Post fee",
    "Fee per 1,000 views",
    "Package deposit",
    "Package balance",
    "Product sent",
    "Performance bonus",
    "Paid boost of the post",
    "Agency retainer",
    "Paid amplification",
    "Shipping and handling",
)

# Follower ranges [low, high) of the default tiers; mega is capped at 12M here.
TIER_RANGES = {
    "nano": (1_000, 10_000),
    "micro": (10_000, 100_000),
    "macro": (100_000, 1_000_000),
    "mega": (1_000_000, 12_000_000),
}

DAY = 86_400  # seconds
YEAR_START = np.datetime64("2025-01-01T00:00:00", "s")
LAST_DAY = 364  # 2025-12-31, day index from 2025-01-01
DATA_CUTOFF = (LAST_DAY + 16) * DAY  # orders are exported on 2026-01-15: later ones are not in
FOLLOWERS_AS_OF = LAST_DAY  # influencers.followers is the count on this day

# --- calibration ---------------------------------------------------------------------------
# Median per-post ER = (likes + comments + shares + saves) / followers on Instagram,
# interpolated log-log between these anchors. Sources (published ER-by-follower tables):
# Markerly 2016, Instagram like rate of unpaid posts: ~8% under 1k, ~4% at 1k-10k,
# ~2.4% at 10k-100k, ~1.7% at 1M+. HypeAuditor March 2018 (about 37k accounts), median
# (likes + comments) / followers: 6.45% at 1k-5k, 3.76% at 5k-20k, 2.63% at 20k-100k,
# ~2.56% past 100k. The anchors sit between the two, falling the way both do.
ER_ANCHORS = ((500, 0.085), (3_000, 0.045), (12_000, 0.032), (45_000, 0.025), (300_000, 0.021))
ER_ANCHORS += ((1_000_000, 0.017), (3_000_000, 0.0145), (12_000_000, 0.012))
ER_NOISE = 0.55  # sigma of the lognormal spread around the median, per post
VIRAL_RATE = 0.003  # share of posts that go viral: ER and reach x5 to x30
# Platform and content factors on that Instagram curve (TikTok engages more per follower,
# YouTube subscribers, X and Facebook followers less; stories and lives draw fewer actions).
ER_PLATFORM = (1.0, 1.4, 0.7, 0.35, 0.4, 0.6, 0.3, 0.5, 0.25, 0.5)
ER_CONTENT = (1.0, 1.1, 1.0, 1.15, 0.9, 0.55, 0.6, 0.8, 0.8)

# Median reach / followers per post, log-log between anchors: big accounts reach a smaller
# share of their followers (organic reach).
REACH_ANCHORS = ((1_000, 0.45), (10_000, 0.32), (100_000, 0.2), (1_000_000, 0.12), (1e7, 0.08))
REACH_PLATFORM = (1.0, 1.5, 1.0, 0.5, 0.5, 0.9, 0.8, 0.15, 0.3, 0.5)
REACH_CONTENT = (1.0, 1.0, 1.2, 1.4, 1.3, 0.55, 0.3, 0.8, 1.0)
VIDEO_CONTENT = np.array([c in ("video", "reel", "short", "story", "live") for c in CONTENT_TYPES])
# Link clicks per reached account, by campaign objective; stories carry link stickers.
CTR_OBJECTIVE = (0.004, 0.006, 0.015, 0.01, 0.005)
CTR_CONTENT = (0.8, 0.9, 1.0, 1.0, 0.8, 1.6, 0.8, 1.2, 1.0)

# Price of one feed post in USD, log-log between anchors, with a step at 100k followers:
# nano ~$40-200, micro ~$200-1.4k, macro ~$2.5k-15k, mega ~$15k-100k (the ranges in the
# issue, in line with common agency rate cards of roughly $10-20 per 1,000 followers).
PRICE_BELOW_100K = ((1_000, 40.0), (5_000, 100.0), (10_000, 180.0), (30_000, 450.0))
PRICE_BELOW_100K += ((100_000, 1_300.0),)
PRICE_FROM_100K = ((100_000, 2_500.0), (300_000, 5_000.0), (1_000_000, 15_000.0))
PRICE_FROM_100K += ((3_000_000, 35_000.0), (12_000_000, 110_000.0))
PRICE_PLATFORM = (1.0, 0.9, 1.6, 0.5, 0.6, 0.6, 0.5, 1.2, 0.8, 0.8)
PRICE_CONTENT = (1.0, 1.1, 1.0, 1.2, 0.7, 0.4, 1.5, 0.5, 1.0)
PACKAGE_DISCOUNT = 0.85  # a package costs 85% of its posts bought one by one
VIEWS_RATE_USD = (12.0, 30.0)  # per 1,000 views, per_thousand_views deals

# Orders per reached account through the creator's code (sales objective), times a
# per-placement audience fit (lognormal); other objectives convert less. 3.5 orders per
# 10,000 reached is tuned so scale 1 gives about 23,000 orders from about 60M reach.
ORDER_RATE = 3.5e-4
ORDER_OBJECTIVE = (0.3, 0.5, 0.6, 1.0, 0.5)
LEAK_RATE = 0.015  # share of codes that leak to coupon sites: many orders beyond reach

# What each platform reports, and how engagements split (likes, comments, shares, saves).
ENGAGEMENT_SPLIT = {
    "instagram": (0.86, 0.04, 0.05, 0.05),
    "tiktok": (0.82, 0.02, 0.06, 0.10),
    "youtube": (0.9, 0.06, 0.04, 0.0),
    "twitter": (0.7, 0.1, 0.2, 0.0),
    "facebook": (0.75, 0.1, 0.15, 0.0),
    "snapchat": (0.0, 0.4, 0.6, 0.0),
    "pinterest": (0.2, 0.02, 0.08, 0.7),
    "twitch": (0.0, 1.0, 0.0, 0.0),
    "blog": (0.0, 0.5, 0.5, 0.0),
    "other": (0.8, 0.1, 0.1, 0.0),
}
# Probability each measure is reported, by platform (creators send insights screenshots;
# TikTok and YouTube rarely give impressions).
IMPRESSIONS_KNOWN = (0.75, 0.25, 0.4, 0.8, 0.75, 0.5, 0.8, 0.1, 0.5, 0.5)
REACH_KNOWN = 0.8
VIEWS_KNOWN = 0.92
CLICKS_KNOWN = 0.55
NO_ENGAGEMENT_DATA = 0.008  # posts with all four engagement parts unknown

# Which content each platform carries, and which when paid per 1,000 views.
CONTENT_MIX = {
    "instagram": {"photo": 0.2, "carousel": 0.2, "reel": 0.35, "story": 0.25},
    "tiktok": {"video": 0.95, "live": 0.05},
    "youtube": {"video": 0.6, "short": 0.35, "live": 0.05},
    "twitter": {"text": 0.5, "photo": 0.3, "video": 0.2},
    "facebook": {"photo": 0.4, "video": 0.4, "text": 0.2},
    "snapchat": {"story": 0.8, "video": 0.2},
    "pinterest": {"photo": 0.7, "video": 0.3},
    "twitch": {"live": 1.0},
    "blog": {"text": 1.0},
    "other": {"other": 1.0},
}
VIDEO_MIX = {
    "instagram": {"reel": 1.0},
    "youtube": {"video": 0.6, "short": 0.4},
    "twitch": {"live": 1.0},
    "blog": {"text": 1.0},
}
# Posting hour weights (local time), peaking at lunch and in the evening.
HOUR_WEIGHTS = (1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2, 2, 2, 2.5, 3.5, 3, 2.5, 2.5, 3, 4, 5, 5.5)
HOUR_WEIGHTS += (5, 4, 3, 2)
FOLLOWER_GROWTH = (0.10, 0.12)  # mean and sd of yearly follower growth (log), per creator
RATE_COMMISSIONS = (0.03, 0.05, 0.08, 0.10)  # share of order revenue
FLAT_COMMISSIONS = (2.0, 3.0, 5.0, 8.0)  # USD per order


# --- the recipe ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One group of creators in a campaign (a tier, a count, their deals and platforms)."""

    tier: str
    creators: int
    posts: float
    followers: tuple[int, int]
    segment: int
    rate_factor: float  # price against the rate card
    pricing: np.ndarray  # weights over PRICING_MODELS
    platforms: np.ndarray  # weights over PLATFORMS


@dataclass(frozen=True)
class CampaignRecipe:
    title: str
    brand: str
    category: str
    niche: str
    objective: int
    start: int  # day index in 2025
    end: int
    spend_vs_budget: float
    code_share: float
    commission: str
    discounts: tuple[int, ...]
    refund_rate: float
    product_value: float
    product_share: float
    agency_share: float
    ads_share: float
    boost_share: float
    bonus_share: float
    repeat_share: float
    dropout: float
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Recipe:
    campaigns: tuple[CampaignRecipe, ...]
    brands: dict[str, list[str]]
    order_value: dict[str, float]
    countries: tuple[str, ...]
    country_weights: np.ndarray
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    trades: tuple[str, ...]


def _weights(table: dict[str, float], names: tuple[str, ...]) -> np.ndarray:
    unknown = set(table) - set(names)
    if unknown:
        raise ValueError(f"demo recipe: unknown values {sorted(unknown)}")
    w = np.array([table.get(n, 0.0) for n in names], dtype=float)
    return w / w.sum()


def _day(d: date) -> int:
    return (d - date(2025, 1, 1)).days


def _slot(raw: dict) -> Slot:
    tier = raw["tier"]
    return Slot(
        tier=tier,
        creators=int(raw["creators"]),
        posts=float(raw["posts"]),
        followers=tuple(raw.get("followers", TIER_RANGES[tier])),
        segment=SEGMENTS.index(raw.get("segment", "creator")),
        rate_factor=float(raw.get("rate_factor", 1.0)),
        pricing=_weights(raw["pricing"], PRICING_MODELS),
        platforms=_weights(raw["platforms"], PLATFORMS),
    )


def _campaign(raw: dict) -> CampaignRecipe:
    slots = tuple(_slot(s) for s in raw["slots"])
    if len({(s.tier, s.segment) for s in slots}) != len(slots):
        raise ValueError(f"demo recipe: {raw['title']} has two slots of one tier")
    discounts = tuple(int(d) for d in raw["discounts"])
    if not all(10 <= d <= 99 for d in discounts):
        raise ValueError("demo recipe: discounts are two-digit percentages")  # codes rely on it
    return CampaignRecipe(
        title=raw["title"],
        brand=raw["brand"],
        category=raw["category"],
        niche=raw["niche"],
        objective=OBJECTIVES.index(raw["objective"]),
        start=_day(raw["start"]),
        end=_day(raw["end"]),
        spend_vs_budget=float(raw["spend_vs_budget"]),
        code_share=float(raw["code_share"]),
        commission=raw["commission"],
        discounts=discounts,
        refund_rate=float(raw["refund_rate"]),
        product_value=float(raw.get("product_value", 0.0)),
        product_share=float(raw.get("product_share", 0.0)),
        agency_share=float(raw.get("agency_share", 0.0)),
        ads_share=float(raw.get("ads_share", 0.0)),
        boost_share=float(raw.get("boost_share", 0.0)),
        bonus_share=float(raw.get("bonus_share", 0.0)),
        repeat_share=float(raw.get("repeat_share", 0.2)),
        dropout=float(raw.get("dropout", 0.02)),
        slots=slots,
    )


def load_recipe(path: Path = RECIPE_FILE) -> Recipe:
    """Read the campaign recipe (brands, campaigns, slots, people) from TOML."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    people = raw["people"]
    countries = tuple(people["countries"])
    return Recipe(
        campaigns=tuple(_campaign(c) for c in raw["campaign"]),
        brands=raw["brands"],
        order_value=raw["order_value"],
        countries=countries,
        country_weights=_weights(people["countries"], countries),
        first_names=tuple(people["first_names"]),
        last_names=tuple(people["last_names"]),
        trades=tuple(people["trades"]),
    )


# --- curves and draws ----------------------------------------------------------------------


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
        table[P[platform]] = np.cumsum(_weights(shares, CONTENT_TYPES))
    table[:, -1] = 1.0
    return table


CONTENT_CUM = _cumulative(CONTENT_MIX)
VIDEO_CUM = _cumulative({p: VIDEO_MIX.get(p, {}) for p in PLATFORMS})
SPLIT = np.array([ENGAGEMENT_SPLIT[p] for p in PLATFORMS])
HOUR_P = np.array(HOUR_WEIGHTS) / sum(HOUR_WEIGHTS)


def _pick(rng: np.random.Generator, cumulative: np.ndarray) -> np.ndarray:
    """One category per row of a (n, k) cumulative probability table."""
    u = rng.random(cumulative.shape[0])
    return np.minimum((u[:, None] > cumulative).sum(axis=1), cumulative.shape[1] - 1)


def _lognormal(rng: np.random.Generator, sigma: float, n: int) -> np.ndarray:
    """Multiplicative noise with median 1."""
    return rng.lognormal(0.0, sigma, n)


def _round_to(values: np.ndarray, step_usd: float) -> np.ndarray:
    """USD amounts rounded to a step, as integer cents."""
    cents = round(step_usd * 100)
    return (np.maximum(np.round(values / step_usd), 1) * cents).astype(np.int64)


# --- the plan: campaigns, creators, placements, codes --------------------------------------


class CreatorPool:
    """Creators drawn as campaigns need them; arrays indexed by creator number - 1."""

    def __init__(self) -> None:
        self._parts: dict[str, list[np.ndarray]] = {}
        self.count = 0
        self._used: dict[tuple[str, str, int], list[np.ndarray]] = {}

    def hire(
        self,
        rng: np.random.Generator,
        recipe: Recipe,
        campaign: CampaignRecipe,
        slot: Slot,
        n: int,
        start: int,
    ) -> np.ndarray:
        """Creator indices for a slot: some hired before in the niche, the rest new."""
        key = (campaign.niche, slot.tier, slot.segment)
        used = np.concatenate(self._used.get(key, [np.empty(0, np.int64)]))
        n_again = min(round(n * campaign.repeat_share), used.size)
        again = np.sort(rng.choice(used, n_again, replace=False)) if n_again else used[:0]
        new = self._new(rng, recipe, campaign, slot, n - n_again, start)
        self._used.setdefault(key, []).append(new)
        return np.concatenate([again, new])

    def _new(
        self,
        rng: np.random.Generator,
        recipe: Recipe,
        campaign: CampaignRecipe,
        slot: Slot,
        n: int,
        start: int,
    ) -> np.ndarray:
        lo, hi = slot.followers
        # log-uniform, tilted to the low end of the range: small accounts are commoner
        at_start = lo * (hi / lo) ** (rng.random(n) ** 1.4)
        growth = rng.normal(*FOLLOWER_GROWTH, n)
        columns = {
            "followers_now": at_start * np.exp(growth * (FOLLOWERS_AS_OF - start) / 365),
            "growth": growth,
            "platform": rng.choice(len(PLATFORMS), n, p=slot.platforms),
            "niche": np.full(n, campaign.niche, dtype=object),
            "country": rng.choice(len(recipe.countries), n, p=recipe.country_weights),
            "first": rng.integers(0, len(recipe.first_names), n),
            "last": rng.integers(0, len(recipe.last_names), n),
            "trade": rng.integers(0, len(recipe.trades), n),
            "segment": np.full(n, slot.segment),
        }
        for name, values in columns.items():
            self._parts.setdefault(name, []).append(values)
        ids = np.arange(self.count, self.count + n)
        self.count += n
        return ids

    def freeze(self) -> dict[str, np.ndarray]:
        return {name: np.concatenate(parts) for name, parts in self._parts.items()}


@dataclass
class CampaignPlan:
    """One campaign and its placements (arrays indexed by placement)."""

    num: int
    wave: int
    recipe: CampaignRecipe
    name: str
    brand: str
    start: int
    end: int
    creator: np.ndarray
    pricing: np.ndarray
    n_posts: np.ndarray
    product: np.ndarray  # bool: product sent
    price_noise: np.ndarray  # negotiated price against the rate card
    fit: np.ndarray  # audience fit: multiplies orders per reach
    code: np.ndarray  # global code number, -1 = no code
    discount: np.ndarray  # percent, 0 = no code


@dataclass
class Plan:
    campaigns: list[CampaignPlan]
    creators: dict[str, np.ndarray]
    codes: pd.DataFrame  # code_num, c, i, discount, rate, flat


def _wave_dates(rng: np.random.Generator, c: CampaignRecipe, wave: int) -> tuple[int, int]:
    """The recipe's dates for the first wave; later waves keep the season, give or take
    three weeks, within 2025."""
    length = c.end - c.start
    if wave == 0 or length > 250:
        return c.start, c.end
    start = int(np.clip(c.start + rng.integers(-21, 22), 0, LAST_DAY - length))
    return start, start + length


def _wave_naming(recipe: Recipe, c: CampaignRecipe, wave: int) -> tuple[str, str]:
    if wave == 0:
        return c.title, c.brand
    brands = recipe.brands[c.category]
    brand = brands[(brands.index(c.brand) + wave) % len(brands)]
    return f"{c.title} · wave {wave + 1}", brand


def _plan_placements(
    rng: np.random.Generator,
    recipe: Recipe,
    pool: CreatorPool,
    c: CampaignRecipe,
    size: float,
    start: int,
) -> dict[str, np.ndarray]:
    """Creators, deals and post counts of one campaign's placements."""
    parts: dict[str, list[np.ndarray]] = {}
    for slot in c.slots:
        n = max(1, round(slot.creators * size))
        posts = 1 + rng.poisson(max(slot.posts - 1.0, 0.0), n)
        posts[rng.random(n) < c.dropout] = 0  # hired (maybe sent product, a code) but never posted
        pricing = rng.choice(len(PRICING_MODELS), n, p=slot.pricing)
        gifted = pricing == GIFTING
        columns = {
            "creator": pool.hire(rng, recipe, c, slot, n, start),
            "pricing": pricing,
            "n_posts": posts,
            "product": gifted | ((rng.random(n) < c.product_share) & (c.product_value > 0)),
            "price_noise": _lognormal(rng, 0.3, n) * slot.rate_factor,
            "fit": _lognormal(rng, 0.6, n),
            "has_code": rng.random(n) < c.code_share,
            "discount": rng.choice(np.array(c.discounts), n),
        }
        for name, values in columns.items():
            parts.setdefault(name, []).append(values)
    return {name: np.concatenate(values) for name, values in parts.items()}


def _commissions(rng: np.random.Generator, kind: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Commission rate (share of revenue) and flat amount (USD per order); NaN = none."""
    flat_share = {"rate": 0.0, "flat": 1.0, "mix": 0.3}[kind]
    is_flat = rng.random(n) < flat_share
    rate = np.where(is_flat, np.nan, rng.choice(RATE_COMMISSIONS, n))
    flat = np.where(is_flat, rng.choice(FLAT_COMMISSIONS, n), np.nan)
    return rate, flat


def plan_campaigns(recipe: Recipe, scale: float, rng: np.random.Generator) -> Plan:
    """Every campaign with its placements and codes, and the creators they hire."""
    waves = max(1, round(math.sqrt(scale)))
    size = scale / waves
    pool = CreatorPool()
    plans: list[CampaignPlan] = []
    code_parts: list[pd.DataFrame] = []
    n_codes = 0
    for wave in range(waves):
        for c in recipe.campaigns:
            start, end = _wave_dates(rng, c, wave)
            name, brand = _wave_naming(recipe, c, wave)
            pl = _plan_placements(rng, recipe, pool, c, size, start)
            has_code = pl.pop("has_code")
            k = int(has_code.sum())
            code = np.full(has_code.size, -1, dtype=np.int64)
            code[has_code] = np.arange(n_codes, n_codes + k)
            n_codes += k
            num = len(plans) + 1
            rate, flat = _commissions(rng, c.commission, k)
            code_parts.append(
                pd.DataFrame(
                    {
                        "code_num": code[has_code],
                        "c": num,
                        "i": pl["creator"][has_code] + 1,
                        "discount": pl["discount"][has_code],
                        "rate": rate,
                        "flat": flat,
                    }
                )
            )
            pl["discount"] = np.where(has_code, pl["discount"], 0)
            plans.append(CampaignPlan(num, wave, c, name, brand, start, end, code=code, **pl))
    creators = pool.freeze()
    codes = pd.concat(code_parts, ignore_index=True)
    codes["first"] = creators["first"][codes["i"].to_numpy() - 1]
    codes["last"] = creators["last"][codes["i"].to_numpy() - 1]
    return Plan(plans, creators, codes)


# --- posts ---------------------------------------------------------------------------------


@dataclass
class Posts:
    """One campaign's posts: reported columns plus the true values behind them."""

    placement: np.ndarray
    day: np.ndarray
    sec: np.ndarray  # seconds since 2025-01-01
    followers: np.ndarray
    platform: np.ndarray
    content: np.ndarray
    engagements: np.ndarray  # true, float
    reach: np.ndarray  # true, float
    views: np.ndarray  # true, float (reach-based for non-video)
    reported: dict[str, np.ndarray]  # impressions..clicks as int64, -1 = unknown


def followers_on(creators: dict[str, np.ndarray], who: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Followers of creators on given days: current count, drifting back by their growth."""
    drift = np.exp(-creators["growth"][who] * (FOLLOWERS_AS_OF - day) / 365)
    return np.maximum(np.round(creators["followers_now"][who] * drift), 1).astype(np.int64)


def _post_times(rng: np.random.Generator, start: int, end: int, n: int) -> tuple[np.ndarray, ...]:
    day = rng.integers(start, end + 1, n)
    hour = rng.choice(24, n, p=HOUR_P)
    sec = day * DAY + hour * 3600 + rng.integers(0, 3600, n)
    return day, sec


def _engagement_parts(
    rng: np.random.Generator, engagements: np.ndarray, platform: np.ndarray, content: np.ndarray
) -> dict[str, np.ndarray]:
    """Split engagements into likes, comments, shares, saves; -1 where not reported."""
    n = engagements.size
    split = SPLIT[platform] * rng.lognormal(0.0, 0.25, (n, 4))
    split /= np.maximum(split.sum(axis=1, keepdims=True), 1e-12)
    parts = np.round(engagements[:, None] * split).astype(np.int64)
    unreported = SPLIT[platform] == 0  # e.g. saves are private on YouTube and X
    unreported[:, 3] |= np.isin(content, [C["story"], C["live"]])
    parts[unreported] = -1
    parts[rng.random(n) < NO_ENGAGEMENT_DATA] = -1  # no figures sent at all
    return dict(zip(("likes", "comments", "shares", "saves"), parts.T, strict=True))


def _known(rng: np.random.Generator, values: np.ndarray, p: np.ndarray | float) -> np.ndarray:
    """Rounded counts, -1 (unknown) where a draw says the figure was not reported."""
    out = np.round(values).astype(np.int64)
    out[rng.random(values.size) >= p] = -1
    return out


def make_posts(rng: np.random.Generator, plan: CampaignPlan, creators: dict) -> Posts:
    placement = np.repeat(np.arange(plan.creator.size), plan.n_posts)
    n = placement.size
    who = plan.creator[placement]
    day, sec = _post_times(rng, plan.start, plan.end, n)
    followers = followers_on(creators, who, day)
    platform = creators["platform"][who]
    paid_per_view = plan.pricing[placement] == PER_VIEWS
    content = np.where(
        paid_per_view, _pick(rng, VIDEO_CUM[platform]), _pick(rng, CONTENT_CUM[platform])
    )
    viral = np.where(rng.random(n) < VIRAL_RATE, np.exp(rng.uniform(np.log(5), np.log(30), n)), 1)
    er = median_er(followers) * np.take(ER_PLATFORM, platform) * np.take(ER_CONTENT, content)
    engagements = followers * er * _lognormal(rng, ER_NOISE, n) * viral
    reach = followers * reach_rate(followers) * _lognormal(rng, 0.35, n) * viral**0.8
    reach *= np.take(REACH_PLATFORM, platform) * np.take(REACH_CONTENT, content)
    views = reach * rng.uniform(1.3, 2.5, n)
    is_video = VIDEO_CONTENT[content]
    ctr = CTR_OBJECTIVE[plan.recipe.objective] * np.take(CTR_CONTENT, content)
    reported = {
        "impressions": _known(
            rng, reach * rng.uniform(1.1, 1.7, n), np.take(IMPRESSIONS_KNOWN, platform)
        ),
        "reach": _known(rng, reach, REACH_KNOWN),
        "views": _known(rng, views, np.where(is_video, VIEWS_KNOWN, 0.0)),
        "clicks": _known(rng, reach * ctr * _lognormal(rng, 0.5, n), CLICKS_KNOWN),
    }
    reported |= _engagement_parts(rng, engagements, platform, content)
    by_time = np.argsort(sec, kind="stable")  # post ids follow the calendar
    return Posts(
        *(a[by_time] for a in (placement, day, sec, followers, platform, content)),
        *(a[by_time] for a in (engagements, reach, views)),
        reported={k: v[by_time] for k, v in reported.items()},
    )


# --- orders --------------------------------------------------------------------------------


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
    gross = order_value * _lognormal(rng, 0.55, n)
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


# --- spend ---------------------------------------------------------------------------------

SPEND_COLUMNS = ("placement", "post", "day", "category", "cents", "pricing", "note")


def _rows(**columns: np.ndarray | int) -> dict[str, np.ndarray]:
    """Spend rows as arrays; scalars broadcast; placement/post/pricing -1 = none."""
    sizes = [np.size(v) for v in columns.values() if np.ndim(v) > 0]
    n = max(sizes) if sizes else 1
    return {k: np.broadcast_to(np.asarray(columns.get(k, -1)), (n,)) for k in SPEND_COLUMNS}


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
    product_usd = plan.recipe.product_value * _lognormal(rng, 0.35, sent.size)
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


# --- writing -------------------------------------------------------------------------------


def _categorical(codes: np.ndarray, names: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=list(names))


@dataclass
class IdFormats:
    """printf formats of the readable ids: c01, i00001, p0000001, s000001, o0000001."""

    campaign: str
    influencer: str
    post: str
    spend: str
    order: str

    @classmethod
    def for_plan(cls, plan: Plan, scale: float) -> IdFormats:
        def width(n: float, least: int) -> int:
            return max(least, len(str(int(n))))

        posts = sum(int(c.n_posts.sum()) for c in plan.campaigns)
        return cls(
            campaign=f"c%0{width(len(plan.campaigns), 2)}d",
            influencer=f"i%0{width(plan.creators['growth'].size, 5)}d",
            post=f"p%0{width(posts, 7)}d",
            spend=f"s%0{width(10_000 * scale, 6)}d",
            order=f"o%0{width(40_000 * scale, 7)}d",
        )


class Writer:
    """Bulk inserts of generated arrays; ids are numbered here and formatted by DuckDB."""

    def __init__(self, con: duckdb.DuckDBPyConnection, ids: IdFormats) -> None:
        self.con = con
        self.ids = ids
        self.posts = 0
        self.spend = 0
        self.orders = 0

    def _insert(self, sql: str, frame: pd.DataFrame, **params: object) -> None:
        self.con.register("demo_block", frame)
        try:
            self.con.execute(sql, params)
        finally:
            self.con.unregister("demo_block")

    def lookups(self, recipe: Recipe) -> None:
        for name, values in (
            ("demo_first", recipe.first_names),
            ("demo_last", recipe.last_names),
            ("demo_trade", recipe.trades),
        ):
            frame = pd.DataFrame({"idx": np.arange(len(values)), "name": list(values)})
            self._insert(f"CREATE TEMP TABLE {name} AS SELECT * FROM demo_block", frame)

    def influencers(self, creators: dict[str, np.ndarray], recipe: Recipe) -> None:
        n = creators["growth"].size
        frame = pd.DataFrame(
            {
                "i": np.arange(1, n + 1),
                "platform": _categorical(creators["platform"], PLATFORMS),
                "followers": np.round(creators["followers_now"]).astype(np.int64),
                "niche": creators["niche"].astype(str),
                "country": _categorical(creators["country"], recipe.countries),
                "first": creators["first"],
                "last": creators["last"],
                "trade": creators["trade"],
                "segment": creators["segment"],
            }
        )
        # owners go by their shop ("@annabakes"), others by name ("@anna.bauer"); a repeated
        # handle gets a number
        self._insert(
            """
            INSERT INTO influencers
            WITH named AS (
                SELECT b.*, f.name AS first_name, l.name AS last_name,
                    CASE WHEN b.segment = 2 THEN lower(f.name) || t.name
                         ELSE lower(f.name) || '.' || lower(l.name) END AS base
                FROM demo_block AS b
                JOIN demo_first AS f ON f.idx = b.first
                JOIN demo_last AS l ON l.idx = b.last
                JOIN demo_trade AS t ON t.idx = b.trade
            )
            SELECT printf($fmt, i),
                '@' || base || CASE WHEN row_number() OVER (PARTITION BY base ORDER BY i) > 1
                    THEN CAST(row_number() OVER (PARTITION BY base ORDER BY i) AS VARCHAR)
                    ELSE '' END,
                platform, followers, niche, country, first_name || ' ' || last_name
            FROM named
            """,
            frame,
            fmt=self.ids.influencer,
        )

    def codes(self, codes: pd.DataFrame) -> None:
        """Codes read FIRSTNAME + discount ("ANNA10"); FIRSTLAST10 when taken, then a number."""
        self._insert(
            """
            CREATE TEMP TABLE demo_codes AS
            WITH named AS (
                SELECT b.*, upper(f.name) || b.discount AS c1,
                    upper(f.name) || upper(l.name) || b.discount AS c2
                FROM demo_block AS b
                JOIN demo_first AS f ON f.idx = b.first
                JOIN demo_last AS l ON l.idx = b.last
            ),
            first_pass AS (
                SELECT *, row_number() OVER (PARTITION BY c1 ORDER BY code_num) AS r1 FROM named
            ),
            second_pass AS (
                SELECT *, row_number() OVER (PARTITION BY c2, r1 = 1 ORDER BY code_num) AS r2
                FROM first_pass
            )
            SELECT code_num, c, i, discount, rate, flat,
                CASE WHEN r1 = 1 THEN c1 WHEN r2 = 1 THEN c2 ELSE c2 || r2 END AS code
            FROM second_pass
            """,
            codes,
        )
        self.con.execute(
            """
            INSERT INTO affiliate_codes
            SELECT code, printf($c, c), printf($i, i), rate, flat, discount / 100
            FROM demo_codes
            """,
            {"c": self.ids.campaign, "i": self.ids.influencer},
        )

    def posts_block(self, plan: CampaignPlan, posts: Posts) -> None:
        n = posts.placement.size
        frame = pd.DataFrame(
            {
                "n": np.arange(self.posts + 1, self.posts + n + 1),
                "i": plan.creator[posts.placement] + 1,
                "posted_at": YEAR_START + posts.sec.astype("timedelta64[s]"),
                "platform": _categorical(posts.platform, PLATFORMS),
                "content_type": _categorical(posts.content, CONTENT_TYPES),
                "followers": posts.followers,
                **posts.reported,
            }
        )
        self._insert(
            """
            INSERT INTO posts
            SELECT printf($p, n), printf($c, $num::BIGINT), printf($i, i), posted_at, platform,
                content_type, followers, nullif(impressions, -1), nullif(reach, -1),
                nullif(views, -1), nullif(likes, -1), nullif(comments, -1), nullif(shares, -1),
                nullif(saves, -1), nullif(clicks, -1), NULL
            FROM demo_block
            """,
            frame,
            p=self.ids.post,
            c=self.ids.campaign,
            i=self.ids.influencer,
            num=plan.num,
        )

    def spend_block(self, plan: CampaignPlan, rows: dict[str, np.ndarray], post_base: int) -> None:
        n = rows["day"].size
        placement = rows["placement"]
        frame = pd.DataFrame(
            {
                "n": np.arange(self.spend + 1, self.spend + n + 1),
                "i": np.where(placement >= 0, plan.creator[placement] + 1, -1),
                "post": np.where(rows["post"] >= 0, rows["post"] + post_base + 1, -1),
                "day": rows["day"].astype(np.int32),
                "category": _categorical(rows["category"], CATEGORIES),
                "cents": rows["cents"],
                "pricing": _categorical(rows["pricing"], PRICING_MODELS),
                "note": _categorical(rows["note"], NOTES),
            }
        )
        self._insert(
            """
            INSERT INTO spend
            SELECT printf($s, n), printf($c, $num::BIGINT),
                CASE WHEN i > 0 THEN printf($i, i) END,
                CASE WHEN post > 0 THEN printf($p, post) END,
                DATE '2025-01-01' + day, category, CAST(cents AS DECIMAL(18, 2)) * 0.01,
                pricing, 'USD', note
            FROM demo_block
            """,
            frame,
            s=self.ids.spend,
            c=self.ids.campaign,
            i=self.ids.influencer,
            p=self.ids.post,
            num=plan.num,
        )
        self.spend += n

    def orders_block(self, orders: Orders) -> None:
        n = orders.sec.size
        frame = pd.DataFrame(
            {
                "n": np.arange(self.orders + 1, self.orders + n + 1),
                "code_num": orders.code,
                "ordered_at": YEAR_START + orders.sec.astype("timedelta64[s]"),
                "cents": orders.cents,
                "refunded": orders.refunded,
            }
        )
        self._insert(
            """
            INSERT INTO orders
            SELECT printf($o, b.n), k.code, b.ordered_at, CAST(b.cents AS DECIMAL(18, 2)) * 0.01,
                b.refunded, 'USD'
            FROM demo_block AS b JOIN demo_codes AS k USING (code_num)
            """,
            frame,
            o=self.ids.order,
        )
        self.orders += n

    def campaigns(self, plans: list[CampaignPlan], budgets: list[int]) -> None:
        frame = pd.DataFrame(
            {
                "c": [p.num for p in plans],
                "name": [p.name for p in plans],
                "brand": [p.brand for p in plans],
                "objective": _categorical([p.recipe.objective for p in plans], OBJECTIVES),
                "start_day": np.array([p.start for p in plans], dtype=np.int32),
                "end_day": np.array([p.end for p in plans], dtype=np.int32),
                "cents": np.array(budgets, dtype=np.int64),
            }
        )
        self._insert(
            """
            INSERT INTO campaigns
            SELECT printf($c, c), name, brand, objective, DATE '2025-01-01' + start_day,
                DATE '2025-01-01' + end_day, CAST(cents AS DECIMAL(18, 2)) * 0.01
            FROM demo_block
            """,
            frame,
            c=self.ids.campaign,
        )


# --- the whole build -----------------------------------------------------------------------

TABLES = ("influencers", "campaigns", "posts", "spend", "affiliate_codes", "orders")


def _remove_database(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def _write_campaign(
    rng: np.random.Generator, writer: Writer, plan: CampaignPlan, creators: dict, recipe: Recipe
) -> int:
    """Posts, orders and spend of one campaign; returns its spend in cents."""
    posts = make_posts(rng, plan, creators)
    orders = make_orders(rng, plan, posts, recipe.order_value[plan.recipe.category])
    spend = make_spend(rng, plan, posts, orders, creators)
    post_base = writer.posts
    writer.posts_block(plan, posts)
    writer.posts += posts.placement.size
    writer.orders_block(orders)
    writer.spend_block(plan, spend, post_base)
    return int(spend["cents"].sum())


def build_demo(
    path: Path,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Replace the database at `path` with the demo agency; return row counts per table.

    `scale` 1 gives about 10,000 posts; posts, creators and orders grow linearly with it.
    The same seed and scale always give the same contents. `progress(fraction, message)`
    is called after each campaign.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    rng = np.random.default_rng(seed)
    recipe = load_recipe()
    plan = plan_campaigns(recipe, scale, rng)
    _remove_database(path)
    con = db.connect_rw(path)
    try:
        writer = Writer(con, IdFormats.for_plan(plan, scale))
        with db.transaction(con):
            writer.lookups(recipe)
            writer.influencers(plan.creators, recipe)
            writer.codes(plan.codes)
            budgets = []
            for k, campaign in enumerate(plan.campaigns, start=1):
                spent = _write_campaign(rng, writer, campaign, plan.creators, recipe)
                budgets.append(budget_cents(rng, campaign, spent))
                if progress:
                    progress(k / len(plan.campaigns), f"{campaign.name} ({campaign.brand})")
            writer.campaigns(plan.campaigns, budgets)
            db.set_setting(con, "demo", "true")
            db.set_setting(con, "demo_scale", f"{scale:g}")
            db.set_setting(con, "demo_seed", str(seed))
            for table in ("demo_first", "demo_last", "demo_trade", "demo_codes"):
                con.execute(f"DROP TABLE {table}")
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
