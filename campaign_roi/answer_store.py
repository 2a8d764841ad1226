"""Whole query answers stored at refresh: for each window of agg_windows with no filter
and each tier scheme, the rows the pages' costlier fast queries return (STORED), kept
in one table per query (agg_answer_<query>) and read back instead of worked out. Also
each campaign's own views with no filter (its days, creators and spend by category over
all its time: the campaigns page asks them whatever the period).

A page run over a window with no filter (11 of the benchmark's 30 filter changes: a
preset period and nothing else) otherwise spends 100-750 ms at 10M posts in these
queries: the codes page's leakage norm over 680k codes, the creators board ranking
490k creators, the content page counting every post's ER. Stored, each is one lookup.

How it stays exact:
- The answers are stored by running the pages' own package calls (`_page_calls`) while
  the store is filled: db.run_sql hands every request for a STORED query to `store`,
  which runs the statement with its bound values into the query's table (so the rows
  keep the query's own column types) and reads it back, in its order.
- A request is keyed by a hash of the query's name, its text (an edited query file is
  a miss, not a stale answer) and every value bound to it (the period, the window, the
  scheme's tiers by band, the sort...): anything else asked is worked out as before.
- Only fast queries are stored, and a fast query runs only while the pre-aggregates are
  current (aggregates.fast_params): a write that does not refresh them turns the store
  off with them. A refresh empties it first (`clear`: what the refresh itself asks on
  the way, the quantile store, reads no answer of the data as it was) and fills it last.
- Stored from MIN_POSTS posts up: filling asks every page's questions over every window
  (about a minute at 10M posts, and nearly as long on a small database, where the
  statements' fixed costs dominate), worth it only where the queries are slow.

How it is read fast: beside its rows, each answer is kept as the DataFrame the page gets
(Arrow IPC bytes), stored only when it reads back exactly equal (types, values, order).
Reading that is 1-7 ms; reading the rows through SQL and converting them (.df()) 4-25
ms, most of it per column (30-40 columns a summary). The frames are the columns of
one-row tables, agg_answer_frames_0 to _f, one column per request named by its key (the
table by its first digit: frames_table): DuckDB reads a whole column segment of BLOBs to
give one row's (77 ms for 37 MB of frames as rows of one column), but only the column
asked; and plans a statement on a table of thousands of columns in 5 ms, on one of a
few hundred in under 1. An answer whose frame does not read back equal is read from its
rows as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

# The queries whose answers are stored (db.run_sql's names; code_page is composed).
STORED = frozenset(
    {
        "code_page",
        "fast_code_orders_by_day",
        "fast_content_breakdown",
        "fast_creator_board",
        "fast_creator_overhead",
        "fast_creator_typical_er",
        "fast_daily_totals",
        "fast_er_distribution",
        "fast_er_trend",
        "fast_placement_digest",
        "fast_placement_ers",
        "fast_pricing_model_summary",
        "fast_spend_by_category",
        "fast_summary",
        "fast_summary_facts",
        "fast_value_counts",
        "fast_value_pick",
    }
)
INDEX = "agg_answer_store"  # (query, request): what is stored
# agg_answer_frames_0 .. _f: one row each, a column per request (its key's first digit
# names the table) with its frame (Arrow IPC)
FRAMES = "agg_answer_frames_"
# Below this many posts the pages meet their targets without it: the store would cost
# every refresh (every page's questions over every window) more than it saves.
MIN_POSTS = 2_000_000

# while filling: (the requests stored, the tables made, the frames kept by request)
_filling: ContextVar[tuple[set[str], set[str], dict[str, bytes]] | None] = ContextVar(
    "answer_store_filling", default=None
)


def table(name: str) -> str:
    """The table a STORED query's answers are kept in."""
    if name not in STORED:
        raise ValueError(f"{name} is not a stored query")
    return f"agg_answer_{name}"


def request(name: str, sql: str, bound: Mapping[str, Any]) -> str | None:
    """The key a request's answer is stored under (for a STORED query, else None): a hash
    of its name, text and bound values. Whether it is stored is up to the index."""
    if name not in STORED:
        return None
    described = json.dumps([name, sql, sorted(bound.items())], default=str)
    return hashlib.sha256(described.encode()).hexdigest()


def is_filling() -> bool:
    """True while `fill` runs the pages' calls: db.run_sql then stores (`store`)."""
    return _filling.get() is not None


def index(con: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """The requests stored, each with whether its frame is kept (empty when the store was
    never made here). Asks whether the tables are there rather than catching the error: a
    failed statement would abort the writer's transaction this may run in."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = $index "
        "AND database_name = current_database() AND schema_name = current_schema()",
        {"index": INDEX},
    ).fetchone()[0]
    if not found:
        return {}
    framed = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE starts_with(table_name, $frames) "
            "AND database_name = current_database() AND schema_name = current_schema()",
            {"frames": FRAMES},
        ).fetchall()
    }
    rows = con.execute("SELECT request FROM agg_answer_store").fetchall()
    return {row[0]: row[0] in framed for row in rows}


def clear(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the store: first thing in a refresh, so that nothing the refresh asks before
    the store is filled again (the quantile store's requests) reads an answer of the data
    as it was."""
    for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'agg_answer_') "
        "AND database_name = current_database() AND schema_name = current_schema()"
    ).fetchall():
        con.execute(f'DROP TABLE "{name}"')
    con.execute("CREATE OR REPLACE TABLE agg_answer_store (query VARCHAR, request VARCHAR)")


