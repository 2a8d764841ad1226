-- One creator's posts across all campaigns, whatever the shared filters (a history):
-- followers_at_post over time (follower growth), engagements and per-post ER by
-- followers (METRICS.md, Engagement), and the spend tied to each post.
-- Grain: one row per post of $creator, oldest first. Written on the creator's post_base
-- rows, the CTE `own` put in front (db.compose): creator_own_posts.sql, or through the
-- pre-aggregates fast_creator_own_posts.sql (the same rows, found by id). $ids: the
-- posts' ids when the caller has them (fast_creator_post_ids.sql), else NULL; with them
-- the spend and posts tables are read for those ids only (a join probed 1.7M posts).
WITH
-- spend tied to those posts only, summed per post (not the whole spend table)
post_spend AS (
    SELECT post_id, sum(amount) AS spend
    FROM spend
    WHERE ($ids IS NULL OR list_contains($ids, post_id))
        AND post_id IN (SELECT post_id FROM own)
    GROUP BY post_id
)

SELECT
    pb.post_id,
    pb.campaign_id,
    c.name AS campaign_name,
    pb.posted_at,
    pb.platform,
    pb.content_type,
    pb.followers_at_post,
    pb.engagements,
    pb.engagements / nullif(pb.followers_at_post, 0) AS er_followers,
    pb.views,
    p.url,
    coalesce(s.spend, 0) AS post_spend
FROM own AS pb
JOIN posts AS p
    ON p.post_id = pb.post_id AND ($ids IS NULL OR list_contains($ids, p.post_id))
JOIN campaigns AS c ON c.campaign_id = pb.campaign_id
LEFT JOIN post_spend AS s ON s.post_id = pb.post_id
ORDER BY pb.posted_at, pb.post_id
