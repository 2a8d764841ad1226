"""Which table a file is for: its mapping, a chosen table, its name, or its columns."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from campaign_roi.contract import TABLE_ORDER, TABLES, table_for_name, tables_with_required
from campaign_roi.importing.types import Source


def with_fitting_mapping(source: Source, headers: list[str]) -> Source:
    """A batch's mapping applies to the files it describes. A file with none of its
    source columns that is a contract file in its own right (say a campaigns.csv beside
    a platform export) is read as that contract file instead."""
    mapping = source.mapping
    if mapping is None or not mapping.columns:
        return source
    if len(mapping.missing_sources(headers)) < len(set(mapping.columns.values())):
        return source
    plain = replace(source, mapping=None)
    table, _ = detect_table(plain, headers)
    if table is not None and table in tables_with_required(headers):
        return plain
    return source


def detect_table(source: Source, headers: list[str]) -> tuple[str | None, str | None]:
    """The table a file is for, or (None, reason in words)."""
    if source.mapping is not None:
        return source.mapping.table, None
    if source.table:
        table = table_for_name(source.table)
        if table is None:
            return None, f'there is no table "{source.table}". Use one of: {", ".join(TABLES)}.'
        return table, None
    by_name = table_for_name(Path(source.name).stem)
    if by_name:
        return by_name, None
    candidates = tables_with_required(headers)
    if len(candidates) == 1:
        return candidates[0], None
    names = ", ".join(f"{t}.csv" for t in TABLE_ORDER)
    if candidates:
        return None, (
            "cannot tell which table this file is for: its columns fit "
            f"{' and '.join(candidates)}. "
            f"Name the file after its table ({names}) or choose the table."
        )
    return None, (
        "cannot tell which table this file is for: its name is not a table name and its "
        f"columns do not include all required columns of any table. Name the file after its "
        f"table ({names}), choose the table, or use a column mapping."
    )
