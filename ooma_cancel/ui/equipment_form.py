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
from ooma_cancel.ui.record_editor import FormKeys, Refused, Save, add_or_update, choice_index, submit_button
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


def item_fields(key: FormKeys, item: EquipmentItem | None, today: date) -> None:
    """One device's widgets, in two columns (what was typed is read back by :func:`typed_item`)."""
    left, right = st.columns(2)
    # "Model", not "Device": when editing, the choice of which device to edit is the page's one "Device" field.
    left.selectbox(
        "Model",
        KINDS,
        index=choice_index(KINDS, item.kind if item else None),
        format_func=device_name,
        help="As Ooma names it on the device's label or your order; the list is Ooma's current range.",
        key=key("kind"),
    )
    left.text_input(
        "Serial number or MAC address",
        value=item.serial if item else "",
        max_chars=limit(EquipmentItem, "serial"),
        key=key("serial"),
    )
    left.checkbox(
        "Leased or rented from Ooma (not bought)", value=item.leased if item else False, key=key("leased")
    )
    left.checkbox("Ooma wants it back", value=item.return_required if item else False, key=key("required"))
    left.text_input(
        "Non-return fee ($)",
        value=amount_field(item.non_return_fee_cents) if item else "",
        placeholder="e.g. 59.99",
        help="What Ooma charges if the device does not come back (ask Ooma; often the retail value).",
        key=key("fee"),
    )
    left.number_input(
        "Return window (days after the service ends)",
        min_value=1,
        max_value=MAX_WINDOW_DAYS,
        value=item.return_window_days if item else None,
        step=1,
        placeholder="the case's window",
        help="Leave empty to use the case's window (verify it with Ooma).",
        key=key("window"),
    )
    right.checkbox(
        "Prepaid return label received", value=item.label_received if item else False, key=key("label")
    )
    right.date_input(
        "Shipped on",
        value=item.shipped_on if item else None,
        min_value=EARLIEST,
        max_value=today,
        format="MM/DD/YYYY",
        key=key("shipped"),
    )
    right.text_input(
        "Tracking number",
        value=item.tracking_number if item else "",
        max_chars=limit(EquipmentItem, "tracking_number"),
        help="UPS (1Z…), USPS (20–22 digits) and FedEx (12, 15 or 20 digits) are recognised.",
        key=key("tracking"),
    )
    right.date_input(
        "Delivered to Ooma on",
        value=item.delivered_on if item else None,
        min_value=EARLIEST,
        max_value=today,
        format="MM/DD/YYYY",
        key=key("delivered"),
    )
    right.text_area(
        "Proof of delivery",
        value=item.proof_note if item else "",
        max_chars=limit(EquipmentItem, "proof_note"),
        height=68,
        placeholder="e.g. UPS proof of delivery saved as PDF; signed by …",
        key=key("proof"),
    )


def typed_item(key: FormKeys) -> ItemForm:
    """What was typed into one device's form, from the session's state (its submit's callback reads it so)."""
    typed = st.session_state
    window = typed[key("window")]
    return ItemForm(
        kind=typed[key("kind")],
        serial=typed[key("serial")],
        leased=typed[key("leased")],
        return_required=typed[key("required")],
        fee=typed[key("fee")],
        window_days=int(window) if window is not None else None,
        label_received=typed[key("label")],
        shipped_on=typed[key("shipped")],
        tracking_number=typed[key("tracking")],
        delivered_on=typed[key("delivered")],
        proof_note=typed[key("proof")],
    )


def item_form(scope: CaseInView) -> Callable[[FormKeys, EquipmentItem | None], None]:
    """Add (no item) or edit one device; nothing is saved until every field is valid."""
    me, case_id, today = scope.owner, scope.case_id, scope.today

    def form(key: FormKeys, item: EquipmentItem | None) -> None:
        with st.form(key("form"), border=item is None):
            item_fields(key, item, today)
            submit_button(
                key,
                "Add device" if item is None else "Save changes",
                lambda: check(key, item),
                type="primary",
            )

    def check(key: FormKeys, item: EquipmentItem | None) -> Save | Refused:
        data, errors = validate_item(typed_item(key), today=today)
        if data is None:
            return Refused(errors, ITEM_LABELS)
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
