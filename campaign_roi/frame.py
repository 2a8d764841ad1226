"""The shared filters, built once by the frame (dashboard.py) in the sidebar.

Every widget is bound to the URL (bind="query-params"), so a filtered view is a link
that reopens as it was. The resulting metrics.Filters is left in session state for
the page (app_state.current_filters()).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from campaign_roi import aggregates, app_state, db, metrics, periods

DIMENSIONS = (
    # (filter field, options dimension, label, URL key)
    ("brands", "brand", "Brand", "brand"),
    ("campaigns", "campaign", "Campaign", "campaign"),
    ("platforms", "platform", "Platform", "platform"),
    ("content_types", "content_type", "Content type", "content"),
)


def filter_options(con) -> pd.DataFrame:
    return db.run_query(con, "filter_options")


def date_span(con) -> tuple[date | None, date | None]:
    """The first and last day with data (from the pre-aggregates when they are current)."""
    query = "fast_date_span" if aggregates.is_fresh(con) else "date_span"
    row = db.run_query(con, query).iloc[0]
    first, last = row["first_day"], row["last_day"]
    return (None, None) if pd.isna(first) else (first.date(), last.date())


def tier_names(con, scheme: str) -> list[str]:
    return metrics.tier_scheme(con, scheme).names


def _choice(options: pd.DataFrame, dimension: str) -> tuple[list[str], dict[str, str]]:
    rows = options[options["dimension"] == dimension]
    return list(rows["value"]), dict(zip(rows["value"], rows["label"], strict=True))


ADOPT_SCHEME_KEY = "adopt_scheme"  # set by the Data page after it changes the default scheme


def _reset_tiers() -> None:
    # tiers of one scheme mean nothing in another
    st.session_state["tier"] = []


def shared_filters(default_scheme: str) -> metrics.Filters:
    """Render the sidebar filters and return them (also stored for the page)."""
    options = app_state.cached(filter_options)
    first_day, last_day = app_state.cached(date_span)
    chosen: dict[str, tuple[str, ...] | None] = {}
    with st.sidebar:
        st.header("Filters")
        preset = st.selectbox("Period", periods.PRESETS, key="period", bind="query-params")
        custom = None
        if preset == periods.CUSTOM:
            custom = st.date_input(
                "From – to",
                value=(first_day, last_day) if first_day else (),
                min_value=first_day,
                max_value=last_day,
                key="dates",
                bind="query-params",
            )
        date_from, date_to = periods.period_range(preset, last_day, custom)
        if date_from is not None:
            st.caption(f"{date_from:%d %b %Y} – {date_to:%d %b %Y}")
        for field, dimension, label, key in DIMENSIONS:
            values, labels = _choice(options, dimension)
            picked = st.multiselect(
                label,
                values,
                format_func=labels.get,
                key=key,
                bind="query-params",
                placeholder="All",
            )
            chosen[field] = tuple(picked) or None
        schemes, _ = _choice(options, "scheme")
        adopted = st.session_state.pop(ADOPT_SCHEME_KEY, None)
        if adopted in schemes:  # the Data page made it the default: this session follows
            st.session_state["scheme"] = adopted
            _reset_tiers()
        scheme = st.selectbox(
            "Tier scheme",
            schemes,
            index=schemes.index(default_scheme) if default_scheme in schemes else 0,
            key="scheme",
            bind="query-params",
            on_change=_reset_tiers,
            help="default: nano <10k, micro <100k, macro <1M, mega; "
            "five: nano <10k, micro <50k, mid <500k, macro <1M, mega",
        )
        tiers = st.multiselect(
            "Tier",
            app_state.cached(tier_names, scheme),
            key="tier",
            bind="query-params",
            placeholder="All",
        )
    filters = metrics.Filters(
        date_from=date_from,
        date_to=date_to,
        tiers=tuple(tiers) or None,
        scheme=scheme,
        **chosen,
    )
    st.session_state[app_state.FILTERS_KEY] = filters
    return filters
