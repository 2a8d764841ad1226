-- er_by_followers.sql's bin edges for the bins campaign_roi/distributions.py found with
-- posts (quantiles.py counts them and finds the medians): bin k holds followers in
-- [10^(k/4), 10^((k+1)/4)). Grain: one row per bin in $bins.
SELECT
    b AS bin,
    pow(10, b / 4) AS min_followers,
    pow(10, (b + 1) / 4) AS max_followers
FROM unnest($bins) AS t(b)
ORDER BY b
