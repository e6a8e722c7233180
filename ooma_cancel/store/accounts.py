"""Stage 1: the accounts of a case and the explicit choice of which one to cancel."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ooma_cancel.account import confirms_account, mask_account_number
from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.models import Account, AccountBase, Stage, utcnow
from ooma_cancel.store.cases import get_case, record_event

MAX_ACCOUNTS = 10


def list_accounts(*, session: Session, owner: str, case_id: int) -> list[Account]:
    get_case(session=session, owner=owner, case_id=case_id)
    return list(session.exec(select(Account).where(Account.case_id == case_id).order_by(col(Account.id))))


def save_account(
    *, session: Session, owner: str, case_id: int, account_in: AccountBase, account_id: int | None = None
) -> Account:
    """Create the account (``account_id`` None) or replace its fields with ``account_in`` (already validated)."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    if account_id is None:
        count = len(list_accounts(session=session, owner=owner, case_id=case_id))
        if count >= MAX_ACCOUNTS:
            raise UserError(f"A case holds at most {MAX_ACCOUNTS} accounts.")
        account = Account(case_id=case_id)
        verb = "added"
    else:
        account = _get_account(session=session, case_id=case_id, account_id=account_id)
        verb = "updated"
    before = account.account_number
    for name, value in account_in.model_dump().items():
        setattr(account, name, value)
    account.updated_at = utcnow()
    session.add(account)
    session.flush()
    if case.confirmed_account_id == account.id and before != account.account_number:
        # The person confirmed other digits: ask again rather than cancel the wrong account.
        case.confirmed_account_id = None
    label = mask_account_number(account.account_number) or "without a number yet"
    record_event(session=session, case=case, stage=Stage.ACCOUNT, summary=f"Account {label} {verb}.")
    return account


def delete_account(*, session: Session, owner: str, case_id: int, account_id: int) -> None:
    case = get_case(session=session, owner=owner, case_id=case_id)
    account = _get_account(session=session, case_id=case_id, account_id=account_id)
    if case.confirmed_account_id == account.id:
        case.confirmed_account_id = None
    label = mask_account_number(account.account_number) or "without a number"
    session.delete(account)
    record_event(session=session, case=case, stage=Stage.ACCOUNT, summary=f"Account {label} removed.")


def confirm_account(
    *, session: Session, owner: str, case_id: int, account_id: int, typed_last_four: str
) -> Account:
    """Mark the account to cancel after the person retyped the last four characters of its number."""
    case = get_case(session=session, owner=owner, case_id=case_id)
    account = _get_account(session=session, case_id=case_id, account_id=account_id)
    if not account.account_number:
        raise UserError("Enter the account number first.")
    if not confirms_account(account.account_number, typed_last_four):
        raise UserError("Those are not the last four characters of this account number.")
    case.confirmed_account_id = account.id
    record_event(
        session=session,
        case=case,
        stage=Stage.ACCOUNT,
        summary=f"Account {mask_account_number(account.account_number)} confirmed as the one to cancel.",
    )
    return account


def _get_account(*, session: Session, case_id: int, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.case_id != case_id:
        raise NotInCase("That account is not part of this case.")
    return account
