-- The ids of one creator's posts, through the pre-aggregates (data/aggregates.sql): the
-- creator's campaigns (agg_creator_campaigns, sorted by creator), then their post rows
-- of the creator in agg_fact_campaign (sorted by campaign and creator: a few row groups).
-- creators.posts binds them as $ids to creator_posts.sql with fast_creator_own_posts.sql.
-- Grain: one row per post of $creator.
SELECT post_id
FROM agg_fact_campaign
WHERE campaign_id IN (
        SELECT campaign_id FROM agg_creator_campaigns WHERE influencer_id = $creator
    )
    AND influencer_id = $creator
    AND kind = 'post'
ORDER BY post_id
