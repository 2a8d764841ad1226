-- Pre-aggregates: the `facts` view of schema.sql stored in the shapes the dashboard's
-- queries read fast at ten million posts. Every table is derived from the views of
-- schema.sql (never from a definition of its own), so the fast queries give the
-- figures the views give; tests/test_aggregates.py checks that on the known-answer
-- databases. Rebuilt whole by campaign_roi.aggregates.refresh after every write.
--
-- Tiers are data and a scheme can change without a write to the facts, so no table
-- holds a tier: they hold a follower *band*, the number of tier edges (of every
-- scheme in `tiers` when built) at or below the followers. A band lies inside one
-- tier of every scheme whose edges are all band edges (aggregates.scheme_is_banded);
-- the fast queries join the band to its tier when they run.

-- band b covers [lo, hi): lo is the b-th edge (NULL below the first), hi the next.
CREATE OR REPLACE TABLE agg_bands AS
WITH edges AS (
    SELECT DISTINCT e
    FROM (SELECT min_followers AS e FROM tiers UNION ALL SELECT max_followers FROM tiers)
    WHERE e IS NOT NULL
)
SELECT CAST(row_number() OVER (ORDER BY e) AS SMALLINT) AS band, e AS lo, lead(e) OVER (ORDER BY e) AS hi
FROM edges
UNION ALL
SELECT CAST(0 AS SMALLINT), NULL, min(e) FROM edges;

-- What pricing_model_summary.sql calls a placement's pricing group: the one model its
-- spend rows name, 'mixed', 'not stated' (spend, no model), else 'no spend'.
CREATE OR REPLACE TEMP TABLE agg_tmp_pricing AS
SELECT
    coalesce(p.influencer_id, s.influencer_id) AS influencer_id,
    s.campaign_id,
    CASE
        WHEN count(DISTINCT s.pricing_model) = 0 THEN 'not stated'
        WHEN count(DISTINCT s.pricing_model) = 1 THEN min(s.pricing_model)
        ELSE 'mixed'
    END AS pricing_group
FROM spend AS s
LEFT JOIN posts AS p ON p.post_id = s.post_id
WHERE coalesce(p.influencer_id, s.influencer_id) IS NOT NULL
GROUP BY ALL;

