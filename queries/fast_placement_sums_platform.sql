-- fast_placement_sums_period.sql over a window of agg_windows ($recent: its first day)
-- with a platform filter and no content type one: each placement's rows of the filter's
-- platforms stored for the window (agg_placement_recent_platform), summed; a placement
-- with one platform (`platform_rows`, most of them) is read as it is, no grouping.
SELECT
    any_value(pband) AS pband,
    any_value(placement_followers) AS placement_followers,
    any_value(bag_key) AS bag_key,
    placement_key,
    sum(posts) AS posts,
    coalesce(sum(engagements), 0) AS engagements,
    sum(spend) + sum(commission) AS cost,
    sum(revenue) AS revenue,
    sum(orders) AS orders
FROM agg_placement_recent_platform
WHERE window_from = $recent
    AND list_contains($platforms, platform)
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND platform_rows > 1
GROUP BY placement_key
UNION ALL
SELECT
    pband,
    placement_followers,
    bag_key,
    placement_key,
    posts,
    coalesce(engagements, 0),
    spend + commission,
    revenue,
    orders
FROM agg_placement_recent_platform
WHERE window_from = $recent
    AND list_contains($platforms, platform)
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND platform_rows = 1
