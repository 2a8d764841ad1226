-- One row per placement (creator x campaign) that has anything in the filters:
-- its placement tier and followers, its posts' per-post ERs, and its cost and revenue.
-- The micro-vs-macro comparison resamples these rows (campaign_roi/stats.py).
-- Campaign overhead belongs to no placement and is left out.
SELECT
    influencer_id,
    campaign_id,
    any_value(placement_tier) AS placement_tier,
    -- the followers that set the placement's tier ("N micro vs one macro", planning.py)
    any_value(placement_followers) AS placement_followers,
    sum(posts) AS posts,
    coalesce(sum(engagements), 0) AS engagements,
    sum(spend) + sum(commission) AS cost,
    sum(revenue) AS revenue,
    sum(orders) AS orders,
    coalesce(
        list(er_followers ORDER BY er_followers) FILTER (WHERE er_followers IS NOT NULL), []
    ) AS ers,
    -- the placement's fixed random rank: a bootstrap draws from the placements with the
    -- smallest (campaign_roi/digest.py); the same as agg_placement_info's
    md5_number_lower(influencer_id || '/' || campaign_id) AS bag_key
FROM filtered_facts(
    $scheme, $date_from, $date_to, $campaigns, $brands, $platforms, $content_types, $creators
)
WHERE influencer_id IS NOT NULL
GROUP BY influencer_id, campaign_id
ORDER BY influencer_id, campaign_id
