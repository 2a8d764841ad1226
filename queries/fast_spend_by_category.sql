-- spend_by_category.sql read from agg_cell: spend by category and by what it is tied to
-- (level: post, placement, overhead; stored in agg_cell as spend_by_category.sql
-- derives it). Grain: one row per (category, level) with spend in the filters.
SELECT
    category,
    level,
    sum(n) AS spend_rows,
    sum(spend) AS spend
FROM agg_period_cells(
    $band_tiers, $band_positions, $date_from, $date_to, $months_from, $months_to,
    $recent, $campaigns, $brands, $platforms, $content_types
)
WHERE kind = 'spend'
    AND ($tiers IS NULL OR list_contains($tiers, tier))
GROUP BY ALL
ORDER BY category, level
