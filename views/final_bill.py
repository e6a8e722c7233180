"""Stage 8, review final bill: upload a CSV, check every line against the case, and dispute what is wrong."""

from dataclasses import replace
from datetime import date
from functools import partial

import streamlit as st

from ooma_cancel.bill import AuditContext
from ooma_cancel.bill.sample import sample_bill_csv
from ooma_cancel.formatting import moment_text
from ooma_cancel.models import BillUpload, EquipmentItem, limit
from ooma_cancel.store import bill as bill_store
from ooma_cancel.store.bill import AuditDefaults
from ooma_cancel.ui.bill_audit import audit_panel
from ooma_cancel.ui.bill_mapping import first_reading, mapping_panel
from ooma_cancel.ui.bill_run import SAMPLE_KEY, SELECTED_KEY, Upload, run_audit
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.session import CaseInView, reading
from ooma_cancel.ui.widgets import require_scope


def checked_against(defaults: AuditDefaults) -> AuditContext | None:
    """What the bill is checked against, filled in from the case and changeable for this audit only (the
    merchant filter is set below, with the upload); None without an end date."""
    with st.expander(
        "What the bill is checked against", expanded=defaults.end_date is None, icon=":material/tune:"
    ):
        st.caption("Filled in from your case; change them here for this audit only.")
        left, right = st.columns(2)
        end_date = left.date_input(
            "Service end date (last day of service)",
            value=defaults.end_date,
            key="bill.end_date",
            format="MM/DD/YYYY",
        )
        returned_on = right.date_input(
            "Equipment returned on (delivered to Ooma)",
            value=defaults.equipment_returned_on,
            key="bill.returned_on",
            format="MM/DD/YYYY",
            help="Leave empty when nothing was returned.",
        )
        window = left.number_input(
            "Return window (days after the end date)",
            min_value=1,
            max_value=limit(EquipmentItem, "return_window_days"),
            value=defaults.return_window_days,
            key="bill.window",
            help="From the provider profile (verify with Ooma) or your own value in Settings & data.",
        )
        fixed_term = right.checkbox(
            "The account had a fixed-term contract", value=defaults.fixed_term, key="bill.fixed_term"
        )
    if end_date is None:
        st.warning("Enter the service end date above (or on the Service end date page) to audit a bill.")
        return None
    return AuditContext(
        end_date=end_date,
        fixed_term=fixed_term,
        equipment_returned_on=returned_on,
        return_window_days=int(window),
        equipment_shipped_on=defaults.equipment_shipped_on,
    )


def whose_lines(context: AuditContext | None) -> AuditContext | None:
    """On a bank, card or PayPal statement only Ooma's lines are audited: found by its descriptors, or this text."""
    match_left, match_right = st.columns([3, 2], vertical_alignment="bottom")
    merchant_text = match_left.text_input(
        "Ooma's lines contain",
        key="bill.merchant",
        max_chars=60,
        placeholder="OOMA, OOMA INC, OOMA*…, Ooma, Inc., OOMA CANADA (automatic)",
        help="On a statement with other merchants' lines, only lines whose description contains this text are "
        "audited. Leave empty to find Ooma's lines by the names Ooma uses on statements.",
    )
    all_lines = match_right.checkbox(
        "Audit every line (not only Ooma's)",
        key="bill.all_lines",
        help="For Ooma's own bill, whose lines are all Ooma's whatever they say.",
    )
    if context is None:
        return None
    return replace(context, merchant=merchant_text.strip() or None, all_lines=all_lines)


def bill_source(
    uploaded: bytes | None, name: str, end_date: date | None, *, offer_sample: bool
) -> Upload | None:
    """The uploaded file, else the sample bill once asked for (it needs the end date)."""
    if offer_sample and st.button(
        "Try it with a sample bill", key="bill.try_sample", disabled=end_date is None
    ):
        st.session_state[SAMPLE_KEY] = True
    if uploaded is not None:
        data = uploaded
    elif st.session_state.get(SAMPLE_KEY) and end_date is not None:
        name, data = "sample-final-bill.csv", sample_bill_csv(end_date)
    else:
        return None
    return Upload.of(name, data)


def chosen_audit(uploads: list[BillUpload], scope: CaseInView) -> BillUpload:
    """The saved audit to show: the one just run, else the newest, else the person's choice."""
    ids = [u.id for u in uploads if u.id is not None]
    names = {u.id: f"{u.filename} · audited {moment_text(u.uploaded_at, scope.tz)}" for u in uploads}
    if st.session_state.get(SELECTED_KEY) not in ids:
        st.session_state[SELECTED_KEY] = ids[0]
    selected = st.selectbox("Audited bill", ids, format_func=lambda i: names[i], key=SELECTED_KEY)
    return next(u for u in uploads if u.id == selected)


st.title("Review final bill")
st.caption(
    "Upload the final bill — or a bank or card statement — as CSV. Every line is checked against your case: "
    "charges after the end date, early termination and equipment fees, late fees and duplicates."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
with reading() as session:
    defaults = bill_store.audit_defaults(session=session, owner=scope.owner, case_id=scope.case_id)
    uploads = bill_store.list_bill_uploads(session=session, owner=scope.owner, case_id=scope.case_id)
audited = {u.sha256 for u in uploads}

context = checked_against(defaults)
uploaded = st.file_uploader(
    "Final bill or statement (CSV)", type=["csv", "txt", "tsv"], key="bill.upload", max_upload_size=10
)
context = whose_lines(context)
source = bill_source(
    uploaded.getvalue() if uploaded is not None else None,
    uploaded.name if uploaded is not None else "",
    context.end_date if context is not None else None,
    offer_sample=uploaded is None and not uploads,
)
detected = first_reading(source.data, source.digest) if source is not None else None
if source is not None and detected is not None:
    mapping_panel(
        source.name,
        source.data,
        source.digest,
        detected,
        audited=source.digest in audited,
        when_read=partial(run_audit, scope, source, context=context),
    )

if not uploads:
    next_step_link(scope)
    st.stop()
st.divider()
if source is not None and source.digest not in audited:
    # The file above is not audited yet: what follows is another file's audit, and says so.
    st.header("Earlier audits")
audit_panel(scope, chosen_audit(uploads, scope), selected_key=SELECTED_KEY)
next_step_link(scope)  # the case's next step, as the overview has it
