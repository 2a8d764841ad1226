"""The Data page's other tabs: templates, coverage, settings, the import history, and
starting from scratch. Streamlit widgets here; the writes are in admin."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign_roi import admin, app_state, contract, db, formatting, frame
from campaign_roi.contract import TABLE_ORDER
from campaign_roi.tiers import PRESETS
from campaign_roi.widgets import download_csv

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "PLN"]
CURRENCIES += ["BRL", "MXN", "INR", "SGD", "NZD", "ZAR", "AED"]
SCHEME_HELP = {
    "default": "nano under 10k, micro under 100k, macro under 1M, mega from 1M followers",
    "five": "nano under 10k, micro under 50k, mid under 500k, macro under 1M, mega from 1M",
    admin.CUSTOM_SCHEME: "your own tiers: a name and a lower edge per tier",
}
CONFIRM_WORD = "DELETE"


# --- templates ----------------------------------------------------------------------------


def render_templates() -> None:
    from campaign_roi import examples

    st.markdown(
        "One file per table. Fill a template (or start from the example), then upload it on "
        "the Import tab. Column names match loosely (case, spaces, dashes and underscores); "
        "only the columns marked required must be there."
    )
    st.download_button(
        "All templates and examples (zip)",
        data=examples.examples_zip(),
        file_name="campaign-roi-templates.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        key="templates-zip",
    )
    for table in TABLE_ORDER:
        with st.expander(f"{table}.csv"):
            st.dataframe(pd.DataFrame(contract.describe(table)), hide_index=True, width="stretch")
            left, right = st.columns(2)
            left.download_button(
                "Empty template",
                data=contract.template_csv(table),
                file_name=f"{table}.csv",
                mime="text/csv",
                key=f"template-{table}",
                icon=":material/download:",
            )
            right.download_button(
                "Filled example",
                data=examples.example_csv(table),
                file_name=f"{table}.csv",
                mime="text/csv",
                key=f"example-{table}",
                icon=":material/download:",
            )


# --- coverage -----------------------------------------------------------------------------


def render_coverage() -> None:
    from campaign_roi import coverage

    figures = app_state.cached(coverage.coverage)
    posts = int(figures["posts"])
    st.markdown(
        f"**{formatting.count(posts)} posts.** Figures built on a measure only some posts "
        "report (CPM on impressions, CPV on views, CPC on clicks) use only those posts and "
        "say so; the lower the share, the less they say."
    )
    columns = st.columns(4)
    for column, measure in zip(columns, ("impressions", "reach", "views", "clicks"), strict=True):
        column.metric(
            f"Posts with {measure}",
            formatting.percent(figures[f"{measure}_share"], 0),
            border=True,
        )
    currency = app_state.currency()
    gaps = pd.DataFrame(
        [
            {
                "What": "Creators without posts",
                "Count": int(figures["creators_without_posts"]),
                "Of": int(figures["creators"]),
                "Why it matters": "in no tier or creator figure until they post",
            },
            {
                "What": "Affiliate codes without orders",
                "Count": int(figures["codes_without_orders"]),
                "Of": int(figures["codes"]),
                "Why it matters": "listed as codes with no sales on the Affiliate codes page",
            },
            {
                "What": "Spend rows without a creator",
                "Count": int(figures["spend_rows_without_creator"]),
                "Of": None,
                "Why it matters": (
                    f"{formatting.money(figures['spend_without_creator'], currency)} of "
                    f"{formatting.money(figures['spend_total'], currency)}: campaign overhead, "
                    "in campaign totals but in no tier or creator"
                ),
            },
        ]
    ).astype({"Of": "Int64"})
    st.dataframe(gaps, hide_index=True, width="stretch")
    download_csv(gaps, "data coverage")


# --- settings -----------------------------------------------------------------------------


def _write(what: str, action, *args) -> bool:
    """Run one settings write; say what went wrong in words. True when saved."""
    try:
        with app_state.writing(what, st.session_state.get("data_who")) as con:
            action(con, *args)
    except (admin.SettingError, app_state.WriteBusy) as exc:
        st.error(str(exc))
        return False
    return True


def render_settings() -> None:
    settings = app_state.settings()
    _currency_form(settings.get("reporting_currency") or "USD")
    st.divider()
    _scheme_form(settings.get("tier_scheme") or "default")
    st.divider()
    _margin_form(settings.get("gross_margin"))
    st.divider()
    _start_from_scratch()


def _currency_form(current: str) -> None:
    st.subheader("Reporting currency")
    options = CURRENCIES if current in CURRENCIES else [current, *CURRENCIES]
    with st.form("currency-form", border=False):
        code = st.selectbox(
            "Currency of every amount",
            options,
            index=options.index(current),
            accept_new_options=True,
            help="Type another ISO 4217 code if yours is not listed.",
        )
        st.caption(
            "Amounts are never converted: changing the currency relabels the figures. The "
            "importer then refuses rows in any other currency."
        )
        saved = st.form_submit_button("Save currency") and code != current
        if saved and _write("changing the currency", admin.set_currency, code):
            st.toast(f"Reporting currency: {str(code).upper()}.")
            st.rerun()


def _scheme_form(current: str) -> None:
    st.subheader("Tier scheme")
    names = [*PRESETS, admin.CUSTOM_SCHEME]
    choice = st.radio(
        "Tiers by followers",
        names,
        index=names.index(current) if current in names else 0,
        format_func=lambda n: f"{n}: {SCHEME_HELP.get(n, '')}",
        key="settings-scheme",
    )
    if choice == admin.CUSTOM_SCHEME:
        stored = app_state.cached(admin.scheme_table, admin.CUSTOM_SCHEME)
        if stored.empty:
            stored = app_state.cached(admin.scheme_table, "default")
        rows = pd.DataFrame(
            {"Tier": stored["tier"], "From followers": stored["min_followers"].astype("int64")}
        )
        edited = st.data_editor(
            rows,
            num_rows="dynamic",
            hide_index=True,
            key="custom-tiers",
            column_config={
                "Tier": st.column_config.TextColumn(required=True),
                "From followers": st.column_config.NumberColumn(
                    min_value=0, step=1, format="localized", required=True
                ),
            },
        )
        st.caption("The first tier starts at 0; each next tier starts higher than the one before.")
        if st.button("Save custom tiers and use them", key="save-custom"):
            edited = edited.dropna(how="all")
            names_, edges = list(edited["Tier"].fillna("")), list(edited["From followers"])
            if any(pd.isna(e) for e in edges):
                st.error("Give every tier a lower edge (followers it starts at).")
            elif _write("saving tiers", admin.save_custom_scheme, names_, edges):
                _follow_new_scheme(admin.CUSTOM_SCHEME)
    elif (
        choice != current
        and st.button(f"Use the {choice} scheme", key="save-scheme")
        and _write("changing the tier scheme", admin.choose_scheme, choice)
    ):
        _follow_new_scheme(choice)


def _follow_new_scheme(name: str) -> None:
    # the sidebar's scheme is this session's own choice; have it take the new default
    st.session_state[frame.ADOPT_SCHEME_KEY] = name
    st.toast("Tier scheme saved: every page now uses it.")
    st.rerun()


def _margin_form(current: str | None) -> None:
    st.subheader("Gross margin")
    with st.form("margin-form", border=False):
        use = st.checkbox(
            "Show profit ROI with this gross margin",
            value=current not in (None, ""),
            help="Profit ROI = (revenue × gross margin − cost) / cost. Without a margin it is "
            "not shown.",
        )
        percent = st.number_input(
            "Gross margin (%)",
            min_value=1.0,
            max_value=100.0,
            value=float(current) * 100 if current not in (None, "") else 40.0,
            step=1.0,
        )
        if st.form_submit_button("Save gross margin"):
            margin = percent / 100 if use else None
            if _write("changing the gross margin", admin.set_gross_margin, margin):
                st.toast("Gross margin saved.")
                st.rerun()


def _start_from_scratch() -> None:
    st.subheader("Start from scratch")
    counts = app_state.cached(table_counts)
    total = int(sum(counts.values()))
    st.caption(
        "Deletes every campaign, creator, post, spend row, code and order "
        f"({total:,} rows now), for example to replace the demo data with your own. "
        "Settings and saved mappings stay. This cannot be undone."
    )
    with st.expander("Delete all data", icon=":material/delete_forever:"):
        st.warning(
            "; ".join(f"{formatting.count(n)} {t}" for t, n in counts.items())
            + " will be deleted.",
            icon=":material/warning:",
        )
        typed = st.text_input(f"Type {CONFIRM_WORD} to confirm", key="scratch-confirm")
        who = st.session_state.get("data_who") or ""
        if not who:
            st.caption("Type your name at the top of the page first: the log records who.")
        if st.button(
            "Delete all data",
            type="primary",
            disabled=typed.strip() != CONFIRM_WORD or not who,
            key="scratch-go",
        ) and _write("deleting all data", admin.start_from_scratch, who):
            st.session_state.pop("scratch-confirm", None)
            st.toast("All data deleted. Import your own on the Import tab.")
            st.rerun()


def table_counts(con) -> dict[str, int]:
    """Rows per contract table."""
    rows = db.run_query(con, "table_counts")
    return dict(zip(rows["table_name"], rows["row_count"].astype(int), strict=True))


# --- history ------------------------------------------------------------------------------


def render_history() -> None:
    history = app_state.cached(admin.import_history, 200)
    if history.empty:
        st.info("No imports yet.")
        return
    shown = history.rename(
        columns={
            "imported_at": "When (UTC)",
            "imported_by": "Who",
            "source": "How",
            "table_name": "Table",
            "files": "Files",
            "rows_new": "New",
            "rows_updated": "Updated",
            "rows_unchanged": "Unchanged",
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    download_csv(shown, "import history")
