"""Stage 7: the service end date, the dates that follow from it, and the case's calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ooma_cancel.case_rules import (
    confirmed_end_date,
    end_date_to_plan_with,
    has_fixed_term,
    item_return_deadline,
)
from ooma_cancel.end_date import EndDateData
from ooma_cancel.equipment import item_label
from ooma_cancel.escalation import response_due
from ooma_cancel.escalation_facts import load_facts
from ooma_cancel.guards import read_once
from ooma_cancel.ics import CalendarItem, case_items
from ooma_cancel.models import (
    BillUpload,
    CancellationRequest,
    Confirmation,
    EndDate,
    EquipmentItem,
    Interaction,
    Stage,
)
from ooma_cancel.provider import office_notice_days
from ooma_cancel.store.cases import get_case, record_event
from ooma_cancel.store.confirmations import end_date_confirmation
from ooma_cancel.store.escalation import escalation_status
from ooma_cancel.store.facts import target_account
from ooma_cancel.store.overrides import case_facts_of_profile


@dataclass(frozen=True)
class EndDateContext:
    """What the end-date page reads: the request's dates, the stored record, and the account's term."""

    requested_on: date | None
    request_submitted_on: date | None
    record: EndDate | None
    fixed_term: bool
    term_ends_on: date | None
    acknowledgement: Confirmation | None = None  # an "end date" confirmation number, if Ooma gave one

    @property
    def confirmed_on(self) -> date | None:
        """The end date Ooma confirmed (``case_rules.confirmed_end_date``): recorded here, or acknowledged with a
        confirmation number on the confirmation page."""
        return confirmed_end_date(
            self.record.confirmed_on if self.record else None, self.requested_on, self.acknowledgement
        )

    @property
    def end_on(self) -> date | None:
        """The date to plan with: the confirmed one, else the requested one."""
        return end_date_to_plan_with(self.confirmed_on, self.requested_on)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None


def end_date_context(*, session: Session, owner: str, case_id: int) -> EndDateContext:
    """The request's dates, the end-date record and the account's fixed term, in three small queries (once per
    page read session: the end-date page and its calendar both ask)."""

    def load() -> EndDateContext:
        get_case(session=session, owner=owner, case_id=case_id)
        request = session.exec(
            select(CancellationRequest).where(CancellationRequest.case_id == case_id)
        ).first()
        record = session.exec(select(EndDate).where(EndDate.case_id == case_id)).first()
        account = target_account(session=session, owner=owner, case_id=case_id)
        return EndDateContext(
            requested_on=request.requested_end_on if request else None,
            request_submitted_on=request.submitted_on if request else None,
            record=record,
            fixed_term=has_fixed_term(account),
            term_ends_on=account.term_ends_on if account else None,
            acknowledgement=end_date_confirmation(session=session, owner=owner, case_id=case_id),
        )

    return read_once(session, ("end_date_context", owner, case_id), load)


def return_window(*, session: Session, owner: str, case_id: int) -> tuple[int, str]:
    """The case's return window in days (the person's override, else the profile's) and where it comes from."""
    fact = case_facts_of_profile(session=session, owner=owner, case_id=case_id)["return_window_days"]
    return int(fact.value), fact.label


def save_end_date(*, session: Session, owner: str, case_id: int, data: EndDateData) -> EndDate:
    """Create or replace the end-date record with already validated ``data``."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    record = session.exec(select(EndDate).where(EndDate.case_id == case_id)).first()
    before = record.confirmed_on if record else None
    if record is None:
        record = EndDate(case_id=case_id)
    record.confirmed_on = data.confirmed_on
    record.source = data.source
    record.gap_plan = data.gap_plan
    record.billing_day = data.billing_day
    session.add(record)
    session.flush()
    if data.confirmed_on != before:
        summary = (
            f"Service end date confirmed: {data.confirmed_on:%b %-d, %Y}."
            if data.confirmed_on
            else "Confirmed service end date cleared."
        )
    else:
        summary = "Service end date details updated."
    record_event(session=session, case=case, stage=Stage.END_DATE, summary=summary)
    return record


def card_dispute_calendar(
    *, session: Session, owner: str, case_id: int, today: date
) -> list[tuple[int, date, str]]:
    """The card or bank dispute's dates still ahead: each charge's notice deadline until the notice is sent,
    then the day the issuer's answer is due (no numbers or amounts: calendars travel)."""
    status = escalation_status(session=session, owner=owner, case_id=case_id, today=today)
    row = status.escalation
    if not status.charges or (row is not None and row.outcome):
        return []
    if row is not None and row.sent_on:
        rule = load_facts().rule_for(row.payment_method)
        if rule is None:
            return []
        _, resolve_by = response_due(row.sent_on, rule)
        return (
            [(0, resolve_by, "Card or bank dispute: the issuer's answer is due")]
            if resolve_by >= today
            else []
        )
    return [
        (d.charge.line_id, d.deadline, "Last day: billing-error notice to your card issuer or bank")
        for d in status.deadlines
        if d.deadline is not None and d.deadline >= today
    ]


def calendar_items(*, session: Session, owner: str, case_id: int, today: date) -> list[CalendarItem]:
    """Every deadline and upcoming follow-up of the case, ready for ``calendar.to_ics``."""
    context = end_date_context(session=session, owner=owner, case_id=case_id)
    window, _ = return_window(session=session, owner=owner, case_id=case_id)
    end_on = context.end_on
    equipment = []
    if end_on:
        for item in session.exec(
            select(EquipmentItem)
            .where(EquipmentItem.case_id == case_id, col(EquipmentItem.return_required))
            .where(col(EquipmentItem.delivered_on).is_(None))
            .order_by(col(EquipmentItem.id))
        ):
            deadline = item_return_deadline(end_on, item.return_window_days, window)
            if deadline:
                equipment.append((item.id or 0, item_label(item.id or 0, item.kind, item.serial), deadline))
    # Past follow-ups cannot remind anyone; ten years of history would otherwise flood the calendar.
    follow_ups = [
        (row.id or 0, row.follow_up_on, row.reference)
        for row in session.exec(
            select(Interaction)
            .where(Interaction.case_id == case_id, col(Interaction.follow_up_on) >= today)
            .order_by(col(Interaction.follow_up_on))
        )
        if row.follow_up_on
    ]
    disputes = [
        (row.id or 0, row.dispute_follow_up_on, row.filename)
        for row in session.exec(
            select(BillUpload).where(
                BillUpload.case_id == case_id, col(BillUpload.dispute_follow_up_on).is_not(None)
            )
        )
        if row.dispute_follow_up_on
    ]
    return case_items(
        case_id=case_id,
        end_on=end_on,
        end_confirmed=context.confirmed,
        equipment=equipment,
        fixed_term=context.fixed_term,
        term_ends_on=context.term_ends_on,
        notice_days=office_notice_days(),
        follow_ups=follow_ups,
        dispute_follow_ups=disputes,
        card_dispute_deadlines=card_dispute_calendar(
            session=session, owner=owner, case_id=case_id, today=today
        ),
    )
