-- er_distribution.sql's counts, extremes and pooled ER per post tier, from agg_cell; the
-- quartiles and whiskers come from campaign_roi/quantiles.py (NULL here).
-- The period's cells come from the CTE period_cells (aggregates.run_on_cells).
-- Grain: one row per tier that has posts with engagement data in the filters.
SELECT
    tier,
    sum(posts_with_er) AS posts,
    min(min_er) AS min_er,
    NULL::DOUBLE AS p05,
    NULL::DOUBLE AS q1,
    NULL::DOUBLE AS median,
    NULL::DOUBLE AS q3,
    NULL::DOUBLE AS p95,
    max(max_er) AS max_er,
    sum(zero_er_posts) AS zero_er_posts,
    sum(er_engagements) / nullif(sum(er_followers_sum), 0) AS pooled_er
FROM period_cells
WHERE kind = 'post'
    AND ($tiers IS NULL OR list_contains($tiers, tier))
GROUP BY tier
HAVING sum(posts_with_er) > 0
ORDER BY min(tier_position)
