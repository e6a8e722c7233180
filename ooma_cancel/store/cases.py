"""Cases and the audit trail every change writes."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import Case, Event, Stage, limit, utcnow

MAX_TITLE = limit(Case, "title")


class CaseNotFound(NotInCase):
    """The case does not exist, or belongs to someone else (the two are never told apart)."""


def list_cases(*, session: Session, owner: str) -> list[Case]:
    """The owner's cases, most recently changed first."""
    statement = (
        select(Case).where(Case.owner == owner).order_by(col(Case.updated_at).desc(), col(Case.id).desc())
    )
    return list(session.exec(statement))


def get_case(*, session: Session, owner: str, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.owner != owner:
        raise CaseNotFound(f"Case {case_id} was not found.")
    return case


def case_version(*, session: Session, owner: str, case_id: int) -> tuple[str, str]:
    """When the case was made and last changed: every change records an event, which moves ``updated_at``.

    With the owner and the case id it says which state of whose case a cached result was made from.
    """
    case = get_case(session=session, owner=owner, case_id=case_id)
    return case.created_at.isoformat(), case.updated_at.isoformat()


def create_case(*, session: Session, owner: str, title: str) -> Case:
    title = _unique_title(session=session, owner=owner, title=_clean_title(title))
    case = Case(owner=owner, title=title)
    session.add(case)
    session.flush()
    assert case.id is not None
    record_event(session=session, case=case, stage=Stage.CASE, summary=f"Case “{title}” created.")
    return case


def rename_case(*, session: Session, owner: str, case_id: int, title: str) -> Case:
    case = get_case(session=session, owner=owner, case_id=case_id)
    old, case.title = case.title, _clean_title(title)
    record_event(
        session=session, case=case, stage=Stage.CASE, summary=f"Case renamed from “{old}” to “{case.title}”."
    )
    return case


def delete_case(*, session: Session, owner: str, case_id: int) -> None:
    """Delete the case and everything recorded for it (the database cascades to every stage)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    session.delete(case)
    session.flush()


def record_event(*, session: Session, case: Case, stage: Stage | str, summary: str) -> Event:
    """Add an audit-trail event to the current transaction and mark the case as changed."""
    now = utcnow()
    case.updated_at = now
    session.add(case)
    event = Event(case_id=case.id or 0, at=now, stage=Stage(stage), summary=summary[:500])
    session.add(event)
    return event


def _unique_title(*, session: Session, owner: str, title: str) -> str:
    """``Home`` becomes ``Home (2)`` when the owner already has a case called ``Home``: the switcher must tell them apart."""
    taken = set(session.exec(select(Case.title).where(Case.owner == owner)))
    candidate, number = title, 1
    while candidate in taken:
        number += 1
        candidate = f"{title} ({number})"
    return candidate


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise UserError("Give the case a name, e.g. “Home phone”.")
    if len(title) > MAX_TITLE:
        raise UserError(f"Keep the case name under {MAX_TITLE} characters.")
    return title
