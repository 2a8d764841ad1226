"""Charts of the Results pages (Affiliate codes, Campaigns, Creators, Content). DataFrames
in, Plotly figures out; no Streamlit calls. Colours come from the theme palette only.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from campaign_roi.charts import figure, palette, primary, subplot_layout
from campaign_roi.formatting import CURRENCY_SYMBOLS

THIN_OPACITY = 0.35


def _colour(index: int) -> str:
    colours = palette()
    return colours[index % len(colours)]


def flag_colour() -> str:
    """Red of the theme: refunds, leakage flags, over budget."""
    return _colour(3)


def _money_axis(currency: str) -> dict:
    symbol = CURRENCY_SYMBOLS.get(currency)
    return {"tickprefix": symbol} if symbol else {"ticksuffix": f" {currency}"}


def code_revenue(frame: pd.DataFrame, grain: str, currency: str = "USD") -> go.Figure:
    """Revenue per period through the codes, refunded revenue beside it (columns
    period_start, revenue, refunded_revenue)."""
    traces = [
        {
            "type": "bar",
            "x": frame["period_start"],
            "y": frame[column],
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": f"%{{x|%d %b %Y}}<br>{name} %{{y:,.2f}} {currency}<extra></extra>",
        }
        for name, column, colour in (
            ("Revenue", "revenue", primary()),
            ("Refunded (not in revenue)", "refunded_revenue", flag_colour()),
        )
    ]
    layout = {
        "barmode": "group",
        "bargap": 0.2,
        "xaxis": {"title": {"text": "week starting" if grain == "week" else "month"}},
        "yaxis": {"title": {"text": f"per {grain} ({currency})"}, **_money_axis(currency)},
    }
    return figure(traces, layout)


GL_MARKERS = 1_000  # past this many markers the leakage chart draws with WebGL


def leakage_scatter(
    points: pd.DataFrame,
    cells: pd.DataFrame,
    flagged: pd.DataFrame,
    fence: float | None,
    flagged_total: int | None = None,
) -> go.Figure:
    """Orders per 1k followers against followers (both log) for codes with sales (codes.
    CodePage): the unflagged ones one by one (`points`: code, handle, placement_followers,
    orders, orders_per_1k) or, when there are many, grouped by cell of a log-log grid
    (`cells`: placement_followers, orders_per_1k, codes, orders; marker area by codes), so
    the browser gets a few thousand markers whatever the number of codes; flagged codes
    one by one in red (`flagged`: the first by revenue when there are more, of
    `flagged_total`, which the legend then says); the rule (a) fence as a dashed line.
    Past GL_MARKERS markers in all, drawn with WebGL."""
    drawn = flagged[(flagged["orders"] > 0) & (flagged["placement_followers"] > 0)]
    markers = len(cells) + len(drawn) + (0 if len(cells) else len(points))
    # thousands of SVG markers take the browser 0.7-1 s to draw (the Affiliate codes page
    # at 10M posts: 3,700): WebGL then, in one context (every trace shares the chart's)
    kind = "scattergl" if markers > GL_MARKERS else "scatter"
    flagged_name = "Flagged codes"
    if flagged_total is not None and flagged_total > len(flagged):
        flagged_name += f" (the {len(flagged):,} with most revenue of {flagged_total:,})"
    traces = []
    if len(cells):
        traces.append(
            {
                "type": kind,
                "x": cells["placement_followers"],
                "y": cells["orders_per_1k"],
                "mode": "markers",
                "name": f"Codes ({int(cells['codes'].sum()):,}, grouped where close)",
                "marker": {
                    "color": primary(),
                    "size": np.clip(4 + 3 * np.sqrt(cells["codes"].to_numpy(dtype=float)), 4, 30),
                    "opacity": 0.6,
                },
                "customdata": cells[["codes", "orders"]].to_numpy(),
                "hovertemplate": "%{customdata[0]:,} codes around %{x:,.0f} followers<br>"
                "%{customdata[1]:,} orders, about %{y:.2f} per 1k<extra></extra>",
            }
        )
    groups = [(flagged_name, drawn, flag_colour())]
    if not len(cells):
        groups.insert(0, ("Codes", points, primary()))
    for name, rows, colour in groups:
        traces.append(
            {
                "type": kind,
                "x": rows["placement_followers"],
                "y": rows["orders_per_1k"],
                "mode": "markers",
                "name": name,
                "marker": {"color": colour, "size": 8, "opacity": 0.8},
                # the code and creator as a NumPy array of text, the orders as numbers:
                # where the figure is validated (the tests), plotly deep-copies an object
                # array and checks a list value by value (20-40 ms each for 2,000 codes)
                "text": np.array(
                    [
                        f"{code} ({handle})" if handle else str(code)
                        for code, handle in zip(
                            rows["code"].tolist(), rows["handle"].tolist(), strict=True
                        )
                    ],
                    dtype=str,
                ),
                "customdata": rows["orders"].to_numpy(dtype=float),
                "hovertemplate": "%{text}<br>%{x:,} followers<br>"
                "%{customdata:,} orders: %{y:.2f} per 1k<extra></extra>",
            }
        )
    layout: dict = {
        "xaxis": {"type": "log", "title": {"text": "creator's followers (placement)"}},
        "yaxis": {"type": "log", "title": {"text": "orders per 1,000 followers"}},
    }
    if fence is not None and fence > 0:  # a log axis draws nothing at 0 or below
        # the line add_hline draws
        layout["shapes"] = [
            {
                "type": "line",
                "x0": 0,
                "x1": 1,
                "xref": "x domain",
                "y0": fence,
                "y1": fence,
                "yref": "y",
                "line": {"dash": "dash", "color": flag_colour()},
            }
        ]
        # an annotation on a log axis is placed in log10 units (add_hline's own label
        # would stand at 10^fence and stretch the axis to it)
        layout["annotations"] = [
            {
                "x": 1,
                "xref": "paper",
                "y": math.log10(fence),
                "text": f"flag above {fence:.1f} per 1k",
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        ]
    return figure(traces, layout)


def budget_pacing(daily: pd.DataFrame, budget: float | None, currency: str = "USD") -> go.Figure:
    """Cumulative spend over the campaign's days, and its budget as a dashed line
    (columns day, cumulative_spend)."""
    layout: dict = {
        "yaxis": {
            "title": {"text": f"spend to date ({currency})"},
            "rangemode": "tozero",
            **_money_axis(currency),
        }
    }
    if budget is not None and pd.notna(budget):
        # the line and label add_hline(annotation_position="top left") draws, without
        # its look-ups
        line = {"y0": budget, "y1": budget, "yref": "y", "x0": 0, "x1": 1, "xref": "x domain"}
        layout["shapes"] = [
            {"type": "line", "line": {"dash": "dash", "color": flag_colour()}, **line}
        ]
        layout["annotations"] = [
            {
                "text": f"budget {budget:,.0f} {currency}",
                "showarrow": False,
                "x": 0,
                "xanchor": "left",
                "xref": "x domain",
                "y": budget,
                "yanchor": "bottom",
                "yref": "y",
            }
        ]
    spend = {
        "type": "scatter",
        "x": daily["day"],
        "y": daily["cumulative_spend"],
        "mode": "lines",
        "line": {"shape": "hv", "color": primary()},
        "name": "Cumulative spend",
        "hovertemplate": f"%{{x|%d %b %Y}}<br>spent %{{y:,.2f}} {currency}<extra></extra>",
    }
    return figure([spend], layout)


def campaign_timeline(daily: pd.DataFrame, grain: str = "day") -> go.Figure:
    """Posts per day or week (bars) and orders (line, right axis) (columns day, posts,
    orders; `day` is the week's Monday by week)."""
    layout = subplot_layout(specs=[[{"secondary_y": True}]])
    layout["yaxis"].update(title={"text": f"posts per {grain}"}, rangemode="tozero")
    layout["yaxis2"].update(title={"text": f"orders per {grain}"}, rangemode="tozero")
    bars = {
        "type": "bar",
        "x": daily["day"],
        "y": daily["posts"],
        "name": "Posts",
        "marker": {"color": _colour(0)},
        "hovertemplate": f"%{{x|%d %b %Y}}<br>%{{y:,}} posts per {grain}<extra></extra>",
        "xaxis": "x",
        "yaxis": "y",
    }
    line = {
        "type": "scatter",
        "x": daily["day"],
        "y": daily["orders"],
        "name": "Orders",
        "mode": "lines",
        "line": {"color": _colour(2)},
        "hovertemplate": f"%{{x|%d %b %Y}}<br>%{{y:,}} orders per {grain}<extra></extra>",
        "xaxis": "x",
        "yaxis": "y2",
    }
    return figure([bars, line], layout)


def follower_growth(posts: pd.DataFrame) -> go.Figure:
    """followers_at_post at each post over time, one colour per campaign (columns
    posted_at, followers_at_post, campaign_name)."""
    traces = [
        {
            "type": "scatter",
            "x": posts["posted_at"],
            "y": posts["followers_at_post"],
            "mode": "lines",
            "line": {"color": _colour(7), "width": 1},
            "showlegend": False,
            "hoverinfo": "skip",
        }
    ]
    for index, (name, rows) in enumerate(posts.groupby("campaign_name", sort=False)):
        traces.append(
            {
                "type": "scatter",
                "x": rows["posted_at"],
                "y": rows["followers_at_post"],
                "mode": "markers",
                "name": str(name),
                "marker": {"color": _colour(index + 1), "size": 8},
                "hovertemplate": "%{x|%d %b %Y}<br>%{y:,} followers<extra>"
                + str(name)
                + "</extra>",
            }
        )
    layout = {"yaxis": {"title": {"text": "followers at post"}, "tickformat": ",.0f"}}
    return figure(traces, layout)


def breakdown(frame: pd.DataFrame, group_title: str, currency: str = "USD") -> go.Figure:
    """Typical ER and CPE per group side by side, post counts as bar labels; groups with
    few posts (column thin) drawn pale. The unattributed row has no posts and is left
    to the table (columns label, posts, typical_er, cpe, thin)."""
    rows = frame[frame["group_key"].notna()]
    opacity = [THIN_OPACITY if thin else 1.0 for thin in rows["thin"]]
    text = [f"{int(n):,} post{'' if n == 1 else 's'}" + (" ⚠" if thin else "")
            for n, thin in zip(rows["posts"], rows["thin"], strict=True)]  # fmt: skip
    layout = subplot_layout(1, 2, ("Typical ER", "CPE"))
    layout["yaxis"]["tickformat"] = ".1%"
    layout["yaxis2"].update(_money_axis(currency))
    for axis in ("xaxis", "xaxis2"):
        layout[axis]["title"] = {"text": group_title}
    layout["showlegend"] = False
    ers = {
        "type": "bar",
        "x": rows["label"],
        "y": rows["typical_er"],
        "name": "Typical ER",
        "marker": {"color": primary(), "opacity": opacity},
        "text": text,
        "textposition": "outside",
        "hovertemplate": "%{x}<br>typical ER %{y:.2%}<br>%{text}<extra></extra>",
        "xaxis": "x",
        "yaxis": "y",
    }
    cpes = {
        "type": "bar",
        "x": rows["label"],
        "y": rows["cpe"],
        "name": "CPE",
        "marker": {"color": _colour(2), "opacity": opacity},
        "text": text,
        "textposition": "outside",
        "hovertemplate": f"%{{x}}<br>CPE %{{y:,.3f}} {currency}<br>%{{text}}<extra></extra>",
        "xaxis": "x2",
        "yaxis": "y2",
    }
    return figure([ers, cpes], layout, height=420)
