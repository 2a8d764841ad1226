"""Charts of the Costs page: cost ratios by a grouping, spend by category and level.
DataFrames in, Plotly figures out; no Streamlit calls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from campaign_roi.charts import (
    axis_key,
    figure,
    palette,
    primary,
    subplot_axes,
    subplot_layout,
    tier_colors,
)
from campaign_roi.charts.tiers import neutral
from campaign_roi.contract import CATEGORIES
from campaign_roi.costs import LEVEL_LABELS, LEVELS, RATIOS
from campaign_roi.formatting import CURRENCY_SYMBOLS


def level_colors() -> dict[str, str]:
    """Spend levels take palette colours the tiers do not use; overhead is the neutral
    grey that marks unattributed amounts on every chart."""
    colours = palette()
    return {
        "post": colours[4 % len(colours)],
        "placement": colours[5 % len(colours)],
        "overhead": neutral(),
    }


def group_colors(keys: Sequence[str | None], tiers: Sequence[str] | None = None) -> list[str]:
    """A bar colour per group: the tier's own colour when the groups are tiers (pass the
    scheme's tiers), else the primary colour; grey for the unattributed row (key None)."""
    by_tier = tier_colors(list(tiers)) if tiers else {}
    return [neutral() if k is None else by_tier.get(k, primary()) for k in keys]


def ratio_bars(
    frame: pd.DataFrame,
    labels: Sequence[str],
    colors: Sequence[str] | None = None,
    notes: Mapping[str, str] | None = None,
    currency: str = "USD",
    title: str | None = None,
) -> go.Figure:
    """Six small bar charts, one per cost ratio (CPE, CPM, CPV, CPC, CPA, cost per post),
    one bar per group. `notes` adds e.g. a coverage note to a ratio's panel title. A
    group with no value for a ratio has no bar."""
    notes = notes or {}
    colors = list(colors) if colors is not None else [primary()] * len(frame)
    titles = []
    for column, label, _, _ in RATIOS:
        note = notes.get(column)
        titles.append(f"{label} <sup>({note})</sup>" if note else label)
    layout = subplot_layout(2, 3, titles, vertical_spacing=0.25)
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    traces = []
    for i, (column, label, _, _) in enumerate(RATIOS):
        x_axis, y_axis = subplot_axes(i // 3 + 1, i % 3 + 1, 3)
        traces.append(
            {
                "type": "bar",
                "x": list(labels),
                "y": frame[column],
                "marker": {"color": colors},
                "name": label,
                "showlegend": False,
                "hovertemplate": f"%{{x}}<br>{label} {symbol}%{{y:,.3f}}<extra></extra>",
                "xaxis": x_axis,
                "yaxis": y_axis,
            }
        )
        layout[axis_key(y_axis)]["tickprefix"] = symbol
        layout[axis_key(x_axis)]["automargin"] = True
    return figure(traces, layout, title, height=640)


def spend_by_category(
    long: pd.DataFrame, currency: str = "USD", title: str | None = None
) -> go.Figure:
    """Stacked bars: spend per category, split by what it is tied to (post, placement,
    campaign overhead)."""
    colours = level_colors()
    present = set(long["category"])
    categories = [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    traces = []
    for level in LEVELS:
        rows = long[long["level"] == level].set_index("category")["spend"]
        traces.append(
            {
                "type": "bar",
                "x": categories,
                "y": [float(rows.get(c, 0.0)) for c in categories],
                "name": LEVEL_LABELS[level],
                "marker": {"color": colours[level]},
                "hovertemplate": f"%{{x}}, {LEVEL_LABELS[level]}: {symbol}%{{y:,.2f}}"
                "<extra></extra>",
            }
        )
    layout = {
        "barmode": "stack",
        "legend": {"traceorder": "normal"},
        "yaxis": {"tickprefix": symbol, "title": {"text": "spend"}},
        "xaxis": {"title": {"text": "category"}},
    }
    return figure(traces, layout, title)
