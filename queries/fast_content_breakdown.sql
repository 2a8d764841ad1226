-- content_breakdown.sql read from agg_fact, which keeps each fact's niche and its post's
-- weekday and hour: the same groups, sums and order. typical_er comes back NULL and is
-- filled in by campaign_roi/quantiles.py. Grain: one row per group, the unattributed
-- group (NULL) last.
WITH keyed AS (
    SELECT
        *,
        CASE $dimension
            WHEN 'niche' THEN niche
            WHEN 'weekday' THEN CAST(weekday AS VARCHAR)
            WHEN 'hour' THEN CAST(hour AS VARCHAR)
        END AS group_key
    FROM agg_filtered_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE $tiers IS NULL OR list_contains($tiers, tier)
),

sums AS (
    SELECT
        group_key,
        sum(posts) AS posts,
        count(er_followers) AS posts_with_er,
        NULL::DOUBLE AS typical_er,
        sum(engagements) AS engagements,
        sum(spend) + sum(commission) AS cost,
        sum(orders) AS orders,
        sum(revenue) AS revenue
    FROM keyed
    GROUP BY group_key
)

SELECT
    group_key,
    posts,
    posts_with_er,
    typical_er,
    engagements,
    cost,
    cost / nullif(engagements, 0) AS cpe,
    orders,
    revenue
FROM sums
ORDER BY group_key IS NULL, try_cast(group_key AS INTEGER), group_key
