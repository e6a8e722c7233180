"""The final bill page's audit panel: a saved audit's totals, findings and charts, the dispute letter, what
Ooma answered, and removing the audit. Used by ``views/final_bill.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from ooma_cancel.account import one_line_address
from ooma_cancel.bill.charts import charges_by_category_chart, charges_over_time_chart
from ooma_cancel.bill.dispute import DisputedLine, DisputeFacts, Shipment, dispute_letter, findings_rows_csv
from ooma_cancel.chart_text import ChartText, charges_by_category_text, charges_over_time_text
from ooma_cancel.charts import display_spec
from ooma_cancel.errors import UserError
from ooma_cancel.formatting import date_range_text, day_text, format_dollars
from ooma_cancel.models import Account, BillUpload, EquipmentItem
from ooma_cancel.money import parse_cents
from ooma_cancel.pdf import text_to_pdf
from ooma_cancel.store import bill as bill_store
from ooma_cancel.store.confirmations import primary_cancellation_confirmation
from ooma_cancel.store.facts import target_account
from ooma_cancel.ui.case_cache import CaseStamp, case_stamp, per_case
from ooma_cancel.ui.charts import chart_with_text
from ooma_cancel.ui.downloads import personal_download
from ooma_cancel.ui.markup import escape_markdown
from ooma_cancel.ui.record_editor import confirm_removal
from ooma_cancel.ui.session import CaseInView, change, reading
from ooma_cancel.ui.tables import text_table

FLAG_WORDS = {  # as the findings' "Why" column and the flag counts name them
    "after_end_date": "After the end date",
    "early_termination_fee": "Early termination fee",
    "equipment_fee": "Equipment fee",
    "late_fee": "Late fee (review)",
    "duplicate": "Duplicate",
}


@per_case(max_entries=256)  # two charts of one upload: tens of kB at most
def chart_specs(
    stamp: CaseStamp, upload_id: int, end_date: date
) -> tuple[tuple[dict, ChartText] | None, tuple[dict, ChartText] | None]:
    """The two charts of an audit as ready specs: building and validating Altair charts costs ~40 ms a rerun."""
    with reading() as session:
        by_category = bill_store.bill_totals_by_category(
            session=session, owner=stamp.owner, case_id=stamp.case_id, upload_id=upload_id
        )
        daily = bill_store.bill_daily_totals(
            session=session, owner=stamp.owner, case_id=stamp.case_id, upload_id=upload_id
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
        return date_range_text(start, end)
    return day_text(line_on)


def audit_totals(upload: BillUpload, report: dict[str, Any], audit_end: date) -> list[str]:
    """The audit's totals and flags, and what the reader said about the file; returns the audit's warnings."""
    summary = report.get("summary", {})
    with st.container(horizontal=True, gap="medium"):
        for label, cents in (
            ("Billed (charges)", summary.get("charges_total_cents", 0)),
            ("Payments and credits", summary.get("credits_total_cents", 0)),
            ("Disputed", upload.disputed_total_cents),
        ):
            st.metric(label, format_dollars(cents), border=True, width="content")
        st.metric("Lines checked", f"{summary.get('lines', 0):,}", border=True, width="content")
    counts = summary.get("flag_counts", {})
    # The report is stored JSON (an imported case brings its own): its words are not ours.
    flagged = [escape_markdown(f"{FLAG_WORDS.get(flag, flag)}: {n}") for flag, n in counts.items() if n]
    ignored = report.get("ignored_lines")
    st.caption(
        ("Lines flagged — " + " · ".join(flagged) if flagged else "No line was flagged.")
        + f" · checked against an end date of {day_text(audit_end)}"
        + (f" · {escape_markdown(ignored)} other lines set aside (not Ooma's)" if ignored else "")
    )
    if report.get("provider_lines"):
        st.text("Ooma's lines found by: " + " · ".join(report["provider_lines"]))
    if report.get("sign"):
        st.text(report["sign"])
    warnings: list[str] = report.get("warnings", [])
    for warning in warnings:
        st.warning(escape_markdown(warning), icon=":material/warning:")
    return warnings


def findings_table(lines: list[DisputedLine], report: dict[str, Any], *, warned: bool) -> None:
    st.header("Findings")
    if lines:
        # A wrapping table: a reason is read whole. Key columns first; at phone width only those three.
        text_table(
            [
                {
                    "Description": line.description,
                    "Disputed": format_dollars(line.disputed_cents),
                    "Reason": line.reason,
                    "Why": ", ".join(FLAG_WORDS.get(f, f) for f in line.flags),
                    "Line": line.line,
                    "Date or period": line.when,
                    "Amount": format_dollars(line.amount_cents),
                }
                for line in lines
            ],
            key="bill_findings",
            narrow_columns=3,
        )
    elif warned:
        st.info("No line was flagged, but see the warning above before you rely on it.")
    else:
        st.success("Nothing on this bill needs disputing.")
    if report.get("errors"):
        with st.expander(f"{escape_markdown(report.get('error_count', 0))} rows could not be read"):
            st.dataframe(report["errors"], hide_index=True)


def audit_charts(stamp: CaseStamp, upload_id: int, audit_end: date) -> None:
    by_category_spec, daily_spec = chart_specs(stamp, upload_id, audit_end)
    if by_category_spec is None:
        return
    left, right = st.columns(2)
    chart_with_text(*by_category_spec, where=left)
    if daily_spec is not None:
        chart_with_text(*daily_spec, where=right)


def dispute_facts(
    account: Account | None,
    confirmation: str | None,
    items: list[EquipmentItem],
    upload: BillUpload,
    end: date,
) -> DisputeFacts:
    return DisputeFacts(
        holder_name=account.holder_name if account else "",
        account_number=account.account_number if account else "",
        service_address=one_line_address(account) if account else "",
        email=account.email if account else "",
        end_date=end,
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


def dispute_panel(facts: DisputeFacts, lines: list[DisputedLine], today: date) -> None:
    """The dispute letter to review, and the letter and findings to download (built when pressed)."""
    disputed = [line for line in lines if line.disputed_cents > 0]
    if not disputed:
        return
    st.header("Dispute letter")
    letter = dispute_letter(facts, disputed, today=today)
    if facts.confirmation_number is None:
        st.warning("The letter is stronger with a cancellation confirmation number: record it on its page.")
    with st.expander("Review the letter before you send it", icon=":material/description:"):
        st.text(letter)
    pdf_note = f"Dispute of {facts.bill_name}"
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


def follow_up(scope: CaseInView, upload: BillUpload) -> None:
    """When to check for Ooma's answer (it goes into the calendar export)."""
    today = scope.today
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
                owner=scope.owner,
                case_id=scope.case_id,
                upload_id=upload.id or 0,
                follow_up_on=follow,
                today=today,
            ),
            success="Follow-up date saved; it is in the calendar export.",
        )


