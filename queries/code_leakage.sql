-- The leakage rules (campaign_roi/codes.py) on the code rows of code_results.sql or
-- fast_code_results.sql, put in front of this query as `code_rows` (db.compose): each
-- code with its orders per 1k followers, its late share, the view's norm and its flags.
-- The norm is over the codes with sales in the view: typical = their median rate, fence
-- = Q3 + $fence_iqrs x IQR (quantile_cont, as every quantile here), set only with at
-- least $min_codes such codes. Same rows as the code rows, in no order (code_list.sql and
-- code_page.sql order what they return).
WITH rated AS (
    SELECT
        *,
        orders / CASE WHEN placement_followers > 0 THEN placement_followers END * 1000
            AS orders_per_1k,
        late_orders / CASE WHEN orders > 0 THEN orders END AS late_share
    FROM code_rows
),

quartiles AS (
    SELECT
        count(orders_per_1k) AS codes,
        quantile_cont(orders_per_1k, [0.25, 0.5, 0.75]) AS q
    FROM rated
    WHERE orders > 0
),

norm AS (
    SELECT
        CASE WHEN codes >= $min_codes THEN q[2] END AS typical,
        CASE WHEN codes >= $min_codes THEN q[3] + $fence_iqrs * (q[3] - q[1]) END AS fence
    FROM quartiles
),

flagged AS (
    SELECT
        r.*,
        n.typical,
        n.fence,
        coalesce(r.orders >= $min_orders AND r.orders_per_1k > n.fence, false) AS reach_flag,
        coalesce(
            r.orders >= $min_orders AND r.last_post_at IS NOT NULL AND r.late_share > $late_share,
            false
        ) AS late_flag
    FROM rated AS r
    CROSS JOIN norm AS n
)

SELECT *, reach_flag OR late_flag AS leak_flag
FROM flagged
