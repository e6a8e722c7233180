"""Settings & data: the provider facts with their sources (export, import and delete come with a later issue)."""

import streamlit as st

from ooma_cancel.profile import load_profile

st.title("Settings & data")
st.info(
    "**What this page will do.** Let you override provider values for your case, export the whole case as "
    "JSON and import it back, and delete a case.",
    icon=":material/construction:",
)

st.subheader("What we know about Ooma, and from where")
profile = load_profile()
rows = [
    {
        "Fact": fact.label,
        "Value": str(fact.value) if fact.value != "" else "(not recorded)",
        "Source": fact.source,
        "Checked": fact.checked.isoformat() if fact.checked else "",
        "Status": "verify with Ooma" if fact.needs_verification else "sourced",
    }
    for fact in profile.facts.values()
]
st.dataframe(rows, hide_index=True, width="stretch")

st.subheader("Privacy")
st.write(
    "Everything you enter is stored in a database on the machine that runs this app (by default the file "
    "data/ooma_cancel.db next to the app). Nothing is sent anywhere else. Account and phone numbers are masked "
    "on screen except while you edit them. To remove your data, delete the case (coming on this page) or the "
    "database file."
)
