-- What the Affiliate codes page shows, from the flagged code rows of code_leakage.sql put
-- in front of this query as `coded` (db.compose), so the page never fetches every code:
-- 'top': the first $top codes by revenue; 'flagged': the first $max_points flagged codes by
-- revenue (the table shows $top of them, the chart all); 'no_sales': the first $top codes
-- with no sales by code; for the chart of codes with sales and followers that are not
-- flagged, 'point' rows one per code when there are at most $max_points of them, else
-- 'cell' rows, one per cell of a $grid x $grid log-log grid (followers, orders per 1k)
-- at the cell's median followers and rate, with its codes and orders.
-- Every row carries the view's counts and norm.
-- Grain: one row per code or cell shown, by part.
WITH totals AS (
    SELECT
        count(*) AS n_codes,
        count(*) FILTER (WHERE orders = 0) AS n_no_sales,
        count(*) FILTER (WHERE leak_flag) AS n_flagged,
        any_value(typical) AS typical,
        any_value(fence) AS fence
    FROM coded
),

honest AS (
    SELECT
        code,
        handle,
        placement_followers,
        orders,
        orders_per_1k,
        revenue,
        log10(placement_followers) AS x,
        log10(orders_per_1k) AS y
    FROM coded
    WHERE orders > 0 AND placement_followers > 0 AND NOT leak_flag
),

span AS (
    SELECT
        count(*) AS n,
        min(x) AS x0,
        greatest(max(x) - min(x), 1e-9) AS dx,
        min(y) AS y0,
        greatest(max(y) - min(y), 1e-9) AS dy
    FROM honest
),

cells AS (
    SELECT
        floor((h.x - s.x0) / s.dx * ($grid - 1)) * $grid + floor((h.y - s.y0) / s.dy * ($grid - 1))
            AS cell,
        median(h.placement_followers) AS placement_followers,
        median(h.orders_per_1k) AS orders_per_1k,
        count(*) AS codes,
        sum(h.orders) AS orders
    FROM honest AS h
    CROSS JOIN span AS s
    WHERE s.n > $max_points
    GROUP BY cell
),

parts AS (
    (SELECT 'top' AS part, 1 AS part_order, * FROM coded ORDER BY revenue DESC, code LIMIT $top)
    UNION ALL BY NAME
    (
        SELECT 'flagged' AS part, 2 AS part_order, *
        FROM coded
        WHERE leak_flag
        ORDER BY revenue DESC, code
        LIMIT $max_points
    )
    UNION ALL BY NAME
    (
        SELECT 'no_sales' AS part, 3 AS part_order, *
        FROM coded
        WHERE orders = 0
        ORDER BY code
        LIMIT $top
    )
    UNION ALL BY NAME
    (
        SELECT
            'point' AS part,
            4 AS part_order,
            code,
            handle,
            placement_followers,
            orders,
            orders_per_1k,
            revenue
        FROM honest
        WHERE (SELECT n FROM span) <= $max_points
    )
    UNION ALL BY NAME
    (
        SELECT 'cell' AS part, 5 AS part_order, placement_followers, orders_per_1k, codes, orders
        FROM cells
    )
)

SELECT p.* EXCLUDE (typical, fence), t.*
FROM parts AS p
CROSS JOIN totals AS t
ORDER BY
    p.part_order,
    CASE WHEN p.part = 'no_sales' THEN NULL ELSE p.revenue END DESC NULLS LAST,
    p.code,
    p.placement_followers,
    p.orders_per_1k
