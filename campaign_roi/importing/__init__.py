"""Importing a batch of CSV/XLSX files, one step per module.

The public entry points are re-exported by `campaign_roi.importer`:
types (Source, Problem, TableCounts, ImportReport), problems (the collector),
reading (bytes to text cells), detection (which table a file is for), columns
(headers to contract columns, cells to typed values), file_checks and creators
(checks on one file's rows), lookups and batch_checks (checks across the batch and
the database), defaults, writing (counting and upserting) and batch (the
validate_batch / import_batch orchestration).
"""
