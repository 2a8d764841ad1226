-- Exact quantiles at scale, step 1 (campaign_roi/quantiles.py): how many values of each
-- measure fall in each chunk (data/aggregates.sql), per group of $by (and $then_by), in
-- the shared filters, counted on agg_fact's post rows (sorted by day, so a period reads
-- only its own rows; with a campaign or brand filter agg_post_campaign's, sorted by
-- campaign). A group's k-th value lies in the chunk where the running count passes k;
-- step 2 (fast_value_pick.sql) reads that chunk of agg_value.
-- Groups: those of summary.sql but creator, and niche, weekday, hour (content_breakdown
-- .sql), pricing_model (pricing_model_summary.sql), follower_bin (er_by_followers.sql),
-- side (the micro or macro side of a comparison, by placement tier: $micro, $macro).
-- Rows are counted by their stored columns (a band, not its tier: ten million rows) and
-- each measure apart (a measure not asked for is not read); only the counts are named by
-- tier or side, several bands making one tier.
-- A period's whole months come from agg_value_month when $months_from is set, and all of
-- it when it is a window of agg_windows ($recent: its first day; the caller sets both only
-- for filters and groups that table keeps), the days around the months from agg_fact.
-- Grain: one row per (measure, group, chunk) holding values.
WITH post_rows AS (
    SELECT
        d, campaign_id, brand, influencer_id, platform, content_type, band, pband,
        pricing_group, niche, weekday, hour, follower_bin, chunk_er_followers, chunk_er_reach,
        chunk_er_views, chunk_followers
    FROM agg_fact
    WHERE kind = 'post' AND $campaigns IS NULL AND $brands IS NULL
    UNION ALL
    -- scoped to campaigns or brands: their campaigns' row groups of the copy sorted by
    -- campaign (a brand's facts are its campaigns')
    SELECT *
    FROM agg_post_campaign
    WHERE campaign_id IN (
        SELECT campaign_id
        FROM campaigns
        WHERE ($campaigns IS NOT NULL OR $brands IS NOT NULL)
            AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
            AND ($brands IS NULL OR list_contains($brands, brand))
    )
),

posts AS (
    -- agg_filtered_facts' filters, on agg_fact's own columns
    SELECT
        -- the group as stored: a number (band, weekday, hour, bin) or a text
        CASE $by
            WHEN 'tier' THEN band
            WHEN 'side' THEN pband
            WHEN 'weekday' THEN weekday
            WHEN 'hour' THEN hour
            WHEN 'follower_bin' THEN follower_bin
        END AS number1,
        CASE $by
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
            WHEN 'niche' THEN niche
            WHEN 'pricing_model' THEN pricing_group
        END AS text1,
        CASE $then_by WHEN 'tier' THEN band END AS number2,
        CASE $then_by
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
        END AS text2,
        chunk_er_followers,
        chunk_er_reach,
        chunk_er_views,
        chunk_followers
    FROM post_rows
    WHERE ($date_from IS NULL OR d >= $date_from)
        AND ($date_to IS NULL OR d <= $date_to)
        -- the whole months [$months_from, $months_to), or the whole period when it is a
        -- window of agg_windows ($recent, its first day), are counted in `monthly` below
        AND ($months_from IS NULL OR d < $months_from OR d >= $months_to)
        AND $recent IS NULL
        AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
        AND ($brands IS NULL OR list_contains($brands, brand))
        AND ($platforms IS NULL OR list_contains($platforms, platform))
        AND ($content_types IS NULL OR list_contains($content_types, content_type))
        AND ($creators IS NULL OR list_contains($creators, influencer_id))
        AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[band + 1]))
),

-- the period's whole months or its window, already counted per chunk (agg_value_month),
-- when the caller found its filters and groups there (quantiles.py: no campaign or brand)
monthly AS (
    SELECT
        measure,
        CASE $by
            WHEN 'tier' THEN band
            WHEN 'side' THEN pband
            WHEN 'follower_bin' THEN follower_bin
        END AS number1,
        CASE $by WHEN 'platform' THEN platform WHEN 'content_type' THEN content_type END AS text1,
        CASE $then_by WHEN 'tier' THEN band END AS number2,
        CASE $then_by
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
        END AS text2,
        chunk,
        n
    FROM agg_value_month
    WHERE (($recent IS NULL AND $months_from IS NOT NULL AND window_days IS NULL
                AND d >= $months_from AND d < $months_to)
            OR (window_days IS NOT NULL AND d = $recent))
        AND list_contains($measures, measure)
        AND ($platforms IS NULL OR list_contains($platforms, platform))
        AND ($content_types IS NULL OR list_contains($content_types, content_type))
        AND ($tiers IS NULL OR list_contains($tiers, $band_tiers[band + 1]))
),

-- the final select adds the monthly counts and the daily ones up per group and chunk
counted AS (
    SELECT measure, number1, text1, number2, text2, chunk, n
    FROM monthly
    UNION ALL
    SELECT 'er_followers' AS measure, number1, text1, number2, text2,
        chunk_er_followers AS chunk, count(*) AS n
    FROM posts
    WHERE list_contains($measures, 'er_followers') AND chunk_er_followers IS NOT NULL
    GROUP BY ALL
    UNION ALL
    SELECT 'er_reach', number1, text1, number2, text2, chunk_er_reach, count(*)
    FROM posts
    WHERE list_contains($measures, 'er_reach') AND chunk_er_reach IS NOT NULL
    GROUP BY ALL
    UNION ALL
    SELECT 'er_views', number1, text1, number2, text2, chunk_er_views, count(*)
    FROM posts
    WHERE list_contains($measures, 'er_views') AND chunk_er_views IS NOT NULL
    GROUP BY ALL
    UNION ALL
    SELECT 'followers', number1, text1, number2, text2, chunk_followers, count(*)
    FROM posts
    WHERE list_contains($measures, 'followers') AND chunk_followers IS NOT NULL
    GROUP BY ALL
),

named AS (
    SELECT
        measure,
        CASE $by
            WHEN 'all' THEN 'all'
            WHEN 'tier' THEN $band_tiers[number1 + 1]
            WHEN 'side' THEN CASE
                WHEN list_contains($micro, $band_tiers[number1 + 1]) THEN 'micro'
                WHEN list_contains($macro, $band_tiers[number1 + 1]) THEN 'macro'
            END
            WHEN 'weekday' THEN CAST(number1 AS VARCHAR)
            WHEN 'hour' THEN CAST(number1 AS VARCHAR)
            WHEN 'follower_bin' THEN CAST(number1 AS VARCHAR)
            ELSE text1
        END AS group_key,
        CASE $then_by
            WHEN 'none' THEN ''
            WHEN 'tier' THEN $band_tiers[number2 + 1]
            ELSE text2
        END AS group_key2,
        chunk,
        n
    FROM counted
)

-- in order: the values picked next (quantiles.group_quantiles) follow from these rows'
-- order, so a request for them is the same each time (answer_store.py keys by it)
SELECT measure, group_key, group_key2, chunk, CAST(sum(n) AS BIGINT) AS n
FROM named
GROUP BY ALL
ORDER BY measure, group_key, group_key2, chunk
