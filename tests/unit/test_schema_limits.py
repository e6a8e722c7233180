"""Each field's limit is the model's, everywhere: the database column, the export document, the import, the forms.

(The pages' ``max_chars``/``max_value`` are checked through AppTest in tests/app/test_form_limits.py.)
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any, get_args

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from ooma_cancel.account import AccountForm, validate_account
from ooma_cancel.db import make_engine, migrate, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.end_date import validate_end_date
from ooma_cancel.equipment import ItemForm, validate_item
from ooma_cancel.ledger import validate_entry
from ooma_cancel.models import (
    Account,
    AppSecret,
    CancellationRequest,
    CaseChoice,
    Channel,
    DeviceKind,
    EndDate,
    EquipmentItem,
    EquipmentItemCreate,
    IdentitySignOut,
    Interaction,
    LedgerEntry,
    LedgerKind,
    PortRecord,
    RequestStatus,
    limit,
    lowest,
)
from ooma_cancel.money import MAX_CENTS
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.porting import PortForm, validate_port
from ooma_cancel.request import StatusChange, check_transition
from ooma_cancel.support import InteractionForm, validate_interaction
from ooma_cancel.transfer import TABLE_RECORDS, ImportRefused, export_file, parse_document

TODAY = date(2026, 11, 27)
TABLES: list[type[SQLModel]] = [*TABLE_RECORDS, IdentitySignOut, AppSecret, CaseChoice]


def limited_text_columns() -> list[tuple[type[SQLModel], str]]:
    out = []
    for table in TABLES:
        for name in table.model_fields:
            column = table.__table__.c.get(name)  # type: ignore[attr-defined]
            if column is not None and table.model_fields[name].annotation is str:
                out.append((table, name))
    return out


def test_every_text_column_has_a_limit_in_its_model():
    assert len(limited_text_columns()) >= 40
    for table, name in limited_text_columns():
        assert limit(table, name) > 0


def test_the_migrated_database_holds_each_text_column_as_long_as_its_model_allows(any_db):
    engine = make_engine(any_db)
    migrate(engine)
    try:
        inspector = sa.inspect(engine)
        for table, name in limited_text_columns():
            columns = {c["name"]: c["type"] for c in inspector.get_columns(table.__tablename__)}
            assert columns[name].length == limit(table, name), f"{table.__tablename__}.{name}"
        # Enum columns: as long as their column says, and every member fits.
        for table, name, enum in [
            (Interaction, "channel", Channel),
            (CancellationRequest, "status", RequestStatus),
            (EquipmentItem, "kind", DeviceKind),
            (LedgerEntry, "kind", LedgerKind),
        ]:
            columns = {c["name"]: c["type"] for c in inspector.get_columns(table.__tablename__)}
            assert columns[name].length == table.__table__.c[name].type.length  # type: ignore[attr-defined]
            assert max(len(member.value) for member in enum) <= columns[name].length
    finally:
        engine.dispose()


def doc_limit(record: Any, name: str, read=limit) -> int | None:
    """The export document's limit on a field (also inside ``int | None``), or None when it has none."""
    try:
        return read(record, name)
    except LookupError:
        pass
    for member in get_args(record.model_fields[name].annotation):  # e.g. ``WindowDays | None``
        for info in getattr(member, "__metadata__", ()):
            for rule in getattr(info, "metadata", ()):
                value = getattr(rule, "le" if read is limit else "ge", None)
                if value is not None:
                    return int(value)
    return None


def test_the_export_document_allows_what_each_model_allows():
    compared = 0
    for table, record in TABLE_RECORDS.items():
        for name in record.model_fields:
            if name not in table.model_fields:
                continue  # money without ``_cents``, nested rows: checked below and by test_transfer
            try:
                model_max = limit(table, name)
            except LookupError:
                continue
            assert doc_limit(record, name) == model_max, f"{record.__name__}.{name}"
            compared += 1
    assert compared > 40
    assert doc_limit(TABLE_RECORDS[EquipmentItem], "return_window_days", lowest) == lowest(
        EquipmentItem, "return_window_days"
    )
    # Money: one amount is limited once, in ooma_cancel.money, and the tables say the same.
    assert limit(LedgerEntry, "amount_cents") == limit(EquipmentItem, "non_return_fee_cents") == MAX_CENTS


