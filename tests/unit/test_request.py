"""Cancellation request: completeness, the fixed-term notice deadline, and status changes with their events."""

from datetime import date

import pytest
from sqlmodel import select

from ooma_cancel.db import unit_of_work
from ooma_cancel.errors import UserError
from ooma_cancel.models import Event, RequestStatus
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.request import (
    END_DATE,
    FINAL_BILL_AND_EQUIPMENT,
    INTENT,
    WRITTEN_CONFIRMATION,
    RequestDraft,
    StatusChange,
    check_transition,
    missing_items,
    notice_info,
    validate_draft,
)
from ooma_cancel.store.accounts import save_account
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.overrides import set_override
from ooma_cancel.store.requests import change_status, get_request, save_draft
from tests.factories import account, complete_draft

TODAY = date(2026, 11, 27)
ACCOUNT = account()
COMPLETE = complete_draft()


def test_a_complete_request_misses_nothing():
    assert missing_items(ACCOUNT, COMPLETE) == []


@pytest.mark.parametrize(
    ("account_changes", "draft_changes", "missing"),
    [
        ({"holder_name": ""}, {}, "account holder's name"),
        ({"account_number": ""}, {}, "account number"),
        ({"phone_numbers": []}, {}, "registered phone number"),
        ({"street": ""}, {}, "service address"),
        ({"postal_code": ""}, {}, "service address"),
        ({}, {"states_intent": False}, INTENT),
        ({}, {"requested_end_on": None}, END_DATE),
        ({}, {"asks_written_confirmation": False}, WRITTEN_CONFIRMATION),
        ({}, {"asks_final_bill_and_equipment": False}, FINAL_BILL_AND_EQUIPMENT),
    ],
)
def test_each_missing_item_is_named(account_changes, draft_changes, missing):
    account = ACCOUNT.model_copy(update=account_changes)
    draft = complete_draft(**draft_changes)
    assert missing_items(account, draft) == [missing]


def test_without_an_account_or_a_draft_everything_is_missing():
    assert missing_items(None, None) == [
        "account holder's name",
        "account number",
        "registered phone number",
        "service address",
        INTENT,
        END_DATE,
        WRITTEN_CONFIRMATION,
        FINAL_BILL_AND_EQUIPMENT,
    ]


def test_an_e_mail_address_is_not_needed_for_the_request():
    assert missing_items(ACCOUNT.model_copy(update={"email": ""}), COMPLETE) == []


def test_a_written_letter_says_every_statement_itself():
    draft, errors = validate_draft(RequestDraft("mail", date(2026, 12, 1), False, False, False), today=TODAY)
    assert errors == {}
    assert missing_items(ACCOUNT, draft) == []


@pytest.mark.parametrize(
    ("draft", "field", "words"),
    [
        (RequestDraft("phone", date(2026, 11, 26), True, True, True), "requested_end_on", "past"),
        (RequestDraft("phone", date(2030, 1, 1), True, True, True), "requested_end_on", "check the year"),
        (RequestDraft("pigeon", None, True, True, True), "channel", "from the list"),
    ],
)
def test_a_draft_with_an_impossible_end_date_or_channel_is_refused(draft, field, words):
    clean, errors = validate_draft(draft, today=TODAY)
    assert clean is None
    assert words in errors[field]


def test_ending_today_is_allowed():
    clean, errors = validate_draft(RequestDraft("phone", TODAY, True, True, True), today=TODAY)
    assert errors == {}
    assert clean.requested_end_on == TODAY


def office(term_ends_on):
    return ACCOUNT.model_copy(update={"plan": "Office", "fixed_term": True, "term_ends_on": term_ends_on})


@pytest.mark.parametrize(
    ("term_ends_on", "deadline", "renews_on"),
    [
        (date(2028, 5, 29), date(2028, 2, 29), date(2028, 5, 30)),  # lands on a leap day
        (date(2027, 5, 29), date(2027, 2, 28), date(2027, 5, 30)),  # no leap day that year
        (date(2027, 3, 31), date(2026, 12, 31), date(2027, 4, 1)),  # month end, across the year end
        (date(2027, 12, 31), date(2027, 10, 2), date(2028, 1, 1)),  # renews on New Year's Day
    ],
)
def test_the_written_notice_deadline_of_a_fixed_term_office_agreement(term_ends_on, deadline, renews_on):
    info = notice_info(office(term_ends_on), today=TODAY, notice_days=90)
    assert info.deadline == deadline
    assert info.renews_on == renews_on
    assert info.days_left == (deadline - TODAY).days
    assert not info.passed
    assert f"{deadline:%b %-d, %Y}" in info.consequence()
    assert "renews automatically" in info.consequence()


def test_a_passed_notice_deadline_says_the_agreement_renews():
    info = notice_info(office(date(2027, 1, 31)), today=TODAY, notice_days=90)
    assert info.deadline == date(2026, 11, 2)
    assert info.passed
    assert "has passed" in info.consequence()


def test_no_notice_deadline_without_a_fixed_term_office_agreement():
    assert notice_info(ACCOUNT, today=TODAY, notice_days=90) is None
    assert notice_info(office(None), today=TODAY, notice_days=90) is None
    assert notice_info(None, today=TODAY, notice_days=90) is None


def check(current, target, *, on=TODAY, submitted_on=None, acknowledged_on=None, missing=(), **changes):
    return check_transition(
        RequestStatus(current),
        StatusChange(RequestStatus(target), on=on, **changes),
        today=TODAY,
        submitted_on=submitted_on,
        acknowledged_on=acknowledged_on,
        missing=list(missing),
    )


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "acknowledged"),
        ("draft", "completed"),
        ("draft", "rejected"),
        ("completed", "draft"),
        ("completed", "rejected"),
        ("acknowledged", "submitted"),
        ("rejected", "completed"),
        ("submitted", "draft"),
    ],
)
def test_impossible_status_changes_are_refused(current, target):
    assert check(current, target, reason="x") == [f"A request that is {current} cannot become {target}."]


