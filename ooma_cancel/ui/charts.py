"""A chart with its text alternative: the chart, a one-sentence summary, and "Show as table" with its rows."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ooma_cancel.chart_text import ChartText
from ooma_cancel.ui.markup import escape_markdown

SHOW_AS_TABLE = "Show as table"


def table_key(name: str) -> str:
    """The widget key of a chart's "Show as table" control (its open state)."""
    return "chart.table." + "".join(c if c.isalnum() else "_" for c in name.lower())


def chart_with_text(spec: dict, text: ChartText, *, where: Any = None) -> None:
    """Draw a Vega-Lite ``spec``, then ``text.summary`` under it, then its rows behind "Show as table".

    ``where`` is a container (a column) to draw in, else the page. The sentence and the rows carry device
    names and bill categories from the person's data, so both are escaped, never read as Markdown; the
    table is a real HTML table (``st.table``), which screen readers walk cell by cell.

    The rows are drawn only while the control is open (it reruns the page when opened): a 600-point balance
    table cost every rerun about 20 ms of CPU (escaping, serialising, sending) although nobody had opened it.
    """
    with where if where is not None else st.container():
        st.vega_lite_chart(spec, width="stretch")
        st.markdown(escape_markdown(text.summary))
        if text.rows:
            panel = st.expander(SHOW_AS_TABLE, on_change="rerun", key=table_key(text.name))
            if panel.open:
                table = pd.DataFrame([{k: escape_markdown(v) for k, v in row.items()} for row in text.rows])
                panel.table(table, hide_index=True, alt=text.name)
