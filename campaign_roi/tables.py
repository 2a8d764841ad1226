"""Summary rows as tables on screen: each figure formatted as it reads ("—" for no
value), the unattributed row labelled, and the raw figures beside them for the CSV
download (money to the cent, no value empty)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from campaign_roi.formatting import (
    count_text,
    money_text,
    multiple_text,
    percent_text,
    texts,
)

# figure -> (column heading, how a value reads in a currency)
FIGURES: dict[str, tuple[str, Callable[[str], Callable[[float], str]]]] = {
    "posts": ("Posts", lambda c: count_text),
    "placements": ("Placements", lambda c: count_text),
    "engagements": ("Engagements", lambda c: count_text),
    "orders": ("Orders", lambda c: count_text),
    "typical_er": ("Typical ER (median)", lambda c: percent_text(2)),
    "pooled_er": ("Pooled ER", lambda c: percent_text(2)),
    "spend": ("Spend", lambda c: money_text(c)),
    "commission": ("Commission", lambda c: money_text(c)),
    "cost": ("Cost", lambda c: money_text(c)),
    "revenue": ("Revenue", lambda c: money_text(c)),
    "cpe": ("CPE", lambda c: money_text(c, 3)),
    "cpm": ("CPM", lambda c: money_text(c)),
    "cpv": ("CPV", lambda c: money_text(c, 4)),
    "cpc": ("CPC", lambda c: money_text(c)),
    "cpa": ("CPA", lambda c: money_text(c)),
    "cost_per_post": ("Cost per post", lambda c: money_text(c)),
    "roas": ("ROAS", lambda c: multiple_text()),
    "roi": ("ROI", lambda c: percent_text()),
    "impressions_coverage": ("Impressions known", lambda c: percent_text(0)),
    "views_coverage": ("Views known", lambda c: percent_text(0)),
    "clicks_coverage": ("Clicks known", lambda c: percent_text(0)),
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
    shown = {name: list(labels) for name, labels in keys.items()}
    for figure in figures:
        title, text = FIGURES[figure]
        shown[title] = texts(frame[figure].tolist(), text(currency))
    return pd.DataFrame(shown), raw_table(frame, keys, figures)


def raw_table(
    frame: pd.DataFrame, keys: Mapping[str, Sequence[str]], figures: Sequence[str]
) -> pd.DataFrame:
    """summary_table's download alone (the raw figures, nothing formatted): for a list
    whose screen table shows only its first rows."""
    raw: dict[str, list] = {name: list(labels) for name, labels in keys.items()}
    for figure in figures:
        raw[figure] = frame[figure].tolist()
    return pd.DataFrame(raw)
