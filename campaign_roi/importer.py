"""Read, map, coerce, validate and write a batch of files (the CLI and the Data page share it).

    report = validate_batch(con, [Source("posts.csv", data)])   # writes nothing
    report = import_batch(con, sources, source="cli")           # all or nothing

A batch is all-or-nothing: any problem and nothing is written. Every problem is
reported at once, with the file, line, column and value, in words a marketer
understands. No printing and no exits here: callers show `report.problems`, and
may pass `progress(step, fraction)` to follow along.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import time
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from campaign_roi import db
from campaign_roi.contract import (
    TABLE_ORDER,
    TABLES,
    Column,
    match_columns,
    table_for_name,
    tables_with_required,
)
from campaign_roi.mapping import Mapping
from campaign_roi.values import Parsed, parse_as, parse_choice

Progress = Callable[[str, float], None]

# Beyond this many rows with the same problem in one column, the rest are counted.
PROBLEMS_PER_KIND = 100
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SINGULAR = {
    "influencers": "creator",
    "campaigns": "campaign",
    "posts": "post",
    "spend": "spend row",
    "affiliate_codes": "affiliate code",
    "orders": "order",
}


# --- public types -------------------------------------------------------------------------


@dataclass
class Source:
    """One file of a batch: its name, its bytes, and optionally a mapping or a table."""

    name: str
    content: bytes
    mapping: Mapping | None = None
    table: str | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. `line` is the file's line (header = line 1)."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f'column "{self.column}"')
        if self.value is not None:
            where.append(f'value "{self.value}"')
        return f"{', '.join(where)}: {self.message}"


@dataclass
class TableCounts:
    """Rows of one table in a batch, compared with the database."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged


@dataclass
class ImportReport:
    """What a validation or an import found and did.

    `counts` compares each table's rows with the database: validate_batch always fills
    it; import_batch fills it when it writes (a refused import leaves it at zero).
    """

    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0  # every problem, including those summarised past the limit
    warnings: list[Problem] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)  # file name -> table
    counts: dict[str, TableCounts] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # coerced rows, per table
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


# --- collecting problems ------------------------------------------------------------------


class _Problems:
    """Collects problems; past PROBLEMS_PER_KIND of one kind in one column it only counts."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.total = 0
        self._seen: dict[tuple[str, str | None, str], int] = {}

    def add(self, problem: Problem, kind: str | None = None) -> None:
        key = (problem.file, problem.column, kind or problem.message)
        self.total += 1
        self._seen[key] = self._seen.get(key, 0) + 1
        if self._seen[key] <= PROBLEMS_PER_KIND:
            self.items.append(problem)

    def add_rows(
        self,
        file: str,
        lines: Sequence[int],
        column: str | None,
        values: Sequence[object],
        messages: str | Sequence[str],
        kind: str | None = None,
    ) -> None:
        """Problems for many rows of one file and column (values and messages per row)."""
        if isinstance(messages, str):
            kind = kind or messages
            messages = [messages] * len(lines)
        kind = kind or "row"
        key = (file, column, kind)
        already = self._seen.get(key, 0)
        room = max(PROBLEMS_PER_KIND - already, 0)
        rows = itertools.islice(zip(lines, values, messages, strict=True), room)
        for line, value, message in rows:
            self.items.append(Problem(file, int(line), column, _shown(value), message))
        self._seen[key] = already + len(lines)
        self.total += len(lines)

    def finish(self) -> list[Problem]:
        """The problems in file and line order, with a line per kind saying how many more."""
        files = list(dict.fromkeys(p.file for p in self.items))
        out = sorted(self.items, key=lambda p: (files.index(p.file), p.line or 0))
        for (file, column, kind), count in self._seen.items():
            if count > PROBLEMS_PER_KIND:
                more = count - PROBLEMS_PER_KIND
                what = f" ({kind})" if len(kind) < 200 else ""
                out.append(
                    Problem(
                        file, None, column, None, f"{more:,} more rows have the same problem{what}."
                    )
                )
        return out


def _shown(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


# --- reading files ------------------------------------------------------------------------


@dataclass
class _Raw:
    """A file read as text: every cell a string, indexed by the file's line number."""

    name: str
    frame: pd.DataFrame


