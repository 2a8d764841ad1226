"""Chart builders: DataFrame in, Plotly figure out; no Streamlit calls, so they are tested
directly. Colours come from .streamlit/config.toml (one palette for the whole app), and a
tier keeps its colour on every chart: tiers take palette colours in scheme order."""

from __future__ import annotations

import json
import os
import tomllib
from functools import cache

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from campaign_roi.paths import PROJECT_ROOT

CONFIG_FILE = PROJECT_ROOT / ".streamlit" / "config.toml"
_FALLBACK = ("#1f6fb2", "#e07b39", "#2a9d8f", "#b03a2e", "#8e6bbf", "#6c757d")


@cache
def palette() -> tuple[str, ...]:
    """The categorical colours of the app theme (config.toml, theme.chartCategoricalColors)."""
    try:
        theme = tomllib.loads(CONFIG_FILE.read_text(encoding="utf-8")).get("theme", {})
    except (OSError, tomllib.TOMLDecodeError):
        return _FALLBACK
    return tuple(theme.get("chartCategoricalColors", _FALLBACK))


def tier_colors(tiers: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Tier name -> colour, in scheme order (smallest tier first), the same on every chart."""
    colours = palette()
    return {tier: colours[i % len(colours)] for i, tier in enumerate(tiers)}


def vline_shape(x: float, **line: object) -> dict:
    """The shape add_vline draws at `x` (line: dash, width, color), for a layout's shapes."""
    return {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1,
            "yref": "y domain", "line": line}  # fmt: skip


def vline(figure: go.Figure, x: float, **line: object) -> None:
    """A line across the plot at `x`: vline_shape added, without add_vline's subplot
    look-up (several ms a chart)."""
    figure.add_shape(**vline_shape(x, **line))


def hline(figure: go.Figure, y: float, **line: object) -> None:
    """A line across the plot at `y`: the shape add_hline draws (see vline)."""
    figure.add_shape(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=line)


def subplot_layout(rows: int = 1, cols: int = 1, titles=(), **options: object) -> dict:
    """The layout make_subplots(rows, cols, subplot_titles=titles, **options) draws (axes,
    domains, title annotations; no template), as a fresh plain dict. A chart puts its
    traces on axes `subplot_axes(row, col, cols)` and builds go.Figure(data, layout)
    once: the figure make_subplots, add_trace(row=, col=) and update_yaxes(row=, col=)
    give, without their look-ups and validation each call (10-20 ms a chart)."""
    layout = json.loads(
        _subplot_layout(rows, cols, tuple(bool(t) for t in titles), json.dumps(options))
    )
    texts = iter([t for t in titles if t])
    for note in layout.get("annotations", ()):
        note["text"] = next(texts)
    return layout


@cache
def _subplot_layout(rows: int, cols: int, titled: tuple[bool, ...], options: str) -> str:
    """make_subplots' layout as JSON (a fresh copy each json.loads: quicker than deepcopy)."""
    titles = ["title" if t else "" for t in titled] or None
    grid = make_subplots(rows=rows, cols=cols, subplot_titles=titles, **json.loads(options))
    layout = grid.to_dict()["layout"]
    layout.pop("template", None)
    return json.dumps(layout)


def subplot_axes(row: int, col: int, cols: int) -> tuple[str, str]:
    """The x and y axis names (trace xaxis/yaxis: "x", "y2", ...) of a subplot of a grid
    of `cols` columns (rows and columns from 1, as make_subplots counts them)."""
    n = (row - 1) * cols + col
    return ("x", "y") if n == 1 else (f"x{n}", f"y{n}")


def axis_key(axis: str) -> str:
    """The layout key of axis "x", "y2", ...: "xaxis", "yaxis2"."""
    return f"{axis[0]}axis{axis[1:]}"


def primary() -> str:
    return palette()[1 % len(palette())]


def figure(
    traces: list[dict], layout: dict | None = None, title: str | None = None, height: int = 380
) -> go.Figure:
    """The chart from plain dicts, built at once: `traces` as Plotly has them (each with
    its "type"; nested dicts, not magic underscores: marker={"color": ...}), `layout`
    with base_layout's title, height, margin and legend put in.

    Building from graph objects (go.Bar(...), add_trace, update_layout, update_xaxes)
    validates every call: 15-25 ms a chart, several a page. Here the figure is checked
    against Plotly's schema only where VALIDATE is on (the tests: tests/conftest.py), as
    st.plotly_chart sends a Figure without validating it again (plotly.io.to_json,
    validate=False); in the server the chart costs 2-5 ms. `_validate` is Plotly's own
    switch for that (BaseFigure.__init__)."""
    layout = dict(layout or {})
    layout["title"] = title
    layout["height"] = height
    for name, value in (("margin", _margin(50 if title else 20)), ("legend", _legend())):
        layout[name] = {**layout.get(name, {}), **value.to_plotly_json()}
    return go.Figure(data=traces, layout=layout, _validate=VALIDATE)


# Whether figure() checks each chart against Plotly's schema (tests turn it on).
VALIDATE = os.environ.get("CAMPAIGN_ROI_VALIDATE_CHARTS", "") == "1"


def base_layout(figure: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    """Common layout: a plain title, tight margins, legend on top. The margin and legend
    are assigned as objects built once (update_layout validates their dicts again each
    call, 2 ms a chart), merged instead where the chart set some of their own."""
    layout = figure.layout
    layout.title = title
    layout.height = height
    top = 50 if title else 20
    for name, value in (("margin", _margin(top)), ("legend", _legend())):
        if layout[name].to_plotly_json():
            layout.update({name: value.to_plotly_json()})
        else:
            layout[name] = value
    return figure


@cache
def _margin(top: int) -> go.layout.Margin:
    return go.layout.Margin(l=10, r=10, t=top, b=10)


@cache
def _legend() -> go.layout.Legend:
    return go.layout.Legend(orientation="h", yanchor="bottom", y=1.02, x=0)
