"""The escalation page's complaints panel and its small form helpers (the page script stays short)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st
from sqlmodel import Session

from ooma_cancel.escalation import EscalatedCharge, EscalationCase, complaint_text
from ooma_cancel.escalation_facts import Place, load_facts
from ooma_cancel.formatting import day_text
from ooma_cancel.models import Complaint, ComplaintBase, limit
from ooma_cancel.store import escalation as esc
from ooma_cancel.ui.markup import ours
from ooma_cancel.ui.session import CaseInView, change_done

COMPLAINT_PLACES = (Place.FCC, Place.CFPB, Place.STATE_AG)


def a_date(label: str, value: date | None, key: str, today: date) -> date | None:
    """A date field of the page (none after ``today``)."""
    return st.date_input(label, value, key=f"escalation.{key}", max_value=today, format="YYYY-MM-DD")


def saved_then_rerun(action: Callable[[Session], object], success: str) -> None:
    if change_done(action, success=success):
        st.rerun()


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
        where = st.selectbox(
            "Filed with",
            [p.value for p in Place],
            key="escalation.place",
            format_func=lambda p: facts.place(p).label,
        )
        filed_on = a_date("Filed on", today, "filed_on", today) or today
        reference = st.text_input(
            "Reference number (if any)", max_chars=limit(Complaint, "reference"), key="escalation.reference"
        )
        if st.form_submit_button("Record the complaint", key="escalation.save_complaint"):
            complaint = ComplaintBase(place=where, filed_on=filed_on, reference=reference.strip())
            saved_then_rerun(
                lambda s: esc.add_complaint(
                    session=s, owner=scope.owner, case_id=scope.case_id, data=complaint, today=today
                ),
                "Complaint recorded.",
            )
    for filed in complaints:
        st.text(
            f"{day_text(filed.filed_on)} · {facts.place(filed.place).label}"
            + (f" · reference {filed.reference}" if filed.reference else "")
        )
