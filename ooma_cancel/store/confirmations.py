"""Stage 6: confirmation numbers received from Ooma."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from ooma_cancel.models import Confirmation, ConfirmationKind, Interaction, Stage
from ooma_cancel.store.cases import get_case, record_event

MAX_NUMBER = 100


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
    number = number.strip()
    if not number:
        raise ValueError("Enter the confirmation number exactly as Ooma gave it.")
    if len(number) > MAX_NUMBER:
        raise ValueError(f"A confirmation number is at most {MAX_NUMBER} characters.")
    if confirms not in {kind.value for kind in ConfirmationKind}:
        raise ValueError("Choose what the number confirms from the list.")
    if received_at.tzinfo is None:
        raise ValueError("The time the number was received needs a timezone.")
    if interaction_id is not None:
        interaction = session.get(Interaction, interaction_id)
        if interaction is None or interaction.case_id != case_id:
            raise LookupError("That contact is not part of this case.")
    confirmation = Confirmation(
        case_id=case_id,
        number=number,
        received_at=received_at,
        channel=channel,
        confirms=confirms,
        representative=representative.strip(),
        note=note.strip(),
        interaction_id=interaction_id,
    )
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
