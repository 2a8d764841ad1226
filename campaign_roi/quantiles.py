"""Exact medians and quantiles of per-post values over millions of posts, from the
pre-aggregate agg_value (data/aggregates.sql) instead of DuckDB's median() over every
post of the filters.

agg_value holds each measure's values sorted, numbered in chunks of
aggregates.CHUNK_VALUES. Step 1 (queries/fast_value_counts.sql) counts the values of
each group per chunk in the filters (a period's whole months, or the whole of a preset's
window, from agg_value_month, counted per chunk at refresh, when the filters and groups
allow: `monthly_counts`); the k-th value of a group lies in the chunk where the running
count passes k. Step 2 (queries/fast_value_pick.sql) reads only those chunks, sorts each
group's values in them, and returns the values at the wanted ranks. Both steps read
columns, not whole posts, and the second reads a few chunks, so the cost is a count over
the filtered values, not a sort of them.

The result is DuckDB's own: quantile_cont at q is the value at position (n - 1) * q
counting from 0, interpolated between the two values around it exactly as DuckDB does
(lo * (1 - d) + hi * d with one rounding of the sum, a fused multiply-add: _blend);
median is quantile_cont at 0.5. tests/test_aggregates.py holds them equal.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from campaign_roi import db

MEASURES = ("er_followers", "er_reach", "er_views", "followers")
KEYS = ["measure", "group_key", "group_key2"]


def _blend(lo: float, hi: float, d: float) -> float:
    """lo * (1 - d) + hi * d as DuckDB computes it: hi * d rounded, then one rounding of
    lo * (1 - d) + that (a fused multiply-add)."""
    return float(Fraction(lo) * Fraction(1.0 - d) + Fraction(hi * d))


def _key(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


# The groups and filters agg_value_month keeps (it has no campaign, brand or creator).
MONTHLY_GROUPS = ("all", "tier", "side", "platform", "content_type", "follower_bin")
MONTHLY_THEN = ("none", "tier", "platform", "content_type")


def monthly_counts(params: Mapping[str, Any]) -> bool:
    """Whether fast_value_counts.sql may count the period's whole months (months_from,
    months_to of aggregates.fast_params), or the period when it is a window (recent), from
    agg_value_month."""
    return (
        (params.get("months_from") is not None or params.get("recent") is not None)
        and params["by"] in MONTHLY_GROUPS
        and params["then_by"] in MONTHLY_THEN
        and not (params.get("campaigns") or params.get("brands") or params.get("creators"))
    )


def _value_counts(con: duckdb.DuckDBPyConnection, bound: Mapping[str, Any]) -> pd.DataFrame:
    """fast_value_counts.sql's rows for `bound` (a copy), counted once per pinned cursor
    (db.kept): the Tiers page asks the same counts for its table's typical ER and for its
    box plot's quantiles."""
    sql = db.load_query("fast_value_counts")
    used = sorted(name for name in db.query_parameters(sql) if name in bound)
    key = ("fast_value_counts", repr([(name, bound[name]) for name in used]))
    return db.kept(con, key, lambda: db.run_query(con, "fast_value_counts", bound)).copy()


# Filters a stored answer (agg_quantile_store) holds none of: a window with no filter only.
_UNSTORED = ("campaigns", "brands", "platforms", "content_types", "creators", "tiers")
# What a stored answer is keyed by besides its window.
_REQUEST_KEYS = ("by", "then_by", "measures", "quantiles", "micro", "macro", "band_tiers",
                 "band_positions")  # fmt: skip


def stored_request(bound: Mapping[str, Any]) -> str | None:
    """The key agg_quantile_store holds group_quantiles' answer for `bound` under (its
    grouping, measures, quantiles, sides and the scheme's tiers by band) when the period
    is a window of agg_windows with no filter; else None (worked out every time)."""
    if bound.get("recent") is None or any(bound.get(name) for name in _UNSTORED):
        return None
    return json.dumps([bound[name] for name in _REQUEST_KEYS])


def to_stored(frame: pd.DataFrame) -> str:
    """group_quantiles' answer as agg_quantile_store keeps it (from_stored reads it back
    with the same columns, types and values: floats by their shortest exact repr)."""
    return json.dumps(
        {
            "columns": list(frame.columns),
            "dtypes": [str(dtype) for dtype in frame.dtypes],
            "rows": frame.astype(object).where(frame.notna(), None).values.tolist(),
        }
    )


def from_stored(text: str) -> pd.DataFrame:
    stored = json.loads(text)
    frame = pd.DataFrame(stored["rows"], columns=stored["columns"], dtype=object)
    return frame.astype(dict(zip(stored["columns"], stored["dtypes"], strict=True)))


def _stored_answer(con: duckdb.DuckDBPyConnection, bound: Mapping[str, Any]) -> pd.DataFrame | None:
    request = stored_request(bound)
    if request is None:
        return None
    found = db.run_query(con, "stored_quantiles", {"recent": bound["recent"], "request": request})
    return None if found.empty else from_stored(found["answer"].iloc[0])


