-- Per-post ER by followers against followers_at_post, aggregated into log-spaced
-- follower bins so the chart gets a few dozen points whatever the number of posts.
-- Grain: one row per bin that holds posts with engagement data in the filters.
-- Bins are quarter decades: bin k holds followers in [10^(k/4), 10^((k+1)/4)), so
-- every power of ten (the default tier edges) is a bin edge. The 1e-9 keeps exact
-- powers of ten in their own bin despite floating-point log10.
-- Posts with 0 followers have no ER and are left out.
WITH post_ers AS (
    SELECT
        followers_at_post AS followers,
        er_followers AS er,
        CAST(floor(log10(followers_at_post) * 4 + 1e-9) AS INTEGER) AS bin
    FROM filtered_facts(
        $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE kind = 'post'
        AND er_followers IS NOT NULL
        AND followers_at_post > 0
        AND ($tiers IS NULL OR list_contains($tiers, tier))
)

SELECT
    bin,
    pow(10, bin / 4) AS min_followers,
    pow(10, (bin + 1) / 4) AS max_followers,
    count(*) AS posts,
    median(followers) AS median_followers,
    -- typical ER of the bin: the median per-post ER, as everywhere else
    median(er) AS median_er
FROM post_ers
GROUP BY bin
ORDER BY bin
