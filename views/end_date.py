"""Stage 7, service end date: requested vs confirmed, what follows from it, the service-gap plan, a calendar."""

from datetime import date
from functools import partial

import streamlit as st

from ooma_cancel.end_date import EndDateData, derive, mismatch, validate_end_date
from ooma_cancel.formatting import day_text, days_phrase
from ooma_cancel.ics import to_ics
from ooma_cancel.models import EndDate, limit
from ooma_cancel.provider import office_notice_days
from ooma_cancel.store.cases import get_case
from ooma_cancel.store.confirmations import primary_cancellation_confirmation
from ooma_cancel.store.end_date import calendar_items, end_date_context, return_window, save_end_date
from ooma_cancel.ui.downloads import personal_download
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.record_editor import FormKeys, Refused, Save, submit_button, told_after_form
from ooma_cancel.ui.session import CaseInView, reading
from ooma_cancel.ui.tables import text_table
from ooma_cancel.ui.widgets import require_scope

FORM = "end_date.form"
KEYS = FormKeys("end_date")  # the fields are end_date.confirmed_on, …, its submit end_date.save
# The form's field labels, for its messages (drawn after the form, so they name their field).
END_DATE_LABELS = {
    "confirmed_on": "Confirmed end date",
    "source": "Where the confirmation came from",
    "billing_day": "Billing day",
    "gap_plan": "Plan for the service gap",
}


def day(value: date | None) -> str:
    return day_text(value, missing="—")


