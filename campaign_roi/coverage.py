"""Data coverage for the Data page: how much of what the metrics need the database holds.

    figures = coverage(con)   # one row: posts, impressions_share, ..., spend_without_creator

Shares are fractions (0-1) and NULL (no value) when there are no posts.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from campaign_roi import db


def coverage(con: duckdb.DuckDBPyConnection) -> pd.Series:
    """The coverage figures of the whole database, as one row."""
    return db.run_query(con, "coverage").iloc[0]
