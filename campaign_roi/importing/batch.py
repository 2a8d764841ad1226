"""Validating and importing a batch: read, plan, coerce and check every file, then write.

    report = validate_batch(con, [Source("posts.csv", data)])   # writes nothing
    report = import_batch(con, sources, source="cli")           # all or nothing

A batch is all-or-nothing: any problem and nothing is written. Every problem is
reported at once, with the file, line, column and value, in words a marketer
understands. No printing and no exits here: callers show `report.problems`, and
may pass `progress(step, fraction)` to follow along.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from campaign_roi import aggregates, db
from campaign_roi.contract import TABLE_ORDER, TABLES
from campaign_roi.importing.batch_checks import (
    check_duplicates,
    check_references,
    check_spend_posts,
    combined,
)
from campaign_roi.importing.columns import Part, coerce_part, plan_columns
from campaign_roi.importing.creators import check_new_creators, creators_from_posts
from campaign_roi.importing.defaults import fill_defaults, fill_post_defaults
from campaign_roi.importing.detection import detect_table, with_fitting_mapping
from campaign_roi.importing.file_checks import check_part
from campaign_roi.importing.lookups import missing_in_db
from campaign_roi.importing.problems import ProblemLog
from campaign_roi.importing.reading import read_source
from campaign_roi.importing.types import ImportReport, Problem, Progress, Source, TableCounts
from campaign_roi.importing.writing import count_changes, log_import, write_table
from campaign_roi.mapping import Mapping


def _progress(progress: Progress | None, step: str, fraction: float) -> None:
    if progress is not None:
        progress(step, fraction)


def _load_parts(
    sources: Sequence[Source],
    currency: str,
    report: ImportReport,
    problems: ProblemLog,
    progress: Progress | None,
) -> dict[str, list[Part]]:
    """Read, plan and coerce every file; returns the parts per table (creators derived too)."""
    parts: dict[str, list[Part]] = {}
    derived: list[Part] = []
    for number, source in enumerate(sources):
        _progress(progress, f"reading {source.name}", 0.4 * number / max(len(sources), 1))
        raw = read_source(source, problems)
        if raw is None:
            continue
        source = with_fitting_mapping(source, list(raw.frame.columns))
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
    con: duckdb.DuckDBPyConnection, parts: dict[str, list[Part]], problems: ProblemLog
) -> None:
    """Creators named by posts exports and known nowhere else join the influencers parts."""
    derived = parts.pop("_derived_influencers", [])
    explicit = combined(parts.get("influencers", []), "influencers")["influencer_id"]
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
    problems = ProblemLog()
    currency = str(db.get_settings(con).get("reporting_currency") or "USD")
    started = time.perf_counter()
    parts = _load_parts(sources, currency, report, problems, progress)
    report.timings["read"] = time.perf_counter() - started
    started = time.perf_counter()
    _progress(progress, "checking the rows", 0.45)
    _add_new_creators(con, parts, problems)
    frames = {t: combined(parts[t], t) for t in TABLE_ORDER if parts.get(t)}
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
            # in the same transaction: viewers read old tables with old pre-aggregates,
            # or new with new (an upsert may change rows without changing any count)
            _progress(progress, "updating the pre-aggregated figures", 0.97)
            aggregates.refresh(con)
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
