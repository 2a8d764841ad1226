"""Charts of the Overview page: cost and revenue over time (campaign_roi.trends) and the
best and worst campaigns by ROAS (campaign_roi.headlines.rank_campaigns). DataFrames
in, Plotly figures out; no Streamlit calls. Colours come from the theme palette: cost
takes the palette's orange, revenue its blue (charts.primary()).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from campaign_roi.charts import figure, palette, primary, vline_shape
from campaign_roi.formatting import CURRENCY_SYMBOLS


def cost_colour() -> str:
    colours = palette()
    return colours[2 % len(colours)]


def worst_colour() -> str:
    colours = palette()
    return colours[3 % len(colours)]


def _money_axis(currency: str) -> dict:
    symbol = CURRENCY_SYMBOLS.get(currency)
    return {"tickprefix": symbol} if symbol else {"ticksuffix": f" {currency}"}


def spend_vs_revenue(
    frame: pd.DataFrame, grain: str, currency: str = "USD", title: str | None = None
) -> go.Figure:
    """Cost and revenue per period (columns period_start, cost, revenue) as grouped bars."""
    label = "Week of" if grain == "week" else "Month"
    x = pd.to_datetime(frame["period_start"])
    traces = [
        {
            "type": "bar",
            "x": x,
            "y": frame[column],
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": f"{label} %{{x|%d %b %Y}}<br>{name} %{{y:,.2f}} {currency}"
            "<extra></extra>",
        }
        for name, column, colour in (
            ("Cost", "cost", cost_colour()),
            ("Revenue", "revenue", primary()),
        )
    ]
    layout = {
        "barmode": "group",
        "bargap": 0.2,
        "xaxis": {
            "title": {"text": "week starting" if grain == "week" else "month"},
            "tickformat": "%d %b %Y" if grain == "week" else "%b %Y",
        },
        "yaxis": {"title": {"text": f"per {grain} ({currency})"}, **_money_axis(currency)},
    }
    return figure(traces, layout, title)


def campaign_roas(best: pd.DataFrame, worst: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Horizontal ROAS bars: the best campaigns on top, the worst below, and a dashed
    break-even line at ROAS 1 (revenue = cost). Frames: group_label, roas."""
    traces = [
        {
            "type": "bar",
            "x": rows["roas"],
            "y": rows["group_label"].fillna(rows["group_key"]),
            "orientation": "h",
            "name": name,
            "marker": {"color": colour},
            "text": [f"{v:.2f}×" for v in rows["roas"]],
            "textposition": "auto",
            "hovertemplate": "%{y}<br>ROAS %{x:.2f}×<extra></extra>",
        }
        for name, rows, colour in (("Best", best, primary()), ("Worst", worst, worst_colour()))
        if not rows.empty
    ]
    # the y axis has no title
    layout = {
        "shapes": [vline_shape(1, dash="dash", color=palette()[7 % len(palette())])],
        "annotations": [
            {
                "x": 1,
                "y": 1.0,
                "yref": "paper",
                "text": "break-even",
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
            }
        ],
        "xaxis": {"title": {"text": "ROAS (revenue / cost)"}, "rangemode": "tozero"},
        "yaxis": {"autorange": "reversed", "categoryorder": "trace"},
    }
    rows = len(best) + len(worst)
    return figure(traces, layout, title, height=max(220, 60 + 34 * rows))
