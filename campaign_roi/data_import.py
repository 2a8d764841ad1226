"""The Data page's import: upload files, recognise or choose each file's table, map the
columns of platform exports, check the batch (a report of every problem, the row counts
and a preview, nothing written), then import it in one transaction with progress.

Streamlit widgets live here; the logic is in upload_plan, importer and admin.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from campaign_roi import admin, app_state, frame, importer, upload_plan
from campaign_roi.contract import PLATFORMS, TABLE_ORDER
from campaign_roi.importing.headers import read_headers
from campaign_roi.importing.types import Source
from campaign_roi.mapping import Mapping
from campaign_roi.upload_plan import Upload
from campaign_roi.widgets import download_csv

DEFAULT_MAX_UPLOAD_MB = 200
CHOOSE = "(choose the table)"
FROM_COLUMN = "(from the mapped file column)"
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
        mapping = _mapping_editor(upload, chosen)
        if mapping is None:
            return None
        return Source(upload.name, upload.content, mapping=mapping)


def _saved(table: str) -> dict[str, Mapping]:
    mappings = app_state.cached(admin.saved_mappings)
    return {n: m for n, m in mappings.items() if m.table == table}


def _mapping_editor(upload: Upload, table: str) -> Mapping | None:
    """The column mapping for one file: suggestions, constants, creators, zero words."""
    headers = upload.headers or []
    key = upload.key
    saved = _saved(table)
    start, start_name = None, ""
    if saved:
        start_name = st.selectbox(
            "Start from a saved mapping",
            ["(suggested from the columns)", *saved],
            key=f"saved-{key}",
        )
        start = saved.get(start_name)
    key = f"{key}-{start_name}"  # a different starting point starts the widgets afresh
    create = False
    if table == "posts":
        create = st.checkbox(
            "Create the creators this file names (from its creator, handle and followers "
            "columns) when they are not in the database yet",
            value=start.create_influencers if start else True,
            key=f"create-{key}",
        )
    st.caption(
        "For each column of the table, pick the file column that feeds it, or type one value "
        "for every row (say the platform, or a campaign ID). Leave both empty to skip it."
    )
    rows = upload_plan.editor_rows(table, headers, start, create)
    edited = st.data_editor(
        rows,
        key=f"editor-{key}-{table}-{create}",
        hide_index=True,
        width="stretch",
        disabled=[upload_plan.COLUMN, upload_plan.REQUIRED],
        column_config={
            upload_plan.FROM_FILE: st.column_config.SelectboxColumn(options=headers),
            upload_plan.CONSTANT: st.column_config.TextColumn(),
        },
    )
    left, right = st.columns(2)
    zero = left.text_input(
        "Words that mean zero",
        value=", ".join(start.zero_words) if start else "",
        key=f"zero-{key}",
        placeholder="e.g. Share, Like",
        help='Some platforms write a word instead of 0 (TikTok shows "Share" for no shares).',
    )
    date_format = right.text_input(
        "Date format, when not ISO 8601 (2025-03-31)",
        value=(start.date_format or "") if start else "",
        key=f"datefmt-{key}",
        placeholder="e.g. %d/%m/%Y",
    )
    mapping = upload_plan.mapping_from_rows(
        table, edited, create, upload_plan.words(zero), date_format
    )
    _every_row_constants(mapping, key, start)
    problems = mapping.problems()
    for problem in problems:
        st.error(problem)
    if problems:
        return None
    _save_mapping(mapping, key, default_name=Path(upload.name).stem)
    missing = upload_plan.unmapped_required(mapping)
    if missing:
        st.warning(
            f"Map these required columns (or give one value for every row): {', '.join(missing)}."
        )
        return None
    return mapping


def _every_row_constants(mapping: Mapping, key: str, start: Mapping | None) -> None:
    """Campaign and platform for every row, picked from lists rather than typed."""
    wanted = [c for c in ("campaign_id", "platform") if c in mapping.allowed_columns()]
    if not wanted:
        return
    columns = st.columns(len(wanted))
    for column, name in zip(columns, wanted, strict=True):
        if name == "campaign_id":
            options = app_state.cached(frame.filter_options)
            rows = options[options["dimension"] == "campaign"]
            labels = dict(zip(rows["value"], rows["label"], strict=True))
            label, helptext = (
                "Campaign for every row",
                (
                    "The campaign these rows belong to when the file has no campaign column. Type "
                    "an ID to use a campaign imported in the same batch."
                ),
            )
        else:
            labels = {p: p for p in PLATFORMS}
            label, helptext = "Platform for every row", "When the file has no platform column."
        current = mapping.values.get(name) or (start.values.get(name) if start else None)
        choices = [FROM_COLUMN, *labels]
        if current and current not in labels:
            choices.append(current)
        picked = column.selectbox(
            label,
            choices,
            index=choices.index(current) if current in choices else 0,
            format_func=lambda v, labels=labels: labels.get(v, v),
            key=f"every-{name}-{key}",
            accept_new_options=name == "campaign_id",
            help=helptext,
        )
        if picked != FROM_COLUMN:
            mapping.values[name] = str(picked)
            mapping.columns.pop(name, None)


def _save_mapping(mapping: Mapping, key: str, default_name: str) -> None:
    left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    name = left.text_input(
        "Save this mapping as", value=default_name, key=f"mapname-{key}", max_chars=60
    )
    if middle.button("Save mapping", key=f"mapsave-{key}", icon=":material/save:"):
        try:
            with app_state.writing("saving a mapping", st.session_state.get("data_who")) as con:
                admin.save_mapping(con, name, mapping, st.session_state.get("data_who"))
            st.toast(f"Mapping saved as {name.strip()}.")
        except (admin.SettingError, app_state.WriteBusy) as exc:
            st.error(str(exc))
    right.download_button(
        "Download (TOML)",
        data=mapping.to_toml(),
        file_name=f"{name.strip() or 'mapping'}.toml",
        mime="application/toml",
        key=f"mapdl-{key}",
        icon=":material/download:",
        help="The mapping file the command line takes: "
        "python -m campaign_roi import --mapping FILE.toml EXPORT.csv",
    )


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
