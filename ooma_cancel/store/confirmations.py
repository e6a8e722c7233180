"""Stage 6: confirmation numbers received from Ooma."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from ooma_cancel.case_rules import end_date_acknowledgement, newest_cancellation_confirmation
from ooma_cancel.checks import checked
from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import (
    Confirmation,
    ConfirmationCreate,
    ConfirmationKind,
    Interaction,
    Stage,
    utcnow,
)
from ooma_cancel.store.cases import get_case, record_event

CONFIRMATION_MESSAGES = {
    "number.string_too_short": "Enter the confirmation number exactly as Ooma gave it.",
    "number": "A confirmation number is at most {max} characters.",
    "channel": "Choose the channel from the list.",
    "confirms": "Choose what the number confirms from the list.",
    "representative": "Keep the representative's name under {max} characters.",
    "note": "Keep the note under {max} characters.",
}
# Clocks and time zones disagree by minutes; a time hours ahead is a typo.
FUTURE_TOLERANCE = timedelta(minutes=10)


def add_confirmation(
    *,
    session: Session,
    owner: str,
    case_id: int,
    number: str,
    received_at: datetime,
    channel: str,
    confirms: str = ConfirmationKind.CANCELLATION.value,
    representative: str = "",
    note: str = "",
    interaction_id: int | None = None,
) -> Confirmation:
    """Record a confirmation number (optionally from a logged interaction) with its audit event."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    valid = _check(
        session=session,
        case_id=case_id,
        number=number,
        received_at=received_at,
        channel=channel,
        confirms=confirms,
        interaction_id=interaction_id,
        representative=representative,
        note=note,
    )
    confirmation = Confirmation(case_id=case_id, interaction_id=interaction_id, **valid.model_dump())
    session.add(confirmation)
    session.flush()
    record_event(
        session=session,
        case=case,
        stage=Stage.CONFIRMATION,
        summary=f"{confirms.capitalize()} confirmation number recorded.",
    )
    return confirmation


def list_confirmations(*, session: Session, owner: str, case_id: int) -> list[Confirmation]:
    """The case's confirmation numbers, newest first."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = (
        select(Confirmation)
        .where(Confirmation.case_id == case_id)
        .order_by(col(Confirmation.received_at).desc(), col(Confirmation.id).desc())
    )
    return list(session.exec(statement))


def update_confirmation(
    *,
    session: Session,
    owner: str,
    case_id: int,
    confirmation_id: int,
    number: str,
    received_at: datetime,
    channel: str,
    confirms: str,
    representative: str = "",
    note: str = "",
) -> Confirmation:
    """Correct a recorded confirmation number or its details (the audit trail keeps that it changed)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    confirmation = _get_confirmation(session=session, case_id=case_id, confirmation_id=confirmation_id)
    valid = _check(
        session=session,
        case_id=case_id,
        number=number,
        received_at=received_at,
        channel=channel,
        confirms=confirms,
        interaction_id=confirmation.interaction_id,
        representative=representative,
        note=note,
    )
    changed_number = confirmation.number != valid.number
    for name, value in valid.model_dump().items():
        setattr(confirmation, name, value)
    session.add(confirmation)
    what = "number corrected" if changed_number else "details updated"
    record_event(
        session=session,
        case=case,
        stage=Stage.CONFIRMATION,
        summary=f"{confirms.capitalize()} confirmation {what}.",
    )
    return confirmation


def delete_confirmation(*, session: Session, owner: str, case_id: int, confirmation_id: int) -> None:
    case = get_case(session=session, owner=owner, case_id=case_id)
    confirmation = _get_confirmation(session=session, case_id=case_id, confirmation_id=confirmation_id)
    session.delete(confirmation)
    record_event(
        session=session,
        case=case,
        stage=Stage.CONFIRMATION,
        summary=f"{confirmation.confirms.capitalize()} confirmation number removed.",
    )


def primary_cancellation_confirmation(*, session: Session, owner: str, case_id: int) -> Confirmation | None:
    """The confirmation of the cancellation itself (``case_rules.newest_cancellation_confirmation``).

    The overview, the end date, the letters and the dossier all cite this one.
    """
    get_case(session=session, owner=owner, case_id=case_id)
    rows = session.exec(
        select(Confirmation).where(
            Confirmation.case_id == case_id, Confirmation.confirms == ConfirmationKind.CANCELLATION.value
        )
    )
    return newest_cancellation_confirmation(rows)


def end_date_confirmation(*, session: Session, owner: str, case_id: int) -> Confirmation | None:
    """Ooma's acknowledgement of the requested end date, if one was recorded
    (``case_rules.end_date_acknowledgement``)."""
    get_case(session=session, owner=owner, case_id=case_id)
    rows = session.exec(
        select(Confirmation).where(
            Confirmation.case_id == case_id, Confirmation.confirms == ConfirmationKind.END_DATE.value
        )
    )
    return end_date_acknowledgement(rows)


def _check(
    *,
    session: Session,
    case_id: int,
    number: str,
    received_at: datetime,
    channel: str,
    confirms: str,
    interaction_id: int | None,
    representative: str = "",
    note: str = "",
) -> ConfirmationCreate:
    """The cleaned confirmation; UserError with a readable reason when something is wrong."""
    valid, errors = checked(
        ConfirmationCreate,
        {
            "number": number.strip(),
            "received_at": received_at,
            "channel": channel,
            "confirms": confirms,
            "representative": representative.strip(),
            "note": note.strip(),
        },
        CONFIRMATION_MESSAGES,
    )
    if valid is None:
        raise UserError(next(iter(errors.values())))
    if received_at.tzinfo is None:
        raise UserError("The time the number was received needs a timezone.")
    if received_at > utcnow() + FUTURE_TOLERANCE:
        raise UserError("The time the number was received is in the future.")
    if interaction_id is not None:
        interaction = session.get(Interaction, interaction_id)
        if interaction is None or interaction.case_id != case_id:
            raise NotInCase("That contact is not part of this case.")
    return valid


def _get_confirmation(*, session: Session, case_id: int, confirmation_id: int) -> Confirmation:
    confirmation = session.get(Confirmation, confirmation_id)
    if confirmation is None or confirmation.case_id != case_id:
        raise NotInCase("That confirmation is not part of this case.")
    return confirmation
