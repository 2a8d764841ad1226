"""A set of placements boiled down to what the micro-vs-macro comparison, "N micro vs one
macro" and the budget what-if read (stats.py, planning.py): per tier and per side, the
placements' count and sums and the bag of placements a bootstrap draws from; per side
also the typical ER and the medians per placement.

The bag. Each placement has a fixed random rank, `bag_key` (an md5 of its ids:
placements.sql, agg_placement_info). A group's bag is its BAG placements with the
smallest bag_key, in that order: all of them up to BAG. So a group's bag is the BAG
smallest of its parts' bags, and the pre-aggregates answer with a few thousand rows
(fast_placement_digest.sql: per follower band, merged here by `of_bands`) where the
views' path hands over every placement (`of_frame`). A frame without bag_key (a
hand-made one) ranks its rows by position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

BAG = 500  # placements a group's resamples draw from at most
STORED_BAG = 500  # placements each band's bag holds in agg_digest_recent (aggregates.sql)
SUMS = ("engagements", "cost", "revenue", "orders")
BAG_COLUMNS = ("bag_key", *SUMS)
MEDIANS = ("followers", "engagements", "cost", "revenue")  # per placement, each side
SIDES = ("micro", "macro")


def empty_bag(ers: bool = False) -> pd.DataFrame:
    """A bag with no placement (BAG_COLUMNS, and `ers` for a side)."""
    columns = {"bag_key": pd.Series(dtype="uint64")}
    columns |= {name: pd.Series(dtype="float64") for name in SUMS}
    return pd.DataFrame(columns | ({"ers": pd.Series(dtype=object)} if ers else {}))


@dataclass(frozen=True, eq=False)
class Group:
    """One tier's or one side's placements."""

    placements: int = 0
    posts: int = 0
    engagements: float = 0.0
    cost: float = 0.0
    revenue: float = 0.0
    orders: float = 0.0
    # up to BAG placements by bag_key: BAG_COLUMNS, and a side's per-post ERs (`ers`)
    bag: pd.DataFrame = field(default_factory=empty_bag)
    typical_er: float | None = None  # a side's median per-post ER by followers
    medians: dict[str, float | None] = field(default_factory=dict)  # a side's, MEDIANS


@dataclass(frozen=True, eq=False)
class Digest:
    placements: int  # all of them, whatever their tier
    tiers: dict[str, Group]  # every tier with a placement
    sides: dict[str, Group]  # "micro", "macro"
    side_tiers: dict[str, tuple[str, ...]]

    @property
    def empty(self) -> bool:
        return self.placements == 0

    def tier(self, name: str) -> Group:
        found = self.tiers.get(name)  # (a Group() default would build its empty bag each call)
        return Group() if found is None else found


def _float(value) -> float:
    return 0.0 if value is None or pd.isna(value) else float(value)


def _median(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.median()) if len(values) else None


def _bag(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values("bag_key", kind="stable").head(BAG).reset_index(drop=True)


def _frame_group(rows: pd.DataFrame, side: bool) -> Group:
    columns = [*BAG_COLUMNS, *(["ers"] if side and "ers" in rows else [])]
    extra = {}
    if side:
        ers = [e for e in rows.get("ers", []) if e is not None and len(e)]
        extra["typical_er"] = float(np.median(np.concatenate(ers))) if ers else None
        sources = {name: name for name in MEDIANS} | {"followers": "placement_followers"}
        extra["medians"] = {
            name: _median(rows[column]) if column in rows else None
            for name, column in sources.items()
        }
    return Group(
        placements=len(rows),
        posts=int(rows["posts"].sum()),
        **{name: float(rows[name].sum()) for name in SUMS},
        bag=_bag(rows[columns]),
        **extra,
    )


def of_frame(
    frame: pd.DataFrame, micro_tiers: Sequence[str] = (), macro_tiers: Sequence[str] = ()
) -> Digest:
    """The digest of per-placement rows (metrics.placements' columns, `ers` for the sides'
    typical ER and bags; no bag_key: ranked by position; a missing sum: 0)."""
    frame = frame.reset_index(drop=True)
    if "bag_key" not in frame:
        frame = frame.assign(bag_key=np.arange(len(frame), dtype=np.uint64))
    for name in ("posts", *SUMS):  # a hand-made frame may leave out what it does not need
        values = frame[name] if name in frame else pd.Series(0.0, index=frame.index)
        frame[name] = pd.to_numeric(values, errors="coerce").astype("float64")
    side_tiers = {"micro": tuple(micro_tiers), "macro": tuple(macro_tiers)}
    tiers = {
        str(tier): _frame_group(rows, side=False)
        for tier, rows in frame.groupby("placement_tier", sort=False)
    }
    sides = {
        name: _frame_group(frame[frame["placement_tier"].isin(side_tiers[name])], side=True)
        for name in SIDES
    }
    return Digest(len(frame), tiers, sides, side_tiers)


def of_bands(
    rows: pd.DataFrame,
    band_tiers: Sequence[str | None],
    micro_tiers: Sequence[str],
    macro_tiers: Sequence[str],
    typical_er: Mapping[str, float | None],
    ers: Mapping[int, object],
) -> Digest:
    """The digest from fast_placement_digest.sql's rows (per band, and per side with
    medians), each side's typical ER, and the per-post ERs of the sides' bags by
    placement_key."""
    side_tiers = {"micro": tuple(micro_tiers), "macro": tuple(macro_tiers)}
    # rows by position and columns as arrays: pandas' groupby, frame slices and to_dict
    # cost 15-25 ms a digest on these few rows
    at, pbands = _band_rows(rows)
    sides = rows["side"].to_numpy()
    medians = {
        sides[i]: {f"median_{name}": rows[f"median_{name}"].iat[i] for name in MEDIANS}
        for i in np.flatnonzero(rows["side"].notna().to_numpy())
    }
    # every band's bag placements as columns sorted by bag_key: a group's bag is the first
    # BAG of its bands' rows (gathered once, not once per tier and again per side)
    bag_keys = _lists(rows, "bag_bag_key", at)
    keys = _flat(bag_keys, np.uint64)
    order = np.argsort(keys, kind="stable")
    columns = {"placement_key": _flat(_lists(rows, "bag_placement_key", at), np.int64)[order]}
    columns["bag_key"] = keys[order]
    for name in SUMS:
        columns[name] = _flat(_lists(rows, f"bag_{name}", at), np.float64)[order]
    bag_bands = np.repeat(pbands, [len(bag) for bag in bag_keys])[order]

    # the bands' figures as arrays, and each band's tier: a group is a mask over the bands
    figures = {name: rows[name].to_numpy()[at] for name in ("placements", "posts", *SUMS)}
    band_tier = [band_tiers[band] for band in pbands]

    def group(chosen: np.ndarray, side: str | None) -> Group:
        if not chosen.any() and side:
            return Group(bag=empty_bag(ers=True), medians=dict.fromkeys(MEDIANS))
        rows = np.flatnonzero(np.isin(bag_bands, pbands[chosen]))[:BAG]
        bag = pd.DataFrame({name: columns[name][rows] for name in BAG_COLUMNS})
        extra = {}
        if side:
            bag["ers"] = [ers.get(key, []) for key in columns["placement_key"][rows]]
            found = medians.get(side, {})
            typical = typical_er.get(side)
            extra["typical_er"] = None if typical is None or pd.isna(typical) else float(typical)
            extra["medians"] = {
                name: None if pd.isna(found.get(f"median_{name}")) else found[f"median_{name}"]
                for name in MEDIANS
            }
        return Group(
            placements=int(figures["placements"][chosen].sum()),
            posts=int(figures["posts"][chosen].sum()),
            **{name: sum(_float(v) for v in figures[name][chosen]) for name in SUMS},
            bag=bag,
            **extra,
        )

    # tiers in the order their first band comes (as groupby(sort=False)); no tier: none
    tiers = {
        str(tier): group(np.array([t == tier for t in band_tier], dtype=bool), None)
        for tier in dict.fromkeys(t for t in band_tier if t is not None)
    }
    sides = {
        name: group(np.array([t in side_tiers[name] for t in band_tier], dtype=bool), name)
        for name in SIDES
    }
    return Digest(int(figures["placements"].sum()), tiers, sides, side_tiers)


def side_bag_keys(
    rows: pd.DataFrame, band_tiers: Sequence[str | None], tiers: Sequence[str]
) -> tuple[list[int], int | None]:
    """The placement_keys of the bag of the side made of `tiers`, from
    fast_placement_digest.sql's per-band rows (whose per-post ERs the fast path fetches),
    and the largest bag_key among them (None: an empty bag)."""
    at, pbands = _band_rows(rows)
    inside = at[np.array([band_tiers[band] in tiers for band in pbands], dtype=bool)]
    keys = _flat(_lists(rows, "bag_bag_key", inside), np.uint64)
    order = np.argsort(keys, kind="stable")[:BAG]
    placements = _flat(_lists(rows, "bag_placement_key", inside), np.int64)[order]
    return [int(key) for key in placements], int(keys[order[-1]]) if len(order) else None


def _band_rows(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The positions of fast_placement_digest.sql's rows per band (pband not NULL), and
    their bands."""
    at = np.flatnonzero(rows["pband"].notna().to_numpy())
    return at, rows["pband"].to_numpy()[at].astype(np.int64)


def _lists(rows: pd.DataFrame, column: str, at: np.ndarray) -> list:
    values = rows[column].to_numpy()
    return [values[i] for i in at]


def _flat(lists: Sequence, dtype: type) -> np.ndarray:
    """A column of lists (a band's bag, one field: fast_placement_digest.sql gives each
    field its own list, which DuckDB and Arrow hand over as arrays where a list of
    structs is a dict per placement, 5-20 times slower) as one array."""
    parts = [np.asarray(values, dtype=dtype) for values in lists]
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)
