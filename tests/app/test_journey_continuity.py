"""Issue 13, items 1 and 2: the chosen case survives a reload (``?case=``), the sample case says it is not the
person's account, every stage page ends with the case's next step, and facts recorded on one page count on
another (an end date acknowledged with a confirmation number is the confirmed end date)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from ooma_cancel.db import ENV_VAR, unit_of_work
from ooma_cancel.owner import LOCAL_OWNER, MODE_VAR, workspace_owner
from ooma_cancel.progress import next_action
from ooma_cancel.store import case_facts
from ooma_cancel.store import owners as owner_store
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.requests import save_draft
from ooma_cancel.ui.journey import SAMPLE_MARKER
from ooma_cancel.ui.nav import PAGE_FOR_STAGE, PAGES
from ooma_cancel.ui.session import SCOPE_KEY
from tests.factories import complete_draft, new_case

STAGE_PAGES = [page.path for page in PAGES if page.stage is not None]
SWITCHER = "sidebar.case"


def shown_case(at) -> int:
    """The case the sidebar shows (what the person sees as "Your case")."""
    return at.selectbox(key=SWITCHER).value


def texts(at) -> list[str]:
    return [element.value for element in [*at.markdown, *at.text, *at.caption, *at.title, *at.header]]


def marker_shown(at) -> bool:
    return any(SAMPLE_MARKER in value for value in texts(at))


def test_the_case_in_the_address_is_opened_on_a_fresh_run(app, engine, demo_case):
    own = new_case(engine, title="Home phone")  # newer than the sample: shown by default
    at = app().run()
    assert shown_case(at) == own
    at.selectbox(key=SWITCHER).select(demo_case).run()
    assert at.query_params["case"] == str(demo_case)  # the address now names the chosen case

    reloaded = app()  # a reload is a new session that starts from the address
    reloaded.query_params = {"case": str(demo_case)}
    reloaded.run()
    assert not reloaded.exception
    assert shown_case(reloaded) == demo_case
    assert reloaded.session_state[SCOPE_KEY].case_id == demo_case
    assert marker_shown(reloaded)


def test_a_new_tab_without_the_case_in_its_address_opens_the_case_chosen_last(app, engine, demo_case):
    # A link without ``?case=`` (a sidebar link opened in a new tab, a bookmark of a page) shows the case the
    # person chose last, not whichever case changed last.
    own = new_case(engine, title="Home phone")  # newer than the sample: shown when nothing was chosen
    first_tab = app().run()
    assert shown_case(first_tab) == own
    first_tab.selectbox(key=SWITCHER).select(demo_case).run()
    assert shown_case(first_tab) == demo_case

    new_tab = app()  # no query string at all
    new_tab.run()
    assert not new_tab.exception
    assert shown_case(new_tab) == demo_case
    assert new_tab.query_params["case"] == str(demo_case)
    new_tab.switch_page("views/end_date.py").run()
    assert new_tab.session_state[SCOPE_KEY].case_id == demo_case

    new_tab.selectbox(key=SWITCHER).select(own).run()  # chosen back in the second tab: a third tab follows
    third_tab = app().run()
    assert shown_case(third_tab) == own
    assert shown_case(first_tab.run()) == demo_case  # a tab keeps its own choice


def test_a_choice_that_cannot_be_remembered_still_switches_the_tab(app, engine, demo_case, monkeypatch):
    own = new_case(engine, title="Home phone")

    def database_gone(**_kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("connection refused"))

    with monkeypatch.context() as patched:
        patched.setattr(owner_store, "remember_case_choice", database_gone)
        at = app().run()
        at.selectbox(key=SWITCHER).select(demo_case).run()
        assert not at.exception
        assert not at.error
        assert shown_case(at) == demo_case  # this tab switched
    assert shown_case(app().run()) == own  # a new tab shows the latest case, as before


@pytest.mark.parametrize("garbage", ["abc", "-1", "1e3", "", "１", "999999999999999999999999", "0x1"])
def test_a_case_id_that_is_not_a_number_falls_back_to_the_newest_case(app, engine, demo_case, garbage):
    own = new_case(engine, title="Home phone")
    at = app()
    at.query_params = {"case": garbage}
    at.run()
    assert not at.exception
    assert not at.error
    assert shown_case(at) == own
    assert at.query_params["case"] == str(own)


def test_someone_elses_case_id_in_a_link_never_opens_their_case(app, engine):
    with unit_of_work(engine) as session:
        theirs = create_case(session=session, owner="someone-else", title="Their secret line").id
    own = new_case(engine, title="Home phone")
    for page in ["views/overview.py", "views/account.py", "views/end_date.py"]:
        at = app()
        at.query_params = {"case": str(theirs)}
        at.run()
        at.switch_page(page).run()
        assert not at.exception
        assert shown_case(at) == own
        assert at.session_state[SCOPE_KEY].case_id == own
        assert theirs not in at.selectbox(key=SWITCHER).options
        assert not any("Their secret line" in value for value in texts(at))
        assert at.query_params["case"] == str(own)


def test_the_workspace_token_and_the_case_share_the_address(db_url, engine, monkeypatch):
    token_a, token_b = "A" * 43, "B" * 43  # old-style links, accepted for owners who have cases
    with unit_of_work(engine) as session:
        older = create_case(session=session, owner=workspace_owner(token_a), title="Office line").id
        newest = create_case(session=session, owner=workspace_owner(token_a), title="Home phone").id
        theirs = create_case(session=session, owner=workspace_owner(token_b), title="Their secret line").id
    monkeypatch.setenv(ENV_VAR, db_url)
    monkeypatch.delenv(MODE_VAR, raising=False)  # workspace mode, as served

    def opened(case: int) -> AppTest:
        at = AppTest.from_file("../../app.py", default_timeout=30)
        at.query_params = {"w": token_a, "case": str(case)}
        at.run()
        assert not at.exception
        return at

    at = opened(older)
    assert shown_case(at) == older
    assert at.query_params["w"] == token_a
    assert at.query_params["case"] == str(older)
    at.switch_page("views/end_date.py").run()  # a page change clears the address: both are written back
    assert at.query_params["w"] == token_a
    assert at.query_params["case"] == str(older)

    at = opened(theirs)  # B's case id with A's token: A's own newest case, nothing of B's
    assert shown_case(at) == newest
    assert not any("Their secret line" in value for value in texts(at))
    assert at.query_params["case"] == str(newest)


@pytest.mark.parametrize("page", [page.path for page in PAGES])
def test_the_sample_case_is_marked_on_every_page(app, demo_case, page):
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    assert marker_shown(at)


def test_an_own_case_carries_no_sample_marker(app, engine):
    new_case(engine, title="Home phone")
    at = app().run()
    for page in ["views/overview.py", "views/account.py", "views/settings.py"]:
        at.switch_page(page).run()
        assert not marker_shown(at)


def last_element(at):
    """The last thing the page draws (inside the main area), going down into its last container."""
    node = at.main
    while getattr(node, "children", None):
        node = node.children[max(node.children)]
    return node


@pytest.mark.parametrize("page", STAGE_PAGES)
def test_each_stage_page_ends_with_the_overviews_next_step(app, engine, demo_case, page):
    with unit_of_work(engine) as session:
        facts = case_facts(session=session, owner=LOCAL_OWNER, case_id=demo_case, today=date.today())
    action = next_action(facts, date.today())
    assert action is not None
    target = PAGE_FOR_STAGE[action.stage]

    overview = app().run()
    overview_links = [link.proto.label for link in overview.get("page_link")]
    assert f"Go to {target.title}" in overview_links  # the overview names the same step

    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    last = last_element(at)
    assert last.type == "page_link"
    assert last.proto.label == f"Go to {target.title}"
    assert last.proto.page == target.path.removeprefix("views/").removesuffix(".py")
    assert last.proto.query_string == f"case={demo_case}"  # opened in a new tab, it shows the same case
    assert any(action.text.replace("$", "\\$") == value for value in texts(at))


def test_a_save_on_a_stage_says_saved_and_names_the_next_step(app, engine):
    new_case(engine, title="Home phone")  # the account is complete: the next step is the port decision
    at = app().run()
    at.switch_page("views/confirmation.py").run()
    at.text_input(key="confirmation.new0.number").input("CX-5521")
    at.button(key="confirmation.new0.save").click().run()
    assert not at.exception
    toasts = [toast.value for toast in at.toast]
    assert toasts == ["Saved · Next: Keep your number: Decide whether to keep your number before you cancel."]


def test_a_change_off_the_stages_keeps_its_own_words(app, engine):
    new_case(engine, title="Home phone")
    at = app().run()  # the overview is not a stage: loading the sample there says just that
    at.expander[-1].button(key="overview.sample_again").click().run()
    assert not at.exception
    assert [toast.value for toast in at.toast] == ["Sample case loaded."]


def test_a_case_made_in_the_sidebar_right_after_a_stage_save_says_case_created(app, engine):
    new_case(engine, title="Home phone")
    at = app().run()
    at.switch_page("views/confirmation.py").run()
    at.text_input(key="confirmation.new0.number").input("CX-5521")
    at.button(key="confirmation.new0.save").click().run()
    assert at.toast[0].value.startswith("Saved · Next: ")
    at.sidebar.button(key="sidebar.new_case.open").click().run()  # "New case" opens a dialog
    at.text_input(key="sidebar.new_case.title").input("Office line")
    at.button(key="FormSubmitter:sidebar.new_case-Create case").click().run()
    assert not at.exception
    assert [toast.value for toast in at.toast] == ["Case created."]


def test_the_end_date_page_reads_an_acknowledgement_from_the_confirmation_page(app, engine):
    case_id = new_case(engine, title="Home phone")
    end_on = date.today() + timedelta(days=20)
    with unit_of_work(engine) as session:
        save_draft(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            draft=replace(complete_draft(), requested_end_on=end_on),
        )
    at = app().run()
    at.switch_page("views/end_date.py").run()
    assert any(info.value.startswith("Ooma has not confirmed the end date yet") for info in at.info)

    at.switch_page("views/confirmation.py").run()
    at.text_input(key="confirmation.new0.number").input("END-7781")
    at.selectbox(key="confirmation.new0.confirms").select("end date")
    at.button(key="confirmation.new0.save").click().run()
    assert not at.exception
    assert not at.error

    at.switch_page("views/end_date.py").run()
    assert not at.exception
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown["Confirmed by Ooma"] == f"{end_on:%b %-d, %Y}"
    assert not any("has not confirmed" in info.value for info in at.info)
    assert any("END-7781" in text.value for text in at.text)

    at.switch_page("views/overview.py").run()
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown["Service ends"] == f"{end_on:%b %-d, %Y}"  # the overview counts it as confirmed too


def test_the_next_step_after_a_save_is_read_from_the_case_as_saved(app, engine):
    """The sidebar reads the case's version at the start of a run and the next step is looked up by it; a save
    moves the version, so the step named after it (toast and link) is the one after the saved decision."""
    new_case(engine, title="Home phone")  # the account is complete: the next step is the port decision
    at = app().run()
    at.switch_page("views/keep_number.py").run()
    assert last_element(at).proto.label == "Go to Keep your number"  # the step, looked up and kept
    at.radio(key="port.decision").set_value("let_go").run()
    assert not at.exception
    toasts = [toast.value for toast in at.toast]
    assert len(toasts) == 1
    assert toasts[0].startswith("Saved · Next: ")
    assert "Decide whether to keep your number" not in toasts[0]
    assert last_element(at).proto.label != "Go to Keep your number"
