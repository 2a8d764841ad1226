"""A file's header row, read cheaply (without parsing the rows), for the Data page's
table recognition and column mapping. A file that cannot be read gives None; the full
read during validation then reports why, with its line."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from campaign_roi.importing.problems import ProblemLog
from campaign_roi.importing.reading import EXCEL_SUFFIXES
from campaign_roi.importing.workbooks import check_workbook

SEPARATORS = (",", ";", "\t")


def read_headers(name: str, content: bytes) -> list[str] | None:
    """The column names of a CSV or XLSX file, or None when they cannot be read."""
    try:
        if Path(name).suffix.lower() in EXCEL_SUFFIXES:
            # the same checks as the import (zip bombs first) before openpyxl opens it
            return _xlsx_headers(content) if check_workbook(name, content, ProblemLog()) else None
        return _csv_headers(content)
    except Exception:  # noqa: BLE001 - any unreadable file: validation says why
        return None


def _csv_headers(content: bytes) -> list[str] | None:
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    end = content.find(b"\n")
    first = (content if end < 0 else content[:end]).decode("utf-8").rstrip("\r")
    if not first.strip():
        return None
    sep = max(SEPARATORS, key=first.count)
    headers = next(csv.reader([first], delimiter=sep), [])
    return [h.strip() for h in headers] or None


def _xlsx_headers(content: bytes) -> list[str] | None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
    finally:
        workbook.close()
    if row is None:
        return None
    headers = [str(v).strip() for v in row if v is not None and str(v).strip()]
    return headers or None
