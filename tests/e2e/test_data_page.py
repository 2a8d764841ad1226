"""The Data page in the real app, as a marketing lead uses it: download a template, fill
it with a mistake, upload it, read the report, fix it, import, and find the new figures on
the Overview; then map and import a platform export. Also: the upload cap, and the
command line told in one sentence that the running dashboard holds the database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from campaign_roi.paths import PROJECT_ROOT
from tests.e2e.conftest import wait_for_run
from tests.e2e.ui import choose, download_text, metric, open_page
from tests.test_importer import TIKTOK
from tests.test_pages_data import BASE

pytestmark = pytest.mark.e2e
NAME_LABEL = "Your name (the import log records who changed the data)"


def _type_name(page, name: str) -> None:
    field = page.get_by_label(NAME_LABEL)
    field.fill(name)
    field.press("Enter")
    wait_for_run(page)


def _upload(page, *paths: Path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(p) for p in paths]
    )
    for path in paths:
        page.locator('[data-testid="stFileChipName"]').filter(has_text=path.name).wait_for()
    wait_for_run(page)


def _remove_uploads(page) -> None:
    buttons = page.locator('[data-testid="stFileChipDeleteBtn"]')
    assert buttons.count(), "no uploaded file to remove"
    while buttons.count():
        buttons.first.click()
        wait_for_run(page)
    page.get_by_role("button", name="Check the files").wait_for(state="detached")


def _click(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    wait_for_run(page)


def _overview_posts(page) -> str:
    open_page(page, "Overview")
    choose(page, "Period", "All time")
    return metric(page, "Posts")


def test_template_mistake_fix_import_then_a_platform_export(dashboard, tmp_path):
    app = dashboard(BASE)
    page = app.page
    assert _overview_posts(page) == "1"

    open_page(page, "Data")
    _type_name(page, "Ann Lead")
    page.get_by_role("tab", name="Templates").click()
    posts_box = page.locator('[data-testid="stExpander"]').filter(has_text="posts.csv")
    posts_box.locator("summary").click()
    empty_template = posts_box.get_by_role("button", name="Empty template")
    empty_template.wait_for()  # the expander's content is drawn after the click
    header = download_text(page, empty_template, attempts=3).strip()
    assert header.startswith("post_id,campaign_id,influencer_id,posted_at")

    # filled in with a mistake: a date no one can read
    filled = tmp_path / "posts.csv"
    columns = header.split(",")
    row = {"post_id": "p2", "campaign_id": "c1", "influencer_id": "i1", "likes": "40"}
    bad = {**row, "posted_at": "next tuesday"}
    filled.write_text(header + "\n" + ",".join(bad.get(c, "") for c in columns) + "\n")
    page.get_by_role("tab", name="Import", exact=True).click()
    _upload(page, filled)
    _click(page, "Check the files")
    page.get_by_text("1 problem found; nothing was written").wait_for()
    report = download_text(page, page.get_by_role("button", name="Download CSV").first)
    assert "posts.csv,2,posted_at,next tuesday," in report  # file, line, column, value

    # fixed, uploaded again, checked, imported
    _remove_uploads(page)
    good = {**row, "posted_at": "2025-03-05"}
    fixed = tmp_path / "fixed" / "posts.csv"  # saved again: the same name, a new file
    fixed.parent.mkdir()
    fixed.write_text(header + "\n" + ",".join(good.get(c, "") for c in columns) + "\n")
    _upload(page, fixed)
    _click(page, "Check the files")
    _click(page, "Import 1 new or changed rows")
    page.get_by_text("Imported: 1 new and 0 updated rows").wait_for()
    assert _overview_posts(page) == "2"

    # a TikTok-style export: choose the table, one campaign and platform, zero words
    export = tmp_path / "tiktok export.csv"
    export.write_text(TIKTOK)
    open_page(page, "Data")
    _upload(page, export)
    choose(page, "Table", "posts")
    choose(page, "Campaign for every row", "TikTok (c9)")
    choose(page, "Platform for every row", "tiktok")
    zero = page.get_by_role("textbox", name="Words that mean zero")
    zero.fill("Share")
    zero.press("Enter")
    wait_for_run(page)
    _click(page, "Check the files")
    page.get_by_text("What the import would change").wait_for()
    _click(page, "Import 7 new or changed rows")
    page.get_by_text("Imported: 7 new and 0 updated rows").wait_for()
    assert _overview_posts(page) == "6"

    open_page(page, "Data")
    page.get_by_role("tab", name="Import history").click()
    history_tab = page.get_by_role("tabpanel").filter(has_text="When (UTC)")
    history = download_text(page, page.get_by_role("button", name="Download CSV").last, attempts=3)
    assert "Ann Lead" in history and "tiktok export.csv" in history
    assert history_tab.count() <= 1


def test_the_command_line_is_told_the_dashboard_holds_the_database(dashboard, tmp_path):
    app = dashboard(BASE)
    campaigns = tmp_path / "campaigns.csv"
    campaigns.write_text("campaign_id,name\nc7,Summer\n")
    result = subprocess.run(
        [sys.executable, "-m", "campaign_roi", "import", "--db", str(app.db_path), str(campaigns)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.startswith(f"The database {app.db_path} is in use by another program")
    assert message.count(". ") == 0 and "Data page" in message  # one sentence


def test_an_upload_past_the_cap_is_refused_with_a_clear_message(dashboard, tmp_path):
    app = dashboard(BASE, env={"CAMPAIGN_ROI_MAX_UPLOAD_MB": "1"})
    page = app.page
    open_page(page, "Data")
    big = tmp_path / "posts.csv"
    big.write_text("post_id,campaign_id\n" + "p,c1\n" * 400_000)  # 2 MB
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(big))
    page.get_by_text("File must be 1.0MB or smaller.").wait_for()
    assert page.get_by_role("button", name="Check the files").count() == 0
