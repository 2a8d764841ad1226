"""The demo's fixed vocabulary: the contract's allowed values (the generator stores
indices into them), spend notes, tier ranges, and the 2025 calendar in day indices."""

from __future__ import annotations

import numpy as np

# Allowed values come from the contract; the generator stores indices into these.
from campaign_roi.contract import (  # noqa: F401 - re-exported for the demo modules
    CATEGORIES,
    CONTENT_TYPES,
    OBJECTIVES,
    PLATFORMS,
    PRICING_MODELS,
)

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


def weights_over(table: dict[str, float], names: tuple[str, ...]) -> np.ndarray:
    """Weights over `names` (0 for those `table` leaves out), summing to 1."""
    unknown = set(table) - set(names)
    if unknown:
        raise ValueError(f"demo recipe: unknown values {sorted(unknown)}")
    w = np.array([table.get(n, 0.0) for n in names], dtype=float)
    return w / w.sum()
