"""The Data page's writes besides imports: settings, tier schemes, saved mappings, the
import history, and starting from scratch.

Every write runs in one transaction (db.transaction), so viewers on other sessions see
the old state or the new one. Bad values raise SettingError with a reason in words;
nothing is written then.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import duckdb
import pandas as pd

from campaign_roi import aggregates, db
from campaign_roi.contract import TABLE_ORDER
from campaign_roi.mapping import Mapping
from campaign_roi.tiers import PRESETS, scheme_from_edges

CUSTOM_SCHEME = "custom"
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MAPPING_NAME = re.compile(r"^[\w .()-]{1,60}$")


class SettingError(ValueError):
    """A setting that cannot be saved; the message says why."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def set_currency(con: duckdb.DuckDBPyConnection, code: str) -> str:
    """Set the reporting currency (an ISO 4217 code such as USD or EUR). Amounts are not
    converted: the importer then refuses rows in any other currency."""
    code = (code or "").strip().upper()
    if not _CURRENCY.match(code):
        raise SettingError(
            f'"{code}" is not a currency code; use three letters, such as USD, EUR or GBP.'
        )
    with db.transaction(con):
        db.set_setting(con, "reporting_currency", code)
    return code


def set_gross_margin(con: duckdb.DuckDBPyConnection, margin: float | None) -> None:
    """Set the gross margin (a fraction, 0 < m <= 1) for profit ROI, or None for none."""
    if margin is not None and not 0 < margin <= 1:
        raise SettingError(
            f"a gross margin of {margin:.0%} is not possible; give a share between 1% and 100%, "
            "or none."
        )
    with db.transaction(con):
        db.set_setting(con, "gross_margin", None if margin is None else repr(float(margin)))


def choose_scheme(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Make a stored tier scheme (a preset or the custom one) the dashboard's default."""
    known = {r[0] for r in con.execute("SELECT DISTINCT scheme FROM tiers").fetchall()}
    if name not in known:
        raise SettingError(f'there is no tier scheme "{name}"; use one of: {", ".join(known)}.')
    with db.transaction(con):
        db.set_setting(con, "tier_scheme", name)


def save_custom_scheme(
    con: duckdb.DuckDBPyConnection, names: list[str], edges: list[int], make_default: bool = True
) -> None:
    """Store the custom scheme (tier names and lower follower edges) and, by default,
    make it the dashboard's scheme. Edges must start at 0 and increase."""
    names = [str(n).strip() for n in names]
    try:
        scheme = scheme_from_edges(CUSTOM_SCHEME, names, [int(e) for e in edges])
    except (TypeError, ValueError) as exc:
        raise SettingError(f"the custom tiers cannot be saved: {exc}.") from exc
    if len(scheme.tiers) < 2:
        raise SettingError("the custom tiers cannot be saved: give at least two tiers.")
    with db.transaction(con):
        con.execute("DELETE FROM tiers WHERE scheme = $scheme", {"scheme": CUSTOM_SCHEME})
        for position, tier in enumerate(scheme.tiers):
            con.execute(
                "INSERT INTO tiers VALUES ($scheme, $tier, $lo, $hi, $pos)",
                {
                    "scheme": CUSTOM_SCHEME,
                    "tier": tier.name,
                    "lo": tier.min_followers,
                    "hi": tier.max_followers,
                    "pos": position,
                },
            )
        if make_default:
            db.set_setting(con, "tier_scheme", CUSTOM_SCHEME)


def scheme_table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """A scheme's tiers as rows (tier, min_followers, max_followers), in order."""
    return db.run_query(con, "tier_scheme", {"scheme": name})


def preset_names() -> list[str]:
    return list(PRESETS)


# --- saved mappings -----------------------------------------------------------------------


def save_mapping(
    con: duckdb.DuckDBPyConnection, name: str, mapping: Mapping, saved_by: str | None
) -> str:
    """Save (or replace) a mapping under a name; returns the name used."""
    name = (name or "").strip()
    if not _MAPPING_NAME.match(name):
        raise SettingError(
            "give the mapping a name of up to 60 letters, digits, spaces, dots, dashes or "
            "brackets, e.g. TikTok creator export."
        )
    problems = mapping.problems()
    if problems:
        raise SettingError("the mapping cannot be saved: " + " ".join(problems))
    with db.transaction(con):
        con.execute(
            "INSERT OR REPLACE INTO saved_mappings VALUES ($name, $mapping, $at, $by)",
            {"name": name, "mapping": mapping.to_toml(), "at": _now(), "by": saved_by},
        )
    return name


def saved_mappings(con: duckdb.DuckDBPyConnection) -> dict[str, Mapping]:
    """Every saved mapping by name (a mapping that no longer reads is left out)."""
    rows = con.execute("SELECT name, mapping FROM saved_mappings ORDER BY name").fetchall()
    found: dict[str, Mapping] = {}
    for name, text in rows:
        try:
            found[name] = Mapping.from_toml(text)
        except ValueError:
            continue
    return found


def delete_mapping(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with db.transaction(con):
        con.execute("DELETE FROM saved_mappings WHERE name = $name", {"name": name})


# --- history and starting over ------------------------------------------------------------


def import_history(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """The latest imports, newest first: when, who, source, table, files and row counts."""
    return db.run_query(con, "import_history", {"limit": limit})


def start_from_scratch(con: duckdb.DuckDBPyConnection, done_by: str | None) -> dict[str, int]:
    """Delete every campaign, creator, post, spend row, code and order, in one
    transaction; settings, tier schemes and saved mappings stay. Returns the rows
    deleted per table. The import log keeps one line saying who emptied it, when."""
    deleted: dict[str, int] = {}
    with db.transaction(con):
        for table in reversed(TABLE_ORDER):
            deleted[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            con.execute(f"DELETE FROM {table}")  # table names from the contract only
        con.execute("DELETE FROM import_log")
        con.execute(
            "INSERT INTO import_log VALUES ($id, $at, $by, '', 'page', 'all tables', 0, 0, 0)",
            {"id": f"reset-{_now():%Y%m%d%H%M%S%f}", "at": _now(), "by": done_by},
        )
        db.set_setting(con, "demo", "false")
        aggregates.refresh(con)
    return deleted
