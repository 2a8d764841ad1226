-- Spend by category and by what it is tied to (METRICS.md, Cost):
--   post       a spend row with post_id (its post's creator, campaign and tier)
--   placement  with influencer_id and no post_id (creator x campaign, placement tier)
--   overhead   with neither: campaign overhead, unattributed to creators and tiers
-- Grain: one row per (category, level) with spend in the filters. Spend only:
-- commission is computed, never entered, and is reported beside this, not in it.
-- Filters act as in summary.sql (spend by spent_on; a filter on a dimension a row
-- lacks, such as the platform of overhead, leaves the row out).
SELECT
    category,
    CASE
        WHEN post_id IS NOT NULL THEN 'post'
        WHEN influencer_id IS NOT NULL THEN 'placement'
        ELSE 'overhead'
    END AS level,
    count(*) AS spend_rows,
    sum(spend) AS spend
FROM filtered_facts(
    $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
)
WHERE kind = 'spend'
    AND ($tiers IS NULL OR list_contains($tiers, tier))
GROUP BY ALL
ORDER BY category, level
