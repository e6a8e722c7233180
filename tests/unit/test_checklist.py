"""The checklist ticks itself from the case, and the FAQ answers from it."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ooma_cancel.checklist import Tick, faq, tips
from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import Stage
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.progress import CaseFacts, EquipmentFact, EscalationFact
from ooma_cancel.store.facts import case_facts

TODAY = date(2026, 11, 27)
DONE_CASE = CaseFacts(
    accounts=1,
    account_missing=(),
    keep_number=True,
    port_completed_on=TODAY - timedelta(days=9),
    interactions=3,
    request_status="completed",
    request_submitted_on=TODAY - timedelta(days=8),
    requested_end_on=TODAY - timedelta(days=2),
    confirmed_end_on=TODAY - timedelta(days=2),
    equipment=(
        EquipmentFact(
            True, TODAY - timedelta(days=1), TODAY - timedelta(days=5), TODAY + timedelta(days=28), 5999
        ),
    ),
    ledger_entries=40,
    balance_cents=0,
    cancellation_confirmation="CX-1",
    bill_uploads=1,
    disputed_cents=0,
)


def ticks(facts: CaseFacts) -> dict[str, Tick]:
    return {tip.title: tip.tick for tip in tips(facts, TODAY)}


def test_a_new_case_has_every_tip_open_in_the_sources_order_plus_the_port():
    checklist = tips(CaseFacts(), TODAY)
    assert [tip.title for tip in checklist] == [
        "Verify the account",
        "Move your number before you cancel",
        "Write down every contact",
        "Get a confirmation number",
        "Note the service end date",
        "Return equipment on time",
        "Settle the balance",
        "Check the final bill",
        "Escalate on time if Ooma does not fix it",
    ]
    # Escalation applies only once something is disputed.
    assert {tip.tick for tip in checklist[:-1]} == {Tick.OPEN}
    assert checklist[-1].tick is Tick.NOT_NEEDED


def test_a_finished_case_ticks_every_tip():
    done = ticks(DONE_CASE)
    assert done.pop("Escalate on time if Ooma does not fix it") is Tick.NOT_NEEDED  # nothing was disputed
    assert set(done.values()) == {Tick.DONE}


@pytest.mark.parametrize(
    ("change", "title", "tick", "status"),
    [
        ({"keep_number": False}, "Move your number before you cancel", Tick.NOT_NEEDED, "let the number go"),
        (
            {"port_completed_on": None},
            "Move your number before you cancel",
            Tick.ATTENTION,
            "before the port completed",
        ),
        ({"balance_cents": 2303}, "Settle the balance", Tick.OPEN, "$23.03 outstanding."),
        ({"balance_cents": -500}, "Settle the balance", Tick.DONE, "Your balance is -$5.00 — settled."),
        (
            {"cancellation_confirmation": None},
            "Get a confirmation number",
            Tick.ATTENTION,
            "ask Ooma for one",
        ),
        ({"confirmed_end_on": TODAY}, "Note the service end date", Tick.ATTENTION, "different end date"),
        ({"disputed_cents": 1451}, "Check the final bill", Tick.ATTENTION, "$14.51 to dispute."),
        ({"overdue_follow_ups": 2}, "Write down every contact", Tick.ATTENTION, "2 follow-ups overdue."),
        ({"accounts": 2}, "Verify the account", Tick.OPEN, "confirm which one"),
        (
            {"equipment": (EquipmentFact(True, None, None, TODAY - timedelta(days=1), 5999),)},
            "Return equipment on time",
            Tick.ATTENTION,
            "past its return deadline",
        ),
        (
            {"equipment": (EquipmentFact(False, None, None, None, 0),)},
            "Return equipment on time",
            Tick.NOT_NEEDED,
            "Nothing",
        ),
    ],
)
def test_each_tip_follows_the_case(change, title, tick, status):
    tip = next(t for t in tips(replace(DONE_CASE, **change), TODAY) if t.title == title)
    assert tip.tick is tick
    assert status in tip.status


def test_every_tip_links_to_the_stage_that_completes_it():
    assert [tip.stage for tip in tips(CaseFacts(), TODAY)] == [
        Stage.ACCOUNT,
        Stage.PORT,
        Stage.SUPPORT,
        Stage.CONFIRMATION,
        Stage.END_DATE,
        Stage.EQUIPMENT,
        Stage.BALANCE,
        Stage.BILL,
        Stage.ESCALATION,
    ]


def test_the_faq_answers_from_the_case_where_it_can():
    answers = {a.question: a.yours for a in faq(DONE_CASE, TODAY, cancellation_channels="Phone, chat.")}
    assert answers["What if I still owe money?"] == "Your balance is $0.00 — settled."
    assert answers["Do I get a confirmation number?"] == "Your confirmation number is CX-1."
    assert answers["How do I ask Ooma to cancel?"].startswith(
        "Phone, chat. Your request was submitted on Nov 19, 2026"
    )
    empty = {a.question: a.yours for a in faq(CaseFacts(), TODAY)}
    assert empty["What if I still owe money?"] is None  # nothing recorded: no answer from the case
    assert empty["Do I get a confirmation number?"] is None


def test_the_faq_is_in_plain_words_not_the_reworded_source():
    text = " ".join(a.question + " " + a.answer for a in faq(CaseFacts(), TODAY))
    for reworded in ("tools", "excellent stability", "affirmation quantity", "service termination"):
        assert reworded not in text


def test_the_sample_case_ticks_from_the_database(engine):
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=TODAY)
        facts = case_facts(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    result = ticks(facts)
    assert result["Verify the account"] is Tick.DONE
    assert result["Move your number before you cancel"] is Tick.DONE
    assert result["Get a confirmation number"] is Tick.DONE
    assert result["Settle the balance"] is Tick.OPEN  # the current month is not paid yet
    # The sample's card statement has a charge taken twice, disputed with Ooma 40 days ago.
    assert result["Check the final bill"] is Tick.ATTENTION
    assert result["Escalate on time if Ooma does not fix it"] is Tick.ATTENTION


ESCALATION = EscalationFact(
    offered=True,
    offered_from=TODAY - timedelta(days=3),
    next_deadline=TODAY + timedelta(days=10),
    overdue_charges=0,
    undated_charges=0,
    sent_on=None,
    outcome="",
)


def test_the_escalation_tip_asks_for_the_notice_before_its_deadline_then_ticks():
    case = replace(DONE_CASE, disputed_cents=1451, escalation=ESCALATION)
    tip = next(t for t in tips(case, TODAY) if t.stage is Stage.ESCALATION)
    assert tip.tick is Tick.ATTENTION
    assert f"by {TODAY + timedelta(days=10):%b %-d, %Y}" in tip.status
    sent = replace(case, escalation=replace(ESCALATION, sent_on=TODAY))
    assert next(t for t in tips(sent, TODAY) if t.stage is Stage.ESCALATION).tick is Tick.DONE
    waiting = replace(case, escalation=replace(ESCALATION, offered=False))
    assert next(t for t in tips(waiting, TODAY) if t.stage is Stage.ESCALATION).tick is Tick.NOT_NEEDED
