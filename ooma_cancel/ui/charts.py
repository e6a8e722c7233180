"""A chart with its text alternative: the chart, a one-sentence summary, and "Show as table" with its rows."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ooma_cancel.chart_text import ChartText
from ooma_cancel.ui.markup import escape_markdown

SHOW_AS_TABLE = "Show as table"


def chart_with_text(spec: dict, text: ChartText, *, where: Any = None) -> None:
    """Draw a Vega-Lite ``spec``, then ``text.summary`` under it, then its rows behind "Show as table".

    ``where`` is a container (a column) to draw in, else the page. The sentence and the rows carry device
    names and bill categories from the person's data, so both are escaped, never read as Markdown; the
    table is a real HTML table (``st.table``), which screen readers walk cell by cell.
    """
    with where if where is not None else st.container():
        st.vega_lite_chart(spec, width="stretch")
        st.markdown(escape_markdown(text.summary))
        if text.rows:
            with st.expander(SHOW_AS_TABLE):
                # Escaping costs about 10 ms of CPU for a 600-point balance chart (under 1 ms for the sample
                # case); caching it costs more, since Streamlit hashes every cell to find the entry.
                table = pd.DataFrame([{k: escape_markdown(v) for k, v in row.items()} for row in text.rows])
                st.table(table, hide_index=True, alt=text.name)
