"""Charts of the Tiers page: DataFrames in (campaign_roi.distributions, metrics.summary,
campaign_roi.benchmarks), Plotly figures out. No Streamlit calls.

Each tier keeps its theme colour (charts.tier_colors); what no tier owns (the
unattributed row) is grey, the last neutral colour of the palette.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

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
    vline_shape,
)
from campaign_roi.formatting import CURRENCY_SYMBOLS, count, percent

UNATTRIBUTED_LABEL = "unattributed"
ER_FLOOR = 1e-4  # 0.01%: where ER 0 is drawn on a log axis


def neutral() -> str:
    """The grey of the palette: what belongs to no tier (unattributed, overhead)."""
    colours = palette()
    return colours[7 % len(colours)]


def percent_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """1-2-5 ticks for a log axis of rates from `low` to `high`: readable, never crowded
    (Plotly's own log ticks label every digit of a decade)."""
    if not (low > 0 and high > 0):
        return [], []
    values = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for digit in (1, 2, 5):
            value = digit * 10.0**exponent
            if low / 1.5 <= value <= high * 1.5:
                values.append(value)
    return values, [f"{v * 100:.10g}%" for v in values]


def _log_percent_axis(values: Sequence[float], title: str) -> dict:
    """A log y axis with percent ticks over `values` (layout's yaxis)."""
    positive = [float(v) for v in values if v is not None and not pd.isna(v) and v > 0]
    ticks, text = percent_ticks(min(positive), max(positive)) if positive else ([], [])
    axis = {"type": "log", "title": {"text": title}}
    return axis | ({"tickvals": ticks, "ticktext": text} if ticks else {})


def _positive(value: float, floor: float) -> float:
    return value if value > 0 else floor


def er_box(dist: pd.DataFrame, tiers: Sequence[str], title: str | None = None) -> go.Figure:
    """Per-post ER by tier as boxes from precomputed statistics on a log axis.

    Box = quartiles, whiskers = 5th and 95th percentiles, line = median (the typical
    ER), labelled above each box with n; a diamond marks the pooled ER. `tiers` is the
    whole scheme in order, so a tier has the same colour on every chart.
    """
    colours = tier_colors(list(tiers))
    positives = dist[["p05", "q1", "median", "q3", "p95"]].to_numpy().ravel()
    positives = positives[positives > 0]
    floor = min(ER_FLOOR, positives.min() / 2) if positives.size else ER_FLOOR
    # traces and labels gathered as plain dicts, then one figure built (charts.figure)
    traces, notes, drawn = [], [], []
    for row in dist.itertuples():
        stats = {k: _positive(getattr(row, k), floor) for k in ("p05", "q1", "median", "q3", "p95")}
        traces.append(
            {
                "type": "box",
                "x": [row.tier],
                "q1": [stats["q1"]],
                "median": [stats["median"]],
                "q3": [stats["q3"]],
                "lowerfence": [stats["p05"]],
                "upperfence": [stats["p95"]],
                "name": row.tier,
                "marker": {"color": colours.get(row.tier, primary())},
                "boxpoints": False,
                "showlegend": False,
                "hoverinfo": "y",
            }
        )
        notes.append(
            {
                "x": row.tier,
                "y": math.log10(stats["p95"]),  # log axes place annotations in log10 units
                "text": f"median {percent(row.median, 2)}<br>n = {count(row.posts)}",
                "showarrow": False,
                "yshift": 22,
            }
        )
        drawn += [stats["p05"], stats["p95"]]
    pooled = [_positive(v, floor) for v in dist["pooled_er"]]
    traces.append(
        {
            "type": "scatter",
            "x": list(dist["tier"]),
            "y": pooled,
            "mode": "markers",
            "name": "pooled ER (Σ engagements / Σ followers)",
            "marker": {"symbol": "diamond", "size": 11, "color": neutral()},
            "customdata": [[percent(v, 2)] for v in dist["pooled_er"]],
            "hovertemplate": "%{x}: pooled ER %{customdata[0]}<extra></extra>",
        }
    )
    layout = {
        "annotations": notes,
        "yaxis": _log_percent_axis(drawn + pooled, "per-post ER by followers"),
        "xaxis": {
            "title": {"text": "post tier"},
            "categoryorder": "array",
            "categoryarray": list(dist["tier"]),
        },
    }
    fig = figure(traces, layout, title, height=420)
    # room for the labels above the boxes: set after figure(), whose base margin would
    # override a "margin" key of the chart's own layout
    fig.layout.margin.t = 80
    return fig


def _bucket_segments(rows: pd.DataFrame) -> tuple[list, list, list]:
    """Step segments over each published bucket [min, max); None breaks the line.

    A bucket from 0 starts a decade below its end and an open bucket ends a decade
    above its start: a log axis has no 0 and no infinity."""
    xs: list = []
    ys: list = []
    text: list = []
    for r in rows.itertuples():
        hi = None if pd.isna(r.max_followers) else float(r.max_followers)
        lo = float(r.min_followers) if r.min_followers > 0 else hi / 10
        hi = hi if hi is not None else lo * 10
        if pd.isna(r.max_followers):
            bucket = f"{count(r.min_followers)} +"
        else:
            bucket = f"{count(r.min_followers)}–{count(r.max_followers)}"
        label = f"{bucket} followers: {percent(r.value, 2)} ({r.definition})"
        xs += [lo, hi, None]
        ys += [r.value, r.value, None]
        text += [label, label, None]
    return xs, ys, text


def er_vs_followers(
    bins: pd.DataFrame,
    trend: pd.DataFrame,
    slope: float | None = None,
    benchmarks: Sequence[tuple[str, pd.DataFrame]] = (),
    tier_edges: Sequence[tuple[str, int]] = (),
    title: str | None = None,
) -> go.Figure:
    """Median per-post ER of each follower bin (marker area ~ posts) with the log-log
    trend line; published benchmark series (label, rows) drawn behind, one series per
    source; tier edges (name, min followers) as dotted lines. Both axes are log."""
    colours = palette()
    traces = []
    for i, (label, rows) in enumerate(benchmarks):
        xs, ys, text = _bucket_segments(rows)
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "name": f"published: {label}",
                "legendgroup": "published",
                "line": {"dash": "dash", "width": 2, "color": colours[(4 + i) % len(colours)]},
                "opacity": 0.7,
                "text": text,
                "hovertemplate": f"{label}<br>%{{text}}<extra></extra>",
            }
        )
    sizes = bins["posts"].clip(lower=1)
    traces.append(
        {
            "type": "scatter",
            "x": bins["median_followers"],
            "y": bins["median_er"],
            "mode": "markers",
            "name": "your posts: median ER per follower bin",
            "marker": {
                "size": sizes,
                "sizemode": "area",
                # marker area proportional to posts; the largest bin 28 px across
                "sizeref": 2.0 * float(sizes.max()) / 28**2 if len(sizes) else 1,
                "sizemin": 3,
                "color": primary(),
            },
            "customdata": list(
                zip(
                    [count(v) for v in bins["min_followers"]],
                    [count(v) for v in bins["max_followers"]],
                    [count(v) for v in bins["posts"]],
                    [percent(v, 2) for v in bins["median_er"]],
                    strict=True,
                )
            ),
            "hovertemplate": "%{customdata[0]}–%{customdata[1]} followers<br>"
            "median ER %{customdata[3]} over %{customdata[2]} posts<extra></extra>",
        }
    )
    if len(trend):
        name = "trend (least squares on log scales)"
        if slope is not None:
            name = f"trend: ER ∝ followers^{slope:.2f}"
        traces.append(
            {
                "type": "scatter",
                "x": trend["followers"],
                "y": trend["er"],
                "mode": "lines",
                "name": name,
                "line": {"color": neutral(), "width": 2.5},
                "hoverinfo": "skip",
            }
        )
    # each tier's edge: a dotted line and its name at the top
    edges = [(name, edge) for name, edge in tier_edges if edge > 0]
    shapes = [vline_shape(edge, dash="dot", width=1, color=neutral()) for _, edge in edges]
    annotations = [
        {
            "x": math.log10(edge),  # log axes place annotations in log10 units
            "y": 1,
            "yref": "paper",
            "text": f"{name} from {count(edge)}",
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "top",
            "font": {"size": 10, "color": neutral()},
        }
        for name, edge in edges
    ]
    drawn = [v for t in traces for v in t["y"] if v is not None]
    layout = {
        "xaxis": {"type": "log", "title": {"text": "followers at post"}},
        "yaxis": _log_percent_axis(drawn, "per-post ER by followers"),
    }
    if shapes:
        layout |= {"shapes": shapes, "annotations": annotations}
    return figure(traces, layout, title, height=460)


