"""The only module that touches DuckDB: connections, cursors, schema, named queries.

The command line opens the file read-only to read and read-write to write. The
dashboard server owns its file: one cached read-write root connection per file, a
fresh `.cursor()` per query (DuckDB refuses to share one connection between threads,
and Streamlit runs every session on its own thread), and its writes (the Data page)
in one transaction on a cursor of that same root, so viewers keep reading the last
committed state while an import runs. A page run reads through `snapshot()`: every
query of the run sees one committed state, never half before and half after a commit.

Moving past one machine (Parquet or DuckLake read by several replicas) is a change
to this module only.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from campaign_roi import answer_store
from campaign_roi.paths import QUERIES_DIR, SCHEMA_FILE

DEFAULT_SETTINGS: dict[str, str | None] = {
    "reporting_currency": "USD",
    "tier_scheme": "default",
    "gross_margin": None,
}

_QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class DatabaseBusy(RuntimeError):
    """The database file is held for writing by another process (often the dashboard)."""


class DatabaseMissing(FileNotFoundError):
    """There is no database file at the path given."""


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def _busy(path: Path) -> DatabaseBusy:
    return DatabaseBusy(
        f"The database {path} is in use by another program (probably the running "
        "dashboard); stop it or import through the dashboard's Data page, then try again."
    )


def connect_rw(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a database for writing, with the schema in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if _is_lock_error(exc):
            raise _busy(path) from exc
        raise
    ensure_schema(con)
    return con


def connect_ro(path: Path) -> duckdb.DuckDBPyConnection:
    """Open an existing database read-only, upgrading its schema first if it is older."""
    if not path.exists():
        raise DatabaseMissing(f"No database at {path}. Build one with: python -m campaign_roi demo")
    try:
        con = duckdb.connect(str(path), read_only=True)
        if _stored_schema_version(con) == schema_version():
            return con
        con.close()
        connect_rw(path).close()  # ensure_schema brings tables, views and macros up to date
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if _is_lock_error(exc):
            raise _busy(path) from exc
        raise


def _stored_schema_version(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute("SELECT value FROM settings WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


# The dashboard server's DuckDB memory (its buffer cache and query memory; more spills to
# disk): reads at ten million posts need far less, and the server must stay under 2 GB
# with several sessions open (BENCHMARKS.md). A write raises it for its duration
# (app_state.writing): rebuilding the pre-aggregates of a large import needs more.
SERVER_MEMORY_LIMIT = os.environ.get("CAMPAIGN_ROI_MEMORY_LIMIT", "1GB")
WRITE_MEMORY_LIMIT = os.environ.get("CAMPAIGN_ROI_WRITE_MEMORY_LIMIT", "80%")


def set_memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """DuckDB's memory limit for the whole database instance `con` belongs to ("1GB",
    "80%": of the machine's memory)."""
    con.execute("SET memory_limit = $limit", {"limit": limit})


_roots: dict[Path, duckdb.DuckDBPyConnection] = {}
_roots_lock = threading.Lock()

# Commits in this process and the start of a snapshot take turns, so that a snapshot's
# version number names exactly the committed state it reads.
_commit_lock = threading.Lock()
_version = 0


def reader(path: Path) -> duckdb.DuckDBPyConnection:
    """A cursor on the server's cached root connection for `path` (one root per file).

    The root is opened read-write (schema brought up to date), because the server also
    writes: imports and settings run on a cursor of this same root.
    """
    with _roots_lock:
        root = _roots.get(path)
        if root is None:
            if not path.exists():
                raise DatabaseMissing(
                    f"No database at {path}. Build one with: python -m campaign_roi demo"
                )
            root = connect_rw(path)
            set_memory_limit(root, SERVER_MEMORY_LIMIT)
            _roots[path] = root
        return root.cursor()


def writer(path: Path) -> duckdb.DuckDBPyConnection:
    """A cursor for writing on the server's root connection (wrap the work in transaction())."""
    return reader(path)


def close_readers() -> None:
    """Close every cached root connection (after tests, or before the file is replaced)."""
    with _roots_lock:
        for con in _roots.values():
            con.close()
        _roots.clear()
    with _pinned_lock:
        _shared.clear()  # a file opened again may have been replaced meanwhile


def data_version() -> int:
    """A number that changes with every commit made in this process (a cache key part)."""
    return _version