def read_source(source: Source, problems: _Problems) -> _Raw | None:
    """Read a CSV or XLSX file as text; None (with a problem) when it cannot be read."""
    if not source.content or source.content.isspace():
        problems.add(
            Problem(
                source.name,
                None,
                None,
                None,
                "the file is empty. Export it again with a header row and data rows.",
            )
        )
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
    return _Raw(source.name, frame)


def _read_csv(source: Source, problems: _Problems) -> pd.DataFrame | None:
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
        problems.add(
            Problem(
                source.name,
                None,
                None,
                None,
                "the file is empty. Export it again with a header row and data rows.",
            )
        )
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


def _read_xlsx(source: Source, problems: _Problems) -> pd.DataFrame | None:
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


# --- which table, which columns -----------------------------------------------------------


def _with_fitting_mapping(source: Source, headers: list[str]) -> Source:
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


@dataclass
class _Plan:
    """Where each contract column of one file comes from: a header or a constant."""

    table: str
    headers: dict[str, str]  # contract column -> file header
    constants: dict[str, str]  # contract column -> constant from the mapping
    unknown: list[str]

    def label(self, column: str) -> str:
        return self.headers.get(column, column)


def plan_columns(source: Source, raw: _Raw, table: str, problems: _Problems) -> _Plan | None:
    """Match the file's headers to the contract (or apply the mapping); report gaps."""
    headers = list(raw.frame.columns)
    mapping = source.mapping
    if mapping is None:
        matched, unknown = match_columns(table, headers)
        plan = _Plan(table, matched, {}, unknown)
    else:
        wrong = mapping.problems() + [
            f'the mapping names source column "{s}", which is not in this file. '
            f"Its columns are: {', '.join(headers)}."
            for s in mapping.missing_sources(headers)
        ]
        for message in wrong:
            problems.add(Problem(source.name, 1, None, None, f"mapping: {message}"))
        if wrong:
            return None
        found = {c: mapping.source_header(headers, s) for c, s in mapping.columns.items()}
        used = set(found.values())
        plan = _Plan(
            table,
            {c: h for c, h in found.items() if h},
            dict(mapping.values),
            [h for h in headers if h not in used],
        )
    _report_missing_columns(source, plan, problems)
    return plan


def _report_missing_columns(source: Source, plan: _Plan, problems: _Problems) -> None:
    have = set(plan.headers) | set(plan.constants)
    creating = source.mapping is not None and source.mapping.create_influencers
    needed = list(TABLES[plan.table].required)
    if creating:
        needed += ["platform"]
        if "influencer_id" not in have and "handle" in have:
            needed.remove("influencer_id")
    for column in needed:
        if column not in have:
            problems.add(
                Problem(
                    source.name,
                    1,
                    column,
                    None,
                    f'the required column "{column}" is missing. Add a column named {column} '
                    + ("(or map one in the mapping)." if source.mapping else "to the header row."),
                )
            )


# --- coercing one file --------------------------------------------------------------------


@dataclass
class _Part:
    """One file's rows for one table: typed values, the raw text, and where they came from."""

    file: str
    table: str
    typed: pd.DataFrame  # contract columns, index = line numbers
    raw: pd.DataFrame  # the text cells, by contract column, same index
    plan: _Plan


def _parse_column(column: Column, raw: pd.Series, mapping: Mapping | None, currency: str) -> Parsed:
    if column.allowed:
        return parse_choice(raw, column.allowed)
    parsed = parse_as(
        column.kind,
        raw,
        currency=currency,
        zero_words=mapping.zero_words if mapping else (),
        date_format=mapping.date_format if mapping else None,
    )
    if column.upper and column.kind == "text":
        parsed.values = parsed.values.str.upper()
    return parsed


