-- summary.sql read from the pre-aggregates (data/aggregates.sql): the additive figures
-- from agg_cell (a window's from agg_cell_month), placements from agg_placement, the same
-- grouping, filters and final figures as summary.sql. The medians (typical_er,
-- typical_er_reach, typical_er_views) come back NULL here and are filled in by
-- campaign_roi/quantiles.py. Not for grouping by creator (cells keep no creator):
-- metrics.summary reads agg_fact for that. The placements per group come from the CTE
-- placement_counts that metrics.summary puts in front (db.compose): the general
-- fast_placement_counts.sql, or one of its cheaper twins when the period and filters
-- allow (fast_placement_counts_whole.sql, _window.sql, _platform.sql); the period's cells
-- from the CTE period_cells (aggregates.run_on_cells). With $with_total (by campaign or
-- brand), a last row with is_total holds summary("all")'s figures (with_cost below).
WITH filtered AS (
    SELECT *
    FROM period_cells
),

grouped AS (
    SELECT
        *,
        CASE $by
            WHEN 'all' THEN 'all'
            WHEN 'tier' THEN tier
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
        END AS group_key,
        -- an optional second grouping, for cross tables such as tier x platform
        CASE $then_by
            WHEN 'none' THEN ''
            WHEN 'tier' THEN tier
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
        END AS group_key2
    FROM filtered
    WHERE $tiers IS NULL OR list_contains($tiers, tier)
),

-- the cells summed per group first, then each group's placement count joined on (joining
-- every cell row to the counts before summing cost up to 9 ms a call at 10M posts)
cell_sums AS (
    SELECT
        g.group_key,
        g.group_key2,
        min(g.tier_position) AS tier_position,
        sum(g.posts) AS posts,
        sum(g.posts_without_engagement) AS posts_without_engagement,
        sum(g.engagements) AS engagements,
        NULL::DOUBLE AS typical_er,
        NULL::DOUBLE AS typical_er_reach,
        NULL::DOUBLE AS typical_er_views,
        sum(g.engaged_followers) AS engaged_followers,
        sum(g.impressions) AS impressions,
        sum(g.reach) AS reach,
        sum(g.views) AS views,
        sum(g.clicks) AS clicks,
        sum(g.posts_with_impressions) AS posts_with_impressions,
        sum(g.posts_with_reach) AS posts_with_reach,
        sum(g.posts_with_views) AS posts_with_views,
        sum(g.posts_with_clicks) AS posts_with_clicks,
        sum(g.spend) AS spend,
        sum(g.overhead_spend) AS overhead_spend,
        sum(g.commission) AS commission,
        sum(g.orders) AS orders,
        sum(g.revenue) AS revenue,
        sum(g.refunded_orders) AS refunded_orders,
        sum(g.refunded_revenue) AS refunded_revenue
    FROM grouped AS g
    GROUP BY g.group_key, g.group_key2
),

sums AS (
    SELECT s.*, coalesce(p.placements, 0) AS placements
    FROM cell_sums AS s
    LEFT JOIN placement_counts AS p
        ON p.group_key IS NOT DISTINCT FROM s.group_key
        AND p.group_key2 IS NOT DISTINCT FROM s.group_key2
),

with_cost AS (
    SELECT *, spend + commission AS cost, FALSE AS is_total
    FROM sums
    UNION ALL BY NAME
    -- every group's sums added up, when asked ($with_total): summary("all")'s row beside
    -- the groups', from the same cells in one statement (metrics.summary_with_total: the
    -- Overview's totals and campaigns). The sums are exact (HUGEINT, DECIMAL), so the
    -- groups' add up to the period's own; a placement is one campaign's and one brand's,
    -- so the groups' placements add up to the period's (only by campaign or brand).
    SELECT
        'all' AS group_key,
        '' AS group_key2,
        sum(posts) AS posts,
        sum(posts_without_engagement) AS posts_without_engagement,
        sum(engagements) AS engagements,
        NULL::DOUBLE AS typical_er,
        NULL::DOUBLE AS typical_er_reach,
        NULL::DOUBLE AS typical_er_views,
        sum(engaged_followers) AS engaged_followers,
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
        sum(placements) AS placements,
        sum(spend) + sum(commission) AS cost,
        TRUE AS is_total
    FROM sums
    WHERE $with_total AND $by IN ('campaign', 'brand') AND $then_by = 'none'
    HAVING count(*) > 0
)

SELECT
    w.group_key,
    CASE
        WHEN w.is_total THEN w.group_key
        WHEN $by = 'campaign' THEN c.name
        WHEN $by = 'creator' THEN i.handle
        ELSE w.group_key
    END AS group_label,
    w.group_key2,
    w.posts,
    w.placements,
    w.posts_without_engagement,
    w.engagements,
    w.typical_er,
    w.engagements / nullif(w.engaged_followers, 0) AS pooled_er,
    w.typical_er_reach,
    w.typical_er_views,
    w.impressions,
    w.reach,
    w.views,
    w.clicks,
    w.posts_with_impressions / nullif(w.posts, 0) AS impressions_coverage,
    w.posts_with_reach / nullif(w.posts, 0) AS reach_coverage,
    w.posts_with_views / nullif(w.posts, 0) AS views_coverage,
    w.posts_with_clicks / nullif(w.posts, 0) AS clicks_coverage,
    w.spend,
    w.overhead_spend,
    w.commission,
    w.cost,
    w.cost / nullif(w.engagements, 0) AS cpe,
    w.cost / nullif(w.impressions, 0) * 1000 AS cpm,
    w.cost / nullif(w.views, 0) AS cpv,
    w.cost / nullif(w.clicks, 0) AS cpc,
    w.cost / nullif(w.orders, 0) AS cpa,
    w.cost / nullif(w.posts, 0) AS cost_per_post,
    w.orders,
    w.revenue,
    w.refunded_orders,
    w.refunded_revenue,
    w.orders / nullif(w.clicks, 0) AS conversion_rate,
    w.revenue / nullif(w.cost, 0) AS roas,
    (w.revenue - w.cost) / nullif(w.cost, 0) AS roi,
    (w.revenue * $gross_margin - w.cost) / nullif(w.cost, 0) AS profit_roi,
    w.is_total
FROM with_cost AS w
LEFT JOIN campaigns AS c ON $by = 'campaign' AND c.campaign_id = w.group_key
LEFT JOIN influencers AS i ON $by = 'creator' AND i.influencer_id = w.group_key
ORDER BY
    w.is_total,
    w.group_key IS NULL,
    CASE WHEN $by = 'tier' THEN w.tier_position END,
    w.group_key,
    CASE WHEN $then_by = 'tier' THEN w.tier_position END,
    w.group_key2
