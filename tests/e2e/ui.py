"""How the browser tests work the dashboard's widgets, in one place.

Streamlit 1.67's dropdowns are comboboxes whose option list opens on click (or
ArrowDown) and renders a moment later; under load a click can land before the list
is ready, so opening is retried until the option shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import wait_for_run

OPEN_ATTEMPTS = 4


def _open_and_click(page: Any, combobox: Any, option: str) -> None:
    combobox.scroll_into_view_if_needed()
    wanted = page.get_by_role("option", name=option, exact=True)
    for attempt in range(OPEN_ATTEMPTS):
        if attempt % 2:
            combobox.focus()
            page.keyboard.press("ArrowDown")
        else:
            combobox.click()
        try:
            wanted.wait_for(state="visible", timeout=4_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        wanted.click()
        return
    raise AssertionError(f"option {option!r} never showed in the dropdown")


def choose(page: Any, label: str, option: str) -> None:
    """Pick an option of the selectbox with this label and wait for the rerun."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    _open_and_click(page, box.get_by_role("combobox"), option)
    page.wait_for_timeout(300)
    wait_for_run(page)


def pick(page: Any, label: str, option: str) -> None:
    """Add an option to the multiselect with this label and wait for the rerun."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    _open_and_click(page, box.get_by_role("combobox"), option)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    wait_for_run(page)


def press(page: Any, button: str) -> None:
    """Click an option of a segmented control / pills and wait for the rerun."""
    page.locator('[data-testid="stButtonGroup"]').get_by_text(button, exact=True).click()
    page.wait_for_timeout(300)
    wait_for_run(page)


def open_page(page: Any, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_run(page)


def metric(page: Any, label: str) -> str:
    """The value of the card whose label is exactly `label` ("Orders", not "Refunded orders")."""
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]').get_by_text(label, exact=True)
    )
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def charts(page: Any) -> Any:
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot')


def chart_text(page: Any, index: int) -> str:
    """The text a chart draws (titles, ticks, legend), once Plotly has drawn some: its
    svg appears before its text, so reading at once can give "" (seen once in CI)."""
    chart = charts(page).nth(index)
    chart.locator(".main-svg").first.wait_for()
    for _ in range(50):
        text = chart.inner_text()
        if text.strip():
            return text
        page.wait_for_timeout(200)
    return chart.inner_text()


def reopen(page: Any) -> Any:
    """The page's URL opened in a new tab, as a colleague opens a shared link."""
    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_run(shared)
    return shared


def caption_text(page: Any) -> str:
    return " ".join(page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())


def download_text(page: Any, button: Any, attempts: int = 1) -> str:
    """Click a download button; the downloaded file's text (tables are drawn on a canvas).
    With `attempts`, a click that starts no download within 20 s (it landed while the
    button was being drawn again) is made again after the run ends."""
    for _ in range(attempts - 1):
        try:
            with page.expect_download(timeout=20_000) as download:
                button.click()
            return Path(download.value.path()).read_text(encoding="utf-8")
        except PlaywrightTimeout:
            wait_for_run(page)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    return Path(download.value.path()).read_text(encoding="utf-8")
