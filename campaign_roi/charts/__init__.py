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


def subplot_layout(rows: int = 1, cols: int = 1, titles=(), **options: object) -> dict:
    """The layout make_subplots(rows, cols, subplot_titles=titles, **options) draws (axes,
    domains, title annotations; no template), as a fresh plain dict. A chart puts its
    traces on axes `subplot_axes(row, col, cols)` and is built once (figure()): the
    figure make_subplots, add_trace(row=, col=) and update_yaxes(row=, col=) give,
    without their look-ups and validation each call (10-20 ms a chart)."""
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
    with the common look put in: a plain title, the height, tight margins and the legend
    on top (a chart's own margin or legend keys are kept where these set none).

    Building from graph objects (go.Bar(...), add_trace, update_layout, update_xaxes)
    validates every call: 15-25 ms a chart, several a page. Here the figure is checked
    against Plotly's schema only where VALIDATE is on (the tests: tests/conftest.py), as
    st.plotly_chart sends a Figure without validating it again (plotly.io.to_json,
    validate=False); in the server a chart costs 1.5-9 ms. `_validate` is Plotly's own
    switch for that (BaseFigure.__init__)."""
    layout = dict(layout or {})
    if title is not None:  # as a validated figure has it ({"text": ...}), not a bare string
        layout["title"] = {"text": title}
    layout["height"] = height
    for name, value in (("margin", _margin(50 if title else 20)), ("legend", _legend())):
        layout[name] = {**layout.get(name, {}), **value}
    return _build(traces, layout)


def _build(traces: list[dict], layout: dict) -> go.Figure:
    """go.Figure of figure(): checked against the schema where VALIDATE is on (the tests
    also build it unchecked and compare what would be sent: tests/conftest.py)."""
    return go.Figure(data=traces, layout=layout, _validate=VALIDATE)


# Whether figure() checks each chart against Plotly's schema (tests turn it on).
VALIDATE = os.environ.get("CAMPAIGN_ROI_VALIDATE_CHARTS", "") == "1"


def _margin(top: int) -> dict:
    return {"l": 10, "r": 10, "t": top, "b": 10}


def _legend() -> dict:
    return {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
