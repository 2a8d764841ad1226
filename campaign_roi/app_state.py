"""What the dashboard's frame and pages share: the database file, its settings, and
cached query results.

Each run of the dashboard reads one committed state of the database: the frame pins
a snapshot at the start of the run (`begin_run`) and releases it at the end, so a page
never shows half the old data and half the new while an import commits.

Results are cached by the function that computes them *and* its arguments, plus the
version of the data they were read from (it changes with every commit: an import, a
settings change), so nothing is served stale. Caches are bounded (ttl, max_entries).
"""

from __future__ import annotations

import importlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from campaign_roi import db
from campaign_roi.paths import database_path

CACHE_TTL_SECONDS = 600
CACHE_MAX_ENTRIES = 256
FILTERS_KEY = "shared_filters"

_build_lock = threading.Lock()
_run = threading.local()  # this script run's snapshot: (path, cursor, version)


_write_lock = threading.Lock()
_writing: dict[str, Any] = {}  # what the running write is, who started it, since when


class WriteBusy(RuntimeError):
    """Another session is writing (an import, a settings change); the message says which."""


class DatabaseUnreadable(RuntimeError):
    """The database file exists but cannot be read (damaged, or not a DuckDB file)."""


def db_path() -> Path:
    """The database the dashboard shows: $CAMPAIGN_ROI_DB, else data/campaigns.duckdb."""
    return database_path()


def ensure_database(path: Path, progress: Any = None) -> bool:
    """Build the demo database at `path` when there is none. True when it was built.

    Built beside the target and moved into place, so a crash never leaves a
    half-written database, and two sessions starting at once build it only once.
    """
    if path.exists():
        return False
    with _build_lock:
        if path.exists():
            return False
        from campaign_roi.demo import build_demo  # lazy: only the first run needs it

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".tmp")
        partial.unlink(missing_ok=True)
        build_demo(partial, progress=progress)
        os.replace(partial, path)
        db.close_readers()  # a reader still open on a deleted file would serve its old data
        return True


_checked_aggregates: set[str] = set()  # files whose pre-aggregates this server has checked
_check_lock = threading.Lock()


def aggregates_stale(path: Path) -> bool:
    """True when this server has not yet checked `path` and its pre-aggregates are not
    current: built by other definitions (this version of the dashboard changed them) or
    before rows were written without a refresh. The pages would then read the raw views,
    correct but far too slow on a large file."""
    from campaign_roi import aggregates  # lazy: aggregates imports db, as this module does

    if str(path) in _checked_aggregates:
        return False
    con = cursor(path)
    try:
        stale = not aggregates.is_fresh(con)
    finally:
        con.close()
    if not stale:
        _checked_aggregates.add(str(path))
    return stale


def refresh_aggregates(path: Path) -> None:
    """Rebuild the pre-aggregates of `path` once, as an import would (one transaction;
    WriteBusy when another session is writing: the next run tries again)."""
    from campaign_roi import aggregates

    with _check_lock:
        if str(path) in _checked_aggregates:
            return
        with writing("An update of the fast tables") as con, db.transaction(con):
            aggregates.refresh(con)
        _checked_aggregates.add(str(path))


def cursor(path: Path | None = None):
    """A fresh cursor on the server's cached connection; plain-words errors."""
    path = path or db_path()
    try:
        return db.reader(path)
    except (db.DatabaseBusy, db.DatabaseMissing):
        raise
    except Exception as exc:  # duckdb raises several kinds for a damaged file
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> DatabaseUnreadable:
    return DatabaseUnreadable(
        f"The database {path} could not be read ({type(exc).__name__}). "
        "Rebuild it with `make demo` or import your data again."
    )


def begin_run() -> None:
    """Pin this run's reads to the last committed state (the frame, once per run)."""
    end_run()
    path = db_path()
    try:
        con, version = db.snapshot(path)
    except (db.DatabaseBusy, db.DatabaseMissing):
        raise
    except Exception as exc:  # duckdb raises several kinds for a damaged file
        raise _unreadable(path, exc) from exc
    _run.state = (str(path), con, version)
    _run.ahead = _Ahead()


def end_run() -> None:
    """Release this run's snapshot (the frame, when the page is done), and stop what was
    asked ahead for it and not used."""
    state = getattr(_run, "state", None)
    _run.state = None
    if state is not None:
        state[1].close()
    ahead_of_run = getattr(_run, "ahead", None)
    _run.ahead = None
    if ahead_of_run is not None:
        ahead_of_run.close()


# --- asking ahead ---------------------------------------------------------------------------
# A page asks for its answers one after the other, each mostly on one core. What it will
# ask later can be worked out meanwhile on the server's second thread (`ahead`): the
# page then finds it cached, or waits for it rather than working it out twice (a cached
# function computes one answer once at a time). One such thread per server: it and the
# page's own thread fill the two cores (BENCHMARKS.md, nineteenth session).
_ahead_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="campaign-roi-ahead")


