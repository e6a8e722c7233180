"""The evidence dossier: one dated, page-numbered PDF (and a Markdown version) proving what the person did.

For a dispute, a chargeback or a regulator complaint: the account (numbers masked), the request as sent, every
confirmation number, the end date, equipment shipments, the balance over time with a chart, the final-bill
findings and the disputed total, and a timeline of every contact and audit-trail event.
Both versions are rendered from the same list of blocks, so they always say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

import phonenumbers
import sqlalchemy as sa
from sqlmodel import Session

from ooma_cancel.account import mask_account_number, mask_phone, one_line_address
from ooma_cancel.bill.overlap import DisputedCharge, disputed_once
from ooma_cancel.case_rules import account_being_cancelled, newest_cancellation_confirmation
from ooma_cancel.dossier_pdf import PdfTable, draw_balance_chart
from ooma_cancel.escalation_facts import load_facts
from ooma_cancel.formatting import channel_text, choice_text, day_text, moment_text, plural
from ooma_cancel.models import (
    CancellationRequest,
    Complaint,
    Confirmation,
    ConfirmationKind,
    EndDate,
    EquipmentItem,
    Escalation,
    Event,
    Interaction,
    LedgerEntry,
    PortRecord,
    Stage,
)
from ooma_cancel.money import format_dollars
from ooma_cancel.pdf import Document
from ooma_cancel.progress import STAGE_TITLES
from ooma_cancel.store.case_data import CaseRows, read_case
from ooma_cancel.text import escape_markdown

BALANCE_EVENTS_SHOWN = 5  # per month; more become one summary line in the timeline

# --- Blocks -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Facts:
    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]


@dataclass(frozen=True)
class Letter:
    text: str


@dataclass(frozen=True)
class Chart:
    """Month-end balances, oldest first."""

    points: list[tuple[date, int]]


Block = Heading | Paragraph | Facts | Table | Letter | Chart


# --- What the dossier says ----------------------------------------------------------------------------------


def _day(day: date | None) -> str:
    return f"{day_text(day)}" if day else "—"


def _when(moment: datetime, tz: tzinfo) -> str:
    return moment_text(moment, tz)


def mask_letter(text: str, account_numbers: Iterable[str], country: str = "US") -> str:
    """The letter as sent, with account and phone numbers masked like everywhere else outside an edit form."""
    for number in account_numbers:
        if len(number) > 4:
            text = text.replace(number, mask_account_number(number))
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, country))):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        text = text[: match.start] + mask_phone(e164) + text[match.end :]
    return text


def monthly_balances(ledger: Iterable[LedgerEntry]) -> list[tuple[date, int, int, int]]:
    """(month, charges, payments and credits, balance at month end) for every month with entries."""
    months: dict[date, list[int]] = {}
    for entry in ledger:
        month = entry.entry_on.replace(day=1)
        totals = months.setdefault(month, [0, 0])
        totals[0 if entry.amount_cents > 0 else 1] += entry.amount_cents
    rows, balance = [], 0
    for month in sorted(months):
        charges, credits = months[month]
        balance += charges + credits
        rows.append((month, charges, credits, balance))
    return rows


def timeline(
    interactions: Iterable[Interaction], events: Iterable[Event], tz: tzinfo
) -> list[tuple[datetime, list[str]]]:
    """Every contact and every audit-trail event, oldest first (busy months of ledger changes summarised)."""
    entries: list[tuple[datetime, int, list[str]]] = []
    for contact in interactions:
        detail = "; ".join(
            part
            for part in (
                contact.representative and f"rep {contact.representative}",
                contact.reference and f"ref {contact.reference}",
                contact.summary.rstrip("."),
                contact.outcome and f"outcome: {contact.outcome}",
            )
            if part
        )
        entries.append(
            (
                contact.occurred_at,
                0,
                [_when(contact.occurred_at, tz), f"Contact ({channel_text(contact.channel)})", detail],
            )
        )
    # Routine ledger bookkeeping (a line per daily usage charge) would bury the contacts: a month with many
    # balance events becomes one line; the amounts themselves are in the balance history.
    by_month: dict[date, list[Event]] = {}
    for event in events:
        if event.stage == Stage.BALANCE.value:
            by_month.setdefault(event.at.astimezone(tz).date().replace(day=1), []).append(event)
        else:
            entries.append(
                (event.at, 1, [_when(event.at, tz), f"Event ({_stage(event.stage)})", event.summary])
            )
    for month, group in by_month.items():
        if len(group) <= BALANCE_EVENTS_SHOWN:
            entries += [
                (e.at, 1, [_when(e.at, tz), f"Event ({_stage(Stage.BALANCE)})", e.summary]) for e in group
            ]
            continue
        last = max(e.at for e in group)
        summary = (
            f"{plural(len(group), 'ledger change')} recorded in {month:%b %Y} (see the balance history)."
        )
        entries.append((last, 1, [_when(last, tz), f"Events ({_stage(Stage.BALANCE)})", summary]))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return [(moment, row) for moment, _, row in entries]


def _stage(stage: str) -> str:
    """A stage as its page is titled (``end_date`` → ``Service end date``), never the program's name for it."""
    try:
        return STAGE_TITLES.get(Stage(stage), choice_text(stage))
    except ValueError:
        return choice_text(stage.replace("_", " "))


