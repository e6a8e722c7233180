"""Hostile markup in a real browser: an imported case full of links, images and HTML stays text on every page,
nothing is fetched from anywhere but the app, and a personal download is gone from its URL after use."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from ooma_cancel import transfer
from ooma_cancel.db import make_engine, migrate
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.ui.downloads import FORGET_AFTER_SECONDS
from ooma_cancel.ui.nav import PAGES
from tests.e2e.conftest import screenshot, wait_idle
from tests.hostile_case import SELECTORS, hostile_document, sample_with_audited_bill

pytestmark = pytest.mark.browser


def crafted_export(folder: Path) -> Path:
    engine = make_engine(f"sqlite:///{folder / 'source.db'}")
    migrate(engine)
    case_id = sample_with_audited_bill(engine, LOCAL_OWNER, date.today())
    document, _ = hostile_document(transfer.export_file(engine=engine, owner=LOCAL_OWNER, case_ids=[case_id]))
    engine.dispose()
    path = folder / "crafted-export.json"
    path.write_bytes(document)
    return path


def open_page(page, title: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    wait_idle(page)
    page.wait_for_timeout(500)  # tables and charts draw after the script run ends


def import_file(page, path: Path) -> None:
    open_page(page, "Settings & data")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    wait_idle(page)
    page.get_by_role("button", name="Import", exact=True).click()
    wait_idle(page)
    # The imported case is the one shown (its title is hostile too).
    case = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Case")
    expect(case).to_have_value(re.compile(r"evil\.example"))


def test_an_imported_case_full_of_markup_shows_no_link_image_or_request_elsewhere(
    server, browser_page, tmp_path: Path
):
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server)
    wait_idle(page)
    import_file(page, crafted_export(tmp_path))

    for info in PAGES:
        open_page(page, info.title)
        for expander in page.get_by_test_id("stExpander").all():  # show what is folded away too
            summary = expander.locator("summary")
            if summary.get_attribute("aria-expanded") == "false":
                summary.click()
        wait_idle(page)
        for selector in SELECTORS:
            assert page.locator(selector).count() == 0, f"{info.title}: {selector} is on the page"
        if info.path == "views/overview.py":
            # The confirmation number is shown, as text: the attack reached the page and did nothing.
            metric = page.get_by_test_id("stMetric").filter(has_text="Cancellation confirmation")
            expect(metric).to_contain_text("![i](http")
            expect(metric).to_contain_text("evil.example/p.png)")
            screenshot(page, "hostile-overview")

    origin = urlsplit(server)
    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and (urlsplit(url).hostname, urlsplit(url).port) != (origin.hostname, origin.port)
    ]
    assert requests, "the listener saw nothing"
    assert elsewhere == []


def fetch_status(url: str) -> int:
    """The status of a cookie-less GET, as someone holding only the URL would get it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (localhost)
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_personal_download_is_gone_from_its_url_after_use(server, browser_page, tmp_path: Path):
    page = browser_page
    media: list[str] = []
    page.on("request", lambda r: media.append(r.url) if r.url.startswith(f"{server}/media/") else None)
    page.goto(server)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Case")).to_have_value(
        "Home phone (sample)"
    )
    open_page(page, "Settings & data")
    screenshot(page, "download-settings")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export this case (JSON)").click()
    assert json.loads(Path(info.value.path()).read_bytes())["format_version"] == 1
    assert len(media) == 1
    url = media[0]
    page.context.close()  # the session that made it is gone too

    # Wait (without asserting how long it takes) until the server has forgotten the file.
    deadline = time.monotonic() + FORGET_AFTER_SECONDS + 60
    status = fetch_status(url)
    while status == 200 and time.monotonic() < deadline:
        time.sleep(1)
        status = fetch_status(url)
    assert status == 404
