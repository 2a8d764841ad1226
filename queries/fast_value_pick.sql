-- Exact quantiles at scale, step 2 (campaign_roi/quantiles.py): the values at given
-- ranks within given chunks, per measure and group, in the same filters and groups as
-- fast_value_counts.sql. $targets lists (measure, group_key, group_key2, chunk, rank),
-- rank counting from 1 among the group's values in that chunk, in value order.
-- Grain: one row per target.
WITH targets AS (
    SELECT unnest($targets, recursive := true)
),

-- the (measure, group, chunk) cells holding a target, so only their values are sorted
cells AS (
    SELECT DISTINCT measure, group_key, group_key2, chunk FROM targets
),

chunk_values AS (
    SELECT
        measure,
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
        chunk,
        value
    FROM agg_filtered_values(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
        $content_types
    )
    -- as a semi join, so the scan skips the row groups of other chunks (agg_value is
    -- sorted by value, and chunks are runs of it)
    WHERE chunk IN (SELECT unnest($chunks))
        AND list_contains($measures, measure)
        AND ($tiers IS NULL OR list_contains($tiers, tier))
),

-- each target cell's values in order, and the target's value read at its rank
sorted_cells AS (
    SELECT v.measure, v.group_key, v.group_key2, v.chunk, list_sort(list(v.value)) AS vals
    FROM chunk_values AS v
    SEMI JOIN cells AS c
        ON c.measure = v.measure
        AND c.group_key IS NOT DISTINCT FROM v.group_key
        AND c.group_key2 IS NOT DISTINCT FROM v.group_key2
        AND c.chunk = v.chunk
    GROUP BY ALL
)

SELECT t.measure, t.group_key, t.group_key2, t.chunk, t.rank, s.vals[t.rank] AS value
FROM targets AS t
JOIN sorted_cells AS s
    ON t.measure = s.measure
    AND t.group_key IS NOT DISTINCT FROM s.group_key
    AND t.group_key2 IS NOT DISTINCT FROM s.group_key2
    AND t.chunk = s.chunk
