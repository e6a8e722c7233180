"""Stage 8, review final bill: upload a CSV, check every line against the case, and dispute what is wrong."""

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from ooma_cancel.account import one_line_address
from ooma_cancel.bill import AuditContext, BillReadError, BillReading, ColumnMapping, audit, read_bill
from ooma_cancel.bill.charts import charges_by_category_chart, charges_over_time_chart
from ooma_cancel.bill.dispute import DisputedLine, DisputeFacts, Shipment, dispute_letter, findings_rows_csv
from ooma_cancel.bill.mapping import COLUMN_ROLES
from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
from ooma_cancel.bill.sample import sample_bill_csv
from ooma_cancel.chart_text import ChartText, charges_by_category_text, charges_over_time_text
from ooma_cancel.charts import display_spec
from ooma_cancel.errors import UserError
from ooma_cancel.money import format_dollars, parse_cents
from ooma_cancel.pdf import text_to_pdf
from ooma_cancel.store import bill as bill_store
from ooma_cancel.store.confirmations import primary_cancellation_confirmation
from ooma_cancel.store.facts import target_account
from ooma_cancel.ui.charts import chart_with_text
from ooma_cancel.ui.downloads import personal_download
from ooma_cancel.ui.markup import escape_markdown
from ooma_cancel.ui.session import change, reading
from ooma_cancel.ui.widgets import require_scope

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the server refuses larger uploads too (.streamlit/config.toml)
ROLE_LABELS = {
    "date": "Date",
    "period": "Service period (one column)",
    "period_start": "Period from",
    "period_end": "Period to",
    "description": "Description",
    "amount": "Amount",
    "debit": "Debit (charges)",
    "credit": "Credit (payments)",
    "category": "Category",
    "type": "Type (charge or credit)",
}
FLAG_WORDS = {
    "after_end_date": "after the end date",
    "early_termination_fee": "early termination fee",
    "equipment_fee": "equipment fee",
    "late_fee": "late fee (review)",
    "duplicate": "duplicate",
}
SELECTED_KEY = "bill.selected_upload"
SAMPLE_KEY = "bill.sample"


@st.cache_data(max_entries=8, show_spinner=False)
def read_cached(digest: str, mapping_key: str, _data: bytes):
    """Parse once per file and mapping (keyed by the file's hash, so only identical bytes share an entry)."""
    mapping = ColumnMapping(**json.loads(mapping_key)) if mapping_key else None
    return read_bill(_data, mapping=mapping)


@st.cache_data(show_spinner=False, max_entries=32)
def chart_specs(
    owner: str, case_id: int, upload_id: int, marker: tuple, end_date: date
) -> tuple[tuple[dict, ChartText] | None, tuple[dict, ChartText] | None]:
    """The two charts of an audit as ready specs: building and validating Altair charts costs ~40 ms a rerun.

    Keyed by owner, case and upload (and the audit's marker), so one person's entry never serves another.
    """
    with reading() as session:
        by_category = bill_store.bill_totals_by_category(
            session=session, owner=owner, case_id=case_id, upload_id=upload_id
        )
        daily = bill_store.bill_daily_totals(
            session=session, owner=owner, case_id=case_id, upload_id=upload_id
        )
    return (
        (display_spec(charges_by_category_chart(by_category)), charges_by_category_text(by_category))
        if by_category
        else None,
        (display_spec(charges_over_time_chart(daily, end_date)), charges_over_time_text(daily, end_date))
        if daily
        else None,
    )


def when_text(line_on: date | None, start: date | None, end: date | None) -> str:
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    return line_on.isoformat() if line_on else ""


st.title("Review final bill")
st.caption(
    "Upload the final bill — or a bank or card statement — as CSV. Every line is checked against your case: "
    "charges after the end date, early termination and equipment fees, late fees and duplicates."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, me, today = scope.case_id, scope.owner, scope.today

with reading() as session:
    defaults = bill_store.audit_defaults(session=session, owner=me, case_id=case_id)
    uploads = bill_store.list_bill_uploads(session=session, owner=me, case_id=case_id)

# --- What the bill is checked against -------------------------------------------------------------------
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
        max_value=365,
        value=defaults.return_window_days,
        key="bill.window",
        help="From the provider profile (verify with Ooma) or your own value in Settings & data.",
    )
    fixed_term = right.checkbox(
        "The account had a fixed-term contract", value=defaults.fixed_term, key="bill.fixed_term"
    )
if end_date is None:
    st.warning("Enter the service end date above (or on the Service end date page) to audit a bill.")

