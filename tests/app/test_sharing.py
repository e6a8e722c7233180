"""How the app behaves when shared: sign-in, private workspaces with a resume link, sign-out, delete everything.

Sign-out ends the identity's older cookies everywhere; a workspace link the app did not make opens nothing.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from ooma_cancel.db import ENV_VAR, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import Case
from ooma_cancel.owner import MODE_VAR, is_minted_token, new_workspace_token, signin_owner, workspace_owner
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.owners import workspace_key
from tests.app.test_isolation_pages import ALICE, AUTH, BOB

APP = "../../app.py"
DELETE = "FormSubmitter:sidebar.delete_all-Delete everything"
OPEN_DELETE = "sidebar.delete_all.open"  # the sidebar's "Delete everything of mine", which opens a dialog


@pytest.fixture
def served(db_url, engine, monkeypatch):
    """AppTests as a shared deployment runs them: the mode is not forced to local."""
    monkeypatch.setenv(ENV_VAR, db_url)
    monkeypatch.delenv(MODE_VAR, raising=False)

    def new(**state) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for name, value in state.items():
            setattr(at, name, value)
        return at

    return new


def sharing_panel() -> None:
    """The sidebar's sharing panel, drawn in the main area (AppTest drops sidebar widgets after a first run)."""
    import streamlit as st

    from ooma_cancel.ui.session import resolution
    from ooma_cancel.ui.sharing import delete_everything, who_you_are

    who_you_are(resolution().mode, new_workspace=False, sidebar=st.container())
    delete_everything(st.container())


def panel(**state) -> AppTest:
    at = AppTest.from_function(sharing_panel, default_timeout=30)
    for name, value in state.items():
        setattr(at, name, value)
    return at.run()


def owners(engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.exec(select(Case.owner)))


def test_with_sign_in_configured_nobody_sees_a_page_before_signing_in(served, engine):
    with unit_of_work(engine) as session:
        seed_demo(session=session, owner=signin_owner(ALICE), today=date.today())
    at = served(secrets={"auth": AUTH}, user={"is_logged_in": False}).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in to continue"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.text_input
    assert not at.selectbox
    assert not at.metric
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/account.py")  # the stage pages are not even routed


