"""The plan: every campaign (and, past scale 1, its later waves) with its placements
(one creator in one campaign), their deals and post counts, and the affiliate codes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from campaign_roi.demo.calibration import FLAT_COMMISSIONS, RATE_COMMISSIONS
from campaign_roi.demo.curves import lognormal
from campaign_roi.demo.people import CreatorPool
from campaign_roi.demo.recipe import CampaignRecipe, Recipe
from campaign_roi.demo.vocabulary import GIFTING, LAST_DAY, PRICING_MODELS


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
    repeat_share: float,
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
            "creator": pool.hire(rng, recipe, c, slot, n, start, repeat_share),
            "pricing": pricing,
            "n_posts": posts,
            "product": gifted | ((rng.random(n) < c.product_share) & (c.product_value > 0)),
            "price_noise": lognormal(rng, 0.3, n) * slot.rate_factor,
            "fit": lognormal(rng, 0.6, n),
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
            # later waves hire more creators again: an agency's roster grows slower than its work
            repeat = c.repeat_share if wave == 0 else max(c.repeat_share, recipe.wave_repeat_share)
            pl = _plan_placements(rng, recipe, pool, c, size, start, repeat)
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
