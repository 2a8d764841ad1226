"""Filters in, METRICS.md figures out: the one implementation behind the CLI and every page.

A `Filters` value becomes named query parameters; the SQL in queries/ does the work.
When the pre-aggregates (campaign_roi/aggregates.py) are current, the same figures are
read from them (queries/fast_*.sql and campaign_roi/quantiles.py); else from the views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from campaign_roi import aggregates, db, digest, quantiles
from campaign_roi.digest import Digest
from campaign_roi.stats import Comparison, compare_sides
from campaign_roi.tiers import Tier, TierScheme, default_sides

GROUPINGS = ("all", "tier", "campaign", "brand", "platform", "content_type", "creator")

# The figures of a summary row, in METRICS.md's snake_case names (the CLI's JSON keys).
SUMMARY_FIGURES = (
    "posts",
    "placements",
    "engagements",
    "typical_er",
    "pooled_er",
    "cost",
    "cpe",
    "cpm",
    "cpv",
    "cpc",
    "cpa",
    "cost_per_post",
    "orders",
    "revenue",
    "commission",
    "conversion_rate",
    "roas",
    "roi",
)
# Shown beside the figures: what they are made of, and how complete the denominators are.
DETAIL_FIGURES = (
    "spend",
    "overhead_spend",
    "posts_without_engagement",
    "typical_er_reach",
    "typical_er_views",
    "impressions",
    "views",
    "reach",
    "clicks",
    "impressions_coverage",
    "views_coverage",
    "reach_coverage",
    "clicks_coverage",
    "refunded_orders",
    "refunded_revenue",
    "profit_roi",
)


@dataclass(frozen=True)
class Filters:
    """The shared filters. None means "no filter"; dates are inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    campaigns: tuple[str, ...] | None = None
    brands: tuple[str, ...] | None = None
    platforms: tuple[str, ...] | None = None
    tiers: tuple[str, ...] | None = None
    content_types: tuple[str, ...] | None = None
    creators: tuple[str, ...] | None = None
    scheme: str | None = None  # None: the database's tier_scheme setting

    def previous_period(self) -> Filters | None:
        """The period of equal length just before this one (None without both dates)."""
        if self.date_from is None or self.date_to is None:
            return None
        length = (self.date_to - self.date_from).days + 1
        return replace(
            self,
            date_from=self.date_from - timedelta(days=length),
            date_to=self.date_from - timedelta(days=1),
        )


def query_params(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, Any]:
    """Bindable parameters for a filter set; lists as lists, scheme and margin resolved."""
    settings = db.get_settings(con)
    params: dict[str, Any] = {}
    for field in fields(filters):
        value = getattr(filters, field.name)
        params[field.name] = list(value) if isinstance(value, tuple) else value
    params["scheme"] = filters.scheme or settings["tier_scheme"]
    margin = settings.get("gross_margin")
    params["gross_margin"] = float(margin) if margin not in (None, "") else None
    return params


def summary(
    con: duckdb.DuckDBPyConnection,
    by: str = "all",
    filters: Filters | None = None,
    then_by: str | None = None,
    medians: bool | Sequence[str] = True,
) -> pd.DataFrame:
    """One row per group with every METRICS.md figure (NaN = no value).

    A last row whose group_key is None holds what cannot be attributed to the
    grouping (e.g. campaign overhead when grouping by tier). With `then_by`, one row
    per pair of groups (group_key, group_key2), e.g. tier x platform. `medians` names
    the typical ERs (medians of per-post ERs, the costliest figures over many groups)
    worked out, of MEDIANS: True for all, False for none (pages: SHOWN_MEDIANS); the
    others are left out.
    """
    _check_groupings(by, then_by)
    wanted = _median_figures(medians)
    filters = filters or Filters()
    params, fast = _grouped_params(con, filters, by, then_by)
    if fast is None:
        frame = db.run_query(con, "summary", params)
    elif "creator" in (by, then_by) or filters.creators:
        frame = db.run_query(con, "fast_summary_facts", {**fast, "creators": params["creators"]})
    else:
        frame = _fast_summary(con, fast, filters, by, then_by, with_total=False)
        if wanted:
            frame = with_medians(con, frame, fast, by, then_by, {f: MEDIANS[f] for f in wanted})
    return _finished(frame, wanted, then_by)


