"""Entrypoint: page config, the sidebar (case switcher, who you are, delete everything), and the router.

Run with `make run`.
"""

import sqlalchemy as sa
import streamlit as st

from ooma_cancel import store
from ooma_cancel.formatting import UTC_NOTE, visitor_zone
from ooma_cancel.ui.a11y import focus_ring
from ooma_cancel.ui.journey import sample_marker
from ooma_cancel.ui.nav import PAGES
from ooma_cancel.ui.session import (
    begin_scope,
    current_case_id,
    database_problem,
    off_the_stages,
    reading,
    remember_versions,
    require_database,
    resolution,
    switch_case,
    way_in,
)
from ooma_cancel.ui.sharing import delete_everything, who_you_are
from ooma_cancel.ui.warmup import page_run_began, page_run_ended, warm_up
from ooma_cancel.ui.widgets import dialog_button, new_case_form

# An emoji, not a `:material/…:` icon: Streamlit fetches a material favicon from fonts.gstatic.com, and
# nothing here should make the browser ask another host for anything.
st.set_page_config(page_title="Cancel Ooma", page_icon="📵", layout="wide")
focus_ring()  # a visible ring on whatever the keyboard focuses

SWITCHER_KEY = "sidebar.case"
NEW_CASE_KEY = "sidebar.new_case.open"


def new_case() -> None:
    """The "New case" dialog: once the case is made, it closes and the whole app shows the case."""
    new_case_form("sidebar.new_case", label="Create case", dialog=NEW_CASE_KEY)


def case_switcher(who: str) -> tuple[int | None, str | None]:
    """The sidebar's case switcher; returns the case this run is about and its title.

    The case comes from ``current_case_id``: this tab's choice, else the address's ``?case=`` (checked against
    the visitor's own cases), else the case they chose last in any tab (a new tab), else their most recently
    changed case; the address is kept in step, so a reload keeps it.
    """
    with reading() as session:
        titles, versions = store.case_titles_and_versions(session=session, owner=who)
    remember_versions(versions)
    current = current_case_id(list(titles))
    st.sidebar.caption("Your case")
    if current is None:
        st.sidebar.write("No case yet.")
    else:
        # Keep the widget in step with choices made elsewhere (a case created or loaded on a page).
        if st.session_state.get(SWITCHER_KEY) != current:
            st.session_state[SWITCHER_KEY] = current
        st.sidebar.selectbox(
            "Case",
            options=list(titles),
            format_func=lambda case_id: titles.get(case_id, "?"),
            key=SWITCHER_KEY,
            on_change=lambda: switch_case(st.session_state[SWITCHER_KEY], who=who),
            label_visibility="collapsed",
        )
    dialog_button(
        "New case", key=NEW_CASE_KEY, body=new_case, where=st.sidebar, icon=":material/add:", width="stretch"
    )
    return current, titles.get(current) if current is not None else None


PAGES_KEY = "app.pages"


def navigation_pages() -> dict[str, list]:
    """The pages for ``st.navigation``, made once per session.

    Making them resolves each file's path on disk (~2 ms a run for the twelve). They are kept per session, not
    per process: ``st.navigation`` and the page's run mark the page object being run, and two sessions'
    runs happen at the same time.
    """
    pages = st.session_state.get(PAGES_KEY)
    if pages is None:
        pages = {}
        for page in PAGES:
            pages.setdefault(page.group, []).append(
                st.Page(page.path, title=page.title, icon=page.icon, default=page.path == "views/overview.py")
            )
        st.session_state[PAGES_KEY] = pages
    return pages


page_run_began()  # the warm-up waits while a page runs (ooma_cancel/ui/warmup.py)
try:
    pages = navigation_pages()

    require_database(pages)  # while it is down: one plain page that carries on by itself when it is back
    visitor = resolution(fresh=True)  # every run: a sign-out elsewhere ends this session here
    if visitor.owner is None:
        # Nobody signed in, or a workspace link we did not make: no page, no menu, nothing but the way in.
        title = "Link not valid" if visitor.token_refused else "Sign in"
        st.navigation([st.Page(way_in, title=title, icon=":material/login:")], position="hidden").run()
        st.stop()

    # Every stage stays in the menu: past twelve pages Streamlit would fold the last ones behind "View more".
    navigation = st.navigation(pages, expanded=True)
    try:
        # Owner, case, today and time zone, read once for this run; pages take it with case_scope() or
        # require_scope(). The sidebar's changes (a new case) keep their own words; a stage page's say what's next.
        off_the_stages()
        case_id, case_title = case_switcher(visitor.owner)
        begin_scope(visitor.owner, case_id)
        if visitor_zone(st.context.timezone)[1]:  # the browser did not say its time zone: times are in UTC
            st.sidebar.caption(UTC_NOTE)
        sample_marker(case_title)  # "Sample — not your account", above every page of the sample case
        who_you_are(visitor.mode, new_workspace=visitor.new_token is not None)
        delete_everything()
        navigation.run()
    except sa.exc.SQLAlchemyError as error:
        # The database went away (or refused a read) after this run began: a plain sentence, never its error.
        database_problem(error)
finally:
    # Every run ends here, drawn in full or stopped early (an empty database's overview stops, and so does the
    # sign-in page). Once per process, the first time: import and initialise what the first add or save would
    # otherwise pay for (tables, charts, PDFs, pages not opened yet), on a background thread.
    page_run_ended()
    warm_up()
