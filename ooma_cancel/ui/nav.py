"""The pages of the app, in journey order: one table that app.py routes from and pages link to."""

from __future__ import annotations

from dataclasses import dataclass

from ooma_cancel.models import Stage


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    icon: str
    group: str
    stage: Stage | None = None


PAGES: tuple[PageInfo, ...] = (
    PageInfo("views/overview.py", "Overview", ":material/dashboard:", ""),
    PageInfo(
        "views/account.py", "Account identification", ":material/badge:", "1 · Get ready", Stage.ACCOUNT
    ),
    PageInfo("views/keep_number.py", "Keep your number", ":material/sim_card:", "1 · Get ready", Stage.PORT),
    PageInfo(
        "views/contact_support.py",
        "Contacting support",
        ":material/support_agent:",
        "1 · Get ready",
        Stage.SUPPORT,
    ),
    PageInfo(
        "views/cancellation_request.py",
        "Cancellation request",
        ":material/outgoing_mail:",
        "2 · Cancel",
        Stage.REQUEST,
    ),
    PageInfo(
        "views/equipment_return.py",
        "Equipment return",
        ":material/local_shipping:",
        "2 · Cancel",
        Stage.EQUIPMENT,
    ),
    PageInfo(
        "views/balance.py",
        "Outstanding balance",
        ":material/account_balance_wallet:",
        "2 · Cancel",
        Stage.BALANCE,
    ),
    PageInfo(
        "views/confirmation.py",
        "Confirmation number",
        ":material/verified:",
        "3 · Make it final",
        Stage.CONFIRMATION,
    ),
    PageInfo(
        "views/end_date.py", "Service end date", ":material/event_busy:", "3 · Make it final", Stage.END_DATE
    ),
    PageInfo(
        "views/final_bill.py", "Review final bill", ":material/receipt_long:", "3 · Make it final", Stage.BILL
    ),
    PageInfo("views/escalation.py", "Escalation", ":material/gavel:", "3 · Make it final", Stage.ESCALATION),
    PageInfo("views/checklist.py", "Checklist & FAQ", ":material/checklist:", "Help & your data"),
    PageInfo("views/settings.py", "Settings & data", ":material/settings:", "Help & your data"),
)

PAGE_FOR_STAGE: dict[Stage, PageInfo] = {page.stage: page for page in PAGES if page.stage is not None}
