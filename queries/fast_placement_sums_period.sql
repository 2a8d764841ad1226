-- placements.sql's sums from the pre-aggregates over a short period (not a window of
-- agg_windows, not `whole`): one row per placement with anything in the filters, its
-- band, followers and bag_key (agg_placement_info) and its facts in the period summed
-- (agg_period_facts: whole months from monthly sums, the days around them by week and
-- day). No per-post ERs (quantiles.py and fast_placement_ers.sql give those) and no
-- order. The shared tier filter does not apply here (metrics._placement_params sets the
-- rest).
-- This and its twins are the CTE placement_sums that fast_placements.sql lists and
-- fast_placement_digest.sql sums (metrics._placement_sums picks one by the period and
-- the filter's shape): _whole.sql and _facets.sql over a long period, _window.sql,
-- _platform.sql and _content.sql over a window. One source with every case behind
-- parameter tests costs 15-20 ms to bind and plan, more than most answers take to read.
-- Columns (every twin): pband, placement_followers, bag_key, placement_key, posts,
-- engagements, cost, revenue, orders.
SELECT
    i.pband,
    i.placement_followers,
    i.bag_key,
    s.*
FROM (
    SELECT
        placement_key,
        sum(posts) AS posts,
        coalesce(sum(engagements), 0) AS engagements,
        sum(spend) + sum(commission) AS cost,
        sum(revenue) AS revenue,
        sum(orders) AS orders
    FROM agg_period_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $months_from, $months_to,
        $campaigns, $brands, $platforms, $content_types
    )
    GROUP BY placement_key
) AS s
JOIN agg_placement_info AS i USING (placement_key)
