"""Sample data: one realistic case touching every stage, with ``scale`` years of history.

``python -m ooma_cancel demo [--db URL] [--scale N]`` seeds it; the overview offers it to first-time visitors.
Dates are relative to today so countdowns and deadlines look like a case in progress. Numbers are fictional
(555-01xx phone numbers, an example address).
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # keep `python -m ooma_cancel audit` start-up light: import the database layer lazily
    from sqlmodel import Session

SAMPLE_TITLE = "Home phone (sample)"
MONTHLY_SERVICE_CENTS = 999


def is_sample_title(title: str) -> bool:
    """The case is the sample one (its made-up data must never pass for the person's own account): its title,
    or the title made unique when the sample is loaded again ("Home phone (sample) (2)", ``store.create_case``)."""
    if title == SAMPLE_TITLE:
        return True
    number = title.removeprefix(f"{SAMPLE_TITLE} (").removesuffix(")")
    return title.startswith(f"{SAMPLE_TITLE} (") and number.isascii() and number.isdigit()


MONTHLY_TAXES_CENTS = 452


def add_command(commands: Any) -> None:
    parser = commands.add_parser("demo", help="seed a sample case touching every stage")
    parser.add_argument("--db", metavar="URL", help="database URL (default: the app's database)")
    parser.add_argument(
        "--scale", type=int, default=1, metavar="N", help="years of history (1-20, default 1)"
    )
    parser.add_argument("--owner", default=None, help=argparse.SUPPRESS)
    parser.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    import os
    import sys

    from ooma_cancel.db import make_engine, migrate, resolve_url, unit_of_work
    from ooma_cancel.formatting import plural
    from ooma_cancel.owner import LOCAL_OWNER

    if not 1 <= args.scale <= 20:
        print("--scale must be between 1 and 20", file=sys.stderr)
        return 2
    engine = make_engine(args.db or resolve_url(os.environ))
    migrate(engine)
    with unit_of_work(engine) as session:
        case_id = seed_demo(
            session=session, owner=args.owner or LOCAL_OWNER, scale=args.scale, today=date.today()
        )
    print(f"Sample case {case_id} created ({plural(args.scale, 'year')} of history).")
    return 0


def seed_demo(*, session: Session, owner: str, scale: int = 1, today: date, seed: int = 7) -> int:
    """Create the sample case for ``owner`` and return its id. Deterministic for a given ``today``."""
    from sqlalchemy import insert

    from ooma_cancel.models import (
        AccountBase,
        CancellationRequest,
        Channel,
        Confirmation,
        ConfirmationKind,
        DeviceKind,
        EndDate,
        EquipmentItem,
        Event,
        Interaction,
        LedgerEntry,
        Plan,
        PortRecord,
        RequestStatus,
        Stage,
    )
    from ooma_cancel.store import create_case, record_event, save_account

    rng = random.Random(seed)
    case = create_case(session=session, owner=owner, title=SAMPLE_TITLE)
    assert case.id is not None
    end_on = today + timedelta(days=3)
    start = date(today.year - scale, today.month, 1)

    save_account(
        session=session,
        owner=owner,
        case_id=case.id,
        account_in=AccountBase(
            holder_name="Jordan Rivera",
            account_number="4815162342",
            phone_numbers=["+16505550123"],
            street="100 Example Street, Apt 4",
            city="Sunnyvale",
            region="CA",
            postal_code="94086",
            country="US",
            email="jordan.rivera@example.com",
            plan=Plan.PREMIER,
            bundled_services=["Ooma Premier", "International calling plan", "Second phone line"],
        ),
    )

    ledger, events = _ledger_history(rng, case.id, start, today)
    interactions = _interaction_history(rng, case.id, start, today)
    session.execute(insert(LedgerEntry), ledger)
    session.execute(insert(Interaction), interactions)
    events += [
        {
            "case_id": case.id,
            "at": row["occurred_at"],
            "stage": Stage.SUPPORT.value,
            "summary": f"{row['channel'].capitalize()} contact logged: {row['outcome']}.",
        }
        for row in interactions
    ]
    session.execute(insert(Event), events)

    session.add(
        PortRecord(
            case_id=case.id,
            keep_number=True,
            new_carrier="Example Mobile",
            numbers=["+16505550123"],
            account_number_ready=True,
            pin_obtained=True,
            name_address_match=True,
            requested_on=today - timedelta(days=9),
            foc_on=today - timedelta(days=3),
            completed_on=today - timedelta(days=2),
        )
    )
    call = Interaction(
        case_id=case.id,
        occurred_at=_at(today - timedelta(days=1), 15, 20),
        channel=Channel.PHONE,
        representative="Dana (ID 4471)",
        reference="TCK-20931",
        summary="Asked to cancel Premier and the second line. Offered three months at half price; declined.",
        outcome="cancellation accepted",
        follow_up_on=today + timedelta(days=5),
    )
    session.add(call)
    session.flush()
    session.add(
        CancellationRequest(
            case_id=case.id,
            channel=Channel.PHONE,
            requested_end_on=end_on,
            status=RequestStatus.ACKNOWLEDGED,
            submitted_on=today - timedelta(days=1),
            acknowledged_on=today - timedelta(days=1),
        )
    )
    session.add(
        Confirmation(
            case_id=case.id,
            number="CX-118734",
            received_at=_at(today - timedelta(days=1), 15, 41),
            channel=Channel.PHONE,
            representative="Dana (ID 4471)",
            confirms=ConfirmationKind.CANCELLATION,
            note="Read back twice; e-mail confirmation promised within 24 hours.",
            interaction_id=call.id,
        )
    )
    session.add(
        EndDate(
            case_id=case.id,
            confirmed_on=end_on,
            source="Phone call with Dana (ID 4471), ticket TCK-20931",
            gap_plan="Mobile phone covers 911 until the new line is active.",
            billing_day=1,
        )
    )
    session.add_all(
        [
            EquipmentItem(case_id=case.id, kind=DeviceKind.TELO, serial="00:18:61:AA:BB:CC", leased=False),
            EquipmentItem(
                case_id=case.id,
                kind=DeviceKind.DESK_PHONE,
                serial="DP1-5567",
                leased=True,
                return_required=True,
                non_return_fee_cents=5999,
                label_received=True,
                shipped_on=today,
                carrier="UPS",
                tracking_number="1Z999AA10123456784",
            ),
        ]
    )
    for stage, summary in (
        (Stage.PORT, "Port to Example Mobile completed."),
        (Stage.SUPPORT, "Phone contact logged: cancellation accepted."),
        (Stage.REQUEST, "Cancellation request submitted by phone and acknowledged."),
        (Stage.CONFIRMATION, "Cancellation confirmation number recorded."),
        (Stage.END_DATE, f"Service end date confirmed: {end_on:%b %-d, %Y}."),
        (Stage.EQUIPMENT, "Desk phone shipped with UPS."),
    ):
        record_event(session=session, case=case, stage=stage, summary=summary)
    _disputed_card_charge(session, case.id, today)
    session.flush()
    return case.id


def _disputed_card_charge(session: Session, case_id: int, today: date) -> None:
    """A charge Ooma took twice two months ago, disputed with Ooma 40 days ago and still not corrected:
    old enough that the escalation stage is offered, with its card-dispute deadline two weeks ahead."""
    from ooma_cancel.models import (
        BillLine,
        BillUpload,
        ChargeStatement,
        Escalation,
        Event,
        Finding,
        Stage,
    )

    charged_on = today - timedelta(days=61)
    upload = BillUpload(
        case_id=case_id,
        filename="card-statement.csv",
        sha256="sample-card-statement",
        uploaded_at=_at(today - timedelta(days=40), 10, 0),
        mapping={},
        disputed_total_cents=MONTHLY_SERVICE_CENTS + MONTHLY_TAXES_CENTS,
        report={
            "provider_lines": ["OOMA INC"],
            "context": {"end_date": (today + timedelta(days=3)).isoformat()},
            # What the audit of these two lines found, as a real audit stores it (the page's totals read it).
            "summary": {
                "lines": 2,
                "charges_total_cents": 2 * (MONTHLY_SERVICE_CENTS + MONTHLY_TAXES_CENTS),
                "credits_total_cents": 0,
                "disputed_total_cents": MONTHLY_SERVICE_CENTS + MONTHLY_TAXES_CENTS,
                "flag_counts": {"duplicate": 1},
            },
        },
    )
    session.add(upload)
    session.flush()
    amount = MONTHLY_SERVICE_CENTS + MONTHLY_TAXES_CENTS
    first = BillLine(
        upload_id=upload.id or 0, line=1, line_on=charged_on, description="OOMA INC", amount_cents=amount
    )
    twice = BillLine(
        upload_id=upload.id or 0, line=2, line_on=charged_on, description="OOMA INC", amount_cents=amount
    )
    session.add_all([first, twice])
    session.flush()
    session.add(
        Finding(
            line_id=twice.id or 0,
            flags="duplicate",
            disputed_cents=amount,
            reason="The same monthly charge was taken twice on the same day.",
        )
    )
    session.add(
        ChargeStatement(case_id=case_id, line_id=twice.id or 0, statement_on=today - timedelta(days=46))
    )
    session.add(
        Escalation(
            case_id=case_id,
            payment_method="credit card",
            issuer_name="Example Card Bank",
            card_last4="4242",
            ooma_disputed_on=today - timedelta(days=40),
        )
    )
    session.add(
        Event(
            case_id=case_id,
            at=_at(today - timedelta(days=40), 10, 5),
            stage=Stage.BILL,
            summary="Card statement audited: a monthly charge taken twice; dispute letter sent to Ooma.",
        )
    )
    session.add(
        Event(
            case_id=case_id,
            at=_at(today - timedelta(days=2), 9, 0),
            stage=Stage.ESCALATION,
            summary="Card dispute started: paid by credit card ending in 4242.",
        )
    )


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _months(start: date, today: date) -> list[date]:
    months, day = [], start
    while day <= today:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _ledger_history(
    rng: random.Random, case_id: int, start: date, today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Monthly service and taxes, daily international usage, and a payment each month for the month before.

    The current month is not paid yet, so the sample ends with a balance outstanding.
    """
    entries: list[dict[str, Any]] = []
    owed_last_month = 0
    for month in _months(start, today):
        if owed_last_month:
            entries.append(
                _entry(case_id, month + timedelta(days=4), "payment", "Card payment", -owed_last_month)
            )
        owed = MONTHLY_SERVICE_CENTS + MONTHLY_TAXES_CENTS
        entries.append(
            _entry(case_id, month, "charge", "Ooma Premier monthly service", MONTHLY_SERVICE_CENTS)
        )
        entries.append(_entry(case_id, month, "charge", "Taxes and regulatory fees", MONTHLY_TAXES_CENTS))
        day = month
        while day.month == month.month and day <= today:
            cents = rng.randint(3, 60)
            entries.append(_entry(case_id, day, "charge", "International calls", cents))
            owed += cents
            day += timedelta(days=1)
        owed_last_month = owed
    entries = [e for e in entries if e["entry_on"] <= today]
    now = datetime.now(UTC)  # today's entries were recorded at 9:00, or now if that is still to come
    events = [
        {
            "case_id": case_id,
            "at": min(_at(e["entry_on"], 9, 0), now),
            "stage": "balance",
            "summary": f"Ledger {e['kind']} recorded: {e['description']}.",
        }
        for e in entries
    ]
    return entries, events


def _entry(case_id: int, day: date, kind: str, description: str, cents: int) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "entry_on": day,
        "kind": kind,
        "description": description,
        "amount_cents": cents,
    }


def _interaction_history(rng: random.Random, case_id: int, start: date, today: date) -> list[dict[str, Any]]:
    topics = [
        ("chat", "Asked why the bill went up; told regulatory fees changed.", "answered"),
        ("phone", "International calling rates for Mexico.", "answered"),
        ("e-mail", "Requested a copy of last month's invoice.", "invoice sent"),
        ("web portal", "Updated the card on file.", "done"),
    ]
    rows = []
    for month in _months(start, today - timedelta(days=31)):
        channel, summary, outcome = rng.choice(topics)
        rows.append(
            {
                "case_id": case_id,
                "occurred_at": _at(month + timedelta(days=rng.randint(0, 25)), rng.randint(9, 18), 0),
                "channel": channel,
                "representative": rng.choice(["Sam", "Priya (ID 2210)", "Alex", "Chris (ID 3307)"]),
                "reference": f"TCK-{rng.randint(10000, 19999)}",
                "summary": summary,
                "outcome": outcome,
                "follow_up_on": None,
            }
        )
    return rows
