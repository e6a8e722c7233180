"""Checklist & FAQ: the source's expert tips (ticking themselves from the case comes with a later issue)."""

import streamlit as st

TIPS = (
    ("Verify the account", "Have the account number, registered phone number and service address ready."),
    (
        "Keep your number first",
        "Port it to the new carrier and wait until the port completes before cancelling.",
    ),
    ("Document every contact", "Date, time, representative, reference number and what was agreed."),
    ("Get a confirmation number", "Ask for it before the call or chat ends, and write it down."),
    ("Note the end date", "Ask which day service and billing stop, and get it in writing."),
    ("Return equipment on time", "Ask what must go back, by when, and keep the tracking number."),
    ("Settle the balance", "Pay what you owe, no more, and ask about any credit or refund."),
    ("Check the final bill", "Compare every line against the end date and what was agreed."),
)

st.title("Checklist & FAQ")
st.info(
    "**What this page will do.** Tick each tip from your case data and link to the page that completes it, "
    "and answer the common questions from your case (for example, whether your balance is settled).",
    icon=":material/construction:",
)
for number, (tip, how) in enumerate(TIPS, start=1):
    st.markdown(f"**{number}. {tip}**")
    st.caption(how)
