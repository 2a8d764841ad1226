-- The Creators leaderboard from the pre-aggregates: every creator's sums in the filters
-- (summary.sql's figures by creator, without the medians), ranked by one figure, the
-- first $limit of those matching $search, with their own attributes.
-- Grain: one row per creator shown (NULL $limit: every match), in rank order.
--
-- Sums come from the placements' totals less their facts outside the period, or a short
-- period's facts (period_placements, put in front by db.compose: fast_board_period.sql);
-- over a window of agg_windows ($recent) with no platform, content type or tier filter
-- ($window_read), from the window's stored sums per placement (agg_placement_recent) or,
-- with no campaign or brand filter either, per creator (agg_creator_recent); with a
-- platform, content type or tier filter ($window_split), from its stored sums per
-- placement and platform or content type (window_split: fast_window_split.sql). A source
-- the filters do not use is fast_no_placements.sql (creators.leaderboard). The typical ER (a median of per-post ERs,
-- the costly figure) is computed here only when it is the sort ($sort = 'typical_er'),
-- over filtered_posts (fast_filtered_posts.sql); otherwise fast_creator_typical_er.sql
-- fills it in for the rows shown. Campaign overhead belongs to no creator: it is
-- fast_creator_overhead.sql's row.
WITH
-- one row per placement first (an integer key): "campaigns" counts a creator's
-- placements in the filters
per_placement AS (
    -- over a period that is not a window: its facts' sums per placement
    -- (fast_board_period.sql, put in front by db.compose as `period_placements`; none
    -- over a window)
    SELECT * FROM period_placements
    UNION ALL
    -- a window read ($window_read) scoped to campaigns or brands: each placement's sums
    -- as stored for the window, one row per placement already (agg_placement_recent)
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
    FROM agg_placement_recent
    WHERE $window_read AND window_from = $recent
        AND ($campaigns IS NOT NULL OR $brands IS NOT NULL)
        AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
        AND ($brands IS NULL OR list_contains($brands, brand))
    UNION ALL
    -- a window with a platform, content type or tier filter ($window_split): each
    -- placement's sums in the filters from the window's stored rows
    -- (fast_window_split.sql, put in front by db.compose as `window_split`)
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
    FROM window_split
),

per_creator AS (
    SELECT
        influencer_id,
        sum(posts) AS posts,
        count(*) AS placements,
        -- no engaged post in the filters: no engagements (NULL), as summary.sql has it
        CASE WHEN sum(engaged_posts) > 0 THEN sum(engagements) END AS engagements,
        sum(spend) AS spend,
        sum(commission) AS commission,
        sum(spend) + sum(commission) AS cost,
        sum(orders) AS orders,
        sum(revenue) AS revenue,
        sum(refunded_orders) AS refunded_orders,
        sum(refunded_revenue) AS refunded_revenue
    FROM per_placement
    GROUP BY influencer_id
    UNION ALL
    -- a window read with no filter at all: each creator's sums as stored for the window
    -- (agg_creator_recent)
    SELECT
        influencer_id,
        posts,
        placements,
        CASE WHEN engaged_posts > 0 THEN engagements END,
        spend,
        commission,
        spend + commission,
        orders,
        revenue,
        refunded_orders,
        refunded_revenue
    FROM agg_creator_recent
    WHERE $window_read AND window_from = $recent AND $campaigns IS NULL AND $brands IS NULL
),

-- typical ER of every creator, only when the leaderboard is sorted by it
all_typical AS (
    SELECT f.influencer_id, median(f.er_followers) AS typical_er
    FROM filtered_posts AS f
    WHERE $sort = 'typical_er'
        AND NOT ($window_read AND $campaigns IS NULL AND $brands IS NULL)
        AND ($tiers IS NULL OR list_contains($tiers, f.tier))
    GROUP BY f.influencer_id
    UNION ALL
    -- a window read with no filter at all: as stored for the window (agg_creator_recent)
    SELECT influencer_id, typical_er
    FROM agg_creator_recent
    WHERE $sort = 'typical_er'
        AND $window_read AND window_from = $recent AND $campaigns IS NULL AND $brands IS NULL
        AND typical_er IS NOT NULL
),

figures AS (
    SELECT
        s.*,
        t.typical_er,
        -- the ratios as summary.sql has them (METRICS.md, Ratios)
        s.cost / nullif(s.engagements, 0) AS cpe,
        s.cost / nullif(s.orders, 0) AS cpa,
        s.revenue / nullif(s.cost, 0) AS roas
    FROM per_creator AS s
    LEFT JOIN all_typical AS t USING (influencer_id)
),

matches AS (
    SELECT
        *,
        CAST(CASE $sort
            WHEN 'revenue' THEN revenue
            WHEN 'roas' THEN roas
            WHEN 'typical_er' THEN typical_er
            WHEN 'cpe' THEN cpe
            WHEN 'posts' THEN posts
            WHEN 'cost' THEN cost
            WHEN 'orders' THEN orders
        END AS DOUBLE) AS sort_value
    FROM figures
    -- search: handle, name or id contains the text, any case ($search is lower case)
    WHERE $search IS NULL OR influencer_id IN (
        SELECT influencer_id
        FROM influencers
        WHERE contains(
            lower(coalesce(handle, '') || ' ' || coalesce(name, '') || ' ' || influencer_id),
            $search
        )
    )
),

shown AS (
    SELECT *
    FROM matches
    ORDER BY
        sort_value IS NULL,
        CASE WHEN $descending THEN -sort_value ELSE sort_value END,
        influencer_id
    LIMIT $limit
),

-- the counts apart: count(*) OVER () on every row held all of them in a window (80-110
-- ms over a year's 490k creators)
totals AS (
    SELECT (SELECT count(*) FROM figures) AS creators, (SELECT count(*) FROM matches) AS matches
)

SELECT
    s.influencer_id AS group_key,
    i.handle AS group_label,
    i.handle,
    i.name,
    i.platform,
    i.followers,
    i.niche,
    s.posts,
    s.placements,
    s.engagements,
    s.typical_er,
    s.spend,
    s.commission,
    s.cost,
    s.cpe,
    s.orders,
    s.revenue,
    s.cpa,
    s.roas,
    s.refunded_orders,
    s.refunded_revenue,
    t.matches,
    t.creators
FROM shown AS s
JOIN influencers AS i USING (influencer_id)
CROSS JOIN totals AS t
ORDER BY
    s.sort_value IS NULL,
    CASE WHEN $descending THEN -s.sort_value ELSE s.sort_value END,
    s.influencer_id
