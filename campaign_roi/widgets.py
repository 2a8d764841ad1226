"""Small Streamlit pieces every page uses: tables with our own CSV download, empty states,
definition captions. The built-in dataframe export is off (client.disableDataExport):
downloads go through export.to_csv, which neutralises formula-like text cells."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from campaign_roi import app_state, export


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


def download_csv(
    data: pd.DataFrame | list[dict[str, Any]], name: str, key: str | None = None
) -> None:
    """A download button for a table as CSV (formula-like text neutralised). The CSV is
    made when the button is clicked, not on every run: a leaderboard of half a million
    creators would otherwise be written out, and held per session, each time."""
    st.download_button(
        "Download CSV",
        data=lambda: export.to_csv(data),
        file_name=f"{_slug(name)}.csv",
        mime="text/csv",
        key=key or f"download-{_slug(name)}",
        icon=":material/download:",
    )


def table(
    frame: pd.DataFrame,
    name: str,
    column_config: dict[str, Any] | None = None,
    download: pd.DataFrame | list[dict[str, Any]] | None = None,
) -> None:
    """A table on screen and its CSV download (of `download` when given: raw figures
    rather than the formatted ones on screen)."""
    st.dataframe(frame, hide_index=True, column_config=column_config, width="stretch")
    download_csv(frame if download is None else download, name)


def table_download_later(
    frame: pd.DataFrame,
    name: str,
    column_config: dict[str, Any] | None,
    make: Callable[..., pd.DataFrame | list[dict[str, Any]]],
    args: tuple,
) -> None:
    """A table on screen whose CSV is `make(connection, *args)`, worked out only when the
    download is clicked (download_table_later): for a CSV with figures the table does not
    show and the run need not work out."""
    st.dataframe(frame, hide_index=True, column_config=column_config, width="stretch")
    download_table_later(make, args, name)


def empty_state(message: str = "No data for these filters.") -> None:
    """A friendly message instead of a chart or table when a filter leaves nothing."""
    st.info(
        f"{message} Widen the period or clear a filter in the sidebar.",
        icon=":material/filter_alt_off:",
    )


def definition(text: str) -> None:
    """The caption under a chart or table naming the METRICS.md definition it shows."""
    st.caption(f"Definition: {text}")


def download_table_later(
    make: Callable[..., pd.DataFrame | list[dict[str, Any]]], args: tuple, name: str
) -> None:
    """A CSV download of `make(connection, *args)`, run only when the button is clicked
    (a list of half a million rows is not built, nor held per session, on every run),
    on a cursor of its own: the click comes after the page's run and its snapshot."""

    def csv() -> str:
        con = app_state.cursor()
        try:
            return export.to_csv(make(con, *args))
        finally:
            con.close()

    download_csv_callable(csv, name)


def download_csv_callable(csv: Callable[[], str], name: str) -> None:
    st.download_button(
        "Download CSV",
        data=csv,
        file_name=f"{_slug(name)}.csv",
        mime="text/csv",
        key=f"download-{_slug(name)}",
        icon=":material/download:",
    )
