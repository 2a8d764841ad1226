"""Reading one CSV or XLSX file as text cells, indexed by the file's line numbers.

Empty files, non-UTF-8 bytes, ragged rows and unreadable workbooks become problems, and
so does any failure inside a parser: reading never raises. Workbooks are checked
(workbooks.py: zip bombs, formulas without saved results) before a parser sees them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from campaign_roi.importing.problems import ProblemLog
from campaign_roi.importing.types import Problem, Source
from campaign_roi.importing.workbooks import check_workbook, unreadable_message

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
        frame = _read_csv_safely(source, problems)
    if frame is None:
        return None
    if frame.shape[1] == 0:
        problems.add(_empty_file(source.name))
        return None
    frame.columns = _unique(list(frame.columns))
    cells = range(frame.shape[1])
    empty_rows = np.logical_and.reduce([(frame.iloc[:, i] == "").to_numpy() for i in cells])
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


def _unique(headers: list[object]) -> list[str]:
    """Headers trimmed of spaces, unless that makes two alike ("likes", "likes "): the later
    one keeps its spaces (or, still alike, gets ".1" as pandas does), so it is reported as an
    unknown column under the name the file gives it."""
    taken: set[str] = set()
    out = []
    for header in headers:
        name = str(header).strip()
        if name in taken:
            name = str(header)
        base, count = name, 0
        while name in taken:
            count += 1
            name = f"{base}.{count}"
        taken.add(name)
        out.append(name)
    return out


def _read_csv_safely(source: Source, problems: ProblemLog) -> pd.DataFrame | None:
    """_read_csv, with any failure the parsers did not foresee reported as a problem."""
    try:
        return _read_csv(source, problems)
    except Exception as exc:  # a crash in a parser must reach the user as a problem
        detail = str(exc).strip() or type(exc).__name__
        message = (
            f"the file could not be read as CSV ({detail}). Save it again as CSV UTF-8 "
            "(in Excel: Save As, CSV UTF-8) and retry."
        )
        problems.add(Problem(source.name, None, None, None, message))
        return None


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
    if b"\r" in content and b"\n" not in content:  # old Mac line ends ("CSV (Macintosh)")
        content = content.replace(b"\r", b"\n")
    header = _first_line(content)
    sep = max((",", ";", "\t"), key=lambda s: header.count(s.encode()))
    fast = _read_csv_arrow(content, sep)
    if fast is not None:
        return _with_physical_lines(fast, content)
    if _report_ragged_rows(source.name, content, sep, problems):
        return None
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


RAGGED = (
    "this row has {saw} cells but the header has {expected} columns. Check for a stray "
    "comma, or put quotes around a value that contains a comma."
)


def _report_ragged_rows(name: str, content: bytes, sep: str, problems: ProblemLog) -> bool:
    """Rows with more or fewer cells than the header, each with the line it starts on.

    Checked here because pandas would not always say: when every row has one cell more
    than the header, it silently reads the first column as the index and shifts the rest.
    """
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=sep)
    try:
        width = len(next(reader, []))
        if width == 0:
            return False  # no header: pandas says the file is empty
        found = False
        start = reader.line_num + 1
        for row in reader:
            if row and len(row) != width:
                message = RAGGED.format(saw=len(row), expected=width)
                problems.add(Problem(name, start, None, None, message), kind="ragged row")
                found = True
            start = reader.line_num + 1
    except csv.Error:
        return False  # pandas reads it, or says why
    return found


def _ragged_row_problem(file: str, error: str) -> Problem:
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", error)
    if not found:
        return Problem(
            file, None, None, None, f"the file could not be read as CSV ({error.strip()})."
        )
    expected, line, saw = (int(g) for g in found.groups())
    return Problem(file, line, None, None, RAGGED.format(saw=saw, expected=expected))


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
    try:
        headers = next(csv.reader([first], delimiter=sep), [])
    except csv.Error:  # a stray carriage return in the header: pandas reads it, or says why
        return None
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
    if not check_workbook(source.name, source.content, problems):
        return None
    try:
        frame = pd.read_excel(
            io.BytesIO(source.content),
            sheet_name=0,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="openpyxl",
        )
    except Exception as exc:  # any parser failure is the file's problem, never a crash
        problems.add(Problem(source.name, None, None, None, unreadable_message(exc)))
        return None
    frame = frame.astype("str")
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame
