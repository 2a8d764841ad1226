"""Pre-aggregates for ten million posts: the facts of schema.sql's views stored in the
shapes the dashboard reads fast (data/aggregates.sql), and whether they are current.

    with db.transaction(con):
        ...write rows...
        aggregates.refresh(con)     # in the writer's transaction, after its writes

Every writer of the contract tables refreshes them (the demo builder does; the importer
and "start from scratch" must). `refresh` stores a fingerprint: the version of these
definitions and the row counts of the contract tables. A read checks it, so a reader
never trusts pre-aggregates built by other definitions, or before rows were added or
deleted without a refresh: then every query reads the views (slower, never wrong). A
write that changes values in place without refreshing is not noticed: call `refresh`
(or `invalidate`) after it.

Tiers are data: the tables hold follower bands instead (see aggregates.sql), and a
scheme is read fast only when all its edges are band edges (`fast_params`).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from campaign_roi import db
from campaign_roi.paths import DATA_DIR, SCHEMA_FILE

AGGREGATES_FILE = DATA_DIR / "aggregates.sql"
SETTING = "aggregates_version"
SPAN_SETTING = "aggregates_span"  # first and last day with a fact when they were built
TABLES = (
    "agg_bands",
    "agg_fact",
    "agg_fact_campaign",
    "agg_post_campaign",
    "agg_post_facet",
    "agg_cell",
    "agg_cell_month",
    "agg_pricing_cell",
    "agg_pricing_cell_month",
    "agg_placement",
    "agg_placement_all",
    "agg_placement_recent",
    "agg_placement_recent_platform",
    "agg_placement_recent_content",
    "agg_content_pairs",
    "agg_digest_recent",
    "agg_creator_recent",
    "agg_windows",
    "agg_placement_info",
    "agg_creator_campaigns",
    "agg_placement_month",
    "agg_code",
    "agg_code_month",
    "agg_code_recent",
    "agg_placement_recent_part",
    "agg_value",
    "agg_value_month",
)


# Values per chunk of agg_value (quantiles.py): a quantile reads the chunk holding it, so
# smaller chunks read fewer values; each chunk is a row per group and month in
# agg_value_month, so smaller chunks count more rows. Any size gives the same figures.
CHUNK_VALUES = 16_384


def sql() -> str:
    return AGGREGATES_FILE.read_text(encoding="utf-8")


def version(text: str | None = None) -> str:
    """A fingerprint of the pre-aggregates' definitions (`text`, default the file's) and
    of the schema they read."""
    if text is None:
        return _file_version(AGGREGATES_FILE.stat().st_mtime_ns, SCHEMA_FILE.stat().st_mtime_ns)
    return hashlib.sha256((text + db.schema_sql()).encode()).hexdigest()[:12]


@functools.cache
def _file_version(aggregates_mtime: int, schema_mtime: int) -> str:
    # keyed by modification times, so an edited definition is never taken for the old one
    return version(sql())


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every pre-aggregate from the tables and mark them current.

    Run it after the last write, in the writer's transaction when there is one (then a
    failed write leaves the old pre-aggregates and their fingerprint as they were).
    """
    from campaign_roi import answer_store, quantile_store  # read through the pages' functions

    text = sql()
    answer_store.clear(con)  # no answer of the data as it was is read meanwhile
    con.execute("SET VARIABLE agg_chunk_values = $n", {"n": CHUNK_VALUES})
    con.execute(text)
    store_span(con)
    db.set_setting(con, SETTING, f"{version(text)}:{_data_fingerprint(con)}")
    quantile_store.fill(con)
    answer_store.fill(con)


def store_span(con: duckdb.DuckDBPyConnection) -> None:
    """Record the first and last day with a fact (month_split reads them)."""
    first, last = con.execute("SELECT min(d), max(d) FROM agg_fact").fetchall()[0]
    span = f"{first.isoformat()}/{last.isoformat()}" if first is not None else ""
    db.set_setting(con, SPAN_SETTING, span)


def _data_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    rows = db.run_query(con, "fast_band_tiers", {"scheme": ""})
    return str(rows.loc[rows["kind"] == "now", "tier"].iloc[0])


def invalidate(con: duckdb.DuckDBPyConnection) -> None:
    """Mark the pre-aggregates out of date (after a write that does not refresh them)."""
    con.execute("DELETE FROM settings WHERE key = $key", {"key": SETTING})


