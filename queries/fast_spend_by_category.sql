-- spend_by_category.sql read from agg_cell: spend by category and by what it is tied to
-- (level: post, placement, overhead; stored in agg_cell as spend_by_category.sql
-- derives it); the period's cells come from the CTE period_cells (aggregates.run_on_cells).
-- Grain: one row per (category, level) with spend in the filters.
SELECT
    category,
    level,
    sum(n) AS spend_rows,
    sum(spend) AS spend
FROM period_cells
WHERE kind = 'spend'
    AND ($tiers IS NULL OR list_contains($tiers, tier))
GROUP BY ALL
ORDER BY category, level
