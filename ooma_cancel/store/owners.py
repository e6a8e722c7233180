"""Everything one owner holds, as a whole: for "delete everything of mine"."""

from __future__ import annotations

from sqlmodel import Session, delete, func, select

from ooma_cancel.models import Case


def count_owner_cases(*, session: Session, owner: str) -> int:
    """How many cases the owner has."""
    return int(session.exec(select(func.count()).select_from(Case).where(Case.owner == owner)).one())


def delete_owner_data(*, session: Session, owner: str) -> int:
    """Delete every case of ``owner`` and everything recorded for them (the database cascades); return how many.

    No audit event survives this on purpose: the person asked for their data, history included, to be gone.
    """
    count = count_owner_cases(session=session, owner=owner)
    session.exec(delete(Case).where(Case.owner == owner))  # type: ignore[call-overload]
    return count
