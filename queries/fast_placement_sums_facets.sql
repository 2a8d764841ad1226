-- fast_placement_sums_period.sql over a long period (`whole`: aggregates.whole_facets)
-- with a platform or content type filter: each placement's facets in the filters, their
-- sums over the period (agg_facet_sums: a facet's totals less its facts outside the
-- period) summed per placement.
SELECT
    i.pband,
    i.placement_followers,
    i.bag_key,
    s.*
FROM (
    SELECT
        placement_key,
        sum(posts) AS posts,
        coalesce(sum(engagements), 0) AS engagements,
        sum(spend) + sum(commission) AS cost,
        sum(revenue) AS revenue,
        sum(orders) AS orders
    FROM agg_facet_sums(
        $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
        $content_types, NULL, true
    )
    GROUP BY placement_key
) AS s
JOIN agg_placement_info AS i USING (placement_key)
