"""Stage 3: the case's cancellation request, its letter, and its status from draft to completed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from ooma_cancel.case_rules import fixed_term_ends_on, port_still_pending
from ooma_cancel.errors import UserError
from ooma_cancel.formatting import lower_first
from ooma_cancel.letters import LetterFacts, cancellation_letter
from ooma_cancel.models import (
    Account,
    CancellationRequest,
    Channel,
    LedgerEntry,
    PortRecord,
    RequestStatus,
    Stage,
)
from ooma_cancel.progress import CaseFacts
from ooma_cancel.request import (
    REQUEST_CHANNELS,
    WRITTEN,
    RequestDraft,
    StatusChange,
    check_transition,
    missing_items,
)
from ooma_cancel.store.cases import get_case, record_event
from ooma_cancel.store.confirmations import primary_cancellation_confirmation
from ooma_cancel.store.facts import target_account
from ooma_cancel.store.overrides import case_facts_of_profile
from ooma_cancel.text import clean_text


def get_request(*, session: Session, owner: str, case_id: int) -> CancellationRequest | None:
    """The case's cancellation request; None until a draft is saved."""
    get_case(session=session, owner=owner, case_id=case_id)
    return session.exec(select(CancellationRequest).where(CancellationRequest.case_id == case_id)).first()


def draft_of(request: CancellationRequest | None) -> RequestDraft | None:
    """What a stored request says, in the form the completeness check reads."""
    if request is None:
        return None
    return RequestDraft(
        channel=request.channel.value,  # the plain value the page's choices hold
        requested_end_on=request.requested_end_on,
        states_intent=request.states_intent,
        asks_written_confirmation=request.asks_written_confirmation,
        asks_final_bill_and_equipment=request.asks_final_bill_and_equipment,
    )


def request_missing(*, session: Session, owner: str, case_id: int) -> list[str]:
    """What the request still lacks, from the account being cancelled and the stored draft."""
    account = target_account(session=session, owner=owner, case_id=case_id)
    return missing_items(
        account,
        draft_of(get_request(session=session, owner=owner, case_id=case_id)),
        mailing_address=mailing_address(session=session, owner=owner, case_id=case_id),
    )


def mailing_address(*, session: Session, owner: str, case_id: int) -> str:
    """Ooma's mailing address for written notices as this case knows it (the person's own value or the
    profile's); blank until someone records it."""
    fact = case_facts_of_profile(session=session, owner=owner, case_id=case_id).get("mailing_address")
    return fact.value.strip() if fact else ""


