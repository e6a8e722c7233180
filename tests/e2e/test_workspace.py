"""A shared copy without sign-in, in a real browser: each visitor gets a private workspace and a resume link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, serve, wait_idle
from tests.e2e.test_signin import case_switcher

pytestmark = pytest.mark.browser
HAS_TOKEN = re.compile(r"[?&]w=")


@pytest.fixture
def workspace_server(tmp_path: Path) -> Iterator[str]:
    # On 127.0.0.1 the app would run in local mode; a deployment reachable by others gets this mode by default.
    env = {"OOMA_CANCEL_DATABASE_URL": f"sqlite:///{tmp_path / 'ws.db'}", "OOMA_CANCEL_MODE": "workspace"}
    with serve(tmp_path, env=env) as url:
        yield url


def token_in(url: str) -> str:
    return parse_qs(urlparse(url).query)["w"][0]


def test_the_resume_link_brings_a_workspace_back_and_nobody_else_sees_it(workspace_server, browser_page):
    page = browser_page
    page.goto(workspace_server)
    page.wait_for_url(HAS_TOKEN)
    wait_idle(page)
    token = token_in(page.url)  # the address now names this visitor's workspace
    assert len(token) >= 43
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Whoever has the link has your data", exact=False)).to_be_visible()
    expect(sidebar.get_by_text(f"?w={token}", exact=False)).to_be_visible()

    page.get_by_label("Name of the case").first.fill("My move")
    page.get_by_role("button", name="Start a case").click()
    wait_idle(page)
    page.get_by_role("link", name="Account identification").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Account identification")).to_be_visible()
    assert token_in(page.url) == token  # still bookmarkable after changing page
    screenshot(page, "workspace-01-resume-link")

    stranger = page.context.browser.new_context()
    other = stranger.new_page()
    other.goto(workspace_server)
    other.wait_for_url(HAS_TOKEN)
    wait_idle(other)
    expect(other.get_by_text("No case yet.")).to_be_visible()
    assert token_in(other.url) != token

    other.goto(f"{workspace_server}/?w={token}")  # whoever has the link has the data: that is the warning
    wait_idle(other)
    expect(case_switcher(other)).to_have_value("My move")
    stranger.close()
