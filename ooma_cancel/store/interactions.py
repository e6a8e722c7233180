"""Stage 2: the log of every contact with Ooma."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import Interaction, Stage
from ooma_cancel.store.cases import get_case, record_event
from ooma_cancel.support import InteractionDetails

MAX_PAGE = 100


@dataclass(frozen=True)
class LogSummary:
    total: int
    overdue: int


def log_summary(*, session: Session, owner: str, case_id: int, today: date) -> LogSummary:
    """How many contacts are logged and how many follow-ups are overdue (one aggregate query)."""
    get_case(session=session, owner=owner, case_id=case_id)
    total, overdue = session.exec(
        select(func.count(), func.count().filter(col(Interaction.follow_up_on) < today)).where(
            Interaction.case_id == case_id
        )
    ).one()
    return LogSummary(total=int(total), overdue=int(overdue))


def list_interactions(
    *, session: Session, owner: str, case_id: int, limit: int = 20, offset: int = 0
) -> list[Interaction]:
    """One page of the log, newest first."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = (
        select(Interaction)
        .where(Interaction.case_id == case_id)
        .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
        .offset(max(offset, 0))
        .limit(min(max(limit, 1), MAX_PAGE))
    )
    return list(session.exec(statement))


def list_overdue(
    *, session: Session, owner: str, case_id: int, today: date, limit: int = 20
) -> list[Interaction]:
    """Contacts whose follow-up date has passed, the longest overdue first."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = (
        select(Interaction)
        .where(Interaction.case_id == case_id, col(Interaction.follow_up_on) < today)
        .order_by(col(Interaction.follow_up_on), col(Interaction.id))
        .limit(limit)
    )
    return list(session.exec(statement))


def add_interaction(
    *, session: Session, owner: str, case_id: int, details: InteractionDetails
) -> Interaction:
    """Log a contact (already validated)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    interaction = Interaction(case_id=case_id, **details.model_dump())
    session.add(interaction)
    session.flush()
    record_event(session=session, case=case, stage=Stage.SUPPORT, summary=_summary(details, "logged"))
    return interaction


def update_interaction(
    *, session: Session, owner: str, case_id: int, interaction_id: int, details: InteractionDetails
) -> Interaction:
    """Replace a logged contact's fields with ``details`` (already validated)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    interaction = _get(session=session, case_id=case_id, interaction_id=interaction_id)
    for name, value in details.model_dump().items():
        setattr(interaction, name, value)
    session.add(interaction)
    record_event(session=session, case=case, stage=Stage.SUPPORT, summary=_summary(details, "edited"))
    return interaction


def clear_follow_up(*, session: Session, owner: str, case_id: int, interaction_id: int) -> Interaction:
    """Mark a contact's follow-up as done."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    interaction = _get(session=session, case_id=case_id, interaction_id=interaction_id)
    if interaction.follow_up_on is None:
        raise UserError("This contact has no follow-up to mark as done.")
    due = interaction.follow_up_on
    interaction.follow_up_on = None
    session.add(interaction)
    record_event(
        session=session,
        case=case,
        stage=Stage.SUPPORT,
        summary=f"Follow-up due {due:%b %-d, %Y} marked as done.",
    )
    return interaction


def delete_interaction(*, session: Session, owner: str, case_id: int, interaction_id: int) -> None:
    """Remove a contact from the log; a confirmation number recorded from it stays (unlinked)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    interaction = _get(session=session, case_id=case_id, interaction_id=interaction_id)
    when = f"{interaction.occurred_at:%b %-d, %Y}"
    channel = interaction.channel
    session.delete(interaction)
    record_event(
        session=session,
        case=case,
        stage=Stage.SUPPORT,
        summary=f"{channel.capitalize()} contact of {when} deleted.",
    )


def _get(*, session: Session, case_id: int, interaction_id: int) -> Interaction:
    interaction = session.get(Interaction, interaction_id)
    if interaction is None or interaction.case_id != case_id:
        raise NotInCase("That contact is not part of this case (it may have been deleted).")
    return interaction


def _summary(details: InteractionDetails, verb: str) -> str:
    # The outcome is typed by the person; keep the event short and free of their notes.
    outcome = f": {details.outcome}" if details.outcome else ""
    return f"{details.channel.capitalize()} contact {verb}{outcome}."
