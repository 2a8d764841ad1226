-- Typical ER (the median of per-post ERs by followers, METRICS.md Engagement) of the
-- creators $ids only (NULL: every creator), in the filters: the leaderboard computes these
-- medians for the rows it shows, not for half a million creators (fast_creator_board.sql).
-- Over a window of agg_windows with no filter at all, as stored for the window
-- (agg_creator_recent).
-- Grain: one row per creator of $ids with a post in the filters.
SELECT f.influencer_id AS group_key, median(f.er_followers) AS typical_er
FROM agg_filtered_facts(
    $band_tiers, $band_positions, $date_from, $date_to, $campaigns, $brands, $platforms,
    $content_types, NULL
) AS f
WHERE f.kind = 'post'
    AND NOT ($window_read AND $campaigns IS NULL AND $brands IS NULL)
    AND ($tiers IS NULL OR list_contains($tiers, f.tier))
    AND ($ids IS NULL OR f.influencer_id IN (SELECT unnest($ids)))
GROUP BY f.influencer_id
UNION ALL
SELECT influencer_id, typical_er
FROM agg_creator_recent
WHERE $window_read AND window_from = $recent AND $campaigns IS NULL AND $brands IS NULL
    AND typical_er IS NOT NULL
    AND ($ids IS NULL OR influencer_id IN (SELECT unnest($ids)))
