-- The leaderboard's last row: campaign overhead (spend with neither a post nor a
-- creator, METRICS.md Cost) in the filters, which belongs to no creator. Read from
-- agg_cell (level 'overhead' is exactly the spend rows with no creator: a spend row's
-- post must exist). The same figures as summary.sql's unattributed row by creator.
-- Grain: one row, or none when the filters hold no overhead.
SELECT
    NULL::VARCHAR AS group_key,
    sum(posts) AS posts,
    0 AS placements,
    sum(engagements) AS engagements,
    NULL::DOUBLE AS typical_er,
    sum(spend) AS spend,
    sum(commission) AS commission,
    sum(spend) + sum(commission) AS cost,
    (sum(spend) + sum(commission)) / nullif(sum(engagements), 0) AS cpe,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    (sum(spend) + sum(commission)) / nullif(sum(orders), 0) AS cpa,
    sum(revenue) / nullif(sum(spend) + sum(commission), 0) AS roas,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue
FROM agg_filtered_cells(
    $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
    $content_types
)
WHERE level = 'overhead' AND ($tiers IS NULL OR list_contains($tiers, tier))
HAVING count(*) > 0
