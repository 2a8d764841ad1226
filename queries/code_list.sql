-- Every code of the view with its figures and leakage flags (code_leakage.sql, put in
-- front of this query as `coded` by db.compose), by revenue: the CSV downloads of the
-- Affiliate codes page and `codes.code_results`.
-- Grain: one row per code.
SELECT *
FROM coded
ORDER BY revenue DESC, code
