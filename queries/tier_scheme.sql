-- The tiers of one scheme, lowest first: [min_followers, max_followers), NULL max = no bound.
SELECT tier, min_followers, max_followers
FROM tiers
WHERE scheme = $scheme
ORDER BY position