def coerce_part(
    source: Source, raw: _Raw, plan: _Plan, currency: str, problems: _Problems
) -> _Part:
    """Parse every mapped column; bad cells become problems and missing values."""
    columns = [_table_column(plan.table, c) for c in _columns_of(source, plan.table)]
    index = raw.frame.index
    typed: dict[str, pd.Series] = {}
    texts: dict[str, pd.Series] = {}
    for column in columns:
        if column.name in plan.headers:
            cells = raw.frame[plan.headers[column.name]]
        elif column.name in plan.constants:
            cells = _constant_cells(source, plan, column, currency, problems, index)
        else:
            cells = pd.Series(np.nan, index=index, dtype="str")
        parsed = _parse_column(column, cells, source.mapping, currency)
        if not parsed.errors.empty and column.name in plan.headers:
            bad = parsed.errors.index
            problems.add_rows(
                source.name,
                bad,
                plan.label(column.name),
                cells.loc[bad].to_numpy(),
                parsed.errors.to_numpy(),
            )
        typed[column.name] = parsed.values
        texts[column.name] = cells
    return _Part(
        source.name,
        plan.table,
        pd.DataFrame(typed, index=index),
        pd.DataFrame(texts, index=index),
        plan,
    )


def _columns_of(source: Source, table: str) -> list[str]:
    if source.mapping is not None:
        return source.mapping.allowed_columns()
    return TABLES[table].column_names


def _table_column(table: str, name: str) -> Column:
    if name in TABLES[table].column_names:
        return TABLES[table].column(name)
    return TABLES["influencers"].column(name)


def _constant_cells(
    source: Source, plan: _Plan, column: Column, currency: str, problems: _Problems, index: pd.Index
) -> pd.Series:
    """A mapping constant, checked once and repeated for every row."""
    value = plan.constants[column.name]
    parsed = _parse_column(column, pd.Series([value], dtype="str"), source.mapping, currency)
    if not parsed.errors.empty:
        problems.add(
            Problem(
                source.name,
                None,
                column.name,
                value,
                f"(set in the mapping) {parsed.errors.iloc[0]}",
            )
        )
        return pd.Series(np.nan, index=index, dtype="str")
    return pd.Series(value, index=index, dtype="str")


# --- checks within one file ---------------------------------------------------------------


def _empty_text(cells: pd.Series) -> pd.Series:
    return cells.isna() | (cells.astype("str").str.strip() == "")


def check_required_values(part: _Part, columns: list[str], problems: _Problems) -> None:
    """A required column with an empty cell."""
    for name in columns:
        if name not in part.typed:
            continue
        if name not in part.plan.headers and name not in part.plan.constants:
            continue  # the whole column is missing: reported once, on line 1
        empty = _empty_text(part.raw[name])
        if empty.any():
            lines = part.typed.index[empty.to_numpy()]
            problems.add_rows(
                part.file,
                lines,
                part.plan.label(name),
                [""] * len(lines),
                f"{name} is required and this cell is empty. Fill it in.",
            )


def check_dates_in_order(part: _Part, problems: _Problems) -> None:
    """A campaign that ends before it starts."""
    start, end = part.typed["start_date"], part.typed["end_date"]
    wrong = (end < start).fillna(False).to_numpy(dtype=bool)
    if wrong.any():
        lines = part.typed.index[wrong]
        starts = part.raw["start_date"].loc[lines].to_numpy()
        problems.add_rows(
            part.file,
            lines,
            part.plan.label("end_date"),
            part.raw["end_date"].loc[lines].to_numpy(),
            [
                f"the campaign ends before it starts (start_date {s}). Fix end_date or start_date."
                for s in starts
            ],
            kind="end before start",
        )


def check_currency(part: _Part, currency: str, problems: _Problems) -> None:
    """A currency other than the reporting currency; stored upper-case."""
    if "currency" not in part.typed:
        return
    codes = part.typed["currency"].str.upper()
    part.typed["currency"] = codes
    wrong = (codes.notna() & (codes != currency.upper())).to_numpy()
    if wrong.any():
        lines = part.typed.index[wrong]
        problems.add_rows(
            part.file,
            lines,
            part.plan.label("currency"),
            part.raw["currency"].loc[lines].to_numpy(),
            f"this row is in another currency, but this database reports in {currency}. "
            f"Convert the amount to {currency} and write {currency} here (or leave it empty).",
        )


