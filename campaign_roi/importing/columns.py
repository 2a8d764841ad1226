"""Where each contract column of a file comes from, and its cells parsed to typed values.

A column plan matches headers to the contract (or applies the mapping) and reports the
required columns that are missing; coercion parses every planned column, bad cells
becoming problems and missing values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from campaign_roi.contract import TABLES, Column, match_columns
from campaign_roi.importing.problems import ProblemLog
from campaign_roi.importing.reading import RawFile
from campaign_roi.importing.types import Problem, Source
from campaign_roi.mapping import Mapping
from campaign_roi.values import Parsed, parse_as, parse_choice


@dataclass
class ColumnPlan:
    """Where each contract column of one file comes from: a header or a constant."""

    table: str
    headers: dict[str, str]  # contract column -> file header
    constants: dict[str, str]  # contract column -> constant from the mapping
    unknown: list[str]

    def label(self, column: str) -> str:
        return self.headers.get(column, column)


def plan_columns(
    source: Source, raw: RawFile, table: str, problems: ProblemLog
) -> ColumnPlan | None:
    """Match the file's headers to the contract (or apply the mapping); report gaps."""
    headers = list(raw.frame.columns)
    mapping = source.mapping
    if mapping is None:
        matched, unknown = match_columns(table, headers)
        plan = ColumnPlan(table, matched, {}, unknown)
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
        plan = ColumnPlan(
            table,
            {c: h for c, h in found.items() if h},
            dict(mapping.values),
            [h for h in headers if h not in used],
        )
    _report_missing_columns(source, plan, problems)
    return plan


def _report_missing_columns(source: Source, plan: ColumnPlan, problems: ProblemLog) -> None:
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
class Part:
    """One file's rows for one table: typed values, the raw text, and where they came from."""

    file: str
    table: str
    typed: pd.DataFrame  # contract columns, index = line numbers
    raw: pd.DataFrame  # the text cells, by contract column, same index
    plan: ColumnPlan


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
    source: Source, raw: RawFile, plan: ColumnPlan, currency: str, problems: ProblemLog
) -> Part:
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
    return Part(
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
    source: Source,
    plan: ColumnPlan,
    column: Column,
    currency: str,
    problems: ProblemLog,
    index: pd.Index,
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