def blocks(rows: CaseRows, *, today: date, tz: tzinfo = UTC) -> list[Block]:
    """The dossier's content, in reading order."""
    port: PortRecord | None = rows.single.get(PortRecord)  # type: ignore[assignment]
    request: CancellationRequest | None = rows.single.get(CancellationRequest)  # type: ignore[assignment]
    end: EndDate | None = rows.single.get(EndDate)  # type: ignore[assignment]
    confirmations: list[Confirmation] = rows.lists[Confirmation]
    equipment: list[EquipmentItem] = rows.lists[EquipmentItem]
    ledger: list[LedgerEntry] = rows.lists[LedgerEntry]
    target = account_being_cancelled(rows.accounts, rows.case.confirmed_account_id)
    primary = newest_cancellation_confirmation(confirmations)
    # The number cited everywhere first; any other cancellation numbers received after it.
    cancellation = [primary.number] if primary else []
    cancellation += [
        c.number
        for c in confirmations
        if c is not primary and c.confirms == ConfirmationKind.CANCELLATION.value
    ]
    balances = monthly_balances(ledger)
    balance = balances[-1][3] if balances else None
    disputed = _disputed_once(rows)
    requested_end = request.requested_end_on if request else None

    out: list[Block] = [
        Paragraph(
            f"Prepared on {day_text(today)} from the records kept in the Ooma cancellation dashboard. "
            f"Times are shown in {getattr(tz, 'key', None) or tz.tzname(None) or 'UTC'}. "
            "Account and phone numbers are masked to their last four digits."
        ),
        Heading("Summary"),
        Facts(
            [
                ("Case", rows.case.title),
                (
                    "Account cancelled",
                    f"{target.plan} account {mask_account_number(target.account_number) or '(no number)'}"
                    if target
                    else "not chosen",
                ),
                (
                    "Cancellation confirmation",
                    ", ".join(cancellation) if cancellation else "none received",
                ),
                ("Service end date (confirmed)", _day(end.confirmed_on if end else None)),
                ("Service end date (requested)", _day(requested_end)),
                ("Balance", format_dollars(balance) if balance is not None else "no ledger recorded"),
                ("Disputed on the final bill", format_dollars(disputed)),
            ]
        ),
        Heading("Account"),
    ]
    if not rows.accounts:
        out.append(Paragraph("No account recorded."))
    for account in rows.accounts:
        chosen = " (the one cancelled)" if account is target and len(rows.accounts) > 1 else ""
        out.append(
            Facts(
                [
                    ("Holder", account.holder_name or "—"),
                    ("Plan", account.plan + chosen),
                    ("Account number", mask_account_number(account.account_number) or "—"),
                    ("Phone numbers", ", ".join(mask_phone(p) for p in account.phone_numbers) or "—"),
                    ("Service address", one_line_address(account) or "—"),
                    ("Bundled services ending too", ", ".join(account.bundled_services) or "—"),
                ]
            )
        )
    if port is not None and port.keep_number:
        out += [
            Heading("Keeping the number"),
            Facts(
                [
                    ("New carrier", port.new_carrier or "—"),
                    ("Numbers", ", ".join(mask_phone(p) for p in port.numbers) or "—"),
                    ("Port requested", _day(port.requested_on)),
                    ("Firm order confirmation (FOC)", _day(port.foc_on)),
                    ("Port completed", _day(port.completed_on)),
                ]
            ),
        ]

    out.append(Heading("The cancellation request"))
    if request is None:
        out.append(Paragraph("No cancellation request recorded."))
    else:
        out.append(
            Facts(
                [
                    ("Channel", request.channel),
                    ("Status", request.status),
                    ("Submitted", _day(request.submitted_on)),
                    ("Certified mail tracking", request.tracking_number or "—"),
                    ("Acknowledged", _day(request.acknowledged_on)),
                    ("Completed", _day(request.completed_on)),
                    ("Requested end date", _day(request.requested_end_on)),
                ]
                + ([("Rejected because", request.rejected_reason)] if request.rejected_reason else [])
            )
        )
        if request.letter_text.strip():
            numbers = [a.account_number for a in rows.accounts]
            out += [Paragraph("The request as sent:"), Letter(mask_letter(request.letter_text, numbers))]
        else:
            out.append(Paragraph(f"No written text: the request was made by {request.channel}."))

    out.append(Heading("Confirmation numbers"))
    out.append(
        Table(
            ["Number", "Received", "Channel", "Representative", "Confirms"],
            [
                [c.number, _when(c.received_at, tz), c.channel, c.representative, c.confirms]
                for c in confirmations
            ],
            [30, 32, 20, 40, 48],
        )
        if confirmations
        else Paragraph("No confirmation number recorded.")
    )

    out.append(Heading("Service end date"))
    if end is None and requested_end is None:
        out.append(Paragraph("No end date recorded."))
    else:
        pairs = [
            ("Confirmed end date", _day(end.confirmed_on if end else None)),
            ("Requested end date", _day(requested_end)),
            ("Where the confirmation came from", (end.source if end else "") or "—"),
        ]
        if end and end.confirmed_on and requested_end and end.confirmed_on != requested_end:
            pairs.append(("Note", "The confirmed date differs from the one requested."))
        out.append(Facts(pairs))

    out.append(Heading("Equipment"))
    out.append(
        Table(
            ["Device", "Serial", "Return", "Shipped", "Carrier / tracking", "Delivered"],
            [
                [
                    item.kind,
                    item.serial,
                    "required" if item.return_required else "not required",
                    _day(item.shipped_on),
                    " ".join(p for p in (item.carrier, item.tracking_number) if p) or "—",
                    _day(item.delivered_on),
                ]
                for item in equipment
            ],
            [24, 30, 22, 24, 46, 24],
        )
        if equipment
        else Paragraph("No equipment recorded.")
    )

    out.append(Heading("Balance history"))
    if not balances:
        out.append(Paragraph("No charges or payments recorded."))
    else:
        state = "settled" if balance is not None and balance <= 0 else "outstanding"
        out += [
            Paragraph(f"Balance today: {format_dollars(balance or 0)} ({state}). Month-end balance:"),
            Chart([(month, end_balance) for month, _, _, end_balance in balances]),
            Table(
                ["Month", "Charges", "Payments and credits", "Balance at month end"],
                [
                    [f"{month:%b %Y}", format_dollars(charges), format_dollars(credits), format_dollars(b)]
                    for month, charges, credits, b in balances
                ],
                [40, 40, 45, 45],
            ),
        ]

    out.append(Heading("Final bill review"))
    if not rows.uploads:
        out.append(Paragraph("No final bill uploaded."))
    lines = {line.id: line for line in rows.lines}
    for upload in rows.uploads:
        found = [f for f in rows.findings if lines[f.line_id].upload_id == upload.id]
        out.append(
            Paragraph(
                f"{upload.filename}, checked {_when(upload.uploaded_at, tz)}: "
                f"{format_dollars(upload.disputed_total_cents)} disputed."
            )
        )
        if found:
            out.append(
                Table(
                    ["Line", "Date", "Description", "Amount", "Finding", "Disputed", "Why"],
                    [
                        [
                            str(lines[f.line_id].line),
                            _day(lines[f.line_id].line_on),
                            lines[f.line_id].description,
                            format_dollars(lines[f.line_id].amount_cents),
                            f.flags.replace("_", " ").replace(",", ", "),
                            format_dollars(f.disputed_cents),
                            f.reason,
                        ]
                        for f in found
                    ],
                    [11, 22, 36, 20, 25, 20, 36],
                )
            )
    separate = sum(upload.disputed_total_cents for upload in rows.uploads)
    out.append(
        Paragraph(
            f"Disputed total: {format_dollars(disputed)}"
            + (
                f" (the files together dispute {format_dollars(separate)}; a charge shown on more than one file "
                "is counted once)"
                if separate != disputed
                else ""
            )
        )
    )

    out += _escalation_blocks(rows)

    out.append(Heading("Timeline of every contact and event"))
    entries = timeline(rows.lists[Interaction], rows.lists[Event], tz)
    out.append(
        Table(["When", "What", "Detail"], [row for _, row in entries], [34, 36, 100])
        if entries
        else Paragraph("Nothing recorded yet.")
    )
    return out


