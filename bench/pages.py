"""What each dashboard page computes, as plain package calls: the list the page
benchmark (bench/bench_pages.py) times. Keep it in step with views/*.py.

Each function mirrors one file of views/: the calls that page makes through
app_state.cached(func, ...) / app_state.summary(...) (here called directly on a
cursor, with no cache), then the package code that turns their results into charts
and tables (charts.*, tables.summary_table, codes.code_table, ...). Streamlit calls
themselves (st.metric, st.dataframe, st.plotly_chart) are left out: they are timed by
the browser mode of bench/bench_pages.py. A page's own widgets (grouping, breakdown,
campaign, creator, sort) are drawn from `rng`, as a user changes them.

The frame (dashboard.py: settings, filter_options, date_span, tier names) is cached
per database file, not per filter, so a filter change does not recompute it; it is
timed once as FRAME.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from campaign_roi import (
    benchmarks,
    campaigns,
    codes,
    content,
    costs,
    creators,
    db,
    distributions,
    frame,
    headlines,
    metrics,
    planning,
    tiers,
    trends,
)
from campaign_roi.charts import compare as compare_charts
from campaign_roi.charts import costs as costs_charts
from campaign_roi.charts import overview as overview_charts
from campaign_roi.charts import results as results_charts
from campaign_roi.charts import tiers as tiers_charts
from campaign_roi.formatting import count
from campaign_roi.metrics import Filters
from campaign_roi.tables import raw_table, summary_table

Page = Callable[[Any, Filters, np.random.Generator], None]

# app_state.ahead as a page run has it: what a view asks ahead runs on a second thread,
# with a cursor of its own on the same committed state, and the page takes the answer
# where the view asks for it (waiting for it if need be). A page's time includes every
# answer asked ahead (each page function waits for them all before it returns).
_second_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-ahead")


class _Asked:
    """A page run's asks ahead; at its end, what it did not take is stopped (as
    app_state.end_run stops it) and waited for."""

    def __init__(self) -> None:
        self.futures: list[Future] = []
        self.cursors: list[Any] = []
        self.lock = threading.Lock()
        self.open = True

    def ask(self, con, ask: Callable[[Any], Any]) -> Future:
        def work() -> Any:
            with self.lock:
                if not self.open:
                    return None
                sibling = db.sibling(con)
                self.cursors.append(sibling)
            try:
                return ask(sibling)
            finally:
                with self.lock:
                    self.cursors.remove(sibling)
                sibling.close()

        future = _second_thread.submit(work)
        self.futures.append(future)
        return future

    def close(self) -> None:
        with self.lock:
            self.open = False
            for cursor in self.cursors:
                cursor.interrupt()
        for future in self.futures:
            future.exception()  # an error would show on the page's own ask


def _settling(page: Page) -> Page:
    """`page`, returning once what it asked ahead and did not take is stopped."""

    @functools.wraps(page)
    def run(con, filters: Filters, rng: np.random.Generator) -> None:
        _asked.append(_Asked())
        try:
            page(con, filters, rng)
        finally:
            _asked.pop().close()

    return run


_asked: list[_Asked] = []


def _ask_ahead(con, ask: Callable[[Any], Any]) -> Future:
    return _asked[-1].ask(con, ask)


def _currency(con) -> str:
    return db.get_settings(con).get("reporting_currency") or "USD"


def frame_calls(con, scheme: str = "default") -> None:
    """dashboard.py and campaign_roi/frame.py: once per database file (cached)."""
    db.get_settings(con)
    frame.filter_options(con)
    frame.date_span(con)
    frame.tier_names(con, scheme)


def overview(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/overview.py"""
    currency = _currency(con)
    previous_filters = filters.previous_period()
    previous = (
        _ask_ahead(
            con,
            lambda c: metrics.summary(c, "all", previous_filters, medians=metrics.SHOWN_MEDIANS),
        )
        if previous_filters
        else None
    )
    comparison = _ask_ahead(con, lambda c: metrics.compare(c, filters=filters))
    totals, by_campaign = metrics.summary_with_total(
        con, "campaign", filters, False, metrics.SHOWN_MEDIANS
    )
    if totals.empty:
        metrics.summary(con, "all", Filters(), medians=False)
        return
    headlines.kpi_cards(totals, previous.result() if previous else None, currency)
    series = trends.spend_and_revenue(con, filters)
    # the tables' CSVs (with their campaigns' typical ERs) are made when clicked: not timed
    ranking = headlines.rank_campaigns(by_campaign)
    overview_charts.spend_vs_revenue(series.frame, series.grain, currency)
    headlines.ranking_caption(ranking)
    if ranking.ranked:
        overview_charts.campaign_roas(ranking.best, ranking.worst)
    headlines.verdict(comparison.result(), currency)  # drawn last, in its place above