st.title("Service end date")
st.caption(
    "The date Ooma stops the service decides when billing must stop, when equipment is due back and whether "
    "a contract fee applies. Get it confirmed, and plan for the days without the line."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, me = scope.case_id, scope.owner
today = scope.today
with reading() as session:
    context = end_date_context(session=session, owner=me, case_id=case_id)
    window, window_label = return_window(session=session, owner=me, case_id=case_id)
    primary = primary_cancellation_confirmation(session=session, owner=me, case_id=case_id)
    items = calendar_items(session=session, owner=me, case_id=case_id, today=today)
    title = get_case(session=session, owner=me, case_id=case_id).title
record = context.record

with st.container(horizontal=True, gap="medium"):
    st.metric("Requested end date", day(context.requested_on), border=True, width="content")
    st.metric("Confirmed by Ooma", day(context.confirmed_on), border=True, width="content")
    end_on = context.end_on
    st.metric(
        "Service ends",
        days_phrase(end_on, today) if end_on else "not set",
        delta="confirmed" if context.confirmed else ("not confirmed yet" if end_on else None),
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
if record and record.source:
    st.text(f"Confirmed through: {record.source}")
elif context.acknowledgement and not (record and record.confirmed_on):
    st.text(f"Ooma acknowledged the requested end date: confirmation number {context.acknowledgement.number}")
if primary:
    st.text(f"Cancellation confirmation number: {primary.number}")
warning = mismatch(context.requested_on, context.confirmed_on)
if warning:
    st.warning(warning, icon=":material/warning:")
if context.requested_on is None and not context.confirmed:
    st.info(
        "No end date yet: choose one on the Cancellation request page, then record the date Ooma confirms here.",
        icon=":material/event:",
    )
elif not context.confirmed:
    st.info(
        "Ooma has not confirmed the end date yet: ask for it in writing, with a confirmation number.",
        icon=":material/info:",
    )

if end_on:
    dates = derive(
        end_on=end_on,
        confirmed=context.confirmed,
        billing_day=record.billing_day if record else None,
        window_days=window,
        fixed_term=context.fixed_term,
        term_ends_on=context.term_ends_on,
        notice_days=office_notice_days(),
        today=today,
    )
    st.header("What follows from it")
    rows = [
        {"What": "Service ends", "Date": day(dates.end_on), "Note": days_phrase(dates.end_on, today)},
        {
            "What": "Billing should stop",
            "Date": day(dates.billing_stops_after),
            "Note": "no charges for service after this day",
        },
        {
            "What": "Last billing cycle",
            "Date": f"{day(dates.last_cycle[0])} – {day(dates.last_cycle[1])}" if dates.last_cycle else "—",
            "Note": f"no new cycle should start on {day(dates.no_new_cycle_from)}"
            if dates.no_new_cycle_from
            else "add your billing day below to see it",
        },
        {
            "What": "Equipment must reach Ooma",
            "Date": day(dates.equipment_deadline),
            "Note": f"{window} days after the end date ({window_label}); only for devices Ooma wants back",
        },
        {
            "What": "Contract ends",
            "Date": day(dates.contract_end) if dates.contract_end else "no fixed term",
            "Note": "early termination: a fee may apply" if dates.early_termination else "",
        },
    ]
    if dates.notice_deadline:
        rows.append(
            {
                "What": "Written notice must reach Ooma",
                "Date": day(dates.notice_deadline),
                "Note": f"{office_notice_days()} days before the term ends, or it auto-renews",
            }
        )
    text_table(rows, key="end_date_follows")  # three short columns: whole at any width
    if dates.early_termination:
        st.warning(
            f"Your fixed term runs until {day(dates.contract_end)}: ending on {day(dates.end_on)} may bring an "
            "early termination fee. Check the agreement and ask Ooma for the amount in writing.",
            icon=":material/warning:",
        )

st.header("Plan for the gap")
if record and record.gap_plan:
    st.text(record.gap_plan)
else:
    st.write(
        "When the line stops, so does 911 on it. Note how you will call for help and be reached until the new "
        "line works (e.g. a mobile phone), below."
    )


def check_end_date(scope: CaseInView, request_submitted_on: date | None) -> Save | Refused:
    """What the form's submit saves, read from what was typed (the save runs in the button's callback)."""
    typed = st.session_state
    billing_day = typed[KEYS("billing_day")]
    data, errors = validate_end_date(
        confirmed_on=typed[KEYS("confirmed_on")],
        source=typed[KEYS("source")],
        gap_plan=typed[KEYS("gap_plan")],
        billing_day=int(billing_day) if billing_day is not None else None,
        request_submitted_on=request_submitted_on,
        today=scope.today,
    )
    if data is None:
        return Refused(errors, END_DATE_LABELS)
    valid: EndDateData = data
    return Save(
        lambda session: save_end_date(session=session, owner=scope.owner, case_id=scope.case_id, data=valid),
        "End date saved.",
    )


st.header("Record the confirmed end date")
with st.form(FORM):
    left, middle, right = st.columns([2, 3, 1])
    left.date_input(
        "Confirmed end date",
        value=record.confirmed_on if record else None,
        min_value=date(2000, 1, 1),
        format="MM/DD/YYYY",
        key="end_date.confirmed_on",
    )
    middle.text_input(
        "Where the confirmation came from",
        value=record.source if record else "",
        max_chars=limit(EndDate, "source"),
        placeholder="e.g. e-mail from Ooma on Mar 3, ticket TCK-20931",
        key="end_date.source",
    )
    right.number_input(
        "Billing day",
        min_value=1,
        max_value=limit(EndDate, "billing_day"),
        value=record.billing_day if record else None,
        step=1,
        placeholder="1–31",
        help="The day of the month your Ooma bill is cut (on your bill).",
        key="end_date.billing_day",
    )
    st.text_area(
        "Plan for the service gap",
        value=record.gap_plan if record else "",
        max_chars=limit(EndDate, "gap_plan"),
        height=80,
        placeholder="e.g. Mobile phone covers 911 until the new line is active.",
        key="end_date.gap_plan",
    )
    submit_button(
        KEYS, "Save end date", partial(check_end_date, scope, context.request_submitted_on), type="primary"
    )
told_after_form(KEYS)

st.header("Calendar")
if items:
    st.caption(
        "Every deadline and upcoming follow-up of this case in one file for your calendar app, each with a "
        "reminder. Download it again after a change: the events update instead of doubling."
    )
    personal_download(
        "Download calendar (.ics)",
        data=lambda: to_ics(items, name=f"Cancel Ooma: {title}"),
        file_name="ooma-cancellation.ics",
        mime="text/calendar",
        icon=":material/calendar_month:",
        key="end_date.calendar",
    )
    text_table(
        [
            {
                "Date": day(item.day),
                "Event": item.summary,
                "Reminder": f"{item.remind_days_before} day{'s' if item.remind_days_before != 1 else ''} before",
            }
            for item in items
        ],
        key="end_date_calendar",
    )
else:
    st.write("Nothing to put in a calendar yet: set an end date or a follow-up first.")
next_step_link(scope)  # the case's next step, as the overview has it