def check_part(part: _Part, currency: str, problems: _Problems) -> None:
    """The checks that need only one file's rows."""
    table = TABLES[part.table]
    if (
        part.table == "posts"
        and "handle" in part.typed
        and "influencer_id" not in part.plan.headers
    ):
        part.typed["influencer_id"] = part.typed["handle"]
        part.raw["influencer_id"] = part.raw["handle"]
        part.plan.headers.setdefault("influencer_id", part.plan.label("handle"))
    check_required_values(part, table.required, problems)
    if part.table == "campaigns":
        check_dates_in_order(part, problems)
    check_currency(part, currency, problems)


# --- creators named by a posts export -----------------------------------------------------


def creators_from_posts(part: _Part) -> _Part:
    """One creator per influencer_id from a posts export: values from its latest post."""
    rows = part.typed[part.typed["influencer_id"].notna()]
    order = rows.assign(_line=rows.index).sort_values(["posted_at", "_line"], na_position="first")
    latest = order.drop_duplicates("influencer_id", keep="last").drop(columns="_line")
    followers = (
        latest["followers"] if "followers" in part.plan.headers else latest["followers_at_post"]
    )
    handle = latest["handle"].fillna(latest["influencer_id"])
    typed = pd.DataFrame(
        {
            "influencer_id": latest["influencer_id"],
            "handle": handle,
            "platform": latest["platform"],
            "followers": followers,
            "niche": latest.get("niche"),
            "country": latest.get("country"),
            "name": latest.get("name"),
        },
        index=latest.index,
    )
    source_of = {
        "followers": "followers" if "followers" in part.plan.headers else "followers_at_post"
    }
    raw = pd.DataFrame(
        {
            c: part.raw[source_of.get(c, c)].loc[latest.index]
            for c in typed.columns
            if source_of.get(c, c) in part.raw
        },
        index=latest.index,
    )
    headers = {c: part.plan.label(source_of.get(c, c)) for c in typed.columns}
    plan = _Plan("influencers", headers, part.plan.constants, [])
    return _Part(part.file, "influencers", typed, raw, plan)


def check_new_creators(part: _Part, problems: _Problems) -> None:
    """A creator to be created needs a platform and a follower count."""
    for name in ("platform", "followers"):
        empty = part.typed[name].isna().to_numpy()
        if empty.any():
            lines = part.typed.index[empty]
            ids = part.typed["influencer_id"].to_numpy()[empty]
            problems.add_rows(
                part.file,
                lines,
                part.plan.label(name),
                [""] * len(lines),
                [
                    f'creator "{i}" is new and needs its {name}, but its latest post has none. '
                    f"Fill it in, or import the creator in influencers.csv first."
                    for i in ids
                ],
                kind=f"new creator without {name}",
            )


# --- checks across the batch and the database ---------------------------------------------


def _combined(parts: list[_Part], table: str) -> pd.DataFrame:
    """All parts of one table stacked, with _part (position in `parts`) and _line."""
    names = TABLES[table].column_names
    frames = []
    for number, part in enumerate(parts):
        frame = part.typed.reindex(columns=names)
        frame["_part"] = number
        frame["_line"] = part.typed.index.to_numpy()
        frames.append(frame.reset_index(drop=True))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=names)


def _report_rows(
    parts: list[_Part],
    frame: pd.DataFrame,
    bad: np.ndarray,
    column: str,
    messages: str | Sequence[str],
    problems: _Problems,
    kind: str,
) -> None:
    """Problems for rows of a combined frame, grouped back to their files."""
    rows = frame.loc[bad, ["_part", "_line"]]
    texts = None if isinstance(messages, str) else pd.Series(list(messages), index=rows.index)
    for number, group in rows.groupby("_part", sort=True):
        part = parts[int(number)]
        shown = messages if texts is None else texts.loc[group.index].tolist()
        if column in part.plan.constants and column not in part.plan.headers:
            first = shown if isinstance(shown, str) else shown[0]
            message = f"{first} (The mapping sets this value for every row.)"
            problems.add(Problem(part.file, None, column, part.plan.constants[column], message))
            continue
        lines = group["_line"].to_numpy()
        values = part.raw[column].loc[lines].to_numpy() if column in part.raw else [""] * len(lines)
        problems.add_rows(part.file, lines, part.plan.label(column), values, shown, kind=kind)


