"""Outstanding balance: signs from the kind, refused input, running balance, thinning, projection, state."""

import itertools
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.ledger import (
    balance_by_day,
    balance_state,
    billing_date,
    for_display,
    next_billing_dates,
    projection,
    running_balances,
    signed_cents,
    validate_entry,
)
from ooma_cancel.models import LedgerEntry
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import case_version, create_case
from ooma_cancel.store.events import list_events
from ooma_cancel.store.ledger import (
    add_entry,
    daily_totals,
    delete_entry,
    ledger_page,
    ledger_summary,
    monthly_charge_estimate,
    update_entry,
)

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("kind", "stored"),
    [
        ("charge", 2999),
        ("late fee", 2999),
        ("early termination fee", 2999),
        ("equipment fee", 2999),
        ("payment", -2999),
        ("credit", -2999),
        ("refund", 2999),  # pays out a credit balance: in credit by $29.99, refunded, settled
    ],
)
def test_the_kind_gives_the_sign(kind, stored):
    assert signed_cents(kind, 2999) == stored


def entry(**kwargs):
    values = {
        "entry_on": TODAY,
        "kind": "payment",
        "description": " Card  payment ",
        "amount": "29.99",
        "today": TODAY,
    }
    return validate_entry(**{**values, **kwargs})


def test_a_payment_typed_positive_is_stored_negative():
    data, errors = entry()
    assert errors == {}
    assert (data.amount_cents, data.description) == (-2999, "Card payment")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "-29.99"}, "amount", "without a minus sign"),
        ({"amount": "twelve"}, "amount", "not an amount"),
        ({"amount": "0"}, "amount", "above zero"),
        ({"amount": "25000"}, "amount", "not plausible"),
        ({"amount": "5000000"}, "amount", "check the amount"),
        ({"entry_on": TODAY + timedelta(days=1)}, "entry_on", "in the future"),
        ({"entry_on": None}, "entry_on", "Enter the date"),
        ({"entry_on": date(1999, 12, 31)}, "entry_on", "not plausible"),
        ({"kind": "bribe"}, "kind", "from the list"),
    ],
)
def test_bad_input_is_refused_with_a_message(fields, field, message):
    data, errors = entry(**fields)
    assert data is None
    assert message in errors[field]
    assert "twelve" not in errors[field]  # messages are shown as Markdown: never the typed text


def test_running_balance_and_end_of_day_balance():
    assert running_balances([1000, -400, 250]) == [1000, 600, 850]
    days = [(date(2026, 1, 1), 1000), (date(2026, 1, 5), -1000), (date(2026, 1, 9), 250)]
    assert balance_by_day(iter(days)) == [
        (date(2026, 1, 1), 1000),
        (date(2026, 1, 5), 0),
        (date(2026, 1, 9), 250),
    ]
    assert balance_by_day([]) == []


def test_thinning_for_display_keeps_the_end_of_each_period_and_the_final_balance():
    start = date(2016, 3, 1)
    daily = [(start + timedelta(days=i), 1) for i in range(3653)]  # ten years, one cent a day
    series = balance_by_day(daily)
    assert for_display(series[:300], max_points=400) == series[:300]  # short histories stay daily
    weekly = for_display(series, max_points=600)
    assert len(weekly) <= 600
    assert all(
        later[0] - earlier[0] == timedelta(days=7) for earlier, later in itertools.pairwise(weekly[:-1])
    )
    assert weekly[-1] == series[-1] == (start + timedelta(days=3652), 3653)  # no entry dropped from the sum
    monthly = for_display(series, max_points=200)
    assert len(monthly) == 121  # Mar 2016 … Mar 2026
    assert monthly[-1] == series[-1]


def test_billing_days_at_the_end_of_short_months():
    assert billing_date(2026, 2, 31) == date(2026, 2, 28)
    assert billing_date(2028, 2, 30) == date(2028, 2, 29)
    assert next_billing_dates(date(2026, 1, 31), 31, 3) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert next_billing_dates(date(2026, 12, 14), 15, 2) == [date(2026, 12, 15), date(2027, 1, 15)]


def test_projection_grows_by_the_monthly_charge_on_each_billing_day():
    points = projection(balance_cents=2385, today=TODAY, monthly_cents=2341, billing_day=1, months=3)
    assert points == [
        (TODAY, 2385),
        (date(2026, 4, 1), 4726),
        (date(2026, 5, 1), 7067),
        (date(2026, 6, 1), 9408),
    ]


