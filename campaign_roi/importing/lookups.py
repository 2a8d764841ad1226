"""Asking the database about a batch's values (registered as a temporary relation)."""

from __future__ import annotations

import uuid

import duckdb
import pandas as pd

from campaign_roi.contract import TABLES


def with_values(con: duckdb.DuckDBPyConnection, values: pd.Series, sql: str) -> pd.DataFrame:
    """Run `sql` with the values registered as relation `_vals(v)`; fetch fully."""
    name = f"_import_vals_{uuid.uuid4().hex}"
    con.register(name, pd.DataFrame({"v": values.astype("str").to_numpy()}))
    try:
        return con.execute(sql.replace("_vals", name)).df()
    finally:
        con.unregister(name)


def missing_in_db(con: duckdb.DuckDBPyConnection, table: str, values: pd.Series) -> set[str]:
    """The values that are not keys of `table` in the database."""
    if values.empty:
        return set()
    key = TABLES[table].key
    sql = f"SELECT c.v FROM _vals AS c ANTI JOIN {table} AS t ON c.v = t.{key}"
    return set(with_values(con, values, sql)["v"])
