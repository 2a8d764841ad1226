"""What the Overview says in words and cards: the headline figures with their change
against the previous period, the micro-vs-macro verdict in one sentence, and the best
and worst campaigns by ROAS. Plain functions of metrics.summary / metrics.compare
results; no Streamlit and no database here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from campaign_roi.formatting import (
    count_compact,
    is_missing,
    money,
    money_compact,
    multiple,
    percent,
)
from campaign_roi.metrics import Filters
from campaign_roi.stats import MIN_PLACEMENTS, Comparison, Estimate

# (label, summary figure, kind of number, delta colour: "inverse" where up is bad)
KPIS = (
    ("Spend (cost)", "cost", "money", "inverse"),
    ("Posts", "posts", "count", "normal"),
    ("Engagements", "engagements", "count", "normal"),
    ("Typical ER", "typical_er", "rate", "normal"),
    ("CPE", "cpe", "unit_money", "inverse"),
    ("Revenue", "revenue", "money", "normal"),
    ("ROAS", "roas", "multiple", "normal"),
    ("ROI", "roi", "percent", "normal"),
)
# What the industry repeats (PRODUCT.md): claims to test, never data. Keyed by the
# comparison field; the value is the claim as a ratio (lift 60% = 1.6x the ER).
CLAIMS = {
    "engagement_lift": ("60% higher engagement", 1.6),
    "cost_efficiency_multiple": ("6.7× more cost efficient", 6.7),
}

# Sums are 0 over an empty period; ratios and medians have no value.
_SUMS = ("posts", "engagements", "cost", "revenue")


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None  # None: no previous period, or nothing to compare
    delta_color: str


def totals(frame: pd.DataFrame) -> dict[str, Any]:
    """The single row of summary("all"), or an empty period's figures."""
    if not frame.empty:
        return frame.iloc[0].to_dict()
    return {name: (0.0 if name in _SUMS else None) for _, name, _, _ in KPIS}


def _value(kind: str, value: Any, currency: str) -> str:
    if kind == "money":
        return money_compact(value, currency)
    if kind == "unit_money":
        return money(value, currency, decimals=3)
    if kind == "count":
        return count_compact(value)
    if kind == "rate":
        return percent(value, 2)
    if kind == "multiple":
        return multiple(value)
    return percent(value)


def delta_text(kind: str, current: Any, previous: Any, currency: str) -> str | None:
    """The change from `previous` to `current` in the card's own unit; "0" for none
    (shown grey); None when either side has no value."""
    if is_missing(current) or is_missing(previous):
        return None
    change = float(current) - float(previous)
    if kind in ("rate", "percent"):  # percentages change by percentage points
        change_pp = round(change * 100, 2 if kind == "rate" else 1)
        if change_pp == 0:
            return "0"
        return f"{change_pp:+.{2 if kind == 'rate' else 1}f} pp"
    # below half the last shown digit, the change reads as none
    smallest = {"money": 0.005, "unit_money": 0.0005, "count": 0.5, "multiple": 0.005}[kind]
    if abs(change) < smallest:
        return "0"
    text = {
        "money": lambda: money_compact(change, currency),
        "unit_money": lambda: money(change, currency, decimals=3),
        "count": lambda: count_compact(change),
        "multiple": lambda: multiple(change),
    }[kind]()
    return text if change < 0 else f"+{text}"


def kpi_cards(current: pd.DataFrame, previous: pd.DataFrame | None, currency: str) -> list[Card]:
    """The Overview's eight cards; deltas only when there is a previous period."""
    now = totals(current)
    before = totals(previous) if previous is not None else None
    cards = []
    for label, name, kind, colour in KPIS:
        delta = None if before is None else delta_text(kind, now[name], before[name], currency)
        cards.append(Card(label, _value(kind, now[name], currency), delta, colour))
    return cards


# --- the micro-vs-macro verdict -----------------------------------------------------------


def _interval(estimate: Estimate, fmt: Callable[[float], str], sep: str = "–") -> str:
    if estimate.low is None or estimate.high is None:
        return ""
    return f" (95% interval {fmt(estimate.low)}{sep}{fmt(estimate.high)})"


def _lift(value: float) -> str:
    return f"{value * 100:+.0f}%"


