"""Sign-in for real: `streamlit run` with [auth] pointing at a local OpenID Connect provider, driven in Chromium.

The provider is `oidc-provider-mock` (a real OIDC server: discovery, authorization code flow, signed ID
tokens, end-session), on a free localhost port. Two people sign in one after the other in the same browser;
the second sees nothing of the first's case, and the first gets it back after signing in again. Cookies copied
before signing out (or deleting everything) open nothing afterwards in a fresh browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import free_port, screenshot, serve, wait_idle

pytestmark = [
    pytest.mark.browser,
    # The mock provider (last release for Python 3.11) still calls Authlib APIs that Authlib 1.9 deprecates; with
    # warnings as errors its token endpoint would fail. The warnings concern the test provider, not the app.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture
def provider() -> Iterator[str]:
    from oidc_provider_mock import User, run_server_in_thread

    users = [
        User(sub="alice", claims={"email": "alice@example.com"}),
        User(sub="bob", claims={"email": "bob@example.com"}),
    ]
    with run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def signin_server(tmp_path: Path, provider: str) -> Iterator[tuple[str, str]]:
    """The app with sign-in configured (secrets in a temporary file, not the project's), on fresh SQLite."""
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
        'client_id = "ooma-cancel"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_kwargs = { prompt = "login" }\n'
    )
    database = f"sqlite:///{tmp_path / 'signin.db'}"
    with serve(
        tmp_path,
        env={"OOMA_CANCEL_DATABASE_URL": database},
        args=(f"--secrets.files={secrets}",),
        port=port,
    ) as url:
        yield url, database


def sign_in_as(page, app_url: str, who: str) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Sign in to continue")).to_be_visible()
    page.get_by_role("button", name="Sign in").click()
    # The provider's own page: pick the user (a real authorization-code round trip follows).
    page.get_by_role("button", name=who, exact=True).click()
    page.wait_for_url(f"{app_url}/**")
    wait_idle(page)
    expect(page.get_by_text(f"Signed in as {who}@example.com")).to_be_visible()


def case_switcher(page):
    return page.get_by_role("combobox", name="Case")


def sign_out(page, app_url: str, provider: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    # Streamlit clears its identity cookie and sends the browser to the provider's end-session page, which
    # asks to confirm and then returns to the app.
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app_url}/**")
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Sign in to continue")).to_be_visible()


def test_two_people_sign_in_and_each_sees_only_their_own_case(signin_server, provider, browser_page):
    app_url, database = signin_server
    page = browser_page

    page.goto(app_url)
    expect(page.get_by_role("heading", name="Sign in to continue")).to_be_visible()
    expect(page.get_by_text("Account identification")).to_have_count(0)  # no menu before signing in
    screenshot(page, "signin-01-prompt")

    sign_in_as(page, app_url, "alice")
    page.get_by_label("Name of the case").first.fill("Alice's move")
    page.get_by_role("button", name="Start a case").click()
    wait_idle(page)
    expect(case_switcher(page)).to_have_value("Alice's move")
    screenshot(page, "signin-02-alice")
    sign_out(page, app_url, provider)

    sign_in_as(page, app_url, "bob")
    expect(page.get_by_text("No case yet.")).to_be_visible()
    expect(case_switcher(page)).to_have_count(0)
    expect(page.get_by_text("Alice's move")).to_have_count(0)
    screenshot(page, "signin-03-bob-sees-nothing-of-alice")
    sign_out(page, app_url, provider)

    sign_in_as(page, app_url, "alice")
    expect(case_switcher(page)).to_have_value("Alice's move")

    with sa.create_engine(database).connect() as connection:
        owners = connection.exec_driver_sql('SELECT owner FROM "case"').scalars().all()
    assert owners == [f"oidc:{provider}|alice"]  # the issuer and subject from the signed ID token


def app_cookies(page) -> list[dict]:
    """The browser's cookies, Streamlit's identity cookie among them (what someone could copy out of it)."""
    cookies = page.context.cookies()
    assert any(cookie["name"] == "_streamlit_user" for cookie in cookies)
    return cookies


@contextmanager
def fresh_browser_with(page, cookies: list[dict]) -> Iterator:
    """Another browser profile that has nothing but the copied cookies."""
    context = page.context.browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_cookies(cookies)
    try:
        yield context.new_page()
    finally:
        context.close()


def assert_sign_in_prompt_and_nothing_of(page, app_url: str, title: str) -> None:
    page.goto(app_url)
    wait_idle(page)
    expect(page.get_by_role("heading", name="Sign in to continue")).to_be_visible()
    expect(page.get_by_text(title)).to_have_count(0)
    expect(case_switcher(page)).to_have_count(0)
    expect(page.get_by_text("Account identification")).to_have_count(0)


def test_sign_in_cookies_copied_before_signing_out_open_nothing_afterwards(
    signin_server, provider, browser_page
):
    app_url, _ = signin_server
    page = browser_page
    sign_in_as(page, app_url, "alice")
    page.get_by_label("Name of the case").first.fill("Alice's move")
    page.get_by_role("button", name="Start a case").click()
    wait_idle(page)
    copied = app_cookies(page)

    with fresh_browser_with(page, copied) as thief:  # the copy works while Alice is signed in...
        thief.goto(app_url)
        wait_idle(thief)
        expect(case_switcher(thief)).to_have_value("Alice's move")

    sign_out(page, app_url, provider)

    with fresh_browser_with(page, copied) as thief:  # ... and opens nothing once she has signed out
        assert_sign_in_prompt_and_nothing_of(thief, app_url, "Alice's move")
        screenshot(thief, "signin-04-old-cookies-after-sign-out")

    sign_in_as(page, app_url, "alice")  # signing in again is a new sign-in: her case is there
    expect(case_switcher(page)).to_have_value("Alice's move")


def test_deleting_everything_also_ends_the_copied_sign_in(signin_server, provider, browser_page):
    app_url, _ = signin_server
    page = browser_page
    sign_in_as(page, app_url, "bob")
    page.get_by_label("Name of the case").first.fill("Bob's move")
    page.get_by_role("button", name="Start a case").click()
    wait_idle(page)
    expect(case_switcher(page)).to_have_value("Bob's move")
    copied = app_cookies(page)

    page.get_by_role("button", name="Delete everything of mine").click()
    page.get_by_role("dialog").get_by_text("Yes, delete all my cases").click()
    page.get_by_role("button", name="Delete everything", exact=True).click()
    # Deleting everything signs out too: the provider's end-session page, then back to the app.
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app_url}/**")
    assert_sign_in_prompt_and_nothing_of(page, app_url, "Bob's move")

    with fresh_browser_with(page, copied) as thief:
        assert_sign_in_prompt_and_nothing_of(thief, app_url, "Bob's move")

    sign_in_as(page, app_url, "bob")
    expect(page.get_by_text("No case yet.")).to_be_visible()
