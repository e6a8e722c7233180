"""Stage 4, equipment return: what goes back, by when, how it travels, and what is at risk.

Pure rules (no database): validation of what the person types, deadlines and status per item, and carrier
recognition from a tracking number with the link to that carrier's tracking page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from ooma_cancel.case_rules import item_return_deadline
from ooma_cancel.checks import checked
from ooma_cancel.deadlines import return_deadline
from ooma_cancel.devices import device_kinds
from ooma_cancel.errors import UserError
from ooma_cancel.ledger import amount_error
from ooma_cancel.models import DeviceKind, EquipmentItem, EquipmentItemCreate, limit
from ooma_cancel.money import format_dollars, parse_cents

KINDS = device_kinds()  # the catalogue's order (ooma_cancel/data/providers/devices.toml)
# The limits are the model's (``EquipmentItemCreate``); these names are what the page reads.
MAX_FEE_CENTS = limit(EquipmentItemCreate, "non_return_fee_cents")
MAX_WINDOW_DAYS = limit(EquipmentItemCreate, "return_window_days")
MAX_TRACKING = limit(EquipmentItemCreate, "tracking_number")
URGENT_DAYS = 7


class ItemStatus(StrEnum):
    NOT_REQUIRED = "not required"
    TO_SHIP = "to ship"
    IN_TRANSIT = "in transit"
    DELIVERED = "delivered"
    OVERDUE = "overdue"


class Urgency(StrEnum):
    OVERDUE = "Overdue"
    SOON = f"Under {URGENT_DAYS} days"
    FINE = f"{URGENT_DAYS} days or more"


# --- Carriers -------------------------------------------------------------------------------------------------

UPS_RE = re.compile(r"^1Z[0-9A-Z]{16}$")
# USPS: 20-22 digit domestic barcodes (IMpb starts 91-95, e.g. 9400…; certified mail is 20 digits from 7),
# and international S10 numbers such as EC123456789US.
USPS_RES = (re.compile(r"^9[1-5]\d{18,20}$"), re.compile(r"^7\d{19}$"), re.compile(r"^[A-Z]{2}\d{9}US$"))
# FedEx: 12 (Express), 15 (Ground) or 20 digits, and the 22-digit Ground barcode that starts with 96.
FEDEX_RES = (
    re.compile(r"^\d{12}$"),
    re.compile(r"^\d{15}$"),
    re.compile(r"^\d{20}$"),
    re.compile(r"^96\d{20}$"),
)

TRACKING_URLS = {
    "UPS": "https://www.ups.com/track?tracknum={}",
    "USPS": "https://tools.usps.com/go/TrackConfirmAction?tLabels={}",
    "FedEx": "https://www.fedex.com/fedextrack/?trknbr={}",
}
CARRIERS = (*TRACKING_URLS, "other")


def recognise_carrier(tracking_number: str) -> str:
    """``UPS``, ``USPS``, ``FedEx`` from the shape of a (normalised) tracking number, else ``other``."""
    number = tracking_number.strip().upper()
    if UPS_RE.fullmatch(number):
        return "UPS"
    # USPS first: its 20-digit numbers start with 7 or 91-95, which FedEx's 20-digit numbers do not.
    if any(pattern.fullmatch(number) for pattern in USPS_RES):
        return "USPS"
    if any(pattern.fullmatch(number) for pattern in FEDEX_RES):
        return "FedEx"
    return "other"


def tracking_url(carrier: str, tracking_number: str) -> str | None:
    """The carrier's public tracking page for this number, or None for other carriers."""
    template = TRACKING_URLS.get(carrier)
    if template is None or not tracking_number:
        return None
    return template.format(quote(tracking_number, safe=""))