def stored_quantiles(
    con: duckdb.DuckDBPyConnection,
    params: Mapping[str, Any],
    by: str,
    then_by: str = "none",
    measures: Sequence[str] = ("er_followers",),
    quantiles: Sequence[float] = (0.5,),
) -> pd.DataFrame | None:
    """group_quantiles' answer as stored at refresh for `params`, or None when it is not
    stored (nothing is worked out)."""
    return _stored_answer(
        con,
        {
            **params,
            "by": by,
            "then_by": then_by,
            "measures": list(measures),
            "quantiles": list(quantiles),
            "micro": [],
            "macro": [],
        },
    )


def group_quantiles(
    con: duckdb.DuckDBPyConnection,
    params: Mapping[str, Any],
    by: str = "all",
    then_by: str = "none",
    measures: Sequence[str] = ("er_followers",),
    quantiles: Sequence[float] = (0.5,),
    micro: Sequence[str] = (),
    macro: Sequence[str] = (),
    use_store: bool = True,
) -> pd.DataFrame:
    """One row per measure and group with values in the filters `params` (aggregates.
    fast_params): measure, group_key, group_key2, n, then one column per quantile q
    (named by q) holding quantile_cont(value, q). Over a window with no filter, the
    answer stored at refresh when there is one (quantile_store.py)."""
    bound = dict(params)
    bound.update(
        by=by, then_by=then_by, measures=list(measures), micro=list(micro), macro=list(macro)
    )
    if use_store:
        found = _stored_answer(con, {**bound, "quantiles": list(quantiles)})
        if found is not None:
            return found
    if not monthly_counts(bound):
        bound.update(months_from=None, months_to=None, recent=None)  # every day from agg_fact
    counts = _value_counts(con, bound)
    columns = [*KEYS, "n", *quantiles]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    # plain arrays, not pandas (6 ms of a 12 ms call went to pandas' bookkeeping): the
    # counts come ordered by group, then chunk, so each group is one run of rows
    columns_of_keys = [_plain(counts[key]) for key in KEYS]
    n = counts["n"].to_numpy(dtype=np.int64)
    chunk = counts["chunk"].to_numpy(dtype=np.int64)
    changed = np.zeros(len(counts) - 1, dtype=bool)
    for values in columns_of_keys:
        changed |= values[1:] != values[:-1]
    firsts = np.concatenate([[0], np.flatnonzero(changed) + 1])

    def key_of(row: int) -> tuple[Any, Any, Any]:
        return tuple(values[row] for values in columns_of_keys)

    upto = np.cumsum(n)  # running count over all groups, group after group
    totals = np.add.reduceat(n, firsts)
    starts = np.concatenate([[0], np.cumsum(totals)[:-1]])

    def locate(position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row (group, chunk) holding each group's value at 0-based `position`, and
        the value's 1-based rank within that chunk."""
        rows = np.searchsorted(upto, starts + position, side="right")
        return rows, starts + position - (upto[rows] - n[rows]) + 1

    wanted = []
    for q in quantiles:
        position = (totals - 1) * q
        low, high = np.floor(position).astype(np.int64), np.ceil(position).astype(np.int64)
        wanted.append((q, position - low, locate(low), locate(high), low == high))
    # the targets in the order the pick has always been asked with (answer_store.py keys
    # stored picks by it): every quantile's low then high rows, the first of repeats kept
    targets = {}
    for _, _, located_low, located_high, _ in wanted:
        for rows, ranks in (located_low, located_high):
            for row, rank in zip(rows.tolist(), ranks.tolist(), strict=True):
                measure, group_key, group_key2 = key_of(row)
                targets.setdefault(
                    (measure, group_key, group_key2, int(chunk[row]), rank),
                    {
                        "measure": measure,
                        "group_key": group_key,
                        "group_key2": group_key2,
                        "chunk": int(chunk[row]),
                        "rank": rank,
                    },
                )
    picked = db.run_query(
        con,
        "fast_value_pick",
        {
            **bound,
            "targets": list(targets.values()),
            "chunks": sorted({target["chunk"] for target in targets.values()}),
        },
    )
    values = dict(
        zip(
            zip(
                *(_plain(picked[key]).tolist() for key in KEYS),
                picked["chunk"].tolist(),
                picked["rank"].tolist(),
                strict=True,
            ),
            picked["value"].to_numpy(dtype=float).tolist(),
            strict=True,
        )
    )
    group_keys = [key_of(row) for row in firsts.tolist()]

    def value_at(located: tuple[np.ndarray, np.ndarray]) -> list[float]:
        rows, ranks = located
        return [
            values[(*key, int(chunk[r]), k)]
            for key, r, k in zip(group_keys, rows.tolist(), ranks.tolist(), strict=True)
        ]

    out = pd.DataFrame(
        {
            key: pd.Series([group[i] for group in group_keys], dtype=object)
            for i, key in enumerate(KEYS)
        }
    )
    out["n"] = totals
    for q, d, low, high, exact in wanted:
        lo, hi = value_at(low), value_at(high)
        out[q] = [
            a if e else _blend(a, b, f)
            for a, b, f, e in zip(lo, hi, d.tolist(), exact.tolist(), strict=True)
        ]
    return out[columns]


def _plain(values: pd.Series) -> np.ndarray:
    """A key column as an array of plain Python values, None for a missing one."""
    plain = values.to_numpy(dtype=object, copy=True)
    plain[values.isna().to_numpy()] = None
    return plain
