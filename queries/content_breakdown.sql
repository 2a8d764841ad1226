-- Typical ER and CPE by niche, weekday or hour of posting ($dimension), with post counts
-- so thin cells are not over-read (campaign_roi/content.py). Content type and platform
-- come from summary.sql itself.
-- Niche is the creator's: every fact of a creator (posts, placement and post spend,
-- commission, orders) counts under it, a creator with no niche under 'not stated'.
-- Weekday (ISO: 1 = Monday) and hour are the post's, as recorded in posted_at: only
-- posts and spend tied to a post have them. What a grouping cannot attribute (campaign
-- overhead; for weekday and hour also placement spend and commission) is the last row,
-- group_key NULL, as in summary.sql, so the rows add up to the total cost.
-- Cost = spend + accrued commission; CPE = cost / engagements; typical ER = median
-- per-post ER by followers (METRICS.md).
WITH filtered AS (
    SELECT *
    FROM filtered_facts(
        $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE $tiers IS NULL OR list_contains($tiers, tier)
),

keyed AS (
    SELECT
        f.*,
        CASE $dimension
            WHEN 'niche' THEN
                CASE WHEN f.influencer_id IS NOT NULL THEN coalesce(i.niche, 'not stated') END
            WHEN 'weekday' THEN CAST(isodow(p.posted_at) AS VARCHAR)
            WHEN 'hour' THEN CAST(hour(p.posted_at) AS VARCHAR)
        END AS group_key
    FROM filtered AS f
    LEFT JOIN posts AS p ON p.post_id = f.post_id
    LEFT JOIN influencers AS i ON i.influencer_id = f.influencer_id
),

sums AS (
    SELECT
        group_key,
        sum(posts) AS posts,
        count(er_followers) AS posts_with_er,
        median(er_followers) AS typical_er,
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
