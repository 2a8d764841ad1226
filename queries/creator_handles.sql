-- The handles of the creators $ids (a shared link's creator, who may be past the
-- leaderboard's first rows). Grain: one row per creator of $ids that exists.
SELECT influencer_id, handle
FROM influencers
WHERE list_contains($ids, influencer_id)
