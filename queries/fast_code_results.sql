-- code_results.sql read from the pre-aggregates: the sums of each code and placement in
-- the filters from their facets (agg_facet_sums, data/aggregates.sql), the codes and
-- their placements as code_results.sql lists them. Same columns, rows and order.
WITH sums AS (
    SELECT *
    FROM agg_facet_sums(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
        $content_types, $tiers, $whole
    )
),

code_sums AS (
    SELECT
        code,
        sum(orders) AS orders,
        sum(revenue) AS revenue,
        sum(commission) AS commission,
        sum(refunded_orders) AS refunded_orders,
        sum(refunded_revenue) AS refunded_revenue,
        min(first_order_day) AS first_order_day,
        max(last_order_day) AS last_order_day,
        -- non-refunded orders dated more than 30 days after that last post: leakage rule (b)
        coalesce(sum(late_orders), 0) AS late_orders
    FROM sums
    WHERE code IS NOT NULL
    GROUP BY code
),

-- cost belongs to the placement (spend tied to it or its posts, plus its commission)
placement_sums AS (
    SELECT
        influencer_id,
        campaign_id,
        sum(spend) + sum(commission) AS placement_cost
    FROM sums
    GROUP BY influencer_id, campaign_id
),

-- the creator's last post in the campaign, whatever the period: leakage rule (b)
last_posts AS (
    SELECT influencer_id, campaign_id, last_post_at
    FROM agg_placement_info
    WHERE last_post_at IS NOT NULL
),

codes AS (
    SELECT
        a.code,
        a.campaign_id,
        c.name AS campaign_name,
        a.influencer_id,
        i.handle,
        pl.platform,
        pl.placement_followers,
        $band_tiers[pl.pband + 1] AS tier,
        $band_positions[pl.pband + 1] AS tier_position,
        count(*) OVER (PARTITION BY a.influencer_id, a.campaign_id) AS codes_in_placement
    FROM affiliate_codes AS a
    JOIN campaigns AS c ON c.campaign_id = a.campaign_id
    JOIN influencers AS i ON i.influencer_id = a.influencer_id
    JOIN agg_placement_info AS pl
        ON pl.influencer_id = a.influencer_id AND pl.campaign_id = a.campaign_id
    WHERE ($campaigns IS NULL OR list_contains($campaigns, a.campaign_id))
        AND ($brands IS NULL OR list_contains($brands, c.brand))
        AND ($platforms IS NULL OR list_contains($platforms, pl.platform))
        AND ($creators IS NULL OR list_contains($creators, a.influencer_id))
        AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[pl.pband + 1]))
        AND $content_types IS NULL
)

SELECT
    k.code,
    k.campaign_id,
    k.campaign_name,
    k.influencer_id,
    k.handle,
    k.platform,
    k.tier,
    k.placement_followers,
    k.codes_in_placement,
    coalesce(s.orders, 0) AS orders,
    coalesce(s.revenue, 0) AS revenue,
    coalesce(s.commission, 0) AS commission,
    coalesce(s.refunded_orders, 0) AS refunded_orders,
    coalesce(s.refunded_revenue, 0) AS refunded_revenue,
    -- several codes in one placement share its spend: no rule splits it (no value)
    CASE WHEN k.codes_in_placement = 1 THEN ps.placement_cost END AS cost,
    s.first_order_day,
    s.last_order_day,
    lp.last_post_at,
    coalesce(s.late_orders, 0) AS late_orders
FROM codes AS k
LEFT JOIN code_sums AS s USING (code)
LEFT JOIN placement_sums AS ps USING (influencer_id, campaign_id)
LEFT JOIN last_posts AS lp USING (influencer_id, campaign_id)
WHERE ($date_from IS NULL AND $date_to IS NULL) OR s.code IS NOT NULL OR ps.influencer_id IS NOT NULL
ORDER BY coalesce(s.revenue, 0) DESC, k.code
