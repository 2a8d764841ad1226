"""Data, for marketing leads: import files (with column mapping for platform exports),
templates, data coverage, settings and the import history.

The dashboard server does every write, in one transaction, while other sessions keep
reading the last committed state; afterwards every page shows the new data.
"""

from __future__ import annotations

import streamlit as st

from campaign_roi import data_admin, data_import

st.title("Data")
st.caption(
    "Import and settings work on the whole database; the sidebar filters apply to the "
    "other pages. Other people keep seeing the data as it was until an import is complete."
)


def _default_name() -> str:
    try:
        return (
            str(st.user.get("email") or st.user.get("name") or "") if st.user.is_logged_in else ""
        )
    except Exception:  # noqa: BLE001 - no sign-in configured
        return ""


who = st.text_input(
    "Your name (the import log records who changed the data)",
    # kept for the session: widget state is dropped while another page is open
    value=st.session_state.get("data_who_kept") or _default_name(),
    key="data_who",
    max_chars=80,
).strip()
st.session_state["data_who_kept"] = who

imports, templates, coverage, settings, history = st.tabs(
    ["Import", "Templates", "Coverage", "Settings", "Import history"]
)
with imports:
    data_import.render(who)
with templates:
    data_admin.render_templates()
with coverage:
    data_admin.render_coverage()
with settings:
    data_admin.render_settings()
with history:
    data_admin.render_history()
