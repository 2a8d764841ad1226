-- er_trend.sql from the sums agg_cell keeps for it: the least squares of log10(ER) on
-- log10(followers) over posts with ER > 0, as DuckDB's regr_slope, regr_intercept and
-- regr_r2 give it (no spread in followers: no slope; no spread in ER: R² 1).
-- The period's cells come from the CTE period_cells (aggregates.run_on_cells).
-- Grain: one row.
WITH sums AS (
    SELECT
        coalesce(sum(trend_posts), 0) AS posts,
        coalesce(sum(trend_zero_posts), 0) AS zero_er_posts,
        sum(trend_x) AS sx,
        sum(trend_y) AS sy,
        sum(trend_xx) AS sxx,
        sum(trend_yy) AS syy,
        sum(trend_xy) AS sxy,
        min(trend_min_followers) AS min_followers,
        max(trend_max_followers) AS max_followers,
        min(trend_min_er) AS min_er,
        max(trend_max_er) AS max_er
    FROM period_cells
    WHERE kind = 'post'
        AND ($tiers IS NULL OR list_contains($tiers, tier))
),

spreads AS (
    SELECT
        *,
        sxx - sx * sx / posts AS sxx_c,
        sxy - sx * sy / posts AS sxy_c,
        syy - sy * sy / posts AS syy_c
    FROM sums
)

SELECT
    CASE
        WHEN posts = 0 THEN NULL
        WHEN min_followers = max_followers THEN 'NaN'::DOUBLE
        ELSE sxy_c / sxx_c
    END AS slope,
    CASE
        WHEN posts = 0 OR min_followers = max_followers THEN NULL
        ELSE sy / posts - sxy_c / sxx_c * sx / posts
    END AS intercept,
    CASE
        WHEN posts = 0 OR min_followers = max_followers THEN NULL
        WHEN min_er = max_er THEN 1.0
        ELSE sxy_c * sxy_c / (sxx_c * syy_c)
    END AS r2,
    posts,
    zero_er_posts,
    min_followers,
    max_followers
FROM spreads
