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
    assert len(token) == 65  # 256 random bits and the app's keyed check
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


def test_a_mistyped_or_chosen_link_is_refused_and_a_new_workspace_is_one_click_away(
    workspace_server, browser_page
):
    page = browser_page
    page.goto(workspace_server)
    page.wait_for_url(HAS_TOKEN)
    wait_idle(page)
    token = token_in(page.url)
    page.get_by_label("Name of the case").first.fill("My move")
    page.get_by_role("button", name="Start a case").click()
    wait_idle(page)
    expect(case_switcher(page)).to_have_value("My move")

    typo = token[:20] + ("x" if token[20] != "x" else "y") + token[21:]
    for bad in (typo, token[:-1], "my-own-chosen-workspace-link-0123456789"):
        page.goto(f"{workspace_server}/?w={bad}")
        wait_idle(page)
        expect(page.get_by_role("heading", name="This link is not valid")).to_be_visible()
        expect(page.get_by_text("start a new workspace, or check your bookmark", exact=False)).to_be_visible()
        expect(page.get_by_text("No case yet.")).to_have_count(0)  # no silent new, empty workspace
        expect(page.get_by_text("My move")).to_have_count(0)
        assert token_in(page.url) == bad  # the address is left as it was, to compare with the bookmark
    screenshot(page, "workspace-02-link-not-valid")

    page.get_by_role("button", name="Start a new workspace").click()
    page.wait_for_url(lambda url: HAS_TOKEN.search(url) is not None and token_in(url) not in (token, bad))
    wait_idle(page)
    expect(page.get_by_text("No case yet.")).to_be_visible()
    fresh = token_in(page.url)
    assert len(fresh) == 65
    expect(page.get_by_test_id("stSidebar").get_by_text(f"?w={fresh}", exact=False)).to_be_visible()

    page.goto(f"{workspace_server}/?w={token}")  # the right link still opens the workspace
    wait_idle(page)
    expect(case_switcher(page)).to_have_value("My move")
