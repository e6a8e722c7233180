"""Provider facts as they apply to one case: the profile's value, or the person's own override."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ooma_cancel.errors import UserError
from ooma_cancel.guards import read_once
from ooma_cancel.models import EquipmentItem, ProfileOverride, Stage, limit, lowest
from ooma_cancel.provider import Fact, load_profile
from ooma_cancel.store.cases import get_case, record_event
from ooma_cancel.text import clean_text

MAX_VALUE = limit(ProfileOverride, "value")
MAX_DAYS = 3650  # a provider's notice period or window in days: ten years is a typo
# A fact that stands in for a column's value takes that column's range (the return window is an item's default).
DAYS_RANGES = {
    "return_window_days": (
        lowest(EquipmentItem, "return_window_days"),
        limit(EquipmentItem, "return_window_days"),
    )
}


@dataclass(frozen=True)
class CaseFact:
    """A provider fact for this case; ``override`` is the person's own value when they set one."""

    fact: Fact
    override: str | None

    @property
    def value(self) -> str:
        return self.override if self.override is not None else str(self.fact.value)

    @property
    def shown(self) -> str:
        """The value as a page shows it; for a value nobody has recorded, where the person can find it (never a
        placeholder such as "(not recorded)")."""
        if self.value:
            return self.value
        return f"Not known yet. {self.fact.where or 'Ask Ooma.'} Record it as your value."

    @property
    def label(self) -> str:
        """Where the value comes from, in words for the UI."""
        if self.override is not None:
            return "your value"
        return "verify with Ooma" if self.fact.needs_verification else f"source: {self.fact.source}"


def case_facts_of_profile(*, session: Session, owner: str, case_id: int) -> dict[str, CaseFact]:
    """Every profile fact with the case's overrides applied, keyed like the profile (the overrides are read
    once per page read session)."""

    def load() -> dict[str, str]:
        get_case(session=session, owner=owner, case_id=case_id)
        statement = select(ProfileOverride).where(ProfileOverride.case_id == case_id)
        return {row.key: row.value for row in session.exec(statement)}

    overrides = read_once(session, ("profile_overrides", owner, case_id), load)
    return {key: CaseFact(fact, overrides.get(key)) for key, fact in load_profile().facts.items()}


def override_problem(key: str, value: str) -> str | None:
    """Why a person's own value for a provider fact cannot be kept, in a sentence; None when it can. The same
    check for a value typed on a page and one read from an imported file."""
    profile = load_profile()
    if key not in profile.facts:
        return f"There is no provider setting called “{key}”."
    label = profile.fact(key).label
    if len(value) > MAX_VALUE:
        return f"Keep the value under {MAX_VALUE} characters."
    if isinstance(profile.fact(key).value, int) and value:
        low, high = DAYS_RANGES.get(key, (1, MAX_DAYS))
        if not value.isdigit():
            return f"{label}: enter a whole number of days, e.g. 30."
        if not low <= int(value) <= high:
            return f"{label}: enter a whole number of days, {low} to {high:,}."
    return None


def set_override(*, session: Session, owner: str, case_id: int, key: str, value: str | None) -> None:
    """Set the person's own value for a provider fact; None or blank goes back to the profile's value."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    value = clean_text(value or "").strip()
    problem = override_problem(key, value)
    if problem:
        raise UserError(problem)
    label = load_profile().fact(key).label
    existing = session.exec(
        select(ProfileOverride).where(ProfileOverride.case_id == case_id, ProfileOverride.key == key)
    ).first()
    if not value:
        if existing is not None:
            session.delete(existing)
            record_event(
                session=session, case=case, stage=Stage.CASE, summary=f"{label}: back to the profile's value."
            )
        return
    if existing is None:
        session.add(ProfileOverride(case_id=case_id, key=key, value=value))
    else:
        existing.value = value
        session.add(existing)
    record_event(session=session, case=case, stage=Stage.CASE, summary=f"{label}: set your own value.")
