-- The period's cells in the filters (agg_period_cells, data/aggregates.sql: its whole
-- months from agg_cell_month, the days around them from agg_cell), the CTE period_cells
-- that fast_summary.sql, fast_content_breakdown.sql, fast_er_distribution.sql,
-- fast_er_trend.sql and fast_spend_by_category.sql read (aggregates.run_on_cells). Over a
-- window of agg_windows they read fast_period_cells_window.sql instead: its stored rows
-- alone, without the macro's other parts to bind and plan (3 ms a statement).
-- Columns: agg_cell's, then tier, tier_position, placement_tier, placement_tier_position.
SELECT *
FROM agg_period_cells(
    $band_tiers, $band_positions, $date_from, $date_to, $months_from, $months_to,
    $recent, $campaigns, $brands, $platforms, $content_types
)