def check_duplicates(
    parts: list[_Part], frame: pd.DataFrame, table: str, problems: _Problems
) -> None:
    """The same id twice in the batch (codes compared case-insensitively: stored upper)."""
    key = TABLES[table].key
    dup = (frame[key].duplicated(keep="first") & frame[key].notna()).to_numpy()
    if not dup.any():
        return
    firsts = frame[~frame[key].duplicated(keep="first")].set_index(key)
    again = frame.loc[dup, key]
    first_part = again.map(firsts["_part"]).astype(int)
    first_line = again.map(firsts["_line"]).astype(int)
    messages = [
        f"this {key} appears more than once in this import "
        f"(first on line {line} of {parts[p].file}). "
        f"Keep one row per {key}."
        for p, line in zip(first_part, first_line, strict=True)
    ]
    _report_rows(parts, frame, dup, key, messages, problems, kind="duplicate id")


def _with_values(con: duckdb.DuckDBPyConnection, values: pd.Series, sql: str) -> pd.DataFrame:
    """Run `sql` with the values registered as relation `_vals(v)`; fetch fully."""
    name = f"_import_vals_{uuid.uuid4().hex}"
    con.register(name, pd.DataFrame({"v": values.astype("str").to_numpy()}))
    try:
        return con.execute(sql.replace("_vals", name)).df()
    finally:
        con.unregister(name)


def missing_in_db(con: duckdb.DuckDBPyConnection, table: str, values: pd.Series) -> set[str]:
    """The values that are not keys of `table` in the database."""
    if values.empty:
        return set()
    key = TABLES[table].key
    sql = f"SELECT c.v FROM _vals AS c ANTI JOIN {table} AS t ON c.v = t.{key}"
    return set(_with_values(con, values, sql)["v"])


def check_references(
    con: duckdb.DuckDBPyConnection,
    parts: dict[str, list[_Part]],
    frames: dict[str, pd.DataFrame],
    table: str,
    problems: _Problems,
) -> None:
    """Ids that must exist in the database or in the same batch."""
    frame = frames[table]
    for column in TABLES[table].columns:
        if not column.references:
            continue
        target = column.references
        values = pd.Series(frame[column.name].dropna().unique(), dtype="str")
        in_batch = (
            frames[target][TABLES[target].key] if target in frames else pd.Series([], dtype="str")
        )
        unknown = missing_in_db(con, target, values[~values.isin(in_batch)])
        if not unknown:
            continue
        bad = frame[column.name].isin(unknown).to_numpy()
        what = SINGULAR[target]
        messages = [
            f'there is no {what} "{v}" in the database or in this import. Add it '
            f"(in {target}.csv) or fix the {column.name}."
            for v in frame.loc[bad, column.name]
        ]
        _report_rows(
            parts[table], frame, bad, column.name, messages, problems, kind="unknown reference"
        )


def _post_owners(
    con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame], post_ids: pd.Series
) -> pd.DataFrame:
    """campaign_id and influencer_id of each post id, from the batch first, else the database."""
    cols = ["post_id", "campaign_id", "influencer_id"]
    batch = frames["posts"][cols] if "posts" in frames else pd.DataFrame(columns=cols)
    rest = post_ids[~post_ids.isin(batch["post_id"])]
    stored = pd.DataFrame(columns=cols)
    if not rest.empty:
        sql = (
            "SELECT p.post_id, p.campaign_id, p.influencer_id "
            "FROM posts AS p SEMI JOIN _vals AS c ON p.post_id = c.v"
        )
        stored = _with_values(con, rest, sql)
    return (
        pd.concat([batch, stored], ignore_index=True)
        .drop_duplicates("post_id")
        .set_index("post_id")
    )


