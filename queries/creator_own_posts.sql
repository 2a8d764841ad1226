-- One creator's rows of post_base (creator_posts.sql reads them as `own`): every post
-- read for its creator.
SELECT *
FROM post_base
WHERE influencer_id = $creator
