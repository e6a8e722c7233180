"""Escalation rules: card and bank dispute deadlines, when the stage is offered, and what the documents say."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from ooma_cancel.bill.dispute import Shipment
from ooma_cancel.escalation import (
    Contact,
    EscalatedCharge,
    EscalationCase,
    OfferState,
    billing_error_notice,
    charge_deadlines,
    complaint_text,
    escalation_offer,
    in_time,
    last_four,
    next_deadline,
    notice_deadline,
    overdue,
    response_due,
    visitor_today,
)
from ooma_cancel.escalation_facts import PaymentMethod, load_facts
from ooma_cancel.models import Stage
from ooma_cancel.progress import CaseFacts, EscalationFact, Status, next_action, stage_progress

CREDIT = load_facts().rule_for(PaymentMethod.CREDIT_CARD)
BANK = load_facts().rule_for(PaymentMethod.DEBIT_OR_BANK)


@pytest.mark.parametrize(
    ("statement_on", "deadline"),
    [
        (date(2026, 1, 31), date(2026, 4, 1)),  # month end: Jan 31 + 60 days (Feb has 28)
        (date(2028, 1, 31), date(2028, 3, 31)),  # leap year: Feb 29 counts as a day
        (date(2028, 2, 29), date(2028, 4, 29)),  # the leap day itself
        (date(2026, 12, 31), date(2027, 3, 1)),  # across the new year
        (date(2026, 10, 3), date(2026, 12, 2)),
    ],
)
def test_deadline_is_sixty_calendar_days_after_the_statement(statement_on: date, deadline: date) -> None:
    assert notice_deadline(statement_on, 60) == deadline


def test_a_deadline_on_a_weekend_is_not_moved() -> None:
    # Neither rule moves its 60 days to a business day: a Saturday or Sunday deadline stays put.
    saturday = notice_deadline(date(2026, 8, 4), 60)
    sunday = notice_deadline(date(2026, 8, 5), 60)
    assert (saturday, saturday.weekday()) == (date(2026, 10, 3), 5)
    assert (sunday, sunday.weekday()) == (date(2026, 10, 4), 6)


def test_the_visitors_date_decides_at_midnight() -> None:
    # 06:30 UTC on Dec 2 is still Dec 1 in Los Angeles and already Dec 2 in Berlin.
    now = datetime(2026, 12, 2, 6, 30, tzinfo=UTC)
    assert visitor_today(now, ZoneInfo("America/Los_Angeles")) == date(2026, 12, 1)
    assert visitor_today(now, ZoneInfo("Europe/Berlin")) == date(2026, 12, 2)
    with pytest.raises(ValueError, match="aware"):
        visitor_today(datetime(2026, 12, 2, 6, 30), UTC)


def _charge(
    line_id: int, statement_on: date | None, flags: tuple[str, ...] = ("after_end_date",)
) -> EscalatedCharge:
    return EscalatedCharge(
        line_id=line_id,
        charged_on=date(2026, 9, 15),
        descriptor="OOMA INC 888-555-0100",
        amount_cents=2999,
        disputed_cents=2999,
        flags=flags,
        statement_on=statement_on,
    )


def test_charges_in_time_and_overdue_earliest_first_at_the_time_zone_edge() -> None:
    charges = [_charge(1, date(2026, 10, 5)), _charge(2, date(2026, 10, 2)), _charge(3, None)]
    # Deadline of charge 2: Dec 1. At 06:30 UTC on Dec 2 it is still Dec 1 in Los Angeles: in time.
    la = visitor_today(datetime(2026, 12, 2, 6, 30, tzinfo=UTC), ZoneInfo("America/Los_Angeles"))
    rows = charge_deadlines(charges, CREDIT, la)
    assert [row.charge.line_id for row in rows] == [2, 1, 3]
    assert [row.deadline for row in rows] == [date(2026, 12, 1), date(2026, 12, 4), None]
    assert [row.charge.line_id for row in in_time(rows)] == [2, 1]
    assert rows[0].days_left == 0
    assert next_deadline(rows) == date(2026, 12, 1)
    # The same moment in Berlin is Dec 2: charge 2 is a day late.
    berlin = visitor_today(datetime(2026, 12, 2, 6, 30, tzinfo=UTC), ZoneInfo("Europe/Berlin"))
    rows = charge_deadlines(charges, CREDIT, berlin)
    assert [row.charge.line_id for row in overdue(rows)] == [2]
    assert rows[0].days_left == -1
    assert next_deadline(rows) == date(2026, 12, 4)


def test_paypal_and_other_have_no_federal_deadline() -> None:
    rows = charge_deadlines([_charge(1, date(2026, 10, 5))], None, date(2026, 11, 1))
    assert rows[0].deadline is None
    assert in_time(rows) == []
    assert overdue(rows) == []


def test_issuer_answers_are_due_in_the_rules_periods() -> None:
    assert response_due(date(2026, 12, 1), CREDIT) == (date(2026, 12, 31), date(2027, 3, 1))
    # Reg E: 10 business days from Tuesday Dec 1 is Tuesday Dec 15; 45 calendar days is Jan 15.
    assert response_due(date(2026, 12, 1), BANK) == (date(2026, 12, 15), date(2027, 1, 15))


def test_escalation_is_offered_after_the_waiting_period_or_when_asked() -> None:
    disputed = date(2026, 10, 1)
    waiting = escalation_offer(disputed_cents=2999, ooma_disputed_on=disputed, today=date(2026, 10, 30))
    assert waiting.state is OfferState.WAITING
    assert waiting.from_on == date(2026, 10, 31)
    offered = escalation_offer(disputed_cents=2999, ooma_disputed_on=disputed, today=date(2026, 10, 31))
    assert offered.open
    shorter = escalation_offer(
        disputed_cents=2999, ooma_disputed_on=disputed, today=date(2026, 10, 15), waiting_days=14
    )
    assert shorter.open
    asked = escalation_offer(disputed_cents=2999, ooma_disputed_on=None, today=date(2026, 10, 2), asked=True)
    assert asked.open
    no_letter = escalation_offer(disputed_cents=2999, ooma_disputed_on=None, today=date(2026, 12, 1))
    assert no_letter.state is OfferState.WAITING
    nothing = escalation_offer(
        disputed_cents=0, ooma_disputed_on=disputed, today=date(2026, 12, 1), asked=True
    )
    assert nothing.state is OfferState.NOTHING_DISPUTED


CASE = EscalationCase(
    holder_name="Avery Quinn",
    service_address="12 Elm St, Springfield, IL 62701",
    email="avery@example.test",
    account_number="OOMA-00123456789",
    payment_method=PaymentMethod.CREDIT_CARD,
    issuer_name="Example Card Bank",
    card_last4="4242424242424242",
    end_date=date(2026, 9, 1),
    confirmation_number="CNF-88231",
    ooma_disputed_on=date(2026, 10, 2),
    contacts=(Contact(date(2026, 10, 9), "phone", "Asked about the dispute", "told to wait 30 days"),),
    shipments=(Shipment("Telo", "UPS", "1Z999AA10123456784", date(2026, 9, 3), date(2026, 9, 8)),),
)


def test_the_notice_names_each_charge_and_why_for_every_finding_type() -> None:
    charges = [
        _charge(1, date(2026, 10, 5), ("after_end_date",)),
        _charge(2, date(2026, 10, 5), ("early_termination_fee",)),
        _charge(3, date(2026, 10, 5), ("equipment_fee",)),
        _charge(4, date(2026, 10, 5), ("late_fee",)),
        _charge(5, date(2026, 10, 5), ("duplicate",)),
    ]
    text = billing_error_notice(CASE, charges, CREDIT, today=date(2026, 11, 2))
    assert "Avery Quinn" in text
    assert "ending in 4242" in text
    assert "4242424242424242" not in text  # the last four digits only
    assert "Example Card Bank" in text
    assert "12 CFR 1026.13" in text
    assert text.count("Sep 15, 2026 — OOMA INC 888-555-0100 — $29.99") == 5
    assert "$149.95" in text  # the total
    assert (
        "charged after my Ooma service ended on Sep 1, 2026 (cancellation confirmation number CNF-88231)"
        in text
    )
    assert "an early termination fee I do not owe" in text
    assert (
        "equipment was returned (Telo, UPS tracking 1Z999AA10123456784, received by Ooma on Sep 8, 2026)"
        in text
    )
    assert "a late fee I do not owe" in text
    assert "a duplicate of a charge already billed" in text
    assert "Oct 2, 2026: written dispute of these charges sent to Ooma" in text
    assert "Oct 9, 2026 (phone): Asked about the dispute — Ooma's answer: told to wait 30 days" in text
    assert "Nov 2, 2026" in text


def test_a_bank_notice_cites_regulation_e_and_says_account() -> None:
    case = EscalationCase(
        **{**CASE.__dict__, "payment_method": PaymentMethod.DEBIT_OR_BANK, "card_last4": "9876"}
    )
    text = billing_error_notice(case, [_charge(1, date(2026, 10, 5))], BANK, today=date(2026, 11, 2))
    assert "12 CFR 1005.11" in text
    assert "account ending in 9876" in text


def test_a_notice_missing_a_fact_leaves_it_out_instead_of_bracketing_it() -> None:
    bare = {"holder_name": "", "service_address": "", "email": "", "issuer_name": "", "card_last4": ""}
    case = EscalationCase(**{**CASE.__dict__, **bare})
    text = billing_error_notice(case, [_charge(1, date(2026, 10, 5))], CREDIT, today=date(2026, 11, 2))
    assert "[" not in text
    assert text.startswith("Nov 2, 2026\n\nBilling disputes\n\nRe: Billing error notice — card\n")
    assert "charges from Ooma, Inc. on my card, totalling $29.99." in text
    assert text.rstrip().endswith("Sincerely,")


def test_last_four_never_shows_more() -> None:
    assert last_four("4242 4242 4242 4242") == "4242"
    assert last_four("ab12") == "12"
    assert last_four("") == ""


@pytest.mark.parametrize(
    ("place", "words"), [("fcc", "VoIP"), ("cfpb", "billing errors"), ("state_ag", "Ooma, Inc. continues")]
)
def test_each_complaint_tells_the_case_timeline(place: str, words: str) -> None:
    text = complaint_text(place, CASE, [_charge(1, date(2026, 10, 5))])
    assert words in text
    assert "Service ended: Sep 1, 2026" in text
    assert "Cancellation confirmation number: CNF-88231" in text
    assert "Sep 15, 2026 — OOMA INC 888-555-0100 — $29.99" in text
    assert "told to wait 30 days" in text
    assert "00123456789" not in text
    assert "4242424242424242" not in text


def _facts(**escalation: object) -> CaseFacts:
    base = {
        "offered": True,
        "offered_from": date(2026, 11, 1),
        "next_deadline": date(2026, 12, 10),
        "overdue_charges": 0,
        "undated_charges": 0,
        "sent_on": None,
        "outcome": "",
    }
    return CaseFacts(disputed_cents=2999, escalation=EscalationFact(**{**base, **escalation}))


def _stage(facts: CaseFacts, today: date) -> tuple[Status, str]:
    row = next(row for row in stage_progress(facts, today) if row.stage is Stage.ESCALATION)
    return row.status, row.detail


def test_the_stage_in_the_overview_follows_the_dispute() -> None:
    today = date(2026, 12, 1)
    assert _stage(CaseFacts(), today)[0] is Status.NOT_NEEDED
    assert _stage(_facts(offered=False), today) == (
        Status.NOT_NEEDED,
        "Only if Ooma does not correct the charges by Nov 1, 2026.",
    )
    assert _stage(_facts(), today) == (
        Status.IN_PROGRESS,
        "Send the billing-error notice by Dec 10, 2026 (9 days).",
    )
    assert _stage(_facts(next_deadline=None, overdue_charges=1), today)[0] is Status.BLOCKED
    assert _stage(_facts(next_deadline=None, undated_charges=1), today)[0] is Status.TO_DO
    assert _stage(_facts(sent_on=today), today)[0] is Status.IN_PROGRESS
    assert _stage(_facts(sent_on=today, outcome="credited"), today)[0] is Status.DONE


def test_a_near_deadline_outranks_journey_order_and_a_far_one_does_not() -> None:
    near = next_action(_facts(next_deadline=date(2026, 12, 15)), date(2026, 12, 1))
    assert near is not None
    assert near.stage is Stage.ESCALATION
    assert "by Dec 15, 2026 (14 days left)" in near.text
    far = next_action(_facts(next_deadline=date(2026, 12, 16)), date(2026, 12, 1))
    assert far is not None
    assert far.stage is Stage.ACCOUNT  # a new case otherwise starts with the account
    sent = next_action(_facts(next_deadline=date(2026, 12, 2), sent_on=date(2026, 11, 30)), date(2026, 12, 1))
    assert sent is not None
    assert sent.stage is Stage.ACCOUNT
