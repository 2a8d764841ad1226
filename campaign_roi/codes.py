"""Affiliate codes: per-code orders, revenue, commission, refunds, CPA and ROAS; revenue over
time; codes with no sales; and leakage flags.

Per code (queries/code_results.sql): orders and revenue are non-refunded orders only;
refunds are counted apart. A code's cost is its placement's cost (METRICS.md: spend and
commission belong to the placement, creator x campaign). When several codes share one
placement, no rule splits its spend, so their CPA and ROAS have no value (the creator and
tier tables, from metrics.summary, carry the placement's full figures).

Leakage (a code posted on coupon sites sells far beyond its creator's audience). Two
rules, each explained in words per code; a flagged code is never left out of a total:

(a) **Reach**: orders per 1,000 followers (the placement's followers, METRICS.md Tiers)
    above Q3 + 3 x IQR of that rate across the codes with sales in view (Tukey's "far
    out" fence). Needs at least MIN_CODES_FOR_NORM codes with sales to set the norm, and
    at least MIN_ORDERS orders on the code, so one lucky order from a tiny account is
    not a flag. The "typical" rate quoted is the median across codes with sales.
(b) **Late**: more than half (LATE_SHARE) of the code's orders dated more than LATE_DAYS
    days after the creator's last post in that campaign (whatever the period), with at
    least MIN_ORDERS orders. A code whose creator never posted is not judged by (b).

The rules run in SQL (queries/code_leakage.sql, put on the code rows by db.compose), so
the page (queries/code_page.sql) fetches only the rows it shows, not every code of the
view (677,806 at agency scale); the CSV downloads fetch them all.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from campaign_roi import aggregates, db
from campaign_roi.formatting import count, count_text, money_text, multiple, texts
from campaign_roi.metrics import Filters, query_params

TOP = 500  # codes shown per table; the CSV downloads have them all
MIN_ORDERS = 10
MIN_CODES_FOR_NORM = 5
FENCE_IQRS = 3.0
LATE_DAYS = 30
LATE_SHARE = 0.5
MAX_POINTS = 2_000  # codes drawn one by one in the chart; past it, nearby codes share a marker
GRID = 60  # cells per log axis when codes are grouped

_NUMBERS = (
    "placement_followers", "codes_in_placement", "orders", "revenue", "commission",
    "refunded_orders", "refunded_revenue", "cost", "late_orders", "codes",
)  # fmt: skip


def _code_rows(con: duckdb.DuckDBPyConnection, filters: Filters | None) -> tuple[str, dict]:
    """The SQL of the code rows with their leakage flags (code_leakage.sql on
    fast_code_results.sql, or on code_results.sql when no pre-aggregate serves the
    filters), and its parameters."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    rows = db.load_query("fast_code_results" if fast else "code_results")
    bound = dict(fast or params)
    bound.update(
        min_codes=MIN_CODES_FOR_NORM,
        fence_iqrs=FENCE_IQRS,
        min_orders=MIN_ORDERS,
        late_share=LATE_SHARE,
        top=TOP,
    )
    return db.compose("code_leakage", code_rows=rows), bound


def _numbers(frame: pd.DataFrame) -> pd.DataFrame:
    for column in _NUMBERS:
        # a stored answer's are floats already (answer_store.py): 0.7 ms a column spared
        if column in frame and frame[column].dtype != "float64":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    if "cost" in frame:
        frame["cpa"] = frame["cost"] / frame["orders"].where(frame["orders"] > 0)
        frame["roas"] = frame["revenue"] / frame["cost"].where(frame["cost"] > 0)
    return frame


