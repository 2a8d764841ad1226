"""Every SQL file in queries/ runs: a broken query cannot hide behind a page nobody opened.

Each statement is run on the known-answer database with "no filter" parameters; a new
parameter name needs a value here, which keeps the list of parameters deliberate.
"""

from __future__ import annotations

import pytest

from campaign_roi import db
from tests.known_answer import build_known_answer_db

NO_FILTER = {
    "scheme": "default",
    "by": "tier",
    "then_by": "none",
    "date_from": None,
    "date_to": None,
    "campaigns": None,
    "brands": None,
    "platforms": None,
    "tiers": None,
    "content_types": None,
    "creators": None,
    "gross_margin": None,
    "creator": "iA",  # creator_posts.sql: one creator's history
    "dimension": "niche",  # content_breakdown.sql: niche | weekday | hour
    "limit": 50,  # import_history.sql
    # the fast queries (data/aggregates.sql, campaign_roi/quantiles.py)
    "band_tiers": ["nano"] * 7,  # fast_*.sql: the tier and its position by band + 1
    "band_positions": [0] * 7,
    "placement_level": False,  # fast_placements.sql: sum placements whole
    "tier_mask": None,  # fast_placement_counts_*.sql: the filtered tiers' bands (bits)
    "per_content": False,  # ... a window's rows per content type
    "band_masks": [127] * 7,  # ... against each band's tier's bands (bits)
    "whole": True,  # agg_facet_sums: take placement facets' sums whole
    "months_from": None,  # agg_period_*: the whole months read from monthly sums (none)
    "months_to": None,
    "recent": None,  # the window of agg_windows the period is (none)
    "window_read": False,  # fast_creator_*, fast_code_results: read a window's stored rows
    "window_split": False,  # ... per placement and platform (fast_window_split.sql)
    "code_split": False,  # fast_code_results: a window's code rows with placements' parts
    "measures": ["er_followers"],  # fast_value_*.sql: measures of agg_value
    "micro": ["nano", "micro"],  # fast_value_*.sql: the sides of a comparison
    "macro": ["macro", "mega"],
    "chunks": [0],  # fast_value_pick.sql: chunks to read, values at these ranks
    "targets": [
        {"measure": "er_followers", "group_key": "all", "group_key2": "", "chunk": 0, "rank": 1}
    ],
    "keys": [1],  # fast_placement_ers.sql: placement keys
    "last_bag_key": 2**63,  # and their largest bag_key
    "bins": [14, 15],  # fast_follower_bins.sql: quarter-decade follower bins
    # fast_creator_*.sql, creator_handles.sql: the leaderboard's order, search and rows
    "sort": "revenue",
    "descending": True,
    "search": None,
    "ids": ["iA"],
    # fast_placement_digest.sql: the sides by band, the bag's size, the sides' medians
    "micro_bands": [0, 1],
    "macro_bands": [2, 3],
    "bag": 500,
    "medians": True,
    "stored": False,  # ... read from agg_digest_recent
    "stored_medians": False,  # ... its sides' medians from agg_side_medians_recent
    "with_total": False,  # fast_summary.sql: a total row beside the groups
    "request": "[]",  # stored_quantiles.sql: a request quantiles.stored_request keys
    # code_leakage.sql, code_page.sql: the leakage rules and what the page shows
    "min_codes": 5,
    "fence_iqrs": 3.0,
    "min_orders": 10,
    "late_share": 0.5,
    "top": 500,
    "max_points": 2_000,
    "grid": 60,
}

# Queries written on the rows of another (db.compose): the rows each reads, by CTE name.
_LEAKAGE = db.compose("code_leakage", code_rows=db.load_query("code_results"))
COMPOSED = {
    "code_leakage": {"code_rows": db.load_query("code_results")},
    "code_list": {"coded": _LEAKAGE},
    "code_page": {"coded": _LEAKAGE},
    "fast_summary": {
        "period_cells": db.load_query("fast_period_cells"),
        "placement_counts": db.load_query("fast_placement_counts"),
    },
    "fast_content_breakdown": {"period_cells": db.load_query("fast_period_cells")},
    "fast_er_distribution": {"period_cells": db.load_query("fast_period_cells")},
    "fast_er_trend": {"period_cells": db.load_query("fast_period_cells")},
    "fast_spend_by_category": {"period_cells": db.load_query("fast_period_cells")},
    "fast_placement_digest": {"placement_sums": db.load_query("fast_placement_sums_period")},
    "fast_placements": {"placement_sums": db.load_query("fast_placement_sums_period")},
    "fast_creator_board": {
        "period_placements": db.load_query("fast_board_period"),
        "window_split": db.load_query("fast_window_split"),
        "filtered_posts": db.load_query("fast_filtered_posts"),
    },
    "fast_creator_typical_er": {"filtered_posts": db.load_query("fast_filtered_posts")},
    "creator_posts": {"own": db.load_query("creator_own_posts")},
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = build_known_answer_db(tmp_path_factory.mktemp("q") / "known.duckdb")
    connection = db.connect_ro(path)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_runs(con, name):
    sql = db.compose(name, **COMPOSED[name]) if name in COMPOSED else db.load_query(name)
    needed = db.query_parameters(sql)
    unknown = needed - NO_FILTER.keys()
    assert not unknown, f"give {sorted(unknown)} a no-filter value in NO_FILTER"
    frame = db.run_sql(con, sql, NO_FILTER, name)
    assert len(frame.columns) > 0


def test_a_query_composed_on_the_rows_of_another(con):
    # a query with CTEs of its own gets the rows as its first CTE; one without gets a WITH
    leakage = db.compose("code_leakage", code_rows="SELECT 1 AS x")
    assert leakage.split("WITH ", 1)[1].startswith("code_rows AS (\nSELECT 1 AS x\n),\nrated AS (")
    listed = db.compose("code_list", coded="SELECT 2 AS revenue, 'A' AS code")
    assert db.run_sql(con, listed).to_dict("records") == [{"revenue": 2, "code": "A"}]


def test_parameters_in_comments_are_not_bound():
    sql = "-- one row per $by\nSELECT $x AS x"
    assert db.query_parameters(sql) == {"x"}


def test_a_statement_parsed_once_runs_with_each_call_s_own_values(con):
    """run_sql parses a text once (db._parsed) and DuckDB runs a copy of it each time: on
    another cursor, with other values, each call gets its own answer."""
    sql = "SELECT $x AS x, list_contains($tiers, 'nano') AS nano FROM campaigns LIMIT 1"
    first = db.run_sql(con, sql, {"x": 1, "tiers": ["nano"]})
    hits = db._parsed.cache_info().hits
    other = con.cursor()
    second = db.run_sql(other, sql, {"x": 2, "tiers": ["micro"]})
    assert db._parsed.cache_info().hits == hits + 1
    assert first.to_dict("records") == [{"x": 1, "nano": True}]
    assert second.to_dict("records") == [{"x": 2, "nano": False}]
    other.close()
