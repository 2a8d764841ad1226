"""The public types of an import: a source file, a problem, row counts and the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from campaign_roi.mapping import Mapping

Progress = Callable[[str, float], None]


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
