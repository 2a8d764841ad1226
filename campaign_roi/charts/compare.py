"""Charts of the Micro vs macro page: the three multiples with their 95% intervals and
the industry's claims, N micro vs one macro at equal followers, and the budget what-if.
Results of stats.compare_sides / campaign_roi.planning in, Plotly figures out; no
Streamlit calls. The micro side takes the palette's blue, the macro side its orange
(the colours of the default micro and macro tiers); tiers keep their tier colours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from campaign_roi.charts import (
    figure,
    palette,
    subplot_axes,
    subplot_layout,
    tier_colors,
    vline_shape,
)
from campaign_roi.formatting import count, money
from campaign_roi.planning import EqualFollowers, WhatIf
from campaign_roi.stats import Comparison, Estimate

# (comparison field, axis label); engagement lift is drawn as its ratio (1 + lift), so all
# three read "micro side / macro side" on one axis where 1 means no difference.
MULTIPLES = (
    ("engagement_lift", "Engagement<br>(typical ER, micro / macro)"),
    ("cost_efficiency_multiple", "Cost efficiency<br>(CPE macro / micro)"),
    ("roas_multiple", "ROAS<br>(micro / macro)"),
)


# Tick marks of the log axis: whole doublings read better than plotly's default labels.
LOG_TICKS = (0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32)


def side_colours() -> tuple[str, str]:
    colours = palette()
    return colours[1 % len(colours)], colours[2 % len(colours)]


def neutral() -> str:
    colours = palette()
    return colours[7 % len(colours)]


def _as_ratio(name: str, estimate: Estimate) -> tuple[float | None, float | None, float | None]:
    shift = 1.0 if name == "engagement_lift" else 0.0
    return tuple(
        None if v is None else v + shift for v in (estimate.value, estimate.low, estimate.high)
    )


def multiples(
    result: Comparison, claims: Mapping[str, float], title: str | None = None
) -> go.Figure:
    """One row per multiple: our estimate with its 95% interval as an error bar, and the
    industry's claim (as a ratio; `claims` maps the comparison field to it) as a hollow
    diamond. Log x axis, a dashed line at 1 = no difference."""
    labels, values, lows, highs = [], [], [], []
    for name, label in MULTIPLES:
        value, low, high = _as_ratio(name, getattr(result, name))
        if value is None:
            continue
        labels.append(label)
        values.append(value)
        lows.append(value - low if low is not None else 0)
        highs.append(high - value if high is not None else 0)
    micro, _ = side_colours()
    claim_labels = [label for name, label in MULTIPLES if name in claims]
    traces = [
        {
            "type": "scatter",
            "x": values,
            "y": labels,
            "mode": "markers",
            "name": "Your data (95% interval)",
            "marker": {"color": micro, "size": 12},
            "error_x": {"type": "data", "array": highs, "arrayminus": lows, "thickness": 2},
            "hovertemplate": "%{y}: %{x:.2f}×<extra>your data</extra>",
        },
        {
            "type": "scatter",
            "x": [claims[name] for name, _ in MULTIPLES if name in claims],
            "y": claim_labels,
            "mode": "markers",
            "name": "Industry claim (not data)",
            "marker": {
                "symbol": "diamond-open",
                "size": 14,
                "color": neutral(),
                "line": {"width": 2},
            },
            "hovertemplate": "%{y}: claimed %{x:.1f}×<extra>industry claim</extra>",
        },
    ]
    shown = [v for v in values + list(claims.values()) if v and v > 0]
    shown += [v - lo for v, lo in zip(values, lows, strict=True) if v - lo > 0]
    shown += [v + hi for v, hi in zip(values, highs, strict=True)]
    ticks = [t for t in LOG_TICKS if min(shown, default=1) / 2 <= t <= max(shown, default=1) * 2]
    layout = {
        "shapes": [vline_shape(1, dash="dash", color=neutral())],  # 1 = no difference
        "xaxis": {
            "tickvals": ticks,
            "ticktext": [f"{t:g}×" for t in ticks],
            "type": "log",
            "title": {"text": "multiple, micro side vs macro side (log scale; 1 = no difference)"},
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": [label for _, label in MULTIPLES][::-1],
        },
    }
    return figure(traces, layout, title, height=320)


def equal_followers(
    result: EqualFollowers, currency: str = "USD", title: str | None = None
) -> go.Figure:
    """Three panels (engagements, cost, revenue): N typical micro placements beside one
    typical macro placement (medians per placement, see campaign_roi.planning)."""
    panels = (
        ("Engagements", result.n_micro_engagements, result.macro.engagements, count),
        ("Cost", result.n_micro_cost, result.macro.cost, lambda v: money(v, currency, 0)),
        ("Revenue", result.n_micro_revenue, result.macro.revenue, lambda v: money(v, currency, 0)),
    )
    layout = subplot_layout(1, 3, [p[0] for p in panels])
    micro_colour, macro_colour = side_colours()
    names = (f"{result.n:.1f} micro" if result.n is not None else "N micro", "1 macro")
    traces = []
    for col, (_, micro_value, macro_value, fmt) in enumerate(panels, start=1):
        x_axis, y_axis = subplot_axes(1, col, 3)
        traces.append(
            {
                "type": "bar",
                "x": list(names),
                "y": [micro_value, macro_value],
                "marker": {"color": [micro_colour, macro_colour]},
                "text": [fmt(micro_value), fmt(macro_value)],
                "textposition": "auto",
                "showlegend": False,
                "hovertemplate": "%{x}: %{text}<extra></extra>",
                "xaxis": x_axis,
                "yaxis": y_axis,
            }
        )
    return figure(traces, layout, title, height=320)


def what_if(result: WhatIf, scheme_tiers: Sequence[str], title: str | None = None) -> go.Figure:
    """Expected engagements and revenue per tier of the mix, with 95% intervals; tiers
    with no observed cost are left out (they have no rate to plan with)."""
    colours = tier_colors(list(scheme_tiers))
    plans = [p for p in result.tiers if p.engagements.value is not None]
    layout = subplot_layout(1, 2, ("Expected engagements", "Expected revenue"))
    traces = []
    for col, name in enumerate(("engagements", "revenue"), start=1):
        estimates = [getattr(p, name) for p in plans]
        x_axis, y_axis = subplot_axes(1, col, 2)
        traces.append(
            {
                "type": "bar",
                "x": [p.tier for p in plans],
                "y": [e.value for e in estimates],
                "marker": {"color": [colours.get(p.tier, neutral()) for p in plans]},
                "error_y": {
                    "type": "data",
                    "array": [(e.high - e.value) if e.high is not None else 0 for e in estimates],
                    "arrayminus": [
                        (e.value - e.low) if e.low is not None else 0 for e in estimates
                    ],
                },
                "showlegend": False,
                "hovertemplate": "%{x}: %{y:,.0f}<extra></extra>",
                "xaxis": x_axis,
                "yaxis": y_axis,
            }
        )
    return figure(traces, layout, title, height=340)
