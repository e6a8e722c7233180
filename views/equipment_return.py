"""Stage 4, equipment return: what goes back, by when, how it travels, and the days left for each item."""

from datetime import date

import streamlit as st

from ooma_cancel.chart_text import days_remaining_text
from ooma_cancel.charts import days_remaining_chart, display_spec
from ooma_cancel.equipment import (
    KINDS,
    MAX_WINDOW_DAYS,
    ItemForm,
    ItemStatus,
    chart_rows,
    fee_at_risk,
    ownership_hint,
    validate_item,
)
from ooma_cancel.models import EquipmentItem
from ooma_cancel.money import format_dollars
from ooma_cancel.store.equipment import (
    add_item,
    delete_item,
    equipment_overview,
    mark_delivered,
    update_item,
)
from ooma_cancel.ui.a11y import field_errors
from ooma_cancel.ui.charts import chart_with_text
from ooma_cancel.ui.markup import ours
from ooma_cancel.ui.session import change, change_done, reading
from ooma_cancel.ui.widgets import require_scope

EARLIEST = date(2000, 1, 1)
NEW_FORM = "equipment.new_form"  # how many devices were added in this session: the empty form's generation


@st.cache_data(show_spinner=False, max_entries=256)
def chart_spec(owner: str, case_id: int, rows: tuple[tuple[tuple[str, object], ...], ...]) -> dict:
    """The chart's Vega-Lite spec, built (and validated) once per owner, case and rows, not on every rerun."""
    return display_spec(days_remaining_chart([dict(row) for row in rows]))


def key(prefix: str, field: str) -> str:
    return f"equipment.{prefix}.{field}"


# The form's field labels, for its messages (drawn after the form, so they name their field).
ITEM_LABELS = {
    "kind": "Device",
    "serial": "Serial number or MAC address",
    "fee": "Non-return fee ($)",
    "window_days": "Return window (days after the service ends)",
    "tracking_number": "Tracking number",
    "shipped_on": "Shipped on",
    "delivered_on": "Delivered to Ooma on",
    "proof_note": "Proof of delivery",
}