def check_spend_posts(
    con: duckdb.DuckDBPyConnection,
    parts: list[_Part],
    frames: dict[str, pd.DataFrame],
    problems: _Problems,
) -> None:
    """A spend row's post must belong to the same campaign and (if named) creator."""
    spend = frames["spend"]
    linked = spend["post_id"].notna().to_numpy()
    if not linked.any():
        return
    owners = _post_owners(
        con, frames, pd.Series(spend.loc[linked, "post_id"].unique(), dtype="str")
    )
    owner_campaign = spend["post_id"].map(owners["campaign_id"])
    owner_creator = spend["post_id"].map(owners["influencer_id"])
    known = owner_campaign.notna().to_numpy()
    wrong_campaign = known & (owner_campaign != spend["campaign_id"]).fillna(False).to_numpy(
        dtype=bool
    )
    wrong_creator = (
        known
        & spend["influencer_id"].notna().to_numpy()
        & (owner_creator != spend["influencer_id"]).fillna(False).to_numpy(dtype=bool)
    )
    bad = wrong_campaign | wrong_creator
    if not bad.any():
        return
    rows = spend.loc[bad]
    messages = [
        f'post "{p}" belongs to creator "{oi}" in campaign "{oc}", but this row names creator '
        f'"{"" if pd.isna(i) else i}" in campaign "{c}". '
        "Fix the post_id, influencer_id or campaign_id."
        for p, oi, oc, i, c in zip(
            rows["post_id"],
            owner_creator[bad],
            owner_campaign[bad],
            rows["influencer_id"],
            rows["campaign_id"],
            strict=True,
        )
    ]
    _report_rows(parts, spend, bad, "post_id", messages, problems, kind="post of another creator")


# --- defaults -----------------------------------------------------------------------------


