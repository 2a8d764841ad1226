-- The trend of per-post ER against followers: least squares of log10(ER) on
-- log10(followers), i.e. ER = 10^intercept * followers^slope.
-- Grain: one row. Only posts with ER > 0 enter (log of 0 is undefined); how many
-- were left out for that is returned too, so the chart can say so.
WITH post_ers AS (
    SELECT followers_at_post AS followers, er_followers AS er
    FROM filtered_facts(
        $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE kind = 'post'
        AND er_followers IS NOT NULL
        AND followers_at_post > 0
        AND ($tiers IS NULL OR list_contains($tiers, tier))
)

SELECT
    regr_slope(log10(er), log10(followers)) FILTER (WHERE er > 0) AS slope,
    regr_intercept(log10(er), log10(followers)) FILTER (WHERE er > 0) AS intercept,
    regr_r2(log10(er), log10(followers)) FILTER (WHERE er > 0) AS r2,
    count(*) FILTER (WHERE er > 0) AS posts,
    count(*) FILTER (WHERE er = 0) AS zero_er_posts,
    min(followers) FILTER (WHERE er > 0) AS min_followers,
    max(followers) FILTER (WHERE er > 0) AS max_followers
FROM post_ers
