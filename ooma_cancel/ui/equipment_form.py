"""The equipment page's device form: add a device or correct one (``views/equipment_return.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from ooma_cancel.devices import device_name
from ooma_cancel.equipment import KINDS, MAX_WINDOW_DAYS, ItemForm, validate_item
from ooma_cancel.formatting import amount_field
from ooma_cancel.models import EquipmentItem, limit
from ooma_cancel.store.equipment import add_item, update_item
from ooma_cancel.ui.record_editor import FormKeys, Save, add_or_update, refused
from ooma_cancel.ui.session import CaseInView

EARLIEST = date(2000, 1, 1)

# The form's field labels, for its messages (drawn after the form, so they name their field).
ITEM_LABELS = {
    "kind": "Model",
    "serial": "Serial number or MAC address",
    "fee": "Non-return fee ($)",
    "window_days": "Return window (days after the service ends)",
    "tracking_number": "Tracking number",
    "shipped_on": "Shipped on",
    "delivered_on": "Delivered to Ooma on",
    "proof_note": "Proof of delivery",
}


def item_fields(key: FormKeys, item: EquipmentItem | None, today: date) -> ItemForm:
    """One device's widgets, in two columns, as typed."""
    left, right = st.columns(2)
    # "Model", not "Device": when editing, the choice of which device to edit is the page's one "Device" field.
    kind = left.selectbox(
        "Model",
        KINDS,
        index=KINDS.index(item.kind) if item and item.kind in KINDS else 0,
        format_func=device_name,
        help="As Ooma names it on the device's label or your order; the list is Ooma's current range.",
        key=key("kind"),
    )
    serial = left.text_input(
        "Serial number or MAC address",
        value=item.serial if item else "",
        max_chars=limit(EquipmentItem, "serial"),
        key=key("serial"),
    )
    leased = left.checkbox(
        "Leased or rented from Ooma (not bought)", value=item.leased if item else False, key=key("leased")
    )
    required = left.checkbox(
        "Ooma wants it back", value=item.return_required if item else False, key=key("required")
    )
    fee = left.text_input(
        "Non-return fee ($)",
        value=amount_field(item.non_return_fee_cents) if item else "",
        placeholder="e.g. 59.99",
        help="What Ooma charges if the device does not come back (ask Ooma; often the retail value).",
        key=key("fee"),
    )
    window = left.number_input(
        "Return window (days after the service ends)",
        min_value=1,
        max_value=MAX_WINDOW_DAYS,
        value=item.return_window_days if item else None,
        step=1,
        placeholder="the case's window",
        help="Leave empty to use the case's window (verify it with Ooma).",
        key=key("window"),
    )
    label = right.checkbox(
        "Prepaid return label received", value=item.label_received if item else False, key=key("label")
    )
    shipped = right.date_input(
        "Shipped on",
        value=item.shipped_on if item else None,
        min_value=EARLIEST,
        max_value=today,
        format="MM/DD/YYYY",
        key=key("shipped"),
    )
    tracking = right.text_input(
        "Tracking number",
        value=item.tracking_number if item else "",
        max_chars=limit(EquipmentItem, "tracking_number"),
        help="UPS (1Z…), USPS (20–22 digits) and FedEx (12, 15 or 20 digits) are recognised.",
        key=key("tracking"),
    )
    delivered = right.date_input(
        "Delivered to Ooma on",
        value=item.delivered_on if item else None,
        min_value=EARLIEST,
        max_value=today,
        format="MM/DD/YYYY",
        key=key("delivered"),
    )
    proof = right.text_area(
        "Proof of delivery",
        value=item.proof_note if item else "",
        max_chars=limit(EquipmentItem, "proof_note"),
        height=68,
        placeholder="e.g. UPS proof of delivery saved as PDF; signed by …",
        key=key("proof"),
    )
    return ItemForm(
        kind=kind,
        serial=serial,
        leased=leased,
        return_required=required,
        fee=fee,
        window_days=int(window) if window is not None else None,
        label_received=label,
        shipped_on=shipped,
        tracking_number=tracking,
        delivered_on=delivered,
        proof_note=proof,
    )


def item_form(scope: CaseInView) -> Callable[[FormKeys, EquipmentItem | None], Save | None]:
    """Add (no item) or edit one device; nothing is saved until every field is valid."""
    me, case_id, today = scope.owner, scope.case_id, scope.today

    def form(key: FormKeys, item: EquipmentItem | None) -> Save | None:
        with st.form(key("form"), border=item is None):
            typed = item_fields(key, item, today)
            submitted = st.form_submit_button(
                "Add device" if item is None else "Save changes", key=key("save"), type="primary"
            )
        if not submitted:
            return None
        data, errors = validate_item(typed, today=today)
        if data is None:
            refused(errors, ITEM_LABELS)
            return None
        return add_or_update(
            item,
            add=lambda session: add_item(session=session, owner=me, case_id=case_id, data=data),
            update=lambda session, device: update_item(
                session=session, owner=me, case_id=case_id, item_id=device.id or 0, data=data
            ),
            added="Device added.",
            saved="Device saved.",
        )

    return form
