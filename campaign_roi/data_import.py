"""The Data page's import: upload files, recognise or choose each file's table, map the
columns of platform exports, check the batch (a report of every problem, the row counts
and a preview, nothing written), then import it in one transaction with progress.

Streamlit widgets live here; the logic is in upload_plan, importer and admin.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from campaign_roi import app_state, importer, mapping_editor, upload_plan
from campaign_roi.contract import TABLE_ORDER
from campaign_roi.importing.headers import read_headers
from campaign_roi.importing.types import Source
from campaign_roi.upload_plan import Upload
from campaign_roi.widgets import download_csv

DEFAULT_MAX_UPLOAD_MB = 200
CHOOSE = "(choose the table)"
PREVIEW_ROWS = 20
_REPORT = "data_report"  # session keys
_DONE = "data_done"
_UPLOADER_ROUND = "data_uploader_round"


def max_upload_mb() -> int:
    """The upload cap per file in MB: $CAMPAIGN_ROI_MAX_UPLOAD_MB, else 200."""
    try:
        return max(1, int(os.environ.get("CAMPAIGN_ROI_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)))
    except ValueError:
        return DEFAULT_MAX_UPLOAD_MB


def render(who: str) -> None:
    """The whole import flow."""
    _show_last_import()
    round_ = st.session_state.get(_UPLOADER_ROUND, 0)
    files = st.file_uploader(
        "CSV or Excel files: one per table, or a platform export",
        type=["csv", "txt", "xlsx", "xlsm"],
        accept_multiple_files=True,
        key=f"data_upload_{round_}",
        max_upload_size=max_upload_mb(),
        help=f"Up to {max_upload_mb()} MB per file. Upload several files at once to import "
        "them as one batch: all of them are written, or none.",
    )
    if not files:
        st.caption(
            "Start from a template on the Templates tab, or upload an export from TikTok, "
            "Instagram, YouTube or your shop and map its columns here."
        )
        return
    uploads = []
    for file in files:
        content = file.getvalue()
        uploads.append(Upload(file.name, content, _headers(file.name, content)))
    sources = [_file_setup(u) for u in uploads]
    if any(s is None for s in sources):
        st.info("Choose a table (and map the columns) for every file to check the batch.")
        return
    _check_and_import([s for s in sources if s is not None], who)


@st.cache_data(max_entries=32, show_spinner=False)
def _headers(name: str, content: bytes) -> list[str] | None:
    # every widget change reruns the page: read (and check) each workbook once
    return read_headers(name, content)


# --- one file -----------------------------------------------------------------------------


def _file_setup(upload: Upload) -> Source | None:
    """Table and mapping for one file; the Source to import, or None while incomplete."""
    with st.container(border=True):
        st.markdown(f"**{upload.name}** · {len(upload.content) / 1e6:,.2f} MB")
        if upload.headers is None:
            st.caption("Its header row could not be read; checking it will say why.")
            return Source(upload.name, upload.content)
        table, how = upload_plan.recognise(upload)
        options = [CHOOSE, *TABLE_ORDER]
        chosen = st.selectbox(
            "Table",
            options,
            index=options.index(table) if table else 0,
            key=f"table-{upload.key}",
            help="Which of the six tables this file fills. " + how.capitalize() + ".",
        )
        if chosen == CHOOSE:
            st.warning(f"{how[0].upper()}{how[1:]}", icon=":material/help:")
            return None
        if chosen == table:
            st.caption(f"{how.capitalize()}; columns: {', '.join(upload.headers)}")
        # a file named after its table is a filled template: a missing column is reported
        # by the check; any other file lacking required columns is an export to map
        named = upload_plan.named_after(upload, chosen)
        needed = upload_plan.needs_mapping(chosen, upload.headers) and not named
        use_mapping = st.toggle(
            "Map its columns (a platform export, or columns named differently)",
            value=needed,
            key=f"map-{upload.key}",
        )
        if not use_mapping:
            return Source(upload.name, upload.content, table=chosen)
        mapping = mapping_editor.edit(upload, chosen)
        if mapping is None:
            return None
        return Source(upload.name, upload.content, mapping=mapping)


# --- check and import ---------------------------------------------------------------------


def _fingerprint(sources: list[Source]) -> tuple:
    return tuple(
        (s.name, hash(s.content), s.table, s.mapping.to_toml() if s.mapping else None)
        for s in sources
    )


def _check_and_import(sources: list[Source], who: str) -> None:
    fingerprint = _fingerprint(sources)
    stored = st.session_state.get(_REPORT)
    report = stored[1] if stored and stored[0] == fingerprint else None
    if st.button("Check the files", type="primary" if report is None else "secondary"):
        report = _validate(sources)
        # the session keeps only what it shows: the preview, not every coerced row
        report.frames = {t: f.head(PREVIEW_ROWS) for t, f in report.frames.items()}
        st.session_state[_REPORT] = (fingerprint, report)
    if report is None:
        st.caption("Checking writes nothing: it lists every problem, and what would change.")
        return
    _show_report(report)
    if not report.ok:
        return
    if not who:
        st.warning("Type your name at the top of the page: the import log records who imported.")
    total = sum(c.new + c.updated for c in report.counts.values())
    if st.button(
        f"Import {total:,} new or changed rows",
        type="primary",
        disabled=not who or total == 0,
        icon=":material/upload:",
    ):
        _import(sources, who)


def _validate(sources: list[Source]) -> importer.ImportReport:
    with st.status("Checking the files...", expanded=False) as status:
        bar = st.progress(0.0)
        try:
            report = importer.validate_batch(
                app_state.cursor(), sources, progress=lambda s, f: bar.progress(f, text=s)
            )
        except Exception as exc:  # noqa: BLE001 - a parser crash must not end the session
            status.update(label="The files could not be checked", state="error")
            return _crashed(sources, exc)
        label = "Checked: ready to import" if report.ok else "Checked: problems found"
        status.update(label=label, state="complete" if report.ok else "error")
    return report


def _crashed(sources: list[Source], exc: Exception) -> importer.ImportReport:
    report = importer.ImportReport()
    report.problems = [
        importer.Problem(
            ", ".join(s.name for s in sources),
            None,
            None,
            None,
            f"the files could not be read ({type(exc).__name__}: {exc}). Export them again as "
            "CSV UTF-8 and retry; if it keeps failing, report this message.",
        )
    ]
    report.problem_count = 1
    return report


def _show_report(report: importer.ImportReport) -> None:
    if report.problems:
        shown = len(report.problems)
        more = report.problem_count - shown
        st.error(
            f"{report.problem_count:,} problem{'s' if report.problem_count != 1 else ''} found; "
            "nothing was written. Fix them in the files, upload them again and check again."
            + (
                f" The table lists {shown:,}; the rest are counted in its last lines."
                if more > 0
                else ""
            ),
            icon=":material/error:",
        )
        problems = upload_plan.problems_frame(report)
        st.dataframe(problems, hide_index=True, width="stretch")
        download_csv(problems, "import problems", key="download-problems")
    if report.warnings:
        with st.expander(f"{len(report.warnings)} warning(s): columns that will be ignored"):
            st.dataframe(
                upload_plan.problems_frame(report, warnings=True), hide_index=True, width="stretch"
            )
    if report.counts:
        st.markdown("**What the import would change**")
        _counts_table(upload_plan.counts_frame(report))
    if report.frames:
        with st.expander("Preview of the rows as they will be stored"):
            for table, rows in report.frames.items():
                st.markdown(f"**{table}** · {len(rows):,} rows")
                st.dataframe(rows.head(PREVIEW_ROWS), hide_index=True, width="stretch")


def _import(sources: list[Source], who: str) -> None:
    try:
        with (
            st.status("Importing...", expanded=True) as status,
            app_state.writing("an import", who) as con,
        ):
            bar = st.progress(0.0, text="reading")
            report = importer.import_batch(
                con,
                sources,
                source="page",
                imported_by=who,
                progress=lambda step, fraction: bar.progress(fraction, text=step),
            )
            if report.written:
                status.update(label="Imported", state="complete", expanded=False)
            else:
                status.update(label="Not imported", state="error")
    except app_state.WriteBusy as exc:
        st.error(str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - the transaction rolled back; say so
        st.error(f"The import failed and nothing was written ({type(exc).__name__}: {exc}).")
        return
    if not report.written:
        st.session_state[_REPORT] = (_fingerprint(sources), report)
        st.rerun()
    st.session_state[_DONE] = report
    st.session_state.pop(_REPORT, None)
    st.session_state[_UPLOADER_ROUND] = st.session_state.get(_UPLOADER_ROUND, 0) + 1
    st.rerun()


def _counts_table(counts) -> None:
    number = st.column_config.NumberColumn(format="localized")
    config = {"New": number, "Updated": number, "Unchanged": number}
    st.dataframe(counts, hide_index=True, width="stretch", column_config=config)


def _show_last_import() -> None:
    report: Any = st.session_state.pop(_DONE, None)
    if report is None:
        return
    counts = upload_plan.counts_frame(report)
    new, updated = int(counts["New"].sum()), int(counts["Updated"].sum())
    seconds = sum(report.timings.values())
    st.success(
        f"Imported: {new:,} new and {updated:,} updated rows in {seconds:,.1f} s. Every page "
        "now shows them.",
        icon=":material/check_circle:",
    )
    _counts_table(counts)
    with contextlib.suppress(StreamlitAPIException):  # a page run without the frame (tests)
        st.page_link("views/overview.py", label="See the Overview", icon=":material/dashboard:")
