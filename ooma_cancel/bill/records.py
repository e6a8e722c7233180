"""An audit as plain rows and a report, ready to be saved with the case (no database code here)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ooma_cancel.bill.mapping import ColumnMapping
from ooma_cancel.bill.reading import BillReading
from ooma_cancel.bill.rules import AuditResult

MAX_REPORTED_ERRORS = 200


def _dates(series: pd.Series) -> list[date | None]:
    """A date column as Python dates, with None where the bill had none (through Arrow: no per-cell checks)."""
    return pa.array(series).to_pylist()


def _joined_flags(series: pd.Series) -> list[str]:
    """Each line's flags as one comma-separated string ("" when none), joined in Arrow."""
    return pc.fill_null(pc.binary_join(pa.array(series), ","), "").to_pylist()


def line_rows(result: AuditResult) -> list[dict[str, Any]]:
    """One dict per audited line: what is stored as a bill line, plus its flags (comma-separated), disputed
    cents and reason."""
    lines = result.lines
    columns = zip(
        lines["line"].astype("int64").tolist(),
        _dates(lines["date"]),
        _dates(lines["period_start"]),
        _dates(lines["period_end"]),
        lines["description"].astype(str).str.slice(0, 500).tolist(),
        lines["category"].astype(str).str.slice(0, 100).tolist(),
        lines["amount_cents"].astype("int64").tolist(),
        _joined_flags(lines["flags"]),
        lines["disputed_cents"].astype("int64").tolist(),
        lines["reason"].astype(str).str.slice(0, 1000).tolist(),
        strict=True,
    )
    keys = (
        "line",
        "line_on",
        "period_start",
        "period_end",
        "description",
        "category",
        "amount_cents",
        "flags",
        "disputed_cents",
        "reason",
    )
    return [dict(zip(keys, values, strict=True)) for values in columns]


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
        "provider_lines": list(result.matched),
        "warnings": list(result.warnings),
        "has_header": reading.has_header,
        "sign": reading.sign_note,
        "context": {
            "end_date": context.end_date.isoformat(),
            "fixed_term": context.fixed_term,
            "equipment_returned_on": context.equipment_returned_on.isoformat()
            if context.equipment_returned_on
            else None,
            "return_window_days": context.return_window_days,
            "merchant": context.merchant,
            "all_lines": context.all_lines,
            "equipment_shipped_on": context.equipment_shipped_on.isoformat()
            if context.equipment_shipped_on
            else None,
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