def _escalation_blocks(rows: CaseRows) -> list[Block]:
    """The card or bank dispute (card: last four digits only), statement dates and complaints filed."""
    out: list[Block] = [Heading("Escalation")]
    escalation = rows.single.get(Escalation)
    complaints = rows.lists.get(Complaint, [])
    if not isinstance(escalation, Escalation) and not complaints and not rows.statements:
        return [*out, Paragraph("No card or bank dispute and no complaint recorded.")]
    if isinstance(escalation, Escalation):
        four = escalation.card_last4
        out.append(
            Facts(
                [
                    ("Paid by", escalation.payment_method or "not said"),
                    ("Card issuer or bank", escalation.issuer_name or "—"),
                    ("Card or account", f"ending in {four}" if four else "—"),
                    ("Dispute sent to Ooma", _day(escalation.ooma_disputed_on)),
                    ("Billing-error notice sent", _day(escalation.sent_on)),
                    ("Acknowledged", _day(escalation.acknowledged_on)),
                    (
                        "Outcome",
                        (escalation.outcome or "pending")
                        + (f" on {_day(escalation.outcome_on)}" if escalation.outcome_on else "")
                        + (
                            f", {format_dollars(escalation.credited_cents)} credited"
                            if escalation.credited_cents
                            else ""
                        ),
                    ),
                ]
            )
        )
    lines = {line.id: line for line in rows.lines}
    dated = [(row, lines[row.line_id]) for row in rows.statements if row.line_id in lines]
    if dated:
        out.append(
            Table(
                ["Charge date", "Description", "Amount", "First on statement of"],
                [
                    [
                        _day(line.line_on),
                        line.description,
                        format_dollars(line.amount_cents),
                        _day(row.statement_on),
                    ]
                    for row, line in dated
                ],
                [30, 70, 30, 40],
            )
        )
    if complaints:
        places = load_facts().places
        out.append(
            Table(
                ["Filed on", "Where", "Reference"],
                [
                    [
                        _day(c.filed_on),
                        places[c.place].label if c.place in places else c.place,
                        c.reference or "—",
                    ]
                    for c in complaints
                ],
                [30, 90, 50],
            )
        )
    return out


