-- fast_placement_counts_window.sql with a platform or content type in the filters or the
-- grouping: the window's placements as stored one row per platform of their facts
-- (agg_placement_recent_platform), or with a content type ($per_content) per platform
-- and content type (agg_placement_recent_content), a placement counted once per group
-- it has a row in that passes the filters.
SELECT
    CASE $by
        WHEN 'all' THEN 'all'
        WHEN 'tier' THEN $band_tiers[pband + 1]
        WHEN 'campaign' THEN campaign_id
        WHEN 'brand' THEN brand
        WHEN 'platform' THEN platform
        WHEN 'content_type' THEN content_type
    END AS group_key,
    CASE $then_by
        WHEN 'none' THEN ''
        WHEN 'campaign' THEN campaign_id
        WHEN 'brand' THEN brand
        WHEN 'platform' THEN platform
        WHEN 'content_type' THEN content_type
    END AS group_key2,
    count(DISTINCT placement_key) AS placements
FROM (
    SELECT placement_key, campaign_id, brand, platform, NULL AS content_type, pband, bands
    FROM agg_placement_recent_platform
    WHERE NOT $per_content AND window_from = $recent
    UNION ALL
    SELECT placement_key, campaign_id, brand, platform, content_type, pband, bands
    FROM agg_placement_recent_content
    WHERE $per_content
        AND window_from = $recent
        AND ($content_types IS NULL OR list_contains($content_types, content_type))
)
WHERE ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND ($platforms IS NULL OR list_contains($platforms, platform))
    AND ($tier_mask IS NULL OR bands & CAST($tier_mask AS UBIGINT) <> 0)
    AND (
        $by <> 'tier'
        OR (
            bands & CAST($band_masks[pband + 1] AS UBIGINT) <> 0
            AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[pband + 1]))
        )
    )
GROUP BY ALL
