-- What campaign_roi/aggregates.py needs to read the pre-aggregates for scheme $scheme:
-- the fingerprint they were built for (kind 'built'), the fingerprint of the data now
-- (kind 'now': row counts of the contract tables, so a write that did not refresh them
-- is noticed), their follower bands (kind 'band': number, lower edge) and the scheme's
-- tiers (kind 'tier': position, edges, name), and the first and last day with a fact
-- when they were built (kind 'span': "first/last").
-- Grain: one row per band and per tier of the scheme, the two fingerprint rows and the span.
SELECT 'built' AS kind, NULL::BIGINT AS k, NULL::BIGINT AS lo, NULL::BIGINT AS hi, value AS tier
FROM settings
WHERE key = 'aggregates_version'
UNION ALL
SELECT 'now', NULL, NULL, NULL, concat_ws(
    ':',
    (SELECT count(*) FROM influencers),
    (SELECT count(*) FROM campaigns),
    (SELECT count(*) FROM posts),
    (SELECT count(*) FROM spend),
    (SELECT count(*) FROM affiliate_codes),
    (SELECT count(*) FROM orders)
)
UNION ALL
SELECT 'span', NULL, NULL, NULL, value
FROM settings
WHERE key = 'aggregates_span'
UNION ALL
SELECT 'band', band, lo, NULL, NULL
FROM agg_bands
UNION ALL
SELECT 'tier', position, min_followers, max_followers, tier
FROM tiers
WHERE scheme = $scheme
