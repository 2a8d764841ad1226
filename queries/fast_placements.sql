-- placements.sql read from agg_fact (data/aggregates.sql): one row per placement with
-- anything in the filters, its tier and followers (agg_placement_info) and its sums;
-- without the per-post ERs (quantiles.py and fast_placement_ers.sql give those).
WITH sums AS (
    SELECT
        placement_key,
        sum(posts) AS posts,
        coalesce(sum(engagements), 0) AS engagements,
        sum(spend) + sum(commission) AS cost,
        sum(revenue) AS revenue,
        sum(orders) AS orders
    FROM agg_filtered_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE influencer_id IS NOT NULL
    GROUP BY placement_key
)

SELECT
    i.influencer_id,
    i.campaign_id,
    $band_tiers[i.pband + 1] AS placement_tier,
    i.placement_followers,
    s.posts,
    s.engagements,
    s.cost,
    s.revenue,
    s.orders,
    s.placement_key
FROM sums AS s
JOIN agg_placement_info AS i USING (placement_key)
ORDER BY i.influencer_id, i.campaign_id
