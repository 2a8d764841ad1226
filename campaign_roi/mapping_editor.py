"""The Data page's column mapping for one uploaded file (widgets): start from the
suggestions or a saved mapping, pick a file column or one value per contract column,
creators from the file, words that mean zero, a date format; save or download it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from campaign_roi import admin, app_state, frame, upload_plan
from campaign_roi.contract import PLATFORMS
from campaign_roi.mapping import Mapping
from campaign_roi.upload_plan import Upload

FROM_COLUMN = "(from the mapped file column)"


def _saved(table: str) -> dict[str, Mapping]:
    mappings = app_state.cached(admin.saved_mappings)
    return {n: m for n, m in mappings.items() if m.table == table}


def edit(upload: Upload, table: str) -> Mapping | None:
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
