"""A real browser (Debian's Chromium, driven by Playwright) against `streamlit run` on a free port."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.load.servers import free_port, wait_healthy  # one way to start a server and wait for it

# Reruns on a loaded 2-core CI machine can take seconds: wait for what a person would wait for.
expect.set_options(timeout=20_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("OOMA_CANCEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_or_fail() -> str:
    """The Chromium binary; missing it skips locally and fails in CI, where the browser tests must run."""
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if path:
        return path
    message = f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def serve(
    tmp_path: Path, *, env: dict[str, str], args: tuple[str, ...] = (), port: int | None = None
) -> Iterator[str]:
    """`streamlit run app.py` on 127.0.0.1 (a free port by default), with ``env`` over this one's (mode unset)."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {key: value for key, value in os.environ.items() if key != "OOMA_CANCEL_MODE"} | env
    log = (tmp_path / f"streamlit-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            *args,
        ],
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_healthy(url, process, timeout=60)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app on a fresh SQLite database, served by `streamlit run` on a free localhost port."""
    # Bound to 127.0.0.1, the app is in local mode (one owner, as `make run`); said explicitly all the same.
    env = {"OOMA_CANCEL_DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}", "OOMA_CANCEL_MODE": "local"}
    with serve(tmp_path, env=env) as url:
        yield url


@pytest.fixture
def browser_page(tmp_path: Path):
    executable = chromium_or_fail()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(20_000)
        intercept_file_choosers(page)
        yield page
        context.close()
        browser.close()


def intercept_file_choosers(page: Page) -> None:
    """Have Chromium hand every file chooser to Playwright from now on (call it before the first page).

    Playwright's ``expect_file_chooser`` turns the interception on with a message it does not wait for, so the
    key or click right after it can reach the browser first. Then a real chooser opens, headless Chromium never
    closes it, and every later one is refused: CI on Dec 1 pressed Enter on "Upload" three times, 20 s each,
    with no chooser. With two CPU-burning processes beside it, a bare page failed that way after 0 to 45
    Enters; with this listener in place first, ``expect_file_chooser`` failed 0 times in 300.
    """
    page.on("filechooser", lambda _chooser: None)


SCREENSHOTS = ROOT / "benchmarks" / "out" / "screenshots"


# Streamlit's root element says what the script is doing (data-test-script-state: initial, running,
# rerunRequested, notRunning) and whether the socket is up: the signal Streamlit's own browser tests wait on.
# The status widget's "Running..." is no such signal: it is drawn only once a run has lasted 500 ms.
SCRIPT_IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && app.getAttribute('data-test-script-state') === 'notRunning';
}"""


def wait_idle(page) -> None:
    """Wait until Streamlit has finished re-running the page.

    A click's rerun is marked running only when the server answers, so the first look waits 150 ms for that.
    """
    page.wait_for_timeout(150)
    page.wait_for_function(SCRIPT_IDLE_JS)
    page.wait_for_timeout(150)


def screenshot(page, name: str) -> None:
    """Keep a screenshot to look at (benchmarks/out is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# Invented: Ooma's address for written notices is not in the provider facts, so the person records it.
OOMA_MAILING_ADDRESS = "Ooma Written Notices, 100 Example Way, Sunnyvale, CA 94085"


def record_mailing_address(page) -> None:
    """On the cancellation request page: type Ooma's mailing address where the letter asks for it and save it,
    as a person must before the letter is offered."""
    from playwright.sync_api import expect

    field = page.get_by_role("textbox", name="Mailing address for written notices")
    field.fill(OOMA_MAILING_ADDRESS)
    field.press("Enter")  # the field's value reaches the app before the button is pressed
    wait_idle(page)
    page.get_by_role("button", name="Save the address").click()
    wait_idle(page)
    page.wait_for_timeout(3000)
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible()