def dispute_outcome(scope: CaseInView, upload: BillUpload) -> None:
    """What Ooma did about the dispute, recorded in the balance ledger."""
    today = scope.today
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
    if not st.button("Record it in the balance ledger", key="bill.outcome.save"):
        return
    try:
        cents = parse_cents(amount_text)
    except UserError as error:
        st.error(escape_markdown(str(error)), icon=":material/error:")
        return
    change(
        lambda session: bill_store.record_dispute_outcome(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            kind=outcome,
            amount_cents=cents,
            received_on=outcome_on,
            today=today,
            note=f"After disputing {upload.filename}",
        ),
        success=f"{outcome.capitalize()} of {format_dollars(cents)} recorded in the balance ledger.",
    )


def remove_audit(scope: CaseInView, upload_id: int, selected_key: str) -> None:
    confirm_removal(
        "Remove this audit",
        key="bill.remove",
        action=lambda session: bill_store.delete_bill_upload(
            session=session, owner=scope.owner, case_id=scope.case_id, upload_id=upload_id
        ),
        removed="Audit removed.",
        confirm="Remove this bill and its findings from the case? Upload the file again to audit it again.",
        then=lambda: st.session_state.pop(selected_key, None),
    )


def audit_panel(scope: CaseInView, upload: BillUpload, *, selected_key: str) -> None:
    """Everything about one saved audit, in reading order."""
    me, case_id, upload_id = scope.owner, scope.case_id, upload.id or 0  # a stored upload always has an id
    report: dict[str, Any] = upload.report or {}
    audit_end = date.fromisoformat(report.get("context", {}).get("end_date", scope.today.isoformat()))
    with reading() as session:
        findings = bill_store.bill_findings(session=session, owner=me, case_id=case_id, upload_id=upload_id)
        account = target_account(session=session, owner=me, case_id=case_id)
        primary = primary_cancellation_confirmation(session=session, owner=me, case_id=case_id)
        items = bill_store.returned_equipment(session=session, owner=me, case_id=case_id)
        also_on = bill_store.lines_on_other_files(
            session=session, owner=me, case_id=case_id, upload_id=upload_id
        )
        stamp = case_stamp(session=session, scope=scope)

    warnings = audit_totals(upload, report, audit_end)
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
    findings_table(lines, report, warned=bool(warnings))
    audit_charts(stamp, upload_id, audit_end)
    facts = dispute_facts(account, primary.number if primary else None, items, upload, audit_end)
    dispute_panel(facts, lines, scope.today)
    with st.expander("After you sent the dispute", icon=":material/event:"):
        follow_up(scope, upload)
        dispute_outcome(scope, upload)
    remove_audit(scope, upload_id, selected_key)
