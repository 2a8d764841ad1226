"""The data contract (DATA_CONTRACT.md) as data: six tables, their columns and rules.

One source of truth for the importer, the Data page's templates and the docs. The
SQL types here match data/schema.sql; a test keeps the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Value kinds and the DuckDB type each is stored as.
SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "money": "DECIMAL(18,2)",
    "rate": "DECIMAL(9,6)",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "boolean": "BOOLEAN",
}

KIND_WORDS: dict[str, str] = {
    "text": "text",
    "integer": "a whole number",
    "money": "an amount of money",
    "rate": "a rate between 0 and 1 (or 0% to 100%)",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date or date and time (YYYY-MM-DD or YYYY-MM-DD HH:MM)",
    "boolean": "yes or no (true/false, 1/0)",
}

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
OBJECTIVES = ("awareness", "engagement", "traffic", "sales", "other")
CATEGORIES = ("fee", "product", "bonus", "agency", "ads", "other")
PRICING_MODELS = ("per_post", "per_thousand_views", "package", "gifting", "other")


@dataclass(frozen=True)
class Column:
    """One contract column. `references` names the table whose key the value must be."""

    name: str
    kind: str
    required: bool = False
    allowed: tuple[str, ...] | None = None
    references: str | None = None
    upper: bool = False  # stored upper-cased (affiliate codes are unique case-insensitively)
    currency: bool = False  # must equal the reporting currency
    default: object = None  # stored when the cell is empty
    rule: str = ""

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _counts(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "integer", rule="≥ 0; empty means unknown, not zero") for n in names)


INFLUENCERS = Table(
    "influencers",
    "influencer_id",
    (
        Column("influencer_id", "text", required=True, rule="unique"),
        Column("handle", "text", required=True),
        Column("platform", "text", required=True, allowed=PLATFORMS),
        Column("followers", "integer", required=True, rule="≥ 0, current count"),
        Column("niche", "text", rule="e.g. food, travel, fitness"),
        Column("country", "text", rule="ISO 3166 alpha-2"),
        Column("name", "text", rule="display name"),
    ),
)

CAMPAIGNS = Table(
    "campaigns",
    "campaign_id",
    (
        Column("campaign_id", "text", required=True, rule="unique"),
        Column("name", "text", required=True),
        Column("brand", "text"),
        Column("objective", "text", allowed=OBJECTIVES),
        Column("start_date", "date"),
        Column("end_date", "date", rule="≥ start_date"),
        Column("budget", "money", rule="≥ 0"),
    ),
)

POSTS = Table(
    "posts",
    "post_id",
    (
        Column("post_id", "text", required=True, rule="unique"),
        Column("campaign_id", "text", required=True, references="campaigns"),
        Column("influencer_id", "text", required=True, references="influencers"),
        Column("posted_at", "datetime", required=True),
        Column("platform", "text", allowed=PLATFORMS, rule="defaults to the creator's platform"),
        Column("content_type", "text", allowed=CONTENT_TYPES),
        Column("followers_at_post", "integer", rule="≥ 0; defaults to the creator's followers"),
        *_counts("impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks"),
        Column("url", "text"),
    ),
)

SPEND = Table(
    "spend",
    "spend_id",
    (
        Column("spend_id", "text", required=True, rule="unique"),
        Column("campaign_id", "text", required=True, references="campaigns"),
        Column("influencer_id", "text", references="influencers", rule="empty = campaign overhead"),
        Column("post_id", "text", references="posts", rule="belongs to that creator and campaign"),
        Column("spent_on", "date", required=True),
        Column("category", "text", required=True, allowed=CATEGORIES),
        Column("amount", "money", required=True, rule="≥ 0"),
        Column("pricing_model", "text", allowed=PRICING_MODELS),
        Column("currency", "text", currency=True, rule="must equal the reporting currency"),
        Column("note", "text"),
    ),
)

AFFILIATE_CODES = Table(
    "affiliate_codes",
    "code",
    (
        Column("code", "text", required=True, upper=True, rule="unique, case-insensitive"),
        Column("campaign_id", "text", required=True, references="campaigns"),
        Column("influencer_id", "text", required=True, references="influencers"),
        Column("commission_rate", "rate", rule='0 – 1 ("8%" reads as 0.08)'),
        Column("commission_flat", "money", rule="≥ 0, per order"),
        Column("discount_rate", "rate", rule="0 – 1"),
    ),
)

ORDERS = Table(
    "orders",
    "order_id",
    (
        Column("order_id", "text", required=True, rule="unique"),
        Column(
            "code",
            "text",
            required=True,
            upper=True,
            references="affiliate_codes",
            rule="exists in affiliate_codes (case-insensitive)",
        ),
        Column("ordered_at", "datetime", required=True),
        Column("revenue", "money", required=True, rule="≥ 0, net of discount"),
        Column("refunded", "boolean", default=False, rule="default false"),
        Column("currency", "text", currency=True, rule="must equal the reporting currency"),
    ),
)

# The order tables are written in: every table after the ones it references.
TABLE_ORDER: tuple[str, ...] = (
    "influencers",
    "campaigns",
    "posts",
    "spend",
    "affiliate_codes",
    "orders",
)
TABLES: dict[str, Table] = {
    t.name: t for t in (INFLUENCERS, CAMPAIGNS, POSTS, SPEND, AFFILIATE_CODES, ORDERS)
}

_SEPARATORS = re.compile(r"[\s\-_]+")


def normalise_name(name: str) -> str:
    """Column and table names match case-insensitively; spaces, dashes, underscores alike."""
    return _SEPARATORS.sub("_", str(name).strip().lower()).strip("_")


def table_for_name(name: str) -> str | None:
    """The contract table a name (a file stem, a sheet) stands for, if any."""
    wanted = normalise_name(name)
    return wanted if wanted in TABLES else None


def match_columns(table: str, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """Contract column -> source header for the headers that match; and the unknown headers."""
    known = {normalise_name(c): c for c in TABLES[table].column_names}
    matched: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        column = known.get(normalise_name(header))
        if column is None or column in matched:
            unknown.append(header)
        else:
            matched[column] = header
    return matched, unknown


def tables_with_required(headers: list[str]) -> list[str]:
    """The tables whose required columns all appear among `headers`."""
    present = {normalise_name(h) for h in headers}
    return [t for t in TABLE_ORDER if set(TABLES[t].required) <= present]


def template_csv(table: str) -> str:
    """An empty CSV for a table: just the header row, in contract order."""
    return ",".join(TABLES[table].column_names) + "\n"


def describe(table: str) -> list[dict[str, str]]:
    """The table's columns as rows for docs and the Data page: name, type, required, rule."""
    rows = []
    for column in TABLES[table].columns:
        rule = ", ".join(column.allowed) if column.allowed else column.rule
        if column.references and not rule:
            rule = f"exists in {column.references}"
        rows.append(
            {
                "column": column.name,
                "type": column.kind,
                "required": "yes" if column.required else "",
                "rule": rule,
            }
        )
    return rows