def snapshot(path: Path) -> tuple[duckdb.DuckDBPyConnection, int]:
    """A cursor pinned to the last committed state of `path`, and that state's version.

    Every query on the cursor sees the same data, whatever commits meanwhile; close the
    cursor when done (it holds a read transaction).
    """
    con = reader(path)
    with _commit_lock:
        return pin(con, (str(path), _version)), _version


# Cursors in a read transaction (pin): what they read cannot change while they live, so
# what is worked out from it once can be kept with them (kept: aggregates.fast_params,
# quantiles' value counts).
_pinned: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()
_kept: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[Any, Any]] = (
    weakref.WeakKeyDictionary()
)
_pinned_lock = threading.Lock()
# Pinned cursors whose committed state has a name (pin's `state`), and what shared()
# keeps for every cursor of a state: the newest SHARED_ENTRIES answers.
_states: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, Hashable] = (
    weakref.WeakKeyDictionary()
)
_shared: OrderedDict[tuple[Hashable, Hashable], Any] = OrderedDict()
SHARED_ENTRIES = 64


def pin(con: duckdb.DuckDBPyConnection, state: Hashable | None = None) -> duckdb.DuckDBPyConnection:
    """Begin a read transaction on the fresh cursor `con`, fixed to the last committed
    state, and mark it pinned; returns it. Only reads may follow on it. `state` names
    that committed state, when the caller knows it (snapshot: the file and its data
    version), so that what shared() keeps serves every cursor pinned to it."""
    con.execute("BEGIN TRANSACTION")
    # DuckDB fixes a transaction's snapshot when it first reads the database
    con.execute("SELECT count(*) FROM settings").fetchall()
    with _pinned_lock:
        _pinned.add(con)
        if state is not None:
            _states[con] = state
    return con