def summary_with_total(
    con: duckdb.DuckDBPyConnection,
    by: str,
    filters: Filters | None = None,
    medians: bool | Sequence[str] = True,
    total_medians: bool | Sequence[str] = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(summary("all", filters, medians=total_medians), summary(by, filters,
    medians=medians)), by campaign or brand: on the pre-aggregates from one statement (the
    groups' exact sums added up: fast_summary.sql's $with_total), for a page that shows
    both (the Overview's cards and its campaigns' ranking)."""
    if by not in ("campaign", "brand"):
        raise ValueError(f"a total beside the groups is summed by campaign or brand, not {by!r}")
    filters = filters or Filters()
    params, fast = _grouped_params(con, filters, by, None)
    if fast is None or filters.creators:
        return (
            summary(con, "all", filters, medians=total_medians),
            summary(con, by, filters, medians=medians),
        )
    frame = _fast_summary(con, fast, filters, by, None, with_total=True)
    is_total = frame["is_total"].to_numpy(dtype=bool)
    total = frame[is_total].reset_index(drop=True)
    groups = frame[~is_total].reset_index(drop=True)
    finished = []
    for part, grouping, wanted_medians in ((total, "all", total_medians), (groups, by, medians)):
        wanted = _median_figures(wanted_medians)
        if wanted:
            part = with_medians(
                con, part, {**fast, "by": grouping}, grouping, None, {f: MEDIANS[f] for f in wanted}
            )
        finished.append(_finished(part, wanted, None))
    return finished[0], finished[1]


def _check_groupings(by: str, then_by: str | None) -> None:
    for name in (by, then_by):
        if name is not None and name not in GROUPINGS:
            raise ValueError(f"cannot group by {name!r}; choose one of {', '.join(GROUPINGS)}")


def _fast_summary(
    con: duckdb.DuckDBPyConnection,
    fast: dict[str, Any],
    filters: Filters,
    by: str,
    then_by: str | None,
    with_total: bool,
) -> pd.DataFrame:
    """fast_summary.sql's rows, its placement counts' source composed in front."""
    counts = _placement_counts(fast, filters, by, then_by)
    fast["per_content"] = bool(fast["content_types"]) or "content_type" in (by, then_by)
    return aggregates.run_on_cells(
        con,
        "fast_summary",
        {**fast, "with_total": with_total},
        placement_counts=db.load_query(counts),
    )


def _finished(frame: pd.DataFrame, wanted: Sequence[str], then_by: str | None) -> pd.DataFrame:
    """A summary's rows as it returns them: the typical ERs not asked for left out (and
    the second grouping without one, and fast_summary.sql's total mark), figures as floats."""
    dropped = [figure for figure in MEDIANS if figure not in wanted]
    dropped += ["group_key2"] if then_by is None else []
    dropped += ["is_total"] if "is_total" in frame else []
    return _to_floats(frame.drop(columns=dropped))


def _grouped_params(
    con: duckdb.DuckDBPyConnection, filters: Filters, by: str, then_by: str | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A summary's parameters (summary.sql) and, when the pre-aggregates can answer,
    theirs (aggregates.fast_params, without the creator filter; else None)."""
    params = query_params(con, filters)
    params["by"] = by
    params["then_by"] = then_by or "none"
    return params, aggregates.fast_params(con, {**params, "creators": None})


def _placement_counts(fast: dict[str, Any], filters: Filters, by: str, then_by: str | None) -> str:
    """The query fast_summary.sql's placements per group come from: a window's stored
    placements when the period is one (fast_placement_counts_window.sql; per platform
    or content type fast_placement_counts_platform.sql), whole placements when nothing
    splits them (fast_placement_counts_whole.sql), else their facets
    (fast_placement_counts.sql). Only the one read is bound and planned."""
    level = _placement_level(filters, by, then_by)
    if fast["recent"] is not None and (level or _window_placements(fast, then_by)):
        if _split(fast, by, then_by):
            return "fast_placement_counts_platform"
        return "fast_placement_counts_window"
    return "fast_placement_counts_whole" if level else "fast_placement_counts"


def _window_placements(fast: dict[str, Any], then_by: str | None) -> bool:
    """True when a window's placements can be counted from its stored rows (each carries
    its facts' bands as bits): the bands marked (band_masks: at most 63 bands), no
    second grouping by tier (a placement would count in every tier of its facts, and the
    rows keep their bands, not their tiers). Grouping by creator never comes here
    (summary reads fast_summary_facts.sql for it)."""
    return fast["band_masks"] is not None and then_by != "tier"


def _split(fast: dict[str, Any], by: str, then_by: str | None) -> bool:
    """Whether a platform or content type in the filters or the grouping splits a window's
    placements (fast_placement_counts_platform.sql reads them per platform, with a
    content type per content type too)."""
    named = (by, then_by)
    return bool(
        fast["platforms"] or fast["content_types"] or "platform" in named or "content_type" in named
    )


def _placement_level(filters: Filters, by: str, then_by: str | None) -> bool:
    """True when placements can be counted whole (fast_summary.sql): no platform,
    content type or tier in the grouping or the filters."""
    return (
        by in ("all", "campaign", "brand")
        and then_by is None
        and not (filters.platforms or filters.content_types or filters.tiers)
    )


# summary figure <- measure of agg_value (quantiles.py)
MEDIANS = {
    "typical_er": "er_followers",
    "typical_er_reach": "er_reach",
    "typical_er_views": "er_views",
}
# the typical ER the pages show; the ERs by reach and by views are in exports only (cli)
SHOWN_MEDIANS = ("typical_er",)


def _median_figures(medians: bool | Sequence[str]) -> tuple[str, ...]:
    if medians is True:
        return tuple(MEDIANS)
    if medians is False:
        return ()
    unknown = [figure for figure in medians if figure not in MEDIANS]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a typical ER; choose from {', '.join(MEDIANS)}")
    return tuple(figure for figure in MEDIANS if figure in medians)


def with_medians(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    params: dict[str, Any],
    by: str,
    then_by: str | None = None,
    figures: dict[str, str] = MEDIANS,
) -> pd.DataFrame:
    """A fast query's rows (group_key, group_key2 by `by`, `then_by`) with their medians
    of per-post values filled in: `figures` maps a column to its measure (quantiles.py).
    With no post in any group (spend or orders only) there is no value to take a median
    of: the figures are NULL without asking (two statements, 10-40 ms at 10M posts)."""
    frame = frame.copy()
    if not (frame["posts"].fillna(0) > 0).any():
        for figure in figures:
            frame[figure] = [None] * len(frame)
        return frame
    found = quantiles.group_quantiles(con, params, by, then_by or "none", tuple(figures.values()))
    medians = {
        (row.measure, row.group_key, row.group_key2): row.median
        for row in found.rename(columns={0.5: "median"}).itertuples(index=False)
    }
    second = frame["group_key2"] if "group_key2" in frame else [""] * len(frame)
    keys = list(zip(frame["group_key"], second, strict=True))
    for figure, measure in figures.items():
        frame[figure] = [
            medians.get((measure, quantiles._key(k), quantiles._key(k2))) for k, k2 in keys
        ]
    return frame


def typical_ers(
    con: duckdb.DuckDBPyConnection,
    by: str,
    filters: Filters | None = None,
    figures: Sequence[str] = tuple(MEDIANS),
) -> pd.DataFrame:
    """The typical ERs `figures` (of MEDIANS) per group of `by` in the filters, as
    summary(by, filters) has them, without its other figures: group_key, then one float
    column per figure; one row per group with a value, by group_key. The Overview ranks
    every campaign without medians, then reads the typical ER of the ten it shows here."""
    figures = _median_figures(figures)
    filters = filters or Filters()
    fast = _grouped_params(con, filters, by, None)[1]
    if fast is None or by == "creator" or filters.creators:
        frame = summary(con, by, filters, medians=figures)
        frame = frame[frame["group_key"].notna()][["group_key", *figures]]
        frame = frame.dropna(subset=list(figures), how="all")
        return frame.sort_values("group_key").reset_index(drop=True)
    measures = [MEDIANS[figure] for figure in figures]
    found = None
    if by == "campaign" and filters.campaigns:
        # a few campaigns over a window with no other filter: their rows of the answer
        # stored for every campaign (quantile_store.py; a campaign's medians are its own)
        every = quantiles.stored_quantiles(con, {**fast, "campaigns": None}, by, "none", measures)
        if every is not None:
            found = every[every["group_key"].isin(list(filters.campaigns))]
    if found is None:
        found = quantiles.group_quantiles(con, fast, by, "none", measures)
    wide = found.pivot(index="group_key", columns="measure", values=0.5).reindex(columns=measures)
    wide.columns = list(figures)
    frame = wide.astype("float64").reset_index().rename_axis(columns=None)
    frame["group_key"] = frame["group_key"].astype(object)
    return frame.sort_values("group_key").reset_index(drop=True)


def _to_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """DECIMAL sums arrive as object columns of Decimal; figures are plain floats. (One
    new frame from the converted columns: quicker than setting 40 columns one by one.)"""
    columns = {}
    for column, values in frame.items():
        if column in ("group_key", "group_label", "group_key2"):
            # plain objects, so the unattributed group's key is None rather than NaN
            columns[column] = values.astype(object).where(values.notna(), None)
        elif values.dtype == "float64":
            columns[column] = values
        else:
            columns[column] = pd.to_numeric(values, errors="coerce").astype("float64")
    return pd.DataFrame(columns, index=frame.index)


def tier_scheme(con: duckdb.DuckDBPyConnection, name: str | None = None) -> TierScheme:
    """A tier scheme as stored in the database (default: the tier_scheme setting)."""
    scheme_name = name or db.get_settings(con)["tier_scheme"]
    # read once per committed state (db.shared): the Micro vs macro page asks twice a run
    rows = db.shared(
        con,
        ("tier_scheme", scheme_name),
        lambda: db.run_query(con, "tier_scheme", {"scheme": scheme_name}),
    )
    if rows.empty:
        raise ValueError(f"there is no tier scheme called {scheme_name!r}")
    return TierScheme(
        scheme_name,
        tuple(
            Tier(
                r.tier,
                int(r.min_followers),
                None if pd.isna(r.max_followers) else int(r.max_followers),
            )
            for r in rows.itertuples()
        ),
    )


PLACEMENT_COLUMNS = (
    "influencer_id", "campaign_id", "placement_tier", "placement_followers", "posts",
    "engagements", "cost", "revenue", "orders", "bag_key",
)  # fmt: skip


def placements(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per placement in the filters (queries/placements.sql): tier, followers,
    posts, engagements, cost, revenue, orders as floats."""
    return placement_figures(placement_rows(con, filters))


def placement_rows(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """The placements in the filters as their query returns them (placements.sql, or
    fast_placements.sql with placement_key): what `placements` starts from."""
    return _placements(con, query_params(con, filters or Filters()))


def placement_figures(
    rows: pd.DataFrame, columns: Sequence[str] = PLACEMENT_COLUMNS
) -> pd.DataFrame:
    """placement_rows' `columns`, the figures as floats (`placements`)."""
    frame = rows[list(columns)].copy()
    for column in ("placement_followers", "posts", "engagements", "cost", "revenue", "orders"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def compare(
    con: duckdb.DuckDBPyConnection,
    micro: Sequence[str] | None = None,
    macro: Sequence[str] | None = None,
    filters: Filters | None = None,
) -> Comparison:
    """Micro side vs macro side by placement tier (default: tiers under 100k vs from 100k up)."""
    filters = filters or Filters()
    micro_tiers, macro_tiers = sides(con, filters, micro, macro)
    placements = placement_digest(con, filters, micro_tiers, macro_tiers)
    return compare_sides(placements, micro_tiers, macro_tiers)


def sides(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    micro: Sequence[str] | None = None,
    macro: Sequence[str] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two sides' tiers: as given, or the scheme's default sides; checked."""
    scheme = tier_scheme(con, filters.scheme)
    default_micro, default_macro = default_sides(scheme)
    micro_tiers = tuple(micro) if micro else tuple(default_micro)
    macro_tiers = tuple(macro) if macro else tuple(default_macro)
    unknown = sorted(set(micro_tiers + macro_tiers) - set(scheme.names))
    if unknown:
        raise ValueError(
            f"unknown tier {', '.join(unknown)}: the {scheme.name} scheme has "
            f"{', '.join(scheme.names)}"
        )
    if set(micro_tiers) & set(macro_tiers):
        raise ValueError("a tier cannot be on both sides of the comparison")
    return micro_tiers, macro_tiers


def placement_digest(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    micro_tiers: Sequence[str],
    macro_tiers: Sequence[str],
    medians: bool = False,
) -> Digest:
    """The placements in the filters boiled down per tier and per side (digest.py): from
    every placement of placements.sql, or from the pre-aggregates' per-band digest
    (fast_placement_digest.sql), each side's typical ER (quantiles.py) and the per-post
    ERs of the sides' bags only (fast_placement_ers.sql). The sides' medians per
    placement are worked out only with `medians` on the fast path (else None)."""
    params = query_params(con, filters)
    fast = aggregates.fast_params(con, params)
    if fast is None:
        rows = db.run_query(con, "placements", params)
        frame = placement_figures(rows, (*PLACEMENT_COLUMNS, "ers"))
        return digest.of_frame(frame, micro_tiers, macro_tiers)
    params = _placement_params(fast)
    band_tiers = fast["band_tiers"]
    bands = {
        f"{name}_bands": [band for band, tier in enumerate(band_tiers) if tier in tiers]
        for name, tiers in (("micro", micro_tiers), ("macro", macro_tiers))
    }
    # a window with no filter: its bands' digest as stored at refresh
    stored = (
        params["recent"] is not None
        and not any(params[name] for name in ("platforms", "content_types", "campaigns", "brands"))
        and digest.BAG <= digest.STORED_BAG
    )
    # and its sides' medians, when each side is a run of adjacent bands
    stored_medians = stored and all(_is_run(side) for side in bands.values())
    sql = db.compose("fast_placement_digest", placement_sums=db.load_query(_placement_sums(params)))
    rows = db.run_sql(
        con,
        sql,
        {
            **params,
            **bands,
            "bag": digest.BAG,
            "medians": medians,
            "stored": stored,
            "stored_medians": stored_medians,
        },
        "fast_placement_digest",
    )
    # with no post in any band (spend or orders only) there is no per-post value: the
    # sides' typical ERs and the bags' per-post ERs are none without asking (two to three
    # statements, 20-45 ms at 10M posts), as with_medians does for a summary
    if not (rows["posts"].fillna(0) > 0).any():
        return digest.of_bands(rows, band_tiers, micro_tiers, macro_tiers, {}, {})
    typical = quantiles.group_quantiles(
        con, {**params, "tiers": None}, "side", micro=micro_tiers, macro=macro_tiers
    )
    typical_er = {row["group_key"]: row[0.5] for row in typical.to_dict("records")}
    bags = [digest.side_bag_keys(rows, band_tiers, tiers) for tiers in (micro_tiers, macro_tiers)]
    keys = [key for placements, _ in bags for key in placements]
    last = max((last for _, last in bags if last is not None), default=0)
    ers = db.run_query(
        con,
        "fast_placement_ers",
        {**params, "keys": keys, "stored": stored, "last_bag_key": last},
    )
    lists = dict(zip(ers["placement_key"], ers["ers"], strict=True))
    return digest.of_bands(rows, band_tiers, micro_tiers, macro_tiers, typical_er, lists)


def _is_run(bands: Sequence[int]) -> bool:
    """Whether ascending `bands` are adjacent ones (agg_side_medians_recent's sides)."""
    return bool(bands) and list(bands) == list(range(bands[0], bands[0] + len(bands)))


def _placements(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> pd.DataFrame:
    fast = aggregates.fast_params(con, params)
    if fast is None:
        return db.run_query(con, "placements", params)
    params = _placement_params(fast)
    sql = db.compose("fast_placements", placement_sums=db.load_query(_placement_sums(params)))
    rows = db.run_sql(con, sql, params, "fast_placements")
    # each band's tier (band_tiers: indexed by band), put where placements.sql has it
    tiers = np.asarray(fast["band_tiers"], dtype=object)[rows.pop("pband").to_numpy()]
    rows.insert(2, "placement_tier", tiers)
    return rows


def _placement_params(fast: dict[str, Any]) -> dict[str, Any]:
    """fast_placements.sql reads whole placements unless a platform or content type filter
    splits them: their sums stored for a window of agg_windows when the period is one
    (agg_placement_recent, or per platform agg_placement_recent_platform, per content
    type agg_placement_recent_content), else over a long period (aggregates.whole_facets)
    their totals (agg_placement_all)."""
    split = bool(fast["platforms"] or fast["content_types"])
    return {**fast, "placement_level": fast["whole"] and not split and fast["recent"] is None}


def _placement_sums(params: dict[str, Any]) -> str:
    """The query the placements' sums come from (fast_placements.sql's and
    fast_placement_digest.sql's CTE placement_sums), by the period and the filter's
    shape: a window's stored sums (fast_placement_sums_window.sql; per platform
    _platform.sql, per content type _content.sql), a long period's totals less the facts
    outside it (_whole.sql; per facet _facets.sql), else the period's facts summed
    (fast_placement_sums_period.sql). Only the one read is bound and planned."""
    if params["recent"] is not None:
        if params["content_types"]:
            return "fast_placement_sums_content"
        if params["platforms"]:
            return "fast_placement_sums_platform"
        return "fast_placement_sums_window"
    if not params["whole"]:
        return "fast_placement_sums_period"
    return (
        "fast_placement_sums_whole" if params["placement_level"] else "fast_placement_sums_facets"
    )
