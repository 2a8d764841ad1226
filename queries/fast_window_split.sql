-- Each placement's sums over a window of agg_windows ($recent: its first day) with a
-- platform, content type or tier filter ($window_split, aggregates.fast_params), for
-- fast_creator_board.sql (db.compose puts it in front as `window_split`) instead of
-- grouping every fact of the period per placement (300-750 ms over a year at ten million
-- posts). The window's rows per placement and platform as
-- stored (agg_placement_recent_platform; with a content type filter per content type too,
-- agg_placement_recent_content) in the filters: a row whose facts' bands are all of the
-- filter's tiers ($tier_mask: their bands as bits; bit b of `bands`: a fact of follower
-- band b) as it is, a row with none left out, and a row with facts of both (a creator
-- whose followers crossed a tier edge) from its parts in the window per platform and
-- band (agg_placement_recent_part; fast_params takes no tier filter with a content type
-- one here). Exactly the sums of a placement's facts in the filters.
-- Grain: one row per placement with a fact in the filters.
WITH window_rows AS NOT MATERIALIZED (
    SELECT *, platform_rows = 1 AS single
    FROM agg_placement_recent_platform
    WHERE $window_split AND $content_types IS NULL AND window_from = $recent
        AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
        AND ($brands IS NULL OR list_contains($brands, brand))
        AND ($platforms IS NULL OR list_contains($platforms, platform))
        AND ($tier_mask IS NULL OR bands & CAST($tier_mask AS UBIGINT) <> 0)
    UNION ALL BY NAME
    -- with a content type filter (and no tier one), per content type too: a placement's
    -- one row in the filter when one of its (platform, content type) pairs is (`pairs`,
    -- agg_content_mask)
    SELECT
        *,
        coalesce(bit_count(pairs & agg_content_mask($content_types, $platforms)) = 1, false)
            AS single
    FROM agg_placement_recent_content
    WHERE $window_split AND $content_types IS NOT NULL AND window_from = $recent
        AND list_contains($content_types, content_type)
        AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
        AND ($brands IS NULL OR list_contains($brands, brand))
        AND ($platforms IS NULL OR list_contains($platforms, platform))
),

-- rows with facts both in and out of the filter's tiers
mixed AS (
    SELECT placement_key, platform
    FROM window_rows
    WHERE bands & ~CAST($tier_mask AS UBIGINT) <> 0
),

-- rows of a placement with more than one row in the filters, and the facts of the mixed
-- rows: summed per placement below
parts AS (
    SELECT
        placement_key,
        influencer_id,
        posts,
        engaged_posts,
        engagements,
        spend,
        commission,
        orders,
        revenue,
        refunded_orders,
        refunded_revenue
    FROM window_rows
    WHERE NOT single AND ($tier_mask IS NULL OR bands & ~CAST($tier_mask AS UBIGINT) = 0)
    UNION ALL
    SELECT
        p.placement_key,
        p.influencer_id,
        p.posts,
        p.engaged_posts,
        p.engagements,
        p.spend,
        p.commission,
        p.orders,
        p.revenue,
        p.refunded_orders,
        p.refunded_revenue
    FROM agg_placement_recent_part AS p
    SEMI JOIN mixed AS m
        ON m.placement_key = p.placement_key AND m.platform IS NOT DISTINCT FROM p.platform
    WHERE $window_split AND p.window_from = $recent
        AND list_contains($tiers, $band_tiers[p.band + 1])
)

-- a placement with one row in the filters (nearly all) and its facts all of the
-- filter's tiers: its stored row as it is, no grouping (150-170 ms for 300k rows)
SELECT
    placement_key,
    influencer_id,
    posts,
    engaged_posts,
    engagements,
    spend,
    commission,
    orders,
    revenue,
    refunded_orders,
    refunded_revenue
FROM window_rows
WHERE single AND ($tier_mask IS NULL OR bands & ~CAST($tier_mask AS UBIGINT) = 0)
UNION ALL
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
FROM parts
GROUP BY placement_key
