-- content_breakdown.sql read from the pre-aggregates: the same groups, sums and order.
-- By niche from the period's cells (the CTE period_cells, aggregates.run_on_cells: a
-- window's or whole months' rows, the days around them), which keep the creator's niche. By weekday or hour of posting,
-- the posts and the spend tied to them from agg_fact, which keeps each post's; the rest
-- (orders, spend on a placement or a campaign) has no post time and makes the
-- unattributed group, from the cells. typical_er comes back NULL and is filled in by
-- campaign_roi/quantiles.py. Grain: one row per group, the unattributed group (NULL) last.
WITH posted AS (
    -- posts and the spend tied to them, by weekday or hour as stored (a number: quicker to
    -- group by than its text); they carry no orders, revenue or commission
    SELECT
        CASE $dimension WHEN 'weekday' THEN weekday WHEN 'hour' THEN hour END AS number_key,
        sum(posts) AS posts,
        count(er_followers) AS posts_with_er,
        sum(engagements) AS engagements,
        sum(spend) AS spend
    FROM agg_filtered_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
        $content_types, $creators
    )
    WHERE $dimension <> 'niche'
        AND kind IN ('post', 'spend')
        AND (kind = 'post' OR level = 'post')
        AND ($tiers IS NULL OR list_contains($tiers, tier))
    GROUP BY number_key
),

keyed AS (
    SELECT
        CASE WHEN $dimension = 'niche' THEN niche END AS group_key,
        posts,
        posts_with_er,
        engagements,
        spend,
        commission,
        orders,
        revenue
    FROM period_cells
    WHERE ($tiers IS NULL OR list_contains($tiers, tier))
        AND ($dimension = 'niche' OR NOT (kind = 'post' OR (kind = 'spend' AND level = 'post')))
    UNION ALL
    SELECT CAST(number_key AS VARCHAR), posts, posts_with_er, engagements, spend, 0, 0, 0
    FROM posted
),

sums AS (
    SELECT
        group_key,
        sum(posts) AS posts,
        sum(posts_with_er) AS posts_with_er,
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
