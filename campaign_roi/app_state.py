"""What the dashboard's frame and pages share: the database file, its settings, and
cached query results.

Results are cached by the function that computes them *and* its arguments, plus a
stamp of the database file (modification time and size), so an import or a rebuilt
demo database is never served stale. Caches are bounded (ttl, max_entries).
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
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


class DatabaseUnreadable(RuntimeError):
    """The database file exists but cannot be read (damaged, or not a DuckDB file)."""


def db_path() -> Path:
    """The database the dashboard shows: $CAMPAIGN_ROI_DB, else data/campaigns.duckdb."""
    return database_path()


def file_stamp(path: Path) -> tuple[int, int]:
    """Changes whenever the file is rewritten; part of every cache key."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


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


def cursor(path: Path | None = None):
    """A fresh cursor on the cached read-only connection; plain-words errors."""
    path = path or db_path()
    try:
        return db.reader(path)
    except (db.DatabaseBusy, db.DatabaseMissing):
        raise
    except Exception as exc:  # duckdb raises several kinds for a damaged file
        raise DatabaseUnreadable(
            f"The database {path} could not be read ({type(exc).__name__}). "
            "Rebuild it with `make demo` or import your data again."
        ) from exc


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _settings(path: str, stamp: tuple[int, int]) -> dict[str, str | None]:
    return db.get_settings(cursor(Path(path)))


def settings(path: Path | None = None) -> dict[str, str | None]:
    """The database's settings (reporting currency, tier scheme, demo flag, ...)."""
    path = path or db_path()
    return _settings(str(path), file_stamp(path))


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _cached_call(
    module: str, name: str, path: str, stamp: tuple[int, int], args: tuple, kwargs: tuple
) -> Any:
    func = getattr(importlib.import_module(module), name)
    return func(cursor(Path(path)), *args, **dict(kwargs))


def cached(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`func(connection, *args, **kwargs)` on the dashboard's database, cached.

    `func` is a module-level function of the package whose first argument is a DuckDB
    connection (metrics.summary, metrics.compare, ...). The cache key is the function's
    module and name, its arguments, and the database file's stamp.
    """
    path = db_path()
    return _cached_call(
        func.__module__,
        func.__name__,
        str(path),
        file_stamp(path),
        args,
        tuple(sorted(kwargs.items())),
    )


def summary(by: str = "all", filters: Any = None, then_by: str | None = None) -> pd.DataFrame:
    """metrics.summary for the dashboard's database, cached per file version and filters."""
    from campaign_roi import metrics

    return cached(metrics.summary, by, filters or metrics.Filters(), then_by)


def current_filters() -> Any:
    """The shared filters the frame built for this run (no filter when a page runs alone)."""
    from campaign_roi.metrics import Filters

    return st.session_state.get(FILTERS_KEY) or Filters()


def currency() -> str:
    return settings().get("reporting_currency") or "USD"
