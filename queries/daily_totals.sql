-- Cost and revenue per day, for the time-series charts (campaign_roi/trends.py rolls
-- the days up into weeks or months in the chosen span).
-- Grain: one row per day with any post, spend row or order in the filters. The same
-- filtered_facts(...) and tier filter as summary.sql, so a period's days add up to
-- its summary. Each fact is dated by its own date (posted_at, spent_on, ordered_at):
-- spend counts on the day it was spent, commission and revenue on the order's day.
-- Cost = attributable spend + campaign overhead + accrued commission (METRICS.md),
-- exactly as summary.sql's cost; revenue excludes refunded orders.
SELECT
    d AS day,
    sum(spend) AS spend,
    sum(commission) AS commission,
    sum(spend) + sum(commission) AS cost,
    sum(revenue) AS revenue,
    sum(orders) AS orders,
    sum(posts) AS posts
FROM filtered_facts(
    $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
)
WHERE $tiers IS NULL OR list_contains($tiers, tier)
GROUP BY d
ORDER BY d
