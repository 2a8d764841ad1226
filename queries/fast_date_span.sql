-- date_span.sql read from the pre-aggregates: agg_cell holds a row for every day of the
-- facts view with a post, spend or order (data/aggregates.sql), so its first and last day
-- are the view's.
SELECT min(d) AS first_day, max(d) AS last_day
FROM agg_cell
