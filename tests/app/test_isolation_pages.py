"""On a shared server, every page shown to B holds nothing of A: not A's case, number or confirmation."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from ooma_cancel.db import ENV_VAR, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.owner import MODE_VAR, signin_owner, workspace_owner
from ooma_cancel.ui.nav import PAGES
from tests.app.test_hostile_input import walk
from tests.factories import marked_sample_case

A_TITLE, A_NUMBER, A_CONFIRMATION = "Alpha private case", "ALPHAQZXW", "ALPHA-CONF-4242"
A_MARKERS = (A_TITLE, A_NUMBER, "QZXW", A_CONFIRMATION)
# Links from before they carried a keyed check: still honoured, as their workspaces hold cases (seeded below).
TOKEN_A, TOKEN_B = "A" * 43, "B" * 43
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "c" * 32,
    "client_id": "dashboard",
    "client_secret": "s",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ALICE = {"is_logged_in": True, "iss": "https://id.example", "sub": "alice", "email": "alice@example.com"}
BOB = {"is_logged_in": True, "iss": "https://id.example", "sub": "bob", "email": "bob@example.com"}


def everything_shown(at: AppTest) -> str:
    """All a visitor could see or pick on the page: every element, every table cell, every option."""
    parts = []
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if type(node).__name__ == "Dataframe":
            parts.append(node.value.to_csv())
    return "\n".join(parts)


def seed_a_and_b(engine, owner_a: str, owner_b: str) -> None:
    today = date.today()
    with unit_of_work(engine) as session:
        marked_sample_case(
            session, owner_a, title=A_TITLE, account_number=A_NUMBER, confirmation_number=A_CONFIRMATION
        )
        seed_demo(session=session, owner=owner_b, today=today)


def walk_every_page(at: AppTest) -> dict[str, str]:
    at.run()
    shown = {"first run, with the sidebar": everything_shown(at)}
    for page in PAGES:
        at.switch_page(page.path).run()
        assert not at.exception, page.path
        shown[page.path] = everything_shown(at)
    return shown


def assert_nothing_of_a(shown: dict[str, str]) -> None:
    leaks = {path: [m for m in A_MARKERS if m in text] for path, text in shown.items()}
    assert {path: found for path, found in leaks.items() if found} == {}


@pytest.fixture
def shared_app(db_url, engine, monkeypatch):
    monkeypatch.setenv(ENV_VAR, db_url)
    monkeypatch.delenv(MODE_VAR, raising=False)  # as deployed: the mode comes from how it is served

    def new(**state) -> AppTest:
        at = AppTest.from_file("../../app.py", default_timeout=30)
        for name, value in state.items():
            setattr(at, name, value)
        return at

    return new


def test_a_workspace_visitor_sees_nothing_of_another_workspace(shared_app, engine):
    seed_a_and_b(engine, workspace_owner(TOKEN_A), workspace_owner(TOKEN_B))
    shown = walk_every_page(shared_app(query_params={"w": TOKEN_B}))
    assert_nothing_of_a(shown)
    assert "Home phone (sample)" in shown["first run, with the sidebar"]  # B does see B's own case
    assert "•••• 2342" in shown["views/overview.py"]

    # The check is not vacuous: A, with A's link, sees A's case.
    own = walk_every_page(shared_app(query_params={"w": TOKEN_A}))
    assert A_CONFIRMATION in "".join(own.values())
    assert A_TITLE in own["first run, with the sidebar"]
    assert A_CONFIRMATION in own["views/overview.py"]


def test_a_visitor_without_a_link_gets_an_empty_workspace(shared_app, engine):
    seed_a_and_b(engine, workspace_owner(TOKEN_A), workspace_owner(TOKEN_B))
    at = shared_app()
    shown = walk_every_page(at)
    assert_nothing_of_a(shown)
    assert "Home phone (sample)" not in "".join(shown.values())
    token = at.session_state["owner.workspace_token"]
    assert token not in (TOKEN_A, TOKEN_B)
    assert len(token) >= 43


def test_a_guessed_or_mangled_link_opens_no_workspace_at_all(shared_app, engine):
    seed_a_and_b(engine, workspace_owner(TOKEN_A), workspace_owner(TOKEN_B))
    for guess in ("A" * 10, "A" * 42 + "B", "A" * 65):
        at = shared_app(query_params={"w": guess}).run()
        assert not at.exception
        assert [t.value for t in at.title] == ["This link is not valid"]
        assert_nothing_of_a({guess: everything_shown(at)})
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("views/overview.py")  # no page is routed for a link the app did not make


def test_a_signed_in_person_sees_nothing_of_another(shared_app, engine):
    seed_a_and_b(engine, signin_owner(ALICE), signin_owner(BOB))
    shown = walk_every_page(shared_app(secrets={"auth": AUTH}, user=dict(BOB)))
    assert_nothing_of_a(shown)
    assert "Home phone (sample)" in shown["first run, with the sidebar"]
    own = walk_every_page(shared_app(secrets={"auth": AUTH}, user=dict(ALICE)))
    assert A_TITLE in own["first run, with the sidebar"]
    assert A_CONFIRMATION in own["views/overview.py"]