def fill_post_defaults(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Empty posts.platform and followers_at_post come from the creator (batch, else database)."""
    posts = frames["posts"]
    if not (posts["platform"].isna().any() or posts["followers_at_post"].isna().any()):
        return
    cols = ["influencer_id", "platform", "followers"]
    batch = frames["influencers"][cols] if "influencers" in frames else pd.DataFrame(columns=cols)
    needed = pd.Series(posts["influencer_id"].dropna().unique(), dtype="str")
    rest = needed[~needed.isin(batch["influencer_id"])]
    stored = pd.DataFrame(columns=cols)
    if not rest.empty:
        sql = (
            "SELECT i.influencer_id, i.platform, i.followers FROM influencers AS i "
            "SEMI JOIN _vals AS c ON i.influencer_id = c.v"
        )
        stored = _with_values(con, rest, sql)
    creators = pd.concat([batch, stored], ignore_index=True).drop_duplicates("influencer_id")
    at = pd.Index(creators["influencer_id"].astype("str")).get_indexer(posts["influencer_id"])
    found = at >= 0
    platform = np.full(len(posts), None, dtype=object)
    platform[found] = creators["platform"].to_numpy(dtype=object)[at[found]]
    followers = pd.array(np.zeros(len(posts), dtype="int64"), dtype="Int64")
    followers[found] = creators["followers"].astype("Int64").to_numpy()[at[found]]
    followers[~found] = pd.NA
    posts["platform"] = posts["platform"].fillna(
        pd.Series(platform, index=posts.index, dtype="str")
    )
    posts["followers_at_post"] = posts["followers_at_post"].fillna(
        pd.Series(followers, index=posts.index)
    )


def fill_defaults(frames: dict[str, pd.DataFrame]) -> None:
    """Column defaults of the contract (orders.refunded is false when empty)."""
    for table, frame in frames.items():
        for column in TABLES[table].columns:
            if column.default is not None:
                frame[column.name] = frame[column.name].fillna(column.default)


# --- comparing with the database and writing ----------------------------------------------


def _staged_sql(table: str, relation: str) -> str:
    """SELECT the frame's columns cast to the table's types (identifiers from the contract)."""
    casts = ", ".join(f"CAST({c.name} AS {c.sql_type}) AS {c.name}" for c in TABLES[table].columns)
    return f"SELECT {casts} FROM {relation}"


def _changed_sql(table: str, relation: str) -> str:
    names = ", ".join(TABLES[table].column_names)
    return f"({_staged_sql(table, relation)}) EXCEPT (SELECT {names} FROM {table})"


def _register(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> str:
    """Register the frame (as Arrow: faster to scan) under a fresh name; return the name."""
    relation = f"_import_{table}_{uuid.uuid4().hex}"
    con.register(relation, pa.Table.from_pandas(frame, preserve_index=False))
    return relation


def count_changes(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> TableCounts:
    """How many rows are new, would update a stored row, or are already stored as they are."""
    relation = _register(con, table, frame)
    key = TABLES[table].key
    try:
        sql = (
            f"WITH changed AS ({_changed_sql(table, relation)}) "
            f"SELECT (SELECT count(*) FROM changed), "
            f"(SELECT count(*) FROM changed AS c ANTI JOIN {table} AS t ON c.{key} = t.{key})"
        )
        changed, new = con.execute(sql).fetchall()[0]
    finally:
        con.unregister(relation)
    return TableCounts(new=new, updated=changed - new, unchanged=len(frame) - changed)


def write_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> TableCounts:
    """Upsert by id the rows that are new or changed; return how many of each."""
    relation = _register(con, table, frame)
    names = ", ".join(TABLES[table].column_names)
    key = TABLES[table].key
    try:
        if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)").fetchall()[0][
            0
        ]:
            con.execute(f"INSERT INTO {table} ({names}) {_staged_sql(table, relation)}")
            return TableCounts(new=len(frame))
        changed = f"{relation}_changed"
        con.execute(f"CREATE TEMP TABLE {changed} AS {_changed_sql(table, relation)}")
        total, new = con.execute(
            f"SELECT (SELECT count(*) FROM {changed}), "
            f"(SELECT count(*) FROM {changed} AS c ANTI JOIN {table} AS t ON c.{key} = t.{key})"
        ).fetchall()[0]
        con.execute(f"INSERT OR REPLACE INTO {table} ({names}) SELECT * FROM {changed}")
        con.execute(f"DROP TABLE {changed}")
        return TableCounts(new=new, updated=total - new, unchanged=len(frame) - total)
    finally:
        con.unregister(relation)


def log_import(
    con: duckdb.DuckDBPyConnection,
    table: str,
    counts: TableCounts,
    source: str,
    imported_by: str | None,
) -> None:
    con.execute(
        "INSERT INTO import_log VALUES "
        "($id, $at, $by, $files, $source, $table, $new, $updated, $unchanged)",
        {
            "id": uuid.uuid4().hex,
            "at": datetime.now(UTC).replace(tzinfo=None),
            "by": imported_by,
            "files": ", ".join(counts.files),
            "source": source,
            "table": table,
            "new": counts.new,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        },
    )


# --- the batch ----------------------------------------------------------------------------


def _progress(progress: Progress | None, step: str, fraction: float) -> None:
    if progress is not None:
        progress(step, fraction)


def _load_parts(
    sources: Sequence[Source],
    currency: str,
    report: ImportReport,
    problems: _Problems,
    progress: Progress | None,
) -> dict[str, list[_Part]]:
    """Read, plan and coerce every file; returns the parts per table (creators derived too)."""
    parts: dict[str, list[_Part]] = {}
    derived: list[_Part] = []
    for number, source in enumerate(sources):
        _progress(progress, f"reading {source.name}", 0.4 * number / max(len(sources), 1))
        raw = read_source(source, problems)
        if raw is None:
            continue
        source = _with_fitting_mapping(source, list(raw.frame.columns))
        table, reason = detect_table(source, list(raw.frame.columns))
        if table is None:
            problems.add(Problem(source.name, None, None, None, reason or "unknown table"))
            continue
        report.tables[source.name] = table
        plan = plan_columns(source, raw, table, problems)
        if plan is None:
            continue
        for header in plan.unknown:
            report.warnings.append(
                Problem(
                    source.name,
                    1,
                    header,
                    None,
                    f"this column is not part of {table} and is ignored.",
                )
            )
        part = coerce_part(source, raw, plan, currency, problems)
        check_part(part, currency, problems)
        if source.mapping is not None and source.mapping.create_influencers:
            derived.append(creators_from_posts(part))
        part.typed = part.typed.reindex(columns=TABLES[table].column_names)
        parts.setdefault(table, []).append(part)
    if derived:
        parts["_derived_influencers"] = derived
    return parts


def _add_new_creators(
    con: duckdb.DuckDBPyConnection, parts: dict[str, list[_Part]], problems: _Problems
) -> None:
    """Creators named by posts exports and known nowhere else join the influencers parts."""
    derived = parts.pop("_derived_influencers", [])
    explicit = _combined(parts.get("influencers", []), "influencers")["influencer_id"]
    for part in derived:
        ids = part.typed["influencer_id"]
        fresh = ids[~ids.isin(explicit)]
        unknown = missing_in_db(con, "influencers", fresh)
        keep = ids.isin(unknown).to_numpy()
        part.typed, part.raw = part.typed[keep], part.raw[keep]
        check_new_creators(part, problems)
        parts.setdefault("influencers", []).append(part)
        explicit = pd.concat([explicit, part.typed["influencer_id"]])


def _validate(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    progress: Progress | None,
    count: bool = True,
) -> ImportReport:
    report = ImportReport()
    problems = _Problems()
    currency = str(db.get_settings(con).get("reporting_currency") or "USD")
    started = time.perf_counter()
    parts = _load_parts(sources, currency, report, problems, progress)
    report.timings["read"] = time.perf_counter() - started
    started = time.perf_counter()
    _progress(progress, "checking the rows", 0.45)
    _add_new_creators(con, parts, problems)
    frames = {t: _combined(parts[t], t) for t in TABLE_ORDER if parts.get(t)}
    for table, frame in frames.items():
        check_duplicates(parts[table], frame, table, problems)
        check_references(con, parts, frames, table, problems)
    if "spend" in frames:
        check_spend_posts(con, parts["spend"], frames, problems)
    if "posts" in frames:
        fill_post_defaults(con, frames)
    fill_defaults(frames)
    _progress(progress, "comparing with the database", 0.6)
    for table, frame in frames.items():
        clean = frame[TABLES[table].column_names]
        report.frames[table] = clean
        counts = count_changes(con, table, clean) if count else TableCounts()
        counts.files = list(dict.fromkeys(p.file for p in parts[table]))
        report.counts[table] = counts
    report.problems = problems.finish()
    report.problem_count = problems.total
    report.timings["validate"] = time.perf_counter() - started
    return report


def validate_batch(
    con: duckdb.DuckDBPyConnection, sources: Sequence[Source], progress: Progress | None = None
) -> ImportReport:
    """Check a batch against the contract and the database; writes nothing."""
    report = _validate(con, sources, progress)
    _progress(progress, "checked", 1.0)
    return report


def import_batch(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    source: str = "cli",
    imported_by: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate, then write every table in one transaction, or nothing if any problem."""
    report = _validate(con, sources, progress, count=False)  # counted while writing
    if report.problems:
        _progress(progress, "not imported: fix the problems and try again", 1.0)
        return report
    started = time.perf_counter()
    tables = [t for t in TABLE_ORDER if t in report.frames]
    written: dict[str, TableCounts] = {}
    try:
        with db.transaction(con):
            for number, table in enumerate(tables):
                _progress(progress, f"writing {table}", 0.7 + 0.3 * number / len(tables))
                written[table] = write_table(con, table, report.frames[table])
                written[table].files = report.counts[table].files
                log_import(con, table, written[table], source, imported_by)
    except duckdb.Error as exc:  # rolled back: nothing was written
        failed = Problem(
            ", ".join(report.tables),
            None,
            None,
            None,
            f"the import failed while writing and nothing was written ({exc}). "
            "Try again; if it keeps failing, report this message.",
        )
        report.problems, report.problem_count = [failed], 1
        return report
    report.counts.update(written)
    report.written = True
    report.timings["write"] = time.perf_counter() - started
    _progress(progress, "imported", 1.0)
    return report


def sources_from_paths(paths: Sequence[str | Path], mapping: Mapping | None = None) -> list[Source]:
    """Sources read from files on disk (for the command line)."""
    return [Source(Path(p).name, Path(p).read_bytes(), mapping) for p in paths]