def test_a_request_is_submitted_only_when_complete_and_not_in_the_future():
    assert check("draft", "submitted") == []
    assert check("draft", "submitted", on=date(2026, 11, 1)) == []  # sent earlier, recorded now
    assert "in the future" in check("draft", "submitted", on=date(2026, 11, 28))[0]
    assert "Missing: account number." in check("draft", "submitted", missing=["account number"])[0]
    assert "tracking number" in check("draft", "submitted", tracking_number="#!")[0]


def test_acknowledgement_and_completion_cannot_come_before_submission():
    assert (
        "before the request was submitted"
        in check("submitted", "acknowledged", on=date(2026, 11, 20), submitted_on=date(2026, 11, 21))[0]
    )
    assert (
        "before Ooma acknowledged"
        in check(
            "acknowledged",
            "completed",
            on=date(2026, 11, 22),
            submitted_on=date(2026, 11, 21),
            acknowledged_on=date(2026, 11, 23),
        )[0]
    )
    assert check("submitted", "completed", submitted_on=date(2026, 11, 21)) == []


def test_a_rejection_needs_its_reason():
    assert "reason" in check("submitted", "rejected", on=None)[0]
    assert check("submitted", "rejected", on=None, reason="Account holder did not verify") == []


def test_the_request_goes_from_draft_to_completed_with_an_event_for_each_change(engine):
    today = date.today()
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        save_account(session=session, owner=LOCAL_OWNER, case_id=case_id, account_in=ACCOUNT)
    with unit_of_work(engine) as session:
        save_draft(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            draft=RequestDraft("mail", today, True, True, True),
        )
    submit = StatusChange(RequestStatus.SUBMITTED, on=today)
    with (
        unit_of_work(engine) as session,
        pytest.raises(UserError, match="mailing address for written notices"),
    ):
        change_status(session=session, owner=LOCAL_OWNER, case_id=case_id, change=submit, today=today)
    with unit_of_work(engine) as session:  # the letter cannot be mailed before Ooma's address is recorded
        set_override(
            session=session, owner=LOCAL_OWNER, case_id=case_id, key="mailing_address", value="1 Example Way"
        )
    for change in (
        StatusChange(RequestStatus.SUBMITTED, on=today, tracking_number="9407 1000 0000 0000 0000 00"),
        StatusChange(RequestStatus.ACKNOWLEDGED, on=today),
        StatusChange(RequestStatus.COMPLETED, on=today),
    ):
        with unit_of_work(engine) as session:
            change_status(session=session, owner=LOCAL_OWNER, case_id=case_id, change=change, today=today)
    with unit_of_work(engine) as session:
        with pytest.raises(ValueError, match="cannot become rejected"):
            change_status(
                session=session,
                owner=LOCAL_OWNER,
                case_id=case_id,
                change=StatusChange(RequestStatus.REJECTED, reason="late"),
                today=today,
            )
        with pytest.raises(ValueError, match="can no longer be edited"):
            save_draft(session=session, owner=LOCAL_OWNER, case_id=case_id, draft=COMPLETE)
    with unit_of_work(engine) as session:
        request = get_request(session=session, owner=LOCAL_OWNER, case_id=case_id)
        assert request.status == "completed"
        assert request.submitted_on == request.acknowledged_on == request.completed_on == today
        assert request.tracking_number == "9407 1000 0000 0000 0000 00"
        assert "4815162342" in request.letter_text  # the letter as mailed, kept as proof
        summaries = list(session.exec(select(Event.summary).where(Event.stage == "request")))
    assert len(summaries) == 4
    assert summaries[1].startswith(f"Cancellation request submitted on {today:%b %-d, %Y}: written letter")
    assert summaries[3] == f"Ooma completed the cancellation on {today:%b %-d, %Y}."


def test_an_incomplete_request_cannot_be_submitted_and_nothing_changes(engine):
    today = date.today()
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        save_account(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            account_in=ACCOUNT.model_copy(update={"account_number": ""}),
        )
        save_draft(session=session, owner=LOCAL_OWNER, case_id=case_id, draft=COMPLETE)
    with pytest.raises(ValueError, match="Missing: account number"), unit_of_work(engine) as session:
        change_status(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            change=StatusChange(RequestStatus.SUBMITTED, on=today),
            today=today,
        )
    with unit_of_work(engine) as session:
        assert get_request(session=session, owner=LOCAL_OWNER, case_id=case_id).status == "draft"


def test_a_rejected_request_can_start_again_as_a_draft(engine):
    today = date.today()
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        save_account(session=session, owner=LOCAL_OWNER, case_id=case_id, account_in=ACCOUNT)
        save_draft(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            draft=RequestDraft("phone", today, True, True, True),
        )
        for change in (
            StatusChange(RequestStatus.SUBMITTED, on=today),
            StatusChange(RequestStatus.REJECTED, reason="Could not verify the caller"),
            StatusChange(RequestStatus.DRAFT),
        ):
            change_status(session=session, owner=LOCAL_OWNER, case_id=case_id, change=change, today=today)
        request = get_request(session=session, owner=LOCAL_OWNER, case_id=case_id)
        assert request.status == "draft"
        assert request.submitted_on is None
        assert request.rejected_reason == "Could not verify the caller"  # still there to learn from
        assert request.letter_text == ""  # a phone request keeps no letter
