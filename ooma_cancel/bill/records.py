"""An audit as plain rows and a report, ready to be saved with the case (no database code here)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import pandas as pd

from ooma_cancel.bill.mapping import ColumnMapping
from ooma_cancel.bill.reading import BillReading
from ooma_cancel.bill.rules import AuditResult

MAX_REPORTED_ERRORS = 200


def _date(value: Any) -> date | None:
    return None if value is None or value is pd.NA or pd.isna(value) else value


def line_rows(result: AuditResult) -> list[dict[str, Any]]:
    """One dict per audited line: what is stored as a bill line, plus its flags, disputed cents and reason."""
    lines = result.lines
    columns = {
        name: lines[name].tolist()
        for name in ("line", "date", "period_start", "period_end", "description", "category", "amount_cents")
    }
    flags = lines["flags"].tolist()
    disputed = lines["disputed_cents"].tolist()
    reasons = lines["reason"].tolist()
    return [
        {
            "line": int(columns["line"][i]),
            "line_on": _date(columns["date"][i]),
            "period_start": _date(columns["period_start"][i]),
            "period_end": _date(columns["period_end"][i]),
            "description": str(columns["description"][i])[:500],
            "category": str(columns["category"][i])[:100],
            "amount_cents": int(columns["amount_cents"][i]),
            "flags": list(flags[i]),
            "disputed_cents": int(disputed[i]),
            "reason": str(reasons[i])[:1000],
        }
        for i in range(len(lines))
    ]


def audit_report(reading: BillReading, result: AuditResult) -> dict[str, Any]:
    """How the file was read and what the audit found, as JSON-safe values to show again later."""
    context = result.context
    summary = result.summary
    return {
        "encoding": reading.encoding,
        "delimiter": reading.delimiter,
        "notes": list(reading.notes),
        "errors": [{"line": e.line, "message": e.message} for e in reading.errors[:MAX_REPORTED_ERRORS]],
        "error_count": len(reading.errors),
        "ignored_summary_rows": reading.ignored_summary_rows,
        "ignored_lines": result.ignored_lines,
        "context": {
            "end_date": context.end_date.isoformat(),
            "fixed_term": context.fixed_term,
            "equipment_returned_on": context.equipment_returned_on.isoformat()
            if context.equipment_returned_on
            else None,
            "return_window_days": context.return_window_days,
            "merchant": context.merchant,
        },
        "summary": {
            "lines": summary.lines,
            "charges_total_cents": summary.charges_total_cents,
            "credits_total_cents": summary.credits_total_cents,
            "disputed_total_cents": summary.disputed_total_cents,
            "flag_counts": dict(summary.flag_counts),
        },
    }


def mapping_dict(mapping: ColumnMapping) -> dict[str, Any]:
    return asdict(mapping)
