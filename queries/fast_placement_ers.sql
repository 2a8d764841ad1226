-- The per-post ERs by followers (sorted) of the placements in $keys (agg_placement_info's
-- placement_key), from their posts in the filters: what the micro-vs-macro bootstrap
-- resamples (campaign_roi/stats.py) for the placements it draws from.
-- Over a window with no filter ($stored), the bags of its stored digest as stored
-- (agg_digest_ers).
-- Grain: one row per placement in $keys with posts in the filters.
SELECT placement_key, ers
FROM agg_digest_ers
WHERE $stored AND window_from = $recent AND placement_key IN (SELECT unnest($keys))

UNION ALL

SELECT
    placement_key,
    coalesce(
        list(er_followers ORDER BY er_followers) FILTER (WHERE er_followers IS NOT NULL), []
    ) AS ers
FROM agg_filtered_facts(
    $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
)
WHERE NOT $stored
    AND kind = 'post'
    AND placement_key IN (SELECT unnest($keys))
GROUP BY placement_key
