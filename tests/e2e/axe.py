"""axe-core in the browser: what it finds on a page, and the baseline of what Streamlit's own markup causes.

axe-core (MPL-2.0) comes bundled in the test dependency ``axe-playwright-python`` (MIT), which injects it into
the page. A finding is keyed by its rule and where it is: the nearest element's ``data-testid`` (Streamlit
marks each of its parts with one) and the element's tag, since Streamlit's CSS class names change with the
theme. ``python -m tests.e2e.axe --baseline`` measures a bare three-page Streamlit app (tests/e2e/bare_app)
and writes what it finds to ``axe_baseline.json``; the app's own pages may show those findings and no other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.conftest import wait_idle

HERE = Path(__file__).resolve().parent
BARE_APP = HERE / "bare_app"
BASELINE_FILE = HERE / "axe_baseline.json"
BARE_PAGES = ("first", "second", "third")

# Where a finding is: the nearest Streamlit part (data-testid) and the element's own tag.
WHERE = """target => {
    const element = document.querySelector(target);
    if (!element) return "? ?";
    const part = element.closest("[data-testid]");
    return (part ? part.dataset.testid : "-") + " " + element.tagName.toLowerCase();
}"""


@dataclass(frozen=True, order=True)
class Finding:
    rule: str
    impact: str
    where: str  # "stSidebarNavItems li"
    example: str = ""  # one element's HTML, for the reader; not part of the key

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule, self.where)


def axe_version() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT.split("axe v", 1)[1].split()[0]


def ready(page: Page) -> None:
    """Wait for the page a person would see: its title, the sidebar menu, no rerun under way."""
    page.locator("h1").first.wait_for()
    page.get_by_test_id("stSidebarNavItems").wait_for()
    wait_idle(page)


def findings(page: Page) -> list[Finding]:
    """Every violation axe-core finds on the page as it is now, one per rule and place (all its rules on)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    found: dict[tuple[str, str], Finding] = {}
    for violation in results["violations"]:
        for node in violation["nodes"]:
            where = page.evaluate(WHERE, node["target"][0])
            finding = Finding(violation["id"], violation["impact"] or "", where, node["html"][:200])
            found.setdefault(finding.key, finding)
    return sorted(found.values())


def baseline() -> set[tuple[str, str]]:
    return {(row["rule"], row["where"]) for row in json.loads(BASELINE_FILE.read_text())["findings"]}


def beyond_baseline(found: list[Finding]) -> list[Finding]:
    known = baseline()
    return [finding for finding in found if finding.key not in known]


def measure_bare_app(page: Page, url: str) -> list[Finding]:
    """What axe-core finds on the bare app's pages, together."""
    found: dict[tuple[str, str], Finding] = {}
    for path in BARE_PAGES:
        page.goto(f"{url}/{path}")
        ready(page)
        if path == "third":  # the uploader can come a moment after the title on a busy machine
            page.get_by_test_id("stFileUploaderDropzone").wait_for()
        for finding in findings(page):
            found.setdefault(finding.key, finding)
    return sorted(found.values())


def serve_bare_app(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
        ],
        cwd=BARE_APP,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def write_baseline() -> None:
    """Measure the bare app in Chromium and write axe_baseline.json."""
    from importlib.metadata import version

    from playwright.sync_api import sync_playwright

    from benchmarks.load.servers import free_port, wait_healthy
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = serve_bare_app(port)
    try:
        wait_healthy(url, process, timeout=60)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            found = measure_bare_app(page, url)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    document = {
        "what": "axe-core on a bare three-page Streamlit app (tests/e2e/bare_app): Streamlit's own markup",
        "streamlit": version("streamlit"),
        "axe-core": axe_version(),
        "findings": [asdict(finding) for finding in found],
    }
    BASELINE_FILE.write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(document, indent=2))


if __name__ == "__main__":
    if sys.argv[1:] != ["--baseline"]:
        sys.exit("usage: python -m tests.e2e.axe --baseline")
    write_baseline()
