"""Stage 4: the case's devices, their shipments, and how each stands against its return deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ooma_cancel.equipment import ItemData, ItemView, view_item
from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import EquipmentItem, Stage
from ooma_cancel.store.cases import get_case, record_event
from ooma_cancel.store.end_date import end_date_context, return_window

MAX_ITEMS = 50


@dataclass(frozen=True)
class EquipmentOverview:
    """The items with their status, and the dates and window they are counted from."""

    items: list[EquipmentItem]
    views: list[ItemView]
    end_on: date | None
    end_confirmed: bool
    window_days: int
    window_label: str


def list_items(*, session: Session, owner: str, case_id: int) -> list[EquipmentItem]:
    get_case(session=session, owner=owner, case_id=case_id)
    statement = select(EquipmentItem).where(EquipmentItem.case_id == case_id).order_by(col(EquipmentItem.id))
    return list(session.exec(statement))


def equipment_overview(*, session: Session, owner: str, case_id: int, today: date) -> EquipmentOverview:
    """Every item with its deadline (end date + window), status and tracking link."""
    items = list_items(session=session, owner=owner, case_id=case_id)
    context = end_date_context(session=session, owner=owner, case_id=case_id)
    window, label = return_window(session=session, owner=owner, case_id=case_id)
    views = [
        view_item(item, default_window_days=window, end_on=context.end_on, today=today) for item in items
    ]
    return EquipmentOverview(items, views, context.end_on, context.confirmed, window, label)


def add_item(*, session: Session, owner: str, case_id: int, data: ItemData) -> EquipmentItem:
    """Add a device (``data`` already validated)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    if len(list_items(session=session, owner=owner, case_id=case_id)) >= MAX_ITEMS:
        raise UserError(f"A case holds at most {MAX_ITEMS} devices.")
    item = EquipmentItem(case_id=case_id, **data.model_dump())
    session.add(item)
    session.flush()
    must = "must be returned" if data.return_required else "stays with you"
    record_event(
        session=session, case=case, stage=Stage.EQUIPMENT, summary=f"{data.kind} #{item.id} added ({must})."
    )
    return item


def update_item(*, session: Session, owner: str, case_id: int, item_id: int, data: ItemData) -> EquipmentItem:
    """Replace a device's fields; the audit trail says what happened to the shipment."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    item = _get_item(session=session, case_id=case_id, item_id=item_id)
    changes = _shipment_changes(item, data)
    for name, value in data.model_dump().items():
        setattr(item, name, value)
    session.add(item)
    summary = f"{item.kind} #{item.id} " + ("; ".join(changes) if changes else "updated") + "."
    record_event(session=session, case=case, stage=Stage.EQUIPMENT, summary=summary)
    return item


def mark_delivered(
    *, session: Session, owner: str, case_id: int, item_id: int, delivered_on: date, today: date
) -> EquipmentItem:
    """Record that a shipped device reached Ooma on ``delivered_on``."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    item = _get_item(session=session, case_id=case_id, item_id=item_id)
    if item.shipped_on is None:
        raise UserError("Enter the date you shipped it first.")
    if delivered_on < item.shipped_on:
        raise UserError(
            f"Delivered on {delivered_on:%b %-d, %Y} is before it was shipped ({item.shipped_on:%b %-d, %Y})."
        )
    if delivered_on > today:
        raise UserError("The delivery date is in the future.")
    item.delivered_on = delivered_on
    session.add(item)
    record_event(
        session=session,
        case=case,
        stage=Stage.EQUIPMENT,
        summary=f"{item.kind} #{item.id} delivered to Ooma on {delivered_on:%b %-d, %Y}.",
    )
    return item


def delete_item(*, session: Session, owner: str, case_id: int, item_id: int) -> None:
    case = get_case(session=session, owner=owner, case_id=case_id)
    item = _get_item(session=session, case_id=case_id, item_id=item_id)
    session.delete(item)
    record_event(
        session=session, case=case, stage=Stage.EQUIPMENT, summary=f"{item.kind} #{item.id} removed."
    )


def _shipment_changes(item: EquipmentItem, data: ItemData) -> list[str]:
    changes = []
    if data.shipped_on and data.shipped_on != item.shipped_on:
        via = f" with {data.carrier}" if data.carrier and data.carrier != "other" else ""
        changes.append(f"shipped{via} on {data.shipped_on:%b %-d, %Y}")
    if data.delivered_on and data.delivered_on != item.delivered_on:
        changes.append(f"delivered to Ooma on {data.delivered_on:%b %-d, %Y}")
    if data.return_required != item.return_required:
        changes.append("must be returned" if data.return_required else "no longer needs to be returned")
    return changes


def _get_item(*, session: Session, case_id: int, item_id: int) -> EquipmentItem:
    item = session.get(EquipmentItem, item_id)
    if item is None or item.case_id != case_id:
        raise NotInCase("That device is not part of this case.")
    return item
