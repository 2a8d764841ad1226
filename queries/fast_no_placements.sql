-- No placement: what fast_creator_board.sql reads from a source its filters do not use
-- (period_placements over a window, window_split when no filter splits a placement), so
-- that the unused source is neither bound nor planned (creators.leaderboard). The
-- columns and types of the window's stored sums (agg_placement_recent).
SELECT
    placement_key,
    influencer_id,
    posts,
    engaged_posts,
    engagements,
    spend,
    commission,
    orders,
    revenue,
    refunded_orders,
    refunded_revenue
FROM agg_placement_recent
WHERE false
