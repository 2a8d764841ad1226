"""The calibration: the published rates every generated figure is drawn around.

Engagement and reach by followers, platform and content; click-through by objective;
prices by followers; order rates; what platforms report; content mixes; posting hours;
follower growth and commissions. Figures the dashboard shows come from rows drawn
with these, never written in."""

from __future__ import annotations

import numpy as np

from campaign_roi.demo.vocabulary import CONTENT_TYPES

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
