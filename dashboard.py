"""The dashboard's frame and router: page config, the database, the demo banner,
then st.navigation over the files in views/ and the chosen page.

Run with `make run` (or `streamlit run dashboard.py`). The database is
$CAMPAIGN_ROI_DB, else data/campaigns.duckdb; with no file there, the demo
database is built on first run.
"""

from __future__ import annotations

import streamlit as st

from campaign_roi import allocator, app_state, db
from campaign_roi.frame import shared_filters
from campaign_roi.paths import VIEWS_DIR

PAGES_DIR = VIEWS_DIR

allocator.keep_freed_memory()  # once per process: page runs reuse freed memory

st.set_page_config(page_title="Campaign ROI", page_icon=":bar_chart:", layout="wide")


def _open_database() -> dict[str, str | None]:
    """Make sure there is a database (building the demo if needed); return its settings.

    Stops the run with one plain sentence when the database cannot be used.
    """
    path = app_state.db_path()
    try:
        if not path.exists():
            with st.spinner("First run: building the demo database..."):
                bar = st.progress(0.0)
                app_state.ensure_database(
                    path, progress=lambda done, what: bar.progress(done, text=f"Demo: {what}")
                )
                bar.empty()
        if app_state.aggregates_stale(path):  # first run after an upgrade: refresh once
            try:
                with st.spinner(
                    "Updating the dashboard's fast tables for this version (once; a few "
                    "minutes for millions of posts)..."
                ):
                    app_state.refresh_aggregates(path)
            except app_state.WriteBusy:
                pass  # an import is running (it refreshes them); the next run checks again
        app_state.begin_run()  # every query of this run reads one committed state
        return app_state.settings(path)
    except db.DatabaseBusy:
        st.error(
            f"The database {path} is in use by another program (an import, or another "
            "dashboard); wait for it to finish, then reload this page."
        )
    except app_state.DatabaseUnreadable:
        st.error(
            f"The database {path} could not be read; rebuild it with `make demo` "
            "or import your data again."
        )
    except Exception:  # noqa: BLE001 - never a traceback on screen
        st.error(
            f"The database {path} could not be opened; check the file, or delete it "
            "to have the demo database rebuilt."
        )
    st.stop()


# Navigation comes first: a run stopped before st.navigation would fall back to
# Streamlit's automatic page menu, which runs pages without this frame.
page = st.navigation(
    {
        "For executives": [
            st.Page(PAGES_DIR / "overview.py", title="Overview", icon=":material/dashboard:"),
        ],
        "Analysis": [
            st.Page(PAGES_DIR / "tiers.py", title="Tiers", icon=":material/stacked_bar_chart:"),
            st.Page(PAGES_DIR / "costs.py", title="Costs", icon=":material/payments:"),
            st.Page(
                PAGES_DIR / "micro_vs_macro.py",
                title="Micro vs macro",
                icon=":material/compare_arrows:",
            ),
        ],
        "Results": [
            st.Page(
                PAGES_DIR / "affiliate_codes.py", title="Affiliate codes", icon=":material/sell:"
            ),
            st.Page(PAGES_DIR / "campaigns.py", title="Campaigns", icon=":material/campaign:"),
            st.Page(PAGES_DIR / "creators.py", title="Creators", icon=":material/groups:"),
            st.Page(PAGES_DIR / "content.py", title="Content", icon=":material/perm_media:"),
        ],
        "Your data": [
            st.Page(PAGES_DIR / "data.py", title="Data", icon=":material/upload_file:"),
        ],
    }
)

settings = _open_database()
shared_filters(settings.get("tier_scheme") or "default")

if settings.get("demo") == "true":
    st.info(
        "You are looking at built-in demo data (made-up creators and campaigns). "
        "Import your own on the Data page, where you can also start from scratch.",
        icon=":material/science:",
    )

try:
    page.run()
finally:
    app_state.end_run()
