"""The escalation page's complaints panel and its small form helpers (the page script stays short)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ooma_cancel.escalation import EscalatedCharge, EscalationCase, complaint_text
from ooma_cancel.escalation_facts import Place, load_facts
from ooma_cancel.formatting import day_text
from ooma_cancel.models import Complaint, ComplaintBase, limit
from ooma_cancel.store import escalation as esc
from ooma_cancel.ui.markup import ours
from ooma_cancel.ui.session import CaseInView, save_button

COMPLAINT_PLACES = (Place.FCC, Place.CFPB, Place.STATE_AG)


def a_date(label: str, value: date | None, key: str, today: date) -> date | None:
    """A date field of the page (none after ``today``)."""
    return st.date_input(label, value, key=f"escalation.{key}", max_value=today, format="YYYY-MM-DD")


def typed_date(key: str) -> date | None:
    """What is typed in the date field :func:`a_date` drew under ``key`` (read in a save's callback)."""
    return st.session_state.get(f"escalation.{key}")


def complaints_panel(
    scope: CaseInView,
    case: EscalationCase,
    charges: list[EscalatedCharge],
    complaints: list[Complaint],
    *,
    today: date,
) -> None:
    """A ready complaint text per place, the form recording where and when one was filed, and those filed."""
    facts = load_facts()
    st.header("Complaints")
    for tab, place in zip(
        st.tabs([facts.place(p).label for p in COMPLAINT_PLACES]), COMPLAINT_PLACES, strict=True
    ):
        info = facts.place(place)
        tab.write(ours(f"{info.covers}. {info.note}"))
        tab.link_button(f"File at {info.url}", info.url, icon=":material/open_in_new:")
        tab.code(complaint_text(place, case, charges), language=None, wrap_lines=True)
    with st.form("escalation.complaint", clear_on_submit=True):
        st.selectbox(
            "Filed with",
            [p.value for p in Place],
            key="escalation.place",
            format_func=lambda p: facts.place(p).label,
        )
        a_date("Filed on", today, "filed_on", today)
        st.text_input(
            "Reference number (if any)", max_chars=limit(Complaint, "reference"), key="escalation.reference"
        )
        save_button(
            "Record the complaint",
            key="escalation.save_complaint",
            in_form=True,
            action=lambda s: esc.add_complaint(
                session=s, owner=scope.owner, case_id=scope.case_id, data=typed_complaint(today), today=today
            ),
            success="Complaint recorded.",
        )
    for filed in complaints:
        st.text(
            f"{day_text(filed.filed_on)} · {facts.place(filed.place).label}"
            + (f" · reference {filed.reference}" if filed.reference else "")
        )


def typed_complaint(today: date) -> ComplaintBase:
    """The complaint as typed in the form (read in its submit's callback)."""
    typed = st.session_state
    return ComplaintBase(
        place=typed["escalation.place"],
        filed_on=typed_date("filed_on") or today,
        reference=typed["escalation.reference"].strip(),
    )
