-- code_orders_by_day.sql read from agg_cell: orders and revenue through the codes per
-- day, refunds apart. Grain: one row per day with an order.
SELECT
    d AS day,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue
FROM agg_filtered_cells(
    $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types
)
WHERE kind = 'order'
    AND ($tiers IS NULL OR list_contains($tiers, tier))
GROUP BY d
ORDER BY d
