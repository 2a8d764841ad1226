"""Chart builders: DataFrame in, Plotly figure out; no Streamlit calls, so they are tested
directly. Colours come from .streamlit/config.toml (one palette for the whole app), and a
tier keeps its colour on every chart: tiers take palette colours in scheme order."""

from __future__ import annotations

import tomllib
from functools import cache

import plotly.graph_objects as go

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


def vline(figure: go.Figure, x: float, **line: object) -> None:
    """A line across the plot at `x` (line: dash, width, color): the shape add_vline
    draws, without add_vline's subplot look-up (several ms a chart)."""
    figure.add_shape(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=line)


def hline(figure: go.Figure, y: float, **line: object) -> None:
    """A line across the plot at `y`: the shape add_hline draws (see vline)."""
    figure.add_shape(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=line)


def primary() -> str:
    return palette()[1 % len(palette())]


def base_layout(figure: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    """Common layout: a plain title, tight margins, legend on top."""
    figure.update_layout(
        title=title,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    return figure
