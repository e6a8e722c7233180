"""One exception type for "the person gave us something we refuse"; the store's refusals are all of it."""

from __future__ import annotations

import pytest

from ooma_cancel.account import InvalidPhoneNumber
from ooma_cancel.bill.errors import BillReadError
from ooma_cancel.db import unit_of_work
from ooma_cancel.errors import NotInCase, UserError
from ooma_cancel.money import check_amount, parse_cents
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import CaseNotFound, create_case, get_case
from ooma_cancel.store.confirmations import delete_confirmation
from ooma_cancel.transfer import ImportRefused, parse_document


@pytest.mark.parametrize("kind", [BillReadError, ImportRefused, InvalidPhoneNumber, NotInCase, CaseNotFound])
def test_every_refusal_of_input_is_a_user_error(kind):
    assert issubclass(kind, UserError)


def test_the_store_and_the_parsers_refuse_with_user_errors(engine):
    with pytest.raises(UserError, match="largest amount"):
        check_amount(10**12)
    with pytest.raises(UserError, match="not an amount"):
        parse_cents("twelve")
    with pytest.raises(UserError, match="not valid JSON"):
        parse_document("{")
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
        with pytest.raises(NotInCase, match="not part of this case"):
            delete_confirmation(session=session, owner=LOCAL_OWNER, case_id=case_id, confirmation_id=404)
        with pytest.raises(UserError, match="Give the case a name"):
            create_case(session=session, owner=LOCAL_OWNER, title="   ")
        with pytest.raises(UserError):
            get_case(session=session, owner="someone else", case_id=case_id)
