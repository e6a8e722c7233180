"""Stage 8b, escalation: a card or bank dispute on time, and complaints where they count."""

from collections.abc import Callable
from datetime import UTC, date, datetime

import streamlit as st
from sqlmodel import Session

from ooma_cancel.escalation import (
    NO_FEDERAL_RULE,
    WHEN_IT_APPLIES,
    Outcome,
    billing_error_notice,
    charge_words,
    deadline_words,
    notice_file_name,
    response_due,
    visitor_today,
)
from ooma_cancel.escalation_facts import NOT_ADVICE, PaymentMethod, load_facts
from ooma_cancel.formatting import choice_text, day_text
from ooma_cancel.models import Escalation, EscalationBase, limit
from ooma_cancel.money import format_dollars, parse_cents
from ooma_cancel.pdf import text_to_pdf
from ooma_cancel.store import escalation as esc
from ooma_cancel.ui.downloads import personal_download
from ooma_cancel.ui.escalation_complaints import a_date, complaints_panel, typed_date
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.markup import escape_markdown, ours
from ooma_cancel.ui.session import CaseInView, reading, save_button
from ooma_cancel.ui.widgets import require_scope

METHODS = ["", *(method.value for method in PaymentMethod)]
OUTCOMES: dict[str, str] = {
    Outcome.PENDING.value: "No answer yet",
    Outcome.CREDITED.value: "Credited",
    Outcome.REFUSED.value: "Refused",
}


def save_escalation_fields(
    scope: CaseInView, saved: EscalationBase, today: date, update: Callable[[], dict[str, object]]
) -> Callable[[Session], object]:
    """The change that saves ``saved`` with the fields ``update()`` reads from what was typed (in the save
    button's callback, so from ``st.session_state``)."""
    return lambda s: esc.save_escalation(
        session=s,
        owner=scope.owner,
        case_id=scope.case_id,
        data=saved.model_copy(update=update()),
        today=today,
    )


st.title("Escalation")
st.caption(
    "When Ooma leaves a disputed charge unresolved: dispute it with your card issuer or bank before the "
    "deadline, and complain where it counts."
)
scope = require_scope()
case_id, me = scope.case_id, scope.owner
today = visitor_today(datetime.now(UTC), scope.tz)  # deadlines end at midnight where the visitor is
facts = load_facts()
with reading() as session:
    status = esc.escalation_status(session=session, owner=me, case_id=case_id, today=today)
    case = esc.escalation_case(session=session, owner=me, case_id=case_id, status=status)
    complaints = esc.list_complaints(session=session, owner=me, case_id=case_id)
st.info(NOT_ADVICE, icon=":material/info:")

if not status.charges:
    st.write(WHEN_IT_APPLIES)
    st.page_link("views/final_bill.py", label="Go to Review final bill", icon=":material/arrow_forward:")
    next_step_link(scope)
    st.stop()

saved = status.fields
rule = facts.rule_for(saved.payment_method)
if status.offer.open:
    st.success(ours(status.offer.reason), icon=":material/gavel:")
else:
    st.warning(ours(status.offer.reason), icon=":material/hourglass_top:")
    save_button(
        "Escalate now",
        key="escalation.now",
        action=save_escalation_fields(scope, saved, today, lambda: {"asked_now": True}),
        success="Escalation started.",
    )

st.header("How you paid Ooma")
with st.form("escalation.payment"):
    st.selectbox(
        "Payment method",
        METHODS,
        key="escalation.method",
        index=METHODS.index(saved.payment_method) if saved.payment_method in METHODS else 0,
        format_func=lambda m: choice_text(m) if m else "Choose…",
    )
    st.text_input(
        "Card issuer or bank",
        saved.issuer_name,
        max_chars=limit(Escalation, "issuer_name"),
        key="escalation.issuer",
    )
    st.text_input(
        "Last four digits of the card or account (nothing more)",
        saved.card_last4,
        max_chars=limit(Escalation, "card_last4"),
        key="escalation.last4",
    )
    a_date("Dispute letter sent to Ooma on", status.ooma_disputed_on, "ooma_disputed_on", today)
    st.number_input(
        "Days Ooma gets to answer before escalating",
        0,
        365,
        saved.waiting_days,
        step=1,
        key="escalation.waiting",
    )
    save_button(
        "Save",
        key="escalation.save_payment",
        in_form=True,
        action=save_escalation_fields(
            scope,
            saved,
            today,
            lambda: {
                "payment_method": st.session_state["escalation.method"],
                "issuer_name": st.session_state["escalation.issuer"].strip(),
                "card_last4": st.session_state["escalation.last4"].strip(),
                "ooma_disputed_on": typed_date("ooma_disputed_on"),
                "waiting_days": int(st.session_state["escalation.waiting"]),
            },
        ),
        success="Saved.",
    )