class _Ahead:
    """A run's asks ahead: its cursors at work, stopped when the run ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = True
        self.cursors: list[Any] = []

    def close(self) -> None:
        with self.lock:
            self.open = False
            for con in self.cursors:
                con.interrupt()  # the page is done: what it did not ask for is not needed

    def start(self, path: str) -> tuple[Any, int] | None:
        """A cursor on the last committed state, kept to be stopped; None once closed."""
        with self.lock:
            if not self.open:
                return None
            con, version = db.snapshot(Path(path))
            self.cursors.append(con)
            return con, version

    def done(self, con: Any) -> None:
        with self.lock:
            self.cursors.remove(con)
        con.close()


def ahead(ask: Callable[[], Any]) -> None:
    """Run `ask` (calls of this module: cached(), summary()) on the server's second thread,
    on this run's committed state, so that the page finds its answers cached when it asks
    for them. Nothing is kept from it but what the cache keeps: an error is met again by
    the page when it asks; a commit since the run began, or the run's end, skips it.
    Outside a dashboard run (a page run alone, tests) it does nothing."""
    state = getattr(_run, "state", None)
    of_run = getattr(_run, "ahead", None)
    if state is None or of_run is None:
        return
    _ahead_pool.submit(_ask_ahead, ask, state[0], state[2], of_run)


def _ask_ahead(ask: Callable[[], Any], path: str, version: int, of_run: _Ahead) -> None:
    try:
        started = of_run.start(path)
    except Exception:  # noqa: BLE001 - the page opens the file itself and says what failed
        return
    if started is None:
        return
    con, now = started
    try:
        if now == version:  # the same committed state as the run's, so the same cache keys
            _run.state = (path, con, version)
            ask()
    except Exception:  # noqa: BLE001, S110 - the page asks again and meets it
        pass
    finally:
        _run.state = None
        of_run.done(con)


def _source(path: Path) -> tuple[Any, int]:
    """The connection and data version this run reads `path` through."""
    state = getattr(_run, "state", None)
    if state is not None and state[0] == str(path):
        return state[1], state[2]
    return None, db.data_version()  # a page run alone (tests): a fresh cursor per call


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _settings(path: str, version: int, _con: Any = None) -> dict[str, str | None]:
    return db.get_settings(_con if _con is not None else cursor(Path(path)))


def settings(path: Path | None = None) -> dict[str, str | None]:
    """The database's settings (reporting currency, tier scheme, demo flag, ...)."""
    path = path or db_path()
    con, version = _source(path)
    return _settings(str(path), version, con)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_call(
    module: str, name: str, path: str, version: int, args: tuple, kwargs: tuple, _con: Any = None
) -> Any:
    # _con (not part of the key) is this run's snapshot cursor; `version` names its state
    func = getattr(importlib.import_module(module), name)
    return func(_con if _con is not None else cursor(Path(path)), *args, **dict(kwargs))


def data_changed() -> None:
    """After a write: drop every cached result (new versions would miss them anyway)."""
    _cached_call.clear()
    _settings.clear()


@contextmanager
def writing(what: str, who: str | None = None) -> Iterator[Any]:
    """A cursor for one write on the dashboard's database, one write at a time.

    Raises WriteBusy at once (it does not queue) when another session is writing.
    Viewers keep reading the last committed state meanwhile; caches are dropped after.
    """
    if not _write_lock.acquire(blocking=False):
        running = dict(_writing)
        seconds = time.monotonic() - running.get("since", time.monotonic())
        raise WriteBusy(
            f"{running.get('what', 'Another change')} by {running.get('who') or 'another user'} "
            f"is running (started {seconds:,.0f} s ago); try again when it is done."
        )
    _writing.update(what=what.capitalize(), who=who, since=time.monotonic())
    con = None
    try:
        con = db.writer(db_path())
        db.set_memory_limit(con, db.WRITE_MEMORY_LIMIT)
        yield con
    finally:
        if con is not None:
            db.set_memory_limit(con, db.SERVER_MEMORY_LIMIT)
            con.close()
        _writing.clear()
        _write_lock.release()
        data_changed()


def cached(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`func(connection, *args, **kwargs)` on the dashboard's database, cached.

    `func` is a module-level function of the package whose first argument is a DuckDB
    connection (metrics.summary, metrics.compare, ...). The cache key is the function's
    module and name, its arguments, and the database file's stamp.
    """
    path = db_path()
    con, version = _source(path)
    return _cached_call(
        func.__module__,
        func.__name__,
        str(path),
        version,
        args,
        tuple(sorted(kwargs.items())),
        con,
    )


def summary(
    by: str = "all",
    filters: Any = None,
    then_by: str | None = None,
    medians: bool | tuple[str, ...] = True,
) -> pd.DataFrame:
    """metrics.summary for the dashboard's database, cached per file version and filters."""
    from campaign_roi import metrics

    return cached(metrics.summary, by, filters or metrics.Filters(), then_by, medians)


def current_filters() -> Any:
    """The shared filters the frame built for this run (no filter when a page runs alone)."""
    from campaign_roi.metrics import Filters

    return st.session_state.get(FILTERS_KEY) or Filters()


def currency() -> str:
    return settings().get("reporting_currency") or "USD"
