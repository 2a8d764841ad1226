"""The plain logic behind the Data page's import steps (no Streamlit here): recognise
each uploaded file's table, decide whether it needs a column mapping, turn the mapping
editor's rows into a Mapping, and lay an import report out as tables.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

from campaign_roi.contract import TABLE_ORDER, TABLES, normalise_name
from campaign_roi.importing.detection import detect_table
from campaign_roi.importing.types import ImportReport, Source
from campaign_roi.mapping import Mapping
from campaign_roi.suggestions import suggest_columns

FROM_FILE = "From file column"
CONSTANT = "Same value on every row"
COLUMN = "Column"
REQUIRED = "Required"


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name, bytes, header row (None if unreadable) and an id."""

    name: str
    content: bytes
    headers: list[str] | None

    @property
    def key(self) -> str:
        digest = hashlib.sha1(self.content, usedforsecurity=False).hexdigest()[:10]
        return f"{normalise_name(self.name)}-{digest}"


def recognise(upload: Upload) -> tuple[str | None, str]:
    """The table a file is for and how that was found, or (None, why not)."""
    headers = upload.headers or []
    table, reason = detect_table(Source(upload.name, b""), headers)
    if table is None:
        return None, reason or "cannot tell which table this file is for."
    how = "its name" if named_after(upload, table) else "its columns"
    return table, f"recognised from {how}"


def named_after(upload: Upload, table: str) -> bool:
    """Whether the file is named after the table (posts.csv, Posts.xlsx)."""
    return normalise_name(upload.name.rsplit(".", 1)[0]) == table


def missing_required(table: str, headers: list[str]) -> list[str]:
    """The table's required columns the file does not have under the contract's names."""
    present = {normalise_name(h) for h in headers}
    missing = [c for c in TABLES[table].required if c not in present]
    if table == "posts" and "influencer_id" in missing and "handle" in present:
        missing.remove("influencer_id")  # the importer reads a handle as the creator
    return missing


def needs_mapping(table: str, headers: list[str]) -> bool:
    return bool(missing_required(table, headers))


def editor_rows(
    table: str, headers: list[str], mapping: Mapping | None, create_influencers: bool
) -> pd.DataFrame:
    """The mapping editor's rows: one per contract column the file may feed, with the
    file column suggested (or taken from a saved mapping) and any constant."""
    if mapping is not None and mapping.table == table:
        sources = {c: mapping.source_header(headers, s) or "" for c, s in mapping.columns.items()}
        constants = dict(mapping.values)
    else:
        sources = suggest_columns(table, headers, create_influencers)
        constants = {}
    columns = Mapping(table=table, create_influencers=create_influencers).allowed_columns()
    own = set(TABLES[table].column_names)
    rows = []
    for column in columns:
        required = column in TABLES[table].required
        note = "yes" if required else ("for new creators" if column not in own else "")
        rows.append(
            {
                COLUMN: column,
                REQUIRED: note,
                FROM_FILE: sources.get(column) or None,
                CONSTANT: constants.get(column) or None,
            }
        )
    return pd.DataFrame(rows, columns=[COLUMN, REQUIRED, FROM_FILE, CONSTANT])


def words(text: str | None) -> list[str]:
    """Comma-separated words, trimmed, empties dropped ("Share, Like" -> [Share, Like])."""
    return [w.strip() for w in (text or "").split(",") if w.strip()]


def mapping_from_rows(
    table: str,
    rows: pd.DataFrame,
    create_influencers: bool = False,
    zero_words: list[str] | None = None,
    date_format: str | None = None,
) -> Mapping:
    """The Mapping the editor's rows describe; a constant wins over a file column."""
    columns: dict[str, str] = {}
    values: dict[str, str] = {}
    for row in rows.to_dict("records"):
        constant = _text(row.get(CONSTANT))
        source = _text(row.get(FROM_FILE))
        if constant:
            values[row[COLUMN]] = constant
        elif source:
            columns[row[COLUMN]] = source
    return Mapping(
        table=table,
        columns=columns,
        values=values,
        create_influencers=create_influencers and table == "posts",
        zero_words=zero_words or [],
        date_format=(date_format or "").strip() or None,
    )


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def unmapped_required(mapping: Mapping) -> list[str]:
    """Required columns the mapping fills from neither a file column nor a constant."""
    filled = set(mapping.columns) | set(mapping.values)
    missing = [c for c in TABLES[mapping.table].required if c not in filled]
    if mapping.table == "posts" and "influencer_id" in missing and "handle" in filled:
        missing.remove("influencer_id")
    return missing


# --- the report as tables -----------------------------------------------------------------


def problems_frame(report: ImportReport, warnings: bool = False) -> pd.DataFrame:
    """Every problem (or warning) as rows: file, line, column, value, what to do."""
    found = report.warnings if warnings else report.problems
    return pd.DataFrame(
        [
            {
                "File": p.file,
                "Line": p.line,
                "Column": p.column or "",
                "Value": "" if p.value is None else p.value,
                "Problem": p.message,
            }
            for p in found
        ],
        columns=["File", "Line", "Column", "Value", "Problem"],
    ).astype({"Line": "Int64"})


def counts_frame(report: ImportReport) -> pd.DataFrame:
    """Rows per table compared with the database: new, updated, unchanged."""
    rows = [
        {
            "Table": table,
            "Files": ", ".join(report.counts[table].files),
            "New": report.counts[table].new,
            "Updated": report.counts[table].updated,
            "Unchanged": report.counts[table].unchanged,
        }
        for table in TABLE_ORDER
        if table in report.counts
    ]
    return pd.DataFrame(rows, columns=["Table", "Files", "New", "Updated", "Unchanged"])