if not status.ooma_date_given and status.ooma_disputed_on:
    st.caption("The dispute date is the day the bill was audited; correct it if you sent the letter later.")

st.header("Deadline per charge")
if rule is None:
    st.write(NO_FEDERAL_RULE)
else:
    st.caption(
        f"{rule.label}: the notice must reach the issuer within {rule.notice_days} days of the statement "
        f"that first showed the charge. Counted in your time zone; today is {day_text(today)}."
    )
for line in status.deadlines:
    message = escape_markdown(deadline_words(line))
    if line.overdue:
        st.error(message, icon=":material/event_busy:")
    elif line.deadline is not None:
        st.info(message, icon=":material/event:")
    else:
        st.warning(message, icon=":material/edit_calendar:")
with st.form("escalation.statements"):
    st.caption("The date of the statement that first showed each charge (on the statement's first page).")
    shown_ids = []
    for c in (line.charge for line in status.deadlines[:50]):
        a_date(escape_markdown(charge_words(c)), c.statement_on, f"statement.{c.line_id}", today)
        shown_ids.append(c.line_id)
    save_button(
        "Save statement dates",
        key="escalation.save_statements",
        in_form=True,
        action=lambda s: esc.set_statement_dates(
            session=s,
            owner=me,
            case_id=case_id,
            dates={line_id: typed_date(f"statement.{line_id}") for line_id in shown_ids},
            today=today,
        ),
        success="Statement dates saved.",
    )

charges = [line.charge for line in status.deadlines]

st.header("Billing-error notice")
notice = billing_error_notice(case, charges, rule, today=today)
with st.expander("Review the notice before you send it", icon=":material/description:"):
    st.text(notice)
with st.container(horizontal=True):
    personal_download(
        "Notice (PDF)",
        data=lambda: text_to_pdf(notice, title="Billing error notice"),
        file_name=notice_file_name(today, "pdf"),
        mime="application/pdf",
        key="escalation.notice_pdf",
        icon=":material/picture_as_pdf:",
    )
    personal_download(
        "Notice (text)",
        data=lambda: notice,
        file_name=notice_file_name(today, "txt"),
        mime="text/plain",
        key="escalation.notice_txt",
    )

with st.form("escalation.outcome"):
    st.caption(
        "Send the notice in writing to the billing-error address on your statement, then record it here."
    )
    a_date("Notice sent on", saved.sent_on, "sent_on", today)
    a_date("Acknowledged on", saved.acknowledged_on, "acknowledged_on", today)
    st.selectbox(
        "Outcome",
        list(OUTCOMES),
        key="escalation.outcome",
        index=list(OUTCOMES).index(saved.outcome),
        format_func=lambda o: OUTCOMES[o],
    )
    a_date("Outcome on", saved.outcome_on, "outcome_on", today)
    st.text_input(
        "Amount credited",
        format_dollars(saved.credited_cents).lstrip("$") if saved.credited_cents else "",
        key="escalation.credited",
        max_chars=16,
    )

    def progress() -> dict[str, object]:
        credited = st.session_state["escalation.credited"]
        return {
            "sent_on": typed_date("sent_on"),
            "acknowledged_on": typed_date("acknowledged_on"),
            "outcome": st.session_state["escalation.outcome"],
            "outcome_on": typed_date("outcome_on"),
            "credited_cents": parse_cents(credited) if credited.strip() else 0,
        }

    save_button(
        "Save the dispute's progress",
        key="escalation.save_progress",
        in_form=True,
        action=save_escalation_fields(scope, saved, today, progress),
        success="Saved.",
    )
if saved.sent_on and rule is not None:
    first, last = response_due(saved.sent_on, rule)
    st.text(
        f"{rule.investigate_text.capitalize()}: by {day_text(first)}. Resolution {rule.resolve_text}: by {day_text(last)}."
    )

complaints_panel(scope, case, charges, complaints, today=today)

with st.expander("Where these periods and places come from", icon=":material/menu_book:"):
    for label, source, checked in facts.sources():
        st.text(f"{label}: {source} (checked {day_text(checked)})")
next_step_link(scope)  # the case's next step, as the overview has it
