-- placements.sql read from the pre-aggregates: one row per placement with anything in
-- the filters, its tier and followers (agg_placement_info) and its sums over the period:
-- over a window of agg_windows ($recent, its first day; no platform or content type
-- filter) its sums stored for it (agg_placement_recent); else over a short period its
-- facts summed (agg_period_facts: whole months from monthly sums); over a long one
-- ($whole) its totals less its facts outside the period (agg_placement_all with
-- $placement_level, no platform or content type filter; else its facets,
-- agg_facet_sums); without the per-post ERs (quantiles.py and fast_placement_ers.sql give
-- those). The shared tier filter does not apply here. Order as placements.sql
-- (placement_key follows it). The placement's band instead of its tier, and its ids only
-- with $with_ids (metrics._placements).
WITH facet_level AS (
    SELECT
        placement_key,
        sum(posts) AS posts,
        coalesce(sum(engagements), 0) AS engagements,
        sum(spend) + sum(commission) AS cost,
        sum(revenue) AS revenue,
        sum(orders) AS orders
    FROM agg_facet_sums(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
        $content_types, NULL, $whole
    )
    WHERE $whole AND NOT $placement_level AND $recent IS NULL
    GROUP BY placement_key
),

-- a short period: its own facts, summed per placement
period_level AS (
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
    WHERE NOT $whole AND $recent IS NULL
    GROUP BY placement_key
),

-- facts of the placements outside the period, subtracted from their totals
outside AS (
    SELECT
        placement_key,
        sum(posts) AS posts,
        coalesce(sum(engagements), 0) AS engagements,
        sum(spend) + sum(commission) AS cost,
        sum(revenue) AS revenue,
        sum(orders) AS orders
    FROM agg_fact
    WHERE $placement_level
        AND influencer_id IS NOT NULL
        AND (($date_from IS NOT NULL AND d < $date_from) OR ($date_to IS NOT NULL AND d > $date_to))
    GROUP BY placement_key
),

placement_level AS (
    SELECT
        p.placement_key,
        p.posts - coalesce(o.posts, 0) AS posts,
        coalesce(p.engagements, 0) - coalesce(o.engagements, 0) AS engagements,
        p.spend + p.commission - coalesce(o.cost, 0) AS cost,
        p.revenue - coalesce(o.revenue, 0) AS revenue,
        p.orders - coalesce(o.orders, 0) AS orders
    FROM agg_filtered_placements_all($date_from, $date_to, $campaigns, $brands) AS p
    LEFT JOIN outside AS o USING (placement_key)
    WHERE $placement_level
),

-- a window of agg_windows: its sums as stored
recent_level AS (
    SELECT
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
),

sums AS (
    SELECT * FROM facet_level
    UNION ALL
    SELECT * FROM period_level
    UNION ALL
    SELECT * FROM placement_level
    UNION ALL
    SELECT * FROM recent_level
)

SELECT
    -- the ids only when asked for ($with_ids): 800k texts cost more than the sums
    CASE WHEN $with_ids THEN i.influencer_id END AS influencer_id,
    CASE WHEN $with_ids THEN i.campaign_id END AS campaign_id,
    -- the band (metrics._placements names its tier: a number is quicker to fetch)
    i.pband,
    i.placement_followers,
    s.posts,
    s.engagements,
    s.cost,
    s.revenue,
    s.orders,
    s.placement_key
FROM sums AS s
JOIN agg_placement_info AS i USING (placement_key)
ORDER BY s.placement_key