def pdf_file(*, engine: sa.Engine, owner: str, case_id: int, today: date, tz: tzinfo = UTC) -> bytes:
    """The owner's case as the dossier PDF, read in its own session (for a download button)."""
    with Session(engine) as session:
        return to_pdf(read_case(session=session, owner=owner, case_id=case_id), today=today, tz=tz)


def markdown_file(*, engine: sa.Engine, owner: str, case_id: int, today: date, tz: tzinfo = UTC) -> bytes:
    """The owner's case as the dossier in Markdown."""
    with Session(engine) as session:
        rows = read_case(session=session, owner=owner, case_id=case_id)
        return to_markdown(rows, today=today, tz=tz).encode("utf-8")


# --- Rendering ----------------------------------------------------------------------------------------------


def to_pdf(rows: CaseRows, *, today: date, tz: tzinfo = UTC) -> bytes:
    """The dossier as a PDF: dated, page-numbered."""
    title = f"Evidence dossier: {rows.case.title}"
    document = Document(
        title=title,
        footer_note=f"{title[:60]} · prepared {day_text(today)}",
        subject=f"Proof of each step of cancelling Ooma service, prepared {day_text(today)}",
    )
    document.heading(title, size=16)
    for block in blocks(rows, today=today, tz=tz):
        _pdf_block(document, block)
    return document.to_bytes()


