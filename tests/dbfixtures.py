"""Build real DuckDB files from rows written out in a test: never a mock database.

    path = build_db(tmp_path / "t.duckdb", {
        "influencers": [dict(influencer_id="i1", handle="@a", platform="tiktok", followers=50)],
        ...
    })

Columns left out of a row are NULL, so a test names only what it is about. The
pre-aggregates are refreshed after the rows go in, as every writer does, so tests read
what the dashboard reads (tests/test_aggregates.py holds them equal to the views).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from campaign_roi import aggregates, db

TABLE_ORDER = ("influencers", "campaigns", "posts", "spend", "affiliate_codes", "orders")


def insert_rows(con, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows into a contract table; missing columns are NULL (or their default)."""
    if not rows:
        return
    columns = [c for c, *_ in con.execute(f"DESCRIBE {table}").fetchall()]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    if table == "orders":
        frame["refunded"] = frame["refunded"].fillna(False).astype(bool)
    con.register("rows_to_insert", frame)
    con.execute(f"INSERT INTO {table} SELECT * FROM rows_to_insert")
    con.unregister("rows_to_insert")


def build_db(
    path: Path,
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    settings: Mapping[str, str | None] | None = None,
) -> Path:
    """Create a database at `path` with the schema and the given rows; return the path."""
    unknown = set(tables) - set(TABLE_ORDER)
    if unknown:
        raise ValueError(f"unknown tables: {unknown}")
    con = db.connect_rw(path)
    try:
        for table in TABLE_ORDER:
            insert_rows(con, table, tables.get(table, ()))
        for key, value in (settings or {}).items():
            db.set_setting(con, key, value)
        aggregates.refresh(con)
    finally:
        con.close()
    return path
