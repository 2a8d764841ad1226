-- The posts in the filters with each one's creator, ER by followers and tier, for the
-- creators' typical ERs (fast_creator_typical_er.sql, fast_creator_board.sql sorted by
-- it: db.compose puts it in front as `filtered_posts`). Scoped to campaigns or brands,
-- from their campaigns' row groups of the copy sorted by campaign (agg_fact_campaign; a
-- brand's facts are its campaigns'), not from every post of the period (over a year of
-- two campaigns 357 -> 19 ms, two brands 362 -> 52 ms for 500 creators' medians); with
-- a platform or content type filter, from the copy sorted by them (agg_post_facet).
-- Grain: one row per post in the filters but the tier filter (the caller applies it).
SELECT influencer_id, er_followers, $band_tiers[band + 1] AS tier
FROM agg_fact_campaign
WHERE campaign_id IN (
        SELECT campaign_id
        FROM campaigns
        WHERE ($campaigns IS NOT NULL OR $brands IS NOT NULL)
            AND ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
            AND ($brands IS NULL OR list_contains($brands, brand))
    )
    AND kind = 'post'
    AND ($date_from IS NULL OR d >= $date_from)
    AND ($date_to IS NULL OR d <= $date_to)
    AND ($platforms IS NULL OR list_contains($platforms, platform))
    AND ($content_types IS NULL OR list_contains($content_types, content_type))
UNION ALL
-- with a platform or content type filter (and no campaign or brand): the runs of the copy
-- sorted by content type and platform that hold them (agg_post_facet)
SELECT influencer_id, er_followers, $band_tiers[band + 1] AS tier
FROM agg_post_facet
WHERE $campaigns IS NULL AND $brands IS NULL
    AND ($platforms IS NOT NULL OR $content_types IS NOT NULL)
    AND ($date_from IS NULL OR d >= $date_from)
    AND ($date_to IS NULL OR d <= $date_to)
    AND ($platforms IS NULL OR list_contains($platforms, platform))
    AND ($content_types IS NULL OR list_contains($content_types, content_type))
UNION ALL
SELECT influencer_id, er_followers, tier
FROM agg_filtered_facts(
    $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
    $content_types, NULL
)
WHERE $campaigns IS NULL AND $brands IS NULL AND $platforms IS NULL AND $content_types IS NULL
    AND kind = 'post'
