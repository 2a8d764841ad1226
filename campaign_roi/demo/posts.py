"""One campaign's posts: when, on what, how many followers, and what was reported."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from campaign_roi.demo.calibration import (
    CLICKS_KNOWN,
    CTR_CONTENT,
    CTR_OBJECTIVE,
    ER_CONTENT,
    ER_NOISE,
    ER_PLATFORM,
    IMPRESSIONS_KNOWN,
    NO_ENGAGEMENT_DATA,
    REACH_CONTENT,
    REACH_KNOWN,
    REACH_PLATFORM,
    VIDEO_CONTENT,
    VIEWS_KNOWN,
    VIRAL_RATE,
)
from campaign_roi.demo.campaigns import CampaignPlan
from campaign_roi.demo.curves import (
    CONTENT_CUM,
    HOUR_P,
    SPLIT,
    VIDEO_CUM,
    lognormal,
    median_er,
    pick,
    reach_rate,
)
from campaign_roi.demo.people import followers_on
from campaign_roi.demo.vocabulary import DAY, PER_VIEWS, C


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
        paid_per_view, pick(rng, VIDEO_CUM[platform]), pick(rng, CONTENT_CUM[platform])
    )
    viral = np.where(rng.random(n) < VIRAL_RATE, np.exp(rng.uniform(np.log(5), np.log(30), n)), 1)
    er = median_er(followers) * np.take(ER_PLATFORM, platform) * np.take(ER_CONTENT, content)
    engagements = followers * er * lognormal(rng, ER_NOISE, n) * viral
    reach = followers * reach_rate(followers) * lognormal(rng, 0.35, n) * viral**0.8
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
        "clicks": _known(rng, reach * ctr * lognormal(rng, 0.5, n), CLICKS_KNOWN),
    }
    reported |= _engagement_parts(rng, engagements, platform, content)
    by_time = np.argsort(sec, kind="stable")  # post ids follow the calendar
    return Posts(
        *(a[by_time] for a in (placement, day, sec, followers, platform, content)),
        *(a[by_time] for a in (engagements, reach, views)),
        reported={k: v[by_time] for k, v in reported.items()},
    )
