"""The case's rules, each written once: pure functions over the records the store reads.

The store, the pages, the letters, the dossier and the export all ask these functions, so two places can
never give two answers (which account is being cancelled, which confirmation number to cite, …).
No database, no Streamlit: every rule is tested on plain records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from ooma_cancel.deadlines import return_deadline
from ooma_cancel.models import ConfirmationKind, Plan

PORT_PENDING_REFUSAL = "Wait for the port to complete, or tick the box above to submit anyway."


class _Identified(Protocol):
    id: int | None


A = TypeVar("A", bound=_Identified)


class _Confirmation(Protocol):
    # Read-only members, so that a table's own (narrower) column types satisfy them.
    @property
    def id(self) -> int | None: ...
    @property
    def confirms(self) -> str: ...
    @property
    def received_at(self) -> Any: ...  # a datetime; all of one case come from the same column


C = TypeVar("C", bound=_Confirmation)


def plan_allows_fixed_term(plan: str) -> bool:
    """Only Ooma Office plans have fixed-term agreements (that auto-renew unless notice is given)."""
    return plan == Plan.OFFICE.value


def has_fixed_term(account: object | None) -> bool:
    """The account is a fixed-term agreement: ticked as such, and on a plan that has them."""
    return bool(
        account is not None
        and getattr(account, "fixed_term", False)
        and plan_allows_fixed_term(getattr(account, "plan", ""))
    )


def fixed_term_ends_on(account: object | None) -> date | None:
    """The end of the account's fixed term, if it has one (else None, whatever the stale date field says)."""
    return getattr(account, "term_ends_on", None) if has_fixed_term(account) else None


def account_being_cancelled(accounts: Sequence[A], confirmed_id: int | None) -> A | None:
    """The account being cancelled: the one the person confirmed, else the case's only account.

    A confirmed id that names none of the accounts (a stale reference) counts as no confirmation at all:
    the only account is still the one being cancelled, and with several none is chosen.
    """
    if confirmed_id is not None:
        confirmed = next((account for account in accounts if account.id == confirmed_id), None)
        if confirmed is not None:
            return confirmed
    return accounts[0] if len(accounts) == 1 else None


def account_is_confirmed(accounts: Sequence[_Identified], confirmed_id: int | None) -> bool:
    """The person confirmed which account to cancel (and that account still exists)."""
    return confirmed_id is not None and any(account.id == confirmed_id for account in accounts)


def end_date_to_plan_with(confirmed_on: date | None, requested_on: date | None) -> date | None:
    """The service end date to plan with: the one Ooma confirmed, else the one requested."""
    return confirmed_on or requested_on


def end_date_acknowledgement(confirmations: Iterable[C]) -> C | None:
    """Ooma's acknowledgement of the requested end date: the newest confirmation number recorded as confirming
    the end date (the confirmation page's "What it confirms"), the later recorded on a tie."""
    acknowledgements = [c for c in confirmations if c.confirms == ConfirmationKind.END_DATE.value]
    return max(acknowledgements, key=lambda c: (c.received_at, c.id or 0), default=None)


def confirmed_end_date(
    recorded_on: date | None, requested_on: date | None, acknowledgement: object | None
) -> date | None:
    """The service end date Ooma confirmed: the date recorded on the end-date page, else the requested end date
    once Ooma acknowledged it with a confirmation number (``end_date_acknowledgement``); None while neither.

    The overview, the checklist and the end-date page all ask this, so a fact recorded on the confirmation page
    counts everywhere.
    """
    if recorded_on is not None:
        return recorded_on
    return requested_on if acknowledgement is not None else None


def item_return_deadline(
    end_on: date | None, own_window_days: int | None, case_window_days: int
) -> date | None:
    """The day a device must reach Ooma: the service end date plus its own return window, else the case's."""
    return return_deadline(end_on, own_window_days or case_window_days) if end_on else None


def newest_cancellation_confirmation(confirmations: Iterable[C]) -> C | None:
    """The confirmation of the cancellation itself: the newest received, the later recorded on a tie.

    Every place that cites "the" cancellation confirmation number (overview, letters, end date, dossier)
    cites this one.
    """
    cancellations = [c for c in confirmations if c.confirms == ConfirmationKind.CANCELLATION.value]
    return max(cancellations, key=lambda c: (c.received_at, c.id or 0), default=None)


def port_still_pending(keep_number: bool | None, port_completed_on: date | None) -> bool:
    """The person wants to keep the number and the port has not completed yet."""
    return keep_number is True and port_completed_on is None
