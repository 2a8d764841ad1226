-- creator_own_posts.sql through the pre-aggregates: the creator's posts of post_base by
-- their ids ($ids, from fast_creator_post_ids.sql), a list the scan tests each post id
-- against (17 ms over ten million posts). Scanning posts for the creator read all ten
-- million rows (50-120 ms); joining the ids to posts probed 1.7M rows (100-200 ms).
SELECT *
FROM post_base
WHERE list_contains($ids, post_id)