-- Each per-post value's chunk (campaign_roi/quantiles.py): in each measure's value order,
-- chunk k holds the values whose first place among equal values is in [c k, c (k + 1)),
-- c = the variable agg_chunk_values (aggregates.CHUNK_VALUES, set by aggregates.refresh),
-- so equal values share a chunk; measures are a million chunks apart.
CREATE OR REPLACE TEMP TABLE agg_tmp_chunks AS
WITH post_values AS (
    SELECT
        post_id,
        engagements / nullif(followers_at_post, 0) AS er_followers,
        engagements / nullif(reach, 0) AS er_reach,
        engagements / nullif(views, 0) AS er_views,
        CASE WHEN followers_at_post > 0 AND engagements IS NOT NULL
            THEN followers_at_post END AS followers,
        getvariable('agg_chunk_values') AS per_chunk
    FROM post_base
)
SELECT
    post_id,
    CASE WHEN er_followers IS NOT NULL
        THEN CAST((rank() OVER (ORDER BY er_followers) - 1) // per_chunk AS INTEGER) END
        AS chunk_er_followers,
    CASE WHEN er_reach IS NOT NULL
        THEN CAST(1000000 + (rank() OVER (ORDER BY er_reach) - 1) // per_chunk AS INTEGER) END
        AS chunk_er_reach,
    CASE WHEN er_views IS NOT NULL
        THEN CAST(2000000 + (rank() OVER (ORDER BY er_views) - 1) // per_chunk AS INTEGER) END
        AS chunk_er_views,
    CASE WHEN followers IS NOT NULL
        THEN CAST(3000000 + (rank() OVER (ORDER BY followers) - 1) // per_chunk AS INTEGER) END
        AS chunk_followers
FROM post_values;

-- A number per affiliate code, in code order: agg_fact's order rows carry it, and
-- agg_code and agg_code_days group and join by it, a number being far quicker than a text.
CREATE OR REPLACE TEMP TABLE agg_tmp_code_keys AS
SELECT code, CAST(row_number() OVER (ORDER BY code) AS INTEGER) AS code_key
FROM affiliate_codes;

-- The placements of the placement_base view, computed once here (the facts view reads
-- it three times).
CREATE OR REPLACE TEMP TABLE agg_tmp_placement AS
SELECT
    *,
    -- a number per placement: cheaper to count and join than (influencer_id, campaign_id)
    CAST(row_number() OVER (ORDER BY influencer_id, campaign_id) AS INTEGER) AS placement_key
FROM placement_base;

-- Every fact of the `facts` view with the attributes pages group and filter by. Posts and
-- spend rows stay one row each (n = 1); orders are summed per day, code and refund state
-- (n = orders). The three parts repeat the facts view's columns, reading the placements
-- from agg_tmp_placement (tests/test_aggregates.py holds them equal to the view).
-- Sorted by kind and day, so a period reads only its own row groups.
CREATE OR REPLACE TABLE agg_fact AS
WITH edges AS (
    SELECT list(lo ORDER BY lo) AS lows FROM agg_bands WHERE lo IS NOT NULL
),
post_rows AS (
    SELECT
        'post' AS kind,
        CAST(pb.posted_at AS DATE) AS d,
        pb.campaign_id,
        pb.influencer_id,
        pb.platform,
        pb.content_type,
        pb.post_id,
        NULL::VARCHAR AS code,
        NULL::INTEGER AS code_key,
        NULL::VARCHAR AS category,
        pb.followers_at_post AS tier_followers,
        pl.placement_followers,
        pb.followers_at_post,
        pb.engagements,
        pb.engagements / nullif(pb.followers_at_post, 0) AS er_followers,
        pb.engagements / nullif(pb.reach, 0) AS er_reach,
        pb.engagements / nullif(pb.views, 0) AS er_views,
        pb.impressions,
        pb.reach,
        pb.views,
        pb.clicks,
        pb.posted_at,
        pl.placement_key,
        NULL::BOOLEAN AS refunded,
        1 AS n,
        1 AS posts,
        0::DECIMAL(38, 2) AS spend,
        0::DECIMAL(38, 2) AS overhead_spend,
        0::DECIMAL(38, 8) AS commission,
        0 AS orders,
        0::DECIMAL(38, 2) AS revenue,
        0 AS refunded_orders,
        0::DECIMAL(38, 2) AS refunded_revenue
    FROM post_base AS pb
    JOIN agg_tmp_placement AS pl USING (influencer_id, campaign_id)
),
-- each post with its chunks (agg_tmp_chunks)
chunked_posts AS (
    SELECT p.*, c.* EXCLUDE (post_id)
    FROM post_rows AS p
    LEFT JOIN agg_tmp_chunks AS c USING (post_id)
),
spend_rows AS (
    SELECT
        'spend' AS kind,
        s.spent_on AS d,
        s.campaign_id,
        coalesce(pb.influencer_id, s.influencer_id) AS influencer_id,
        CASE WHEN s.post_id IS NOT NULL THEN pb.platform ELSE pl.platform END AS platform,
        pb.content_type,
        s.post_id,
        NULL::VARCHAR AS code,
        NULL::INTEGER AS code_key,
        s.category,
        CASE WHEN s.post_id IS NOT NULL THEN pb.followers_at_post ELSE pl.placement_followers END
            AS tier_followers,
        pl.placement_followers,
        NULL::BIGINT AS followers_at_post,
        NULL::HUGEINT AS engagements,
        NULL::DOUBLE AS er_followers,
        NULL::DOUBLE AS er_reach,
        NULL::DOUBLE AS er_views,
        NULL::BIGINT AS impressions,
        NULL::BIGINT AS reach,
        NULL::BIGINT AS views,
        NULL::BIGINT AS clicks,
        pb.posted_at,
        pl.placement_key,
        NULL::BOOLEAN AS refunded,
        1 AS n,
        0 AS posts,
        s.amount AS spend,
        CASE WHEN s.post_id IS NULL AND s.influencer_id IS NULL THEN s.amount ELSE 0 END
            AS overhead_spend,
        0::DECIMAL(38, 8) AS commission,
        0 AS orders,
        0::DECIMAL(38, 2) AS revenue,
        0 AS refunded_orders,
        0::DECIMAL(38, 2) AS refunded_revenue
    FROM spend AS s
    LEFT JOIN post_base AS pb ON pb.post_id = s.post_id
    LEFT JOIN agg_tmp_placement AS pl
        ON pl.influencer_id = coalesce(pb.influencer_id, s.influencer_id)
        AND pl.campaign_id = s.campaign_id
),
-- an order's attributes follow from its code: day, code and refund state tell them apart
order_rows AS (
    SELECT
        'order' AS kind,
        CAST(o.ordered_at AS DATE) AS d,
        any_value(a.campaign_id) AS campaign_id,
        any_value(a.influencer_id) AS influencer_id,
        any_value(pl.platform) AS platform,
        NULL::VARCHAR AS content_type,
        NULL::VARCHAR AS post_id,
        o.code,
        any_value(k.code_key) AS code_key,
        NULL::VARCHAR AS category,
        any_value(pl.placement_followers) AS tier_followers,
        any_value(pl.placement_followers) AS placement_followers,
        NULL::BIGINT AS followers_at_post,
        NULL::HUGEINT AS engagements,
        NULL::DOUBLE AS er_followers,
        NULL::DOUBLE AS er_reach,
        NULL::DOUBLE AS er_views,
        NULL::BIGINT AS impressions,
        NULL::BIGINT AS reach,
        NULL::BIGINT AS views,
        NULL::BIGINT AS clicks,
        NULL::TIMESTAMP AS posted_at,
        any_value(pl.placement_key) AS placement_key,
        o.refunded,
        count(*) AS n,
        0 AS posts,
        0::DECIMAL(38, 2) AS spend,
        0::DECIMAL(38, 2) AS overhead_spend,
        -- Commission accrues on non-refunded orders only (METRICS.md, Cost).
        sum(CASE
            WHEN o.refunded THEN 0
            ELSE o.revenue * coalesce(a.commission_rate, 0) + coalesce(a.commission_flat, 0)
        END) AS commission,
        sum(CASE WHEN o.refunded THEN 0 ELSE 1 END) AS orders,
        sum(CASE WHEN o.refunded THEN 0 ELSE o.revenue END) AS revenue,
        sum(CASE WHEN o.refunded THEN 1 ELSE 0 END) AS refunded_orders,
        sum(CASE WHEN o.refunded THEN o.revenue ELSE 0 END) AS refunded_revenue
    FROM orders AS o
    JOIN affiliate_codes AS a USING (code)
    JOIN agg_tmp_code_keys AS k USING (code)
    JOIN agg_tmp_placement AS pl USING (influencer_id, campaign_id)
    GROUP BY CAST(o.ordered_at AS DATE), o.code, o.refunded
),
all_rows AS (
    SELECT * FROM chunked_posts
    UNION ALL
    SELECT *, NULL::INTEGER, NULL::INTEGER, NULL::INTEGER, NULL::INTEGER FROM spend_rows
    UNION ALL
    SELECT *, NULL::INTEGER, NULL::INTEGER, NULL::INTEGER, NULL::INTEGER FROM order_rows
)
SELECT
    f.kind,
    f.d,
    f.campaign_id,
    c.brand,
    f.influencer_id,
    f.platform,
    f.content_type,
    f.post_id,
    f.code,
    f.code_key,
    f.category,
    CASE
        WHEN f.kind <> 'spend' THEN NULL
        WHEN f.post_id IS NOT NULL THEN 'post'
        WHEN f.influencer_id IS NOT NULL THEN 'placement'
        ELSE 'overhead'
    END AS level,
    CAST(len(list_filter(e.lows, lambda x: x <= f.tier_followers)) AS SMALLINT) AS band,
    CAST(len(list_filter(e.lows, lambda x: x <= f.placement_followers)) AS SMALLINT) AS pband,
    f.placement_key,
    f.placement_followers,
    f.followers_at_post,
    f.engagements,
    f.er_followers,
    f.er_reach,
    f.er_views,
    f.chunk_er_followers,
    f.chunk_er_reach,
    f.chunk_er_views,
    f.chunk_followers,
    CASE WHEN f.followers_at_post > 0 AND f.er_followers IS NOT NULL
        THEN CAST(floor(log10(f.followers_at_post) * 4 + 1e-9) AS INTEGER) END AS follower_bin,
    f.impressions,
    f.reach,
    f.views,
    f.clicks,
    -- content_breakdown.sql: weekday and hour of the post (posts, spend tied to a post)
    CAST(isodow(f.posted_at) AS TINYINT) AS weekday,
    CAST(hour(f.posted_at) AS TINYINT) AS hour,
    CASE WHEN f.influencer_id IS NOT NULL THEN coalesce(i.niche, 'not stated') END AS niche,
    CASE
        WHEN f.influencer_id IS NULL THEN NULL
        WHEN m.influencer_id IS NULL THEN 'no spend'
        ELSE m.pricing_group
    END AS pricing_group,
    f.refunded,
    f.n,
    f.posts,
    f.spend,
    f.overhead_spend,
    f.commission,
    f.orders,
    f.revenue,
    f.refunded_orders,
    f.refunded_revenue
FROM all_rows AS f
CROSS JOIN edges AS e
JOIN campaigns AS c ON c.campaign_id = f.campaign_id
LEFT JOIN influencers AS i ON i.influencer_id = f.influencer_id
LEFT JOIN agg_tmp_pricing AS m
    ON m.influencer_id = f.influencer_id AND m.campaign_id = f.campaign_id
ORDER BY f.kind, f.d;

-- agg_fact's columns a summary reads, sorted by campaign and creator instead of by day: a
-- summary scoped to campaigns or to a creator's campaigns (a campaign's creators, a
-- creator's history: fast_summary_facts.sql through agg_scoped_facts) reads only their
-- row groups, not every day's; and a creator's post ids (fast_creator_own_posts.sql).
CREATE OR REPLACE TABLE agg_fact_campaign AS
SELECT
    kind, d, campaign_id, brand, influencer_id, post_id, platform, content_type, band, pband,
    posts, engagements, er_followers, er_reach, er_views, followers_at_post, impressions,
    reach, views, clicks, spend, overhead_spend, commission, orders, revenue,
    refunded_orders, refunded_revenue
FROM agg_fact
ORDER BY campaign_id, influencer_id, d;

-- agg_fact's post rows with the columns value counts read (fast_value_counts.sql),
-- sorted by campaign: the typical ER of a few campaigns (the Overview's best and worst)
-- counts only their row groups instead of every post of the period.
CREATE OR REPLACE TABLE agg_post_campaign AS
SELECT
    d, campaign_id, brand, influencer_id, platform, content_type, band, pband,
    pricing_group, niche, weekday, hour, follower_bin, chunk_er_followers, chunk_er_reach,
    chunk_er_views, chunk_followers
FROM agg_fact
WHERE kind = 'post'
ORDER BY campaign_id, d;

-- agg_fact's post rows with what a creator's typical ER reads (fast_filtered_posts.sql),
-- sorted by content type, then platform: the posts of a period with a platform or content
-- type filter are a few runs of row groups, not every post of the period (the Creators
-- board's typical ERs over a year of two content types 330 -> 55 ms, of one platform
-- 250 -> 10 ms, on the bench database).
CREATE OR REPLACE TABLE agg_post_facet AS
SELECT d, content_type, platform, influencer_id, band, er_followers
FROM agg_fact
WHERE kind = 'post'
ORDER BY content_type, platform, d;

-- The trailing windows the period presets end with (periods.py: the last 30, 90 and 365
-- days up to the last day with a fact; aggregates.RECENT_WINDOWS), the windows of as
-- many days before each (the Overview's previous period), and all time (window_days 0:
-- the first to the last day with a fact; left out when another window starts on its
-- first day, as the windows are keyed by first day). agg_placement_recent,
-- agg_creator_recent, agg_cell_month, agg_code_month and agg_value_month hold their sums,
-- keyed by the first day: a period that is a window (aggregates.recent_window) reads
-- those rows rather than its days.
CREATE OR REPLACE TABLE agg_windows AS
WITH presets AS (
    SELECT
        CAST(w AS SMALLINT) AS window_days,
        max(f.d) - (k + 1) * w + 1 AS first_day,
        max(f.d) - k * w AS last_day
    FROM agg_fact AS f, (SELECT unnest([30, 90, 365]) AS w), (SELECT unnest([0, 1]) AS k)
    GROUP BY w, k
    HAVING max(f.d) IS NOT NULL
),

all_time AS (
    SELECT CAST(0 AS SMALLINT) AS window_days, min(d) AS first_day, max(d) AS last_day
    FROM agg_fact
    HAVING min(d) IS NOT NULL
)

SELECT * FROM presets
UNION ALL
SELECT * FROM all_time WHERE first_day NOT IN (SELECT first_day FROM presets);

-- placement_base with its follower band and the creator's last post in the campaign
-- (code_results.sql reads both), and the creator's handle.
CREATE OR REPLACE TABLE agg_placement_info AS
WITH edges AS (
    SELECT list(lo ORDER BY lo) AS lows FROM agg_bands WHERE lo IS NOT NULL
),
last_posts AS (
    SELECT influencer_id, campaign_id, max(posted_at) AS last_post_at
    FROM posts
    GROUP BY influencer_id, campaign_id
)
SELECT
    pl.*,
    CAST(len(list_filter(e.lows, lambda x: x <= pl.placement_followers)) AS SMALLINT) AS pband,
    lp.last_post_at,
    -- the placement's fixed random rank among any others: a bootstrap draws from the
    -- placements with the smallest (campaign_roi/digest.py); the same as placements.sql's
    md5_number_lower(pl.influencer_id || '/' || pl.campaign_id) AS bag_key,
    -- the creator's handle: a campaign's creators are labelled from its own rows here
    -- (fast_summary_facts.sql) instead of joining all the creators
    inf.handle
FROM agg_tmp_placement AS pl
CROSS JOIN edges AS e
LEFT JOIN last_posts AS lp USING (influencer_id, campaign_id)
LEFT JOIN influencers AS inf ON inf.influencer_id = pl.influencer_id
ORDER BY pl.campaign_id, pl.influencer_id;

-- Each creator's campaigns, sorted by creator: a creator's history and posts
-- (agg_scoped_facts, fast_creator_own_posts.sql) find them in a row group or two instead of
-- scanning every placement (30 ms at 10M posts).
CREATE OR REPLACE TABLE agg_creator_campaigns AS
SELECT influencer_id, campaign_id
FROM agg_placement_info
ORDER BY influencer_id, campaign_id;

-- Every post's ER by followers with what a filter reads, sorted by its placement's bag_key:
-- the bags of a filtered digest are placements with the smallest bag_key, so their posts
-- (fast_placement_ers.sql, up to the bags' largest bag_key) are in the first row groups
-- instead of among all the period's facts (65-75 ms over a year at 10M posts).
CREATE OR REPLACE TABLE agg_post_ers AS
SELECT
    i.bag_key,
    f.placement_key,
    f.d,
    f.campaign_id,
    f.brand,
    f.influencer_id,
    f.platform,
    f.content_type,
    f.er_followers
FROM agg_fact AS f
JOIN agg_placement_info AS i USING (placement_key)
WHERE f.kind = 'post'
ORDER BY i.bag_key, f.d;

DROP TABLE agg_tmp_placement;
DROP TABLE agg_tmp_pricing;
DROP TABLE agg_tmp_chunks;

-- The additive figures of agg_fact summed per cell of everything the shared filters and
-- the usual groupings read (not the creator): a period of ten million posts is a few
-- hundred thousand cells. The last columns feed the ER trend (er_trend.sql): sums over
-- posts with ER > 0 of x = log10(followers) and y = log10(ER).
CREATE OR REPLACE TABLE agg_cell AS
SELECT
    kind,
    d,
    campaign_id,
    brand,
    platform,
    content_type,
    band,
    pband,
    category,
    level,
    niche,
    sum(n) AS n,
    sum(posts) AS posts,
    coalesce(sum(n) FILTER (WHERE kind = 'post' AND engagements IS NULL), 0)
        AS posts_without_engagement,
    sum(engagements) AS engagements,
    sum(followers_at_post) FILTER (WHERE engagements IS NOT NULL) AS engaged_followers,
    sum(followers_at_post) FILTER (WHERE er_followers IS NOT NULL) AS er_followers_sum,
    sum(engagements) FILTER (WHERE er_followers IS NOT NULL) AS er_engagements,
    count(er_followers) AS posts_with_er,
    coalesce(sum(n) FILTER (WHERE er_followers = 0), 0) AS zero_er_posts,
    min(er_followers) AS min_er,
    max(er_followers) AS max_er,
    sum(impressions) AS impressions,
    sum(reach) AS reach,
    sum(views) AS views,
    sum(clicks) AS clicks,
    count(impressions) AS posts_with_impressions,
    count(reach) AS posts_with_reach,
    count(views) AS posts_with_views,
    count(clicks) AS posts_with_clicks,
    sum(spend) AS spend,
    sum(overhead_spend) AS overhead_spend,
    sum(commission) AS commission,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue,
    count(*) FILTER (WHERE er_followers > 0 AND followers_at_post > 0) AS trend_posts,
    count(*) FILTER (WHERE er_followers = 0 AND followers_at_post > 0) AS trend_zero_posts,
    sum(log10(followers_at_post)) FILTER (WHERE er_followers > 0 AND followers_at_post > 0) AS trend_x,
    sum(log10(er_followers)) FILTER (WHERE er_followers > 0 AND followers_at_post > 0) AS trend_y,
    sum(log10(followers_at_post) ^ 2) FILTER (WHERE er_followers > 0 AND followers_at_post > 0)
        AS trend_xx,
    sum(log10(er_followers) ^ 2) FILTER (WHERE er_followers > 0 AND followers_at_post > 0)
        AS trend_yy,
    sum(log10(followers_at_post) * log10(er_followers))
        FILTER (WHERE er_followers > 0 AND followers_at_post > 0) AS trend_xy,
    min(followers_at_post) FILTER (WHERE er_followers > 0 AND followers_at_post > 0)
        AS trend_min_followers,
    max(followers_at_post) FILTER (WHERE er_followers > 0 AND followers_at_post > 0)
        AS trend_max_followers,
    min(er_followers) FILTER (WHERE er_followers > 0 AND followers_at_post > 0) AS trend_min_er,
    max(er_followers) FILTER (WHERE er_followers > 0 AND followers_at_post > 0) AS trend_max_er
FROM agg_fact
GROUP BY ALL
ORDER BY kind, d, campaign_id;

-- agg_cell summed per calendar month (d = the month's first day, window_days NULL): a
-- period reads its whole months here and only its partial months' days from agg_cell
-- (agg_period_cells below), about a tenth of the rows over a year. Every column is a sum,
-- a count, a min or a max, so a month row is exactly its days together. Also agg_cell
-- summed over each window of agg_windows (d its first day, window_days its length): a
-- period that is one reads only these, 11k rows over 30 days and 60k over 365 at ten
-- million posts.
CREATE OR REPLACE TABLE agg_cell_month AS
WITH keyed AS (
    SELECT CAST(date_trunc('month', d) AS DATE) AS period_start, NULL::SMALLINT AS window_days, *
    FROM agg_cell
    UNION ALL
    SELECT w.first_day, w.window_days, c.*
    FROM agg_cell AS c
    JOIN agg_windows AS w ON c.d BETWEEN w.first_day AND w.last_day
)

SELECT
    kind,
    period_start AS d,
    campaign_id,
    brand,
    platform,
    content_type,
    band,
    pband,
    category,
    level,
    niche,
    sum(n) AS n,
    sum(posts) AS posts,
    sum(posts_without_engagement) AS posts_without_engagement,
    sum(engagements) AS engagements,
    sum(engaged_followers) AS engaged_followers,
    sum(er_followers_sum) AS er_followers_sum,
    sum(er_engagements) AS er_engagements,
    sum(posts_with_er) AS posts_with_er,
    sum(zero_er_posts) AS zero_er_posts,
    min(min_er) AS min_er,
    max(max_er) AS max_er,
    sum(impressions) AS impressions,
    sum(reach) AS reach,
    sum(views) AS views,
    sum(clicks) AS clicks,
    sum(posts_with_impressions) AS posts_with_impressions,
    sum(posts_with_reach) AS posts_with_reach,
    sum(posts_with_views) AS posts_with_views,
    sum(posts_with_clicks) AS posts_with_clicks,
    sum(spend) AS spend,
    sum(overhead_spend) AS overhead_spend,
    sum(commission) AS commission,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue,
    sum(trend_posts) AS trend_posts,
    sum(trend_zero_posts) AS trend_zero_posts,
    sum(trend_x) AS trend_x,
    sum(trend_y) AS trend_y,
    sum(trend_xx) AS trend_xx,
    sum(trend_yy) AS trend_yy,
    sum(trend_xy) AS trend_xy,
    min(trend_min_followers) AS trend_min_followers,
    max(trend_max_followers) AS trend_max_followers,
    min(trend_min_er) AS trend_min_er,
    max(trend_max_er) AS trend_max_er,
    window_days
FROM keyed
GROUP BY ALL
ORDER BY window_days NULLS FIRST, kind, d, campaign_id;

-- agg_fact's sums by placement pricing group (fast_pricing_model_summary.sql) per day and
-- what a filter can split on (campaign, brand, platform, content type, band): a tenth of
-- the facts' rows. agg_cell keeps no pricing group, which would split its cells by a
-- third more for every other reader.
CREATE OR REPLACE TABLE agg_pricing_cell AS
SELECT
    d,
    campaign_id,
    brand,
    platform,
    content_type,
    band,
    pricing_group,
    sum(posts) AS posts,
    count(*) FILTER (WHERE kind = 'post' AND engagements IS NULL) AS posts_without_engagement,
    sum(engagements) AS engagements,
    sum(followers_at_post) FILTER (WHERE engagements IS NOT NULL) AS engaged_followers,
    sum(impressions) AS impressions,
    sum(views) AS views,
    sum(clicks) AS clicks,
    count(impressions) AS posts_with_impressions,
    count(views) AS posts_with_views,
    count(clicks) AS posts_with_clicks,
    sum(spend) AS spend,
    sum(overhead_spend) AS overhead_spend,
    sum(commission) AS commission,
    sum(orders) AS orders,
    sum(revenue) AS revenue
FROM agg_fact
GROUP BY ALL
ORDER BY d, campaign_id;

-- agg_pricing_cell per calendar month and per window of agg_windows, as agg_cell_month
-- keeps agg_cell (window_days NULL: a month).
CREATE OR REPLACE TABLE agg_pricing_cell_month AS
WITH keyed AS (
    SELECT CAST(date_trunc('month', d) AS DATE) AS period_start, NULL::SMALLINT AS window_days, *
    FROM agg_pricing_cell
    UNION ALL
    SELECT w.first_day, w.window_days, c.*
    FROM agg_pricing_cell AS c
    JOIN agg_windows AS w ON c.d BETWEEN w.first_day AND w.last_day
)

SELECT
    period_start AS d,
    campaign_id,
    brand,
    platform,
    content_type,
    band,
    pricing_group,
    sum(posts) AS posts,
    sum(posts_without_engagement) AS posts_without_engagement,
    sum(engagements) AS engagements,
    sum(engaged_followers) AS engaged_followers,
    sum(impressions) AS impressions,
    sum(views) AS views,
    sum(clicks) AS clicks,
    sum(posts_with_impressions) AS posts_with_impressions,
    sum(posts_with_views) AS posts_with_views,
    sum(posts_with_clicks) AS posts_with_clicks,
    sum(spend) AS spend,
    sum(overhead_spend) AS overhead_spend,
    sum(commission) AS commission,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    window_days
FROM keyed
GROUP BY ALL
ORDER BY window_days NULLS FIRST, d, campaign_id;

-- Placements by what a filter or grouping can split them on (facets: platform, content
-- type, band, code), with their sums and the days they were active: a facet counts in
-- a period when one of its days is in it, with its sums whole when all its days are
-- (agg_facet_sums below). `days` is kept only when not one unbroken run.
CREATE OR REPLACE TABLE agg_placement AS
WITH facets AS (
    SELECT
        f.placement_key,
        f.influencer_id,
        f.campaign_id,
        f.brand,
        f.platform,
        f.content_type,
        f.band,
        f.pband,
        f.pricing_group,
        f.niche,
        f.code,
        list(DISTINCT f.d ORDER BY f.d) AS days,
        sum(f.posts) AS posts,
        count(f.engagements) AS engaged_posts,
        sum(f.engagements) AS engagements,
        sum(f.spend) AS spend,
        sum(f.commission) AS commission,
        sum(f.revenue) AS revenue,
        sum(f.orders) AS orders,
        sum(f.refunded_orders) AS refunded_orders,
        sum(f.refunded_revenue) AS refunded_revenue
    FROM agg_fact AS f
    WHERE f.influencer_id IS NOT NULL
    GROUP BY ALL
)
SELECT
    * EXCLUDE (days),
    days[1] AS first_day,
    days[-1] AS last_day,
    CASE WHEN days[-1] - days[1] + 1 > len(days) THEN days END AS days
FROM facets
ORDER BY campaign_id, placement_key;

-- The same per placement, all facets together, with its sums: counting placements by
-- campaign or brand, or summing them, with no platform, content type or tier in the
-- filters, reads these rows.
CREATE OR REPLACE TABLE agg_placement_all AS
WITH placements AS (
    SELECT
        placement_key,
        any_value(campaign_id) AS campaign_id,
        any_value(brand) AS brand,
        list(DISTINCT d ORDER BY d) AS days,
        sum(posts) AS posts,
        sum(engagements) AS engagements,
        sum(spend) AS spend,
        sum(commission) AS commission,
        sum(revenue) AS revenue,
        sum(orders) AS orders
    FROM agg_fact
    WHERE influencer_id IS NOT NULL
    GROUP BY placement_key
)
SELECT
    * EXCLUDE (days),
    days[1] AS first_day,
    days[-1] AS last_day,
    CASE WHEN days[-1] - days[1] + 1 > len(days) THEN days END AS days
FROM placements
ORDER BY placement_key;

-- Each placement with a fact in a window of agg_windows, and its sums over it split by
-- the facts' platform (a post's, else its placement's) and content type (a post's, or a
-- spend row's post's; NULL for orders and spend on no post), with the band, followers
-- and bag_key of agg_placement_info: over a window with a content type filter, the digest,
-- the placements list (queries/fast_placement_sums_content.sql) and the summaries' placement counts
-- (fast_placement_counts_platform.sql) read a placement's rows of the filter's content
-- types instead of its facets' days.
-- `pair` is the row's (platform, content type) bit of agg_content_pairs and `pairs` those
-- of all the placement's rows in the window (NULL when one has no bit): a placement whose
-- pairs hold one of a filter's (agg_content_mask) has one row in it, which the digest and
-- the placements list read as it is; only the others are summed per placement.
CREATE OR REPLACE TABLE agg_content_pairs AS
WITH pairs AS (
    SELECT DISTINCT platform, content_type
    FROM agg_fact
    WHERE influencer_id IS NOT NULL AND content_type IS NOT NULL
)
SELECT
    platform,
    content_type,
    CASE
        WHEN row_number() OVER (ORDER BY platform, content_type) <= 64
            THEN CAST(1 AS UBIGINT)
                << CAST(row_number() OVER (ORDER BY platform, content_type) - 1 AS UBIGINT)
    END AS bit
FROM pairs
ORDER BY platform, content_type;

CREATE OR REPLACE TABLE agg_placement_recent_content AS
WITH sums AS (
    SELECT
        w.first_day AS window_from,
        w.window_days,
        f.placement_key,
        f.platform,
        f.content_type,
        any_value(f.influencer_id) AS influencer_id,
        any_value(f.campaign_id) AS campaign_id,
        any_value(f.brand) AS brand,
        sum(f.posts) AS posts,
        count(f.engagements) AS engaged_posts,
        sum(f.engagements) AS engagements,
        sum(f.spend) AS spend,
        sum(f.commission) AS commission,
        sum(f.revenue) AS revenue,
        sum(f.orders) AS orders,
        sum(f.refunded_orders) AS refunded_orders,
        sum(f.refunded_revenue) AS refunded_revenue,
        -- the follower bands of its facts (bit b: band b; bands past 62 are not marked,
        -- and aggregates.band_masks then reads the facets instead)
        bit_or(CASE WHEN f.band < 63 THEN CAST(1 AS UBIGINT) << CAST(f.band AS UBIGINT) END)
            AS bands
    FROM agg_fact AS f
    JOIN agg_windows AS w ON f.d BETWEEN w.first_day AND w.last_day
    WHERE f.influencer_id IS NOT NULL
    GROUP BY w.first_day, w.window_days, f.placement_key, f.platform, f.content_type
)
SELECT
    s.*,
    i.pband,
    i.placement_followers,
    i.bag_key,
    p.bit AS pair,
    CASE
        WHEN count(s.content_type) OVER placement = count(p.bit) OVER placement
            THEN bit_or(p.bit) OVER placement
    END AS pairs
FROM sums AS s
JOIN agg_placement_info AS i USING (placement_key)
LEFT JOIN agg_content_pairs AS p
    ON p.platform IS NOT DISTINCT FROM s.platform AND p.content_type = s.content_type
WINDOW placement AS (PARTITION BY s.window_from, s.placement_key)
ORDER BY s.window_from, s.content_type, s.platform, s.placement_key;

-- The bits of agg_content_pairs a filter of content types (and platforms) keeps.
CREATE OR REPLACE MACRO agg_content_mask(content_types, platforms) AS (
    SELECT bit_or(bit)
    FROM agg_content_pairs
    WHERE list_contains(content_types, content_type)
        AND (platforms IS NULL OR list_contains(platforms, platform))
);

-- The same summed per platform: over a window with a platform filter (and no content type
-- one), the digest and the placements list (fast_placement_sums_platform.sql) sum a placement's rows of
-- the filter's platforms, most placements having one, instead of its facets; a placement
-- with one (`platform_rows`) is read as it is.
CREATE OR REPLACE TABLE agg_placement_recent_platform AS
WITH platforms AS (
    SELECT
        window_from,
        window_days,
        placement_key,
        platform,
        any_value(influencer_id) AS influencer_id,
        any_value(campaign_id) AS campaign_id,
        any_value(brand) AS brand,
        sum(posts) AS posts,
        CAST(sum(engaged_posts) AS BIGINT) AS engaged_posts,
        sum(engagements) AS engagements,
        sum(spend) AS spend,
        sum(commission) AS commission,
        sum(revenue) AS revenue,
        sum(orders) AS orders,
        sum(refunded_orders) AS refunded_orders,
        sum(refunded_revenue) AS refunded_revenue,
        bit_or(bands) AS bands,
        any_value(pband) AS pband,
        any_value(placement_followers) AS placement_followers,
        any_value(bag_key) AS bag_key
    FROM agg_placement_recent_content
    GROUP BY window_from, window_days, placement_key, platform
)
SELECT *, count(*) OVER (PARTITION BY window_from, placement_key) AS platform_rows
FROM platforms
ORDER BY window_from, platform, placement_key;

-- The same summed per placement (over the last 30 days at ten million posts, 156k rows
-- read for 478k grouped), so a window's digest (fast_placement_sums_window.sql) joins nothing; with
-- the creator and the sums the creators board and the codes' placement cost read
-- (fast_creator_board.sql, fast_code_results.sql), so over a window with no platform,
-- content type or tier filter they group these rows instead of the days'.
CREATE OR REPLACE TABLE agg_placement_recent AS
SELECT
    window_from,
    window_days,
    placement_key,
    any_value(influencer_id) AS influencer_id,
    any_value(campaign_id) AS campaign_id,
    any_value(brand) AS brand,
    sum(posts) AS posts,
    sum(engaged_posts) AS engaged_posts,
    sum(engagements) AS engagements,
    sum(spend) AS spend,
    sum(commission) AS commission,
    sum(revenue) AS revenue,
    sum(orders) AS orders,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue,
    any_value(pband) AS pband,
    any_value(placement_followers) AS placement_followers,
    any_value(bag_key) AS bag_key,
    bit_or(bands) AS bands
FROM agg_placement_recent_platform
GROUP BY window_from, window_days, placement_key
ORDER BY window_from, placement_key;

-- agg_placement_recent boiled down per window and follower band as
-- fast_placement_digest.sql boils a period's placements down: their count and sums, and
-- the 500 with the smallest bag_key (in that order; digest.BAG is at most 500). Over a
-- window with no filter the comparison and the what-if read these few rows instead of
-- grouping the window's placements (800k over a year).
CREATE OR REPLACE TABLE agg_digest_recent AS
SELECT
    window_from,
    pband,
    count(*) AS placements,
    sum(posts) AS posts,
    sum(coalesce(engagements, 0)) AS engagements,
    sum(spend + commission) AS cost,
    sum(revenue) AS revenue,
    sum(orders) AS orders,
    min_by(
        {
            'placement_key': placement_key,
            'bag_key': bag_key,
            'engagements': CAST(coalesce(engagements, 0) AS DOUBLE),
            'cost': CAST(spend + commission AS DOUBLE),
            'revenue': CAST(revenue AS DOUBLE),
            'orders': CAST(orders AS DOUBLE)
        },
        bag_key,
        500
    ) AS bag
FROM agg_placement_recent
GROUP BY window_from, pband
ORDER BY window_from, pband;

-- The per-post ERs by followers (sorted) over its window of each placement in a bag of
-- agg_digest_recent with a post there: what fast_placement_ers.sql reads for a stored
-- digest's bags instead of finding their posts among the window's facts.
CREATE OR REPLACE TABLE agg_digest_ers AS
WITH bagged AS (
    SELECT d.window_from, w.last_day, unnest(d.bag).placement_key AS placement_key
    FROM agg_digest_recent AS d
    JOIN agg_windows AS w ON w.first_day = d.window_from
)
SELECT
    b.window_from,
    b.placement_key,
    coalesce(
        list(f.er_followers ORDER BY f.er_followers) FILTER (WHERE f.er_followers IS NOT NULL),
        []
    ) AS ers
FROM bagged AS b
JOIN agg_fact AS f
    ON f.placement_key = b.placement_key
    AND f.kind = 'post'
    AND f.d BETWEEN b.window_from AND b.last_day
GROUP BY b.window_from, b.placement_key
ORDER BY b.window_from, b.placement_key;

-- Over each window, the medians per placement of followers, engagements, cost and revenue
-- (fast_placement_digest.sql's per side) of the placements in each run of adjacent bands
-- (`side_bands`, ascending): a comparison's side is such a run unless its tiers skip one,
-- the default sides always. Read instead of the window's placements when both sides are.
CREATE OR REPLACE TABLE agg_side_medians_recent AS
WITH runs AS (
    SELECT list(b.band ORDER BY b.band) AS side_bands, min(b.band) AS lo, max(b.band) AS hi
    FROM agg_bands AS first
    JOIN agg_bands AS last ON last.band >= first.band
    JOIN agg_bands AS b ON b.band BETWEEN first.band AND last.band
    GROUP BY first.band, last.band
)
SELECT
    r.window_from,
    s.side_bands,
    median(CAST(r.placement_followers AS DOUBLE)) AS median_followers,
    median(CAST(coalesce(r.engagements, 0) AS DOUBLE)) AS median_engagements,
    median(CAST(r.spend + r.commission AS DOUBLE)) AS median_cost,
    median(CAST(r.revenue AS DOUBLE)) AS median_revenue
FROM agg_placement_recent AS r
JOIN runs AS s ON r.pband BETWEEN s.lo AND s.hi
GROUP BY r.window_from, s.side_bands
ORDER BY r.window_from, s.side_bands;

-- agg_placement_recent summed per creator, with the creator's typical ER (the median of
-- its posts' ERs by followers) over the window: over a window with no filter at all, the
-- creators board (fast_creator_board.sql) ranks these rows (490k over a year) instead of
-- grouping the window's placements, and reads its typical ERs here
-- (fast_creator_typical_er.sql) instead of the posts of the window.
CREATE OR REPLACE TABLE agg_creator_recent AS
WITH sums AS (
    SELECT
        window_from,
        influencer_id,
        count(*) AS placements,
        sum(posts) AS posts,
        sum(engaged_posts) AS engaged_posts,
        sum(engagements) AS engagements,
        sum(spend) AS spend,
        sum(commission) AS commission,
        sum(revenue) AS revenue,
        sum(orders) AS orders,
        sum(refunded_orders) AS refunded_orders,
        sum(refunded_revenue) AS refunded_revenue
    FROM agg_placement_recent
    GROUP BY window_from, influencer_id
),

typical AS (
    SELECT w.first_day AS window_from, f.influencer_id, median(f.er_followers) AS typical_er
    FROM agg_fact AS f
    JOIN agg_windows AS w ON f.d BETWEEN w.first_day AND w.last_day
    WHERE f.kind = 'post'
    GROUP BY w.first_day, f.influencer_id
)

SELECT s.*, t.typical_er
FROM sums AS s
LEFT JOIN typical AS t USING (window_from, influencer_id)
ORDER BY s.window_from, s.influencer_id;

-- The facts of each placement summed per calendar `unit` (d = its first day), split only
-- by what a fact of one placement can differ in besides its content type: platform and
-- follower band (a post's, or the placement's). No content type: with that filter every
-- day comes from agg_fact.
CREATE OR REPLACE MACRO agg_placement_per(unit) AS TABLE
SELECT
    CAST(date_trunc(unit, d) AS DATE) AS d,
    placement_key,
    influencer_id,
    campaign_id,
    brand,
    platform,
    band,
    sum(posts) AS posts,
    count(engagements) AS engaged_posts,
    sum(engagements) AS engagements,
    sum(spend) AS spend,
    sum(commission) AS commission,
    sum(revenue) AS revenue,
    sum(orders) AS orders,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue
FROM agg_fact
WHERE influencer_id IS NOT NULL
GROUP BY ALL;

-- Per month: a period reads its whole months here and only the days around them from
-- agg_fact (agg_period_facts below): over 90 days, about a third of the rows.
CREATE OR REPLACE TABLE agg_placement_month AS
SELECT * FROM agg_placement_per('month') ORDER BY d, placement_key;

-- Per week (d = its Monday): a period reads the whole weeks around its whole months here
-- and only the days left over from agg_fact (agg_placement_span below): over 34 days
-- with no whole month, about half the rows.
CREATE OR REPLACE TABLE agg_placement_week AS
SELECT * FROM agg_placement_per('week') ORDER BY d, placement_key;

-- Each affiliate code with what code_results.sql lists beside its sums: its campaign,
-- creator and placement (platform, followers, band, the creator's last post in the
-- campaign) and how many codes share that placement. Codes whose creator has no
-- placement in the campaign are not listed, as code_results.sql has it. code_key numbers
-- the codes in code order (agg_tmp_code_keys): agg_code_days joins the order rows of
-- agg_fact by it, and agg_code_month and agg_period_codes group by it, a number being far
-- quicker to join and group by than a text (over a year, 3M monthly rows into 600k codes).
CREATE OR REPLACE TABLE agg_code AS
SELECT
    ck.code_key,
    a.code,
    a.campaign_id,
    c.name AS campaign_name,
    c.brand,
    a.influencer_id,
    i.handle,
    pl.placement_key,
    pl.platform,
    pl.placement_followers,
    pl.pband,
    pl.last_post_at,
    count(*) OVER (PARTITION BY a.influencer_id, a.campaign_id) AS codes_in_placement
FROM affiliate_codes AS a
JOIN agg_tmp_code_keys AS ck USING (code)
JOIN campaigns AS c ON c.campaign_id = a.campaign_id
JOIN influencers AS i ON i.influencer_id = a.influencer_id
JOIN agg_placement_info AS pl
    ON pl.influencer_id = a.influencer_id AND pl.campaign_id = a.campaign_id
ORDER BY a.code;

DROP TABLE agg_tmp_code_keys;

-- The order rows of agg_fact from date_from to date_to (NULL: open), by code_key (agg_code:
-- codes it does not list are left out), with what the leakage rules read per row: late
-- orders (more than 30 days after the creator's last post in the campaign) and the day
-- when it has orders (agg_code_month sums them per month).
CREATE OR REPLACE MACRO agg_code_days(date_from, date_to) AS TABLE
SELECT
    f.d,
    k.code_key,
    f.orders,
    f.revenue,
    f.commission,
    f.refunded_orders,
    f.refunded_revenue,
    CASE WHEN f.orders > 0 AND f.d > CAST(k.last_post_at AS DATE) + 30 THEN f.orders END
        AS late_orders,
    CASE WHEN f.orders > 0 THEN f.d END AS first_order_day,
    CASE WHEN f.orders > 0 THEN f.d END AS last_order_day
FROM agg_fact AS f
JOIN agg_code AS k USING (code_key)
WHERE f.kind = 'order'
    AND (date_from IS NULL OR f.d >= date_from)
    AND (date_to IS NULL OR f.d <= date_to);

-- The orders of each code summed per calendar month (d = the month's first day,
-- window_days NULL), with what the leakage rules read: orders more than 30 days after the
-- creator's last post in the campaign, and the first and last day with an order
-- (agg_period_codes below adds the days around the months). Also summed over each window
-- of agg_windows (d its first day, window_days its length): a period that is one reads
-- only those rows.
CREATE OR REPLACE TABLE agg_code_month AS
WITH keyed AS (
    SELECT CAST(date_trunc('month', d) AS DATE) AS period_start, NULL::INTEGER AS window_days, *
    FROM agg_code_days(NULL, NULL)
    UNION ALL
    SELECT w.first_day, w.window_days, c.*
    FROM agg_code_days(NULL, NULL) AS c
    JOIN agg_windows AS w ON c.d BETWEEN w.first_day AND w.last_day
)
SELECT
    period_start AS d,
    code_key,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    sum(commission) AS commission,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue,
    sum(late_orders) AS late_orders,
    min(first_order_day) AS first_order_day,
    max(last_order_day) AS last_order_day,
    window_days
FROM keyed
GROUP BY period_start, window_days, code_key
ORDER BY window_days NULLS FIRST, d, code_key;

-- The facts of each placement over each window of agg_windows summed per platform and
-- follower band (its parts there). A placement whose facts in a window are of one
-- platform and band (nearly all) has all of them in a platform or tier filter or none:
-- agg_code_recent's `parts`, `part_platform` and `part_band` tell which for the codes'
-- placement cost (fast_code_results.sql, $code_split). The parts of the others are kept
-- in agg_placement_recent_part: the codes' placement cost in the filter sums them, and
-- so does the creators board over a window with a tier filter for a placement with facts
-- of bands in and out of the filter's tiers (fast_window_split.sql).
CREATE OR REPLACE TABLE agg_tmp_placement_parts AS
SELECT
    w.first_day AS window_from,
    f.placement_key,
    f.platform,
    f.band,
    any_value(f.influencer_id) AS influencer_id,
    sum(f.posts) AS posts,
    count(f.engagements) AS engaged_posts,
    sum(f.engagements) AS engagements,
    sum(f.spend) AS spend,
    sum(f.commission) AS commission,
    sum(f.orders) AS orders,
    sum(f.revenue) AS revenue,
    sum(f.refunded_orders) AS refunded_orders,
    sum(f.refunded_revenue) AS refunded_revenue,
    count(*) OVER (PARTITION BY w.first_day, f.placement_key) AS parts
FROM agg_fact AS f
JOIN agg_windows AS w ON f.d BETWEEN w.first_day AND w.last_day
WHERE f.influencer_id IS NOT NULL
GROUP BY w.first_day, f.placement_key, f.platform, f.band;

CREATE OR REPLACE TABLE agg_placement_recent_part AS
SELECT * EXCLUDE (parts)
FROM agg_tmp_placement_parts
WHERE parts > 1
ORDER BY window_from, placement_key;

-- fast_code_results.sql's rows of each window of agg_windows with no filter that splits a
-- placement's facts ($window_read): every code with its sums over the window and its
-- placement's cost there, joined once at refresh instead of on every page run (the
-- Affiliate codes page over a window joined 680k codes to their sums and placements).
-- Codes with nothing in the window are kept for all time only (window_days 0), the one
-- window an open period (no dates: every code) can be. With a platform or tier filter
-- ($code_split) the same rows in the filters, each placement's cost from its parts
-- (above): whether the code sold there (`sold`) and its placement's parts.
CREATE OR REPLACE TABLE agg_code_recent AS
SELECT
    w.first_day AS window_from,
    k.code,
    k.campaign_id,
    k.campaign_name,
    k.brand,
    k.influencer_id,
    k.handle,
    k.platform,
    k.pband,
    k.placement_followers,
    k.codes_in_placement,
    coalesce(s.orders, 0) AS orders,
    coalesce(s.revenue, 0) AS revenue,
    coalesce(s.commission, 0) AS commission,
    coalesce(s.refunded_orders, 0) AS refunded_orders,
    coalesce(s.refunded_revenue, 0) AS refunded_revenue,
    ps.spend + ps.commission AS placement_cost,
    s.first_order_day,
    s.last_order_day,
    k.last_post_at,
    coalesce(s.late_orders, 0) AS late_orders,
    s.code_key IS NOT NULL OR ps.placement_key IS NOT NULL AS active,
    s.code_key IS NOT NULL AS sold,
    k.placement_key,
    coalesce(pp.parts, 0) AS parts,
    CASE WHEN pp.parts = 1 THEN pp.platform END AS part_platform,
    CASE WHEN pp.parts = 1 THEN pp.band END AS part_band
FROM agg_windows AS w
CROSS JOIN agg_code AS k
LEFT JOIN agg_code_month AS s
    ON s.window_days IS NOT NULL AND s.d = w.first_day AND s.code_key = k.code_key
LEFT JOIN agg_placement_recent AS ps
    ON ps.window_from = w.first_day AND ps.placement_key = k.placement_key
LEFT JOIN (
    SELECT window_from, placement_key, any_value(parts) AS parts, any_value(platform) AS platform,
        any_value(band) AS band
    FROM agg_tmp_placement_parts
    GROUP BY window_from, placement_key
) AS pp
    ON pp.window_from = w.first_day AND pp.placement_key = k.placement_key
WHERE w.window_days = 0 OR s.code_key IS NOT NULL OR ps.placement_key IS NOT NULL
ORDER BY w.first_day, k.code;

DROP TABLE agg_tmp_placement_parts;

-- Per-post values whose medians and quantiles the pages show, sorted by measure and
-- value, each with its chunk (agg_fact above): quantiles.py counts a group's values per
-- chunk on agg_fact, then reads the one chunk holding the k-th value here.
CREATE OR REPLACE TABLE agg_value AS
WITH measured AS (
    SELECT 'er_followers' AS measure, er_followers AS value, chunk_er_followers AS chunk, *
    FROM agg_fact WHERE kind = 'post' AND er_followers IS NOT NULL
    UNION ALL
    SELECT 'er_reach', er_reach, chunk_er_reach, *
    FROM agg_fact WHERE kind = 'post' AND er_reach IS NOT NULL
    UNION ALL
    SELECT 'er_views', er_views, chunk_er_views, *
    FROM agg_fact WHERE kind = 'post' AND er_views IS NOT NULL
    UNION ALL
    -- er_by_followers.sql: the median followers of a follower bin
    SELECT 'followers', CAST(followers_at_post AS DOUBLE), chunk_followers, *
    FROM agg_fact WHERE kind = 'post' AND chunk_followers IS NOT NULL
)
SELECT
    measure,
    value,
    chunk,
    d,
    campaign_id,
    brand,
    platform,
    content_type,
    band,
    pband,
    pricing_group,
    niche,
    weekday,
    hour,
    follower_bin
FROM measured
ORDER BY measure, value;

-- How many values of each measure fall in each chunk of agg_value, per calendar month (d =
-- its first day) and what the shared filters and the usual groups read besides campaign,
-- brand and creator: platform, content type, band, placement band and follower bin (the
-- ER by followers chart). A few hundred thousand rows for ten million posts: fast_value_counts.sql counts a period's whole months here when
-- neither its filters nor its groups need what this table leaves out. The same per window
-- of agg_windows (d its first day, window_days its length; NULL on month rows), when the
-- period is one.
CREATE OR REPLACE TABLE agg_value_month AS
WITH keyed AS (
    SELECT CAST(date_trunc('month', d) AS DATE) AS period_start, NULL::SMALLINT AS window_days, *
    FROM agg_value
    UNION ALL
    SELECT w.first_day, w.window_days, v.*
    FROM agg_value AS v
    JOIN agg_windows AS w ON v.d BETWEEN w.first_day AND w.last_day
)
SELECT
    period_start AS d,
    measure,
    platform,
    content_type,
    band,
    pband,
    follower_bin,
    chunk,
    count(*) AS n,
    window_days
FROM keyed
GROUP BY ALL
ORDER BY window_days NULLS FIRST, d, measure;

-- The macros below filter the pre-aggregates as filtered_facts (schema.sql) filters the
-- facts. A scheme's tiers come in as two lists indexed by band + 1: the tier holding
-- each band and that tier's position (campaign_roi/aggregates.py, fast_params).

-- filtered_facts over agg_fact: the same filters, the same columns queries read (tier,
-- placement_tier and their positions), and the stored extras (band, level, weekday,
-- hour, niche, pricing_group, chunks, n).
CREATE OR REPLACE MACRO agg_filtered_facts(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms, content_types, creators
) AS TABLE
SELECT
    f.*,
    band_tiers[f.band + 1] AS tier,
    band_positions[f.band + 1] AS tier_position,
    band_tiers[f.pband + 1] AS placement_tier,
    band_positions[f.pband + 1] AS placement_tier_position
FROM agg_fact AS f
WHERE (date_from IS NULL OR f.d >= date_from)
    AND (date_to IS NULL OR f.d <= date_to)
    AND (campaigns IS NULL OR list_contains(campaigns, f.campaign_id))
    AND (brands IS NULL OR list_contains(brands, f.brand))
    AND (platforms IS NULL OR list_contains(platforms, f.platform))
    AND (content_types IS NULL OR list_contains(content_types, f.content_type))
    AND (creators IS NULL OR list_contains(creators, f.influencer_id));

-- agg_filtered_facts over agg_fact_campaign (its columns only), for a period scoped to
-- `campaigns`, or else to the campaigns of `creators` (agg_placement_info): the scope's
-- row groups only.
CREATE OR REPLACE MACRO agg_scoped_facts(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms, content_types, creators
) AS TABLE
SELECT
    f.*,
    band_tiers[f.band + 1] AS tier,
    band_positions[f.band + 1] AS tier_position,
    band_tiers[f.pband + 1] AS placement_tier,
    band_positions[f.pband + 1] AS placement_tier_position
FROM agg_fact_campaign AS f
WHERE f.campaign_id IN (
        SELECT unnest(campaigns)
        UNION ALL
        SELECT campaign_id
        FROM agg_creator_campaigns
        WHERE campaigns IS NULL AND list_contains(creators, influencer_id)
    )
    AND (date_from IS NULL OR f.d >= date_from)
    AND (date_to IS NULL OR f.d <= date_to)
    AND (brands IS NULL OR list_contains(brands, f.brand))
    AND (platforms IS NULL OR list_contains(platforms, f.platform))
    AND (content_types IS NULL OR list_contains(content_types, f.content_type))
    AND (creators IS NULL OR list_contains(creators, f.influencer_id));

-- The same over agg_cell (no creator: cells do not keep one).
CREATE OR REPLACE MACRO agg_filtered_cells(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms, content_types
) AS TABLE
SELECT
    c.*,
    band_tiers[c.band + 1] AS tier,
    band_positions[c.band + 1] AS tier_position,
    band_tiers[c.pband + 1] AS placement_tier,
    band_positions[c.pband + 1] AS placement_tier_position
FROM agg_cell AS c
WHERE (date_from IS NULL OR c.d >= date_from)
    AND (date_to IS NULL OR c.d <= date_to)
    AND (campaigns IS NULL OR list_contains(campaigns, c.campaign_id))
    AND (brands IS NULL OR list_contains(brands, c.brand))
    AND (platforms IS NULL OR list_contains(platforms, c.platform))
    AND (content_types IS NULL OR list_contains(content_types, c.content_type));

-- agg_filtered_cells for queries that do not read the day: a window's rows of
-- agg_cell_month when the period is one (`recent`: its first day, aggregates.recent_window;
-- NULL: not one), else the period's whole months [months_from, months_to) (aggregates.month_split;
-- NULL: none) from agg_cell_month and the days before and after them from agg_cell (an
-- empty part reads a range past the data, so its row groups are skipped).
CREATE OR REPLACE MACRO agg_period_cells(
    band_tiers, band_positions, date_from, date_to, months_from, months_to, recent,
    campaigns, brands, platforms, content_types
) AS TABLE
SELECT *
FROM agg_filtered_cells(
    band_tiers, band_positions,
    CASE WHEN recent IS NULL THEN date_from ELSE DATE '9999-12-31' END,
    CASE WHEN months_from IS NULL THEN date_to ELSE CAST(months_from AS DATE) - 1 END,
    campaigns, brands, platforms, content_types
)
UNION ALL
SELECT *
FROM agg_filtered_cells(
    band_tiers, band_positions,
    CASE WHEN months_from IS NULL OR recent IS NOT NULL THEN DATE '9999-12-31'
        ELSE CAST(months_to AS DATE) END,
    date_to,
    campaigns, brands, platforms, content_types
)
UNION ALL
SELECT
    m.* EXCLUDE (window_days),
    band_tiers[m.band + 1] AS tier,
    band_positions[m.band + 1] AS tier_position,
    band_tiers[m.pband + 1] AS placement_tier,
    band_positions[m.pband + 1] AS placement_tier_position
FROM agg_cell_month AS m
WHERE ((recent IS NULL AND months_from IS NOT NULL AND m.window_days IS NULL
            AND m.d >= months_from AND m.d < months_to)
        OR (m.window_days IS NOT NULL AND m.d = recent))
    AND (campaigns IS NULL OR list_contains(campaigns, m.campaign_id))
    AND (brands IS NULL OR list_contains(brands, m.brand))
    AND (platforms IS NULL OR list_contains(platforms, m.platform))
    AND (content_types IS NULL OR list_contains(content_types, m.content_type));

-- agg_period_cells for agg_pricing_cell: a window's rows, else the whole months from
-- agg_pricing_cell_month and the days around them from agg_pricing_cell.
CREATE OR REPLACE MACRO agg_period_pricing_cells(
    band_tiers, date_from, date_to, months_from, months_to, recent,
    campaigns, brands, platforms, content_types
) AS TABLE
WITH parts AS (
    SELECT * EXCLUDE (window_days)
    FROM agg_pricing_cell_month AS m
    WHERE ((recent IS NULL AND months_from IS NOT NULL AND m.window_days IS NULL
                AND m.d >= months_from AND m.d < months_to)
            OR (m.window_days IS NOT NULL AND m.d = recent))
    UNION ALL
    SELECT *
    FROM agg_pricing_cell AS c
    WHERE recent IS NULL
        AND (date_from IS NULL OR c.d >= date_from)
        AND (date_to IS NULL OR c.d <= date_to)
        AND (months_from IS NULL OR c.d < months_from OR c.d >= months_to)
)
SELECT p.*, band_tiers[p.band + 1] AS tier
FROM parts AS p
WHERE (campaigns IS NULL OR list_contains(campaigns, p.campaign_id))
    AND (brands IS NULL OR list_contains(brands, p.brand))
    AND (platforms IS NULL OR list_contains(platforms, p.platform))
    AND (content_types IS NULL OR list_contains(content_types, p.content_type));

-- Whether a placement (or facet) active on `days` (NULL: every day from first_day to
-- last_day) has a day in [date_from, date_to] (NULL: open), given that its first and last
-- days do not both fall outside on the same side (the callers' range filters, which prune
-- row groups). Its first or last day in the period settles it; only one that starts before
-- the period and ends after it has its days read.
CREATE OR REPLACE MACRO agg_has_day(first_day, last_day, days, date_from, date_to) AS
    CASE
        WHEN days IS NULL OR date_from IS NULL OR date_to IS NULL
            OR first_day >= date_from OR last_day <= date_to THEN true
        ELSE list_bool_or(list_transform(days, lambda x: x >= date_from AND x <= date_to))
    END;

-- Placement facets with a fact in the period (one of their days in it).
CREATE OR REPLACE MACRO agg_filtered_placements(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms, content_types
) AS TABLE
SELECT
    p.* EXCLUDE (days),
    band_tiers[p.band + 1] AS tier,
    band_positions[p.band + 1] AS tier_position,
    band_tiers[p.pband + 1] AS placement_tier,
    band_positions[p.pband + 1] AS placement_tier_position
FROM agg_placement AS p
WHERE (date_from IS NULL OR p.last_day >= date_from)
    AND (date_to IS NULL OR p.first_day <= date_to)
    AND (campaigns IS NULL OR list_contains(campaigns, p.campaign_id))
    AND (brands IS NULL OR list_contains(brands, p.brand))
    AND (platforms IS NULL OR list_contains(platforms, p.platform))
    AND (content_types IS NULL OR list_contains(content_types, p.content_type))
    AND agg_has_day(p.first_day, p.last_day, p.days, date_from, date_to);

-- Per-post values (agg_value) in the filters.
CREATE OR REPLACE MACRO agg_filtered_values(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms, content_types
) AS TABLE
SELECT
    v.*,
    band_tiers[v.band + 1] AS tier,
    band_positions[v.band + 1] AS tier_position,
    band_tiers[v.pband + 1] AS placement_tier,
    band_positions[v.pband + 1] AS placement_tier_position
FROM agg_value AS v
WHERE (date_from IS NULL OR v.d >= date_from)
    AND (date_to IS NULL OR v.d <= date_to)
    AND (campaigns IS NULL OR list_contains(campaigns, v.campaign_id))
    AND (brands IS NULL OR list_contains(brands, v.brand))
    AND (platforms IS NULL OR list_contains(platforms, v.platform))
    AND (content_types IS NULL OR list_contains(content_types, v.content_type));

-- Placements (all facets together) with a fact in the period, for the campaign and
-- brand filters only (agg_placement_all).
CREATE OR REPLACE MACRO agg_filtered_placements_all(date_from, date_to, campaigns, brands) AS TABLE
SELECT p.* EXCLUDE (days)
FROM agg_placement_all AS p
WHERE (date_from IS NULL OR p.last_day >= date_from)
    AND (date_to IS NULL OR p.first_day <= date_to)
    AND (campaigns IS NULL OR list_contains(campaigns, p.campaign_id))
    AND (brands IS NULL OR list_contains(brands, p.brand))
    AND agg_has_day(p.first_day, p.last_day, p.days, date_from, date_to);

-- Each placement facet with a fact in the period and its sums over the period. With
-- `whole` (a long period: campaign_roi/aggregates.py, whole_facets) a facet's sums are
-- its totals in agg_placement less its rows of agg_fact outside the period (few, and in
-- row groups of their own days); without, its rows in the period summed again.
CREATE OR REPLACE MACRO agg_facet_sums(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms,
    content_types, tiers, whole
) AS TABLE
WITH facets AS (
    SELECT *
    FROM agg_filtered_placements(
        band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms,
        content_types
    )
    WHERE whole AND (tiers IS NULL OR list_contains(tiers, tier))
),

-- the facts each facet's sums are taken over: those outside the period (`whole`,
-- subtracted) or those in it (not `whole`, the sums themselves)
picked AS (
    SELECT f.*
    FROM agg_filtered_facts(
        band_tiers, band_positions,
        CASE WHEN whole THEN NULL ELSE date_from END,
        CASE WHEN whole THEN NULL ELSE date_to END,
        campaigns, brands, platforms, content_types, NULL
    ) AS f
    WHERE f.influencer_id IS NOT NULL
        AND (tiers IS NULL OR list_contains(tiers, f.tier))
        AND (NOT whole OR (date_from IS NOT NULL AND f.d < date_from)
            OR (date_to IS NOT NULL AND f.d > date_to))
),

summed AS (
    SELECT
        placement_key,
        influencer_id,
        campaign_id,
        brand,
        platform,
        content_type,
        band,
        pband,
        pricing_group,
        niche,
        code,
        tier,
        tier_position,
        placement_tier,
        placement_tier_position,
        sum(posts) AS posts,
        count(engagements) AS engaged_posts,
        sum(engagements) AS engagements,
        sum(spend) AS spend,
        sum(commission) AS commission,
        sum(revenue) AS revenue,
        sum(orders) AS orders,
        sum(refunded_orders) AS refunded_orders,
        sum(refunded_revenue) AS refunded_revenue
    FROM picked
    GROUP BY ALL
)

SELECT
    f.placement_key, f.influencer_id, f.campaign_id, f.brand, f.platform, f.content_type,
    f.band, f.pband, f.pricing_group, f.niche, f.code, f.tier, f.tier_position,
    f.placement_tier, f.placement_tier_position,
    f.posts - coalesce(o.posts, 0) AS posts,
    CASE WHEN f.engaged_posts - coalesce(o.engaged_posts, 0) > 0
        THEN f.engagements - coalesce(o.engagements, 0) END AS engagements,
    f.spend - coalesce(o.spend, 0) AS spend,
    f.commission - coalesce(o.commission, 0) AS commission,
    f.revenue - coalesce(o.revenue, 0) AS revenue,
    f.orders - coalesce(o.orders, 0) AS orders,
    f.refunded_orders - coalesce(o.refunded_orders, 0) AS refunded_orders,
    f.refunded_revenue - coalesce(o.refunded_revenue, 0) AS refunded_revenue
FROM facets AS f
LEFT JOIN summed AS o
    ON o.placement_key = f.placement_key
    AND o.platform IS NOT DISTINCT FROM f.platform
    AND o.content_type IS NOT DISTINCT FROM f.content_type
    AND o.band IS NOT DISTINCT FROM f.band
    AND o.code IS NOT DISTINCT FROM f.code
UNION ALL BY NAME
SELECT * EXCLUDE (engaged_posts)
FROM summed
WHERE NOT whole;

-- The facts of placements in the filters from date_from to date_to (NULL: open), with
-- the columns agg_period_facts gives (engaged_posts: 1 for a post with engagements).
CREATE OR REPLACE MACRO agg_placement_days(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms,
    content_types
) AS TABLE
SELECT
    placement_key, influencer_id, campaign_id, brand, platform, band, tier, posts,
    CASE WHEN engagements IS NULL THEN 0 ELSE 1 END AS engaged_posts,
    engagements, spend, commission, revenue, orders, refunded_orders, refunded_revenue
FROM agg_filtered_facts(
    band_tiers, band_positions, date_from, date_to, campaigns, brands, platforms,
    content_types, NULL
)
WHERE influencer_id IS NOT NULL;

-- The first Monday on or after `lo`, and the Monday after the last Sunday on or before
-- `hi` (NULL: open): [agg_week_from, agg_week_to) are the whole weeks inside [lo, hi]
-- when the first is before the second.
CREATE OR REPLACE MACRO agg_week_from(lo) AS
    coalesce(lo, DATE '0001-01-01')
    + CAST((8 - isodow(coalesce(lo, DATE '0001-01-01'))) % 7 AS INTEGER);

CREATE OR REPLACE MACRO agg_week_to(hi) AS
    coalesce(hi, DATE '9999-12-31') + 1
    - CAST(isodow(coalesce(hi, DATE '9999-12-31')) % 7 AS INTEGER);

-- The facts of placements in the filters from lo to hi (NULL: open) as agg_period_facts
-- gives them: the whole weeks inside from agg_placement_week, the days around them from
-- agg_fact; with a content type filter (the weeks keep none) every day from agg_fact.
CREATE OR REPLACE MACRO agg_placement_span(
    band_tiers, band_positions, lo, hi, campaigns, brands, platforms, content_types
) AS TABLE
SELECT *
FROM agg_placement_days(
    band_tiers, band_positions,
    lo,
    CASE WHEN content_types IS NULL AND agg_week_from(lo) < agg_week_to(hi)
        THEN agg_week_from(lo) - 1 ELSE hi END,
    campaigns, brands, platforms, content_types
)
UNION ALL
SELECT *
FROM agg_placement_days(
    band_tiers, band_positions,
    CASE WHEN content_types IS NULL AND agg_week_from(lo) < agg_week_to(hi)
        THEN agg_week_to(hi) ELSE DATE '9999-12-31' END,
    hi,
    campaigns, brands, platforms, content_types
)
UNION ALL
SELECT
    w.placement_key, w.influencer_id, w.campaign_id, w.brand, w.platform, w.band,
    band_tiers[w.band + 1] AS tier, w.posts, w.engaged_posts, w.engagements, w.spend,
    w.commission, w.revenue, w.orders, w.refunded_orders, w.refunded_revenue
FROM agg_placement_week AS w
WHERE content_types IS NULL
    AND w.d >= agg_week_from(lo)
    AND w.d < agg_week_to(hi)
    AND (campaigns IS NULL OR list_contains(campaigns, w.campaign_id))
    AND (brands IS NULL OR list_contains(brands, w.brand))
    AND (platforms IS NULL OR list_contains(platforms, w.platform));

-- A period's facts of placements in the filters, for queries that sum them per
-- placement, code or creator: its whole months [months_from, months_to) from
-- agg_placement_month, the spans before and after them by week and day
-- (agg_placement_span). The months come from aggregates.month_split (NULL: none, the
-- whole period by week and day), which counts an end beyond the data as open. With a
-- content type filter every day comes from agg_fact.
-- Columns: the placement, its filter attributes, tier and sums (engaged_posts: posts
-- with engagements).
CREATE OR REPLACE MACRO agg_period_facts(
    band_tiers, band_positions, date_from, date_to, months_from, months_to, campaigns,
    brands, platforms, content_types
) AS TABLE
SELECT *
FROM agg_placement_span(
    band_tiers, band_positions,
    date_from,
    CASE WHEN months_from IS NULL OR content_types IS NOT NULL THEN date_to
        ELSE CAST(months_from AS DATE) - 1 END,
    campaigns, brands, platforms, content_types
)
UNION ALL
SELECT *
FROM agg_placement_span(
    band_tiers, band_positions,
    CASE WHEN months_from IS NULL OR content_types IS NOT NULL THEN DATE '9999-12-31'
        ELSE CAST(months_to AS DATE) END,
    date_to,
    campaigns, brands, platforms, content_types
)
UNION ALL
SELECT
    m.placement_key, m.influencer_id, m.campaign_id, m.brand, m.platform, m.band,
    band_tiers[m.band + 1] AS tier, m.posts, m.engaged_posts, m.engagements, m.spend,
    m.commission, m.revenue, m.orders, m.refunded_orders, m.refunded_revenue
FROM agg_placement_month AS m
WHERE months_from IS NOT NULL
    AND content_types IS NULL
    AND m.d >= months_from
    AND m.d < months_to
    AND (campaigns IS NULL OR list_contains(campaigns, m.campaign_id))
    AND (brands IS NULL OR list_contains(brands, m.brand))
    AND (platforms IS NULL OR list_contains(platforms, m.platform));

-- A period's orders per code and month (agg_code_month) or day (the days around the whole
-- months [months_from, months_to), from agg_fact), split as agg_period_facts splits them.
-- No filter: an order's attributes are its code's (agg_code), so callers filter the codes.
-- (A period that is a window of agg_windows reads that window's rows of agg_code_month
-- instead: fast_code_results.sql.)
CREATE OR REPLACE MACRO agg_period_codes(date_from, date_to, months_from, months_to) AS TABLE
SELECT * EXCLUDE (d)
FROM agg_code_days(
    date_from, CASE WHEN months_from IS NULL THEN date_to ELSE CAST(months_from AS DATE) - 1 END
)
UNION ALL
SELECT * EXCLUDE (d)
FROM agg_code_days(
    CASE WHEN months_from IS NULL THEN DATE '9999-12-31' ELSE CAST(months_to AS DATE) END, date_to
)
UNION ALL
SELECT
    code_key, orders, revenue, commission, refunded_orders, refunded_revenue, late_orders,
    first_order_day, last_order_day
FROM agg_code_month
WHERE window_days IS NULL AND months_from IS NOT NULL AND d >= months_from AND d < months_to;

-- What quantiles.group_quantiles answers over each window of agg_windows with no filter,
-- for the groupings the pages ask (campaign_roi/quantile_store.py fills it after this
-- script, keyed by quantiles.stored_request): read instead of counting and picking values.
CREATE OR REPLACE TABLE agg_quantile_store (
    window_from DATE,
    request VARCHAR,
    answer VARCHAR
);
