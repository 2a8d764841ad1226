-- The first and last day with any post, spend or order: the span the period filter offers.
-- The days of the `facts` view, read from the tables without building it: its posts are
-- those of known creators, its spend rows all of them, its orders those through a code of
-- a known creator (facts joins placement_base, whose keys all have a creator).
WITH spans AS (
    SELECT min(CAST(posted_at AS DATE)) AS first_day, max(CAST(posted_at AS DATE)) AS last_day
    FROM posts
    WHERE influencer_id IN (SELECT influencer_id FROM influencers)
    UNION ALL
    SELECT min(spent_on), max(spent_on)
    FROM spend
    UNION ALL
    SELECT min(CAST(o.ordered_at AS DATE)), max(CAST(o.ordered_at AS DATE))
    FROM orders AS o
    JOIN affiliate_codes AS a USING (code)
    WHERE a.influencer_id IN (SELECT influencer_id FROM influencers)
)
SELECT min(first_day) AS first_day, max(last_day) AS last_day
FROM spans
