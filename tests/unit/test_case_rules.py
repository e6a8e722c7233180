"""Each case rule written once: the rules on plain records, and every reader of the case giving their answer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from ooma_cancel.case_rules import (
    PORT_PENDING_REFUSAL,
    account_being_cancelled,
    confirmed_end_date,
    end_date_acknowledgement,
    end_date_to_plan_with,
    fixed_term_ends_on,
    has_fixed_term,
    item_return_deadline,
    newest_cancellation_confirmation,
    plan_allows_fixed_term,
    port_still_pending,
)
from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import is_sample_title
from ooma_cancel.dossier import markdown_file
from ooma_cancel.models import Account, AccountBase, Case, PortRecord, RequestStatus
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.request import StatusChange, check_transition, notice_info
from ooma_cancel.store.accounts import save_account
from ooma_cancel.store.cases import create_case
from ooma_cancel.store.confirmations import add_confirmation, primary_cancellation_confirmation
from ooma_cancel.store.end_date import end_date_context
from ooma_cancel.store.facts import case_facts, target_account
from ooma_cancel.store.requests import change_status, get_request, letter_facts, save_draft
from tests.factories import account, complete_draft, confirmation

TODAY = date(2026, 11, 27)
AT = datetime(2026, 11, 26, 15, 41, tzinfo=UTC)
ACCOUNT = account()
COMPLETE = complete_draft()


# --- The rules on plain records ------------------------------------------------------------------------------


def test_the_newest_cancellation_confirmation_wins_and_a_tie_goes_to_the_later_recorded():
    earlier = confirmation(1, "CX-OLD", at=datetime(2026, 11, 20, tzinfo=UTC))
    first, second = confirmation(2, "CX-FIRST"), confirmation(3, "CX-SECOND")
    port = confirmation(4, "PORT-9", at=datetime(2026, 11, 30, tzinfo=UTC), confirms="port")
    assert newest_cancellation_confirmation([second, earlier, port, first]).number == "CX-SECOND"
    assert newest_cancellation_confirmation([first, earlier]).number == "CX-FIRST"
    assert newest_cancellation_confirmation([port]) is None


def test_the_account_being_cancelled_is_the_confirmed_one_else_the_only_one():
    one, two = Account(id=1, case_id=1), Account(id=2, case_id=1)
    assert account_being_cancelled([one, two], 2) is two
    assert account_being_cancelled([one, two], None) is None
    assert account_being_cancelled([one], None) is one
    # A confirmed id naming no account (stale) is no confirmation: the only account, else none.
    assert account_being_cancelled([one], 99) is one
    assert account_being_cancelled([one, two], 99) is None
    assert account_being_cancelled([], 99) is None


def test_only_office_plans_have_a_fixed_term():
    ends = date(2027, 6, 30)
    office = AccountBase(plan="Office", fixed_term=True, term_ends_on=ends)
    premier = AccountBase(plan="Premier", fixed_term=True, term_ends_on=ends)  # e.g. imported that way
    assert plan_allows_fixed_term("Office")
    assert not plan_allows_fixed_term("Premier")
    assert has_fixed_term(office)
    assert fixed_term_ends_on(office) == ends
    assert not has_fixed_term(premier)
    assert fixed_term_ends_on(premier) is None
    assert notice_info(premier, today=TODAY, notice_days=90) is None
    assert notice_info(office, today=TODAY, notice_days=90).term_ends_on == ends
    assert not has_fixed_term(None)


def test_the_end_date_to_plan_with_is_the_confirmed_one_else_the_requested_one():
    assert end_date_to_plan_with(date(2026, 12, 1), date(2026, 12, 15)) == date(2026, 12, 1)
    assert end_date_to_plan_with(None, date(2026, 12, 15)) == date(2026, 12, 15)
    assert end_date_to_plan_with(None, None) is None


def test_an_end_date_acknowledged_with_a_number_confirms_the_requested_date():
    cancellation = confirmation(1, "CX-1")
    older = confirmation(2, "END-OLD", at=datetime(2026, 11, 20, tzinfo=UTC), confirms="end date")
    newer = confirmation(3, "END-NEW", confirms="end date")
    assert end_date_acknowledgement([cancellation]) is None  # a cancellation number is not about the date
    acknowledged = end_date_acknowledgement([older, cancellation, newer])
    assert acknowledged is newer
    requested = date(2026, 12, 15)
    assert confirmed_end_date(None, requested, acknowledged) == requested
    assert confirmed_end_date(None, requested, None) is None
    assert confirmed_end_date(None, None, acknowledged) is None  # nothing requested: nothing to acknowledge
    # A date recorded on the end-date page is Ooma's word on it, acknowledgement or not.
    assert confirmed_end_date(date(2026, 12, 20), requested, acknowledged) == date(2026, 12, 20)


def test_the_sample_case_is_known_by_its_title_also_when_loaded_twice():
    assert is_sample_title("Home phone (sample)")
    assert is_sample_title("Home phone (sample) (2)")
    assert not is_sample_title("Home phone")
    assert not is_sample_title("Home phone (sample) (two)")
    assert not is_sample_title("My Home phone (sample)")


def test_a_device_is_due_its_own_window_after_the_end_else_the_cases():
    end = date(2026, 12, 15)
    assert item_return_deadline(end, 14, 30) == date(2026, 12, 29)
    assert item_return_deadline(end, None, 30) == date(2027, 1, 14)
    assert item_return_deadline(None, 14, 30) is None


def test_submitting_before_a_wanted_port_completes_needs_the_persons_acceptance():
    assert port_still_pending(True, None)
    assert not port_still_pending(True, date(2026, 11, 20))
    assert not port_still_pending(False, None)
    submit = StatusChange(RequestStatus.SUBMITTED, on=TODAY)
    common = {"today": TODAY, "submitted_on": None, "acknowledged_on": None, "missing": []}
    assert check_transition(RequestStatus.DRAFT, submit, port_pending=True, **common) == [
        PORT_PENDING_REFUSAL
    ]
    accepted = StatusChange(RequestStatus.SUBMITTED, on=TODAY, accepts_port_pending=True)
    assert check_transition(RequestStatus.DRAFT, accepted, port_pending=True, **common) == []
    assert check_transition(RequestStatus.DRAFT, submit, port_pending=False, **common) == []


# --- Every reader gives the rule's answer --------------------------------------------------------------------


@pytest.fixture
def case_id(engine) -> int:
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        save_account(session=session, owner=LOCAL_OWNER, case_id=case_id, account_in=ACCOUNT)
        save_draft(session=session, owner=LOCAL_OWNER, case_id=case_id, draft=COMPLETE)
    return case_id


def summary_line(engine, case_id: int, label: str) -> str:
    text = markdown_file(engine=engine, owner=LOCAL_OWNER, case_id=case_id, today=TODAY).decode()
    return next(line for line in text.splitlines() if line.startswith(f"- **{label}:**"))


def test_letter_overview_and_dossier_cite_the_same_number_when_two_arrive_at_the_same_time(engine, case_id):
    for number in ("CX-FIRST", "CX-SECOND"):
        with unit_of_work(engine) as session:
            add_confirmation(
                session=session,
                owner=LOCAL_OWNER,
                case_id=case_id,
                number=number,
                received_at=AT,
                channel="phone",
            )
    with Session(engine) as session:
        letter = letter_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
        overview = case_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
        primary = primary_cancellation_confirmation(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert letter.confirmation_number == "CX-SECOND"
    assert overview.cancellation_confirmation == "CX-SECOND"
    assert primary.number == "CX-SECOND"
    assert summary_line(engine, case_id, "Cancellation confirmation").endswith("CX-SECOND, CX-FIRST")


def test_a_confirmed_account_that_no_longer_exists_leaves_the_only_account_as_the_one_cancelled(
    engine, case_id
):
    with unit_of_work(engine) as session:
        session.get(Case, case_id).confirmed_account_id = 9999  # stale: names no account
    with Session(engine) as session:
        account = target_account(session=session, owner=LOCAL_OWNER, case_id=case_id)
        facts = case_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
        letter = letter_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    assert account is not None
    assert account.account_number == "4815162342"
    assert letter.account.account_number == "4815162342"
    assert not facts.account_confirmed  # the person still has to confirm it
    assert summary_line(engine, case_id, "Account cancelled").endswith("Premier account •••• 2342")


def test_a_fixed_term_ticked_on_a_non_office_plan_is_no_fixed_term_anywhere(engine, case_id):
    with unit_of_work(engine) as session:
        account = target_account(session=session, owner=LOCAL_OWNER, case_id=case_id)
        account.fixed_term, account.term_ends_on = True, date(2027, 6, 30)  # as an old import could hold it
    with Session(engine) as session:
        context = end_date_context(session=session, owner=LOCAL_OWNER, case_id=case_id)
        letter = letter_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    assert not context.fixed_term
    assert letter.fixed_term_ends_on is None


def test_the_store_refuses_to_submit_before_the_port_completes_unless_accepted(engine, case_id):
    with unit_of_work(engine) as session:
        session.add(PortRecord(case_id=case_id, keep_number=True))
    submit = StatusChange(RequestStatus.SUBMITTED, on=TODAY)
    with pytest.raises(ValueError, match="Wait for the port to complete"), unit_of_work(engine) as session:
        change_status(session=session, owner=LOCAL_OWNER, case_id=case_id, change=submit, today=TODAY)
    with Session(engine) as session:
        assert get_request(session=session, owner=LOCAL_OWNER, case_id=case_id).status == "draft"

    accepted = StatusChange(RequestStatus.SUBMITTED, on=TODAY, accepts_port_pending=True)
    with unit_of_work(engine) as session:
        change_status(session=session, owner=LOCAL_OWNER, case_id=case_id, change=accepted, today=TODAY)
    with Session(engine) as session:
        request = get_request(session=session, owner=LOCAL_OWNER, case_id=case_id)
        assert request.status == "submitted"
        assert request.submitted_on == TODAY
