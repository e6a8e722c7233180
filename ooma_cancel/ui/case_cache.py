"""One cache-invalidation scheme for a page's derived views of a case (chart specs, estimates).

A cached function takes a :class:`CaseStamp` first: whose case, which one, and the state it was in (when the case
was made and last changed; every change records an event, which moves the case's ``updated_at``). The stamp is
part of the key, and the function reads the owner and case from it, so one person's entry never serves another
and a change to the case makes the next rerun compute afresh.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import streamlit as st
from sqlmodel import Session

from ooma_cancel.store import case_version
from ooma_cancel.ui.session import CaseInView

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class CaseStamp:
    """Whose case, which one, and how it stood when read (the key of everything cached about it)."""

    owner: str
    case_id: int
    version: tuple[str, str]


def case_stamp(*, session: Session, scope: CaseInView) -> CaseStamp:
    """The stamp of the case in view, read in the page's own reading session."""
    version = case_version(session=session, owner=scope.owner, case_id=scope.case_id)
    return CaseStamp(owner=scope.owner, case_id=scope.case_id, version=version)


# Entries a per-case cache keeps, least recently used dropped first: one server process holds every visitor's
# cases, so a cache smaller than the cases in use at once is a miss on nearly every run. At 64, 100 visitors
# (make bench-load) walking their own cases missed the next step on each stage page. Small results (a next
# step, an estimate) are a few hundred bytes each; a chart's spec is tens of kB and passes its own number.
CASES_AT_ONCE = 1024


def per_case(max_entries: int = CASES_AT_ONCE) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """``st.cache_data`` for a function whose first parameter is ``stamp: CaseStamp``.

    Arguments named with a leading underscore are not part of the key: pass there only what the stamp (and the
    other arguments) already determine.
    """

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        first = next(iter(inspect.signature(func).parameters), None)
        if first != "stamp":
            raise TypeError(f"{func.__qualname__}: a per-case cached function takes `stamp: CaseStamp` first")
        return st.cache_data(show_spinner=False, max_entries=max_entries)(func)

    return decorate