def test_a_page_opened_directly_stops_at_the_sign_in_prompt(monkeypatch, db_url, engine):
    monkeypatch.setenv(ENV_VAR, db_url)
    monkeypatch.delenv(MODE_VAR, raising=False)
    at = AppTest.from_file("../../views/account.py", default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert "Sign in to continue" in [t.value for t in at.title]
    assert not at.text_input  # the account form never rendered


def test_a_signed_in_person_is_named_in_plain_text_and_can_sign_out(served):
    at = served(secrets={"auth": AUTH}, user=dict(BOB)).run()
    assert "Signed in as bob@example.com" in [t.value for t in at.sidebar.text]

    signed_in = panel(secrets={"auth": AUTH}, user=dict(BOB))
    signed_in.button(key="sidebar.sign_out").click().run()
    assert signed_in.user == {"is_logged_in": False}
    after = served(secrets={"auth": AUTH}, user=signed_in.user).run()
    assert [t.value for t in after.title] == ["Sign in to continue"]


def issued(moment: datetime) -> int:
    return int(moment.timestamp())


def case_titles(at: AppTest) -> list[str]:
    """The cases the sidebar's switcher offers (none: no switcher)."""
    return list(at.sidebar.selectbox[0].options) if at.sidebar.selectbox else []


def test_after_signing_out_the_old_sign_in_cookie_opens_nothing(served, engine):
    """The cookie a browser held before signing out, replayed (a copy, another browser): the sign-in prompt."""
    cookie = {**BOB, "iat": issued(datetime.now(UTC) - timedelta(hours=1))}
    with unit_of_work(engine) as session:
        create_case(session=session, owner=signin_owner(BOB), title="Bob's move")
    before = served(secrets={"auth": AUTH}, user=dict(cookie)).run()
    assert case_titles(before) == [
        "Bob's move"
    ]  # the check below is not vacuous: the cookie works until the sign-out
    elsewhere = served(
        secrets={"auth": AUTH}, user=dict(cookie)
    ).run()  # the same cookie, open in another tab

    panel(secrets={"auth": AUTH}, user=dict(cookie)).button(key="sidebar.sign_out").click().run()

    replayed = served(secrets={"auth": AUTH}, user=dict(cookie)).run()
    assert not replayed.exception
    assert [t.value for t in replayed.title] == ["Sign in to continue"]
    assert "Bob's move" not in str(replayed._tree)
    assert not replayed.sidebar.selectbox
    # A tab that was already open with that cookie is ended at its next run.
    elsewhere.run()
    assert [t.value for t in elsewhere.title] == ["Sign in to continue"]
    assert not elsewhere.sidebar.selectbox

    # Signing in again (a new ID token, issued after the sign-out) brings the case back.
    again = served(secrets={"auth": AUTH}, user={**BOB, "iat": issued(datetime.now(UTC)) + 1}).run()
    assert case_titles(again) == ["Bob's move"]
    # Alice never signed out: her sessions are untouched.
    alice = served(secrets={"auth": AUTH}, user={**ALICE, "iat": cookie["iat"]}).run()
    assert "Sign in to continue" not in [t.value for t in alice.title]
    assert "Signed in as alice@example.com" in [t.value for t in alice.sidebar.text]


def test_deleting_everything_signs_out_and_ends_the_old_cookie_too(served, engine):
    cookie = {**BOB, "iat": issued(datetime.now(UTC) - timedelta(minutes=5))}
    with unit_of_work(engine) as session:
        create_case(session=session, owner=signin_owner(BOB), title="Bob's move")
    at = panel(secrets={"auth": AUTH}, user=dict(cookie))
    at.button(key=OPEN_DELETE).click().run()
    at.checkbox(key="sidebar.delete_all.confirm").check()
    at.button(key=DELETE).click().run()
    assert not at.exception
    assert owners(engine) == []
    assert at.user == {"is_logged_in": False}  # this browser is signed out

    replayed = served(secrets={"auth": AUTH}, user=dict(cookie)).run()
    assert [t.value for t in replayed.title] == ["Sign in to continue"]
    assert not replayed.text_input  # not even an empty workspace to start a case in


def test_cases_belong_to_the_identity_not_the_email(served, engine):
    at = served(secrets={"auth": AUTH}, user=dict(BOB)).run()
    at.text_input[0].input("Home")
    at.button(key="FormSubmitter:overview.new_case-Start a case").click().run()
    assert owners(engine) == ["oidc:https://id.example|bob"]


def app_key(engine) -> bytes:
    with unit_of_work(engine) as session:
        return workspace_key(session=session)


def test_a_new_visitor_gets_a_private_workspace_and_a_resume_link(served, engine):
    at = served().run()  # not bound to localhost and not told otherwise: workspaces, never one shared owner
    token = at.query_params["w"]
    assert is_minted_token(token, app_key(engine))  # made by this app, with its key
    assert [c.value for c in at.sidebar.code] == [f"?w={token}"]
    warning = " ".join(m.value for m in at.sidebar.markdown)
    assert "Whoever has the link has your data" in warning

    at.text_input[0].input("Home")
    at.button(key="FormSubmitter:overview.new_case-Start a case").click().run()
    at.switch_page("views/account.py").run()
    assert at.query_params["w"] == token  # still in the address after changing page, for the bookmark
    assert owners(engine) == [workspace_owner(token)] == ["ws:" + hashlib.sha256(token.encode()).hexdigest()]
    with engine.connect() as connection:  # the link itself is stored nowhere
        dump = "\n".join(str(row) for row in connection.execute(sa.text('SELECT * FROM "case"')))
        dump += "\n".join(str(row) for row in connection.execute(sa.text("SELECT * FROM event")))
    assert token not in dump

    resumed = served(query_params={"w": token}).run()
    assert resumed.session_state["case.current_id"] is not None  # the resume link brings the case back
    assert served().run().session_state["case.current_id"] is None  # another visitor: nothing


def is_invalid_link_page(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["This link is not valid"] and any(
        "Start a new workspace, or check your bookmark" in m.value for m in at.markdown
    )


def shows_nothing(at: AppTest) -> bool:
    return not at.text_input and not at.selectbox and not at.metric and not at.sidebar.code


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1],  # the last character lost when copying
        lambda t: t[:43],  # the check cut off
        lambda t: t[:10] + ("x" if t[10] != "x" else "y") + t[11:],  # one character mistyped
        lambda t: t + "s",
    ],
    ids=["truncated", "check-cut-off", "mistyped", "one-too-many"],
)
def test_a_mangled_link_says_so_and_opens_no_workspace(served, engine, mangle):
    real = served().run()
    token = real.query_params["w"]
    real.text_input[0].input("Home")
    real.button(key="FormSubmitter:overview.new_case-Start a case").click().run()

    bad = mangle(token)
    at = served(query_params={"w": bad}).run()
    assert not at.exception
    assert is_invalid_link_page(at)
    assert shows_nothing(at)
    assert at.query_params["w"] == bad  # left as it was, to compare with the bookmark; no new link slipped in
    assert "Home" not in str(at._tree)
    assert owners(engine) == [workspace_owner(token)]  # nothing made under the bad link


