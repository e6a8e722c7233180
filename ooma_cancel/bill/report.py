"""The audit as text for a terminal: a summary, counts per flag, and the flagged lines."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ooma_cancel.bill.reading import BillReading
from ooma_cancel.bill.rules import FLAGS, AuditResult
from ooma_cancel.formatting import date_range_text, day_text
from ooma_cancel.money import format_dollars

SHOWN_LINES = 50


def readable_report(reading: BillReading, result: AuditResult, *, name: str, limit: int = SHOWN_LINES) -> str:
    """A summary a person can read: totals, flags, the first ``limit`` flagged lines and unreadable rows."""
    summary, context = result.summary, result.context
    out = [f"Audit of {name}"]
    out.append(
        f"Service end date {day_text(context.end_date)}; "
        f"fixed-term contract: {'yes' if context.fixed_term else 'no'}; equipment "
        + (
            f"returned {day_text(context.equipment_returned_on)} (deadline {day_text(context.return_deadline)})"
            if context.equipment_returned_on
            else f"not recorded as returned (deadline {day_text(context.return_deadline)})"
        )
    )
    counted = f"{summary.lines} line items audited"
    extras = []
    if summary.ignored_lines:
        extras.append(f"{summary.ignored_lines} other merchants' lines ignored")
    if reading.ignored_summary_rows:
        extras.append(f"{reading.ignored_summary_rows} total/balance rows skipped")
    if reading.errors:
        extras.append(f"{len(reading.errors)} rows unreadable")
    out.append(counted + (f" ({', '.join(extras)})" if extras else "") + ".")
    out += [f"Note: {note}" for note in reading.notes]
    out.append("")
    out.append(f"Charges:  {format_dollars(summary.charges_total_cents):>14}")
    out.append(f"Credits:  {format_dollars(summary.credits_total_cents):>14}")
    out.append(f"Disputed: {format_dollars(summary.disputed_total_cents):>14}")
    out.append("")
    out.append("Flags:")
    out += [f"  {flag:<22} {summary.flag_counts.get(flag, 0):>8}" for flag in FLAGS]

    lines = result.lines
    flagged = np.flatnonzero(pa.array(lines["flags"]).value_lengths().to_numpy(zero_copy_only=False) > 0)
    if len(flagged):
        out += ["", "Flagged lines:"]
        for i in flagged[:limit]:
            row = lines.iloc[int(i)]
            when = _when(row)
            out.append(
                f"  line {row['line']}: {when} {row['description']} — {format_dollars(int(row['amount_cents']))}, "
                f"disputed {format_dollars(int(row['disputed_cents']))} [{', '.join(row['flags'])}]"
            )
            out.append(f"    {row['reason']}")
        if len(flagged) > limit:
            out.append(f"  … and {len(flagged) - limit} more flagged lines (use --json for all of them)")
    if reading.errors:
        out += ["", "Unreadable rows:"]
        out += [f"  line {error.line}: {error.message}" for error in reading.errors[:limit]]
        if len(reading.errors) > limit:
            out.append(f"  … and {len(reading.errors) - limit} more")
    return "\n".join(out) + "\n"


def _when(row: pd.Series) -> str:
    start, end, day = row["period_start"], row["period_end"], row["date"]
    if _present(start) and _present(end):
        return date_range_text(start, end)
    return day_text(day) if _present(day) else "(no date)"


def _present(value: object) -> bool:
    return value is not None and not pd.isna(value)
