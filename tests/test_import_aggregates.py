"""An import keeps the pre-aggregates in step, in its own transaction: an upsert that
changes values but no row count (which the staleness check cannot notice) still shows
the new figures on the fast path, equal to the views'."""

from __future__ import annotations

from campaign_roi import aggregates, db, importer, metrics
from tests.known_answer import build_known_answer_db

# p1 in the known-answer data: 400 likes, 50 comments, 25 shares, 25 saves
UPDATE_P1 = (
    "post_id,campaign_id,influencer_id,posted_at,platform,content_type,followers_at_post,"
    "likes,comments,shares,saves,impressions,reach,clicks\n"
    "p1,c1,iA,2025-03-02 10:00,instagram,photo,5000,1400,50,25,25,20000,10000,100\n"
)


def test_an_update_through_the_importer_refreshes_the_pre_aggregates(tmp_path):
    con = db.connect_rw(build_known_answer_db(tmp_path / "known.duckdb"))
    try:
        before = metrics.summary(con, "all").iloc[0]
        report = importer.import_batch(con, [importer.Source("posts.csv", UPDATE_P1.encode())])
        assert report.written and report.counts["posts"].updated == 1
        assert aggregates.is_fresh(con)  # the fast path answers ...
        fast = metrics.summary(con, "all").iloc[0]
        assert fast["engagements"] == before["engagements"] + 1000  # 1,400 - 400 likes
        aggregates.invalidate(con)  # ... and the views agree
        assert metrics.summary(con, "all").iloc[0]["engagements"] == fast["engagements"]
    finally:
        con.close()
