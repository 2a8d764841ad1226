"""The campaign recipe: brands, campaigns, their slots of creators, and people, from TOML."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from campaign_roi.demo.vocabulary import (
    OBJECTIVES,
    PLATFORMS,
    PRICING_MODELS,
    SEGMENTS,
    TIER_RANGES,
    weights_over,
)
from campaign_roi.paths import DATA_DIR

RECIPE_FILE = DATA_DIR / "demo_recipe.toml"


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
    wave_repeat_share: float = 0.0  # least share hired again in a campaign's later waves


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
        pricing=weights_over(raw["pricing"], PRICING_MODELS),
        platforms=weights_over(raw["platforms"], PLATFORMS),
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
        country_weights=weights_over(people["countries"], countries),
        first_names=tuple(people["first_names"]),
        last_names=tuple(people["last_names"]),
        trades=tuple(people["trades"]),
        wave_repeat_share=float(raw.get("waves", {}).get("repeat_share", 0.0)),
    )
