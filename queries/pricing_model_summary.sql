-- The cost figures of summary.sql grouped by pricing model (METRICS.md, Cost and Ratios).
-- Pricing model is a property of spend rows, not of posts, so it is given to whole
-- placements (creator x campaign) and everything of a placement counts under it:
--   the one pricing_model its spend rows name (rows naming none, such as paid ads
--   behind a post, do not count against it); 'mixed' when they name several;
--   'not stated' when it has spend but no row names a model; 'no spend' when it has
--   no spend row at all. Decided over all its spend rows, whatever the date filter:
--   a deal does not change with the period looked at.
-- Grain: one row per pricing model, then a row with group_key NULL for campaign
-- overhead (no placement), so the rows add up to summary.sql's total.
-- Ratios are ratios of sums; a zero or unknown denominator gives NULL ("no value").
WITH spend_placements AS (
    SELECT
        coalesce(p.influencer_id, s.influencer_id) AS influencer_id,
        s.campaign_id,
        s.pricing_model
    FROM spend AS s
    LEFT JOIN posts AS p ON p.post_id = s.post_id
    WHERE coalesce(p.influencer_id, s.influencer_id) IS NOT NULL
),

placement_models AS (
    SELECT
        influencer_id,
        campaign_id,
        count(DISTINCT pricing_model) AS models,
        min(pricing_model) AS model
    FROM spend_placements
    GROUP BY influencer_id, campaign_id
),

grouped AS (
    SELECT
        f.*,
        CASE
            WHEN f.influencer_id IS NULL THEN NULL
            WHEN m.influencer_id IS NULL THEN 'no spend'
            WHEN m.models = 0 THEN 'not stated'
            WHEN m.models = 1 THEN m.model
            ELSE 'mixed'
        END AS group_key
    FROM filtered_facts(
        $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    ) AS f
    LEFT JOIN placement_models AS m
        ON m.influencer_id = f.influencer_id AND m.campaign_id = f.campaign_id
    WHERE $tiers IS NULL OR list_contains($tiers, f.tier)
),

sums AS (
    SELECT
        group_key,
        sum(posts) AS posts,
        count(DISTINCT struct_pack(i := influencer_id, c := campaign_id))
            FILTER (WHERE influencer_id IS NOT NULL) AS placements,
        count(*) FILTER (WHERE kind = 'post' AND engagements IS NULL) AS posts_without_engagement,
        sum(engagements) AS engagements,
        median(er_followers) AS typical_er,
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
    FROM grouped
    GROUP BY group_key
),

with_cost AS (
    SELECT *, spend + commission AS cost
    FROM sums
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
