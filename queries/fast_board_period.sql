-- fast_creator_board.sql's placements over a period that is not a window of agg_windows
-- (a window's come from its stored sums): one row per placement with a fact in the
-- filters, its sums; put in front of the board as the CTE period_placements
-- (creators.leaderboard; over a window fast_no_placements.sql instead, so that this is
-- neither bound nor planned there).
-- A placement's sums in the period, without agg_facet_sums' join of every facet to its
-- facts outside the period. Over a long period ($whole): the totals of all its facets in
-- the other filters, less all its facts outside the period (a facet with no day in the
-- period adds its totals and takes them away again); over a short one: its facts in the
-- period (agg_period_facts: whole months from monthly sums). Either way exactly the sums
-- of its facts in the filters.
WITH signed AS (
    SELECT
        p.influencer_id,
        p.placement_key,
        -- a placement counts when one of its facets has a day in the period
        ($date_from IS NULL OR p.last_day >= $date_from)
            AND ($date_to IS NULL OR p.first_day <= $date_to)
            AND agg_has_day(p.first_day, p.last_day, p.days, $date_from, $date_to)
            AS in_period,
        p.posts,
        p.engaged_posts,
        p.engagements,
        p.spend,
        p.commission,
        p.orders,
        p.revenue,
        p.refunded_orders,
        p.refunded_revenue
    FROM agg_placement AS p
    WHERE $whole
        AND ($campaigns IS NULL OR list_contains($campaigns, p.campaign_id))
        AND ($brands IS NULL OR list_contains($brands, p.brand))
        AND ($platforms IS NULL OR list_contains($platforms, p.platform))
        AND ($content_types IS NULL OR list_contains($content_types, p.content_type))
        AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[p.band + 1]))
    UNION ALL
    SELECT
        f.influencer_id,
        f.placement_key,
        false AS in_period,
        -- outside the period: taken away
        -f.posts,
        CASE WHEN f.engagements IS NULL THEN 0 ELSE -1 END,
        -f.engagements,
        -f.spend,
        -f.commission,
        -f.orders,
        -f.revenue,
        -f.refunded_orders,
        -f.refunded_revenue
    FROM agg_filtered_facts(
        $band_tiers, $band_positions, NULL, NULL, $campaigns, $brands, $platforms,
        $content_types, NULL
    ) AS f
    WHERE $whole
        AND f.influencer_id IS NOT NULL
        AND ($tiers IS NULL OR list_contains($tiers, f.tier))
        AND (($date_from IS NOT NULL AND f.d < $date_from)
            OR ($date_to IS NOT NULL AND f.d > $date_to))
    UNION ALL
    -- a short period: its facts (whole months from monthly sums)
    SELECT
        influencer_id,
        placement_key,
        true,
        posts,
        engaged_posts,
        engagements,
        spend,
        commission,
        orders,
        revenue,
        refunded_orders,
        refunded_revenue
    FROM agg_period_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $months_from, $months_to,
        $campaigns, $brands, $platforms, $content_types
    )
    WHERE NOT $whole
        AND ($tiers IS NULL OR list_contains($tiers, tier))
)

SELECT
    placement_key,
    any_value(influencer_id) AS influencer_id,
    sum(posts) AS posts,
    sum(engaged_posts) AS engaged_posts,
    sum(engagements) AS engagements,
    sum(spend) AS spend,
    sum(commission) AS commission,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue
FROM signed
GROUP BY placement_key
HAVING bool_or(in_period)
