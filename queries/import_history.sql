-- The latest imports, newest first: one row per table written by an import.
-- imported_at is UTC; rows_* compare the batch with the database before it was written.
SELECT
    imported_at,
    coalesce(imported_by, '') AS imported_by,
    source,
    table_name,
    files,
    rows_new,
    rows_updated,
    rows_unchanged
FROM import_log
ORDER BY imported_at DESC, table_name
LIMIT $limit
