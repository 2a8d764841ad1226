-- fast_placement_sums_period.sql over a long period (`whole`: aggregates.whole_facets)
-- with no platform or content type filter: each placement's totals (agg_placement_all,
-- all its facets together, for the campaign and brand filters) less its facts outside
-- the period (few, and in row groups of their own days).
WITH outside AS (
    SELECT
        placement_key,
        sum(posts) AS posts,
        coalesce(sum(engagements), 0) AS engagements,
        sum(spend) + sum(commission) AS cost,
        sum(revenue) AS revenue,
        sum(orders) AS orders
    FROM agg_fact
    WHERE influencer_id IS NOT NULL
        AND (($date_from IS NOT NULL AND d < $date_from) OR ($date_to IS NOT NULL AND d > $date_to))
    GROUP BY placement_key
)

SELECT
    i.pband,
    i.placement_followers,
    i.bag_key,
    p.placement_key,
    p.posts - coalesce(o.posts, 0) AS posts,
    coalesce(p.engagements, 0) - coalesce(o.engagements, 0) AS engagements,
    p.spend + p.commission - coalesce(o.cost, 0) AS cost,
    p.revenue - coalesce(o.revenue, 0) AS revenue,
    p.orders - coalesce(o.orders, 0) AS orders
FROM agg_filtered_placements_all($date_from, $date_to, $campaigns, $brands) AS p
LEFT JOIN outside AS o USING (placement_key)
JOIN agg_placement_info AS i USING (placement_key)
