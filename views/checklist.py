"""Checklist & FAQ: the source's expert tips, ticking themselves from the case, and its questions in plain words."""

import streamlit as st

from ooma_cancel import store
from ooma_cancel.checklist import Tick, faq, tips
from ooma_cancel.progress import CaseFacts
from ooma_cancel.provider import load_profile
from ooma_cancel.store.overrides import case_facts_of_profile
from ooma_cancel.ui.markup import ours
from ooma_cancel.ui.nav import PAGE_FOR_STAGE
from ooma_cancel.ui.session import case_scope, reading

TICK_ICON = {
    Tick.DONE: ":green[:material/check_box:]",
    Tick.NOT_NEEDED: ":gray[:material/indeterminate_check_box:]",
    Tick.OPEN: ":gray[:material/check_box_outline_blank:]",
    Tick.ATTENTION: ":orange[:material/warning:]",
}

st.title("Checklist & FAQ")
scope = case_scope()  # owner, case, today and time zone, read once for this run (app.py)
today, case_id = scope.today, scope.case_id
if case_id is None:
    facts = CaseFacts()
    fact = load_profile().fact("cancellation_channels")
    channels = f"Channels that accept a cancellation (verify with Ooma): {fact.value}."
    st.info(
        "Start a case (on the Overview) and these tips tick themselves as you go.", icon=":material/info:"
    )
else:
    with reading() as session:
        facts = store.case_facts(session=session, owner=scope.owner, case_id=case_id, today=today)
        channel_fact = case_facts_of_profile(session=session, owner=scope.owner, case_id=case_id)[
            "cancellation_channels"
        ]
    channels = f"Channels that accept a cancellation ({channel_fact.label}): {channel_fact.value}."

checklist = tips(facts, today)
finished = sum(tip.tick in (Tick.DONE, Tick.NOT_NEEDED) for tip in checklist)
st.header("Expert tips, checked against your case")
st.progress(finished / len(checklist), text=f"{finished} of {len(checklist)} done")

for number, tip in enumerate(checklist, start=1):
    page = PAGE_FOR_STAGE[tip.stage]
    with st.container(border=True):
        left, right = st.columns([4, 1], vertical_alignment="center")
        # Titles, reasons and statuses are our own words (dates, amounts, counts): safe as Markdown.
        left.markdown(f"{TICK_ICON[tip.tick]} **{number}. {tip.title}** — {tip.tick}")
        left.markdown(ours(tip.status))
        left.caption(tip.why)
        right.page_link(page.path, label=page.title, icon=":material/arrow_forward:")

st.header("Questions people ask")
for answer in faq(facts, today, cancellation_channels=channels):
    with st.expander(answer.question, expanded=answer.yours is not None):
        st.write(answer.answer)
        if answer.yours:
            st.caption("From your case")
            st.text(answer.yours)  # may hold a confirmation number or your own value: plain text only
        page = PAGE_FOR_STAGE[answer.stage]
        st.page_link(page.path, label=f"Go to {page.title}", icon=":material/arrow_forward:")
