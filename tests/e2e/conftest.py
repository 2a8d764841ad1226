"""Drive the real dashboard in a real browser.

`dashboard` is a factory: give it the rows of a database (tests.dbfixtures.build_db)
and it starts `streamlit run dashboard.py` on a free port with CAMPAIGN_ROI_DB
pointing at that file, opens a Chromium page on it and waits until the script has
finished running. After the test body, every page it opened is screenshotted to
tests/e2e/screenshots/<test name>.png and the test fails if a page shows a Streamlit
exception box. Servers stop at the end of the test.

    def test_x(dashboard):
        app = dashboard({"influencers": [...], ...})
        app.page.get_by_text("$1,050.00")
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.dbfixtures import build_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60
SCRIPT_RUN_MS = 120_000  # a first run may build the demo database
VIEWPORT = {"width": 1400, "height": 950}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is an e2e test; skip only when Chromium is absent."""
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}; `make test` installs it with apt-get"
    )
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run dashboard.py` in a child process, on its own port and database."""

    def __init__(self, db_path: Path, log_path: Path, extra_env: Mapping[str, str] | None = None):
        self.db_path = db_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = {**os.environ, "CAMPAIGN_ROI_DB": str(db_path), **(extra_env or {})}
        env.pop("PYTHONPATH", None)
        # the server as users run it: charts built unvalidated (tests/conftest.py turns
        # the check on for the tests in this process, which compare both ways)
        env.pop("CAMPAIGN_ROI_VALIDATE_CHARTS", None)
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(PROJECT_ROOT / "dashboard.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"streamlit not healthy after {SERVER_START_SECONDS}s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@dataclass
class App:
    """A running dashboard and a browser page on it."""

    server: StreamlitServer
    page: Any  # playwright.sync_api.Page
    db_path: Path

    @property
    def url(self) -> str:
        return self.server.url

    def goto(self, path: str = "/") -> None:
        self.page.goto(self.url + path)
        wait_for_run(self.page)

    def metric(self, label: str) -> str:
        """The displayed value of the st.metric with this label."""
        box = self.page.locator('[data-testid="stMetric"]').filter(
            has=self.page.locator('[data-testid="stMetricLabel"]', has_text=label)
        )
        return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def wait_for_run(page: Any, timeout_ms: int = SCRIPT_RUN_MS) -> None:
    """Wait until the app is connected and its script has finished running."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]'
        '[data-test-connection-state="CONNECTED"]',
        timeout=timeout_ms,
    )
    # a run that has just finished may still be painting its last elements
    page.wait_for_timeout(300)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class _Opened:
    apps: list[App] = field(default_factory=list)


@pytest.fixture
def dashboard(
    request: pytest.FixtureRequest, browser: Any, tmp_path: Path
) -> Iterator[Callable[..., App]]:
    """Factory: dashboard(tables=None, settings=None, db_path=None, first_path="/", env=None).

    With `tables`, a database is built from those rows; with `db_path` alone, the
    app is pointed at that file as it is (missing, to test the first run).
    `first_path` is the first URL the fresh server is asked for (a shared deep link);
    `env` adds environment variables for the server.
    """
    opened = _Opened()
    request.node._e2e_opened = opened

    def start(
        tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        settings: Mapping[str, str | None] | None = None,
        db_path: Path | None = None,
        first_path: str = "/",
        env: Mapping[str, str] | None = None,
    ) -> App:
        n = len(opened.apps)
        path = db_path or tmp_path / f"app{n}.duckdb"
        if tables is not None or settings is not None:
            build_db(path, tables or {}, settings)
        server = StreamlitServer(path, tmp_path / f"streamlit{n}.log", env)
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        app = App(server=server, page=page, db_path=path)
        opened.apps.append(app)
        app.goto(first_path)
        return app

    yield start

    for app in opened.apps:
        try:
            app.page.context.close()
        finally:
            app.server.stop()


def _screenshot_name(item: pytest.Item, index: int) -> str:
    name = item.name.replace("/", "_").replace("[", "-").replace("]", "")
    return f"{name}.png" if index == 0 else f"{name}-{index}.png"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After the test body: screenshot every page, and fail on a Streamlit exception box."""
    outcome_error: BaseException | None = None
    try:
        result = yield
    except BaseException as exc:  # keep the test's own failure; still take screenshots
        outcome_error = exc
        result = None
    opened: _Opened | None = getattr(item, "_e2e_opened", None)
    problems = []
    for index, app in enumerate(opened.apps if opened else []):
        page = app.page
        if page.is_closed():
            continue
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / _screenshot_name(item, index)), full_page=True)
        boxes = page.locator('[data-testid="stException"]')
        if boxes.count():
            problems.append(f"{app.url}: {boxes.first.inner_text()[:2000]}")
    if outcome_error is not None:
        raise outcome_error
    if problems:
        server_logs = "\n".join(app.server.log() for app in opened.apps)
        pytest.fail(
            "the page shows a Streamlit exception:\n"
            + "\n".join(problems)
            + f"\n--- server log ---\n{server_logs}"
        )
    return result
