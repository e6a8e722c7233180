"""Findings out of the audit: a CSV for spreadsheets (formula-safe) and the JSON shape the CLI prints."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ooma_cancel.bill.reading import BillReading
from ooma_cancel.bill.rules import FLAGS, AuditResult

# A spreadsheet runs a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FINDINGS_COLUMNS = [
    "line",
    "date",
    "period_start",
    "period_end",
    "description",
    "category",
    "amount",
    "flags",
    "disputed",
    "reason",
]


def escape_csv_cell(value: str) -> str:
    """Prefix a text cell with ``'`` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def cents_text(cents: np.ndarray) -> pa.Array:
    """Integer cents as strings with two decimals (``-500`` → ``"-5.00"``), for a whole column at once."""
    cents = np.asarray(cents, dtype=np.int64)
    whole, frac = np.divmod(np.abs(cents), 100)
    sign = pa.array(np.where(cents < 0, "-", ""), pa.string())
    return pc.binary_join_element_wise(
        sign,
        pc.cast(pa.array(whole), pa.string()),
        ".",
        pc.utf8_lpad(pc.cast(pa.array(frac), pa.string()), 2, "0"),
        "",
    )


def _columns(result: AuditResult) -> dict[str, list[Any]]:
    lines = result.lines
    iso = {
        name: pc.cast(pa.array(lines[name]), pa.string()).to_pylist()
        for name in ("date", "period_start", "period_end")
    }
    return {
        "line": lines["line"].astype(int).tolist(),
        **iso,
        "description": lines["description"].astype(str).tolist(),
        "amount": cents_text(lines["amount_cents"].to_numpy()).to_pylist(),
        "category": lines["category"].astype(str).tolist() if "category" in lines else [""] * len(lines),
        "flags": pa.array(lines["flags"]).to_pylist(),
        "disputed": cents_text(lines["disputed_cents"].to_numpy()).to_pylist(),
        "reason": lines["reason"].astype(str).tolist(),
    }


def findings_csv(result: AuditResult) -> bytes:
    """The audited lines as CSV (UTF-8, header row): amounts as plain numbers, text cells formula-escaped."""
    columns = _columns(result)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FINDINGS_COLUMNS)
    for i in range(len(result.lines)):
        writer.writerow(
            [
                columns["line"][i],
                columns["date"][i] or "",
                columns["period_start"][i] or "",
                columns["period_end"][i] or "",
                escape_csv_cell(columns["description"][i]),
                escape_csv_cell(columns["category"][i]),
                columns["amount"][i],
                escape_csv_cell(" ".join(columns["flags"][i])),
                columns["disputed"][i],
                escape_csv_cell(columns["reason"][i]),
            ]
        )
    return out.getvalue().encode("utf-8")


def to_json_dict(reading: BillReading | None, result: AuditResult) -> dict[str, Any]:
    """The audit as the CLI's ``--json`` object: lines, unreadable rows and the summary."""
    columns = _columns(result)
    keys = [
        "line",
        "date",
        "period_start",
        "period_end",
        "description",
        "amount",
        "category",
        "flags",
        "disputed",
    ]
    lines = [dict(zip(keys, row, strict=True)) for row in zip(*(columns[k] for k in keys), strict=True)]
    summary = result.summary
    return {
        "reading": reading_facts(reading, result),
        "lines": lines,
        "errors": [{"line": e.line, "message": e.message} for e in (reading.errors if reading else [])],
        "summary": {
            "lines": summary.lines,
            "ignored_lines": summary.ignored_lines,
            "charges_total": _money(summary.charges_total_cents),
            "credits_total": _money(summary.credits_total_cents),
            "disputed_total": _money(summary.disputed_total_cents),
            "flag_counts": {flag: summary.flag_counts.get(flag, 0) for flag in FLAGS},
        },
    }


def _money(cents: int) -> str:
    return cents_text(np.array([cents])).to_pylist()[0]


def reading_facts(reading: BillReading | None, result: AuditResult) -> dict[str, Any]:
    """How the file was read and what was audited: the sign decided and why, the header, the narrowing."""
    facts: dict[str, Any] = {
        "provider_lines": result.matched,
        "other_lines_set_aside": result.ignored_lines,
        "warnings": list(result.warnings),
    }
    if reading is None:
        return facts
    return {
        "has_header": reading.has_header,
        "header_line": reading.header_line if reading.has_header else None,
        "columns": reading.mapping.columns(),
        "charges_negative": reading.charges_negative,
        "sign": reading.sign_note,
        "sign_reason": reading.sign_reason,
        "notes": list(reading.notes),
        **facts,
    }
