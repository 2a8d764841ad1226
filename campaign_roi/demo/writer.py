"""Writing the generated arrays: bulk inserts, with readable ids formatted by DuckDB."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from campaign_roi.demo.campaigns import CampaignPlan, Plan
from campaign_roi.demo.orders import Orders
from campaign_roi.demo.posts import Posts
from campaign_roi.demo.recipe import Recipe
from campaign_roi.demo.vocabulary import (
    CATEGORIES,
    CONTENT_TYPES,
    NOTES,
    OBJECTIVES,
    PLATFORMS,
    PRICING_MODELS,
    YEAR_START,
)


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
