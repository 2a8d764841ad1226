-- fast_placement_sums_period.sql over a window of agg_windows ($recent: its first day)
-- with no platform or content type filter: each placement's sums stored for the window
-- (agg_placement_recent, one row each), with its band, followers and bag_key.
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
FROM agg_placement_recent
WHERE window_from = $recent
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