def is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the pre-aggregates were built by this version from the current facts."""
    return _current_rows(con, "") is not None


def _current_rows(con: duckdb.DuckDBPyConnection, scheme: str) -> list[tuple] | None:
    """fast_band_tiers.sql's rows for `scheme` when the pre-aggregates are current: read
    once per committed state and scheme (db.shared: a page asks five or six times, and
    every page run of the server's same state asks again; 8-10 ms at 10M posts, mostly
    counting the contract tables' rows). Keyed by the definitions' version too."""
    return db.shared(
        con, ("band_tiers", scheme, version()), lambda: _read_current_rows(con, scheme)
    )


def _read_current_rows(con: duckdb.DuckDBPyConnection, scheme: str) -> list[tuple] | None:
    if not db.get_settings(con).get(SETTING):  # never built here: no tables to read
        return None
    found = db.run_query(con, "fast_band_tiers", {"scheme": scheme})
    rows = [tuple(None if pd.isna(v) else v for v in row) for row in found.itertuples(index=False)]
    marks = {kind: tier for kind, _, _, _, tier in rows if kind in ("built", "now")}
    return rows if marks.get("built") == f"{version()}:{marks.get('now')}" else None


def fast_params(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> dict[str, Any] | None:
    """`params` (metrics.query_params) for a fast query, with the scheme's tiers by band
    (band_tiers, band_positions: lists indexed by band + 1), the period's whole months, its
    window of agg_windows if it is one (recent; window_read when no filter splits a
    placement) and whether it is long (whole); None when only the views
    can answer: pre-aggregates out of date, a creator filter (agg_cell and agg_value
    keep no creator), or a scheme edge that is not a band edge."""
    rows = None if params.get("creators") else _current_rows(con, params["scheme"])
    if rows is None:
        return None
    lows = sorted((k, lo) for kind, k, lo, _, _ in rows if kind == "band")
    tiers = [(k, lo, hi, tier) for kind, k, lo, hi, tier in rows if kind == "tier"]
    edges = {e for _, lo, hi, _ in tiers for e in (lo, hi) if e is not None}
    if not tiers or not edges <= {lo for _, lo in lows if lo is not None}:
        return None
    band_tiers, band_positions = [], []
    for _, lo in lows:
        holder = next(
            (t for t in tiers if lo is not None and t[1] <= lo and (t[2] is None or lo < t[2])),
            None,
        )
        band_tiers.append(None if holder is None else str(holder[3]))
        band_positions.append(None if holder is None else int(holder[0]))
    span = next((tier for kind, *_, tier in rows if kind == "span"), None)
    months_from, months_to = month_split(params.get("date_from"), params.get("date_to"), span)
    recent = recent_window(params.get("date_from"), params.get("date_to"), span)
    masks = band_masks(band_tiers)
    tier_mask = tiers_mask(band_tiers, masks, params.get("tiers"))
    whole = whole_facets(params.get("date_from"), params.get("date_to"))
    return {
        **params,
        "band_tiers": band_tiers,
        "band_positions": band_positions,
        "band_masks": masks,
        "tier_mask": tier_mask,
        "whole": whole,
        "months_from": months_from,
        "months_to": months_to,
        "recent": recent,
        # a window whose stored sums per placement answer: no filter splits a placement's
        # facts (a platform, content type or tier of a post, spend row or order)
        "window_read": recent is not None
        and not (params.get("platforms") or params.get("content_types") or params.get("tiers")),
        # a window with a platform, content type or tier filter whose stored sums per
        # placement and platform (and content type) answer (fast_window_split.sql): with
        # no campaign filter (a few campaigns' own rows, sorted by campaign, read
        # faster); with a tier filter, with the tiers' bands marked and no content type
        # filter (the rows with facts of both tiers summed from their parts per
        # platform and band, which are not kept per content type)
        "window_split": recent is not None
        and not params.get("campaigns")
        and bool(params.get("platforms") or params.get("content_types") or params.get("tiers"))
        and (
            not params.get("tiers") or (tier_mask is not None and not params.get("content_types"))
        ),
        # a window with a platform or tier filter and no content type one (which no
        # order has) whose stored code rows answer (agg_code_recent, its placements'
        # parts per platform and band: fast_code_results.sql)
        "code_split": recent is not None
        and bool(params.get("platforms") or params.get("tiers"))
        and not params.get("content_types"),
    }


def run_on_cells(
    con: duckdb.DuckDBPyConnection, name: str, fast: dict[str, Any], **sources: str
) -> pd.DataFrame:
    """Fast query `name`, written on the CTE period_cells (the period's cells in the
    filters), with the source the period calls for put in front (db.compose, with any
    other `sources`): a window's stored rows (queries/fast_period_cells_window.sql), else
    its whole months and the days around them (fast_period_cells.sql). Only the one read
    is bound and planned."""
    cells = "fast_period_cells_window" if fast["recent"] is not None else "fast_period_cells"
    sql = db.compose(name, period_cells=db.load_query(cells), **sources)
    return db.run_sql(con, sql, fast, name)


def band_masks(band_tiers: list[str | None]) -> list[int] | None:
    """For each follower band (list index band), the bands of its tier as bits (bit b:
    band b), 0 for a band in no tier: a placement counts in its tier when its facts'
    bands (agg_placement_recent.bands) meet its own band's mask. None past 63 bands
    (the stored marks stop there)."""
    if len(band_tiers) > 63:
        return None
    return [
        0 if tier is None else sum(1 << b for b, other in enumerate(band_tiers) if other == tier)
        for tier in band_tiers
    ]


def tiers_mask(
    band_tiers: list[str | None], masks: list[int] | None, tiers: list[str] | None
) -> int | None:
    """The follower bands of the filtered `tiers` as bits (bit b: band b), None with no
    tier filter or with the bands unmarked (`masks` None): fast_summary.sql's and
    fast_window_split.sql's $tier_mask."""
    if not tiers or masks is None:
        return None
    return sum(1 << b for b, tier in enumerate(band_tiers) if tier in tiers)


def month_split(
    date_from: date | None, date_to: date | None, span: str | None
) -> tuple[date | None, date | None]:
    """The whole calendar months [months_from, months_to) of a period that the monthly
    pre-aggregates answer (agg_period_facts), or (None, None) when there are none.

    `span` is "first/last", the first and last day with a fact (SPAN_SETTING). An end
    beyond the data counts as open, so a month the data ends in counts whole: "the last
    90 days" ending on the last day reads its last month from the monthly rows."""
    if not span:
        return None, None
    first, last = (date.fromisoformat(part) for part in span.split("/"))
    start = date_from if date_from is not None and date_from > first else first.replace(day=1)
    end = date_to if date_to is not None and date_to < last else _next_month(last) - _DAY
    months_from = _next_month(start - _DAY)  # the first month starting on or after start
    months_to = (end + _DAY).replace(day=1)  # the month after the last one ending by end
    if months_from >= months_to:
        return None, None
    return months_from, months_to


_DAY = timedelta(days=1)

# The trailing windows of agg_windows: the period presets' lengths (periods.py), counted
# back from the last day with a fact, and as many days before each (a previous period).
# All time is a window too, unless one of these starts on its first day.
RECENT_WINDOWS = (30, 90, 365)


def recent_window(date_from: date | None, date_to: date | None, span: str | None) -> date | None:
    """The first day of the window of agg_windows that the period [date_from, date_to] is,
    or None. A window is the last N days up to the last day with a fact (N in
    RECENT_WINDOWS; the period may end later, where there is nothing), the N days before
    those, or all time (no start, and no end or one on or after the last day) when no
    other window starts on the first day with a fact (`span`: SPAN_SETTING)."""
    if not span:
        return None
    first, last = (date.fromisoformat(part) for part in span.split("/"))
    if date_from is None:
        trailing = {last - timedelta(days=(k + 1) * n - 1) for n in RECENT_WINDOWS for k in (0, 1)}
        open_end = date_to is None or date_to >= last
        return first if open_end and first not in trailing else None
    days = (last - date_from).days + 1
    if days in RECENT_WINDOWS and (date_to is None or date_to >= last):
        return date_from
    length = None if date_to is None else (date_to - date_from).days + 1
    if length in RECENT_WINDOWS and (last - date_to).days == length:
        return date_from
    return None


def _next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


WHOLE_FROM_DAYS = 120


def whole_facets(date_from: date | None, date_to: date | None) -> bool:
    """Whether agg_facet_sums takes the sums of placement facets whole where their days
    all fall in the period (a long period: most do), rather than summing every fact of
    the period again (a short one: most facets straddle its ends)."""
    if date_from is None or date_to is None:
        return True
    return (date_to - date_from).days + 1 >= WHOLE_FROM_DAYS


def usable(con: duckdb.DuckDBPyConnection, scheme: str) -> bool:
    """True when the fast queries can answer for tier scheme `scheme`."""
    return fast_params(con, {"scheme": scheme}) is not None
