"""Reading the audit trail."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ooma_cancel.models import Event
from ooma_cancel.store.cases import get_case


def list_events(
    *,
    session: Session,
    owner: str,
    case_id: int,
    stage: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Event]:
    """The case's events, newest first, optionally of one stage only; ``offset``/``limit`` page through them."""
    get_case(session=session, owner=owner, case_id=case_id)
    statement = select(Event).where(Event.case_id == case_id)
    if stage:
        statement = statement.where(Event.stage == stage)
    statement = statement.order_by(col(Event.at).desc(), col(Event.id).desc())
    if offset:
        statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement))
