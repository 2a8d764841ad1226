-- Exact quantiles at scale, step 1 (campaign_roi/quantiles.py): how many values of each
-- measure fall in each chunk (data/aggregates.sql), per group of $by (and $then_by), in
-- the shared filters, counted on agg_fact's post rows (sorted by day, so a period reads
-- only its own rows). A group's k-th value lies in the chunk where the running count
-- passes k; step 2 (fast_value_pick.sql) reads that chunk of agg_value.
-- Groups: those of summary.sql but creator, and niche, weekday, hour (content_breakdown
-- .sql), pricing_model (pricing_model_summary.sql), follower_bin (er_by_followers.sql),
-- side (the micro or macro side of a comparison, by placement tier: $micro, $macro).
-- Grain: one row per (measure, group, chunk) holding values.
WITH keyed AS (
    SELECT
        CASE $by
            WHEN 'all' THEN 'all'
            WHEN 'tier' THEN tier
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
            WHEN 'niche' THEN niche
            WHEN 'weekday' THEN CAST(weekday AS VARCHAR)
            WHEN 'hour' THEN CAST(hour AS VARCHAR)
            WHEN 'pricing_model' THEN pricing_group
            WHEN 'follower_bin' THEN CAST(follower_bin AS VARCHAR)
            WHEN 'side' THEN CASE
                WHEN list_contains($micro, placement_tier) THEN 'micro'
                WHEN list_contains($macro, placement_tier) THEN 'macro'
            END
        END AS group_key,
        CASE $then_by
            WHEN 'none' THEN ''
            WHEN 'tier' THEN tier
            WHEN 'campaign' THEN campaign_id
            WHEN 'brand' THEN brand
            WHEN 'platform' THEN platform
            WHEN 'content_type' THEN content_type
        END AS group_key2,
        CASE WHEN list_contains($measures, 'er_followers') THEN chunk_er_followers END AS c1,
        CASE WHEN list_contains($measures, 'er_reach') THEN chunk_er_reach END AS c2,
        CASE WHEN list_contains($measures, 'er_views') THEN chunk_er_views END AS c3,
        CASE WHEN list_contains($measures, 'followers') THEN chunk_followers END AS c4
    FROM agg_filtered_facts(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
    )
    WHERE kind = 'post'
        AND ($tiers IS NULL OR list_contains($tiers, tier))
),

counted AS (
    SELECT
        group_key,
        group_key2,
        CASE
            WHEN grouping(c1) = 0 THEN 'er_followers'
            WHEN grouping(c2) = 0 THEN 'er_reach'
            WHEN grouping(c3) = 0 THEN 'er_views'
            ELSE 'followers'
        END AS measure,
        coalesce(c1, c2, c3, c4) AS chunk,
        count(*) AS n
    FROM keyed
    GROUP BY GROUPING SETS (
        (group_key, group_key2, c1),
        (group_key, group_key2, c2),
        (group_key, group_key2, c3),
        (group_key, group_key2, c4)
    )
)

SELECT measure, group_key, group_key2, chunk, n
FROM counted
WHERE chunk IS NOT NULL
