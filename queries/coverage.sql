-- What the database holds and what it lacks, for the Data page: the share of posts that
-- report each partly-known measure (METRICS.md: figures built on them say their
-- coverage), creators with no post, codes with no order, spend with no creator, orders
-- whose code is not among the affiliate codes (the importer refuses them; an older or
-- hand-edited file may hold some). Grain: one row for the whole database, no filters.
WITH post_counts AS (
    SELECT
        count(*) AS posts,
        count(impressions) AS with_impressions,
        count(reach) AS with_reach,
        count(views) AS with_views,
        count(clicks) AS with_clicks,
        -- engagement is known when any of its four parts is (post_base.engagements)
        count(*) FILTER (
            WHERE likes IS NOT NULL OR comments IS NOT NULL
                OR shares IS NOT NULL OR saves IS NOT NULL
        ) AS with_engagement
    FROM posts
),
idle_creators AS (
    SELECT count(*) AS creators_without_posts
    FROM influencers AS i
    WHERE NOT EXISTS (SELECT 1 FROM posts AS p WHERE p.influencer_id = i.influencer_id)
),
-- any order row counts for its code, refunded or not: the code has order data
idle_codes AS (
    SELECT count(*) AS codes_without_orders
    FROM affiliate_codes AS a
    WHERE NOT EXISTS (SELECT 1 FROM orders AS o WHERE o.code = a.code)
),
overhead AS (
    SELECT
        count(*) FILTER (WHERE influencer_id IS NULL) AS spend_rows_without_creator,
        coalesce(sum(amount) FILTER (WHERE influencer_id IS NULL), 0) AS spend_without_creator,
        coalesce(sum(amount), 0) AS spend_total,
        count(*) AS spend_rows
    FROM spend
),
stray_orders AS (
    SELECT
        count(*) AS orders,
        count(*) FILTER (
            WHERE NOT EXISTS (SELECT 1 FROM affiliate_codes AS a WHERE a.code = o.code)
        ) AS orders_without_code
    FROM orders AS o
)
SELECT
    pc.posts,
    pc.with_impressions / nullif(pc.posts, 0) AS impressions_share,
    pc.with_reach / nullif(pc.posts, 0) AS reach_share,
    pc.with_views / nullif(pc.posts, 0) AS views_share,
    pc.with_clicks / nullif(pc.posts, 0) AS clicks_share,
    (SELECT count(*) FROM influencers) AS creators,
    ic.creators_without_posts,
    (SELECT count(*) FROM affiliate_codes) AS codes,
    cc.codes_without_orders,
    oh.spend_rows_without_creator,
    oh.spend_without_creator,
    oh.spend_total,
    pc.with_engagement / nullif(pc.posts, 0) AS engagement_share,
    oh.spend_rows,
    so.orders,
    so.orders_without_code
FROM post_counts AS pc, idle_creators AS ic, idle_codes AS cc, overhead AS oh,
    stray_orders AS so
