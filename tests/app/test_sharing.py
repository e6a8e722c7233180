"""How the app behaves when shared: sign-in, private workspaces with a resume link, sign-out, delete everything."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from ooma_cancel.db import ENV_VAR, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import Case
from ooma_cancel.owner import MODE_VAR, signin_owner, workspace_owner
from tests.app.test_isolation_pages import ALICE, AUTH, BOB

APP = "../../app.py"
DELETE = "FormSubmitter:sidebar.delete_all-Delete everything"


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


def test_cases_belong_to_the_identity_not_the_email(served, engine):
    at = served(secrets={"auth": AUTH}, user=dict(BOB)).run()
    at.text_input[0].input("Home")
    at.button(key="FormSubmitter:overview.new_case-Start a case").click().run()
    assert owners(engine) == ["oidc:https://id.example|bob"]


def test_a_new_visitor_gets_a_private_workspace_and_a_resume_link(served, engine):
    at = served().run()  # not bound to localhost and not told otherwise: workspaces, never one shared owner
    token = at.query_params["w"]
    assert len(token) >= 43
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


def test_a_mangled_link_says_so(served):
    at = served(query_params={"w": "not-a-real-link"}).run()
    assert any("not a valid workspace link" in w.value for w in at.sidebar.warning)
    assert at.query_params["w"] != "not-a-real-link"


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
    mine, theirs = "M" * 43, "T" * 43
    with unit_of_work(engine) as session:
        for token in (mine, mine, theirs):
            seed_demo(session=session, owner=workspace_owner(token), today=date.today())

    assert served(query_params={"w": mine}).run().sidebar.button(key=DELETE)  # offered in the sidebar
    at = panel(query_params={"w": mine})
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
