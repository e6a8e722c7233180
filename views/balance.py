"""Stage 5, outstanding balance: the ledger with its running balance, the balance over time, and what is due."""

from datetime import date

import streamlit as st

from ooma_cancel.chart_text import ChartText, balance_text
from ooma_cancel.charts import balance_spec
from ooma_cancel.formatting import amount_field, choice_text, day_text
from ooma_cancel.ledger import (
    balance_by_day,
    balance_state,
    for_display,
    projection,
)
from ooma_cancel.money import format_dollars, parse_cents
from ooma_cancel.store.end_date import end_date_context
from ooma_cancel.store.ledger import (
    LedgerRow,
    daily_totals,
    delete_entry,
    ledger_page,
    ledger_summary,
    monthly_charge_estimate,
)
from ooma_cancel.ui.case_cache import CaseStamp, case_stamp, per_case
from ooma_cancel.ui.charts import chart_with_text
from ooma_cancel.ui.journey import next_step_link
from ooma_cancel.ui.ledger_form import entry_form
from ooma_cancel.ui.markup import ours
from ooma_cancel.ui.record_editor import (
    EditorWords,
    RecordEditor,
    new_record_form,
    record_editor,
)
from ooma_cancel.ui.session import CaseInView, reading
from ooma_cancel.ui.widgets import require_scope

PAGE = "balance"
PAGE_SIZE = 50


@per_case()
def monthly_estimate(stamp: CaseStamp, today: date) -> int:
    """The average monthly charges; recomputed only when the case changes or the day does."""
    with reading() as session:
        return monthly_charge_estimate(session=session, owner=stamp.owner, case_id=stamp.case_id, today=today)


@per_case(max_entries=256)  # up to ~56 kB each (ten years of entries): at most ~14 MB
def chart_spec(stamp: CaseStamp, today: date, monthly_cents: int, billing_day: int) -> tuple[dict, ChartText]:
    """The balance chart's spec and text: every entry summed per day in SQL, thinned for display, once per change."""
    with reading() as session:
        daily = daily_totals(session=session, owner=stamp.owner, case_id=stamp.case_id)
    history = balance_by_day(daily)
    balance = history[-1][1] if history else 0
    ahead = projection(
        balance_cents=balance, today=today, monthly_cents=monthly_cents, billing_day=billing_day
    )
    # The step line carries today's balance up to today, so it meets the projection.
    if history and history[-1][0] < today:
        history.append((today, balance))
    shown = for_display(history, max_points=600)
    return balance_spec(shown, ahead, today=today), balance_text(shown, ahead, today=today)


def ledger_editor(scope: CaseInView, rows: list[LedgerRow]) -> RecordEditor[LedgerRow]:
    """The ledger page's rows as a table, each one to correct or remove."""
    return RecordEditor(
        page=PAGE,
        records=rows,
        record_id=lambda row: row.id,
        row=lambda row: {
            "Date": day_text(row.entry_on),
            "Kind": choice_text(row.kind),
            "Description": row.description,
            "Amount": format_dollars(row.amount_cents),
            "Balance after": format_dollars(row.balance_cents),
        },
        describe=lambda row: (
            f"{day_text(row.entry_on)} · {row.kind} · {format_dollars(abs(row.amount_cents))} · {row.description}"
        ),
        form=entry_form(scope),
        remove=lambda session, entry_id: delete_entry(
            session=session, owner=scope.owner, case_id=scope.case_id, entry_id=entry_id
        ),
        words=EditorWords(
            opener="Correct or remove an entry on this page",
            choice="Entry",
            remove="Remove this entry",
            removed="Entry removed.",
        ),
        # A wrapping HTML table: a long description is read whole, and the page needs no canvas grid (the
        # grid's scripts were most of the first entry's 1.7 s in the browser).
        table="wrap",
    )


st.title("Outstanding balance")
st.caption(
    "Everything Ooma charged and everything you paid, with the balance after each entry. Cancelling does not "
    "cancel what is owed, and a credit left on a closed account is easily forgotten."
)
scope = require_scope()  # owner, case, today and time zone, read once for this run (app.py)
case_id, me = scope.case_id, scope.owner
today = scope.today
with reading() as session:
    summary = ledger_summary(session=session, owner=me, case_id=case_id)
    context = end_date_context(session=session, owner=me, case_id=case_id)
    stamp = case_stamp(session=session, scope=scope)
    pages = max(1, -(-summary.entries // PAGE_SIZE))
    page_number = min(int(st.session_state.get("balance.page", 1) or 1), pages)
    rows = ledger_page(
        session=session,
        owner=me,
        case_id=case_id,
        offset=(page_number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        total_cents=summary.balance_cents,
    )

state = balance_state(summary.balance_cents, entries=summary.entries, end_on=context.end_on, today=today)
with st.container(horizontal=True, gap="medium"):
    if summary.entries:
        st.metric("Balance", format_dollars(summary.balance_cents), border=True, width="content")
        st.metric("State", "Settled" if state.settled else "Outstanding", border=True, width="content")
    else:  # no entries is not a $0.00 balance: nothing is known yet
        st.metric("Balance", "Nothing recorded", border=True, width="content")
    if state.refund_due_cents:
        st.metric("Refund due to you", format_dollars(state.refund_due_cents), border=True, width="content")
    st.metric("Entries", f"{summary.entries:,}", border=True, width="content")
if summary.entries == 0:
    st.info(ours(f"**{state.headline}.** {state.detail}"), icon=":material/info:")
elif state.settled:
    st.success(ours(f"**{state.headline}.** {state.detail}"), icon=":material/check_circle:")
else:
    st.warning(ours(f"**{state.headline}.** {state.detail}"), icon=":material/warning:")

if summary.entries:
    st.header("Balance over time")
    estimate = monthly_estimate(stamp, today)
    # The chart first, its projection input under it: the chart's toolbar (full screen, on hover) sits over
    # whatever is just above the chart, and covered the input there.
    chart_place = st.container()
    typed = st.text_input(
        "Monthly charge for the projection ($)",
        placeholder=f"{amount_field(estimate) or '0.00'} (average of your last three months)",
        help="What a month of service costs you; the dashed line shows where the balance goes if the service "
        "is never cancelled and nothing is paid.",
        key="balance.monthly",
    )
    monthly = estimate
    if typed.strip():
        try:
            monthly = parse_cents(typed)
        except ValueError:
            st.error(
                "Not an amount: type the monthly charge in dollars, e.g. 24.51.", icon=":material/error:"
            )
    billing_day = (context.record.billing_day if context.record else None) or 1
    chart_with_text(*chart_spec(stamp, today, monthly, billing_day), where=chart_place)
    st.caption(
        ours(
            "Weekly or monthly points on long histories (every entry is counted). Projection: "
            f"{format_dollars(monthly)} a month on day {billing_day} of each month."
        )
    )

    st.header("Ledger")
    first = (page_number - 1) * PAGE_SIZE + 1
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    left.number_input("Page", min_value=1, max_value=pages, step=1, key="balance.page")
    right.caption(f"Entries {first:,}–{first + len(rows) - 1:,} of {summary.entries:,}, newest first.")
    record_editor(ledger_editor(scope, rows))

st.header("Add an entry")
new_record_form(PAGE, entry_form(scope))
next_step_link(scope)  # the case's next step, as the overview has it
