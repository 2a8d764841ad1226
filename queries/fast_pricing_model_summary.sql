-- pricing_model_summary.sql read from the pre-aggregates: the sums from agg_pricing_cell
-- (a window's or whole months' from agg_pricing_cell_month), each fact already in its
-- placement's pricing group (decided as pricing_model_summary.sql decides it), so the
-- sums need no join; placements come from agg_placement and typical_er (NULL here) from
-- campaign_roi/quantiles.py. Grain and order as pricing_model_summary.sql.
WITH grouped AS (
    SELECT c.*, c.pricing_group AS group_key
    FROM agg_period_pricing_cells(
        $band_tiers, $date_from, $date_to, $months_from, $months_to, $recent,
        $campaigns, $brands, $platforms, $content_types
    ) AS c
    WHERE $tiers IS NULL OR list_contains($tiers, c.tier)
),

placement_counts AS (
    SELECT
        pricing_group AS group_key,
        count(DISTINCT placement_key) AS placements
    FROM agg_filtered_placements(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types
    )
    WHERE $tiers IS NULL OR list_contains($tiers, tier)
    GROUP BY pricing_group
),

sums AS (
    SELECT
        group_key,
        sum(posts) AS posts,
        sum(posts_without_engagement) AS posts_without_engagement,
        sum(engagements) AS engagements,
        NULL::DOUBLE AS typical_er,
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
        sum(revenue) AS revenue
    FROM grouped
    GROUP BY group_key
),

with_cost AS (
    SELECT s.*, coalesce(p.placements, 0) AS placements, s.spend + s.commission AS cost
    FROM sums AS s
    LEFT JOIN placement_counts AS p ON p.group_key IS NOT DISTINCT FROM s.group_key
)

SELECT
    group_key,
    group_key AS group_label,
    posts,
    placements,
    posts_without_engagement,
    engagements,
    typical_er,
    engagements / nullif(engaged_followers, 0) AS pooled_er,
    impressions,
    views,
    clicks,
    posts_with_impressions / nullif(posts, 0) AS impressions_coverage,
    posts_with_views / nullif(posts, 0) AS views_coverage,
    posts_with_clicks / nullif(posts, 0) AS clicks_coverage,
    spend,
    overhead_spend,
    commission,
    cost,
    cost / nullif(engagements, 0) AS cpe,
    cost / nullif(impressions, 0) * 1000 AS cpm,
    cost / nullif(views, 0) AS cpv,
    cost / nullif(clicks, 0) AS cpc,
    cost / nullif(orders, 0) AS cpa,
    cost / nullif(posts, 0) AS cost_per_post,
    orders,
    revenue,
    revenue / nullif(cost, 0) AS roas,
    (revenue - cost) / nullif(cost, 0) AS roi
FROM with_cost
ORDER BY
    group_key IS NULL,
    group_key IN ('mixed', 'not stated', 'no spend'),
    group_key
