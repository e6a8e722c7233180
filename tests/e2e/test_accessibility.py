"""axe-core on every page, with an empty database and with the sample case: nothing beyond Streamlit's own markup.

The baseline (tests/e2e/axe_baseline.json) is what axe-core finds on a bare three-page Streamlit app; the first
test measures that app again, so the baseline cannot drift from what Streamlit draws.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ooma_cancel.ui.nav import PAGES
from tests.e2e.axe import (
    Finding,
    baseline,
    beyond_baseline,
    findings,
    measure_bare_app,
    ready,
    serve_bare_app,
)
from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser

URL_PATHS = [Path(page.path).stem for page in PAGES]


def report(problems: dict[str, list[Finding]]) -> str:
    return "\n".join(
        f"{page}: {finding.rule} ({finding.impact}) at {finding.where}: {finding.example}"
        for page, found in problems.items()
        for finding in found
    )


def every_page(page, server: str) -> dict[str, list[Finding]]:
    """Each page's findings beyond the baseline (pages with none left out)."""
    problems = {}
    for path in URL_PATHS:
        page.goto(f"{server}/{path}" if path != "overview" else server)
        ready(page)
        found = beyond_baseline(findings(page))
        if found:
            problems[path] = found
    return problems


def test_the_baseline_is_what_a_bare_streamlit_app_shows(browser_page):
    from benchmarks.load.servers import free_port, wait_healthy

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = serve_bare_app(port)
    try:
        wait_healthy(url, process, timeout=60)
        measured = {finding.key for finding in measure_bare_app(browser_page, url)}
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert measured == baseline(), "Streamlit's markup changed: run `python -m tests.e2e.axe --baseline`"


def test_every_page_of_an_empty_database_is_clean_beyond_streamlit_s_markup(server, browser_page):
    problems = every_page(browser_page, server)
    assert not problems, report(problems)


def test_every_page_of_the_sample_case_is_clean_beyond_streamlit_s_markup(server, browser_page):
    page = browser_page
    page.goto(server)
    ready(page)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734")).to_be_visible()
    problems = every_page(page, server)

    # The final bill with an audit (the sample case holds an audited card statement): findings, the two
    # charts and their tables open.
    page.goto(f"{server}/final_bill")
    ready(page)
    wait_idle(page)
    tables = page.get_by_text("Show as table")
    expect(tables).to_have_count(2)
    for index in range(2):
        tables.nth(index).click()
        wait_idle(page)
    expect(page.get_by_role("table", name="Charges by category")).to_be_visible()
    screenshot(page, "a11y-final-bill-audited")
    found = beyond_baseline(findings(page))
    if found:
        problems["final_bill (audited)"] = found
    assert not problems, report(problems)
