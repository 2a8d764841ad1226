-- code_results.sql read from the pre-aggregates: the codes and their placements from
-- agg_code; each code's orders over the period from agg_period_codes (monthly rows for
-- the whole months, daily ones around them) or, when it is a window of agg_windows, the
-- window's own rows of agg_code_month; each placement's cost and whether it has anything
-- in the filters from agg_period_facts (or, over a window, agg_placement_recent); over a
-- window with no filter that splits a placement's facts, all of it as stored
-- (agg_code_recent), and with a platform or tier filter the stored rows in it, each
-- placement's cost from its parts there. Same columns and rows, in no order (the queries
-- composed on them, code_leakage.sql and code_page.sql, order what they return).
-- An order's platform, tier, campaign and brand are its code's placement's, so filtering
-- the codes filters their orders; spend and posts are filtered fact by fact.
WITH codes AS (
    SELECT *
    FROM agg_code
    WHERE ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
        AND ($brands IS NULL OR list_contains($brands, brand))
        AND ($platforms IS NULL OR list_contains($platforms, platform))
        AND ($creators IS NULL OR list_contains($creators, influencer_id))
        AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[pband + 1]))
        AND $content_types IS NULL
        AND NOT $window_read
        AND NOT $code_split
),

code_sums AS (
    SELECT
        code_key,
        sum(orders) AS orders,
        sum(revenue) AS revenue,
        sum(commission) AS commission,
        sum(refunded_orders) AS refunded_orders,
        sum(refunded_revenue) AS refunded_revenue,
        min(first_order_day) AS first_order_day,
        max(last_order_day) AS last_order_day,
        -- non-refunded orders dated more than 30 days after that last post: leakage rule (b)
        coalesce(sum(late_orders), 0) AS late_orders
    FROM agg_period_codes($date_from, $date_to, $months_from, $months_to)
    WHERE $recent IS NULL
    GROUP BY code_key
    UNION ALL
    -- a period that is a window of agg_windows: its sums per code as stored (one row each)
    SELECT
        code_key,
        orders,
        revenue,
        commission,
        refunded_orders,
        refunded_revenue,
        first_order_day,
        last_order_day,
        coalesce(late_orders, 0)
    FROM agg_code_month
    WHERE window_days IS NOT NULL AND d = $recent
),

-- cost belongs to the placement (spend tied to it or its posts, plus its commission);
-- over a window of agg_windows with no filter that splits a placement's facts
-- ($window_read: no platform, content type or tier), its sums as stored for the window
-- (agg_placement_recent)
placement_sums AS (
    SELECT placement_key, sum(spend) + sum(commission) AS placement_cost
    FROM agg_period_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $months_from, $months_to,
        $campaigns, $brands, $platforms, $content_types
    )
    WHERE ($tiers IS NULL OR list_contains($tiers, tier)) AND NOT $window_read
        AND NOT $code_split
    GROUP BY placement_key
    UNION ALL
    SELECT placement_key, spend + commission
    FROM agg_placement_recent
    WHERE $window_read AND window_from = $recent
        AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
        AND ($brands IS NULL OR list_contains($brands, brand))
),

-- over a window with a platform or tier filter ($code_split): the window's stored code
-- rows (agg_code_recent) in the filters, the code's own platform and tier its
-- placement's; whether its placement has a fact in them (`in_filter`) when its facts
-- there are of one platform and follower band (`parts` 1: then all of them are in, or
-- none)
split_codes AS (
    SELECT
        *,
        parts = 1
            AND coalesce($platforms IS NULL OR list_contains($platforms, part_platform), false)
            AND coalesce($tiers IS NULL OR list_contains($tiers, $band_tiers[part_band + 1]), false)
            AS in_filter
    FROM agg_code_recent
    WHERE $code_split
        AND window_from = $recent
        AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
        AND ($brands IS NULL OR list_contains($brands, brand))
        AND ($platforms IS NULL OR list_contains($platforms, platform))
        AND ($creators IS NULL OR list_contains($creators, influencer_id))
        AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[pband + 1]))
),

-- the cost in the filters of a placement whose facts in the window are of several
-- platforms or bands (a creator whose followers crossed a band edge): its parts there
-- in the filters summed (agg_placement_recent_part)
split_parts AS (
    SELECT placement_key, sum(spend) + sum(commission) AS placement_cost
    FROM agg_placement_recent_part
    WHERE $code_split
        AND window_from = $recent
        AND ($platforms IS NULL OR list_contains($platforms, platform))
        AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[band + 1]))
    GROUP BY placement_key
)

SELECT
    k.code,
    k.campaign_id,
    k.campaign_name,
    k.influencer_id,
    k.handle,
    k.platform,
    $band_tiers[k.pband + 1] AS tier,
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
    k.last_post_at,
    coalesce(s.late_orders, 0) AS late_orders
FROM codes AS k
LEFT JOIN code_sums AS s USING (code_key)
LEFT JOIN placement_sums AS ps USING (placement_key)
WHERE ($date_from IS NULL AND $date_to IS NULL) OR s.code_key IS NOT NULL OR ps.placement_key IS NOT NULL
UNION ALL
-- a window with no filter that splits a placement's facts: its rows as stored
SELECT
    code,
    campaign_id,
    campaign_name,
    influencer_id,
    handle,
    platform,
    $band_tiers[pband + 1] AS tier,
    placement_followers,
    codes_in_placement,
    orders,
    revenue,
    commission,
    refunded_orders,
    refunded_revenue,
    CASE WHEN codes_in_placement = 1 THEN placement_cost END AS cost,
    first_order_day,
    last_order_day,
    last_post_at,
    late_orders
FROM agg_code_recent
WHERE $window_read
    AND window_from = $recent
    AND (active OR ($date_from IS NULL AND $date_to IS NULL))
    AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
    AND ($creators IS NULL OR list_contains($creators, influencer_id))
    AND $content_types IS NULL
UNION ALL
-- a window with a platform or tier filter: its rows as stored, each placement's cost in
-- the filters (all of it or none with one part, its parts' in the filters with more)
SELECT
    k.code,
    k.campaign_id,
    k.campaign_name,
    k.influencer_id,
    k.handle,
    k.platform,
    $band_tiers[k.pband + 1] AS tier,
    k.placement_followers,
    k.codes_in_placement,
    k.orders,
    k.revenue,
    k.commission,
    k.refunded_orders,
    k.refunded_revenue,
    CASE
        WHEN k.codes_in_placement <> 1 THEN NULL
        WHEN k.in_filter THEN k.placement_cost
        ELSE ps.placement_cost
    END AS cost,
    k.first_order_day,
    k.last_order_day,
    k.last_post_at,
    k.late_orders
FROM split_codes AS k
LEFT JOIN split_parts AS ps ON k.parts > 1 AND ps.placement_key = k.placement_key
WHERE ($date_from IS NULL AND $date_to IS NULL) OR k.sold OR k.in_filter
    OR ps.placement_key IS NOT NULL
