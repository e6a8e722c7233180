"""Stage 1b: the case's port record (whether to keep the number, and the port's checklist and dates)."""

from __future__ import annotations

from sqlmodel import Session, select

from ooma_cancel.account import mask_phone
from ooma_cancel.errors import UserError
from ooma_cancel.models import PortDetails, PortRecord, Stage
from ooma_cancel.store.cases import get_case, record_event


def get_port(*, session: Session, owner: str, case_id: int) -> PortRecord | None:
    """The case's port record; None until the person decides about their number."""
    get_case(session=session, owner=owner, case_id=case_id)
    return session.exec(select(PortRecord).where(PortRecord.case_id == case_id)).first()


def decide_keep_number(*, session: Session, owner: str, case_id: int, keep: bool) -> PortRecord:
    """Record the choice to keep the number (port it) or to let it go; the port details are kept either way."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    port = session.exec(select(PortRecord).where(PortRecord.case_id == case_id)).first()
    if port is None:
        port = PortRecord(case_id=case_id)
    if port.keep_number is keep:
        return port
    port.keep_number = keep
    session.add(port)
    summary = (
        "Decided to keep the number: port it before cancelling." if keep else "Decided to let the number go."
    )
    record_event(session=session, case=case, stage=Stage.PORT, summary=summary)
    return port


def save_port(*, session: Session, owner: str, case_id: int, details: PortDetails) -> PortRecord:
    """Store validated port details (the person wants to keep the number) with one event naming what changed."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    port = session.exec(select(PortRecord).where(PortRecord.case_id == case_id)).first()
    if port is None:
        port = PortRecord(case_id=case_id)
    if port.keep_number is not True:
        raise UserError("Choose “Keep my number” first.")
    changes = _describe_changes(port, details)
    if not changes:
        return port
    for name, value in details.model_dump().items():
        setattr(port, name, value)
    session.add(port)
    record_event(session=session, case=case, stage=Stage.PORT, summary="Port " + "; ".join(changes) + ".")
    return port


def _describe_changes(port: PortRecord, details: PortDetails) -> list[str]:
    """Say what changed in plain words; numbers masked (the audit trail is shown outside edit forms)."""
    changes: list[str] = []
    if port.new_carrier != details.new_carrier:
        changes.append("new carrier updated")
    if list(port.numbers or []) != details.numbers:
        shown = ", ".join(mask_phone(n) for n in details.numbers) or "none"
        changes.append(f"numbers to port: {shown}")
    ticks = ("account_number_ready", "pin_obtained", "name_address_match")
    if any(getattr(port, name) != getattr(details, name) for name in ticks):
        done = sum(bool(getattr(details, name)) for name in ticks)
        changes.append(f"checklist {done} of 3 ready")
    for name, label in (
        ("requested_on", "requested on"),
        ("foc_on", "FOC date"),
        ("completed_on", "completed on"),
    ):
        old, new = getattr(port, name), getattr(details, name)
        if old != new:
            changes.append(f"{label} {new:%b %-d, %Y}" if new else f"{label} cleared")
    return changes