def verdict(result: Comparison, currency: str) -> str:
    """The comparison in one sentence: cost per engagement and the cost-efficiency
    multiple first, then engagement lift and the ROAS multiple, each with its interval."""
    micro, macro = result.micro, result.macro
    if not result.enough_data:
        return (
            "Not enough data to compare micro and macro creators: each side needs at least "
            f"{MIN_PLACEMENTS} placements (micro {micro.placements}, macro {macro.placements})."
        )
    sizes = f"{micro.placements:,} vs {macro.placements:,} placements"
    efficiency = result.cost_efficiency_multiple
    if efficiency.value is None:
        first = (
            "Micro and macro creators cannot be compared on cost per engagement (a side "
            f"has no cost or no engagements; {sizes})"
        )
    else:
        how = (
            f"{multiple(efficiency.value, 1)} more cost-efficient"
            if efficiency.value >= 1
            else f"only {multiple(efficiency.value, 2)} as cost-efficient"
        )
        interval = _interval(efficiency, lambda v: multiple(v, 1))
        interval = f"{interval[:-1]}, {sizes})" if interval else f" ({sizes})"
        first = (
            f"Micro creators cost {money(micro.cpe, currency)} per engagement against "
            f"{money(macro.cpe, currency)} for macro: {how}{interval}"
        )
    lift = result.engagement_lift
    if lift.value is None:
        engagement = "their typical ER cannot be compared"
    else:
        word = "higher" if lift.value >= 0 else "lower"
        interval = _interval(lift, _lift, " to ")
        engagement = f"their typical ER is {abs(lift.value) * 100:.0f}% {word}{interval}"
    roas = result.roas_multiple
    if roas.value is None:
        returns = "their ROAS cannot be compared (a side has no cost or no revenue)"
    else:
        interval = _interval(roas, lambda v: multiple(v, 1))
        returns = f"their ROAS is {multiple(roas.value, 1)} macro's{interval}"
    return f"{first}; {engagement} and {returns}."


# --- best and worst campaigns -------------------------------------------------------------


@dataclass(frozen=True)
class Ranking:
    best: pd.DataFrame
    worst: pd.DataFrame
    campaigns: int  # campaigns with anything in the filters
    ranked: int  # of which have a ROAS (a cost to divide by)


def rank_campaigns(by_campaign: pd.DataFrame, top: int = 5) -> Ranking:
    """Best and worst campaigns by ROAS from summary("campaign"); campaigns with no cost
    have no ROAS and are not ranked. The two lists never share a campaign."""
    rows = by_campaign[by_campaign["group_key"].notna()]
    ranked = rows[rows["roas"].notna()].sort_values(["roas", "group_key"], ascending=[False, True])
    n_best = min(top, (len(ranked) + 1) // 2)
    best = ranked.head(n_best)
    worst = ranked.iloc[n_best:].tail(top).iloc[::-1]
    return Ranking(best, worst, campaigns=len(rows), ranked=len(ranked))


def ranked_filters(filters: Filters, rows: pd.DataFrame) -> Filters:
    """`filters` narrowed to the campaigns of a ranking's `rows` (its best or its worst)."""
    return replace(filters, campaigns=tuple(rows["group_key"]))


def with_typical_ers(rows: pd.DataFrame, typical: pd.DataFrame) -> pd.DataFrame:
    """A ranking's `rows` with the typical ERs of `typical` (metrics.typical_ers of their
    campaigns: group_key, then a column per figure) added; NaN for a campaign with no
    value. Ranking every campaign needs no median and the tables on screen show none: the
    Overview works out the typical ERs of a table's campaigns for its CSV only, when the
    download is clicked (10-30 ms of every run at 10M posts otherwise)."""
    values = typical.set_index("group_key")
    rows = rows.copy()
    for column in values.columns:
        rows[column] = rows["group_key"].map(values[column]).astype("float64")
    return rows


def ranking_caption(ranking: Ranking) -> str:
    unranked = ranking.campaigns - ranking.ranked
    text = f"{ranking.campaigns:,} campaign{'s' if ranking.campaigns != 1 else ''} in these filters"
    if unranked:
        text += f"; {unranked:,} with no cost have no ROAS and are not ranked"
    return text + "."
