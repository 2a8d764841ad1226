-- Placement cost per placement tier in the filters (planning.current_mix: the tier mix
-- bought so far), from agg_cell: what placements.sql's rows add up to per tier. Facts
-- without a placement (campaign overhead) have no placement band and are left out, as
-- placements.sql leaves them out. Grain: one row per placement tier.
SELECT
    placement_tier,
    sum(spend) + sum(commission) AS cost
FROM agg_period_cells(
    $band_tiers, $band_positions, $date_from, $date_to, $months_from, $months_to,
    $recent, $campaigns, $brands, $platforms, $content_types
)
WHERE pband IS NOT NULL
GROUP BY placement_tier
