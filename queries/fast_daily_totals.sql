-- daily_totals.sql read from agg_cell (data/aggregates.sql): cost and revenue per day.
-- Grain: one row per day with any post, spend row or order in the filters.
SELECT
    d AS day,
    sum(spend) AS spend,
    sum(commission) AS commission,
    sum(spend) + sum(commission) AS cost,
    sum(revenue) AS revenue,
    sum(orders) AS orders,
    sum(posts) AS posts
FROM agg_filtered_cells(
    $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types
)
WHERE $tiers IS NULL OR list_contains($tiers, tier)
GROUP BY d
ORDER BY d
