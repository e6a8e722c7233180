"""Keep your number: the port's dates, its checklist, and the warning not to cancel before it completes."""

from datetime import date

import pytest
from sqlmodel import select

from ooma_cancel.db import unit_of_work
from ooma_cancel.models import Event, PortRecord, Stage
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.porting import (
    CANCELLED_BEFORE_PORT,
    PORT_STILL_PENDING,
    PortForm,
    port_checklist,
    port_status_note,
    port_warning,
    validate_port,
)
from ooma_cancel.progress import CaseFacts
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.port import decide_keep_number, get_port, save_port

TODAY = date(2026, 11, 27)


def test_a_complete_port_is_accepted_with_numbers_in_e164():
    details, errors = validate_port(
        PortForm(
            new_carrier="  Example   Mobile ",
            numbers="(650) 555-0123, 650 555 0123\n+1 408 555 0100",
            account_number_ready=True,
            pin_obtained=True,
            name_address_match=True,
            requested_on=date(2026, 11, 18),
            foc_on=date(2026, 11, 24),
            completed_on=date(2026, 11, 25),
        ),
        today=TODAY,
    )
    assert errors == {}
    assert details is not None
    assert details.new_carrier == "Example Mobile"
    assert details.numbers == ["+16505550123", "+14085550100"]  # the duplicate is dropped
    assert all(item.done for item in port_checklist(details))


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        (PortForm(requested_on=date(2026, 11, 28)), "requested_on", "future"),
        (
            PortForm(requested_on=date(2026, 11, 20), foc_on=date(2026, 11, 19)),
            "foc_on",
            "after the port request",
        ),
        (PortForm(foc_on=date(2026, 11, 30)), "foc_on", "requested first"),
        (
            PortForm(
                numbers="650 555 0123", requested_on=date(2026, 11, 20), completed_on=date(2026, 11, 28)
            ),
            "completed_on",
            "future",
        ),
        (
            PortForm(
                numbers="650 555 0123", requested_on=date(2026, 11, 20), completed_on=date(2026, 11, 19)
            ),
            "completed_on",
            "before it was requested",
        ),
        (
            PortForm(numbers="650 555 0123", completed_on=date(2026, 11, 19)),
            "completed_on",
            "requested first",
        ),
        (
            PortForm(requested_on=date(2026, 11, 20), completed_on=date(2026, 11, 21)),
            "numbers",
            "which number",
        ),
        (PortForm(numbers="555-0123"), "numbers", "cannot be a phone number"),
    ],
)
def test_impossible_port_details_are_refused_with_a_reason(form, field, words):
    details, errors = validate_port(form, today=TODAY)
    assert details is None
    assert words in errors[field]


def test_a_future_foc_date_is_fine_it_is_the_scheduled_port_date():
    details, errors = validate_port(
        PortForm(numbers="650 555 0123", requested_on=date(2026, 11, 25), foc_on=date(2026, 12, 2)),
        today=TODAY,
    )
    assert errors == {}
    assert "Dec 2, 2026" in port_status_note(details, today=TODAY)
    assert "Wait until it completes" in port_status_note(details, today=TODAY)


def test_the_status_note_says_what_is_still_needed_and_when_the_foc_date_passed():
    empty, _ = validate_port(PortForm(), today=TODAY)
    note = port_status_note(empty, today=TODAY)
    assert "new carrier chosen" in note
    assert "port-out PIN obtained" in note
    assert "Ooma account number ready" in note  # names and acronyms keep their capitals

    late, _ = validate_port(
        PortForm(numbers="650 555 0123", requested_on=date(2026, 11, 10), foc_on=date(2026, 11, 20)),
        today=TODAY,
    )
    assert "has passed without a completed port" in port_status_note(late, today=TODAY)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CaseFacts(keep_number=True, request_status="submitted"), CANCELLED_BEFORE_PORT),
        (CaseFacts(keep_number=True, request_status="acknowledged"), CANCELLED_BEFORE_PORT),
        (CaseFacts(keep_number=True, request_status="draft"), PORT_STILL_PENDING),
        (CaseFacts(keep_number=True, request_status=None), PORT_STILL_PENDING),
        (CaseFacts(keep_number=True, port_completed_on=date(2026, 11, 1), request_status="submitted"), None),
        (CaseFacts(keep_number=False, request_status="submitted"), None),
        (CaseFacts(keep_number=None, request_status="submitted"), None),
    ],
)
def test_cancelling_before_a_wanted_port_completes_is_warned(facts, expected):
    assert port_warning(facts) == expected


def test_the_port_store_records_the_choice_and_each_change_with_its_event(engine):
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
    with unit_of_work(engine) as session, pytest.raises(ValueError, match="Keep my number"):
        details, _ = validate_port(PortForm(new_carrier="Example Mobile"), today=TODAY)
        save_port(session=session, owner=LOCAL_OWNER, case_id=case_id, details=details)
    with unit_of_work(engine) as session:
        decide_keep_number(session=session, owner=LOCAL_OWNER, case_id=case_id, keep=True)
        details, _ = validate_port(
            PortForm(new_carrier="Example Mobile", numbers="650 555 0123", requested_on=date(2026, 11, 20)),
            today=TODAY,
        )
        save_port(session=session, owner=LOCAL_OWNER, case_id=case_id, details=details)
        save_port(session=session, owner=LOCAL_OWNER, case_id=case_id, details=details)  # no change, no event
    with unit_of_work(engine) as session:
        port = get_port(session=session, owner=LOCAL_OWNER, case_id=case_id)
        assert port.keep_number is True
        assert port.numbers == ["+16505550123"]
        assert port.requested_on == date(2026, 11, 20)
        summaries = list(
            session.exec(
                select(Event.summary).where(Event.case_id == case_id, Event.stage == Stage.PORT.value)
            )
        )
        assert summaries == [
            "Decided to keep the number: port it before cancelling.",
            "Port new carrier updated; numbers to port: (•••) •••-0123; requested on Nov 20, 2026.",
        ]
        assert len(list(session.exec(select(PortRecord)))) == 1
