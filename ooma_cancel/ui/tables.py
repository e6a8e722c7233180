"""Tables whose text is never cut off: real HTML tables (``st.table``) whose cells wrap, at any width.

``st.dataframe`` draws its cells on a canvas and cuts long text at the column's width ("T…"); a tracking
number, a finding's reason, what was said on a call, a fact's source must be read whole, so the pages show
those as DOM tables: every cell wraps (a long tracking number breaks anywhere rather than widening the page),
screen readers walk them cell by cell, and a browser test can check each cell's ``scrollWidth`` against its
``clientWidth``.

``st.table`` reads Markdown, so every cell is escaped (:func:`ooma_cancel.text.escape_markdown`): a person's
text shows exactly as typed, never as a link, emphasis or HTML. Link columns are our own URLs only.

At phone width (≤ 640 px) a table may keep only its first ``narrow_columns`` columns (its key columns, first);
the rest stay in its export or in the wider view.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from ooma_cancel.text import escape_markdown

NARROW = "640px"  # up to this width a table shows its key columns only (a 390 px phone, a split screen)


def _style(key: str, narrow_columns: int | None) -> str:
    scope = f".st-key-{key}"
    hide = ""
    if narrow_columns is not None:
        first_hidden = narrow_columns + 1
        hide = f"{scope} th:nth-child(n+{first_hidden}), {scope} td:nth-child(n+{first_hidden}) {{ display: none; }}"
    # Cells wrap anywhere (a 22-digit tracking number has no space to wrap at) and start at the top. Headers
    # wrap between words and break a word only when it cannot fit: their words set each column's least width,
    # so a short column is not squeezed to a few letters a line ("Own/ed", "Lab/el") while a long one is wide.
    # At phone width the table is exactly as wide as the page, its columns sharing it (nothing runs off).
    return (
        f"<style>{scope} table {{ width: 100%; }} "
        f"{scope} th, {scope} td {{ vertical-align: top; }} "
        f"{scope} th, {scope} td, {scope} th *, {scope} td * "
        f"{{ overflow-wrap: anywhere !important; word-break: normal !important; white-space: normal !important; }} "
        f"{scope} th, {scope} th * {{ overflow-wrap: break-word !important; }} "
        f"@media (max-width: {NARROW}) {{ {scope} table {{ table-layout: fixed; }} {hide} }}</style>"
    )


def link_cell(url: str | None, text: str) -> str:
    """A Markdown link cell to one of *our* URLs (never a person's text as a target)."""
    return f"[{escape_markdown(text)}](<{url}>)" if url else ""


def _cell(value: Any, link: Callable[[Any], str] | None) -> Any:
    """A cell as drawn: a link we made, a number as itself (right-aligned), anything else as escaped text."""
    if link is not None:
        return link(value)
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value
    return escape_markdown("" if value is None else value)


def text_table(
    rows: Sequence[Mapping[str, Any]],
    *,
    key: str,
    links: Mapping[str, Callable[[Any], str]] | None = None,
    narrow_columns: int | None = None,
    row_styles: Sequence[str] | None = None,
    alt: str | None = None,
) -> None:
    """``rows`` as a wrapping HTML table under container key ``key`` (the table's CSS hook and test id).

    ``links`` maps a column to a function making its cell (``link_cell``) from the row's value, which is then
    not escaped; ``row_styles`` gives each row a CSS declaration (e.g. an overdue background).
    """
    links = links or {}
    cells = [
        {
            column: links[column](value) if column in links else escape_markdown(value)
            for column, value in row.items()
        }
        for row in rows
    ]
    frame = pd.DataFrame(cells)
    with st.container(key=key):
        st.html(_style(key, narrow_columns))
        if row_styles and any(row_styles):
            styles = list(row_styles)
            styled = frame.style.apply(lambda row: [styles[row.name]] * len(row), axis=1)
            st.table(styled, hide_index=True, alt=alt)
        else:
            st.table(frame, hide_index=True, alt=alt)
