"""python -m campaign_roi: demo, import, summary, compare.

Exit codes: 0 fine; 1 the import found problems (listed on stderr); 2 bad arguments
or input that cannot be read; 3 the database is held by another program.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from campaign_roi import db, export, formatting, metrics
from campaign_roi.paths import database_path

EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUSY = 1, 2, 3


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-03-31") from None


def _tier_list(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m campaign_roi", description="Campaign ROI for influencer marketing."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add_db(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--db", help="database file (default: $CAMPAIGN_ROI_DB or data/campaigns.duckdb)"
        )

    def add_filters(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--from", dest="date_from", type=_iso_date, help="first day, inclusive")
        sub.add_argument("--to", dest="date_to", type=_iso_date, help="last day, inclusive")
        sub.add_argument("--tiers", default=None, help="tier scheme: default, five, or custom")
        sub.add_argument("--campaign", action="append", help="only this campaign id (repeatable)")
        sub.add_argument("--platform", action="append", help="only this platform (repeatable)")

    demo = commands.add_parser("demo", help="build the demo database")
    add_db(demo)
    demo.add_argument("--scale", type=float, default=1.0, help="1 = about 10,000 posts")

    imp = commands.add_parser("import", help="import a batch of CSV/XLSX files, all or nothing")
    add_db(imp)
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--map", dest="mapping", type=Path, help="column mapping (TOML)")

    summary = commands.add_parser("summary", help="print the figures per group")
    add_db(summary)
    add_filters(summary)
    summary.add_argument("--by", default="all", choices=metrics.GROUPINGS)
    summary.add_argument("--format", default="table", choices=("table", "json", "csv"))

    compare = commands.add_parser("compare", help="micro side vs macro side")
    add_db(compare)
    add_filters(compare)
    compare.add_argument(
        "--micro", type=_tier_list, help="tiers on the micro side, comma-separated"
    )
    compare.add_argument(
        "--macro", type=_tier_list, help="tiers on the macro side, comma-separated"
    )
    compare.add_argument("--format", default="table", choices=("table", "json"))
    return parser


def _filters(args: argparse.Namespace) -> metrics.Filters:
    return metrics.Filters(
        date_from=args.date_from,
        date_to=args.date_to,
        campaigns=tuple(args.campaign) if args.campaign else None,
        platforms=tuple(args.platform) if args.platform else None,
        scheme=args.tiers,
    )


def _open_reader(args: argparse.Namespace):
    return db.connect_ro(database_path(args.db))


# --- summary ------------------------------------------------------------------------------


def _money(decimals: int = 2):
    return lambda value, currency: formatting.money(value, currency, decimals=decimals)


def _plain(fmt):
    return lambda value, currency: fmt(value)


# (figure, header, formatter(value, reporting currency))
_TABLE_COLUMNS = (
    ("posts", "posts", _plain(formatting.count)),
    ("placements", "placements", _plain(formatting.count)),
    ("engagements", "engagements", _plain(formatting.count)),
    ("typical_er", "typical ER", _plain(formatting.percent)),
    ("pooled_er", "pooled ER", _plain(formatting.percent)),
    ("cost", "cost", _money()),
    ("cpe", "CPE", _money(3)),
    ("cpm", "CPM", _money()),
    ("cpv", "CPV", _money(4)),
    ("cpc", "CPC", _money()),
    ("cpa", "CPA", _money()),
    ("cost_per_post", "cost/post", _money()),
    ("orders", "orders", _plain(formatting.count)),
    ("revenue", "revenue", _money()),
    ("commission", "commission", _money()),
    ("conversion_rate", "conv.", _plain(formatting.percent)),
    ("roas", "ROAS", _plain(formatting.multiple)),
    ("roi", "ROI", _plain(formatting.percent)),
)


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(str(c).rjust(w) for c, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def _summary_table(frame, by: str, currency: str) -> str:
    header = [by if by != "all" else ""] + [label for _, label, _ in _TABLE_COLUMNS]
    rows = []
    for row in frame.to_dict("records"):
        label = row["group_label"] if row["group_key"] is not None else "(unattributed)"
        cells = [fmt(row[name], currency) for name, _, fmt in _TABLE_COLUMNS]
        rows.append([label if by != "all" else "all", *cells])
    if not rows:
        return "No data for these filters."
    notes = [
        "Cost = attributable spend + accrued commission. Typical ER = median per-post ER by "
        "followers; pooled ER = engagements / followers. Ratios are ratios of sums; — = no value."
    ]
    if any(r["group_key"] is None for r in frame.to_dict("records")) and by != "all":
        notes.append("(unattributed) = spend and commission that cannot be tied to one " + by + ".")
    return _text_table(header, rows) + "\n\n" + "\n".join(notes)


def cmd_summary(args: argparse.Namespace) -> int:
    con = _open_reader(args)
    try:
        frame = metrics.summary(con, args.by, _filters(args))
        currency = db.get_settings(con)["reporting_currency"] or "USD"
    finally:
        con.close()
    if args.format == "json":
        print(export.to_json(export.summary_records(frame, args.by)))
    elif args.format == "csv":
        sys.stdout.write(export.to_csv(export.summary_records(frame, args.by)))
    else:
        print(_summary_table(frame, args.by, currency))
    return 0


# --- compare ------------------------------------------------------------------------------


def _compare_text(record: dict) -> str:
    def interval(name: str, fmt) -> str:
        if record[name] is None:
            return "—"
        bounds = (
            f" (95% interval {fmt(record[name + '_low'])} to {fmt(record[name + '_high'])})"
            if record[name + "_low"] is not None
            else ""
        )
        return fmt(record[name]) + bounds

    def side(name: str) -> str:
        return (
            f"{name.capitalize()} side ({', '.join(record[name + '_tiers'])}): "
            f"{record[name + '_placements']:,} placements, {record[name + '_posts']:,} posts, "
            f"typical ER {formatting.percent(record[name + '_typical_er'])}, "
            f"CPE {formatting.money(record[name + '_cpe'], decimals=3)}, "
            f"ROAS {formatting.multiple(record[name + '_roas'])}"
        )

    lines = [side("micro"), side("macro")]
    if not record["enough_data"]:
        lines.append(
            "Not enough data to compare: each side needs at least 5 placements "
            f"(micro {record['micro_placements']}, macro {record['macro_placements']})."
        )
        return "\n".join(lines)
    lines += [
        f"Engagement lift (typical ER micro / macro - 1): "
        f"{interval('engagement_lift', formatting.percent)}",
        f"Cost-efficiency multiple (CPE macro / CPE micro): "
        f"{interval('cost_efficiency_multiple', formatting.multiple)}",
        "ROAS multiple (ROAS micro / ROAS macro): "
        f"{interval('roas_multiple', formatting.multiple)}",
        f"Intervals: percentile bootstrap, {record['resamples']:,} resamples of placements "
        "within each side, fixed seed.",
    ]
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace) -> int:
    con = _open_reader(args)
    try:
        result = metrics.compare(con, args.micro, args.macro, _filters(args))
    finally:
        con.close()
    record = export.comparison_record(result)
    print(export.to_json(record) if args.format == "json" else _compare_text(record))
    return 0


# --- demo and import ----------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from campaign_roi.demo import build_demo

    path = database_path(args.db)
    counts = build_demo(path, scale=args.scale)
    print(f"Demo database built at {path}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """All or nothing; problems and warnings on stderr, what was written on stdout."""
    from campaign_roi import importer
    from campaign_roi.mapping import Mapping, MappingError

    missing = [str(f) for f in [*args.files, args.mapping] if f is not None and not f.is_file()]
    if missing:
        print(f"No such file: {', '.join(missing)}. Check the path and try again.", file=sys.stderr)
        return EXIT_USAGE
    try:
        mapping = Mapping.load(args.mapping) if args.mapping else None
    except MappingError as exc:
        raise MappingError(f"{args.mapping}: {exc}") from exc
    sources = importer.sources_from_paths(args.files, mapping)
    con = db.connect_rw(database_path(args.db))
    try:
        report = importer.import_batch(con, sources, source="cli", imported_by=getpass.getuser())
    finally:
        con.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not report.written:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        count = report.problem_count
        print(
            f"Nothing was imported: {count:,} problem{'' if count == 1 else 's'}. "
            "Fix them and run the import again.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    for table, counts in report.counts.items():
        print(
            f"{table}: {counts.new:,} new, {counts.updated:,} updated, "
            f"{counts.unchanged:,} unchanged ({', '.join(counts.files)})"
        )
    print("Imported.")
    return 0


COMMANDS = {"demo": cmd_demo, "import": cmd_import, "summary": cmd_summary, "compare": cmd_compare}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except db.DatabaseBusy as exc:
        print(exc, file=sys.stderr)
        return EXIT_BUSY
    except (db.DatabaseMissing, ValueError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
