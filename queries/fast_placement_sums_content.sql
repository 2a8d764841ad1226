-- fast_placement_sums_period.sql over a window of agg_windows ($recent: its first day)
-- with a content type filter (and maybe a platform one): each placement's rows of those
-- content types and platforms stored for the window (agg_placement_recent_content):
-- those of a placement with one row in the filter (`pairs`: its rows' bits of
-- agg_content_pairs, agg_content_mask: the filter's) as they are, the others summed.
SELECT
    pband,
    placement_followers,
    bag_key,
    placement_key,
    posts,
    coalesce(engagements, 0) AS engagements,
    spend + commission AS cost,
    revenue,
    orders
FROM agg_placement_recent_content
WHERE window_from = $recent
    AND list_contains($content_types, content_type)
    AND ($platforms IS NULL OR list_contains($platforms, platform))
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND coalesce(bit_count(pairs & agg_content_mask($content_types, $platforms)) = 1, false)
UNION ALL
SELECT
    any_value(pband),
    any_value(placement_followers),
    any_value(bag_key),
    placement_key,
    sum(posts),
    coalesce(sum(engagements), 0),
    sum(spend) + sum(commission),
    sum(revenue),
    sum(orders)
FROM agg_placement_recent_content
WHERE window_from = $recent
    AND list_contains($content_types, content_type)
    AND ($platforms IS NULL OR list_contains($platforms, platform))
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND NOT coalesce(bit_count(pairs & agg_content_mask($content_types, $platforms)) = 1, false)
GROUP BY placement_key
