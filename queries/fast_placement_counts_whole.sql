-- fast_placement_counts.sql with no platform, content type or tier in the grouping or
-- the filters, over a period that is not a window of agg_windows
-- (metrics._placement_level): each placement is one row of agg_placement_all.
SELECT
    CASE $by
        WHEN 'all' THEN 'all'
        WHEN 'campaign' THEN campaign_id
        WHEN 'brand' THEN brand
    END AS group_key,
    '' AS group_key2,
    count(*) AS placements
FROM agg_filtered_placements_all($date_from, $date_to, $campaigns, $brands)
GROUP BY ALL