# --- Upload, mapping, audit ------------------------------------------------------------------------------
uploaded = st.file_uploader(
    "Final bill or statement (CSV)", type=["csv", "txt", "tsv"], key="bill.upload", max_upload_size=10
)
# On a bank, card or PayPal statement only Ooma's lines are audited: found by its descriptors, or this text.
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
offer_sample = uploaded is None and not uploads
if offer_sample and st.button("Try it with a sample bill", key="bill.try_sample", disabled=end_date is None):
    st.session_state[SAMPLE_KEY] = True
source = None
if uploaded is not None:
    source = (uploaded.name, uploaded.getvalue())
elif st.session_state.get(SAMPLE_KEY) and end_date is not None:
    source = ("sample-final-bill.csv", sample_bill_csv(end_date))

if source is not None:
    name, data = source
    digest = hashlib.sha256(data).hexdigest()
    problem = None
    if len(data) > MAX_UPLOAD_BYTES:
        problem = "This file is larger than 10 MB: export a shorter period and try again."
    elif not data.strip():
        problem = "This file is empty."
    try:
        detected = read_cached(digest, "", data) if problem is None else None
    except BillReadError as error:
        detected, problem = None, str(error)
    if problem:
        st.error(f"Not audited: {escape_markdown(problem)}", icon=":material/error:")
    elif detected is not None:
        audited = digest in {u.sha256 for u in uploads}
        # Once this file is audited the findings below matter more: fold the column check away.
        with st.expander("How the file was read", expanded=not audited, icon=":material/table_view:"):
            st.text(
                f"{name} · {detected.encoding} · delimiter {detected.delimiter!r}"
                + ("" if detected.has_header else " · no header row")
            )
            st.caption("Check each column; change any that was guessed wrong.")
            options = [None, *detected.columns]
            chosen = {}
            columns = st.columns(3)
            for index, role in enumerate(COLUMN_ROLES):
                current = getattr(detected.mapping, role)
                chosen[role] = columns[index % 3].selectbox(
                    ROLE_LABELS[role],
                    options,
                    index=options.index(current) if current in options else 0,
                    format_func=lambda value: "(none)" if value is None else str(value),
                    key=f"bill.map.{digest[:12]}.{role}",
                )
            dayfirst = st.radio(
                "Dates are written",
                [False, True],
                index=int(bool(detected.mapping.dayfirst)),
                format_func=lambda v: "day first (31/12/2026)" if v else "month first (12/31/2026)",
                horizontal=True,
                key=f"bill.map.{digest[:12]}.dayfirst",
            )
            charges_negative = detected.mapping.charges_negative
            if chosen["amount"] and not (chosen["debit"] or chosen["credit"]):
                charges_negative = st.radio(
                    "Charges in this file are written as",
                    [False, True],
                    index=int(bool(detected.mapping.charges_negative)),
                    format_func=lambda v: "negative numbers (−32.07)" if v else "positive numbers (32.07)",
                    horizontal=True,
                    key=f"bill.map.{digest[:12]}.charges_negative",
                    help="Bank and card exports often write what you spent as negative numbers. Payments, refunds "
                    "and credits are never disputed.",
                )
            mapping = replace(
                detected.mapping, **chosen, dayfirst=dayfirst, charges_negative=charges_negative
            )
            try:
                bill = (
                    detected
                    if mapping == detected.mapping
                    else read_cached(digest, json.dumps(mapping_dict(mapping)), data)
                )
            except BillReadError as error:
                bill = None
                st.error(
                    f"With these columns the file cannot be read: {escape_markdown(error)}",
                    icon=":material/error:",
                )
            if bill is not None:
                st.text(bill.sign_note)
                for note in bill.notes:
                    st.text(f"Note: {note}")
                for warning in bill.warnings:
                    st.warning(escape_markdown(warning), icon=":material/warning:")
                st.text(
                    f"{len(bill.lines)} line items read; {bill.ignored_summary_rows} total/balance rows skipped; "
                    f"{len(bill.errors)} rows could not be read."
                )
                if bill.errors:
                    st.dataframe(
                        [{"line": e.line, "problem": e.message} for e in bill.errors[:200]],
                        hide_index=True,
                        height=160,
                    )
                run = st.button("Run the audit", key="bill.run", type="primary", disabled=end_date is None)
                if run and end_date is not None:
                    context = AuditContext(
                        end_date=end_date,
                        fixed_term=fixed_term,
                        equipment_returned_on=returned_on,
                        return_window_days=int(window),
                        merchant=merchant_text.strip() or None,
                        all_lines=all_lines,
                        equipment_shipped_on=defaults.equipment_shipped_on,
                    )
                    progress = st.progress(0.0, text="Checking lines")
                    result = audit(
                        bill, context, progress=lambda f, phase: progress.progress(min(f, 1.0), text=phase)
                    )
                    progress.progress(1.0, text="Saving")
                    rows = line_rows(result)
                    read: BillReading = bill
                    saved = change(
                        lambda session: bill_store.save_bill_audit(
                            session=session,
                            owner=me,
                            case_id=case_id,
                            filename=name,
                            sha256=digest,
                            mapping=mapping_dict(mapping),
                            report=audit_report(read, result),
                            lines=rows,
                        ),
                        success="Audit saved with your case.",
                    )
                    progress.empty()
                    if saved is not None:
                        st.session_state[SELECTED_KEY] = saved.id
                        st.session_state.pop(SAMPLE_KEY, None)
                        st.rerun()

