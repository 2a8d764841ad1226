-- creator_own_posts.sql through the pre-aggregates (data/aggregates.sql): the creator's
-- campaigns (agg_creator_campaigns, sorted by creator), their post rows of the creator in
-- agg_fact_campaign (sorted by campaign and creator: a few row groups), then those posts of
-- post_base by id (the posts table's key: an index scan). Scanning posts for the creator
-- instead read all ten million rows (50-120 ms). A join, not IN (subquery): with IN the
-- planner dropped the filters it hands down to the spend scan after it.
WITH own_ids AS (
    SELECT post_id
    FROM agg_fact_campaign
    WHERE campaign_id IN (
            SELECT campaign_id FROM agg_creator_campaigns WHERE influencer_id = $creator
        )
        AND influencer_id = $creator
        AND kind = 'post'
)

SELECT pb.*
FROM own_ids
JOIN post_base AS pb USING (post_id)
