"""The demo agency: a deterministic, realistic dataset for the dashboard.

`build_demo(path, scale, seed)` replaces the file at `path` with a new database
holding one year (2025) of a made-up influencer-marketing agency: brands,
campaigns, creators, posts, spend, affiliate codes and orders. The campaigns come
from `data/demo_recipe.toml`; the numbers come from the calibration (calibration.py), so
every figure the dashboard shows (ER by tier, cost per post, ROAS, micro vs macro)
is computed from generated rows, never written in.

How it is built (one module per step)
- A plan first (campaigns.py, drawing creators from people.py by recipe.py): every
  campaign (and, past scale 1, its later "waves") with its placements (one creator
  in one campaign), their pricing model, post count and affiliate code. Creators
  are drawn as the plan needs them, and some are hired again in a later campaign
  of the same niche.
- Then, campaign by campaign, posts -> orders -> spend (posts.py, orders.py,
  spend.py), all numpy arrays, bulk inserted as DataFrames with ids formatted by
  DuckDB (writer.py; build.py runs it all). Nothing loops over rows in Python; the
  loops are over campaigns and slots.
- One numpy Generator seeded with `seed` drives every draw, in a fixed order, so
  the same seed and scale give the same database.

Scale: posts and orders grow linearly with `scale` (about 10,000 posts and 22,000
orders per unit; scale 50 builds in about 8 s on 2 cores). Past scale 1 each recipe
campaign runs in round(sqrt(scale)) waves, each scale / waves times the size of the
recipe's, and later waves hire at least [waves] repeat_share of their creators again,
so creators grow a little slower: 753 at scale 1, about 490,000 at scale 1000.
"""

from __future__ import annotations

from campaign_roi.demo.build import DEFAULT_SEED, TABLES, Progress, build_demo
from campaign_roi.demo.recipe import RECIPE_FILE, load_recipe
from campaign_roi.demo.vocabulary import (
    CATEGORIES,
    CONTENT_TYPES,
    OBJECTIVES,
    PLATFORMS,
    PRICING_MODELS,
)

__all__ = [
    "CATEGORIES",
    "CONTENT_TYPES",
    "DEFAULT_SEED",
    "OBJECTIVES",
    "PLATFORMS",
    "PRICING_MODELS",
    "RECIPE_FILE",
    "TABLES",
    "Progress",
    "build_demo",
    "load_recipe",
]
