"""Exact medians and quantiles of per-post values over millions of posts, from the
pre-aggregate agg_value (data/aggregates.sql) instead of DuckDB's median() over every
post of the filters.

agg_value holds each measure's values sorted, numbered in chunks of 65,536. Step 1
(queries/fast_value_counts.sql) counts the values of each group per chunk in the
filters; the k-th value of a group lies in the chunk where the running count passes
k. Step 2 (queries/fast_value_pick.sql) reads only those chunks and returns the values
at the wanted ranks. Both steps read columns, not whole posts, and the second reads a
few chunks, so the cost is a count over the filtered values, not a sort of them.

The result is DuckDB's own: quantile_cont at q is the value at position (n - 1) * q
counting from 0, interpolated between the two values around it exactly as DuckDB does
(lo * (1 - d) + hi * d with one rounding of the sum, a fused multiply-add: _blend);
median is quantile_cont at 0.5. tests/test_aggregates.py holds them equal.
"""

from __future__ import annotations

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


def group_quantiles(
    con: duckdb.DuckDBPyConnection,
    params: Mapping[str, Any],
    by: str = "all",
    then_by: str = "none",
    measures: Sequence[str] = ("er_followers",),
    quantiles: Sequence[float] = (0.5,),
    micro: Sequence[str] = (),
    macro: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per measure and group with values in the filters `params` (metrics.
    query_params): measure, group_key, group_key2, n, then one column per quantile q
    (named by q) holding quantile_cont(value, q)."""
    bound = dict(params)
    bound.update(
        by=by, then_by=then_by, measures=list(measures), micro=list(micro), macro=list(macro)
    )
    counts = db.run_query(con, "fast_value_counts", bound)
    columns = [*KEYS, "n", *quantiles]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    for key in KEYS:
        counts[key] = [_key(v) for v in counts[key]]
    counts = counts.sort_values([*KEYS, "chunk"], na_position="first", kind="stable")
    groups = []
    targets: dict[tuple, None] = {}
    for key, rows in counts.groupby(KEYS, dropna=False, sort=False):
        key = tuple(_key(k) for k in key)
        chunks = rows["chunk"].to_numpy()
        upto = np.cumsum(rows["n"].to_numpy())
        total = int(upto[-1])
        wanted = []
        for q in quantiles:
            position = (total - 1) * q
            low, high = math.floor(position), math.ceil(position)
            wanted.append((q, position - low, low, high))
            for pos in {low, high}:
                i = int(np.searchsorted(upto, pos, side="right"))
                before = int(upto[i - 1]) if i else 0
                targets[(*key, int(chunks[i]), pos - before + 1)] = None
        groups.append((key, total, chunks, upto, wanted))
    picked = db.run_query(
        con,
        "fast_value_pick",
        {
            **bound,
            "targets": [
                dict(zip([*KEYS, "chunk", "rank"], target, strict=True)) for target in targets
            ],
            "chunks": sorted({target[3] for target in targets}),
        },
    )
    values = {
        tuple(_key(v) for v in row[:5]): float(row[5])
        for row in picked[[*KEYS, "chunk", "rank", "value"]].itertuples(index=False)
    }

    def value_at(key: tuple, chunks: np.ndarray, upto: np.ndarray, pos: int) -> float:
        i = int(np.searchsorted(upto, pos, side="right"))
        before = int(upto[i - 1]) if i else 0
        return values[(*key, int(chunks[i]), pos - before + 1)]

    rows = []
    for key, total, chunks, upto, wanted in groups:
        row = {**dict(zip(KEYS, key, strict=True)), "n": total}
        for q, d, low, high in wanted:
            lo = value_at(key, chunks, upto, low)
            row[q] = lo if low == high else _blend(lo, value_at(key, chunks, upto, high), d)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)
