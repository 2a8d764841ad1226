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
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from campaign_roi import aggregates, db
from campaign_roi.formatting import count, money, multiple
from campaign_roi.metrics import Filters, query_params

TOP = 500  # codes shown per table; the CSV downloads have them all
MIN_ORDERS = 10
MIN_CODES_FOR_NORM = 5
FENCE_IQRS = 3.0
LATE_DAYS = 30
LATE_SHARE = 0.5

_NUMBERS = (
    "placement_followers", "codes_in_placement", "orders", "revenue", "commission",
    "refunded_orders", "refunded_revenue", "cost", "late_orders",
)  # fmt: skip


def code_results(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per code in the filters (with sales or not), its CPA and ROAS, and the
    leakage columns of `leakage_flags`."""
    params = query_params(con, filters or Filters())
    fast = aggregates.fast_params(con, params)
    frame = (
        db.run_query(con, "fast_code_results", fast)
        if fast
        else db.run_query(con, "code_results", params)
    )
    for column in _NUMBERS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["cpa"] = frame["cost"] / frame["orders"].where(frame["orders"] > 0)
    frame["roas"] = frame["revenue"] / frame["cost"].where(frame["cost"] > 0)
    return leakage_flags(frame)


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


def reach_norm(frame: pd.DataFrame) -> tuple[float | None, float | None]:
    """(typical, fence): the median and Q3 + 3 x IQR of orders per 1k followers across
    codes with sales; (None, None) with fewer than MIN_CODES_FOR_NORM such codes."""
    rates = _per_thousand(frame)[frame["orders"] > 0].dropna()
    if len(rates) < MIN_CODES_FOR_NORM:
        return None, None
    q1, median, q3 = np.percentile(rates, [25, 50, 75])
    return float(median), float(q3 + FENCE_IQRS * (q3 - q1))


def _per_thousand(frame: pd.DataFrame) -> pd.Series:
    followers = frame["placement_followers"].where(frame["placement_followers"] > 0)
    return frame["orders"] / followers * 1000


def leakage_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """Add orders_per_1k, late_share, reach_flag, late_flag, leak_flag and `why` (one
    sentence per rule that fired, empty when none did)."""
    out = frame.copy()
    out["orders_per_1k"] = _per_thousand(out)
    out["late_share"] = out["late_orders"] / out["orders"].where(out["orders"] > 0)
    typical, fence = reach_norm(out)
    enough = out["orders"] >= MIN_ORDERS
    out["reach_flag"] = (enough & (out["orders_per_1k"] > fence)) if fence is not None else False
    out["late_flag"] = enough & out["last_post_at"].notna() & (out["late_share"] > LATE_SHARE)
    out["leak_flag"] = out["reach_flag"] | out["late_flag"]
    # only flagged codes have a reason (the others' `why` is empty): build just those
    reasons = [_why(row, typical) for row in out[out["leak_flag"]].to_dict("records")]
    out["why"] = ""
    out.loc[out["leak_flag"], "why"] = reasons
    return out


def _rate(value: float) -> str:
    return f"{value:,.1f}" if value >= 0.95 else f"{value:,.2f}"


def _why(row: dict, typical: float | None) -> str:
    reasons = []
    if row["reach_flag"]:
        reasons.append(
            f"{count(row['orders'])} orders from a creator with "
            f"{count(row['placement_followers'])} followers: {_rate(row['orders_per_1k'])} per "
            f"1k followers against a typical {_rate(typical or 0.0)}"
        )
    if row["late_flag"]:
        reasons.append(
            f"{count(row['late_orders'])} of {count(row['orders'])} orders "
            f"({row['late_share']:.0%}) came more than {LATE_DAYS} days after the creator's "
            f"last post in the campaign ({pd.Timestamp(row['last_post_at']):%d %b %Y})"
        )
    return "; ".join(reasons)


def rule_caption(frame: pd.DataFrame) -> str:
    """The two rules in words, with this view's norm."""
    typical, fence = reach_norm(frame)
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
    shown = pd.DataFrame(index=frame.index)
    for column in columns:
        title, fmt = CODE_COLUMNS[column]
        if fmt is None:
            shown[title] = [money(v, currency) for v in frame[column]]
        else:
            shown[title] = [fmt(v) for v in frame[column]]
    return shown.reset_index(drop=True), frame[list(RAW_COLUMNS)].reset_index(drop=True)


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
