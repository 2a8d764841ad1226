-- Orders and revenue through affiliate codes per day, refunds apart (Affiliate codes
-- page: revenue over time). Orders by ordered_at; a refunded order counts only in the
-- refund columns (METRICS.md, Outcomes). Grain: one row per day with an order.
SELECT
    d AS day,
    sum(orders) AS orders,
    sum(revenue) AS revenue,
    sum(refunded_orders) AS refunded_orders,
    sum(refunded_revenue) AS refunded_revenue
FROM filtered_facts(
    $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
)
WHERE kind = 'order'
    AND ($tiers IS NULL OR list_contains($tiers, tier))
GROUP BY d
ORDER BY d
