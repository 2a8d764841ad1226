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
    "placement_level": False,  # fast_summary.sql: count placements whole
    "whole": True,  # agg_facet_sums: take placement facets' sums whole
    "months_from": None,  # agg_period_*: the whole months read from monthly sums (none)
    "months_to": None,
    "measures": ["er_followers"],  # fast_value_*.sql: measures of agg_value
    "micro": ["nano", "micro"],  # fast_value_*.sql: the sides of a comparison
    "macro": ["macro", "mega"],
    "chunks": [0],  # fast_value_pick.sql: chunks to read, values at these ranks
    "targets": [
        {"measure": "er_followers", "group_key": "all", "group_key2": "", "chunk": 0, "rank": 1}
    ],
    "keys": [1],  # fast_placement_ers.sql: placement keys
    "bins": [14, 15],  # fast_follower_bins.sql: quarter-decade follower bins
    # fast_creator_*.sql, creator_handles.sql: the leaderboard's order, search and rows
    "sort": "revenue",
    "descending": True,
    "search": None,
    "ids": ["iA"],
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = build_known_answer_db(tmp_path_factory.mktemp("q") / "known.duckdb")
    connection = db.connect_ro(path)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_runs(con, name):
    needed = db.query_parameters(db.load_query(name))
    unknown = needed - NO_FILTER.keys()
    assert not unknown, f"give {sorted(unknown)} a no-filter value in NO_FILTER"
    frame = db.run_query(con, name, NO_FILTER)
    assert len(frame.columns) > 0


def test_parameters_in_comments_are_not_bound():
    sql = "-- one row per $by\nSELECT $x AS x"
    assert db.query_parameters(sql) == {"x"}