def item_form(prefix: str, case_id: int, item: EquipmentItem | None, today: date) -> None:
    """Add (``item`` None) or edit one device; nothing is saved until every field is valid."""
    with st.form(key(prefix, "form"), border=item is None):
        left, right = st.columns(2)
        with left:
            kind = st.selectbox(
                "Device",
                KINDS,
                index=KINDS.index(item.kind) if item and item.kind in KINDS else 0,
                key=key(prefix, "kind"),
            )
            serial = st.text_input(
                "Serial number or MAC address",
                value=item.serial if item else "",
                max_chars=60,
                key=key(prefix, "serial"),
            )
            leased = st.checkbox(
                "Leased or rented from Ooma (not bought)",
                value=item.leased if item else False,
                key=key(prefix, "leased"),
            )
            required = st.checkbox(
                "Ooma wants it back",
                value=item.return_required if item else False,
                key=key(prefix, "required"),
            )
            fee = st.text_input(
                "Non-return fee ($)",
                value=f"{item.non_return_fee_cents / 100:.2f}" if item and item.non_return_fee_cents else "",
                placeholder="e.g. 59.99",
                help="What Ooma charges if the device does not come back (ask Ooma; often the retail value).",
                key=key(prefix, "fee"),
            )
            window = st.number_input(
                "Return window (days after the service ends)",
                min_value=1,
                max_value=MAX_WINDOW_DAYS,
                value=item.return_window_days if item else None,
                step=1,
                placeholder="the case's window",
                help="Leave empty to use the case's window (verify it with Ooma).",
                key=key(prefix, "window"),
            )
        with right:
            label = st.checkbox(
                "Prepaid return label received",
                value=item.label_received if item else False,
                key=key(prefix, "label"),
            )
            shipped = st.date_input(
                "Shipped on",
                value=item.shipped_on if item else None,
                min_value=EARLIEST,
                max_value=today,
                format="MM/DD/YYYY",
                key=key(prefix, "shipped"),
            )
            tracking = st.text_input(
                "Tracking number",
                value=item.tracking_number if item else "",
                max_chars=60,
                help="UPS (1Z…), USPS (20–22 digits) and FedEx (12, 15 or 20 digits) are recognised.",
                key=key(prefix, "tracking"),
            )
            delivered = st.date_input(
                "Delivered to Ooma on",
                value=item.delivered_on if item else None,
                min_value=EARLIEST,
                max_value=today,
                format="MM/DD/YYYY",
                key=key(prefix, "delivered"),
            )
            proof = st.text_area(
                "Proof of delivery",
                value=item.proof_note if item else "",
                max_chars=1000,
                height=68,
                placeholder="e.g. UPS proof of delivery saved as PDF; signed by …",
                key=key(prefix, "proof"),
            )
        submitted = st.form_submit_button(
            "Add device" if item is None else "Save changes", key=key(prefix, "save"), type="primary"
        )
    if not submitted:
        return
    data, errors = validate_item(
        ItemForm(
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
        ),
        today=today,
    )
    if data is None:
        field_errors(errors, ITEM_LABELS)
        st.error("Not saved: fix the fields above.", icon=":material/error:")
        return
    if item is None:
        saved = change(
            lambda session: add_item(session=session, owner=me, case_id=case_id, data=data),
            success="Device added.",
        )
    else:
        saved = change(
            lambda session: update_item(
                session=session, owner=me, case_id=case_id, item_id=item.id or 0, data=data
            ),
            success="Device saved.",
        )
    if saved is not None:
        if item is None:
            # A fresh set of widget keys: the browser keeps what a reused widget showed, even when emptied here.
            st.session_state[NEW_FORM] = st.session_state.get(NEW_FORM, 0) + 1
        st.rerun()


