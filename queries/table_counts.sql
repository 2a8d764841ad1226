-- Rows per contract table (the Data page's "delete all data" says what it would delete).
SELECT 'influencers' AS table_name, count(*) AS row_count FROM influencers
UNION ALL SELECT 'campaigns', count(*) FROM campaigns
UNION ALL SELECT 'posts', count(*) FROM posts
UNION ALL SELECT 'spend', count(*) FROM spend
UNION ALL SELECT 'affiliate_codes', count(*) FROM affiliate_codes
UNION ALL SELECT 'orders', count(*) FROM orders
