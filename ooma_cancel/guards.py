"""Two nets under every data-access function, installed once per process on every SQLModel session.

- NUL bytes are stripped from text before a flush: PostgreSQL refuses them, and nothing a person means to
  store contains one. (Store functions should still ``ooma_cancel.text.clean_text`` what people type.)
- In a unit of work (``ooma_cancel.db.unit_of_work``, the only way the app writes), loading a case by id
  (``get_case`` → ``session.get``) locks its row until the transaction ends, so concurrent changes to one case
  run one after another on PostgreSQL as they do on SQLite (``BEGIN IMMEDIATE``): a limit checked before a
  write ("at most 10 accounts") then holds under contention. Every other session (the pages' ``reading()``,
  exports, the dossier) only reads and never locks.

``read_once`` lets a store function read something once per page read session (``READ_ONLY``) however often
the page and its header ask for it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session

from ooma_cancel.db import WRITES
from ooma_cancel.models import Case

READ_ONLY = "read_only"  # session info of the pages' reads (ui.session.reading): nothing in them writes
_READ_ONCE = "ooma_read_once"  # session info key: what ``read_once`` keeps in a page's read session
T = TypeVar("T")


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    return value


def _strip_nul(session: Session, _context: Any, _instances: Any) -> None:
    for instance in (*session.new, *session.dirty):
        for attribute in sa.inspect(instance).mapper.column_attrs:
            value = getattr(instance, attribute.key, None)
            cleaned = _without_nul(value)
            if cleaned != value:
                setattr(instance, attribute.key, cleaned)


def _is_case_load_by_id(state: ORMExecuteState) -> bool:
    if not state.is_select or state.bind_mapper is not sa.inspect(Case):
        return False
    where = state.statement.whereclause  # type: ignore[attr-defined]
    return (
        isinstance(where, sa.BinaryExpression)
        and where.operator is operator.eq
        and where.left is Case.__table__.c.id  # type: ignore[attr-defined]
    )


def _lock_case_row(state: ORMExecuteState) -> None:
    if not state.session.info.get(WRITES) or state.session.info.get(READ_ONLY):
        return
    if not _is_case_load_by_id(state):
        return
    state.statement = state.statement.with_for_update()  # type: ignore[attr-defined]


def install_session_guards() -> None:
    """Install both guards on every SQLModel session of this process (idempotent)."""
    if not sa.event.contains(Session, "before_flush", _strip_nul):
        sa.event.listen(Session, "before_flush", _strip_nul)
    if not sa.event.contains(Session, "do_orm_execute", _lock_case_row):
        sa.event.listen(Session, "do_orm_execute", _lock_case_row)


def read_once(session: Session, key: tuple, load: Callable[[], T]) -> T:
    """``load()``, run once per page read session (``ui.session.reading``) for ``key``; run every time in
    any other session, where the transaction may change what it reads.

    ``key`` must name everything the result depends on (the function, owner and case). A page and its header
    read the same account and overrides in one session; this keeps them to one query each.
    """
    if not session.info.get(READ_ONLY):
        return load()
    kept = session.info.setdefault(_READ_ONCE, {})
    if key not in kept:
        kept[key] = load()
    return kept[key]
