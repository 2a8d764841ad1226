"""Campaigns: a comparison table of every campaign, and one campaign in depth (budget
pacing, the timeline of posts and orders, its creators, its spend by category).

The Campaigns page has no date cap: the shared period filter is dropped here
(`without_period`), so a campaign is always seen whole; the other shared filters apply.
Figures come from metrics.summary (the CLI's `summary --by campaign`), budget and
objective from the campaigns table. Spend/budget compares spend rows (fees, product,
ads, overhead, ...) with the budget: commission is computed from sales, not budgeted.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from campaign_roi import db, metrics, trends
from campaign_roi.formatting import money, multiple, percent
from campaign_roi.metrics import Filters, query_params

TOP = 500  # a campaign's creators shown in its table (by revenue); the CSV has them all

# The figure an objective is judged by (objective vs outcome); others read as ROAS.
OBJECTIVE_FIGURE = {"awareness": "engagements", "engagement": "cpe", "sales": "roas"}


def without_period(filters: Filters | None) -> Filters:
    """The shared filters with no date cap."""
    return replace(filters or Filters(), date_from=None, date_to=None)


def scoped(campaign_id: str, filters: Filters | None = None) -> Filters:
    """One campaign, no date cap, the other shared filters kept."""
    return replace(without_period(filters), campaigns=(campaign_id,))


def campaign_info(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """campaign_id, name, brand, objective, start_date, end_date, budget (float)."""
    frame = db.run_query(con, "campaign_info", query_params(con, filters or Filters()))
    frame["budget"] = pd.to_numeric(frame["budget"], errors="coerce").astype("float64")
    return frame


def comparison(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per campaign (all of them, no date cap): its attributes, then the summary
    figures but the typical ERs (the page does not show them); spend_share = spend /
    budget; creators = placements (creators in it)."""
    filters = without_period(filters)
    info = campaign_info(con, filters)
    figures = metrics.summary(con, "campaign", filters, medians=False)
    figures = figures.rename(columns={"group_key": "campaign_id"})
    frame = info.merge(figures.drop(columns="group_label"), on="campaign_id", how="left")
    frame["creators"] = frame["placements"]
    frame["spend_share"] = frame["spend"] / frame["budget"].where(frame["budget"] > 0)
    return frame


def daily(con: duckdb.DuckDBPyConnection, campaign_id: str, filters: Filters | None = None):
    """One campaign's days (trends.daily_totals, no date cap) with cumulative spend."""
    frame = trends.daily_totals(con, scoped(campaign_id, filters))
    frame["day"] = pd.to_datetime(frame["day"])
    frame["cumulative_spend"] = frame["spend"].cumsum()
    return frame


def creators(
    con: duckdb.DuckDBPyConnection, campaign_id: str, filters: Filters | None = None
) -> pd.DataFrame:
    """metrics.summary by creator within one campaign (no date cap), by revenue (highest
    first, then by creator); the last row (group_key None) is the campaign's overhead."""
    frame = metrics.summary(con, "creator", scoped(campaign_id, filters))
    attributed = frame[frame["group_key"].notna()].sort_values(
        ["revenue", "group_key"], ascending=[False, True], na_position="last", kind="stable"
    )
    return pd.concat([attributed, frame[frame["group_key"].isna()]], ignore_index=True)


def shown_creators(people: pd.DataFrame, limit: int = TOP) -> pd.DataFrame:
    """The first `limit` creators of `creators()` and the overhead row: what the page's
    table shows (a campaign can have thousands; the CSV has them all)."""
    attributed = people[people["group_key"].notna()]
    if len(attributed) <= limit:
        return people
    return pd.concat([attributed.head(limit), people[people["group_key"].isna()]])


def creator_labels(people: pd.DataFrame) -> list[str]:
    """Each row's creator handle; the overhead row says what it holds."""
    return [
        label if key is not None else "unattributed (campaign overhead)"
        for key, label in zip(people["group_key"], people["group_label"], strict=True)
    ]


def creators_caption(people: pd.DataFrame, shown: pd.DataFrame) -> str:
    """ "Top 500 of 5,470 creators, by revenue. ..." or "12 creators, by revenue. ..." """
    total = int(people["group_key"].notna().sum())
    listed = int(shown["group_key"].notna().sum())
    head = f"Top {listed:,} of {total:,} creators" if listed < total else f"{total:,} creators"
    return (
        f"{head}, by revenue. The unattributed row (campaign overhead) is always last; the "
        "CSV has every creator."
    )


def objective_outcome(row: pd.Series, currency: str = "USD") -> str:
    """One sentence: the campaign's objective and the figure that judges it."""
    objective = row.get("objective")
    outcome = (
        f"{money(row['revenue'], currency)} revenue on {money(row['cost'], currency)} cost: "
        f"ROAS {multiple(row['roas'])}, ROI {percent(row['roi'])}"
    )
    reach = (
        f"{row['engagements']:,.0f} engagements from {row['posts']:,.0f} posts, "
        f"CPE {money(row['cpe'], currency, 3)}"
        if pd.notna(row.get("engagements")) and pd.notna(row.get("posts"))
        else "no engagement data"
    )
    figure = OBJECTIVE_FIGURE.get(str(objective).lower(), "roas")
    first, second = (reach, outcome) if figure != "roas" else (outcome, reach)
    stated = f"Objective: {objective}." if objective else "No objective recorded."
    return f"{stated} Outcome: {first}; {second}."


def pacing_caption(row: pd.Series, currency: str = "USD") -> str:
    if pd.isna(row["budget"]):
        return "No budget recorded for this campaign: spend is shown without a budget line."
    return (
        f"Spent {money(row['spend'], currency)} of a {money(row['budget'], currency)} budget "
        f"({percent(row['spend_share'], 0)})."
    )


DAILY_MAX_DAYS = 60


def timeline(days: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """Posts and orders per day for a campaign of up to DAILY_MAX_DAYS days, else per
    week (starting Monday): (grain, frame with day, posts, orders)."""
    frame = days[["day", "posts", "orders"]]
    if frame.empty or (frame["day"].max() - frame["day"].min()).days < DAILY_MAX_DAYS:
        return "day", frame.reset_index(drop=True)
    week = frame["day"].dt.to_period("W-SUN").dt.start_time.rename("day")
    return "week", frame.drop(columns="day").groupby(week).sum().reset_index()
