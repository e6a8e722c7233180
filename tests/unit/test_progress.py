from datetime import date, timedelta

from ooma_cancel.models import Stage
from ooma_cancel.progress import CaseFacts, EquipmentFact, Status, next_action, stage_progress, warnings

TODAY = date(2026, 11, 27)


def statuses(facts: CaseFacts) -> dict[Stage, Status]:
    return {row.stage: row.status for row in stage_progress(facts, TODAY)}


def test_a_new_case_has_everything_to_do_and_starts_with_the_account():
    facts = CaseFacts()
    stages = statuses(facts)
    assert stages.pop(Stage.ESCALATION) is Status.NOT_NEEDED  # only once a charge is disputed
    assert set(stages.values()) == {Status.TO_DO}
    assert next_action(facts, TODAY).stage is Stage.ACCOUNT


def test_account_is_done_when_complete_and_needs_a_choice_when_there_are_several():
    assert statuses(CaseFacts(accounts=1, account_missing=()))[Stage.ACCOUNT] is Status.DONE
    assert (
        statuses(CaseFacts(accounts=1, account_missing=("account number",)))[Stage.ACCOUNT]
        is Status.IN_PROGRESS
    )
    two = CaseFacts(accounts=2, account_missing=())
    assert statuses(two)[Stage.ACCOUNT] is Status.IN_PROGRESS
    assert (
        statuses(CaseFacts(accounts=2, account_missing=(), account_confirmed=True))[Stage.ACCOUNT]
        is Status.DONE
    )


def test_letting_the_number_go_makes_porting_not_needed():
    assert statuses(CaseFacts(keep_number=False))[Stage.PORT] is Status.NOT_NEEDED


def test_cancelling_before_the_port_completes_blocks_and_comes_first():
    facts = CaseFacts(accounts=1, account_missing=(), keep_number=True, request_status="submitted")
    assert statuses(facts)[Stage.PORT] is Status.BLOCKED
    action = next_action(facts, TODAY)
    assert action.stage is Stage.PORT
    assert any("port" in warning for warning in warnings(facts, TODAY))
    done = CaseFacts(keep_number=True, port_completed_on=TODAY, request_status="submitted")
    assert statuses(done)[Stage.PORT] is Status.DONE
    assert not any("port" in warning for warning in warnings(done, TODAY))


def test_a_draft_request_waits_for_a_pending_port():
    facts = CaseFacts(keep_number=True, request_status="draft")
    assert statuses(facts)[Stage.REQUEST] is Status.BLOCKED


def test_equipment_status_follows_deadlines_and_deliveries():
    owned = EquipmentFact(
        return_required=False, delivered_on=None, shipped_on=None, deadline=None, fee_cents=0
    )
    assert statuses(CaseFacts(equipment=(owned,)))[Stage.EQUIPMENT] is Status.NOT_NEEDED
    overdue = EquipmentFact(True, None, None, TODAY - timedelta(days=1), 5999)
    row = next(
        r for r in stage_progress(CaseFacts(equipment=(owned, overdue)), TODAY) if r.stage is Stage.EQUIPMENT
    )
    assert row.status is Status.BLOCKED
    assert "$59.99" in row.detail
    due_today = EquipmentFact(True, None, TODAY - timedelta(days=2), TODAY, 5999)
    assert statuses(CaseFacts(equipment=(due_today,)))[Stage.EQUIPMENT] is Status.IN_PROGRESS
    delivered = EquipmentFact(True, TODAY, TODAY - timedelta(days=2), TODAY - timedelta(days=9), 5999)
    assert statuses(CaseFacts(equipment=(delivered,)))[Stage.EQUIPMENT] is Status.DONE


def test_a_balance_is_settled_at_zero_or_in_credit():
    assert statuses(CaseFacts(ledger_entries=3, balance_cents=0))[Stage.BALANCE] is Status.DONE
    credit = next(
        r
        for r in stage_progress(CaseFacts(ledger_entries=3, balance_cents=-250), TODAY)
        if r.stage is Stage.BALANCE
    )
    assert credit.status is Status.DONE
    assert "$2.50 in credit" in credit.detail
    assert statuses(CaseFacts(ledger_entries=3, balance_cents=1))[Stage.BALANCE] is Status.IN_PROGRESS


def test_a_confirmed_end_date_that_differs_from_the_request_is_blocked_and_warned():
    facts = CaseFacts(requested_end_on=date(2026, 11, 30), confirmed_end_on=date(2026, 12, 31))
    assert statuses(facts)[Stage.END_DATE] is Status.BLOCKED
    assert any("Dec 31, 2026" in warning and "Nov 30, 2026" in warning for warning in warnings(facts, TODAY))
    assert facts.end_on == date(2026, 12, 31)


def test_when_every_stage_is_finished_there_is_no_next_action():
    facts = CaseFacts(
        accounts=1,
        account_missing=(),
        keep_number=False,
        interactions=2,
        request_status="completed",
        equipment=(EquipmentFact(False, None, None, None, 0),),
        ledger_entries=5,
        balance_cents=0,
        cancellation_confirmation="CX-1",
        requested_end_on=TODAY - timedelta(days=1),
        confirmed_end_on=TODAY - timedelta(days=1),
        bill_uploads=1,
    )
    assert all(row.status in (Status.DONE, Status.NOT_NEEDED) for row in stage_progress(facts, TODAY))
    assert next_action(facts, TODAY) is None