def read(con: duckdb.DuckDBPyConnection, name: str, key: str, framed: bool) -> pd.DataFrame:
    """A stored answer: the query's columns, types and rows in its order (from its frame
    when one is kept: `framed`, as index() has it; else from its rows)."""
    if framed:
        _check_key(key)
        blob = con.execute(f'SELECT "{key}" FROM {frames_table(key)}').fetchall()[0][0]  # noqa: S608
        return decode(blob)
    return _read_rows(con, name, key)


def frames_table(key: str) -> str:
    """The table whose column `key` holds a request's frame: one of 16 by the key's first
    digit. A statement on a table of 2,700 columns (one for every request at 10M posts)
    takes 5 ms to plan, on one of 170 under 1 ms."""
    return FRAMES + key[0]


def _check_key(key: str) -> None:
    """A request key names a column of a frames table: a sha256 in hex, nothing else."""
    if len(key) != 64 or not set(key) <= set("0123456789abcdef"):
        raise ValueError(f"not a request key: {key!r}")


def _read_rows(con: duckdb.DuckDBPyConnection, name: str, key: str) -> pd.DataFrame:
    return con.execute(
        f"SELECT * EXCLUDE (store_request, store_row) FROM {table(name)} "  # noqa: S608
        "WHERE store_request = $request ORDER BY store_row",
        {"request": key},
    ).df()


def encode(frame: pd.DataFrame, types: pa.Schema | None = None) -> bytes | None:
    """`frame` as Arrow IPC bytes that decode() reads back exactly equal, else None. Each
    column's Arrow type is the one inferred from it, or where that fails (e.g. a list of
    structs holding a UBIGINT) the statement's own (`types`: its rows' Arrow schema)."""
    types = types if types is not None else pa.schema([])
    fields = []
    try:
        for column in frame.columns:
            try:
                kind = pa.array(frame[column], from_pandas=True).type
            except (pa.ArrowException, OverflowError, TypeError, ValueError):
                kind = types.field(column).type
            fields.append(pa.field(column, kind))
        # from_pandas keeps the pandas dtypes in the schema's metadata (e.g. Int64 for an
        # integer column with NULLs), so that to_pandas gives them back
        data = pa.Table.from_pandas(frame, schema=pa.schema(fields), preserve_index=False)
    except (pa.ArrowException, OverflowError, TypeError, ValueError, KeyError):
        return None
    # object columns whose missing values are pd.NA (DuckDB's NULL lists), not None as
    # Arrow gives them back: named in the metadata, put back by decode()
    missing = [
        column
        for column in frame.columns
        if frame[column].dtype == object and any(value is pd.NA for value in frame[column])
    ]
    data = data.replace_schema_metadata(
        {**(data.schema.metadata or {}), _NA_COLUMNS: json.dumps(missing).encode()}
    )
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, data.schema) as writer:
        writer.write_table(data)
    blob = sink.getvalue().to_pybytes()
    try:
        pd.testing.assert_frame_equal(decode(blob), frame, check_exact=True)
    except (AssertionError, TypeError, ValueError):
        return None
    return blob


def decode(blob: bytes) -> pd.DataFrame:
    """The DataFrame encode() wrote."""
    data = pa.ipc.open_stream(blob).read_all()
    frame = data.to_pandas()
    for column in json.loads((data.schema.metadata or {}).get(_NA_COLUMNS, b"[]")):
        frame[column] = [pd.NA if value is None else value for value in frame[column]]
    return frame


_NA_COLUMNS = b"answer_store_na_columns"


def store(
    con: duckdb.DuckDBPyConnection, name: str, sql: str, bound: Mapping[str, Any], key: str
) -> pd.DataFrame:
    """While filling: run the request's statement with its values into its table (once),
    numbering its rows in the order the statement gives them, and read it back, so the
    page calls go on from the stored answer (what later page runs will read)."""
    filling = _filling.get()
    assert filling is not None, "store() runs only while the store is filled"
    stored, made, frames = filling
    if key not in stored:
        rows = (
            "SELECT $store_request AS store_request, row_number() OVER () AS store_row, "
            f"answer.* FROM (\n{sql}\n) AS answer"
        )
        into = f"INSERT INTO {table(name)} " if name in made else f"CREATE TABLE {table(name)} AS "
        con.execute(into + rows, {**bound, "store_request": key})
        con.execute("INSERT INTO agg_answer_store VALUES (?, ?)", [name, key])
        made.add(name)
        stored.add(key)
        types = (
            con.sql(
                f"SELECT * EXCLUDE (store_request, store_row) FROM {table(name)} LIMIT 0"  # noqa: S608
            )
            .to_arrow_table()
            .schema
        )
        frame = _read_rows(con, name, key)
        blob = encode(frame, types)
        if blob is not None:
            frames[key] = blob
        return frame
    return _read_rows(con, name, key)


