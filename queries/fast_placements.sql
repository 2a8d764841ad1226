-- placements.sql read from the pre-aggregates (the CTE placement_sums that metrics.py
-- puts in front: fast_placement_sums_period.sql or the twin for the period and filters,
-- which says where the sums come from): one row per placement with anything in the
-- filters, its band instead of its tier (metrics._placements names it: a number is
-- quicker to fetch), its followers, sums and bag_key; without the per-post ERs
-- (quantiles.py and fast_placement_ers.sql give those). Order as placements.sql
-- (placement_key follows it). The pages read fast_placement_digest.sql instead.
SELECT
    i.influencer_id,
    i.campaign_id,
    s.pband,
    s.placement_followers,
    s.posts,
    s.engagements,
    s.cost,
    s.revenue,
    s.orders,
    s.bag_key,
    s.placement_key
FROM placement_sums AS s
JOIN agg_placement_info AS i USING (placement_key)
ORDER BY s.placement_key