def test_a_chosen_link_opens_nothing_and_a_new_workspace_is_one_click_away(served, engine):
    chosen = "attacker-chose-this-workspace-token-abcdefghijklmnopqrstuvwxyz0123"
    at = served(query_params={"w": chosen}).run()
    assert is_invalid_link_page(at)
    assert shows_nothing(at)

    at.button(key="owner.new_workspace").click().run()
    assert not at.exception
    fresh = at.query_params["w"]
    assert fresh != chosen
    assert is_minted_token(fresh, app_key(engine))
    assert [c.value for c in at.sidebar.code] == [f"?w={fresh}"]
    assert (
        at.session_state["case.current_id"] is None
    )  # new and empty, and said so by the visitor's own click


def test_an_old_bookmark_still_opens_its_workspace_but_an_unused_old_style_link_does_not(served, engine):
    old = "Q" * 43  # a link handed out before links carried a check
    with unit_of_work(engine) as session:
        create_case(session=session, owner=workspace_owner(old), title="Made last week")
    at = served(query_params={"w": old}).run()
    assert case_titles(at) == ["Made last week"]
    assert at.query_params["w"] == old
    at.switch_page("views/account.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Account identification"]

    for unused in ("R" * 43, "Q" * 42 + "R"):  # chosen, or one character off
        refused = served(query_params={"w": unused}).run()
        assert is_invalid_link_page(refused)
        assert shows_nothing(refused)
    assert owners(engine) == [workspace_owner(old)]


def test_make_run_is_local(served, monkeypatch):
    monkeypatch.setenv(MODE_VAR, "local")
    at = served().run()
    assert "w" not in at.query_params
    assert any("on this computer" in c.value for c in at.sidebar.caption)


def test_a_misconfigured_mode_shows_no_data_and_no_traceback(served, engine):
    with unit_of_work(engine) as session:
        seed_demo(session=session, owner="local", today=date.today())
    at = served(secrets={"OOMA_CANCEL_MODE": "everyone"}).run()
    assert not at.exception
    assert any("misconfigured" in e.value for e in at.error)
    assert not at.metric
    assert not at.sidebar.selectbox


def test_delete_everything_of_mine_asks_first_and_spares_everyone_else(served, engine):
    key = app_key(engine)
    mine, theirs = new_workspace_token(key), new_workspace_token(key)
    with unit_of_work(engine) as session:
        for token in (mine, mine, theirs):
            seed_demo(session=session, owner=workspace_owner(token), today=date.today())

    assert served(query_params={"w": mine}).run().sidebar.button(key=OPEN_DELETE)  # offered in the sidebar
    at = panel(query_params={"w": mine})
    assert not at.checkbox  # asked only once the dialog is opened
    at.button(key=OPEN_DELETE).click().run()
    at.button(key=DELETE).click().run()
    assert any("Tick the box first" in e.value for e in at.error)
    assert owners(engine).count(workspace_owner(mine)) == 2  # not ticked: nothing deleted

    at.checkbox(key="sidebar.delete_all.confirm").check()
    at.button(key=DELETE).click().run()
    assert not at.exception
    assert owners(engine) == [workspace_owner(theirs)]
    with Session(engine) as session:  # the cascade took every stage's rows along
        for table in ("account", "event", "ledgerentry", "interaction"):
            assert session.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() > 0  # noqa: S608 (fixed names)
    assert at.session_state["case.current_id"] is None
