-- fast_placement_counts.sql over a window of agg_windows ($recent) with no platform or
-- content type in the filters or the grouping (metrics._placement_counts), from the
-- window's placements as stored, one row each (agg_placement_recent; bit b of `bands`:
-- a fact of follower band b). A placement counts when it passes the filters: the tier
-- filter when it has a fact of a tier filtered ($tier_mask: their bands); by tier, in its
-- placement tier when it has a fact of that tier ($band_masks: by band, its tier's bands).
SELECT
    CASE $by
        WHEN 'all' THEN 'all'
        WHEN 'tier' THEN $band_tiers[pband + 1]
        WHEN 'campaign' THEN campaign_id
        WHEN 'brand' THEN brand
    END AS group_key,
    CASE $then_by
        WHEN 'none' THEN ''
        WHEN 'campaign' THEN campaign_id
        WHEN 'brand' THEN brand
    END AS group_key2,
    count(*) AS placements
FROM agg_placement_recent
WHERE window_from = $recent
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND ($tier_mask IS NULL OR bands & CAST($tier_mask AS UBIGINT) <> 0)
    AND (
        $by <> 'tier'
        OR (
            bands & CAST($band_masks[pband + 1] AS UBIGINT) <> 0
            AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[pband + 1]))
        )
    )
GROUP BY ALL
