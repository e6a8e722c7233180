"""Running the bill audit: audit every line of the file as read and mapped, and save it with the case."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ooma_cancel.bill import AuditContext, BillReading, ColumnMapping, audit
from ooma_cancel.bill.records import audit_report, line_rows, mapping_dict
from ooma_cancel.store import bill as bill_store
from ooma_cancel.ui.session import CaseInView, change

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


# A bill longer than this is audited under a progress bar (a shorter one is done before a bar would be seen).
PROGRESS_LINES = 20_000


def _audit_and_save(
    scope: CaseInView,
    source: Upload,
    bill: BillReading,
    mapping: ColumnMapping,
    context: AuditContext,
    progress: Callable[[float, str], object] | None = None,
) -> int | None:
    """Audit every line and save the audit with the case; its id, or None when it was not saved (said here,
    under the button)."""
    result = audit(bill, context, progress=progress)
    rows = line_rows(result)
    saved = change(
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

    The audit runs in the page run the click starts, with the file, columns, sign and dates that run has just
    read from the page: what the person sees above the button. (A callback would get the values the button was
    drawn with; a sign changed and the button clicked before the page was redrawn saved the old sign's audit
    under a panel showing the new one.) The saved audit is shown by the rerun that follows, which costs one
    more page run."""
    run = st.button("Run the audit", key=RUN_KEY, type="primary", disabled=context is None)
    if not run or context is None:
        return
    progress = st.progress(0.0, text="Checking lines") if len(bill.lines) > PROGRESS_LINES else None
    saved = _audit_and_save(
        scope,
        source,
        bill,
        mapping,
        context,
        progress=(lambda f, phase: progress.progress(min(f, 1.0), text=phase)) if progress else None,
    )
    if progress is not None:
        progress.empty()
    if saved is not None:
        st.rerun()