@pytest.fixture(scope="module")
def sample_document(tmp_path_factory) -> dict:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('limits') / 'sample.db'}")
    migrate(engine)
    with unit_of_work(engine) as session:
        seed_demo(session=session, owner=LOCAL_OWNER, today=TODAY)
    document = json.loads(export_file(engine=engine, owner=LOCAL_OWNER))
    engine.dispose()
    return document


IMPORTED_TEXT = [
    ("accounts", "holder_name", Account),
    ("accounts", "street", Account),
    ("port", "new_carrier", PortRecord),
    ("interactions", "summary", Interaction),
    ("request", "rejected_reason", CancellationRequest),
    ("request", "tracking_number", CancellationRequest),
    ("equipment", "serial", EquipmentItem),
    ("equipment", "tracking_number", EquipmentItem),
    ("ledger", "description", LedgerEntry),
    ("end_date", "gap_plan", EndDate),
]


def _set(document: dict, key: str, name: str, value: Any) -> dict:
    copy = json.loads(json.dumps(document))
    holder = copy["cases"][0][key]
    (holder[0] if isinstance(holder, list) else holder)[name] = value
    return copy


@pytest.mark.parametrize(("key", "name", "table"), IMPORTED_TEXT)
def test_an_import_takes_text_up_to_the_models_limit_and_refuses_one_character_more(
    sample_document, key, name, table
):
    longest = limit(table, name)
    parse_document(json.dumps(_set(sample_document, key, name, "A" * longest)))
    with pytest.raises(ImportRefused, match=name):
        parse_document(json.dumps(_set(sample_document, key, name, "A" * (longest + 1))))


@pytest.mark.parametrize(
    "days", [lowest(EquipmentItem, "return_window_days") - 1, limit(EquipmentItem, "return_window_days") + 1]
)
def test_an_import_refuses_a_return_window_the_form_refuses(sample_document, days):
    with pytest.raises(ImportRefused, match="return_window_days"):
        parse_document(json.dumps(_set(sample_document, "equipment", "return_window_days", days)))
    errors = validate_item(ItemForm(window_days=days), today=TODAY)[1]
    assert "window_days" in errors


# --- The forms' validators refuse one more than the model allows, in the words people read -------------------


def _too_long(table: type[SQLModel], name: str) -> str:
    return "x" * (limit(table, name) + 1)


def test_each_validator_refuses_text_one_character_longer_than_its_column():
    assert "serial" in validate_item(ItemForm(serial=_too_long(EquipmentItem, "serial")), today=TODAY)[1]
    assert (
        "proof_note"
        in validate_item(ItemForm(proof_note=_too_long(EquipmentItem, "proof_note")), today=TODAY)[1]
    )
    assert "holder_name" in validate_account(AccountForm(holder_name=_too_long(Account, "holder_name")))[1]
    assert (
        "email" in validate_account(AccountForm(email=_too_long(Account, "email")[:-12] + "@example.com"))[1]
    )
    assert (
        "new_carrier"
        in validate_port(PortForm(new_carrier=_too_long(PortRecord, "new_carrier")), today=TODAY)[1]
    )
    errors = validate_entry(
        entry_on=TODAY,
        kind="charge",
        description=_too_long(LedgerEntry, "description"),
        amount="1",
        today=TODAY,
    )[1]
    assert errors == {
        "description": f"Keep the description under {limit(LedgerEntry, 'description')} characters."
    }
    errors = validate_end_date(
        confirmed_on=None,
        source="",
        gap_plan=_too_long(EndDate, "gap_plan"),
        billing_day=None,
        request_submitted_on=None,
        today=TODAY,
    )[1]
    assert errors == {"gap_plan": f"Keep the plan under {limit(EndDate, 'gap_plan')} characters."}
    contact = InteractionForm(day=TODAY, at=time(9), summary=_too_long(Interaction, "summary"))
    errors = validate_interaction(contact, tz=UTC, now=datetime(2026, 11, 27, 12, tzinfo=UTC))[1]
    assert errors == {"summary": f"Keep the summary under {limit(Interaction, 'summary')} characters."}
    reason = _too_long(CancellationRequest, "rejected_reason")
    problems = check_transition(
        RequestStatus.SUBMITTED,
        StatusChange(RequestStatus.REJECTED, reason=reason),
        today=TODAY,
        submitted_on=TODAY,
        acknowledged_on=None,
        missing=[],
    )
    assert problems == [
        f"Keep the reason under {limit(CancellationRequest, 'rejected_reason'):,} characters."
    ]


