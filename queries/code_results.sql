-- One row per affiliate code in the filters: its orders, revenue, accrued commission and
-- refunds (shown apart), its placement's cost, and what the leakage rules read
-- (campaign_roi/codes.py). Codes with no sales are kept: a code is listed when its
-- placement (creator x campaign) has any post, spend or order in the filters, or when
-- no period is chosen, so "no sales" means "active here and sold nothing".
-- Orders count by ordered_at (METRICS.md, Time); a refunded order is not an order and
-- accrues no commission. Codes are filtered by their placement's campaign, brand,
-- platform, creator and tier; orders have no content type, so a content-type filter
-- leaves them all out (README: a filter on a dimension a fact lacks).
-- In no order: code_leakage.sql (put on these rows by db.compose) orders them.
WITH filtered AS (
    SELECT *
    FROM filtered_facts(
        $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE $tiers IS NULL OR list_contains($tiers, tier)
),

code_sums AS (
    SELECT
        code,
        sum(orders) AS orders,
        sum(revenue) AS revenue,
        sum(commission) AS commission,
        sum(refunded_orders) AS refunded_orders,
        sum(refunded_revenue) AS refunded_revenue,
        min(d) FILTER (WHERE orders = 1) AS first_order_day,
        max(d) FILTER (WHERE orders = 1) AS last_order_day
    FROM filtered
    WHERE kind = 'order'
    GROUP BY code
),

-- cost belongs to the placement (spend tied to it or its posts, plus its commission)
placement_sums AS (
    SELECT
        influencer_id,
        campaign_id,
        sum(spend) + sum(commission) AS placement_cost
    FROM filtered
    WHERE influencer_id IS NOT NULL
    GROUP BY influencer_id, campaign_id
),

-- the creator's last post in the campaign, whatever the period: leakage rule (b)
last_posts AS (
    SELECT influencer_id, campaign_id, max(posted_at) AS last_post_at
    FROM posts
    GROUP BY influencer_id, campaign_id
),

-- non-refunded orders dated more than 30 days after that last post: leakage rule (b)
late AS (
    SELECT f.code, count(*) AS late_orders
    FROM filtered AS f
    JOIN affiliate_codes AS a USING (code)
    JOIN last_posts AS lp ON lp.influencer_id = a.influencer_id AND lp.campaign_id = a.campaign_id
    WHERE f.kind = 'order' AND f.orders = 1 AND f.d > CAST(lp.last_post_at AS DATE) + 30
    GROUP BY f.code
),

scheme_tiers AS (
    SELECT tier, min_followers, max_followers, position FROM tiers WHERE scheme = $scheme
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
        t.tier,
        t.position AS tier_position,
        count(*) OVER (PARTITION BY a.influencer_id, a.campaign_id) AS codes_in_placement
    FROM affiliate_codes AS a
    JOIN campaigns AS c ON c.campaign_id = a.campaign_id
    JOIN influencers AS i ON i.influencer_id = a.influencer_id
    JOIN placement_base AS pl
        ON pl.influencer_id = a.influencer_id AND pl.campaign_id = a.campaign_id
    LEFT JOIN scheme_tiers AS t
        ON pl.placement_followers >= t.min_followers
        AND (t.max_followers IS NULL OR pl.placement_followers < t.max_followers)
    WHERE ($campaigns IS NULL OR list_contains($campaigns, a.campaign_id))
        AND ($brands IS NULL OR list_contains($brands, c.brand))
        AND ($platforms IS NULL OR list_contains($platforms, pl.platform))
        AND ($creators IS NULL OR list_contains($creators, a.influencer_id))
        AND ($tiers IS NULL OR list_contains($tiers, t.tier))
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
    coalesce(l.late_orders, 0) AS late_orders
FROM codes AS k
LEFT JOIN code_sums AS s USING (code)
LEFT JOIN placement_sums AS ps USING (influencer_id, campaign_id)
LEFT JOIN last_posts AS lp USING (influencer_id, campaign_id)
LEFT JOIN late AS l USING (code)
WHERE ($date_from IS NULL AND $date_to IS NULL) OR s.code IS NOT NULL OR ps.influencer_id IS NOT NULL
