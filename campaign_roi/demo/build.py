"""The whole build: plan, then campaign by campaign posts, orders and spend, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from campaign_roi import aggregates, db
from campaign_roi.demo.campaigns import CampaignPlan, plan_campaigns
from campaign_roi.demo.orders import make_orders
from campaign_roi.demo.posts import make_posts
from campaign_roi.demo.recipe import Recipe, load_recipe
from campaign_roi.demo.spend import budget_cents, make_spend
from campaign_roi.demo.writer import IdFormats, Writer

DEFAULT_SEED = 20251122
Progress = Callable[[float, str], None]


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

    `scale` 1 gives about 10,000 posts; posts and orders grow linearly with it, creators
    a little slower (later waves hire some again).
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
            aggregates.refresh(con)
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()