def _pdf_block(document: Document, block: Block) -> None:
    if isinstance(block, Heading):
        if document.get_y() > document.page_break_trigger - 30:
            document.add_page()  # never leave a heading alone at the bottom of a page
        document.ln(2)
        document.heading(block.text, size=13)
    elif isinstance(block, Paragraph):
        document.paragraph(block.text)
    elif isinstance(block, Facts):
        PdfTable(document, None, [55, 115]).rows([key, value] for key, value in block.pairs)
    elif isinstance(block, Table):
        PdfTable(document, block.header, block.widths).rows(block.rows)
    elif isinstance(block, Letter):
        PdfTable(document, None, [1], size=9, line_height=4.5).rows([[block.text]])
    elif isinstance(block, Chart):
        draw_balance_chart(document, block.points)


def to_markdown(rows: CaseRows, *, today: date, tz: tzinfo = UTC) -> str:
    """The dossier as Markdown, for pasting into a complaint form or an e-mail."""
    out = [f"# Evidence dossier: {md(rows.case.title)}", ""]
    for block in blocks(rows, today=today, tz=tz):
        if isinstance(block, Heading):
            out += [f"## {md(block.text)}", ""]
        elif isinstance(block, Paragraph):
            out += [md(block.text), ""]
        elif isinstance(block, Facts):
            out += [f"- **{md(key)}:** {md(value)}" for key, value in block.pairs] + [""]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(md(cell) for cell in block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            out += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, Letter):
            longest = max((len(run) for run in re.findall(r"`+", block.text)), default=0)
            fence = "`" * max(3, longest + 1)
            out += [fence, block.text, fence, ""]
        elif isinstance(block, Chart):
            out += ["(The PDF version shows this as a chart.)", ""]
    out.append(f"Prepared on {day_text(today)}.")
    return "\n".join(out) + "\n"


def md(text: str) -> str:
    """User text made inert in Markdown (the app's one escaping path), line breaks flattened for table cells."""
    return escape_markdown(" ".join(text.split()))


def _disputed_once(rows: CaseRows) -> int:
    """The disputed total over every audited file, a charge shown on a bill and a statement counted once."""
    lines = {line.id: line for line in rows.lines}
    return disputed_once(
        DisputedCharge(
            upload_id=lines[f.line_id].upload_id,
            day=lines[f.line_id].line_on or lines[f.line_id].period_start,
            amount_cents=lines[f.line_id].amount_cents,
            disputed_cents=f.disputed_cents,
        )
        for f in rows.findings
        if f.disputed_cents > 0
    )