def tier_totals(
    by_tier: pd.DataFrame, tiers: Sequence[str], currency: str = "USD", title: str | None = None
) -> go.Figure:
    """Posts, placements, cost and revenue per tier (metrics.summary by tier), the
    unattributed row included as its own grey bar."""
    colours = tier_colors(list(tiers))
    labels = [UNATTRIBUTED_LABEL if k is None else k for k in by_tier["group_key"]]
    bar_colours = [
        neutral() if k is None else colours.get(k, primary()) for k in by_tier["group_key"]
    ]
    panels = (
        ("posts", "Posts"),
        ("placements", "Placements"),
        ("cost", "Cost (spend + commission)"),
        ("revenue", "Revenue"),
    )
    layout = subplot_layout(2, 2, [p[1] for p in panels])
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    traces = []
    for i, (column, _) in enumerate(panels):
        money = column in ("cost", "revenue")
        x_axis, y_axis = subplot_axes(i // 2 + 1, i % 2 + 1, 2)
        traces.append(
            {
                "type": "bar",
                "x": labels,
                "y": by_tier[column],
                "marker": {"color": bar_colours},
                "showlegend": False,
                "name": column,
                "hovertemplate": "%{x}: "
                + (f"{symbol}%{{y:,.2f}}" if money else "%{y:,}")
                + "<extra></extra>",
                "xaxis": x_axis,
                "yaxis": y_axis,
            }
        )
        if money:
            layout[axis_key(y_axis)]["tickprefix"] = symbol
    return figure(traces, layout, title, height=520)
