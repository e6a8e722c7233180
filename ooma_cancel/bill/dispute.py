"""The dispute letter for a final bill, and the findings of a saved audit as a formula-safe CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ooma_cancel.bill.export import escape_csv_cell
from ooma_cancel.bill.money import format_decimal
from ooma_cancel.formatting import date_range_text, day_text
from ooma_cancel.money import format_dollars

FLAG_WORDS = {
    "after_end_date": "charged after the service ended",
    "early_termination_fee": "early termination fee",
    "equipment_fee": "equipment fee",
    "late_fee": "late fee (review)",
    "duplicate": "charged twice",
}


@dataclass(frozen=True)
class DisputedLine:
    line: int
    when: str  # "Dec 1, 2026" or "Dec 1 – Dec 31, 2026" (ISO "2026-12-01 to 2026-12-31" is read too)
    description: str
    amount_cents: int
    disputed_cents: int
    flags: tuple[str, ...]
    reason: str
    also_on: str = ""  # another audited file that shows the same charge (the letter disputes it once)


@dataclass(frozen=True)
class Shipment:
    item: str
    carrier: str
    tracking_number: str
    shipped_on: date | None
    delivered_on: date | None


@dataclass(frozen=True)
class DisputeFacts:
    holder_name: str
    account_number: str
    service_address: str
    email: str
    end_date: date
    confirmation_number: str | None
    bill_name: str
    shipments: Sequence[Shipment] = ()


def dispute_letter(facts: DisputeFacts, lines: Sequence[DisputedLine], *, today: date) -> str:
    """A dated, addressed, signed-off letter disputing each line, citing the evidence the case holds."""
    disputed = [line for line in lines if line.disputed_cents > 0]
    total = sum(line.disputed_cents for line in disputed)
    # A fact the case lacks is left out, never bracketed: the letter is sent as it reads.
    sender = [line for line in (facts.holder_name, facts.service_address, facts.email) if line]
    account = f" — account {facts.account_number}" if facts.account_number else ""
    parts = [
        "\n".join(sender),
        f"{day_text(today)}",
        "Ooma, Inc. — Billing disputes",
        f"Re: Dispute of final bill ({facts.bill_name}){account}",
        "Dear Ooma Billing,",
        (
            f"My Ooma service ended on {day_text(facts.end_date)}"
            + (
                f", as confirmed by cancellation confirmation number {facts.confirmation_number}"
                if facts.confirmation_number
                else ""
            )
            + f". I dispute the following charges on my final bill, totalling {format_dollars(total)}:"
        ),
        "\n".join(
            f"- {cited(line)}: {format_dollars(line.disputed_cents)} disputed "
            f"({', '.join(FLAG_WORDS.get(f, f) for f in line.flags)}). {line.reason}"
            + (
                f" The same charge appears on {line.also_on}: one charge, disputed once."
                if line.also_on
                else ""
            )
            for line in disputed
        )
        or "- (no disputed lines)",
    ]
    returned = [s for s in facts.shipments if s.tracking_number or s.delivered_on]
    if returned:
        parts.append("The equipment was returned:\n" + "\n".join(_shipment_sentence(s) for s in returned))
    parts += [
        f"Please remove these charges, refund any amount I have paid for them ({format_dollars(total)} in total), "
        "and confirm the corrected balance to me in writing.",
        "Sincerely,",
        facts.holder_name,
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def cited(line: DisputedLine) -> str:
    """A charge as Ooma can find it in its own records: "Dec 17, 2026 — OOMA INC — $32.07" (a line number
    of a bank's file means nothing to Ooma)."""
    return f"{_when_words(line.when)} — {line.description} — {format_dollars(line.amount_cents)}"


def _when_words(when: str) -> str:
    """``2026-12-17`` → ``Dec 17, 2026``; ``2026-12-01 to 2026-12-31`` → ``Dec 1 – Dec 31, 2026`` (the pages'
    period style); text that is already words is kept."""
    parts = [part.strip() for part in when.split(" to ")]
    try:
        days = [date.fromisoformat(part) for part in parts]
    except ValueError:
        return when.strip() or "Undated"
    return date_range_text(days[0], days[-1]) if len(days) == 2 else day_text(days[0])


def _shipment_sentence(shipment: Shipment) -> str:
    """What the case proves about one device: when it was shipped (and how to track it), and, separately, when
    Ooma received it; a shipment in transit is never described as received."""
    details = []
    if shipment.shipped_on:
        sent = f"shipped on {day_text(shipment.shipped_on)}"
        if shipment.carrier or shipment.tracking_number:
            how = ", ".join(
                part
                for part in (
                    f"with {shipment.carrier}" if shipment.carrier else "",
                    f"tracking number {shipment.tracking_number}" if shipment.tracking_number else "",
                )
                if part
            )
            sent += f" ({how})"
        details.append(sent)
    elif shipment.tracking_number:
        details.append(f"shipped (tracking number {shipment.tracking_number})")
    if shipment.delivered_on:
        details.append(f"received by Ooma on {day_text(shipment.delivered_on)}")
    elif shipment.shipped_on or shipment.tracking_number:
        details.append("on its way back to Ooma")
    return f"- {shipment.item}: " + "; ".join(details)


def findings_rows_csv(lines: Sequence[DisputedLine]) -> bytes:
    """Flagged lines of a saved audit as CSV for a person's spreadsheet: dates and flags in words, amounts as plain
    numbers; text cells a spreadsheet would run as formulas are escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["line", "date or period", "description", "amount", "flags", "disputed", "reason"])
    for line in lines:
        writer.writerow(
            [
                line.line,
                escape_csv_cell(line.when),
                escape_csv_cell(line.description),
                format_decimal(line.amount_cents),
                escape_csv_cell("; ".join(FLAG_WORDS.get(flag, flag) for flag in line.flags)),
                format_decimal(line.disputed_cents),
                escape_csv_cell(line.reason),
            ]
        )
    return buffer.getvalue().encode("utf-8")
