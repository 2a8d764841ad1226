-- Typical ER (the median of per-post ERs by followers, METRICS.md Engagement) of the
-- creators $ids only (NULL: every creator), in the filters: the leaderboard computes these
-- medians for the rows it shows, not for half a million creators (fast_creator_board.sql).
-- Over a window of agg_windows with no filter at all, as stored for the window
-- (agg_creator_recent); with a platform, content type or tier filter only ($window_split,
-- no campaign or brand), as stored too for a creator of $ids whose every post in the
-- window passes it (its rows of agg_placement_recent_content with posts: the filter's
-- platforms and content types, bands all of the filter's tiers), from its posts for the
-- others (filtered_posts, put in front by db.compose: fast_filtered_posts.sql).
-- Grain: one row per creator of $ids with a post in the filters.
WITH whole_in AS (
    SELECT influencer_id
    FROM agg_placement_recent_content
    WHERE $window_split AND $ids IS NOT NULL AND $campaigns IS NULL AND $brands IS NULL
        AND window_from = $recent
        AND influencer_id IN (SELECT unnest($ids))
    GROUP BY influencer_id
    HAVING bool_and(
        coalesce(posts, 0) = 0
        OR (($platforms IS NULL OR list_contains($platforms, platform))
            AND ($content_types IS NULL OR list_contains($content_types, content_type))
            AND ($tier_mask IS NULL OR bands & ~CAST($tier_mask AS UBIGINT) = 0))
    )
)

SELECT f.influencer_id AS group_key, median(f.er_followers) AS typical_er
FROM filtered_posts AS f
WHERE NOT ($window_read AND $campaigns IS NULL AND $brands IS NULL)
    AND ($tiers IS NULL OR list_contains($tiers, f.tier))
    AND ($ids IS NULL OR f.influencer_id IN (
        -- as a semi join on the creators left: none left, no post read
        SELECT id
        FROM (SELECT unnest($ids) AS id)
        WHERE id NOT IN (SELECT influencer_id FROM whole_in)
    ))
GROUP BY f.influencer_id
UNION ALL
SELECT influencer_id, typical_er
FROM agg_creator_recent
WHERE window_from = $recent
    AND typical_er IS NOT NULL
    AND (
        ($window_read AND $campaigns IS NULL AND $brands IS NULL
            AND ($ids IS NULL OR influencer_id IN (SELECT unnest($ids))))
        OR influencer_id IN (SELECT influencer_id FROM whole_in)
    )
