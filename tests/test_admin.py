"""Settings, tier schemes, saved mappings, import history and starting from scratch,
on real database files."""

from __future__ import annotations

import pytest

from campaign_roi import admin, db, importer, metrics
from campaign_roi.mapping import Mapping
from tests.known_answer import build_known_answer_db
from tests.test_importer import BATCH, _sources


@pytest.fixture
def con(tmp_path):
    connection = db.connect_rw(tmp_path / "a.duckdb")
    yield connection
    connection.close()


def test_currency_is_stored_upper_case_and_checked(con):
    assert admin.set_currency(con, " eur ") == "EUR"
    assert db.get_settings(con)["reporting_currency"] == "EUR"
    with pytest.raises(admin.SettingError, match='"EURO" is not a currency code'):
        admin.set_currency(con, "euro")
    assert db.get_settings(con)["reporting_currency"] == "EUR"


def test_gross_margin_feeds_profit_roi(tmp_path):
    con = db.connect_rw(build_known_answer_db(tmp_path / "k.duckdb"))
    try:
        assert metrics.summary(con, "all")["profit_roi"].isna().all()
        admin.set_gross_margin(con, 0.4)
        row = metrics.summary(con, "all").iloc[0]
        # profit ROI = (revenue × 0.4 − cost) / cost, by METRICS.md
        revenue, cost = row["revenue"], row["cost"]
        assert revenue > 0 and row["profit_roi"] == pytest.approx((revenue * 0.4 - cost) / cost)
        with pytest.raises(admin.SettingError, match="between 1% and 100%"):
            admin.set_gross_margin(con, 1.5)
        admin.set_gross_margin(con, None)
        assert db.get_settings(con)["gross_margin"] is None
    finally:
        con.close()


def test_custom_scheme_is_validated_stored_and_chosen(con):
    admin.save_custom_scheme(con, ["small", "big"], [0, 25_000])
    assert db.get_settings(con)["tier_scheme"] == "custom"
    tiers = admin.scheme_table(con, "custom")
    assert list(tiers["tier"]) == ["small", "big"]
    assert list(tiers["min_followers"]) == [0, 25_000]
    assert tiers["max_followers"].iloc[0] == 25_000 and tiers["max_followers"].isna().iloc[1]
    # saving again replaces the tiers, it does not add to them
    admin.save_custom_scheme(con, ["a", "b", "c"], [0, 5, 50])
    assert list(admin.scheme_table(con, "custom")["tier"]) == ["a", "b", "c"]
    for names, edges, words in (
        (["a", "b"], [10, 20], "start at 0"),
        (["a", "b"], [0, 0], "must increase"),
        (["a", "a"], [0, 5], "distinct"),
        (["a"], [0], "at least two"),
    ):
        with pytest.raises(admin.SettingError, match=words):
            admin.save_custom_scheme(con, names, edges)
    assert list(admin.scheme_table(con, "custom")["tier"]) == ["a", "b", "c"]
    admin.choose_scheme(con, "five")
    assert db.get_settings(con)["tier_scheme"] == "five"
    with pytest.raises(admin.SettingError, match='no tier scheme "tiny"'):
        admin.choose_scheme(con, "tiny")


def test_custom_scheme_changes_the_tier_figures(tmp_path):
    con = db.connect_rw(build_known_answer_db(tmp_path / "k.duckdb"))
    try:
        admin.save_custom_scheme(con, ["under 1M", "1M up"], [0, 1_000_000])
        by_tier = metrics.summary(con, "tier", metrics.Filters(scheme="custom"))
        everything = metrics.summary(con, "all").iloc[0]
        tiers = by_tier[by_tier["group_key"].notna()]
        # every post lands in one of the two custom tiers
        assert set(tiers["group_key"]) <= {"under 1M", "1M up"}
        assert tiers["posts"].sum() == everything["posts"]
    finally:
        con.close()


def test_mappings_are_saved_and_reused_by_name(con):
    mapping = Mapping(
        table="posts",
        columns={"influencer_id": "creator", "likes": "vid_nlike"},
        values={"platform": "tiktok"},
        zero_words=["Share"],
    )
    assert admin.save_mapping(con, " TikTok export ", mapping, "ann") == "TikTok export"
    assert admin.saved_mappings(con) == {"TikTok export": mapping}
    with pytest.raises(admin.SettingError, match="give the mapping a name"):
        admin.save_mapping(con, "", mapping, "ann")
    with pytest.raises(admin.SettingError, match="not a column of posts"):
        admin.save_mapping(con, "bad", Mapping(table="posts", columns={"nope": "x"}), None)
    admin.delete_mapping(con, "TikTok export")
    assert admin.saved_mappings(con) == {}


def test_import_history_says_who_when_what(con):
    report = importer.import_batch(con, _sources(BATCH), source="page", imported_by="ann")
    assert report.written
    history = admin.import_history(con)
    assert set(history["table_name"]) == {
        "influencers",
        "campaigns",
        "posts",
        "spend",
        "affiliate_codes",
        "orders",
    }
    posts = history[history["table_name"] == "posts"].iloc[0]
    assert posts["imported_by"] == "ann" and posts["source"] == "page"
    assert posts["files"] == "posts.csv" and posts["rows_new"] == 2


def test_start_from_scratch_empties_every_table_but_keeps_settings(tmp_path):
    con = db.connect_rw(build_known_answer_db(tmp_path / "k.duckdb"))
    try:
        admin.set_currency(con, "EUR")
        posts_before = con.execute("SELECT count(*) FROM posts").fetchone()[0]
        deleted = admin.start_from_scratch(con, "ann")
        assert deleted["posts"] == posts_before > 0
        for table in ("influencers", "campaigns", "posts", "spend", "affiliate_codes", "orders"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert metrics.summary(con, "all").empty
        settings = db.get_settings(con)
        assert settings["reporting_currency"] == "EUR" and settings["demo"] == "false"
        log = admin.import_history(con)
        assert list(log["imported_by"]) == ["ann"] and list(log["table_name"]) == ["all tables"]
    finally:
        con.close()