def normalise_tracking(text: str) -> str:
    """The tracking number as carriers print it without grouping; ValueError with a reason when it is not one.

    Labels print numbers in groups (``9400 1000 0000 …``): the spaces are dropped when what remains is a
    UPS, USPS or FedEx number. Spaces inside anything else are refused, because we cannot tell a grouped
    number from two numbers typed into one field.
    """
    cleaned = text.strip().upper()
    if not cleaned:
        return ""
    joined = re.sub(r"[\s-]+", "", cleaned)
    if joined != cleaned and recognise_carrier(joined) == "other":
        raise UserError(
            "The tracking number has spaces and is not a UPS, USPS or FedEx number: enter one tracking "
            "number, without spaces, exactly as on the label."
        )
    if not re.fullmatch(r"[A-Z0-9]+", joined):
        raise UserError("A tracking number has only letters and digits.")
    if not 8 <= len(joined) <= MAX_TRACKING:
        raise UserError(f"A tracking number has 8 to {MAX_TRACKING} letters and digits.")
    return joined


# --- Validation -----------------------------------------------------------------------------------------------


@dataclass
class ItemForm:
    """What the person entered for one item, before validation."""

    kind: str = "Telo"
    serial: str = ""
    leased: bool = False
    return_required: bool = False
    fee: str = ""
    window_days: int | None = None  # None: the profile's window
    label_received: bool = False
    shipped_on: date | None = None
    tracking_number: str = ""
    delivered_on: date | None = None
    proof_note: str = ""


# A valid item, ready to store (the table's create model).
ItemData = EquipmentItemCreate

ITEM_MESSAGES = {
    "kind": "Choose the kind of device from the list.",
    "serial": "A serial number or MAC address is at most {max} characters.",
    "non_return_fee_cents": "A non-return fee above {fee_limit} is not plausible: check it.",
    "return_window_days": "A return window is {min} to {max} days.",
    "tracking_number": "A tracking number has 8 to {max} letters and digits.",
    "proof_note": "Keep the proof note under {max} characters.",
}


def validate_item(form: ItemForm, *, today: date) -> tuple[ItemData | None, dict[str, str]]:
    """Check one item; return it clean, or None and one message per invalid field (nothing is saved)."""
    errors: dict[str, str] = {}
    fee = 0
    if form.fee.strip():
        try:
            fee = parse_cents(form.fee)
        except ValueError as error:
            errors["fee"] = amount_error(error)
    tracking = ""
    try:
        tracking = normalise_tracking(form.tracking_number)
    except ValueError as error:
        errors["tracking_number"] = str(error)
    if form.shipped_on and form.shipped_on > today:
        errors["shipped_on"] = "The ship date is in the future: enter it once the item is on its way."
    if form.delivered_on:
        if form.shipped_on is None:
            errors["delivered_on"] = "Enter the date you shipped it too."
        elif form.delivered_on < form.shipped_on:
            errors["delivered_on"] = (
                f"Delivered on {form.delivered_on:%b %-d, %Y} is before it was shipped "
                f"({form.shipped_on:%b %-d, %Y})."
            )
        elif form.delivered_on > today:
            errors["delivered_on"] = "The delivery date is in the future."
    item, errors = checked(
        EquipmentItemCreate,
        {
            "kind": form.kind,
            "serial": " ".join(form.serial.split()),
            "leased": form.leased,
            "return_required": form.return_required,
            "non_return_fee_cents": fee,
            "return_window_days": form.window_days,
            "label_received": form.label_received,
            "shipped_on": form.shipped_on,
            "carrier": recognise_carrier(tracking) if tracking else "",
            "tracking_number": tracking,
            "delivered_on": form.delivered_on,
            "proof_note": form.proof_note.strip(),
        },
        ITEM_MESSAGES,
        errors=errors,
        extra={"fee_limit": format_dollars(MAX_FEE_CENTS)},
    )
    # The form's field names where they differ from the table's.
    for column, shown in (("non_return_fee_cents", "fee"), ("return_window_days", "window_days")):
        if column in errors:
            errors.setdefault(shown, errors.pop(column))
    return item, errors


def ownership_hint(kind: str, *, leased: bool, return_required: bool) -> str | None:
    """A plain-words hint when the answers look unusual (a bought Telo normally stays with you)."""
    if kind in (DeviceKind.TELO, DeviceKind.TELO_AIR, DeviceKind.TELO_4G) and not leased and return_required:
        return (
            "A Telo you bought is normally yours to keep: Ooma usually asks only for leased or rented "
            "devices back. Check with Ooma before you ship it."
        )
    if leased and not return_required:
        return "Leased devices usually have to go back: ask Ooma, or a non-return fee may follow."
    return None