def test_settled_outstanding_and_refund_due():
    none = balance_state(0, entries=0, end_on=None, today=TODAY)
    assert not none.settled
    zero = balance_state(0, entries=3, end_on=None, today=TODAY)
    assert zero.settled
    assert zero.refund_due_cents == 0
    credit = balance_state(-1250, entries=3, end_on=None, today=TODAY)
    assert credit.settled
    assert credit.refund_due_cents == 1250
    assert "refund" in credit.detail
    owed = balance_state(2385, entries=3, end_on=date(2026, 3, 31), today=TODAY)
    assert not owed.settled
    assert owed.headline == "$23.85 outstanding"
    assert "by the service end date, Mar 31, 2026" in owed.detail
    late = balance_state(2385, entries=3, end_on=date(2026, 3, 1), today=TODAY)
    assert "now: the service ended on Mar 1, 2026" in late.detail


def test_ledger_pages_carry_the_same_running_balance_as_the_whole_ledger(engine):
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=TODAY)
    with Session(engine) as session:
        entries = list(
            session.exec(
                select(LedgerEntry)
                .where(LedgerEntry.case_id == case_id)
                .order_by(LedgerEntry.entry_on, LedgerEntry.id)
            )
        )
        expected = dict(
            zip([e.id for e in entries], running_balances(e.amount_cents for e in entries), strict=True)
        )
        summary = ledger_summary(session=session, owner=LOCAL_OWNER, case_id=case_id)
        first = ledger_page(session=session, owner=LOCAL_OWNER, case_id=case_id, limit=50)
        deep = ledger_page(session=session, owner=LOCAL_OWNER, case_id=case_id, offset=200, limit=50)
        last = ledger_page(
            session=session, owner=LOCAL_OWNER, case_id=case_id, offset=len(entries) - 10, limit=50
        )
        daily = daily_totals(session=session, owner=LOCAL_OWNER, case_id=case_id)
        monthly = monthly_charge_estimate(session=session, owner=LOCAL_OWNER, case_id=case_id, today=TODAY)
    assert summary.entries == len(entries)
    assert summary.balance_cents == sum(e.amount_cents for e in entries) > 0
    assert first[0].balance_cents == summary.balance_cents
    for row in first + deep + last:
        assert row.balance_cents == expected[row.id]
    assert len(last) == 10
    assert last[-1].balance_cents == entries[0].amount_cents
    assert [row.entry_on for row in first] == sorted((row.entry_on for row in first), reverse=True)
    assert sum(cents for _, cents in daily) == summary.balance_cents
    assert len(daily) == len({e.entry_on for e in entries})
    # Service 9.99 + taxes 4.52 + international calls each day: a month costs between 15 and 34 dollars.
    assert 1500 < monthly < 3400


def test_add_edit_delete_keep_the_case_version_and_the_audit_trail_in_step(engine):
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
    charge, _ = entry(kind="charge", amount="40", description="Final bill")
    payment, _ = entry(kind="payment", amount="15.50")
    with unit_of_work(engine) as session:
        charge_id = add_entry(session=session, owner=LOCAL_OWNER, case_id=case_id, data=charge).id
        payment_id = add_entry(session=session, owner=LOCAL_OWNER, case_id=case_id, data=payment).id
    with Session(engine) as session:
        before = ledger_summary(session=session, owner=LOCAL_OWNER, case_id=case_id)
        version_before = case_version(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert before.balance_cents == 2450
    corrected, _ = entry(kind="payment", amount="15.50", entry_on=TODAY - timedelta(days=1))
    with unit_of_work(engine) as session:
        update_entry(session=session, owner=LOCAL_OWNER, case_id=case_id, entry_id=payment_id, data=corrected)
    with Session(engine) as session:
        after_edit = ledger_summary(session=session, owner=LOCAL_OWNER, case_id=case_id)
        version_after = case_version(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert after_edit.balance_cents == before.balance_cents
    assert version_after != version_before  # a date-only edit still invalidates cached charts
    with unit_of_work(engine) as session:
        delete_entry(session=session, owner=LOCAL_OWNER, case_id=case_id, entry_id=charge_id)
    with Session(engine) as session:
        assert ledger_summary(session=session, owner=LOCAL_OWNER, case_id=case_id).balance_cents == -1550
        summaries = [
            e.summary
            for e in list_events(session=session, owner=LOCAL_OWNER, case_id=case_id, stage="balance")
        ]
    assert summaries == [
        "Ledger charge of $40.00 on Mar 15, 2026 removed.",
        "Ledger payment of $15.50 on Mar 15, 2026 changed to payment of $15.50 on Mar 14, 2026.",
        "Ledger payment of $15.50 on Mar 15, 2026 recorded.",
        "Ledger charge of $40.00 on Mar 15, 2026 recorded.",
    ]
    with pytest.raises(LookupError), unit_of_work(engine) as session:
        delete_entry(session=session, owner="someone else", case_id=case_id, entry_id=payment_id)
