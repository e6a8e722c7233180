"""Stage 4, equipment return: what goes back, by when, how it travels, and the days left for each item."""

from functools import partial

import streamlit as st

from ooma_cancel.chart_text import days_remaining_text
from ooma_cancel.charts import days_remaining_spec
from ooma_cancel.equipment import (
    ItemStatus,
    chart_rows,
    fee_at_risk,
    ownership_hint,
)
from ooma_cancel.formatting import choice_text, day_text, format_dollars, plural, yes_or_blank
from ooma_cancel.models import EquipmentItem
from ooma_cancel.store.equipment import (
    EquipmentOverview,
    delete_item,
    equipment_overview,
    mark_delivered,
)
from ooma_cancel.ui.charts import chart_with_text
from ooma_cancel.ui.equipment_form import EARLIEST, item_form
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.markup import ours
from ooma_cancel.ui.record_editor import (
    EditorWords,
    RecordEditor,
    new_record_form,
    record_editor,
)
from ooma_cancel.ui.session import CaseInView, change_in_callback, reading, tell
from ooma_cancel.ui.tables import link_cell
from ooma_cancel.ui.widgets import require_scope

PAGE = "equipment"


def devices_editor(scope: CaseInView, overview: EquipmentOverview) -> RecordEditor[EquipmentItem]:
    """The devices as a table, each one to edit or remove (the form drawn only on request)."""
    view_of = {view.id: view for view in overview.views}

    def row(item: EquipmentItem) -> dict[str, object]:
        view = view_of[item.id or 0]
        # Key columns first: at phone width the table keeps the first five (what, its state, by when, tracking).
        return {
            "Item": view.label,
            "Status": choice_text(view.status.value) + (" (late)" if view.late else ""),
            "Must arrive by": day_text(view.deadline),
            "Tracking number": view.tracking_number,
            "Track": view.tracking_url,
            "Days left": str(view.days_left) if view.outstanding and view.days_left is not None else "",
            "Owned": "leased" if item.leased else "bought",
            "Fee if not returned": format_dollars(view.fee_cents) if item.return_required else "",
            "Label": yes_or_blank(item.label_received),
            "Shipped": day_text(item.shipped_on),
            "Carrier": view.carrier,
            "Delivered": day_text(view.delivered_on),
            "Proof": item.proof_note,
        }

    return RecordEditor(
        page=PAGE,
        records=overview.items,
        record_id=lambda item: item.id or 0,
        row=row,
        describe=lambda item: view_of[item.id or 0].label,
        form=item_form(scope),
        remove=lambda session, item_id: delete_item(
            session=session, owner=scope.owner, case_id=scope.case_id, item_id=item_id
        ),
        words=EditorWords(
            opener="Edit or remove a device",
            choice="Device",
            remove="Remove this device",
            removed="Device removed.",
        ),
        # A wrapping HTML table: a tracking number is read (and copied) whole, at any width.
        table="wrap",
        links={"Track": lambda url: link_cell(url, "Track shipment ↗")},
        narrow_columns=5,
        # A page with both forms on every rerun ran at the 50 ms budget.
        opener="toggle",
    )


def ownership_hints(items: list[EquipmentItem]) -> None:
    for item in items:
        hint = ownership_hint(item.kind, leased=item.leased, return_required=item.return_required)
        if hint:
            st.caption(f"Device #{item.id}: {hint}")


def under_the_table(scope: CaseInView, overview: EquipmentOverview) -> None:
    """Whose each device is, then a shipment to mark delivered."""
    ownership_hints(overview.items)
    deliver_panel(scope, overview)


DELIVER_KEY = "equipment.deliver.save"


def deliver_panel(scope: CaseInView, overview: EquipmentOverview) -> None:
    """Mark a shipment that is on its way as delivered."""
    shipped_ids = {item.id for item in overview.items if item.shipped_on}
    in_transit = (ItemStatus.IN_TRANSIT, ItemStatus.OVERDUE)
    labels = {
        view.id: view.label for view in overview.views if view.status in in_transit and view.id in shipped_ids
    }
    if not labels:
        return
    today = scope.today
    with st.container(border=True):
        st.markdown("**Mark a shipment delivered**")
        left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
        left.selectbox("Shipment", list(labels), format_func=labels.__getitem__, key="equipment.deliver.item")
        middle.date_input(
            "Delivered on",
            value=today,
            min_value=EARLIEST,
            max_value=today,
            format="MM/DD/YYYY",
            key="equipment.deliver.on",
        )
        right.button(
            "Mark delivered", key=DELIVER_KEY, type="primary", on_click=mark_delivered_now, args=(scope,)
        )
    tell(DELIVER_KEY)


def mark_delivered_now(scope: CaseInView) -> None:
    """ "Mark delivered"'s callback: the chosen shipment and date as the widgets hold them (no date, no change),
    saved before the page is drawn, so the page shows the delivery in the same run."""
    delivered_on = st.session_state.get("equipment.deliver.on")
    if not delivered_on:
        return
    change_in_callback(
        lambda session: mark_delivered(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            item_id=st.session_state["equipment.deliver.item"],
            delivered_on=delivered_on,
            today=scope.today,
        ),
        told=DELIVER_KEY,
        success="Delivery recorded.",
    )


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
    st.caption(f"Service end date: {day_text(overview.end_on)}, {which}. {window_text}")

outstanding = [view for view in views if view.outstanding]
overdue = [view for view in views if view.status is ItemStatus.OVERDUE]
with st.container(horizontal=True, gap="medium"):
    st.metric("Devices to return", len(outstanding), border=True, width="content")
    st.metric("Fees at risk", format_dollars(fee_at_risk(views)), border=True, width="content")
    deadlines = [view.deadline for view in outstanding if view.deadline]
    st.metric(
        "Next deadline",
        day_text(min(deadlines) if deadlines else None, missing="—"),
        delta=f"{(min(deadlines) - today).days} days left" if deadlines else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
if overdue:
    st.error(
        ours(
            f"{plural(len(overdue), 'device')} past the return deadline: {format_dollars(fee_at_risk(overdue))} in fees "
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
    chart_with_text(days_remaining_spec(rows), days_remaining_text(rows))

if views:
    st.header("Your devices")
    record_editor(
        devices_editor(scope, overview),
        below_table=partial(under_the_table, scope, overview),
    )
else:
    st.write("No devices listed yet. Add each Ooma device you have, even the ones you keep.")

st.header("Add a device")
st.caption(f"{window_text} Leave an item's own window empty to use it.")
new_record_form(PAGE, item_form(scope))
next_step_link(scope)  # the case's next step, as the overview has it
