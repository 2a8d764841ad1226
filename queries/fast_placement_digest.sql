-- The placements of fast_placements.sql (the CTE placement_sums that metrics.py puts in
-- front: fast_placement_sums_period.sql or a twin) boiled down to what the
-- micro-vs-macro comparison and the budget what-if read (campaign_roi/digest.py):
--   one row per follower band (side NULL): its placements, their sums, and the $bag of
--     them with the smallest bag_key (the placements a bootstrap draws from; a tier's or a
--     side's bag is the $bag smallest of its bands' bags); over a window with no filter
--     as stored (agg_digest_recent);
--   with $medians, one row per side ($micro_bands, $macro_bands; pband NULL): the medians
--     per placement of followers, engagements, cost and revenue ("N micro vs one macro");
--     over a window with no filter and sides that are runs of bands ($stored_medians) as
--     stored (agg_side_medians_recent).
-- Each bag field is a list of its own (bag_placement_key, bag_bag_key, bag_engagements,
-- ...), in bag_key order: a list of structs reaches pandas as a dict per placement, 5-20
-- times slower to hand over.
WITH placement_rows AS (
    SELECT
        *,
        CASE
            WHEN list_contains($micro_bands, pband) THEN 'micro'
            WHEN list_contains($macro_bands, pband) THEN 'macro'
        END AS side
    FROM placement_sums
),

digest AS (
    SELECT
        pband,
        NULL AS side,
        count(*) AS placements,
        sum(posts) AS posts,
        sum(engagements) AS engagements,
        sum(cost) AS cost,
        sum(revenue) AS revenue,
        sum(orders) AS orders,
        min_by(
            {
                'placement_key': placement_key,
                'bag_key': bag_key,
                'engagements': CAST(engagements AS DOUBLE),
                'cost': CAST(cost AS DOUBLE),
                'revenue': CAST(revenue AS DOUBLE),
                'orders': CAST(orders AS DOUBLE)
            },
            bag_key,
            $bag
        ) AS bag,
        NULL::DOUBLE AS median_followers,
        NULL::DOUBLE AS median_engagements,
        NULL::DOUBLE AS median_cost,
        NULL::DOUBLE AS median_revenue
    FROM placement_rows
    WHERE NOT $stored
    GROUP BY pband

    UNION ALL

    -- a window with no filter ($stored): its bands as stored, each bag its $bag smallest
    SELECT
        pband,
        NULL,
        placements,
        posts,
        engagements,
        cost,
        revenue,
        orders,
        list_slice(bag, 1, $bag),
        NULL,
        NULL,
        NULL,
        NULL
    FROM agg_digest_recent
    WHERE $stored AND window_from = $recent

    UNION ALL

    SELECT
        NULL,
        side,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        median(CAST(placement_followers AS DOUBLE)),
        median(CAST(engagements AS DOUBLE)),
        median(CAST(cost AS DOUBLE)),
        median(CAST(revenue AS DOUBLE))
    FROM placement_rows
    WHERE $medians AND NOT $stored_medians AND side IS NOT NULL
    GROUP BY side

    UNION ALL

    SELECT
        NULL,
        s.side,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        m.median_followers,
        m.median_engagements,
        m.median_cost,
        m.median_revenue
    FROM agg_side_medians_recent AS m
    JOIN (
        SELECT 'micro' AS side, CAST($micro_bands AS SMALLINT[]) AS side_bands
        UNION ALL
        SELECT 'macro', CAST($macro_bands AS SMALLINT[])
    ) AS s ON m.side_bands = s.side_bands
    WHERE $medians AND $stored_medians AND m.window_from = $recent
)

SELECT
    * EXCLUDE (bag),
    [p.placement_key FOR p IN bag] AS bag_placement_key,
    [p.bag_key FOR p IN bag] AS bag_bag_key,
    [p.engagements FOR p IN bag] AS bag_engagements,
    [p.cost FOR p IN bag] AS bag_cost,
    [p.revenue FOR p IN bag] AS bag_revenue,
    [p.orders FOR p IN bag] AS bag_orders
FROM digest
