"""Reading the app's wrapping tables (``ooma_cancel.ui.tables.text_table``) back as the text a person sees."""

import re

_LINK = re.compile(r"^\[[^\]]*\]\(<(?P<url>[^>]*)>\)$")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<|~$\-=+#>.)])")


def unescape(cell: object) -> object:
    """The text a Markdown-escaped cell shows (a link cell: its address) (the inverse of ``escape_markdown`` for one cell)."""
    if not isinstance(cell, str):
        return cell
    link = _LINK.match(cell)
    if link:  # a link cell: where it leads
        return link["url"]
    return _ESCAPED.sub(r"\1", cell.replace("\u2060", "")).replace("  \n", "\n")


def table_rows(element) -> list[dict]:
    """An ``st.table`` element's rows as shown: ``at.table[0]`` → ``[{"Item": "#1 Telo", …}, …]``."""
    return [
        {column: unescape(value) for column, value in row.items()} for row in element.value.to_dict("records")
    ]


def table_frame(element):
    """An ``st.table`` element as a DataFrame of the text shown (columns by name, as ``at.dataframe`` gave)."""
    return element.value.map(unescape)
