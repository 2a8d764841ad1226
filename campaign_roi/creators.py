"""Creators: a leaderboard (typical ER, CPE, revenue, ROAS, posts, campaigns) and one
creator's history across campaigns (follower growth, posts, what they cost).

Leaderboard figures are metrics.summary by creator (the CLI's `summary --by creator`):
campaign overhead belongs to no creator and is the last, labelled row. "Campaigns" is
the creator's placements (creator x campaign) in the filters. A history ignores the
shared filters: it is everything the creator did, campaign by campaign.

At half a million creators the page shows the first TOP of the chosen order (the
search still looks through every creator) and offers every row as a CSV made when
asked. From the pre-aggregates, every creator's sums are ranked in SQL
(queries/fast_creator_board.sql) and the typical ER, a median of per-post ERs, is
computed for the rows shown only, unless it is the sort (then for all: slower).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from campaign_roi import aggregates, db, metrics
from campaign_roi.metrics import Filters

UNATTRIBUTED = "unattributed (campaign overhead)"
TOP = 500  # creators shown; the CSV has them all
# sort choices: label -> (column, descending)
SORTS = {
    "Revenue": ("revenue", True),
    "ROAS": ("roas", True),
    "Typical ER": ("typical_er", True),
    "CPE (lowest first)": ("cpe", False),
    "Posts": ("posts", True),
    "Cost": ("cost", True),
}
BOARD_COLUMNS = (
    "group_key", "group_label", "handle", "name", "platform", "followers", "niche", "posts",
    "placements", "campaigns", "engagements", "typical_er", "spend", "commission", "cost",
    "cpe", "orders", "revenue", "cpa", "roas", "refunded_orders", "refunded_revenue",
)  # fmt: skip


@dataclass(frozen=True)
class Board:
    """A leaderboard page: `rows` are the first `limit` creators matching the search in
    the chosen order, then the unattributed row (when the filters hold overhead);
    `matches` creators match the search, of `creators` in the filters."""

    rows: pd.DataFrame
    matches: int
    creators: int

    @property
    def shown(self) -> int:
        return int(self.rows["group_key"].notna().sum())


def creator_info(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """influencer_id, handle, name, platform, followers (current), niche."""
    return db.run_query(con, "creator_info")


def leaderboard(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    sort: str = "Revenue",
    search: str = "",
    limit: int | None = TOP,
    medians: bool = True,
) -> Board:
    """The creators matching `search` (handle, name or id contains it, any case) in a
    SORTS order (no value last, then by id), the first `limit` of them (None: all),
    each with metrics.summary's figures by creator and their own attributes; the
    unattributed row last. With `medians` False the typical ER is left empty unless it
    is the sort."""
    filters = filters or Filters()
    params = metrics.query_params(con, filters)
    fast = aggregates.fast_params(con, params)
    if fast is None:
        return _slow_board(con, filters, sort, search, limit)
    column, descending = SORTS.get(sort, SORTS["Revenue"])
    text = search.strip().lower() or None
    board = {**fast, "sort": column, "descending": descending, "search": text, "limit": limit}
    # over a period that is not a window, its facts' sums per placement; over a window
    # with a platform, content type or tier filter, its stored rows per placement; the
    # posts for typical ERs scoped to the campaigns or brands filtered. A source not read
    # is none (fast_no_placements.sql): DuckDB binds and plans every source it is given.
    window = fast["window_read"] or fast["window_split"]
    sql = db.compose(
        "fast_creator_board",
        period_placements=db.load_query("fast_no_placements" if window else "fast_board_period"),
        window_split=db.load_query(
            "fast_window_split" if fast["window_split"] else "fast_no_placements"
        ),
        filtered_posts=db.load_query("fast_filtered_posts"),
    )
    rows = db.run_sql(con, sql, board, "fast_creator_board")
    if rows.empty:
        # no match: how many creators the filters hold, unless nothing narrowed them
        # (then none: asking again would rank the same creators a second time)
        everyone = (
            db.run_sql(con, sql, {**board, "search": None, "limit": 1}, "fast_creator_board")
            if text is not None or limit == 0
            else rows
        )
        creators = int(everyone["creators"].iloc[0]) if len(everyone) else 0
        matches = 0
    else:
        creators, matches = int(rows["creators"].iloc[0]), int(rows["matches"].iloc[0])
    if medians and column != "typical_er" and len(rows):
        ids = None if limit is None and text is None else list(rows["group_key"])
        typical = db.run_sql(
            con,
            db.compose(
                "fast_creator_typical_er", filtered_posts=db.load_query("fast_filtered_posts")
            ),
            {**fast, "ids": ids},
            "fast_creator_typical_er",
        )
        found = dict(zip(typical["group_key"], typical["typical_er"], strict=True))
        rows["typical_er"] = rows["group_key"].map(found)
    overhead = db.run_query(con, "fast_creator_overhead", fast)
    if creators == 0 and overhead.empty:
        return Board(_board_frame(rows.iloc[0:0]), 0, 0)
    return Board(_board_frame(pd.concat([rows, overhead], ignore_index=True)), matches, creators)


_BOARD_TEXTS = ("group_key", "group_label", "handle", "name", "platform", "niche")


def _board_frame(frame: pd.DataFrame) -> pd.DataFrame:
    # column by column into one new frame (a column set on a frame costs more than its
    # conversion: 15 -> 5 ms for 500 creators)
    frame = frame.reset_index(drop=True)
    out = {}
    for column in BOARD_COLUMNS:
        if column == "campaigns":
            continue
        values = frame[column] if column in frame else pd.Series(None, index=frame.index)
        if column in _BOARD_TEXTS:
            out[column] = values.astype(object).where(values.notna(), None)
        elif values.dtype != "float64":  # DECIMAL sums arrive as Decimal objects
            out[column] = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            out[column] = values
    out["campaigns"] = out["placements"]
    out["handle"] = out["handle"].where(out["group_key"].notna(), UNATTRIBUTED)
    out["group_label"] = out["handle"]
    return pd.DataFrame({column: out[column] for column in BOARD_COLUMNS})


def _slow_board(
    con: duckdb.DuckDBPyConnection, filters: Filters, sort: str, search: str, limit: int | None
) -> Board:
    """The leaderboard from metrics.summary by creator, for when the pre-aggregates
    cannot answer (out of date, or a tier scheme whose edges are not band edges)."""
    figures = metrics.summary(con, "creator", filters)
    info = creator_info(con).rename(columns={"influencer_id": "group_key"})
    frame = figures.merge(info, on="group_key", how="left")
    frame["followers"] = pd.to_numeric(frame["followers"], errors="coerce").astype("float64")
    ranked = search_and_sort(frame, search, sort)
    people, rest = ranked[ranked["group_key"].notna()], ranked[ranked["group_key"].isna()]
    creators = int(frame["group_key"].notna().sum())
    shown = people if limit is None else people.head(limit)
    rows = pd.concat([shown, rest], ignore_index=True)
    for column in BOARD_COLUMNS:
        if column not in rows:
            rows[column] = None
    return Board(_board_frame(rows), len(people), creators)


def board_caption(board: Board, search: str = "", sort: str = "Revenue") -> str:
    """What the table holds: "Top 500 of 487,681 creators, by revenue", the search."""
    text = search.strip()
    matching = f" matching “{text}”" if text else ""
    if board.shown < board.matches:
        head = f"Top {board.shown:,} of {board.matches:,} creators{matching}"
        if text:
            head += f" ({board.creators:,} in these filters)"
    else:
        head = f"{board.matches:,} of {board.creators:,} creators{matching}"
    order = sort if sort in SORTS else "Revenue"
    return (
        f"{head}, by {order.lower()}. The unattributed row (campaign overhead) is always "
        "last; the CSV has every matching creator."
    )


def board_csv(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None,
    sort: str,
    search: str = "",
    medians: bool = True,
) -> pd.DataFrame:
    """Every creator matching `search` with the leaderboard's raw figures, in its order
    (the CSV download; with `medians`, typical ER for all of them: seconds at scale)."""
    rows = leaderboard(con, filters, sort, search, limit=None, medians=medians).rows
    return rows.drop(columns=["group_label", "placements"]).rename(
        columns={"group_key": "influencer_id"}
    )


def handles(con: duckdb.DuckDBPyConnection, ids: tuple[str, ...]) -> dict[str, str]:
    """id -> handle of the creators `ids` that exist (a shared link's creator)."""
    rows = db.run_query(con, "creator_handles", {"ids": list(ids)})
    return dict(zip(rows["influencer_id"], rows["handle"].fillna(""), strict=True))


def search_and_sort(frame: pd.DataFrame, search: str = "", sort: str = "Revenue") -> pd.DataFrame:
    """Creators whose handle, name or id contains `search` (any case), sorted by a SORTS
    choice (no value last); the unattributed row is always kept, last."""
    creators = frame[frame["group_key"].notna()]
    rest = frame[frame["group_key"].isna()]
    text = search.strip().lower()
    if text:
        haystack = (
            creators["handle"].fillna("") + " " + creators["name"].fillna("") + " "
            + creators["group_key"].fillna("")
        ).str.lower()  # fmt: skip
        creators = creators[haystack.str.contains(text, regex=False)]
    column, descending = SORTS.get(sort, SORTS["Revenue"])
    creators = creators.sort_values(
        [column, "group_key"], ascending=[not descending, True], na_position="last"
    )
    return pd.concat([creators, rest], ignore_index=True)


def posts(con: duckdb.DuckDBPyConnection, creator: str) -> pd.DataFrame:
    """One creator's posts, oldest first (queries/creator_posts.sql), every campaign."""
    fast = aggregates.fast_params(con, metrics.query_params(con, Filters()))
    own = "fast_creator_own_posts" if fast else "creator_own_posts"
    sql = db.compose("creator_posts", own=db.load_query(own))
    # through the pre-aggregates the posts' ids first: the posts and spend are then read
    # for those ids (193 posts at 10M: 220 -> 70 ms)
    ids = (
        db.run_query(con, "fast_creator_post_ids", {"creator": creator})["post_id"].tolist()
        if fast
        else None
    )
    frame = db.run_sql(
        con,
        sql,
        {"creator": creator, "ids": ids},
        "fast_creator_posts" if fast else "creator_posts",
    )
    frame["posted_at"] = pd.to_datetime(frame["posted_at"])
    for column in ("followers_at_post", "engagements", "er_followers", "views", "post_spend"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def history(con: duckdb.DuckDBPyConnection, creator: str, scheme: str | None = None):
    """What the creator cost and brought, per campaign: metrics.summary by campaign for
    this creator alone, all time."""
    return metrics.summary(con, "campaign", Filters(creators=(creator,), scheme=scheme))


def growth_caption(posts_frame: pd.DataFrame) -> str:
    """Followers at the first and last post, and the change between them."""
    if posts_frame.empty:
        return "No posts: no follower history."
    first, last = posts_frame.iloc[0], posts_frame.iloc[-1]
    change = (last["followers_at_post"] - first["followers_at_post"]) / first["followers_at_post"]
    return (
        f"{first['followers_at_post']:,.0f} followers at the first post "
        f"({first['posted_at']:%d %b %Y}), {last['followers_at_post']:,.0f} at the last "
        f"({last['posted_at']:%d %b %Y}): {change:+.1%}."
    )