def _store_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, bytes]) -> None:
    """The frames tables: one row each, a column per request (named by its key) with its
    frame, in the table frames_table names."""
    for key in frames:
        _check_key(key)
    for name in sorted({frames_table(key) for key in frames}):
        keys = sorted(key for key in frames if frames_table(key) == name)
        columns = ", ".join(f'$f{i} AS "{key}"' for i, key in enumerate(keys))
        con.execute(
            f"CREATE TABLE {name} AS SELECT {columns}",  # noqa: S608
            {f"f{i}": frames[key] for i, key in enumerate(keys)},
        )


def fill(con: duckdb.DuckDBPyConnection) -> int:
    """Store the answers the pages ask over every window with no filter, for every
    scheme (after the pre-aggregates are built and marked current), when there are at
    least MIN_POSTS posts; returns how many were stored."""
    from campaign_roi import aggregates, db, metrics  # they read through db, which reads here

    clear(con)
    if con.execute("SELECT count(*) FROM posts").fetchone()[0] < MIN_POSTS:
        return 0
    windows = con.execute(
        "SELECT first_day, last_day, window_days FROM agg_windows ORDER BY 1"
    ).fetchall()
    schemes = [
        row[0] for row in con.execute("SELECT DISTINCT scheme FROM tiers ORDER BY 1").fetchall()
    ]
    frames: dict[str, bytes] = {}
    token = _filling.set((set(), set(), frames))
    try:
        # kept(): the tiers by band and the value counts read once, not per call
        with db.held(con):
            for scheme in schemes:
                for first_day, last_day, days in windows:
                    # all time (0 days) is the open period, as the pages ask it
                    dates = {} if days == 0 else {"date_from": first_day, "date_to": last_day}
                    filters = metrics.Filters(scheme=scheme, **dates)
                    if aggregates.fast_params(con, metrics.query_params(con, filters)) is None:
                        continue
                    _page_calls(con, filters)
                _campaign_calls(con, metrics.Filters(scheme=scheme))
    finally:
        _filling.reset(token)
    _store_frames(con, frames)
    return con.execute("SELECT count(*) FROM agg_answer_store").fetchone()[0]


def _campaign_calls(con: duckdb.DuckDBPyConnection, filters) -> None:
    """What the campaigns page asks of each campaign with no filter: its days, creators
    and spend by category over all its time (campaigns.scoped drops the period, so these
    are the same requests whatever window the page is on)."""
    from campaign_roi import campaigns, costs

    for (campaign_id,) in con.execute(
        "SELECT campaign_id FROM campaigns ORDER BY campaign_id"
    ).fetchall():
        campaigns.daily(con, campaign_id, filters)
        campaigns.creators(con, campaign_id, filters)
        costs.spend_by_category(con, campaigns.scoped(campaign_id, filters))


def _page_calls(con: duckdb.DuckDBPyConnection, filters) -> None:
    """What the pages ask over a period with no filter (views/*.py, with their default
    and chosen widgets), so that their STORED requests are stored."""
    from campaign_roi import (
        campaigns,
        codes,
        content,
        costs,
        creators,
        distributions,
        metrics,
        planning,
        tiers,
        trends,
    )

    scheme = metrics.tier_scheme(con, filters.scheme)
    # Overview, with the period before for its changes
    metrics.summary_with_total(con, "campaign", filters, False, metrics.SHOWN_MEDIANS)
    metrics.summary(con, "all", filters, medians=metrics.SHOWN_MEDIANS)
    previous = filters.previous_period()
    if previous is not None:
        metrics.summary(con, "all", previous, medians=metrics.SHOWN_MEDIANS)
    metrics.summary(con, "all", filters, medians=False)
    metrics.compare(con, filters=filters)
    trends.spend_and_revenue(con, filters)
    metrics.summary(con, "campaign", filters, medians=False)
    # Tiers
    metrics.summary(con, "tier", filters, medians=metrics.SHOWN_MEDIANS)
    metrics.summary(con, "tier", filters, then_by="platform", medians=metrics.SHOWN_MEDIANS)
    distributions.er_distribution(con, filters)
    distributions.er_by_followers(con, filters)
    distributions.er_trend(con, filters)
    # Costs
    for by in costs.COST_GROUPINGS:
        costs.cost_summary(con, by, filters, medians=False)
    costs.spend_by_category(con, filters)
    # Micro vs macro, with the default sides
    micro, macro = tiers.default_sides(scheme)
    if micro and macro:
        planning.micro_vs_macro(con, filters, tuple(micro), tuple(macro))
    # Affiliate codes
    codes.code_page(con, filters)
    codes.orders_by_day(con, filters)
    creators.leaderboard(con, filters, "Revenue", "", medians=False)
    metrics.summary(con, "tier", filters, medians=False)
    # Campaigns
    campaigns.comparison(con, filters)
    # Creators, in every order
    for sort in creators.SORTS:
        creators.leaderboard(con, filters, sort, "")
    # Content, every breakdown
    for by in content.BREAKDOWNS:
        content.breakdown(con, by, filters)
