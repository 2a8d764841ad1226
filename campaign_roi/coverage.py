"""Data coverage for the Data page: how much of what the metrics need the database holds.

    figures = coverage(con)   # one row: posts, impressions_share, ..., spend_without_creator

Figures: posts; impressions_share, reach_share, views_share, clicks_share and
engagement_share (any of likes, comments, shares, saves known); creators and
creators_without_posts; codes and codes_without_orders (no order row, refunded or not);
spend_rows, spend_rows_without_creator, spend_without_creator, spend_total; orders and
orders_without_code (their code is not among the affiliate codes).
Shares are fractions (0-1) and NULL (no value) when there are no posts.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from campaign_roi import db


def coverage(con: duckdb.DuckDBPyConnection) -> pd.Series:
    """The coverage figures of the whole database, as one row."""
    return db.run_query(con, "coverage").iloc[0]
