"""The case database goes away and comes back, in a real browser: one plain page, then the app again by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ooma_cancel.ui.session import UNREACHABLE_TITLE
from tests.e2e.conftest import screenshot, serve, wait_idle

pytestmark = pytest.mark.browser


def test_a_visitor_waiting_on_the_plain_page_gets_the_app_back_without_reloading(
    tmp_path: Path, browser_page
):
    blocker = tmp_path / "disk"
    blocker.write_text("a file where the database's folder should be")  # the folder cannot be made
    env = {"OOMA_CANCEL_DATABASE_URL": f"sqlite:///{blocker / 'cases.db'}", "OOMA_CANCEL_MODE": "local"}
    with serve(tmp_path, env=env) as url:
        page = browser_page
        page.goto(f"{url}/balance")
        expect(page.get_by_role("heading", name=UNREACHABLE_TITLE)).to_be_visible()
        expect(page.get_by_text("nothing was lost", exact=False)).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_test_id("stSidebarNav").count() == 0  # no menu of pages that cannot open
        screenshot(page, "database-down")

        blocker.unlink()  # the database is back; nobody touches the page
        expect(page.get_by_role("heading", name="Outstanding balance")).to_be_visible()
        wait_idle(page)
        assert page.get_by_role("heading", name=UNREACHABLE_TITLE).count() == 0
        assert page.url.endswith("/balance")  # the visitor is still where they were
        screenshot(page, "database-back")
