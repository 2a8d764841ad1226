-- The placements per group of fast_summary.sql (its CTE placement_counts, db.compose),
-- in general: the placement facets with a fact in the period and in the filters
-- (agg_filtered_placements), each placement counted once per group. By tier a placement
-- counts in its placement tier only (METRICS.md, Tiers). metrics.summary reads a cheaper
-- twin when it can: fast_placement_counts_whole.sql, fast_placement_counts_window.sql.
SELECT
    group_key,
    group_key2,
    count(DISTINCT placement_key) FILTER (WHERE $by <> 'tier' OR placement_tier = tier)
        AS placements
FROM (
    SELECT
        *,
        CASE $by
            WHEN 'all' THEN 'all'
            WHEN 'tier' THEN tier
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
        END AS group_key,
        CASE $then_by
            WHEN 'none' THEN ''
            WHEN 'tier' THEN tier
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
        END AS group_key2
    FROM agg_filtered_placements(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types
    )
    WHERE $tiers IS NULL OR list_contains($tiers, tier)
)
GROUP BY group_key, group_key2
