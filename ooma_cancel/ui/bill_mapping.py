"""The final bill page's mapping panel: how an uploaded file was read, and each column's role, to correct.

Used by ``views/final_bill.py``; the audit of what was read and its results are the page's and
``ooma_cancel.ui.bill_audit``'s.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from ooma_cancel.bill import BillReadError, BillReading, ColumnMapping, read_bill
from ooma_cancel.bill.mapping import COLUMN_ROLES
from ooma_cancel.bill.records import mapping_dict
from ooma_cancel.ui.markup import escape_markdown

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the server refuses larger uploads too (.streamlit/config.toml)
ROLE_LABELS = {
    "date": "Date",
    "period": "Service period (one column)",
    "period_start": "Period from",
    "period_end": "Period to",
    "description": "Description",
    "amount": "Amount",
    "debit": "Debit (charges)",
    "credit": "Credit (payments)",
    "category": "Category",
    "type": "Type (charge or credit)",
}


@st.cache_data(max_entries=8, show_spinner=False)
def read_cached(digest: str, mapping_key: str, _data: bytes) -> BillReading:
    """Parse once per file and mapping (keyed by the file's hash, so only identical bytes share an entry)."""
    mapping = ColumnMapping(**json.loads(mapping_key)) if mapping_key else None
    return read_bill(_data, mapping=mapping)


def first_reading(data: bytes, digest: str) -> BillReading | None:
    """The file read with the columns guessed; None (having said why, plainly) when it cannot be audited."""
    problem = None
    if len(data) > MAX_UPLOAD_BYTES:
        problem = "This file is larger than 10 MB: export a shorter period and try again."
    elif not data.strip():
        problem = "This file is empty."
    detected = None
    try:
        detected = read_cached(digest, "", data) if problem is None else None
    except BillReadError as error:
        problem = str(error)
    if problem:
        st.error(f"Not audited: {escape_markdown(problem)}", icon=":material/error:")
    return detected


def chosen_mapping(detected: BillReading, digest: str) -> ColumnMapping:
    """A role for each column (guessed, then as the person corrected it), how dates are written, and the sign."""
    options: list[Any] = [None, *detected.columns]
    chosen = {}
    columns = st.columns(3)
    for index, role in enumerate(COLUMN_ROLES):
        current = getattr(detected.mapping, role)
        chosen[role] = columns[index % 3].selectbox(
            ROLE_LABELS[role],
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda value: "(none)" if value is None else str(value),
            key=f"bill.map.{digest[:12]}.{role}",
        )
    dayfirst = st.radio(
        "Dates are written",
        [False, True],
        index=int(bool(detected.mapping.dayfirst)),
        format_func=lambda v: "Day first (31/12/2026)" if v else "Month first (12/31/2026)",
        horizontal=True,
        key=f"bill.map.{digest[:12]}.dayfirst",
    )
    charges_negative = detected.mapping.charges_negative
    if chosen["amount"] and not (chosen["debit"] or chosen["credit"]):
        charges_negative = st.radio(
            "Charges in this file are written as",
            [False, True],
            index=int(bool(detected.mapping.charges_negative)),
            format_func=lambda v: "Negative numbers (−32.07)" if v else "Positive numbers (32.07)",
            horizontal=True,
            key=f"bill.map.{digest[:12]}.charges_negative",
            help="Bank and card exports often write what you spent as negative numbers. Payments, refunds "
            "and credits are never disputed.",
        )
    return replace(detected.mapping, **chosen, dayfirst=dayfirst, charges_negative=charges_negative)


def read_with(detected: BillReading, mapping: ColumnMapping, data: bytes, digest: str) -> BillReading | None:
    """The file read with ``mapping``; None (having said why) when these columns cannot be read."""
    if mapping == detected.mapping:
        return detected
    try:
        return read_cached(digest, json.dumps(mapping_dict(mapping)), data)
    except BillReadError as error:
        st.error(
            f"With these columns the file cannot be read: {escape_markdown(error)}", icon=":material/error:"
        )
        return None


def reading_notes(bill: BillReading) -> None:
    """What the reader noticed: the sign convention, notes, warnings, counts, and the rows it could not read."""
    st.text(bill.sign_note)
    for note in bill.notes:
        st.text(f"Note: {note}")
    for warning in bill.warnings:
        st.warning(escape_markdown(warning), icon=":material/warning:")
    st.text(
        f"{len(bill.lines)} line items read; {bill.ignored_summary_rows} total/balance rows skipped; "
        f"{len(bill.errors)} rows could not be read."
    )
    if bill.errors:
        st.dataframe(
            [{"line": e.line, "problem": e.message} for e in bill.errors[:200]], hide_index=True, height=160
        )


def mapping_panel(
    name: str,
    data: bytes,
    digest: str,
    detected: BillReading,
    *,
    audited: bool,
    when_read: Callable[[BillReading, ColumnMapping], None],
) -> None:
    """ "How the file was read", folded away once this file is audited; ``when_read`` draws what follows a
    successful reading (the page's "Run the audit") inside the panel."""
    with st.expander("How the file was read", expanded=not audited, icon=":material/table_view:"):
        st.text(
            f"{name} · {detected.encoding} · delimiter {detected.delimiter!r}"
            + ("" if detected.has_header else " · no header row")
        )
        st.caption("Check each column; change any that was guessed wrong.")
        mapping = chosen_mapping(detected, digest)
        bill = read_with(detected, mapping, data, digest)
        if bill is not None:
            reading_notes(bill)
            when_read(bill, mapping)
