-- placements.sql read from the pre-aggregates (the agg_placement_sums macro, which says
-- where each period's sums come from): one row per placement with anything in the
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
FROM agg_placement_sums(
    $band_tiers, $band_positions, $date_from, $date_to, $months_from, $months_to, $recent,
    $campaigns, $brands, $platforms, $content_types, $whole, $placement_level
) AS s
JOIN agg_placement_info AS i USING (placement_key)
ORDER BY s.placement_key
