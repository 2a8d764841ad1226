"""The dashboard starts, shows the right headline figures, and builds the demo on first run."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

# Two creators in one campaign, worked out by hand (METRICS.md):
#   spend       = 200.00 (micro creator's fee) + 800.00 (macro creator's fee) = 1,000.00
#   revenue     = 300.00 + 200.00 (order o3 is refunded: no revenue, no commission) = 500.00
#   commission  = 10% of 500.00 = 50.00
#   cost        = spend + commission = 1,050.00
#   ROAS        = 500.00 / 1,050.00 = 0.476... -> "0.48×"
#   ROI         = (500 - 1,050) / 1,050 = -52.4%
#   engagements = (400 + 100) + (3,000 + 500 + 60) = 4,060 over 2 posts (p3 has no data)
#   ER          = 500 / 5,000 = 10%, 3,560 / 200,000 = 1.78%; typical = median = 5.89%
#   CPE         = 1,050.00 / 4,060 = 0.2586 -> "$0.259"
SMALL_CAMPAIGN = {
    "influencers": [
        dict(influencer_id="i1", handle="@tiny_baker", platform="instagram", followers=5_000),
        dict(influencer_id="i2", handle="@big_chef", platform="instagram", followers=200_000),
    ],
    "campaigns": [dict(campaign_id="c1", name="Spring launch", brand="Acme")],
    "posts": [
        dict(
            post_id="p1",
            campaign_id="c1",
            influencer_id="i1",
            posted_at="2025-03-01 10:00",
            platform="instagram",
            followers_at_post=5_000,
            likes=400,
            comments=100,
        ),
        dict(
            post_id="p2",
            campaign_id="c1",
            influencer_id="i2",
            posted_at="2025-03-02 18:00",
            platform="instagram",
            followers_at_post=200_000,
            likes=3_000,
            comments=500,
            shares=60,
        ),
        dict(
            post_id="p3",
            campaign_id="c1",
            influencer_id="i2",
            posted_at="2025-03-05 18:00",
            platform="instagram",
            followers_at_post=200_000,
        ),
    ],
    "spend": [
        dict(
            spend_id="s1",
            campaign_id="c1",
            influencer_id="i1",
            spent_on="2025-02-25",
            category="fee",
            amount=200.00,
        ),
        dict(
            spend_id="s2",
            campaign_id="c1",
            influencer_id="i2",
            spent_on="2025-02-25",
            category="fee",
            amount=800.00,
        ),
    ],
    "affiliate_codes": [
        dict(code="BAKER10", campaign_id="c1", influencer_id="i1", commission_rate=0.10),
    ],
    "orders": [
        dict(order_id="o1", code="BAKER10", ordered_at="2025-03-03 12:00", revenue=300.00),
        dict(order_id="o2", code="BAKER10", ordered_at="2025-03-04 09:30", revenue=200.00),
        dict(
            order_id="o3",
            code="BAKER10",
            ordered_at="2025-03-04 11:00",
            revenue=999.00,
            refunded=True,
        ),
    ],
}


def test_overview_shows_hand_computed_totals(dashboard):
    app = dashboard(SMALL_CAMPAIGN)

    assert app.page.title() == "Campaign ROI"
    assert app.metric("Spend (cost)") == "$1,050.00"
    assert app.metric("Revenue") == "$500.00"
    assert app.metric("ROAS") == "0.48×"
    assert app.metric("ROI") == "-52.4%"
    assert app.metric("Posts") == "3"
    assert app.metric("Engagements") == "4,060"
    assert app.metric("Typical ER") == "5.89%"
    assert app.metric("CPE") == "$0.259"
    # not a demo database: no demo banner
    assert app.page.get_by_text("built-in demo data").count() == 0


def test_empty_database_says_so_instead_of_failing(dashboard):
    app = dashboard({})

    assert (
        "no posts, spend or orders yet" in app.page.locator('[data-testid="stAlert"]').inner_text()
    )


def test_no_value_shows_a_dash(dashboard):
    # spend but no engagement data and no orders: CPE and ROAS have nothing to divide by
    tables = {
        "influencers": SMALL_CAMPAIGN["influencers"][:1],
        "campaigns": SMALL_CAMPAIGN["campaigns"],
        "spend": SMALL_CAMPAIGN["spend"][:1],
    }
    app = dashboard(tables)

    assert app.metric("Spend (cost)") == "$200.00"
    assert app.metric("Revenue") == "$0.00"
    assert app.metric("CPE") == "—"
    assert app.metric("Typical ER") == "—"


def test_busy_database_gets_one_sentence_not_a_traceback(dashboard, tmp_path: Path):
    from campaign_roi import db
    from tests.dbfixtures import build_db

    path = build_db(tmp_path / "held.duckdb", SMALL_CAMPAIGN)
    writer = db.connect_rw(path)  # another process-like holder of the write lock
    try:
        app = dashboard(db_path=path)
        alert = app.page.locator('[data-testid="stAlert"]')
        assert "in use by another program" in alert.inner_text()
        assert app.page.locator('[data-testid="stMetric"]').count() == 0
        # the frame stopped after st.navigation: the menu is the frame's own (with its
        # sections), not Streamlit's automatic pages/ menu, which runs pages unframed
        nav = app.page.locator('[data-testid="stSidebarNav"]')
        assert "For executives" in nav.inner_text()
    finally:
        writer.close()


def test_unreadable_database_gets_one_sentence(dashboard, tmp_path: Path):
    path = tmp_path / "not_a_database.duckdb"
    path.write_bytes(b"order_id,revenue\no1,10\n" * 100)

    app = dashboard(db_path=path)

    alert = app.page.locator('[data-testid="stAlert"]')
    assert "could not be read" in alert.inner_text()


def test_first_run_builds_the_demo_database(dashboard, tmp_path: Path):
    path = tmp_path / "fresh" / "campaigns.duckdb"
    assert not path.exists()

    app = dashboard(db_path=path)

    assert path.exists()
    assert app.page.get_by_text("built-in demo data").is_visible()
    assert app.metric("Posts") not in ("0", "—")
    assert app.metric("Spend (cost)").startswith("$")
