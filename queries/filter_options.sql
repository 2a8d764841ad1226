-- The values each shared filter offers: one row per (dimension, value), with a label.
SELECT 'brand' AS dimension, brand AS value, brand AS label
FROM campaigns
WHERE brand IS NOT NULL
GROUP BY brand
UNION ALL
SELECT 'campaign' AS dimension, campaign_id AS value, name || ' (' || campaign_id || ')' AS label
FROM campaigns
UNION ALL
SELECT 'platform' AS dimension, platform AS value, platform AS label
FROM (SELECT platform FROM posts UNION SELECT platform FROM influencers)
UNION ALL
SELECT 'content_type' AS dimension, content_type AS value, content_type AS label
FROM posts
WHERE content_type IS NOT NULL
GROUP BY content_type
UNION ALL
SELECT 'scheme' AS dimension, scheme AS value, scheme AS label
FROM tiers
GROUP BY scheme
ORDER BY dimension, label
