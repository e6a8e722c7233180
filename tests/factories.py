"""Invented test data shared by the tests: a complete account, a complete request draft, a case holding them.

Import as ``from tests.factories import …`` (``tests`` is a package; its subfolders are not). Every value is made
up: the 650-555-01xx numbers are reserved for fiction, the addresses and names belong to nobody.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from ooma_cancel.db import ENV_VAR, make_engine, migrate, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import AccountBase, Channel, Confirmation, ConfirmationKind, Plan
from ooma_cancel.owner import LOCAL_OWNER, MODE_VAR
from ooma_cancel.request import RequestDraft
from ooma_cancel.store.accounts import save_account
from ooma_cancel.store.cases import create_case, rename_case
from ooma_cancel.store.confirmations import add_confirmation

TODAY = date(2026, 11, 27)


def account(**changes: Any) -> AccountBase:
    """An account with everything a cancellation request needs (a Premier plan); ``changes`` replace fields."""
    values: dict[str, Any] = {
        "holder_name": "Jordan Rivera",
        "account_number": "4815162342",
        "phone_numbers": ["+16505550123"],
        "street": "100 Example Street",
        "city": "Sunnyvale",
        "region": "CA",
        "postal_code": "94086",
        "email": "jordan@example.com",
        "plan": Plan.PREMIER,
    }
    return AccountBase.model_validate({**values, **changes})


def complete_draft(**changes: Any) -> RequestDraft:
    """A phone request that says everything it must, for an end date in mid-December 2026."""
    return replace(RequestDraft(Channel.PHONE.value, date(2026, 12, 15), True, True, True), **changes)


def new_case(engine: sa.Engine, account_in: AccountBase | None = None, *, title: str = "Home") -> int:
    """A case of the local owner holding ``account_in`` (the complete account when not given); its id."""
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title=title).id
        assert case_id is not None
        save_account(session=session, owner=LOCAL_OWNER, case_id=case_id, account_in=account_in or account())
    return case_id


def confirmation(
    id_: int,
    number: str,
    at: datetime = datetime(2026, 11, 26, 15, 41, tzinfo=UTC),
    confirms: str = ConfirmationKind.CANCELLATION.value,
    case_id: int = 1,
) -> Confirmation:
    """A confirmation record as read from the database (not saved), taken on the phone."""
    return Confirmation(
        id=id_,
        case_id=case_id,
        number=number,
        received_at=at,
        channel=Channel.PHONE,
        confirms=ConfirmationKind(confirms),
    )


def marked_sample_case(
    session: Session, owner: str, *, title: str, account_number: str, confirmation_number: str
) -> int:
    """The sample case of ``owner`` carrying markers another owner must never see; its id."""
    case_id = seed_demo(session=session, owner=owner, today=date.today())
    rename_case(session=session, owner=owner, case_id=case_id, title=title)
    save_account(
        session=session, owner=owner, case_id=case_id, account_in=AccountBase(account_number=account_number)
    )
    add_confirmation(
        session=session,
        owner=owner,
        case_id=case_id,
        number=confirmation_number,
        received_at=datetime.now(UTC),
        channel=Channel.PHONE.value,
    )
    return case_id


def local_app_case(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[sa.Engine, int]]:
    """For a fixture: the app in local mode on ``url``, migrated, holding one case "Home"; (engine, case id)."""
    monkeypatch.setenv(ENV_VAR, url)
    monkeypatch.setenv(MODE_VAR, "local")
    engine = make_engine(url)
    migrate(engine)
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
    assert case_id is not None
    yield engine, case_id
    engine.dispose()