def code_results(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per code in the filters (with sales or not), by revenue: its figures, CPA
    and ROAS, and the leakage columns (orders_per_1k, late_share, typical and fence, the
    view's norm, reach_flag, late_flag, leak_flag, and `why`: one sentence per rule that
    fired, empty when none did). Every code, for the CSV; the page reads `code_page`."""
    sql, params = _code_rows(con, filters)
    listed = db.compose("code_list", coded=sql)
    return _explained(_numbers(db.run_sql(con, listed, params, "code_list")))


@dataclass(frozen=True)
class CodePage:
    """What the Affiliate codes page shows, without fetching every code (code_page.sql)."""

    top: pd.DataFrame  # the first TOP codes by revenue, with their flags
    flagged: pd.DataFrame  # the first TOP flagged codes by revenue, with `why` (the table)
    flagged_points: pd.DataFrame  # the first MAX_POINTS of them, no `why` (the chart)
    no_sales: pd.DataFrame  # the first TOP codes with no sales, by code
    points: pd.DataFrame  # unflagged codes with sales, one by one (at most MAX_POINTS)
    cells: pd.DataFrame  # or, past MAX_POINTS of them, grouped by cell of a log-log grid
    codes: int  # codes in the filters
    no_sales_codes: int
    flagged_codes: int
    typical: float | None  # the norm: median orders per 1k followers of codes with sales
    fence: float | None  # and Q3 + FENCE_IQRS x IQR (None: too few codes with sales)

    @property
    def empty(self) -> bool:
        return self.codes == 0


def code_page(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    max_points: int = MAX_POINTS,
    grid: int = GRID,
) -> CodePage:
    """The page's rows and counts in one query; the same figures as code_results.
    Past `max_points` unflagged codes with sales, the chart's are grouped in a `grid` x
    `grid` log-log grid."""
    sql, params = _code_rows(con, filters)
    params.update(max_points=max_points, grid=grid)
    page_sql = db.compose("code_page", coded=sql)
    frame = _numbers(db.run_sql(con, page_sql, params, "code_page"))
    first = frame.iloc[0] if len(frame) else None
    # the rows come in runs by part (ORDER BY part_order): each part a slice, not a filter
    parts = frame["part"].to_numpy()
    bounds = [0, *(np.flatnonzero(parts[1:] != parts[:-1]) + 1), len(parts)]
    runs = {parts[a]: (a, b) for a, b in itertools.pairwise(bounds) if a < b}

    def part(name: str) -> pd.DataFrame:
        start, stop = runs.get(name, (0, 0))
        return frame.iloc[start:stop].reset_index(drop=True)

    def norm(column: str) -> float | None:
        return None if first is None or pd.isna(first[column]) else float(first[column])

    flagged = part("flagged")
    return CodePage(
        top=_explained(part("top")),
        # `why` only for the table's rows: a sentence each, ~17 us a code in Python
        flagged=_explained(flagged.head(TOP).copy()),
        flagged_points=flagged,
        no_sales=_explained(part("no_sales")),
        points=part("point"),
        cells=part("cell"),
        codes=0 if first is None else int(first["n_codes"]),
        no_sales_codes=0 if first is None else int(first["n_no_sales"]),
        flagged_codes=0 if first is None else int(first["n_flagged"]),
        typical=norm("typical"),
        fence=norm("fence"),
    )


def orders_by_day(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Orders, revenue, refunded orders and refunded revenue per day through the codes."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    frame = (
        db.run_query(con, "fast_code_orders_by_day", fast)
        if fast
        else db.run_query(con, "code_orders_by_day", params)
    )
    frame["day"] = pd.to_datetime(frame["day"])
    for column in ("orders", "revenue", "refunded_orders", "refunded_revenue"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def by_period(daily: pd.DataFrame, grain: str = "week") -> pd.DataFrame:
    """Daily figures summed per week (starting Monday) or month: period_start first."""
    if daily.empty:
        return daily.assign(period_start=pd.Series(dtype="datetime64[ns]"))
    # weeks ending Sunday start on Monday
    start = daily["day"].dt.to_period("W-SUN" if grain == "week" else "M").dt.start_time
    summed = daily.drop(columns="day").groupby(start.rename("period_start")).sum()
    return summed.reset_index()


def _explained(frame: pd.DataFrame) -> pd.DataFrame:
    """`why` added to flagged code rows: one sentence per rule that fired, empty when none
    did (only flagged codes have one, so only those are built)."""
    why = [""] * len(frame)
    flagged = np.flatnonzero(frame["leak_flag"].to_numpy(dtype=bool, na_value=False))
    if len(flagged):
        # column by column into Python values (to_dict("records") walks the Arrow
        # strings value by value: 60-160 ms for 2,000 flagged codes), and the sentences
        # set as one column (a .loc assignment by mask costs more than the sentences)
        columns = (frame[column].iloc[flagged].tolist() for column in _WHY_COLUMNS)
        for row, values in zip(flagged, zip(*columns, strict=True), strict=True):
            why[row] = _why(dict(zip(_WHY_COLUMNS, values, strict=True)))
    frame["why"] = why
    return frame


# what a `why` reads
_WHY_COLUMNS = (
    "reach_flag", "late_flag", "orders", "placement_followers", "orders_per_1k", "typical",
    "late_orders", "late_share", "last_post_at",
)  # fmt: skip


def _rate(value: float) -> str:
    return f"{value:,.1f}" if value >= 0.95 else f"{value:,.2f}"


def _why(row: dict) -> str:
    reasons = []
    if row["reach_flag"]:
        reasons.append(
            f"{count(row['orders'])} orders from a creator with "
            f"{count(row['placement_followers'])} followers: {_rate(row['orders_per_1k'])} per "
            f"1k followers against a typical {_rate(row['typical'] or 0.0)}"
        )
    if row["late_flag"]:
        reasons.append(
            f"{count(row['late_orders'])} of {count(row['orders'])} orders "
            f"({row['late_share']:.0%}) came more than {LATE_DAYS} days after the creator's "
            f"last post in the campaign ({pd.Timestamp(row['last_post_at']):%d %b %Y})"
        )
    return "; ".join(reasons)


def rule_caption(typical: float | None, fence: float | None) -> str:
    """The two rules in words, with this view's norm (CodePage.typical and .fence)."""
    if fence is None:
        reach = (
            f"(a) orders per 1k followers far above the norm: not judged here, fewer than "
            f"{MIN_CODES_FOR_NORM} codes with sales to set a norm"
        )
    else:
        reach = (
            f"(a) orders per 1k followers above {_rate(fence)} (Q3 + 3 × IQR across the codes "
            f"with sales here; typical {_rate(typical)})"
        )
    return (
        f"Leakage flags: {reach}; (b) more than {LATE_SHARE:.0%} of a code's orders dated "
        f"more than {LATE_DAYS} days after the creator's last post in the campaign. Both need "
        f"at least {MIN_ORDERS} orders. Flagged codes stay in every total."
    )


CODE_COLUMNS = {
    # column -> (heading, how it reads)
    "code": ("Code", str),
    "handle": ("Creator", str),
    "campaign_name": ("Campaign", str),
    "tier": ("Tier", lambda v: v or "—"),
    "placement_followers": ("Followers", count),
    "orders": ("Orders", count),
    "revenue": ("Revenue", None),
    "commission": ("Commission", None),
    "cpa": ("CPA", None),
    "roas": ("ROAS", multiple),
    "refunded_orders": ("Refunded orders", count),
    "refunded_revenue": ("Refunded revenue", None),
    "orders_per_1k": ("Orders per 1k followers", lambda v: "—" if pd.isna(v) else _rate(v)),
    "why": ("Why flagged", str),
}
RAW_COLUMNS = (
    "code", "campaign_id", "campaign_name", "influencer_id", "handle", "platform", "tier",
    "placement_followers", "codes_in_placement", "orders", "revenue", "commission", "cost",
    "cpa", "roas", "refunded_orders", "refunded_revenue", "first_order_day",
    "last_order_day", "last_post_at", "late_orders", "orders_per_1k", "late_share",
    "reach_flag", "late_flag", "why",
)  # fmt: skip


def code_table(
    frame: pd.DataFrame, columns: list[str], currency: str = "USD"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(on screen, for download): the chosen CODE_COLUMNS as they read, and every raw
    column (no value empty in the CSV)."""
    shown = {}
    for column in columns:
        title, fmt = CODE_COLUMNS[column]
        values = frame[column].tolist()
        if fmt is None:
            shown[title] = texts(values, money_text(currency))
        elif fmt is count:
            shown[title] = texts(values, count_text)
        else:
            shown[title] = [fmt(v) for v in values]
    return (
        pd.DataFrame(shown, index=range(len(frame)), columns=[CODE_COLUMNS[c][0] for c in columns]),
        frame[list(RAW_COLUMNS)].reset_index(drop=True),
    )


def top_caption(shown: int, total: int, what: str, order: str = "") -> str:
    """ "Top 500 of 677,806 codes, by revenue; the CSV has them all." or "12 flagged codes"."""
    if shown < total:
        by = f", {order}" if order else ""
        return f"Top {shown:,} of {total:,} {what}{by}; the CSV has them all."
    return f"{total:,} {what}."


def code_csv(
    con: duckdb.DuckDBPyConnection, filters: Filters | None, rows: str = "all"
) -> pd.DataFrame:
    """Every code of a table on the page (`rows`: all, flagged, no sales) with its raw
    figures, for the CSV made when the download is clicked."""
    frame = code_results(con, filters)
    if rows == "flagged":
        frame = frame[frame["leak_flag"]]
    elif rows == "no sales":
        frame = frame[frame["orders"] == 0]
    return frame[list(RAW_COLUMNS)].reset_index(drop=True)
