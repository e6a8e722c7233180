"""Review the final bill: read a bill or statement CSV of any common shape and audit it against the case.

Pure Python (pandas/pyarrow), no Streamlit: the page and the command line both use this API.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ooma_cancel.bill.errors import BillReadError, RowError
    from ooma_cancel.bill.export import escape_csv_cell, findings_csv, to_json_dict
    from ooma_cancel.bill.mapping import ColumnMapping
    from ooma_cancel.bill.money import format_decimal
    from ooma_cancel.bill.reading import BillReading, read_bill
    from ooma_cancel.bill.report import readable_report
    from ooma_cancel.bill.rules import FLAGS, KINDS, AuditContext, AuditResult, AuditSummary, audit

# Where each public name lives. They load on first use, so `python -m ooma_cancel <other command>` does not
# pay for importing pandas and pyarrow.
_HOMES = {
    "FLAGS": "rules",
    "KINDS": "rules",
    "AuditContext": "rules",
    "AuditResult": "rules",
    "AuditSummary": "rules",
    "audit": "rules",
    "BillReadError": "errors",
    "RowError": "errors",
    "escape_csv_cell": "export",
    "findings_csv": "export",
    "to_json_dict": "export",
    "ColumnMapping": "mapping",
    "format_decimal": "money",
    "BillReading": "reading",
    "read_bill": "reading",
    "readable_report": "report",
}

__all__ = [
    "FLAGS",
    "KINDS",
    "AuditContext",
    "AuditResult",
    "AuditSummary",
    "BillReadError",
    "BillReading",
    "ColumnMapping",
    "RowError",
    "audit",
    "escape_csv_cell",
    "findings_csv",
    "format_decimal",
    "read_bill",
    "readable_report",
    "to_json_dict",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