st.title("Equipment return")
st.caption(
    "Leased devices usually go back to Ooma within a window after the service ends; a Telo you bought is "
    "normally yours to keep. Every deadline counts from the service end date."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, me = scope.case_id, scope.owner
today = scope.today
with reading() as session:
    overview = equipment_overview(session=session, owner=me, case_id=case_id, today=today)
views = overview.views

window_text = f"Return window: {overview.window_days} days after the service ends ({overview.window_label})."
if overview.end_on is None:
    st.info(
        "No service end date yet: set it on the Cancellation request or Service end date page, and each "
        "device's deadline appears here.",
        icon=":material/event:",
    )
else:
    which = "confirmed" if overview.end_confirmed else "requested (not confirmed yet)"
    st.caption(f"Service end date: {overview.end_on:%b %-d, %Y}, {which}. {window_text}")

outstanding = [view for view in views if view.outstanding]
overdue = [view for view in views if view.status is ItemStatus.OVERDUE]
with st.container(horizontal=True, gap="medium"):
    st.metric("Devices to return", len(outstanding), border=True, width="content")
    st.metric("Fees at risk", format_dollars(fee_at_risk(views)), border=True, width="content")
    deadlines = [view.deadline for view in outstanding if view.deadline]
    st.metric(
        "Next deadline",
        f"{min(deadlines):%b %-d, %Y}" if deadlines else "—",
        delta=f"{(min(deadlines) - today).days} days left" if deadlines else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
if overdue:
    st.error(
        ours(
            f"{len(overdue)} device(s) past the return deadline: {format_dollars(fee_at_risk(overdue))} in fees "
            "at risk. Ship now and keep the tracking number; ask Ooma whether a late return still avoids the fee."
        ),
        icon=":material/warning:",
    )
if any(view.late for view in views):
    st.warning(
        "A device reached Ooma after its deadline: check the final bill for a non-return fee.",
        icon=":material/warning:",
    )

rows = chart_rows(views)
if rows:
    st.header("Days left to return each item")
    chart_with_text(
        chart_spec(me, case_id, tuple(tuple(row.items()) for row in rows)), days_remaining_text(rows)
    )

if views:
    st.header("Your devices")
    st.dataframe(
        [
            {
                "Item": view.label,
                "Owned": "leased" if item.leased else "bought",
                "Status": view.status.value + (" (late)" if view.late else ""),
                "Must arrive by": f"{view.deadline:%b %-d, %Y}" if view.deadline else "",
                "Days left": str(view.days_left) if view.outstanding and view.days_left is not None else "",
                "Fee if not returned": format_dollars(view.fee_cents) if item.return_required else "",
                "Label": "yes" if item.label_received else "",
                "Shipped": f"{item.shipped_on:%b %-d, %Y}" if item.shipped_on else "",
                "Carrier": view.carrier,
                "Tracking number": view.tracking_number,
                "Track": view.tracking_url,
                "Delivered": f"{view.delivered_on:%b %-d, %Y}" if view.delivered_on else "",
                "Proof": item.proof_note,
            }
            for item, view in zip(overview.items, views, strict=True)
        ],
        column_config={
            "Track": st.column_config.LinkColumn("Track", display_text="Track shipment ↗"),
        },
        hide_index=True,
        width="stretch",
    )
    for item in overview.items:
        hint = ownership_hint(item.kind, leased=item.leased, return_required=item.return_required)
        if hint:
            st.caption(f"Device #{item.id}: {hint}")

    in_transit = [view for view in views if view.status in (ItemStatus.IN_TRANSIT, ItemStatus.OVERDUE)]
    shipped_ids = {item.id for item in overview.items if item.shipped_on}
    deliverable = [view for view in in_transit if view.id in shipped_ids]
    if deliverable:
        with st.container(border=True):
            st.markdown("**Mark a shipment delivered**")
            labels = {view.id: view.label for view in deliverable}
            left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
            chosen = left.selectbox(
                "Shipment", list(labels), format_func=labels.__getitem__, key="equipment.deliver.item"
            )
            delivered_on = middle.date_input(
                "Delivered on",
                value=today,
                min_value=EARLIEST,
                max_value=today,
                format="MM/DD/YYYY",
                key="equipment.deliver.on",
            )
            if right.button("Mark delivered", key="equipment.deliver.save", type="primary") and delivered_on:
                done = change(
                    lambda session: mark_delivered(
                        session=session,
                        owner=me,
                        case_id=case_id,
                        item_id=chosen,
                        delivered_on=delivered_on,
                        today=today,
                    ),
                    success="Delivery recorded.",
                )
                if done is not None:
                    st.rerun()

    # The edit form is drawn only on request: a page with both forms on every rerun ran at the 50 ms budget.
    if st.toggle("Edit or remove a device", key="equipment.edit.open"):
        labels = {view.id: view.label for view in views}
        chosen_id = st.selectbox(
            "Device", list(labels), format_func=labels.__getitem__, key="equipment.edit.choice"
        )
        chosen_item = next(item for item in overview.items if item.id == chosen_id)
        item_form(f"edit{chosen_id}", case_id, chosen_item, today)
        with st.popover("Remove this device", icon=":material/delete:"):
            st.write("Remove it from the case? The audit trail keeps that it was here.")
            if st.button("Yes, remove it", key="equipment.edit.remove"):
                removed = change_done(
                    lambda session: delete_item(
                        session=session, owner=me, case_id=case_id, item_id=chosen_id
                    ),
                    success="Device removed.",
                )
                if removed:
                    st.rerun()
else:
    st.write("No devices listed yet. Add each Ooma device you have, even the ones you keep.")

st.header("Add a device")
st.caption(f"{window_text} Leave an item's own window empty to use it.")
item_form(f"new{st.session_state.get(NEW_FORM, 0)}", case_id, None, today)