# --- Results of a saved audit ----------------------------------------------------------------------------
if not uploads:
    st.stop()

st.divider()
if source is not None and digest not in {u.sha256 for u in uploads}:
    # The file above is not audited yet: what follows is another file's audit, and says so.
    st.header("Earlier audits")
ids = [u.id for u in uploads if u.id is not None]
names = {u.id: f"{u.filename} · audited {u.uploaded_at:%b %-d, %Y %H:%M} UTC" for u in uploads}
if st.session_state.get(SELECTED_KEY) not in ids:
    st.session_state[SELECTED_KEY] = ids[0]
selected = st.selectbox("Audited bill", ids, format_func=lambda i: names[i], key=SELECTED_KEY)
upload = next(u for u in uploads if u.id == selected)
upload_id: int = upload.id or 0  # a stored upload always has one
report: dict[str, Any] = upload.report or {}
summary = report.get("summary", {})
audit_end = date.fromisoformat(report.get("context", {}).get("end_date", today.isoformat()))

with reading() as session:
    findings = bill_store.bill_findings(session=session, owner=me, case_id=case_id, upload_id=upload_id)
    account = target_account(session=session, owner=me, case_id=case_id)
    primary = primary_cancellation_confirmation(session=session, owner=me, case_id=case_id)
    confirmation = primary.number if primary else None
    items = bill_store.returned_equipment(session=session, owner=me, case_id=case_id)
    also_on = bill_store.lines_on_other_files(session=session, owner=me, case_id=case_id, upload_id=upload_id)

with st.container(horizontal=True, gap="medium"):
    st.metric(
        "Billed (charges)",
        format_dollars(summary.get("charges_total_cents", 0)),
        border=True,
        width="content",
    )
    st.metric(
        "Payments and credits",
        format_dollars(summary.get("credits_total_cents", 0)),
        border=True,
        width="content",
    )
    st.metric("Disputed", format_dollars(upload.disputed_total_cents), border=True, width="content")
    st.metric("Lines checked", f"{summary.get('lines', 0):,}", border=True, width="content")
counts = summary.get("flag_counts", {})
# The report is stored JSON (an imported case brings its own): its words are not ours.
flagged_words = [escape_markdown(f"{FLAG_WORDS.get(flag, flag)}: {n}") for flag, n in counts.items() if n]
st.caption(
    ("Flags — " + " · ".join(flagged_words) if flagged_words else "No line was flagged.")
    + f" · checked against an end date of {audit_end:%b %-d, %Y}"
    + (
        f" · {escape_markdown(report.get('ignored_lines'))} other lines set aside (not Ooma's)"
        if report.get("ignored_lines")
        else ""
    )
)
if report.get("provider_lines"):
    st.text("Ooma's lines found by: " + " · ".join(report["provider_lines"]))
if report.get("sign"):
    st.text(report["sign"])
audit_warnings = report.get("warnings", [])
for warning in audit_warnings:
    st.warning(escape_markdown(warning), icon=":material/warning:")

lines = [
    DisputedLine(
        line=line.line,
        when=when_text(line.line_on, line.period_start, line.period_end),
        description=line.description,
        amount_cents=line.amount_cents,
        disputed_cents=finding.disputed_cents,
        flags=tuple(f for f in finding.flags.split(",") if f),
        reason=finding.reason,
        also_on=also_on.get(line.id or 0, ""),
    )
    for line, finding in findings
]
st.header("Findings")
if lines:
    st.dataframe(
        [
            {
                "line": line.line,
                "date or period": line.when,
                "description": line.description,
                "amount": format_dollars(line.amount_cents),
                "disputed": format_dollars(line.disputed_cents),
                "why": ", ".join(FLAG_WORDS.get(f, f) for f in line.flags),
                "reason": line.reason,
            }
            for line in lines
        ],
        hide_index=True,
        column_config={"reason": st.column_config.TextColumn(width="large")},
    )
elif audit_warnings:
    st.info("No line was flagged, but see the warning above before you rely on it.")
else:
    st.success("Nothing on this bill needs disputing.")
if report.get("errors"):
    with st.expander(f"{escape_markdown(report.get('error_count', 0))} rows could not be read"):
        st.dataframe(report["errors"], hide_index=True)