def test_a_tracking_number_as_long_as_the_column_is_kept_and_one_more_is_refused():
    longest = limit(EquipmentItem, "tracking_number")
    item, errors = validate_item(ItemForm(tracking_number="A" * longest), today=TODAY)
    assert errors == {}
    assert item is not None
    assert item.tracking_number == "A" * longest
    errors = validate_item(ItemForm(tracking_number="A" * (longest + 1)), today=TODAY)[1]
    assert errors == {"tracking_number": f"A tracking number has 8 to {longest} letters and digits."}


def test_the_forms_allow_less_money_than_the_app_keeps_and_say_so():
    """A form's plausibility limit (a fee, one ledger line) is its create model's, within the table's."""
    fee = limit(EquipmentItemCreate, "non_return_fee_cents")
    assert fee < MAX_CENTS
    errors = validate_item(ItemForm(fee=f"{fee // 100 + 1}"), today=TODAY)[1]
    assert errors == {"fee": "A non-return fee above $2,000.00 is not plausible: check it."}


# --- Enum columns: the values stored as before, members read back, anything else refused -----------------------


def test_rows_stored_as_plain_text_read_back_as_their_members_and_a_stranger_is_refused(any_db):
    from sqlmodel import Session, select

    from ooma_cancel.models import Event, Stage

    engine = make_engine(any_db)
    migrate(engine)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                'INSERT INTO "case" (id, owner, title, created_at, updated_at) '
                "VALUES (1, 'local', 'Old case', '2026-01-02 03:04:05', '2026-01-02 03:04:05')"
            )
            connection.exec_driver_sql(
                "INSERT INTO ledgerentry (case_id, entry_on, kind, description, amount_cents) "
                "VALUES (1, '2026-01-01', 'late fee', 'Late', 500)"
            )
            connection.exec_driver_sql(
                "INSERT INTO event (case_id, at, stage, summary) VALUES (1, '2026-01-02 03:04:05', 'end_date', 'x')"
            )
        with Session(engine) as session:
            entry = session.exec(select(LedgerEntry)).one()
            assert entry.kind is LedgerKind.LATE_FEE
            assert session.exec(select(Event)).one().stage is Stage.END_DATE
            session.add(LedgerEntry(case_id=1, entry_on=TODAY, kind="refund", amount_cents=100))
            session.commit()
            with pytest.raises(sa.exc.StatementError, match="'gift' is not a valid LedgerKind"):
                session.add(LedgerEntry(case_id=1, entry_on=TODAY, kind="gift", amount_cents=100))  # type: ignore[arg-type]
                session.commit()
        with engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT kind FROM ledgerentry ORDER BY id").scalars().all()
        assert stored == ["late fee", "refund"]  # the values, as rows always held them
    finally:
        engine.dispose()


def test_an_own_return_window_in_settings_takes_the_items_range(engine):
    from ooma_cancel.errors import UserError
    from ooma_cancel.store.overrides import case_facts_of_profile, set_override
    from tests.factories import new_case

    case_id = new_case(engine)
    longest = limit(EquipmentItem, "return_window_days")
    with unit_of_work(engine) as session:
        with pytest.raises(UserError, match=f"1 to {longest}"):
            set_override(
                session=session,
                owner=LOCAL_OWNER,
                case_id=case_id,
                key="return_window_days",
                value=f"{longest + 1}",
            )
        set_override(
            session=session, owner=LOCAL_OWNER, case_id=case_id, key="return_window_days", value=f"{longest}"
        )
    with unit_of_work(engine) as session:
        facts = case_facts_of_profile(session=session, owner=LOCAL_OWNER, case_id=case_id)
    assert facts["return_window_days"].override == f"{longest}"
