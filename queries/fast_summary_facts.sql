-- summary.sql read from agg_fact (data/aggregates.sql) instead of the facts view: the same
-- statement over agg_filtered_facts, for what agg_cell cannot answer (a creator grouping
-- or filter). Orders there are summed per day and code; summary.sql counts no order rows.
-- Scoped to campaigns or creators, from the copy sorted by campaign (agg_scoped_facts:
-- the columns read here only; BY NAME leaves the others empty, so a column this query
-- starts to read must be added to agg_fact_campaign too, or the scoped figures come out
-- empty: tests/test_aggregates.py's creator filters compare them with the views').
WITH filtered AS (
    SELECT *
    FROM agg_scoped_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE $campaigns IS NOT NULL OR $creators IS NOT NULL
    UNION ALL BY NAME
    SELECT *
    FROM agg_filtered_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE $campaigns IS NULL AND $creators IS NULL
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
            WHEN 'creator' THEN influencer_id
        END AS group_key,
        -- an optional second grouping, for cross tables such as tier x platform
        CASE $then_by
            WHEN 'none' THEN ''
            WHEN 'tier' THEN tier
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
            WHEN 'creator' THEN influencer_id
        END AS group_key2
    FROM filtered
    WHERE $tiers IS NULL OR list_contains($tiers, tier)
),

sums AS (
    SELECT
        group_key,
        group_key2,
        min(tier_position) AS tier_position,
        sum(posts) AS posts,
        -- by tier, a placement counts in its placement tier only (METRICS.md, Tiers)
        count(DISTINCT struct_pack(i := influencer_id, c := campaign_id))
            FILTER (WHERE influencer_id IS NOT NULL AND ($by <> 'tier' OR placement_tier = tier))
            AS placements,
        count(*) FILTER (WHERE kind = 'post' AND engagements IS NULL) AS posts_without_engagement,
        sum(engagements) AS engagements,
        -- typical ER: the median of per-post ERs (mean of the middle two when even)
        median(er_followers) AS typical_er,
        median(er_reach) AS typical_er_reach,
        median(er_views) AS typical_er_views,
        sum(followers_at_post) FILTER (WHERE engagements IS NOT NULL) AS engaged_followers,
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
        sum(refunded_revenue) AS refunded_revenue
    FROM grouped
    GROUP BY group_key, group_key2
),

with_cost AS (
    SELECT *, spend + commission AS cost
    FROM sums
),

-- creators' handles: scoped to campaigns, from those campaigns' placements (their row
-- groups of agg_placement_info only; joining every creator took 20-35 ms a call at
-- 500k creators), else from the creators
handles AS (
    SELECT influencer_id, any_value(handle) AS handle
    FROM agg_placement_info
    WHERE $by = 'creator' AND $campaigns IS NOT NULL AND list_contains($campaigns, campaign_id)
    GROUP BY influencer_id
    UNION ALL
    SELECT influencer_id, handle
    FROM influencers
    WHERE $by = 'creator' AND $campaigns IS NULL
)

SELECT
    w.group_key,
    CASE $by
        WHEN 'campaign' THEN c.name
        WHEN 'creator' THEN i.handle
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
    (w.revenue * $gross_margin - w.cost) / nullif(w.cost, 0) AS profit_roi
FROM with_cost AS w
LEFT JOIN campaigns AS c ON $by = 'campaign' AND c.campaign_id = w.group_key
LEFT JOIN handles AS i ON i.influencer_id = w.group_key
ORDER BY
    w.group_key IS NULL,
    CASE WHEN $by = 'tier' THEN w.tier_position END,
    w.group_key,
    CASE WHEN $then_by = 'tier' THEN w.tier_position END,
    w.group_key2
