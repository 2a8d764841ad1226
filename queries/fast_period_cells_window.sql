-- fast_period_cells.sql over a window of agg_windows ($recent: its first day): the
-- window's cells as stored (agg_cell_month's rows with window_days), in the filters,
-- as agg_period_cells gives them.
SELECT
    m.* EXCLUDE (window_days),
    $band_tiers[m.band + 1] AS tier,
    $band_positions[m.band + 1] AS tier_position,
    $band_tiers[m.pband + 1] AS placement_tier,
    $band_positions[m.pband + 1] AS placement_tier_position
FROM agg_cell_month AS m
WHERE m.window_days IS NOT NULL
    AND m.d = $recent
    AND ($campaigns IS NULL OR list_contains($campaigns, m.campaign_id))
    AND ($brands IS NULL OR list_contains($brands, m.brand))
    AND ($platforms IS NULL OR list_contains($platforms, m.platform))
    AND ($content_types IS NULL OR list_contains($content_types, m.content_type))
