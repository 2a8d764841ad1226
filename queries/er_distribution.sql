-- The per-post ER-by-followers distribution of each post tier, summarised in the
-- database: a box plot needs five numbers per tier, not every post (10M posts must
-- never travel to the browser).
-- Grain: one row per tier that has posts with engagement data in the filters.
-- ER by followers = engagements / followers_at_post (METRICS.md, Engagement); posts
-- without engagement data or with 0 followers have no ER and are left out.
-- median is DuckDB's median (the mean of the middle two when even), the very
-- aggregate summary.sql calls typical ER, so the box's median is the typical ER.
-- Quartiles and the 5th/95th percentile whiskers interpolate (quantile_cont).
WITH post_ers AS (
    SELECT tier, tier_position, er_followers AS er, engagements, followers_at_post
    FROM filtered_facts(
        $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE kind = 'post'
        AND er_followers IS NOT NULL
        AND ($tiers IS NULL OR list_contains($tiers, tier))
)

SELECT
    tier,
    count(*) AS posts,
    min(er) AS min_er,
    quantile_cont(er, 0.05) AS p05,
    quantile_cont(er, 0.25) AS q1,
    median(er) AS median,
    quantile_cont(er, 0.75) AS q3,
    quantile_cont(er, 0.95) AS p95,
    max(er) AS max_er,
    -- posts at ER 0 cannot sit on a log axis; the chart says how many there are
    count(*) FILTER (WHERE er = 0) AS zero_er_posts,
    -- pooled ER, shown beside the typical ER and labelled as pooled
    sum(engagements) / nullif(sum(followers_at_post), 0) AS pooled_er
FROM post_ers
GROUP BY tier
ORDER BY min(tier_position)
