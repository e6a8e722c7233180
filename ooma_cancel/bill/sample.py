"""A sample final bill shaped like an Ooma export, dated around a case's end date, to try the audit on."""

from __future__ import annotations

from datetime import date, timedelta

from ooma_cancel.money import format_dollars


def sample_bill_csv(end_on: date) -> bytes:
    """A bill for a service that ended on ``end_on``: one clean period, then the usual overcharges."""

    def d(day: date) -> str:
        return f"{day:%m/%d/%Y}"

    last_start, next_start = end_on - timedelta(days=29), end_on + timedelta(days=1)
    next_end = next_start + timedelta(days=30)
    paid = f"{d(last_start)} - {d(end_on)}"
    after = f"{d(next_start)} - {d(next_end)}"
    straddling = f"{d(end_on - timedelta(days=15))} - {d(end_on + timedelta(days=14))}"
    rows = [
        (last_start, paid, "Ooma Premier monthly service", "Service", "$9.99"),
        (last_start, paid, "911 service fee", "Tax", "$1.50"),
        (end_on - timedelta(days=12), "", "International call to Canada", "Usage", "$2.35"),
        (end_on - timedelta(days=8), "", "Payment - thank you", "Payment", "-$13.84"),
        (next_start, after, "Ooma Premier monthly service", "Service", "$9.99"),
        (next_start, after, "Ooma Premier monthly service", "Service", "$9.99"),
        (next_start, after, "911 service fee", "Tax", "$1.50"),
        (
            end_on - timedelta(days=15),
            straddling,
            "Premier add-on: Enhanced Call Blocking",
            "Service",
            "$4.99",
        ),
        (end_on + timedelta(days=3), "", "International call to Canada", "Usage", "$0.75"),
        (end_on + timedelta(days=5), "", "Late payment fee", "Fee", "$5.00"),
        (end_on + timedelta(days=8), "", "Unreturned equipment fee - desk phone", "Fee", "$59.99"),
        (end_on + timedelta(days=10), "", "Early termination fee", "Fee", "$59.99"),
        (end_on + timedelta(days=12), "", "Courtesy credit", "Credit", "-$5.00"),
    ]
    lines = [
        "Ooma Inc. - Final bill,,,,",
        f"Statement date: {d(end_on + timedelta(days=15))},,,,",
        "Date,Service period,Description,Category,Amount (USD)",
        *(f"{d(day)},{period},{text},{category},{amount}" for day, period, text, category, amount in rows),
        f",,Balance due,,{format_dollars(_total_cents(rows)).replace(',', '')}",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _total_cents(rows: list[tuple[date, str, str, str, str]]) -> int:
    return sum(int(amount.replace("$", "").replace(".", "")) for *_, amount in rows)
