"""Cases and the audit trail every change writes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import Case, Event, Stage, limit, utcnow

MAX_TITLE = limit(Case, "title")
# Session info key: the cases ``get_case`` loaded in this session, held so the session keeps them.
_HELD_CASES = "ooma_cases_held"


class CaseNotFound(NotInCase):
    """The case does not exist, or belongs to someone else (the two are never told apart)."""


def list_cases(*, session: Session, owner: str) -> list[Case]:
    """The owner's cases, most recently changed first."""
    statement = (
        select(Case).where(Case.owner == owner).order_by(col(Case.updated_at).desc(), col(Case.id).desc())
    )
    return list(session.exec(statement))


def case_titles(*, session: Session, owner: str) -> dict[int, str]:
    """The owner's case ids and titles (what the case switcher shows), most recently changed first."""
    return case_titles_and_versions(session=session, owner=owner)[0]


def case_titles_and_versions(
    *, session: Session, owner: str
) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """:func:`case_titles`, and each case's :func:`case_version` from the same query (the sidebar reads both
    on every run, and the version lets the page's next step be looked up without reading the case again)."""
    statement = (
        select(Case.id, Case.title, Case.created_at, Case.updated_at)
        .where(Case.owner == owner)
        .order_by(col(Case.updated_at).desc(), col(Case.id).desc())
    )
    titles: dict[int, str] = {}
    versions: dict[int, tuple[str, str]] = {}
    for case_id, title, created_at, updated_at in session.exec(statement):
        titles[case_id or 0] = title
        versions[case_id or 0] = _version(created_at, updated_at)
    return titles, versions


def get_case(*, session: Session, owner: str, case_id: int) -> Case:
    """The case ``case_id`` if ``owner`` owns it; loaded once per session.

    A page's reads check the case in each store function. The session's identity map holds loaded objects
    weakly, so a case nobody still referred to was read again every time (up to eight times a page run);
    the session now holds the ones it loaded here until it closes. In a unit of work the first load locks
    the row (``guards``), and the lock lasts as long as the transaction, so the kept copy stays the locked one.
    """
    case = session.get(Case, case_id)
    if case is None or case.owner != owner:
        raise CaseNotFound(f"Case {case_id} was not found.")
    session.info.setdefault(_HELD_CASES, {})[case_id] = case
    return case


def case_version(*, session: Session, owner: str, case_id: int) -> tuple[str, str]:
    """When the case was made and last changed: every change records an event, which moves ``updated_at``.

    With the owner and the case id it says which state of whose case a cached result was made from.
    """
    case = get_case(session=session, owner=owner, case_id=case_id)
    return _version(case.created_at, case.updated_at)


def _version(created_at: datetime, updated_at: datetime) -> tuple[str, str]:
    return created_at.isoformat(), updated_at.isoformat()


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
