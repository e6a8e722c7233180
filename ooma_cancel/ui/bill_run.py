"""Running the bill audit: audit every line of the file as read and mapped, and save it with the case."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ooma_cancel.bill import AuditContext, BillReading, ColumnMapping, audit
from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
from ooma_cancel.store import bill as bill_store
from ooma_cancel.ui.session import CaseInView, change_in_callback, tell

SELECTED_KEY = "bill.selected_upload"
SAMPLE_KEY = "bill.sample"
RUN_KEY = "bill.run"


@dataclass(frozen=True)
class Upload:
    """The file to audit: its name, bytes and hash."""

    name: str
    data: bytes
    digest: str

    @classmethod
    def of(cls, name: str, data: bytes) -> "Upload":
        return cls(name=name, data=data, digest=hashlib.sha256(data).hexdigest())


# Up to this many lines the audit runs in the button's callback (one page run, no ``st.rerun()``); a longer
# bill is audited in the page run, under a progress bar, and the page then reruns to show it.
CALLBACK_LINES = 20_000


def _audit_in_callback(
    scope: CaseInView, source: Upload, bill: BillReading, mapping: ColumnMapping, context: AuditContext
) -> None:
    """The button's callback: audit and save (what went wrong is told where the button is)."""
    _audit_and_save(scope, source, bill, mapping, context)


def _audit_and_save(
    scope: CaseInView,
    source: Upload,
    bill: BillReading,
    mapping: ColumnMapping,
    context: AuditContext,
    progress: Callable[[float, str], object] | None = None,
) -> int | None:
    """Audit every line and save the audit with the case; its id, or None when it was not saved (said where
    the button is)."""
    result = audit(bill, context, progress=progress)
    rows = line_rows(result)
    saved = change_in_callback(
        lambda session: bill_store.save_bill_audit(
            session=session,
            owner=scope.owner,
            case_id=scope.case_id,
            filename=source.name,
            sha256=source.digest,
            mapping=mapping_dict(mapping),
            report=audit_report(bill, result),
            lines=rows,
        ),
        told=RUN_KEY,
        success="Audit saved with your case.",
    )
    if saved is None:
        return None
    st.session_state[SELECTED_KEY] = saved.id
    st.session_state.pop(SAMPLE_KEY, None)
    return saved.id


def run_audit(
    scope: CaseInView,
    source: Upload,
    bill: BillReading,
    mapping: ColumnMapping,
    *,
    context: AuditContext | None,
) -> None:
    """The "Run the audit" button: audit every line, save the audit with the case, and show it.

    A bill of up to :data:`CALLBACK_LINES` lines is audited in the button's callback, before the page is
    drawn, so the page shows the saved audit in that same run; a longer one in the page run, with a progress
    bar, and then the page reruns."""
    small = len(bill.lines) <= CALLBACK_LINES
    run = st.button(
        "Run the audit",
        key=RUN_KEY,
        type="primary",
        disabled=context is None,
        on_click=_audit_in_callback if small and context is not None else None,
        args=(scope, source, bill, mapping, context) if small and context is not None else None,
    )
    tell(RUN_KEY)  # why the callback's save was refused, if it was
    if not run or context is None or small:
        return
    progress = st.progress(0.0, text="Checking lines")
    saved = _audit_and_save(
        scope,
        source,
        bill,
        mapping,
        context,
        progress=lambda f, phase: progress.progress(min(f, 1.0), text=phase),
    )
    progress.empty()
    tell(RUN_KEY)
    if saved is not None:
        st.rerun()
