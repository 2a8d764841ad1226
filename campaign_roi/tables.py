"""Summary rows as tables on screen: each figure formatted as it reads ("—" for no
value), the unattributed row labelled, and the raw figures beside them for the CSV
download (money to the cent, no value empty)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from campaign_roi.formatting import count, money, multiple, percent

# figure -> (column heading, how it reads)
FIGURES: dict[str, tuple[str, Callable[[Any, str], str]]] = {
    "posts": ("Posts", lambda v, c: count(v)),
    "placements": ("Placements", lambda v, c: count(v)),
    "engagements": ("Engagements", lambda v, c: count(v)),
    "orders": ("Orders", lambda v, c: count(v)),
    "typical_er": ("Typical ER (median)", lambda v, c: percent(v, 2)),
    "pooled_er": ("Pooled ER", lambda v, c: percent(v, 2)),
    "spend": ("Spend", lambda v, c: money(v, c)),
    "commission": ("Commission", lambda v, c: money(v, c)),
    "cost": ("Cost", lambda v, c: money(v, c)),
    "revenue": ("Revenue", lambda v, c: money(v, c)),
    "cpe": ("CPE", lambda v, c: money(v, c, 3)),
    "cpm": ("CPM", lambda v, c: money(v, c)),
    "cpv": ("CPV", lambda v, c: money(v, c, 4)),
    "cpc": ("CPC", lambda v, c: money(v, c)),
    "cpa": ("CPA", lambda v, c: money(v, c)),
    "cost_per_post": ("Cost per post", lambda v, c: money(v, c)),
    "roas": ("ROAS", lambda v, c: multiple(v)),
    "roi": ("ROI", lambda v, c: percent(v)),
    "impressions_coverage": ("Impressions known", lambda v, c: percent(v, 0)),
    "views_coverage": ("Views known", lambda v, c: percent(v, 0)),
    "clicks_coverage": ("Clicks known", lambda v, c: percent(v, 0)),
}


def heading(figure: str) -> str:
    return FIGURES[figure][0]


def summary_table(
    frame: pd.DataFrame,
    keys: Mapping[str, Sequence[str]],
    figures: Sequence[str],
    currency: str = "USD",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(on screen, for download): `keys` maps a heading to the label of each row
    (e.g. {"Tier": ["nano", ..., "unattributed (campaign overhead)"]})."""
    shown = pd.DataFrame({name: list(labels) for name, labels in keys.items()})
    raw = shown.copy()
    for figure in figures:
        title, fmt = FIGURES[figure]
        shown[title] = [fmt(v, currency) for v in frame[figure]]
        raw[figure] = list(frame[figure])
    return shown, raw
