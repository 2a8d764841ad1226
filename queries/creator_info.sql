-- Every creator's own attributes (current followers, platform, niche) beside the
-- leaderboard's figures, which come from summary.sql by creator.
-- Grain: one row per creator.
SELECT influencer_id, handle, name, platform, followers, niche
FROM influencers
ORDER BY influencer_id