def sibling(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A fresh cursor pinned (pin) under the same state name as the pinned `con`: for a
    second thread reading beside it when no commit can come between (the page benchmark's
    mirror of app_state.ahead)."""
    with _pinned_lock:
        state = _states.get(con)
    return pin(con.cursor(), state)


@contextmanager
def held(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """`con` counted as pinned for the block, so that kept() keeps: for a writer that
    reads what it has written and writes nothing kept meanwhile (answer_store.fill)."""
    with _pinned_lock:
        _pinned.add(con)
    try:
        yield con
    finally:
        with _pinned_lock:
            _pinned.discard(con)
            _kept.pop(con, None)


def is_pinned(con: duckdb.DuckDBPyConnection) -> bool:
    """True for a cursor of pin(): every query on it sees the same data."""
    with _pinned_lock:
        return con in _pinned


def kept(con: duckdb.DuckDBPyConnection, key: Hashable, compute: Callable[[], Any]) -> Any:
    """compute()'s answer, worked out once per pinned cursor and key and kept with the
    cursor (its snapshot cannot change while it lives; a page run asks some things more
    than once); on a cursor that is not pinned, worked out every time. Callers must not
    change what they are given."""
    if not is_pinned(con):
        return compute()
    with _pinned_lock:
        known = _kept.setdefault(con, {})
        if key in known:
            return known[key]
    value = compute()
    with _pinned_lock:
        known[key] = value
    return value


def shared(con: duckdb.DuckDBPyConnection, key: Hashable, compute: Callable[[], Any]) -> Any:
    """kept(), and for a cursor pinned to a named state (snapshot) kept beyond it: every
    later page run and session reading the same committed state gets the same answer
    until a commit makes a new state (the SHARED_ENTRIES newest are kept). Only for
    what no filter changes (the pre-aggregates' marks and bands, a tier scheme, the
    settings, the stored answers' index): read once per state instead of once per page
    run. Callers must not change what they are given."""
    with _pinned_lock:
        state = _states.get(con)
        if state is not None and (state, key) in _shared:
            _shared.move_to_end((state, key))
            return _shared[(state, key)]
    value = kept(con, key, compute)
    if state is not None:
        with _pinned_lock:
            _shared[(state, key)] = value
            while len(_shared) > SHARED_ENTRIES:
                _shared.popitem(last=False)
    return value


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends normally, roll back on any error."""
    global _version
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    with _commit_lock:
        con.execute("COMMIT")
        _version += 1


# --- schema -------------------------------------------------------------------------------


def schema_sql() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")


def schema_version() -> str:
    """A fingerprint of the schema file, stored in settings to spot older databases."""
    return hashlib.sha256(schema_sql().encode()).hexdigest()[:12]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, replace views, seed settings and the tier presets."""
    from campaign_roi.tiers import PRESETS

    con.execute(schema_sql())
    for key, value in DEFAULT_SETTINGS.items():
        con.execute(
            "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT DO NOTHING",
            {"key": key, "value": value},
        )
    for scheme in PRESETS.values():
        for position, tier in enumerate(scheme.tiers):
            con.execute(
                "INSERT OR REPLACE INTO tiers VALUES ($scheme, $tier, $lo, $hi, $pos)",
                {
                    "scheme": scheme.name,
                    "tier": tier.name,
                    "lo": tier.min_followers,
                    "hi": tier.max_followers,
                    "pos": position,
                },
            )
    con.execute(
        "INSERT OR REPLACE INTO settings VALUES ('schema_version', $v)", {"v": schema_version()}
    )


# --- named queries ------------------------------------------------------------------------


@cache
def _load_sql(name: str, mtime_ns: int) -> str:
    # keyed by modification time too, so an edited query file is never served stale
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def load_query(name: str) -> str:
    """The SQL text of queries/<name>.sql."""
    if not _QUERY_NAME.match(name):
        raise ValueError(f"not a query name: {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    return _load_sql(name, path.stat().st_mtime_ns)


def query_parameters(sql: str) -> set[str]:
    """The named parameters ($name) a statement uses; comments are not read."""
    code = re.sub(r"--[^\n]*", "", sql)
    return set(re.findall(r"\$([a-z_][a-z0-9_]*)", code))


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def run_query(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Run queries/<name>.sql with named parameters bound, fetched fully into a DataFrame.

    Only the parameters the statement names are passed, so callers can hand over a
    whole filter set.
    """
    return run_sql(con, load_query(name), params, name)


def compose(name: str, **sources: str) -> str:
    """queries/<name>.sql with the rows it reads put in front of it as named CTEs:
    compose("code_leakage", code_rows=load_query("fast_code_results")) is
    `WITH code_rows AS (<fast_code_results.sql>), <code_leakage.sql's own CTEs> ...`
    (a query with no CTE of its own gets a WITH). For a query written on the rows of
    another, whichever of its twins (raw or fast) made them. Only query texts go in,
    never values: those stay bound parameters."""
    sql = load_query(name)
    ctes = ",\n".join(f"{cte} AS (\n{text}\n)" for cte, text in sources.items())
    composed, replaced = re.subn(r"^WITH\s+", lambda _: f"WITH {ctes},\n", sql, count=1, flags=re.M)
    return composed if replaced else f"WITH {ctes}\n{sql}"


def run_sql(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    name: str = "composed query",
) -> pd.DataFrame:
    """run_query for a statement already in hand (db.compose)."""
    wanted = query_parameters(sql)
    bound = {k: v for k, v in (params or {}).items() if k in wanted}
    missing = wanted - bound.keys()
    if missing:
        raise KeyError(f"query {name} needs parameters: {sorted(missing)}")
    key = answer_store.request(name, sql, bound)
    if key is not None:  # answers stored at refresh (answer_store.py)
        if answer_store.is_filling():
            return answer_store.store(con, name, sql, bound, key)
        stored = shared(con, "answer_store", lambda: answer_store.index(con))
        if key in stored:
            return answer_store.read(con, name, key, stored[key])
    return con.execute(_parsed(sql), bound).df()


_parser = duckdb.connect()  # in memory: parses statements, never runs them
_parser_lock = threading.Lock()


@lru_cache(maxsize=512)
def _parsed(sql: str) -> duckdb.Statement | str:
    """`sql` parsed once (2-3 ms for the larger statements, each run): DuckDB runs a copy
    of the parsed statement each time it is executed, so one serves every cursor and
    thread. Text that is not one statement is handed over as it is."""
    with _parser_lock:
        statements = _parser.extract_statements(sql)
    return statements[0] if len(statements) == 1 else sql


# --- settings -----------------------------------------------------------------------------


def get_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """The settings, with their defaults; read once per committed state (db.shared: a
    page run asks five or six times)."""
    rows = shared(
        con, "settings", lambda: con.execute("SELECT key, value FROM settings").fetchall()
    )
    values = dict(DEFAULT_SETTINGS)
    values.update(dict(rows))
    return values


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: str | None) -> None:
    con.execute(
        "INSERT OR REPLACE INTO settings VALUES ($key, $value)", {"key": key, "value": value}
    )