def tiers_page(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/tiers.py"""
    currency = _currency(con)
    scheme = metrics.tier_scheme(con, filters.scheme)
    cross_table = _ask_ahead(
        con,
        lambda c: metrics.summary(
            c, "tier", filters, then_by="platform", medians=metrics.SHOWN_MEDIANS
        ),
    )
    by_tier = metrics.summary(con, "tier", filters, medians=metrics.SHOWN_MEDIANS)
    if by_tier.empty:
        return
    posted = bool(by_tier["posts"].fillna(0).sum())

    def followers_chart(c) -> tuple[pd.DataFrame, Any]:
        bins = distributions.er_by_followers(c, filters)
        return bins, distributions.er_trend(c, filters) if not bins.empty else None

    followers = _ask_ahead(con, followers_chart) if posted else None
    dist = distributions.er_distribution(con, filters) if posted else None
    if dist is not None and not dist.empty:
        tiers_charts.er_box(dist, scheme.names)
        summary_table(
            dist.rename(columns={"median": "typical_er"}),
            {"Tier": list(dist["tier"])},
            ["posts", "typical_er", "pooled_er"],
            currency,
        )
    bins, trend = followers.result() if followers is not None else (None, None)
    if bins is not None and not bins.empty:
        published = benchmarks.load() if rng.random() < 0.5 else None
        tiers_charts.er_vs_followers(
            bins,
            trend.line(),
            trend.slope,
            benchmarks.series(published) if published is not None else (),
            [(t.name, t.min_followers) for t in scheme.tiers],
        )
    tiers_charts.tier_totals(by_tier, scheme.names, currency)
    figures = ["posts", "placements", "typical_er", "pooled_er", "cost", "cpe", "revenue", "roas"]
    summary_table(by_tier, {"Tier": list(by_tier["group_key"].fillna(""))}, figures, currency)
    cross = cross_table.result()
    keys = {
        "Tier": list(cross["group_key"].fillna("")),
        "Platform": list(cross["group_key2"].fillna("")),
    }
    summary_table(cross, keys, figures, currency)


def costs_page(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/costs.py"""
    currency = _currency(con)
    by = str(rng.choice(costs.COST_GROUPINGS))  # the grouping chosen last
    ratio_table = _ask_ahead(con, lambda c: costs.cost_summary(c, by, filters, medians=False))
    by_category = _ask_ahead(con, lambda c: costs.spend_by_category(c, filters))
    total = metrics.summary(con, "all", filters, medians=False)
    if total.empty:
        return
    total = total.iloc[0]
    table = ratio_table.result()
    labels = costs.group_labels(table, by)
    names = metrics.tier_scheme(con, filters.scheme).names if by == "tier" else None
    colours = costs_charts.group_colors(list(table["group_key"]), names)
    notes = costs.ratio_notes(total)
    short = costs.group_labels(table, by, short=True)
    costs_charts.ratio_bars(table, short, colours, notes, currency)
    figures = [
        "posts", "placements", "cost", "cpe", "cpm", "impressions_coverage", "cpv",
        "views_coverage", "cpc", "clicks_coverage", "cpa", "cost_per_post",
    ]  # fmt: skip
    summary_table(table, {costs.GROUPING_LABELS[by]: labels}, figures, currency)
    long = by_category.result()
    if not long.empty:
        costs_charts.spend_by_category(long, currency)
        costs.category_table(long)


def micro_vs_macro(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/micro_vs_macro.py, with the default sides and the observed tier mix."""
    currency = _currency(con)
    scheme = metrics.tier_scheme(con, filters.scheme)
    micro, macro = tiers.default_sides(scheme)
    figures = planning.micro_vs_macro(con, filters, tuple(micro), tuple(macro))
    placements, comparison = figures.placements, figures.comparison
    if placements.empty:
        return
    if comparison.enough_data:
        compare_charts.multiples(comparison, {k: r for k, (_, r) in headlines.CLAIMS.items()})
    else:
        headlines.verdict(comparison, currency)
    equal = figures.equal
    if equal.enough_data and equal.n is not None:
        compare_charts.equal_followers(equal, currency)
    mix_default = planning.current_mix(placements, scheme.names)
    shares = {tier: mix_default.get(tier, 0) for tier in scheme.names}
    if sum(shares.values()) == 100:
        mix = tuple((tier, share / 100) for tier, share in shares.items() if share > 0)
        plan = planning.what_if(placements, 10_000.0, dict(mix))
        if any(p.engagements.value is not None for p in plan.tiers):
            compare_charts.what_if(plan, scheme.names)
        planning.what_if_table(plan)


def affiliate_codes(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/affiliate_codes.py"""
    currency = _currency(con)
    if filters.content_types:
        return
    per = str(rng.choice(["code", "creator", "tier"]))  # the figures chosen last

    def figures_per(c) -> Any:
        if per == "creator":
            return creators.leaderboard(c, filters, "Revenue", "", medians=False).rows
        return None if per == "code" else metrics.summary(c, per, filters, medians=False)

    totals = _ask_ahead(con, lambda c: metrics.summary(c, "all", filters, medians=False))
    grouped = _ask_ahead(con, figures_per)
    orders = _ask_ahead(con, lambda c: codes.orders_by_day(c, filters))
    page = codes.code_page(con, filters)
    if page.empty:
        return
    totals.result()
    codes.rule_caption(page.typical, page.fence)
    if page.flagged_codes:
        codes.code_table(
            page.flagged,
            ["code", "handle", "campaign_name", "orders", "orders_per_1k", "why"],
            currency,
        )
    results_charts.leakage_scatter(
        page.points, page.cells, page.flagged_points, page.fence, page.flagged_codes
    )
    figures = ["orders", "revenue", "commission", "cost", "cpa", "roas"]
    if per == "code":
        codes.code_table(
            page.top,
            ["code", "handle", "campaign_name", "tier", "orders", "revenue", "commission",
             "cpa", "roas", "refunded_orders", "refunded_revenue"],
            currency,
        )  # fmt: skip
    else:
        rows = grouped.result()
        names = list(rows["group_label"] if per == "creator" else rows["group_key"])
        summary_table(rows, {per: [n or "" for n in names]}, figures, currency)
    daily = orders.result()
    if not daily.empty:
        first = filters.date_from or daily["day"].min().date()
        last = filters.date_to or daily["day"].max().date()
        grain = trends.grain_for(first, last)
        results_charts.code_revenue(codes.by_period(daily, grain), grain, currency)
    if page.no_sales_codes:
        codes.code_table(
            page.no_sales,
            ["code", "handle", "campaign_name", "tier", "placement_followers", "refunded_orders"],
            currency,
        )


def campaigns_page(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/campaigns.py, one campaign of the table chosen at random."""
    currency = _currency(con)
    table = campaigns.comparison(con, filters)
    if table.empty:
        return
    summary_table(
        table,
        {"Campaign": list(table["name"])},
        ["spend", "posts", "placements", "engagements", "cpe", "revenue", "roas", "roi"],
        currency,
    )
    chosen = str(rng.choice(table["campaign_id"]))
    row = table.set_index("campaign_id").loc[chosen]
    campaigns.objective_outcome(row, currency)
    daily = campaigns.daily(con, chosen, filters)
    if daily.empty:
        return
    budget = None if pd.isna(row["budget"]) else float(row["budget"])
    results_charts.budget_pacing(daily, budget, currency)
    campaigns.pacing_caption(row, currency)
    grain, steps = campaigns.timeline(daily)
    results_charts.campaign_timeline(steps, grain)
    people = campaigns.creators(con, chosen, filters)
    listed = campaigns.shown_creators(people)
    figures = ["posts", "typical_er", "engagements", "cost", "cpe", "orders", "revenue", "roas"]
    summary_table(listed, {"Creator": campaigns.creator_labels(listed)}, figures, currency)
    raw_table(people, {"Creator": campaigns.creator_labels(people)}, figures)
    campaigns.creators_caption(people, listed)
    spend = costs.spend_by_category(con, campaigns.scoped(chosen, filters))
    if not spend.empty:
        costs.category_table(spend)


def creators_page(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/creators.py, with a sort order drawn at random and no search text."""
    currency = _currency(con)
    sort = str(rng.choice(list(creators.SORTS)))
    board = creators.leaderboard(con, filters, sort, "")
    if board.creators == 0 and board.rows.empty:
        return
    ranked = board.rows
    figures = ["typical_er", "cpe", "revenue", "roas", "posts", "placements", "cost"]
    summary_table(ranked, {"Creator": list(ranked["handle"])}, figures, currency)
    [count(v) for v in ranked["followers"]]
    creators.board_caption(board, "", sort)
    ids = [key for key in ranked["group_key"] if key is not None]
    if not ids:
        return
    chosen = ids[0]
    history = _ask_ahead(con, lambda c: creators.history(c, chosen, filters.scheme))
    posts = creators.posts(con, chosen)
    if not posts.empty:
        results_charts.follower_growth(posts)
        creators.growth_caption(posts)
    history = history.result()
    if not history.empty:
        summary_table(
            history,
            {"Campaign": list(history["group_label"])},
            ["posts", "spend", "commission", "cost", "engagements", "cpe", "orders", "revenue",
             "roas"],
            currency,
        )  # fmt: skip


def content_page(con, filters: Filters, rng: np.random.Generator) -> None:
    """views/content.py, with a breakdown drawn at random."""
    currency = _currency(con)
    by = str(rng.choice(list(content.BREAKDOWNS)))
    title = content.BREAKDOWNS[by]
    table = content.breakdown(con, by, filters)
    if table.empty or table["posts"].sum() == 0:
        return
    results_charts.breakdown(table, title, currency)
    content.thin_caption(table)
    summary_table(
        table,
        {title: list(table["label"])},
        ["posts", "typical_er", "engagements", "cost", "cpe"],
        currency,
    )


# The pages in the order of the menu (dashboard.py), keyed by their file in views/.
PAGES: dict[str, Page] = {
    "overview": _settling(overview),
    "tiers": _settling(tiers_page),
    "costs": _settling(costs_page),
    "micro_vs_macro": micro_vs_macro,
    "affiliate_codes": _settling(affiliate_codes),
    "campaigns": campaigns_page,
    "creators": _settling(creators_page),
    "content": content_page,
}
# Their titles in the menu, for the browser mode.
TITLES = {
    "overview": "Overview",
    "tiers": "Tiers",
    "costs": "Costs",
    "micro_vs_macro": "Micro vs macro",
    "affiliate_codes": "Affiliate codes",
    "campaigns": "Campaigns",
    "creators": "Creators",
    "content": "Content",
}
