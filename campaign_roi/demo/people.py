"""Creators: drawn as campaigns need them, some hired again, and their followers on a day."""

from __future__ import annotations

import numpy as np

from campaign_roi.demo.calibration import FOLLOWER_GROWTH
from campaign_roi.demo.recipe import CampaignRecipe, Recipe, Slot
from campaign_roi.demo.vocabulary import FOLLOWERS_AS_OF, PLATFORMS


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
        repeat_share: float | None = None,
    ) -> np.ndarray:
        """Creator indices for a slot: some hired before in the niche, the rest new.

        `repeat_share` (default: the campaign's) is the share hired again."""
        key = (campaign.niche, slot.tier, slot.segment)
        used = np.concatenate(self._used.get(key, [np.empty(0, np.int64)]))
        share = campaign.repeat_share if repeat_share is None else repeat_share
        n_again = min(round(n * share), used.size)
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


def followers_on(creators: dict[str, np.ndarray], who: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Followers of creators on given days: current count, drifting back by their growth."""
    drift = np.exp(-creators["growth"][who] * (FOLLOWERS_AS_OF - day) / 365)
    return np.maximum(np.round(creators["followers_now"][who] * drift), 1).astype(np.int64)
