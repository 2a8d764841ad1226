"""Reading one CSV or XLSX file as text cells, indexed by the file's line numbers.

Empty files, non-UTF-8 bytes, ragged rows and unreadable workbooks become problems.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from campaign_roi.importing.problems import ProblemLog
from campaign_roi.importing.types import Problem, Source

EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class RawFile:
    """A file read as text: every cell a string, indexed by the file's line number."""

    name: str
    frame: pd.DataFrame


def _empty_file(name: str) -> Problem:
    message = "the file is empty. Export it again with a header row and data rows."
    return Problem(name, None, None, None, message)


def read_source(source: Source, problems: ProblemLog) -> RawFile | None:
    """Read a CSV or XLSX file as text; None (with a problem) when it cannot be read."""
    if not source.content or source.content.isspace():
        problems.add(_empty_file(source.name))
        return None
    if Path(source.name).suffix.lower() in EXCEL_SUFFIXES:
        frame = _read_xlsx(source, problems)
    else:
        frame = _read_csv(source, problems)
    if frame is None:
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    empty_rows = np.logical_and.reduce([(frame[c] == "").to_numpy() for c in frame.columns])
    frame = frame[~empty_rows]
    if frame.empty:
        problems.add(
            Problem(
                source.name,
                None,
                None,
                None,
                "the file has a header row but no data rows. Add the rows, or leave the file out.",
            )
        )
        return None
    return RawFile(source.name, frame)


def _read_csv(source: Source, problems: ProblemLog) -> pd.DataFrame | None:
    content = source.content
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        problems.add(
            Problem(
                source.name,
                line,
                None,
                repr(content[exc.start : exc.start + 4])[2:-1],
                f"the file is not UTF-8 text (the first bad byte is byte {exc.start + 1:,} of the "
                'file). Save it again as "CSV UTF-8" (in Excel: Save As, CSV UTF-8) and retry.',
            )
        )
        return None
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    header = _first_line(content)
    sep = max((",", ";", "\t"), key=lambda s: header.count(s.encode()))
    fast = _read_csv_arrow(content, sep)
    if fast is not None:
        return _with_physical_lines(fast, content)
    try:
        frame = pd.read_csv(
            io.BytesIO(content),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            sep=sep,
        )
    except pd.errors.EmptyDataError:
        problems.add(_empty_file(source.name))
        return None
    except pd.errors.ParserError as exc:
        problems.add(_ragged_row_problem(source.name, str(exc)))
        return None
    return _with_physical_lines(frame, content)


def _ragged_row_problem(file: str, error: str) -> Problem:
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", error)
    if not found:
        return Problem(
            file, None, None, None, f"the file could not be read as CSV ({error.strip()})."
        )
    expected, line, saw = (int(g) for g in found.groups())
    return Problem(
        file,
        line,
        None,
        None,
        f"this row has {saw} cells but the header has {expected} columns. Check for a stray "
        "comma, or put quotes around a value that contains a comma.",
    )


def _with_physical_lines(frame: pd.DataFrame, content: bytes) -> pd.DataFrame:
    """Index the rows by the file line they start on (header = line 1)."""
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    if lines != len(frame) + 1:  # some quoted cell spans lines
        frame.index = _physical_lines(frame)
    return frame


def _physical_lines(frame: pd.DataFrame) -> pd.Index:
    """The file line each row starts on, counting line breaks inside quoted cells."""
    extra = np.zeros(len(frame), dtype="int64")
    for column in frame.columns:
        cells = frame[column]
        if cells.str.contains("\n", regex=False).any():
            extra += cells.str.count("\n").fillna(0).to_numpy(dtype="int64")
    if not extra.any():
        return frame.index
    starts = 2 + np.concatenate([[0], np.cumsum(1 + extra)[:-1]])
    return pd.Index(starts)


def _first_line(content: bytes) -> bytes:
    end = content.find(b"\n")
    return content if end < 0 else content[:end]


def _read_csv_arrow(content: bytes, sep: str) -> pd.DataFrame | None:
    """Every cell as text via pyarrow's multi-threaded reader; None when it cannot (a ragged
    row, say): the pandas reader then reports the problem with its line."""
    first = _first_line(content).decode("utf-8").rstrip("\r")
    headers = next(csv.reader([first], delimiter=sep), [])
    if not headers or len(set(headers)) != len(headers):
        return None
    names = [f"c{i}" for i in range(len(headers))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(content),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.large_string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    frame = pd.DataFrame(
        {h: pd.Series(table.column(n), dtype="str") for h, n in zip(headers, names, strict=True)}
    )
    return frame


def _read_xlsx(source: Source, problems: ProblemLog) -> pd.DataFrame | None:
    try:
        frame = pd.read_excel(
            io.BytesIO(source.content),
            sheet_name=0,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="openpyxl",
        )
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        problems.add(
            Problem(
                source.name,
                None,
                None,
                None,
                f"the file could not be read as an Excel workbook ({exc}). Save it again as .xlsx "
                "or export it as CSV UTF-8.",
            )
        )
        return None
    frame = frame.astype("str")
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame
