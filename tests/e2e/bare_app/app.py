"""A bare three-page Streamlit app: what axe-core finds here is Streamlit's own markup (the a11y baseline).

The pages are grouped in the sidebar as the app's are (one page on its own, then a titled section), since
Streamlit draws a grouped menu with different markup from a flat one. The third page holds a file uploader,
the one Streamlit widget whose own markup axe-core faults (the app has two: the final bill and the import).
Run it with `python -m tests.e2e.axe --baseline`.
"""

import streamlit as st


def first() -> None:
    st.title("First page")
    st.write("Nothing here but text.")


def second() -> None:
    st.title("Second page")
    st.write("Nothing here but text.")


def third() -> None:
    st.title("Third page")
    st.file_uploader("A file")


st.navigation(
    {
        "": [st.Page(first, title="First", url_path="first", default=True)],
        "A section": [
            st.Page(second, title="Second", url_path="second"),
            st.Page(third, title="Third", url_path="third"),
        ],
    }
).run()
