-- A group_quantiles answer stored at refresh for a window with no filter
-- (campaign_roi/quantile_store.py): the request's answer as quantiles.to_stored wrote it.
-- Grain: one row, or none when the request is not stored.
SELECT answer
FROM agg_quantile_store
WHERE window_from = $recent AND request = $request
