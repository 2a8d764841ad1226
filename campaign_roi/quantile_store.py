"""Quantile answers stored at refresh: for each window of agg_windows with no filter and
each tier scheme, what quantiles.group_quantiles answers to the requests the Overview,
Tiers and Micro vs macro pages make (typical ERs overall, by tier, by tier and platform,
by follower bin, by default side and by campaign; the ER box plot's quantiles by tier).
A page run over such a window reads one stored row (queries/stored_quantiles.sql)
instead of counting the window's values per chunk and picking the middle ones (20-70 ms
a request); the CSVs of the Overview's best and worst campaigns read their rows of the
answer for every campaign (metrics.typical_ers).

The answers are group_quantiles' own, worked out here with the store left out, so they
are exactly what the page would work out. A request not stored (another grouping, sides
or measure, a filter, a scheme edited since the refresh: the key holds its tiers by band)
is worked out as before.
"""

from __future__ import annotations

import duckdb

from campaign_roi import aggregates, metrics, quantiles, tiers
from campaign_roi.distributions import QUANTILES
from campaign_roi.metrics import Filters

ER = ("er_followers",)
MEDIAN = (0.5,)
# (by, then_by, measures, quantiles, with the scheme's default sides)
REQUESTS = (
    ("all", "none", ER, MEDIAN, False),  # Overview: the typical ER, now and before
    ("side", "none", ER, MEDIAN, True),  # Overview, Micro vs macro: each side's
    ("tier", "none", ER, MEDIAN, False),  # Tiers: the table
    ("tier", "none", ER, tuple(QUANTILES.values()), False),  # Tiers: the box plot
    ("tier", "platform", ER, MEDIAN, False),  # Tiers: tier x platform
    ("follower_bin", "none", ("er_followers", "followers"), MEDIAN, False),  # ER by followers
    ("campaign", "none", ER, MEDIAN, False),  # Overview: its ranking tables' CSVs
)


def fill(con: duckdb.DuckDBPyConnection) -> int:
    """Store every request's answer for every window and scheme (after the pre-aggregates
    are built and marked current); returns how many were stored."""
    con.execute("DELETE FROM agg_quantile_store")
    windows = con.execute(
        "SELECT first_day, last_day, window_days FROM agg_windows ORDER BY 1"
    ).fetchall()
    schemes = [
        row[0] for row in con.execute("SELECT DISTINCT scheme FROM tiers ORDER BY 1").fetchall()
    ]
    rows = []
    for name in schemes:
        micro, macro = tiers.default_sides(metrics.tier_scheme(con, name))
        for first_day, last_day, days in windows:
            # all time (0 days) is the open period, as the pages ask it
            dates = {} if days == 0 else {"date_from": first_day, "date_to": last_day}
            filters = Filters(scheme=name, **dates)
            fast = aggregates.fast_params(con, metrics.query_params(con, filters))
            if fast is None or fast["recent"] is None:
                continue
            for by, then_by, measures, qs, sided in REQUESTS:
                if sided and not (micro and macro):
                    continue
                sides = {"micro": micro, "macro": macro} if sided else {}
                answer = quantiles.group_quantiles(
                    con, fast, by, then_by, measures, qs, **sides, use_store=False
                )
                bound = {**fast, "by": by, "then_by": then_by, "measures": list(measures),
                         "quantiles": list(qs), "micro": list(sides.get("micro", ())),
                         "macro": list(sides.get("macro", ()))}  # fmt: skip
                rows.append(
                    (fast["recent"], quantiles.stored_request(bound), quantiles.to_stored(answer))
                )
    if rows:
        con.executemany("INSERT INTO agg_quantile_store VALUES (?, ?, ?)", rows)
    return len(rows)