# An audit changes only when it is run again, which changes its totals or its mapping: that is the marker.
audit_marker = (
    upload.disputed_total_cents,
    json.dumps(summary, sort_keys=True),
    json.dumps(upload.mapping, sort_keys=True),
)
by_category_spec, daily_spec = chart_specs(me, case_id, upload_id, audit_marker, audit_end)
if by_category_spec is not None:
    left, right = st.columns(2)
    chart_with_text(*by_category_spec, where=left)
    if daily_spec is not None:
        chart_with_text(*daily_spec, where=right)

disputed_lines = [line for line in lines if line.disputed_cents > 0]
if disputed_lines:
    st.header("Dispute letter")
    facts = DisputeFacts(
        holder_name=account.holder_name if account else "",
        account_number=account.account_number if account else "",
        service_address=one_line_address(account) if account else "",
        email=account.email if account else "",
        end_date=audit_end,
        confirmation_number=confirmation,
        bill_name=upload.filename,
        shipments=[
            Shipment(
                item=item.kind,
                carrier=item.carrier,
                tracking_number=item.tracking_number,
                shipped_on=item.shipped_on,
                delivered_on=item.delivered_on,
            )
            for item in items
        ],
    )
    letter = dispute_letter(facts, disputed_lines, today=today)
    if confirmation is None:
        st.warning("The letter is stronger with a cancellation confirmation number: record it on its page.")
    with st.expander("Review the letter before you send it", icon=":material/description:"):
        st.text(letter)
    pdf_note = f"Dispute of {upload.filename}"
    # The PDF and the CSV are built when their button is pressed (deferred), never on every rerun.
    with st.container(horizontal=True):
        personal_download(
            "Dispute letter (PDF)",
            data=lambda: text_to_pdf(letter, title="Final bill dispute", footer_note=pdf_note),
            file_name="ooma-final-bill-dispute.pdf",
            mime="application/pdf",
            key="bill.letter_pdf",
            icon=":material/picture_as_pdf:",
        )
        personal_download(
            "Dispute letter (text)",
            data=lambda: letter,
            file_name="ooma-final-bill-dispute.txt",
            mime="text/plain",
            key="bill.letter_txt",
        )
        personal_download(
            "Findings (CSV)",
            data=lambda: findings_rows_csv(lines),
            file_name="ooma-final-bill-findings.csv",
            mime="text/csv",
            key="bill.findings_csv",
            icon=":material/table:",
        )

with st.expander("After you sent the dispute", icon=":material/event:"):
    follow = st.date_input(
        "Check for Ooma's answer on",
        value=upload.dispute_follow_up_on,
        min_value=today,
        key=f"bill.follow_up.{upload.id}",
        format="MM/DD/YYYY",
    )
    if st.button("Save follow-up date", key="bill.follow_up.save"):
        change(
            lambda session: bill_store.set_dispute_follow_up(
                session=session,
                owner=me,
                case_id=case_id,
                upload_id=upload_id,
                follow_up_on=follow,
                today=today,
            ),
            success="Follow-up date saved; it is in the calendar export.",
        )
    st.markdown("**Ooma's answer**")
    outcome = st.radio(
        "What did Ooma do?",
        ["credit", "refund"],
        format_func={
            "credit": "Credited the account (lowers what you owe)",
            "refund": "Paid money back to me (settles a credit balance)",
        }.get,
        horizontal=True,
        key="bill.outcome.kind",
    )
    amount_text = st.text_input("Amount", placeholder="e.g. 84.55", key="bill.outcome.amount")
    outcome_on = st.date_input("On", value=today, max_value=today, key="bill.outcome.on", format="MM/DD/YYYY")
    if st.button("Record it in the balance ledger", key="bill.outcome.save"):
        try:
            cents = parse_cents(amount_text)
        except UserError as error:
            st.error(escape_markdown(str(error)), icon=":material/error:")
        else:
            change(
                lambda session: bill_store.record_dispute_outcome(
                    session=session,
                    owner=me,
                    case_id=case_id,
                    kind=outcome,
                    amount_cents=cents,
                    received_on=outcome_on,
                    today=today,
                    note=f"After disputing {upload.filename}",
                ),
                success=f"{outcome.capitalize()} of {format_dollars(cents)} recorded in the balance ledger.",
            )

with st.popover("Remove this audit", icon=":material/delete:"):
    st.write("Remove this bill and its findings from the case? Upload the file again to audit it again.")
    if st.button("Yes, remove it", key="bill.remove"):

        def remove(session) -> bool:
            bill_store.delete_bill_upload(session=session, owner=me, case_id=case_id, upload_id=upload_id)
            return True

        if change(remove, success="Audit removed."):
            st.session_state.pop(SELECTED_KEY, None)
            st.rerun()