# --- Deadlines and status -------------------------------------------------------------------------------------


def item_deadline(end_on: date | None, window_days: int) -> date | None:
    """The day the item must reach Ooma: the service end date plus the return window."""
    return return_deadline(end_on, window_days) if end_on else None


def item_status(
    *,
    return_required: bool,
    shipped_on: date | None,
    delivered_on: date | None,
    deadline: date | None,
    today: date,
) -> ItemStatus:
    """Where the item stands today; a shipment not delivered by the deadline is overdue (it must *reach* Ooma)."""
    if not return_required:
        return ItemStatus.NOT_REQUIRED
    if delivered_on is not None:
        return ItemStatus.DELIVERED
    if deadline is not None and today > deadline:
        return ItemStatus.OVERDUE
    return ItemStatus.IN_TRANSIT if shipped_on else ItemStatus.TO_SHIP


def urgency(days_left: int) -> Urgency:
    """How worried to be: overdue, under a week left, or fine."""
    if days_left < 0:
        return Urgency.OVERDUE
    return Urgency.SOON if days_left < URGENT_DAYS else Urgency.FINE


def delivered_late(delivered_on: date | None, deadline: date | None) -> bool:
    """True when the item reached Ooma after its deadline (a fee may still be charged)."""
    return bool(delivered_on and deadline and delivered_on > deadline)


@dataclass(frozen=True)
class ItemView:
    """One item as the page and the chart show it."""

    id: int
    label: str
    status: ItemStatus
    deadline: date | None
    days_left: int | None
    fee_cents: int
    carrier: str
    tracking_number: str
    tracking_url: str | None
    delivered_on: date | None
    late: bool

    @property
    def outstanding(self) -> bool:
        """Must still reach Ooma."""
        return self.status in (ItemStatus.TO_SHIP, ItemStatus.IN_TRANSIT, ItemStatus.OVERDUE)


def item_label(item_id: int, kind: str, serial: str) -> str:
    """A short label that stays unique with 20 alike devices: ``#3 Desk phone · DP1-5567``."""
    return f"#{item_id} {kind}" + (f" · {serial}" if serial else "")


def fee_at_risk(items: Iterable[ItemView]) -> int:
    """Non-return fees of every item that must still reach Ooma, in cents."""
    return sum(item.fee_cents for item in items if item.outstanding)


def chart_rows(items: Iterable[ItemView]) -> list[dict[str, Any]]:
    """Plain rows for the days-remaining chart: outstanding items that have a deadline, most urgent first."""
    rows = [
        {
            "item": item.label,
            "days_left": item.days_left,
            "urgency": urgency(item.days_left).value,
            "deadline": f"{item.deadline:%b %-d, %Y}",
            "status": item.status.value,
            "fee": format_dollars(item.fee_cents),
        }
        for item in items
        if item.outstanding and item.deadline is not None and item.days_left is not None
    ]
    return sorted(rows, key=lambda row: (row["days_left"], row["item"]))


def view_item(item: EquipmentItem, *, default_window_days: int, end_on: date | None, today: date) -> ItemView:
    """An item with its deadline (its own window, else the case's), status, days left and tracking link."""
    deadline = item_return_deadline(end_on, item.return_window_days, default_window_days)
    status = item_status(
        return_required=item.return_required,
        shipped_on=item.shipped_on,
        delivered_on=item.delivered_on,
        deadline=deadline,
        today=today,
    )
    return ItemView(
        id=item.id or 0,
        label=item_label(item.id or 0, item.kind, item.serial),
        status=status,
        deadline=deadline if item.return_required else None,
        days_left=(deadline - today).days if deadline and item.return_required else None,
        fee_cents=item.non_return_fee_cents,
        carrier=item.carrier,
        tracking_number=item.tracking_number,
        tracking_url=tracking_url(item.carrier, item.tracking_number),
        delivered_on=item.delivered_on,
        late=delivered_late(item.delivered_on, deadline),
    )
