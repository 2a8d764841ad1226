-- The first and last day with any post, spend or order: the span the period filter offers.
SELECT min(d) AS first_day, max(d) AS last_day
FROM facts
