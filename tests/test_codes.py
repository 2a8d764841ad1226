"""Affiliate codes: per-code figures on the known-answer database, and the leakage rules
on a planted leaked code, a planted late code and honest codes (all worked by hand)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from campaign_roi import codes, db, metrics
from campaign_roi.metrics import Filters
from tests.dbfixtures import build_db
from tests.known_answer import build_known_answer_db


@pytest.fixture
def known(tmp_path):
    connection = db.connect_ro(build_known_answer_db(tmp_path / "known.duckdb"))
    yield connection
    connection.close()


def _orders(code: str, day: str, n: int, start: int = 0, refunded: bool = False) -> list[dict]:
    return [
        dict(order_id=f"{code}-{day}-{start + k}", code=code, ordered_at=f"{day} 12:00",
             revenue=20, refunded=refunded)
        for k in range(n)
    ]  # fmt: skip


def leakage_rows() -> dict:
    """Honest H1..H5 (10,000 followers; 10, 12, 14, 16, 18 orders: 1.0-1.8 per 1k; H1 has
    5 of its 10 orders 50 days after its post: exactly half, not more), LEAK (4,000
    followers, 200 orders: 50 per 1k), LATE (100,000 followers, 12 orders, 8 of them 50
    days after the last post: 67%), NONE (posted, no orders). Orders 20 each, 10%
    commission; LEAK's placement has a 100 fee.

    Rates of codes with sales: 0.12 1.0 1.2 1.4 1.6 1.8 50 -> median 1.4, Q1 1.1, Q3 1.7
    (numpy's linear percentiles), IQR 0.6, fence 1.7 + 3 x 0.6 = 3.5.
    """
    people = {"H1": 10_000, "H2": 10_000, "H3": 10_000, "H4": 10_000, "H5": 10_000,
              "LEAK": 4_000, "LATE": 100_000, "NONE": 10_000}  # fmt: skip
    rows: dict[str, list] = {k: [] for k in ("influencers", "posts", "affiliate_codes", "orders")}
    for name, followers in people.items():
        rows["influencers"].append(
            dict(influencer_id=name, handle=f"@{name.lower()}", platform="instagram",
                 followers=followers)
        )  # fmt: skip
        rows["posts"].append(
            dict(post_id=f"p{name}", campaign_id="cL", influencer_id=name,
                 posted_at="2025-01-10 09:00", platform="instagram",
                 followers_at_post=followers, likes=100)
        )  # fmt: skip
        rows["affiliate_codes"].append(
            dict(code=name, campaign_id="cL", influencer_id=name, commission_rate=0.1)
        )
    for name, n in (("H2", 12), ("H3", 14), ("H4", 16), ("H5", 18), ("LEAK", 200)):
        rows["orders"] += _orders(name, "2025-01-12", n)
    rows["orders"] += _orders("H2", "2025-01-12", 1, start=99, refunded=True)
    rows["orders"] += _orders("H1", "2025-01-11", 5) + _orders("H1", "2025-03-01", 5)
    rows["orders"] += _orders("LATE", "2025-01-12", 4) + _orders("LATE", "2025-03-01", 8)
    rows["campaigns"] = [dict(campaign_id="cL", name="Leaky", brand="Acme")]
    rows["spend"] = [
        dict(spend_id="sL", campaign_id="cL", influencer_id="LEAK", spent_on="2025-01-05",
             category="fee", amount=100)
    ]  # fmt: skip
    return rows


@pytest.fixture
def leaky(tmp_path):
    connection = db.connect_ro(build_db(tmp_path / "leaky.duckdb", leakage_rows()))
    yield connection
    connection.close()


def test_per_code_known_answer(known):
    table = codes.code_results(known).set_index("code")
    assert list(table.index) == ["CARL", "DAN", "BEN5", "ANNA10", "NOSALE"]  # by revenue
    anna = table.loc["ANNA10"]
    # o1 100 (10% -> 10); o2 50 refunded: apart, no commission; cost s1 200 + s2 50 + 10
    assert (anna["orders"], anna["revenue"], anna["commission"]) == (1, 100, 10)
    assert (anna["refunded_orders"], anna["refunded_revenue"]) == (1, 50)
    assert anna["cost"] == pytest.approx(260)
    assert anna["cpa"] == pytest.approx(260) and anna["roas"] == pytest.approx(100 / 260)
    ben = table.loc["BEN5"]  # o3 200 -> 12, o4 80 -> 6; cost s3 500 + 18
    assert (ben["orders"], ben["revenue"], ben["commission"], ben["cost"]) == (2, 280, 18, 518)
    assert table.loc["CARL", "cpa"] == pytest.approx((6_000 + 10) / 2)
    assert table.loc["CARL", "tier"] == "macro"  # placement tier: p4 at 100,000
    nosale = table.loc["NOSALE"]  # iB/c2 paid 700 (s7), sold nothing
    assert nosale["orders"] == 0 and pd.isna(nosale["cpa"]) and nosale["roas"] == 0
    # the codes add up to the summary (what the CLI prints)
    total = metrics.summary(known, "all").iloc[0]
    assert table["orders"].sum() == total["orders"] == 6
    assert table["revenue"].sum() == pytest.approx(total["revenue"])
    assert table["commission"].sum() == pytest.approx(total["commission"])
    assert table["refunded_revenue"].sum() == pytest.approx(total["refunded_revenue"])
    # too few codes with sales (4) to set a norm: nothing flagged by reach
    assert not table["leak_flag"].any()
    assert table["fence"].isna().all() and table["typical"].isna().all()


def test_the_page_reads_the_same_codes(known):
    page = codes.code_page(known)
    assert (page.codes, page.no_sales_codes, page.flagged_codes) == (5, 1, 0)
    assert (page.typical, page.fence) == (None, None)  # 4 codes with sales: no norm
    assert list(page.top["code"]) == ["CARL", "DAN", "BEN5", "ANNA10", "NOSALE"]
    assert page.top.loc[3, "cost"] == pytest.approx(260)  # ANNA10, as code_results has it
    assert page.top.loc[3, "cpa"] == pytest.approx(260)
    assert list(page.no_sales["code"]) == ["NOSALE"] and page.flagged.empty
    # the chart: the 4 codes with sales one by one (none flagged), by revenue
    assert list(page.points["code"]) == ["CARL", "DAN", "BEN5", "ANNA10"] and page.cells.empty
    assert "not judged here, fewer than 5 codes" in codes.rule_caption(page.typical, page.fence)
    assert codes.code_page(known, Filters(content_types=("reel",))).empty


def test_codes_in_a_period_and_by_day(known):
    june = Filters(date_from=date(2025, 6, 1), date_to=date(2025, 6, 30))
    table = codes.code_results(known, june)
    # only the June placements are active: DAN sold o7, NOSALE (iB/c2: p7, s7) sold nothing
    assert list(table["code"]) == ["DAN", "NOSALE"]
    days = codes.orders_by_day(known)
    assert days["orders"].sum() == 6 and days["refunded_revenue"].sum() == 50
    monthly = codes.by_period(days, "month")
    assert list(monthly["period_start"].dt.month) == [3, 6]
    assert list(monthly["revenue"]) == [1_880, 300]
    assert codes.code_results(known, Filters(content_types=("reel",))).empty


def test_leakage_rules_on_planted_codes(leaky):
    table = codes.code_results(leaky).set_index("code")
    assert table["typical"].eq(table["typical"].iloc[0]).all()  # one norm for the view
    typical, fence = table["typical"].iloc[0], table["fence"].iloc[0]
    assert typical == pytest.approx(1.4) and fence == pytest.approx(3.5)
    assert table.loc["LEAK", "orders_per_1k"] == pytest.approx(50)
    assert table.loc["LEAK", "reach_flag"] and not table.loc["LEAK", "late_flag"]
    assert table.loc["LEAK", "why"] == (
        "200 orders from a creator with 4,000 followers: 50.0 per 1k followers against a "
        "typical 1.4"
    )
    assert table.loc["LATE", "late_flag"] and not table.loc["LATE", "reach_flag"]
    assert table.loc["LATE", "why"] == (
        "8 of 12 orders (67%) came more than 30 days after the creator's last post in the "
        "campaign (10 Jan 2025)"
    )
    # honest codes, H1 with exactly half its orders late, and the code with no sales
    for code in ("H1", "H2", "H3", "H4", "H5", "NONE"):
        assert not table.loc[code, "leak_flag"] and table.loc[code, "why"] == ""
    assert table.loc["H1", "late_share"] == pytest.approx(0.5)
    assert table.loc["H2", "refunded_orders"] == 1 and table.loc["H2", "orders"] == 12
    # flagged codes stay in every total: 10+12+14+16+18+200+12 orders
    assert table["orders"].sum() == 282 == metrics.summary(leaky, "all").iloc[0]["orders"]
    # LEAK: cost = fee 100 + commission 200 x 2 = 500; CPA 2.5; ROAS 4,000 / 500
    assert table.loc["LEAK", "cpa"] == pytest.approx(2.5)
    assert table.loc["LEAK", "roas"] == pytest.approx(8)


def test_the_page_on_planted_codes(leaky):
    page = codes.code_page(leaky)
    assert page.typical == pytest.approx(1.4) and page.fence == pytest.approx(3.5)
    assert "above 3.5 (Q3 + 3 × IQR" in codes.rule_caption(page.typical, page.fence)
    assert (page.codes, page.no_sales_codes, page.flagged_codes) == (8, 1, 2)
    # flagged by revenue: LEAK 200 x 20, LATE 12 x 20; each with its reason
    assert list(page.flagged["code"]) == ["LEAK", "LATE"]
    assert page.flagged.loc[0, "why"].startswith("200 orders from a creator with 4,000")
    assert page.flagged.loc[1, "why"].startswith("8 of 12 orders (67%)")
    assert list(page.top["code"][:3]) == ["LEAK", "H5", "H4"]
    assert list(page.top["leak_flag"][:2]) == [True, False]
    assert list(page.no_sales["code"]) == ["NONE"]
    # unflagged codes with sales, one by one, by revenue: H5 18 x 20 down to H1 10 x 20
    assert list(page.points["code"]) == ["H5", "H4", "H3", "H2", "H1"] and page.cells.empty
    assert list(page.points["orders_per_1k"]) == pytest.approx([1.8, 1.6, 1.4, 1.2, 1.0])


def test_the_flagged_table_holds_the_first_top_codes_the_chart_more(leaky, monkeypatch):
    # the table (with each code's reason) stops at TOP codes by revenue; the chart draws
    # the flagged codes up to MAX_POINTS, without reasons
    monkeypatch.setattr(codes, "TOP", 1)
    page = codes.code_page(leaky)
    assert page.flagged_codes == 2
    assert list(page.flagged["code"]) == ["LEAK"]
    assert page.flagged.loc[0, "why"].startswith("200 orders from a creator with 4,000")
    assert list(page.flagged_points["code"]) == ["LEAK", "LATE"]
    assert "why" not in page.flagged_points


def test_the_page_groups_many_codes_into_cells(leaky):
    # past 3 points the 5 unflagged codes are grouped on a 2 x 2 log-log grid. All have
    # 10,000 followers (one column of cells); log10 of their rates 1.0 .. 1.8 over the
    # span log10(1.8): only H5 reaches the second row.
    page = codes.code_page(leaky, max_points=3, grid=2)
    assert page.points.empty
    low, high = page.cells.sort_values("orders_per_1k").to_dict("records")
    assert (low["codes"], low["orders"], low["placement_followers"]) == (4, 52, 10_000)
    assert low["orders_per_1k"] == pytest.approx(1.3)  # median of 1.0, 1.2, 1.4, 1.6
    assert (high["codes"], high["orders"], high["orders_per_1k"]) == (1, 18, pytest.approx(1.8))
    # flagged codes: never grouped
    assert list(page.flagged_points["code"]) == ["LEAK", "LATE"]


def norm_rows() -> dict:
    """Five codes of creators with 10,000 followers and 10 orders each (1.0 per 1k); TINY,
    100 followers and 9 orders (90 per 1k); SPENT, a creator with 10,000 followers (the
    placement has no post: the profile's count) paid in the campaign who never posted, 10
    orders all 50 days later (1.0 per 1k). Rates 1.0 x 6 and 90: Q1 = Q3 = 1.0, so the
    fence is 1.0."""
    rows = leakage_rows()
    rows["orders"] = []
    for name in ("H1", "H2", "H3", "H4", "H5"):
        rows["orders"] += _orders(name, "2025-01-12", 10)
    rows["influencers"] += [
        dict(influencer_id="TINY", handle="@tiny", platform="instagram", followers=100),
        dict(influencer_id="SPENT", handle="@spent", platform="instagram", followers=10_000),
    ]
    rows["posts"] = [p for p in rows["posts"] if p["influencer_id"].startswith("H")]
    rows["posts"].append(
        dict(post_id="pTINY", campaign_id="cL", influencer_id="TINY",
             posted_at="2025-01-10 09:00", platform="instagram", followers_at_post=100, likes=5)
    )  # fmt: skip
    rows["affiliate_codes"] = [
        dict(code=name, campaign_id="cL", influencer_id=name, commission_rate=0.1)
        for name in ("H1", "H2", "H3", "H4", "H5", "TINY", "SPENT")
    ]
    rows["orders"] += _orders("TINY", "2025-01-12", 9) + _orders("SPENT", "2025-03-01", 10)
    rows["spend"] = [
        dict(spend_id="sS", campaign_id="cL", influencer_id="SPENT", spent_on="2025-01-05",
             category="fee", amount=100)
    ]  # fmt: skip
    return rows


def test_leakage_needs_enough_orders_and_a_post(tmp_path):
    con = db.connect_ro(build_db(tmp_path / "norm.duckdb", norm_rows()))
    try:
        table = codes.code_results(con).set_index("code")
        page = codes.code_page(con)
    finally:
        con.close()
    assert page.typical == pytest.approx(1.0) and page.fence == pytest.approx(1.0)
    # 90 per 1k is far out, but 9 orders are under MIN_ORDERS
    assert table.loc["TINY", "orders_per_1k"] == pytest.approx(90)
    assert not table.loc["TINY", "reach_flag"]
    # at the fence is not above it
    assert not table.loc["H1", "reach_flag"]
    # SPENT's orders all came late, but its creator never posted: not judged by (b)
    assert table.loc["SPENT", "orders_per_1k"] == pytest.approx(1.0)
    assert pd.isna(table.loc["SPENT", "last_post_at"]) and not table.loc["SPENT", "late_flag"]
    assert not table["leak_flag"].any() and page.flagged_codes == 0 and page.flagged.empty


def test_code_table_reads_and_keeps_raw(leaky):
    table = codes.code_results(leaky)
    shown, raw = codes.code_table(table, ["code", "orders", "revenue", "cpa"], "USD")
    leak = shown[shown["Code"] == "LEAK"].iloc[0]
    assert (leak["Orders"], leak["Revenue"], leak["CPA"]) == ("200", "$4,000.00", "$2.50")
    assert "why" in raw.columns and len(raw) == len(shown) == 8


def test_top_caption_and_the_csv_rows(known):
    assert codes.top_caption(500, 677_806, "codes", "by revenue") == (
        "Top 500 of 677,806 codes, by revenue; the CSV has them all."
    )
    assert codes.top_caption(2, 2, "flagged codes") == "2 flagged codes."
    every = codes.code_csv(known, None)
    assert list(every["code"]) == ["CARL", "DAN", "BEN5", "ANNA10", "NOSALE"]
    assert list(every.columns) == list(codes.RAW_COLUMNS)
    assert list(codes.code_csv(known, None, "no sales")["code"]) == ["NOSALE"]
    assert codes.code_csv(known, None, "flagged").empty  # under 5 codes with sales: no norm
