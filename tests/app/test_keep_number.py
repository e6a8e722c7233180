"""Keep your number, driven like a person: decide, fill the port checklist, and see the warnings."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ooma_cancel.db import unit_of_work
from ooma_cancel.models import AccountBase, CancellationRequest, Event, PortRecord
from ooma_cancel.porting import CANCELLED_BEFORE_PORT, LETTING_IT_GO, PORT_STILL_PENDING
from tests.factories import new_case

PAGE = "views/keep_number.py"


@pytest.fixture
def case_id(engine):
    return new_case(engine, AccountBase(holder_name="Jordan Rivera", phone_numbers=["+16505550123"]))


def open_page(app):
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def port(engine):
    with unit_of_work(engine) as session:
        return session.exec(select(PortRecord)).first()


def test_letting_the_number_go_marks_the_stage_not_needed_with_a_warning(app, engine, case_id):
    at = open_page(app)
    assert at.radio(key="port.decision").value is None
    at.radio(key="port.decision").set_value("let_go").run()
    assert not at.exception
    assert LETTING_IT_GO in [w.value for w in at.warning]
    assert any("aging period" in t.value for t in at.text)  # the sourced FCC fact
    assert port(engine).keep_number is False

    overview = app().run()
    assert "You chose to let the number go." in [t.value for t in overview.text]


def test_keeping_the_number_fills_the_checklist_and_dates_and_survives_a_reload(app, engine, case_id):
    at = open_page(app)
    at.radio(key="port.decision").set_value("keep").run()
    assert PORT_STILL_PENDING in [w.value for w in at.warning]
    assert at.text_area(key="port.numbers").value == "(650) 555-0123"  # taken from the account

    at.text_input(key="port.new_carrier").input("Example Mobile")
    at.checkbox(key="port.account_number_ready").check()
    at.checkbox(key="port.pin_obtained").check()
    at.date_input(key="port.requested_on").set_value(date.today() - timedelta(days=3))
    at.date_input(key="port.foc_on").set_value(date.today() + timedelta(days=1))
    at.button(key="port.save").click().run()
    assert not at.exception
    assert not at.error

    stored = port(engine)
    assert (stored.new_carrier, stored.numbers, stored.pin_obtained, stored.name_address_match) == (
        "Example Mobile",
        ["+16505550123"],
        True,
        False,
    )
    fresh = open_page(app)
    assert fresh.text_input(key="port.new_carrier").value == "Example Mobile"
    assert fresh.date_input(key="port.foc_on").value == date.today() + timedelta(days=1)
    assert any("Wait until it completes before cancelling" in i.value for i in fresh.info)
    assert "6 of 8 steps done" in fresh.get("progress")[0].proto.text


def test_the_pin_itself_has_nowhere_to_go(app, case_id):
    at = open_page(app)
    at.radio(key="port.decision").set_value("keep").run()
    labels = [
        w.label for w in (*at.main.text_input, *at.main.text_area)
    ]  # the sidebar holds "Name of the case"
    assert labels == ["New carrier", "Numbers to port"]
    assert "never stores it" in at.checkbox(key="port.pin_obtained").help


def test_impossible_dates_are_refused_and_nothing_is_saved(app, engine, case_id):
    at = open_page(app)
    at.radio(key="port.decision").set_value("keep").run()
    at.date_input(key="port.requested_on").set_value(date.today() - timedelta(days=1))
    at.date_input(key="port.completed_on").set_value(date.today() - timedelta(days=5))
    at.run()
    assert "The port cannot complete before it was requested." in [e.value for e in at.error]  # as you type
    at.button(key="port.save").click().run()
    assert any("Not saved" in e.value for e in at.error)
    assert port(engine).requested_on is None


def test_a_cancellation_submitted_before_the_port_completes_is_a_loud_warning(app, engine, case_id):
    at = open_page(app)
    at.radio(key="port.decision").set_value("keep").run()
    with unit_of_work(engine) as session:
        session.add(CancellationRequest(case_id=case_id, status="submitted", submitted_on=date.today()))
    at = open_page(app)
    assert any(CANCELLED_BEFORE_PORT in e.value for e in at.error)

    at.text_area(key="port.numbers").input("650 555 0123")
    at.date_input(key="port.requested_on").set_value(date.today() - timedelta(days=2))
    at.date_input(key="port.completed_on").set_value(date.today())
    at.button(key="port.save").click().run()
    assert not any(CANCELLED_BEFORE_PORT in e.value for e in at.error)
    assert any("Port completed on" in s.value for s in at.success)
    with unit_of_work(engine) as session:
        assert (
            session.exec(select(Event.summary).where(Event.stage == "port"))
            .all()[-1]
            .endswith(f"completed on {date.today():%b %-d, %Y}.")
        )


def test_the_sample_case_shows_a_completed_port(app, demo_case):
    at = open_page(app)
    assert at.radio(key="port.decision").value == "keep"
    assert any("You can now cancel Ooma safely" in s.value for s in at.success)
    assert not at.error


def test_leaving_the_page_and_coming_back_shows_the_stored_details(app, demo_case):
    at = open_page(app)
    at.switch_page("views/overview.py").run()
    at.switch_page(PAGE).run()  # Streamlit dropped the form's widget state while the page was away
    assert not at.exception
    assert at.text_input(key="port.new_carrier").value == "Example Mobile"


def test_a_wrong_number_is_named_by_position_not_echoed(app, case_id):
    at = open_page(app)
    at.radio(key="port.decision").set_value("keep").run()
    at.text_area(key="port.numbers").input("650 555 0123\n[x](http://evil)").run()
    assert "Number 2 cannot be a phone number: check its digits." in " ".join(e.value for e in at.error)
    assert not any("evil" in e.value for e in at.error)
