"""Comparing a batch's rows with the database, upserting them, and logging the import."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import duckdb
import pandas as pd
import pyarrow as pa

from campaign_roi.contract import TABLES
from campaign_roi.importing.types import TableCounts


def _staged_sql(table: str, relation: str) -> str:
    """SELECT the frame's columns cast to the table's types (identifiers from the contract)."""
    casts = ", ".join(f"CAST({c.name} AS {c.sql_type}) AS {c.name}" for c in TABLES[table].columns)
    return f"SELECT {casts} FROM {relation}"


def _changed_sql(table: str, relation: str) -> str:
    names = ", ".join(TABLES[table].column_names)
    return f"({_staged_sql(table, relation)}) EXCEPT (SELECT {names} FROM {table})"


def _register(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> str:
    """Register the frame (as Arrow: faster to scan) under a fresh name; return the name."""
    relation = f"_import_{table}_{uuid.uuid4().hex}"
    con.register(relation, pa.Table.from_pandas(frame, preserve_index=False))
    return relation


def count_changes(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> TableCounts:
    """How many rows are new, would update a stored row, or are already stored as they are."""
    relation = _register(con, table, frame)
    key = TABLES[table].key
    try:
        sql = (
            f"WITH changed AS ({_changed_sql(table, relation)}) "
            f"SELECT (SELECT count(*) FROM changed), "
            f"(SELECT count(*) FROM changed AS c ANTI JOIN {table} AS t ON c.{key} = t.{key})"
        )
        changed, new = con.execute(sql).fetchall()[0]
    finally:
        con.unregister(relation)
    return TableCounts(new=new, updated=changed - new, unchanged=len(frame) - changed)


def write_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> TableCounts:
    """Upsert by id the rows that are new or changed; return how many of each.

    The SQL names tables and columns (identifiers, only from the contract's allow-list);
    every value travels in the registered frame, never in the SQL text.
    """
    if table not in TABLES:
        raise ValueError(f"not a contract table: {table!r}")
    relation = _register(con, table, frame)
    names = ", ".join(TABLES[table].column_names)
    key = TABLES[table].key
    try:
        if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)").fetchall()[0][
            0
        ]:
            con.execute(f"INSERT INTO {table} ({names}) {_staged_sql(table, relation)}")
            return TableCounts(new=len(frame))
        changed = f"{relation}_changed"
        con.execute(f"CREATE TEMP TABLE {changed} AS {_changed_sql(table, relation)}")
        total, new = con.execute(
            f"SELECT (SELECT count(*) FROM {changed}), "
            f"(SELECT count(*) FROM {changed} AS c ANTI JOIN {table} AS t ON c.{key} = t.{key})"
        ).fetchall()[0]
        con.execute(f"INSERT OR REPLACE INTO {table} ({names}) SELECT * FROM {changed}")
        con.execute(f"DROP TABLE {changed}")
        return TableCounts(new=new, updated=total - new, unchanged=len(frame) - total)
    finally:
        con.unregister(relation)


def log_import(
    con: duckdb.DuckDBPyConnection,
    table: str,
    counts: TableCounts,
    source: str,
    imported_by: str | None,
) -> None:
    con.execute(
        "INSERT INTO import_log VALUES "
        "($id, $at, $by, $files, $source, $table, $new, $updated, $unchanged)",
        {
            "id": uuid.uuid4().hex,
            "at": datetime.now(UTC).replace(tzinfo=None),
            "by": imported_by,
            "files": ", ".join(counts.files),
            "source": source,
            "table": table,
            "new": counts.new,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        },
    )
