"""The checks that need only one file's rows: required values, date order, currency."""

from __future__ import annotations

import pandas as pd

from campaign_roi.contract import TABLES
from campaign_roi.importing.columns import Part
from campaign_roi.importing.problems import ProblemLog


def _empty_text(cells: pd.Series) -> pd.Series:
    return cells.isna() | (cells.astype("str").str.strip() == "")


def check_required_values(part: Part, columns: list[str], problems: ProblemLog) -> None:
    """A required column with an empty cell."""
    for name in columns:
        if name not in part.typed:
            continue
        if name not in part.plan.headers and name not in part.plan.constants:
            continue  # the whole column is missing: reported once, on line 1
        empty = _empty_text(part.raw[name])
        if empty.any():
            lines = part.typed.index[empty.to_numpy()]
            problems.add_rows(
                part.file,
                lines,
                part.plan.label(name),
                [""] * len(lines),
                f"{name} is required and this cell is empty. Fill it in.",
            )


def check_dates_in_order(part: Part, problems: ProblemLog) -> None:
    """A campaign that ends before it starts."""
    start, end = part.typed["start_date"], part.typed["end_date"]
    wrong = (end < start).fillna(False).to_numpy(dtype=bool)
    if wrong.any():
        lines = part.typed.index[wrong]
        starts = part.raw["start_date"].loc[lines].to_numpy()
        problems.add_rows(
            part.file,
            lines,
            part.plan.label("end_date"),
            part.raw["end_date"].loc[lines].to_numpy(),
            [
                f"the campaign ends before it starts (start_date {s}). Fix end_date or start_date."
                for s in starts
            ],
            kind="end before start",
        )


def check_currency(part: Part, currency: str, problems: ProblemLog) -> None:
    """A currency other than the reporting currency; stored upper-case."""
    if "currency" not in part.typed:
        return
    codes = part.typed["currency"].str.upper()
    part.typed["currency"] = codes
    wrong = (codes.notna() & (codes != currency.upper())).to_numpy()
    if wrong.any():
        lines = part.typed.index[wrong]
        problems.add_rows(
            part.file,
            lines,
            part.plan.label("currency"),
            part.raw["currency"].loc[lines].to_numpy(),
            f"this row is in another currency, but this database reports in {currency}. "
            f"Convert the amount to {currency} and write {currency} here (or leave it empty).",
        )


def check_part(part: Part, currency: str, problems: ProblemLog) -> None:
    """The checks that need only one file's rows."""
    table = TABLES[part.table]
    if (
        part.table == "posts"
        and "handle" in part.typed
        and "influencer_id" not in part.plan.headers
    ):
        part.typed["influencer_id"] = part.typed["handle"]
        part.raw["influencer_id"] = part.raw["handle"]
        part.plan.headers.setdefault("influencer_id", part.plan.label("handle"))
    check_required_values(part, table.required, problems)
    if part.table == "campaigns":
        check_dates_in_order(part, problems)
    check_currency(part, currency, problems)