def save_draft(*, session: Session, owner: str, case_id: int, draft: RequestDraft) -> CancellationRequest:
    """Create or update the draft (already validated); a submitted request is not rewritten."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    request = get_request(session=session, owner=owner, case_id=case_id)
    if request is None:
        request = CancellationRequest(case_id=case_id)
    elif request.status != RequestStatus.DRAFT.value:
        raise UserError(f"The request is already {request.status}: it can no longer be edited.")
    request.channel = Channel(draft.channel)
    request.requested_end_on = draft.requested_end_on
    request.states_intent = draft.states_intent
    request.asks_written_confirmation = draft.asks_written_confirmation
    request.asks_final_bill_and_equipment = draft.asks_final_bill_and_equipment
    session.add(request)
    end = f"end date {draft.requested_end_on:%b %-d, %Y}" if draft.requested_end_on else "no end date yet"
    record_event(
        session=session,
        case=case,
        stage=Stage.REQUEST,
        summary=f"Cancellation request draft saved: {lower_first(REQUEST_CHANNELS.get(draft.channel, draft.channel))}, {end}.",
    )
    return request


@dataclass(frozen=True)
class RequestView:
    """Everything the request page shows, read with a handful of small queries."""

    request: CancellationRequest | None
    account: Account | None
    facts: CaseFacts  # port, request status and balance: what the page's warnings need
    letter: LetterFacts | None


def request_view(*, session: Session, owner: str, case_id: int, today: date) -> RequestView:
    """Read the request, the account being cancelled, the port and the balance once for the page."""
    account = target_account(session=session, owner=owner, case_id=case_id)
    request = get_request(session=session, owner=owner, case_id=case_id)
    port = session.exec(select(PortRecord).where(PortRecord.case_id == case_id)).first()
    entries, balance = session.exec(
        select(func.count(), func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.case_id == case_id
        )
    ).one()
    facts = CaseFacts(
        keep_number=port.keep_number if port else None,
        port_completed_on=port.completed_on if port else None,
        request_status=request.status if request else None,
        request_submitted_on=request.submitted_on if request else None,
        ledger_entries=int(entries),
        balance_cents=int(balance),
    )
    letter = (
        _letter_facts(
            session=session,
            owner=owner,
            case_id=case_id,
            account=account,
            request=request,
            port=port,
            today=today,
        )
        if account
        else None
    )
    return RequestView(request=request, account=account, facts=facts, letter=letter)


def letter_facts(*, session: Session, owner: str, case_id: int, today: date) -> LetterFacts | None:
    """What the written request says, read from the case; None until there is an account to cancel."""
    account = target_account(session=session, owner=owner, case_id=case_id)
    if account is None:
        return None
    return _letter_facts(
        session=session,
        owner=owner,
        case_id=case_id,
        account=account,
        request=get_request(session=session, owner=owner, case_id=case_id),
        port=session.exec(select(PortRecord).where(PortRecord.case_id == case_id)).first(),
        today=today,
    )


def _letter_facts(
    *,
    session: Session,
    owner: str,
    case_id: int,
    account: Account,
    request: CancellationRequest | None,
    port: PortRecord | None,
    today: date,
) -> LetterFacts:
    confirmation = primary_cancellation_confirmation(session=session, owner=owner, case_id=case_id)
    submitted = request.submitted_on if request else None
    return LetterFacts(
        account=account,
        requested_end_on=request.requested_end_on if request else None,
        written_on=today,
        mailing_address=mailing_address(session=session, owner=owner, case_id=case_id),
        confirmation_number=confirmation.number if confirmation else None,
        submitted_on=submitted,
        submitted_channel=request.channel if request and submitted else "",
        fixed_term_ends_on=fixed_term_ends_on(account),
        port_pending=port_still_pending(
            port.keep_number if port else None, port.completed_on if port else None
        ),
    )


def _port_pending(*, session: Session, case_id: int) -> bool:
    port = session.exec(select(PortRecord).where(PortRecord.case_id == case_id)).first()
    return port_still_pending(port.keep_number if port else None, port.completed_on if port else None)


def change_status(
    *, session: Session, owner: str, case_id: int, change: StatusChange, today: date
) -> CancellationRequest:
    """Move the request to ``change.target`` if that is possible; the letter is kept as it was sent."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    request = get_request(session=session, owner=owner, case_id=case_id)
    if request is None:
        raise UserError("Save the request as a draft first.")
    current = RequestStatus(request.status)
    problems = check_transition(
        current,
        change,
        today=today,
        submitted_on=request.submitted_on,
        acknowledged_on=request.acknowledged_on,
        missing=request_missing(session=session, owner=owner, case_id=case_id),
        port_pending=_port_pending(session=session, case_id=case_id)
        if change.target is RequestStatus.SUBMITTED
        else False,
    )
    if problems:
        raise UserError(" ".join(problems))

    target = change.target
    if target is RequestStatus.SUBMITTED:
        facts = letter_facts(session=session, owner=owner, case_id=case_id, today=change.on or today)
        request.submitted_on = change.on
        request.tracking_number = clean_text(change.tracking_number).strip()
        # Keep the letter exactly as mailed: the proof of what was sent, whatever the case says later.
        request.letter_text = cancellation_letter(facts) if facts and request.channel == WRITTEN else ""
        how = lower_first(REQUEST_CHANNELS.get(request.channel, request.channel))
        tracked = " (tracking number recorded)" if request.tracking_number else ""
        summary = f"Cancellation request submitted on {change.on:%b %-d, %Y}: {how}{tracked}."
    elif target is RequestStatus.ACKNOWLEDGED:
        request.acknowledged_on = change.on
        summary = f"Ooma acknowledged the cancellation request on {change.on:%b %-d, %Y}."
    elif target is RequestStatus.COMPLETED:
        request.completed_on = change.on
        # Completing is also an acknowledgement; keep the timeline without gaps.
        request.acknowledged_on = request.acknowledged_on or change.on
        summary = f"Ooma completed the cancellation on {change.on:%b %-d, %Y}."
    elif target is RequestStatus.REJECTED:
        request.rejected_reason = clean_text(change.reason).strip()
        summary = "Ooma rejected the cancellation request (reason recorded on the request page)."
    else:  # back to a draft after a rejection: the old dates no longer describe this request
        request.submitted_on = request.acknowledged_on = request.completed_on = None
        request.tracking_number = ""
        request.letter_text = ""
        summary = "Cancellation request reopened as a draft after the rejection."
    request.status = target
    session.add(request)
    record_event(session=session, case=case, stage=Stage.REQUEST, summary=summary)
    return request
