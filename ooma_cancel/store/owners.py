"""Everything one owner holds, as a whole (for "delete everything of mine"), and what decides who may come in:
when a signed-in identity last signed out, and the key that workspace links are checked with; and the case an
owner last chose, which a new tab opens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, delete, func, select

from ooma_cancel.models import AppSecret, Case, CaseChoice, IdentitySignOut, utcnow
from ooma_cancel.owner import new_workspace_key
from ooma_cancel.store.cases import CaseNotFound

WORKSPACE_KEY_NAME = "workspace_token_key"


def count_owner_cases(*, session: Session, owner: str) -> int:
    """How many cases the owner has."""
    return int(session.exec(select(func.count()).select_from(Case).where(Case.owner == owner)).one())


def owner_has_cases(*, session: Session, owner: str) -> bool:
    """Whether the owner holds at least one case."""
    return session.exec(select(Case.id).where(Case.owner == owner).limit(1)).first() is not None


def delete_owner_data(*, session: Session, owner: str) -> int:
    """Delete every case of ``owner`` and everything recorded for them (the database cascades); return how many.

    No audit event survives this on purpose: the person asked for their data, history included, to be gone.
    """
    count = count_owner_cases(session=session, owner=owner)
    session.exec(delete(Case).where(col(Case.owner) == owner))
    return count


def _insert(session: Session, model: type[SQLModel], values: dict[str, Any]) -> Any:
    """``INSERT`` of ``values`` into ``model``'s table in the dialect's own form, which has ``ON CONFLICT``."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).values(values)
    if dialect == "sqlite":
        return sqlite.insert(table).values(values)
    raise NotImplementedError(f"no INSERT … ON CONFLICT for {dialect}")


def _insert_unless_present(session: Session, model: type[SQLModel], values: dict[str, Any]) -> None:
    """INSERT … ON CONFLICT DO NOTHING on the primary key: two servers doing it at once both succeed."""
    session.connection().execute(_insert(session, model, values).on_conflict_do_nothing())


def record_sign_out(*, session: Session, owner: str, cookies_before: datetime) -> datetime:
    """From now on refuse ``owner``'s identity cookies issued before ``cookies_before`` (never moves back).

    Returns the cut-off in force, which is later than ``cookies_before`` if an earlier sign-out set one later.
    """
    _insert_unless_present(session, IdentitySignOut, {"owner": owner, "cookies_before": cookies_before})
    # Locked, and as the database holds it now: two sign-outs at once keep the later cut-off.
    row = session.exec(
        select(IdentitySignOut)
        .where(IdentitySignOut.owner == owner)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if row.cookies_before < cookies_before:
        row.cookies_before = cookies_before
        session.add(row)
        session.flush()
    return row.cookies_before


def remember_case_choice(*, session: Session, owner: str, case_id: int) -> None:
    """Record ``case_id`` as the case ``owner`` chose last (someone else's case: ``CaseNotFound``).

    One upsert (``INSERT … ON CONFLICT (owner) DO UPDATE``), so two tabs choosing at once both succeed and the
    later write stands. The case row is not locked for it (a choice changes nothing in the case); deleting the
    case deletes the choice.
    """
    if session.exec(select(Case.id).where(Case.id == case_id, Case.owner == owner)).first() is None:
        raise CaseNotFound(f"case {case_id}")
    statement = _insert(session, CaseChoice, {"owner": owner, "case_id": case_id, "chosen_at": utcnow()})
    statement = statement.on_conflict_do_update(
        index_elements=["owner"],
        set_={"case_id": statement.excluded.case_id, "chosen_at": statement.excluded.chosen_at},
    )
    session.connection().execute(statement)


def case_choice(*, session: Session, owner: str) -> int | None:
    """The case ``owner`` chose last, if they chose one and it is still theirs."""
    return session.exec(
        select(CaseChoice.case_id)
        .join(Case, col(Case.id) == CaseChoice.case_id)
        .where(CaseChoice.owner == owner, Case.owner == owner)
    ).first()


def signed_out_before(*, session: Session, owner: str) -> datetime | None:
    """The cut-off before which ``owner``'s identity cookies are refused, if they ever signed out."""
    return session.exec(select(IdentitySignOut.cookies_before).where(IdentitySignOut.owner == owner)).first()


def workspace_key(*, session: Session) -> bytes:
    """The key of the check that workspace links carry: made on first use, once per database, race-free."""
    value = session.exec(select(AppSecret.value).where(AppSecret.name == WORKSPACE_KEY_NAME)).first()
    if value is None:
        _insert_unless_present(
            session,
            AppSecret,
            {"name": WORKSPACE_KEY_NAME, "value": new_workspace_key().hex(), "created_at": utcnow()},
        )
        # Whoever inserted first, this is the one key every server uses.
        value = session.exec(select(AppSecret.value).where(AppSecret.name == WORKSPACE_KEY_NAME)).one()
    return bytes.fromhex(value)
