"""Checks across the batch and the database: duplicate ids, unknown references, and
spend rows naming a post of another campaign or creator."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from campaign_roi.contract import TABLES
from campaign_roi.importing.columns import Part
from campaign_roi.importing.lookups import missing_in_db, with_values
from campaign_roi.importing.problems import ProblemLog
from campaign_roi.importing.types import Problem

SINGULAR = {
    "influencers": "creator",
    "campaigns": "campaign",
    "posts": "post",
    "spend": "spend row",
    "affiliate_codes": "affiliate code",
    "orders": "order",
}


def combined(parts: list[Part], table: str) -> pd.DataFrame:
    """All parts of one table stacked, with _part (position in `parts`) and _line."""
    names = TABLES[table].column_names
    frames = []
    for number, part in enumerate(parts):
        frame = part.typed.reindex(columns=names)
        frame["_part"] = number
        frame["_line"] = part.typed.index.to_numpy()
        frames.append(frame.reset_index(drop=True))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=names)


def _report_rows(
    parts: list[Part],
    frame: pd.DataFrame,
    bad: np.ndarray,
    column: str,
    messages: str | Sequence[str],
    problems: ProblemLog,
    kind: str,
) -> None:
    """Problems for rows of a combined frame, grouped back to their files."""
    rows = frame.loc[bad, ["_part", "_line"]]
    texts = None if isinstance(messages, str) else pd.Series(list(messages), index=rows.index)
    for number, group in rows.groupby("_part", sort=True):
        part = parts[int(number)]
        shown = messages if texts is None else texts.loc[group.index].tolist()
        if column in part.plan.constants and column not in part.plan.headers:
            first = shown if isinstance(shown, str) else shown[0]
            message = f"{first} (The mapping sets this value for every row.)"
            problems.add(Problem(part.file, None, column, part.plan.constants[column], message))
            continue
        lines = group["_line"].to_numpy()
        values = part.raw[column].loc[lines].to_numpy() if column in part.raw else [""] * len(lines)
        problems.add_rows(part.file, lines, part.plan.label(column), values, shown, kind=kind)


def check_duplicates(
    parts: list[Part], frame: pd.DataFrame, table: str, problems: ProblemLog
) -> None:
    """The same id twice in the batch (codes compared case-insensitively: stored upper)."""
    key = TABLES[table].key
    dup = (frame[key].duplicated(keep="first") & frame[key].notna()).to_numpy()
    if not dup.any():
        return
    firsts = frame[~frame[key].duplicated(keep="first")].set_index(key)
    again = frame.loc[dup, key]
    first_part = again.map(firsts["_part"]).astype(int)
    first_line = again.map(firsts["_line"]).astype(int)
    messages = [
        f"this {key} appears more than once in this import "
        f"(first on line {line} of {parts[p].file}). "
        f"Keep one row per {key}."
        for p, line in zip(first_part, first_line, strict=True)
    ]
    _report_rows(parts, frame, dup, key, messages, problems, kind="duplicate id")


def check_references(
    con: duckdb.DuckDBPyConnection,
    parts: dict[str, list[Part]],
    frames: dict[str, pd.DataFrame],
    table: str,
    problems: ProblemLog,
) -> None:
    """Ids that must exist in the database or in the same batch."""
    frame = frames[table]
    for column in TABLES[table].columns:
        if not column.references:
            continue
        target = column.references
        values = pd.Series(frame[column.name].dropna().unique(), dtype="str")
        in_batch = (
            frames[target][TABLES[target].key] if target in frames else pd.Series([], dtype="str")
        )
        unknown = missing_in_db(con, target, values[~values.isin(in_batch)])
        if not unknown:
            continue
        bad = frame[column.name].isin(unknown).to_numpy()
        what = SINGULAR[target]
        messages = [
            f'there is no {what} "{v}" in the database or in this import. Add it '
            f"(in {target}.csv) or fix the {column.name}."
            for v in frame.loc[bad, column.name]
        ]
        _report_rows(
            parts[table], frame, bad, column.name, messages, problems, kind="unknown reference"
        )


def _post_owners(
    con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame], post_ids: pd.Series
) -> pd.DataFrame:
    """campaign_id and influencer_id of each post id, from the batch first, else the database."""
    cols = ["post_id", "campaign_id", "influencer_id"]
    batch = frames["posts"][cols] if "posts" in frames else pd.DataFrame(columns=cols)
    rest = post_ids[~post_ids.isin(batch["post_id"])]
    stored = pd.DataFrame(columns=cols)
    if not rest.empty:
        sql = (
            "SELECT p.post_id, p.campaign_id, p.influencer_id "
            "FROM posts AS p SEMI JOIN _vals AS c ON p.post_id = c.v"
        )
        stored = with_values(con, rest, sql)
    return (
        pd.concat([batch, stored], ignore_index=True)
        .drop_duplicates("post_id")
        .set_index("post_id")
    )


def check_spend_posts(
    con: duckdb.DuckDBPyConnection,
    parts: list[Part],
    frames: dict[str, pd.DataFrame],
    problems: ProblemLog,
) -> None:
    """A spend row's post must belong to the same campaign and (if named) creator."""
    spend = frames["spend"]
    linked = spend["post_id"].notna().to_numpy()
    if not linked.any():
        return
    owners = _post_owners(
        con, frames, pd.Series(spend.loc[linked, "post_id"].unique(), dtype="str")
    )
    owner_campaign = spend["post_id"].map(owners["campaign_id"])
    owner_creator = spend["post_id"].map(owners["influencer_id"])
    known = owner_campaign.notna().to_numpy()
    wrong_campaign = known & (owner_campaign != spend["campaign_id"]).fillna(False).to_numpy(
        dtype=bool
    )
    wrong_creator = (
        known
        & spend["influencer_id"].notna().to_numpy()
        & (owner_creator != spend["influencer_id"]).fillna(False).to_numpy(dtype=bool)
    )
    bad = wrong_campaign | wrong_creator
    if not bad.any():
        return
    rows = spend.loc[bad]
    messages = [
        f'post "{p}" belongs to creator "{oi}" in campaign "{oc}", but this row names creator '
        f'"{"" if pd.isna(i) else i}" in campaign "{c}". '
        "Fix the post_id, influencer_id or campaign_id."
        for p, oi, oc, i, c in zip(
            rows["post_id"],
            owner_creator[bad],
            owner_campaign[bad],
            rows["influencer_id"],
            rows["campaign_id"],
            strict=True,
        )
    ]
    _report_rows(parts, spend, bad, "post_id", messages, problems, kind="post of another creator")
