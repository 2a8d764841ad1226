-- The per-post ERs by followers (sorted) of the placements in $keys (agg_placement_info's
-- placement_key), from their posts in the filters: what the micro-vs-macro bootstrap
-- resamples (campaign_roi/stats.py) for the placements it draws from.
-- Over a window with no filter ($stored), the bags of its stored digest as stored
-- (agg_digest_ers); else their posts in agg_post_ers, sorted by bag_key: up to the bags'
-- largest ($last_bag_key), the first row groups only.
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
FROM agg_post_ers
WHERE NOT $stored
    AND bag_key <= CAST($last_bag_key AS UBIGINT)
    AND placement_key IN (SELECT unnest($keys))
    AND ($date_from IS NULL OR d >= $date_from)
    AND ($date_to IS NULL OR d <= $date_to)
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND ($platforms IS NULL OR list_contains($platforms, platform))
    AND ($content_types IS NULL OR list_contains($content_types, content_type))
    AND ($creators IS NULL OR list_contains($creators, influencer_id))
GROUP BY placement_key
