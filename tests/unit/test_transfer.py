"""Whole-case export and import: the round trip, every table covered, and every bad document refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from ooma_cancel.db import make_engine, migrate, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.models import (
    BillLine,
    BillUpload,
    Case,
    Complaint,
    Finding,
    LedgerEntry,
    ProfileOverride,
)
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import CaseNotFound, get_case
from ooma_cancel.transfer import (
    APP_TABLES,
    MAX_DOCUMENT_BYTES,
    STRUCTURAL_COLUMNS,
    TABLE_RECORDS,
    CaseConflict,
    ImportRefused,
    OnConflict,
    cents_to_text,
    dumps,
    export_cases,
    import_document,
    parse_document,
    storage_is_ephemeral,
    text_to_cents,
)

TODAY = date(2026, 11, 27)


def add_bill(session, case_id: int) -> None:
    """A final bill with two lines, one of them disputed, straight through the models."""
    upload = BillUpload(
        case_id=case_id,
        filename="final-bill.csv",
        sha256="ab" * 32,
        uploaded_at=datetime(2026, 12, 10, 18, 5, tzinfo=UTC),
        mapping={"date": "Date", "amount": "Amount"},
        disputed_total_cents=1451,
        report={"notes": ["Read as UTF-8."], "unreadable": []},
    )
    session.add(upload)
    session.flush()
    kept = BillLine(
        upload_id=upload.id, line=2, line_on=date(2026, 11, 1), description="Premier", amount_cents=999
    )
    late = BillLine(
        upload_id=upload.id,
        line=3,
        line_on=date(2026, 12, 1),
        period_start=date(2026, 12, 1),
        period_end=date(2026, 12, 31),
        description="Premier monthly service",
        amount_cents=1451,
        category="service",
    )
    session.add_all([kept, late])
    session.flush()
    session.add(
        Finding(
            line_id=late.id,
            flags="after_end_date,duplicate",
            disputed_cents=1451,
            reason="Billed after Nov 30.",
        )
    )
    session.add(ProfileOverride(case_id=case_id, key="return_window_days", value="45"))
    session.add(Complaint(case_id=case_id, place="fcc", filed_on=date(2026, 12, 20), reference="FCC-77"))
    session.flush()


def row_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in SQLModel.metadata.tables.items()
            if name not in APP_TABLES
        }


def export_text(engine: sa.Engine, case_ids: list[int], owner: str = LOCAL_OWNER) -> str:
    with unit_of_work(engine) as session:
        return dumps(export_cases(session=session, owner=owner, case_ids=case_ids))


def load(engine: sa.Engine, data: bytes | str, on_conflict=OnConflict.ASK, owner=LOCAL_OWNER) -> list[int]:
    """What the CLI and the page do: validate the whole document, then write it in one transaction."""
    document = parse_document(data)
    with unit_of_work(engine) as session:
        return import_document(session=session, owner=owner, document=document, on_conflict=on_conflict)


@pytest.fixture
def sample(engine) -> int:
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, scale=3, today=TODAY)
        add_bill(session, case_id)
        get_case(session=session, owner=LOCAL_OWNER, case_id=case_id).confirmed_account_id = 1
    return case_id


@pytest.fixture
def exported(engine, sample) -> str:
    return export_text(engine, [sample])


@pytest.fixture(scope="module")
def sample_document(tmp_path_factory) -> str:
    """The scale-3 sample's export, made once for the tests that only need a valid document to spoil."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('sample') / 'sample.db'}")
    migrate(engine)
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, scale=3, today=TODAY)
        add_bill(session, case_id)
    text = export_text(engine, [case_id])
    engine.dispose()
    return text


@pytest.fixture
def empty_engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def test_round_trip_into_an_empty_database_gives_the_same_document(engine, exported, empty_engine):
    new_ids = load(empty_engine, exported)
    assert export_text(empty_engine, new_ids) == exported
    counts = row_counts(empty_engine)
    assert counts == row_counts(engine)  # every row of every table came across
    assert all(counts.values()), counts  # ... and the sample has rows in every table

    case = json.loads(exported)["cases"][0]
    assert json.loads(exported)["format_version"] == 1
    assert len(case["ledger"]) > 1000  # three years of daily usage charges
    assert case["ledger"][0]["amount"] == "9.99"  # money as a string, never a float
    assert case["confirmations"][0]["number"] == "CX-118734"
    assert case["confirmations"][0]["received_at"].endswith("+00:00")
    assert case["end_date"]["confirmed_on"] == "2026-11-30"
    bill = next(upload for upload in case["bill_uploads"] if upload["filename"] == "final-bill.csv")
    finding = bill["lines"][1]["findings"][0]
    assert (finding["flags"], finding["disputed"]) == ("after_end_date,duplicate", "14.51")
    assert case["profile_overrides"][0]["value"] == "45"
    assert case["confirmed_account_id"] == case["accounts"][0]["id"]


def test_every_table_and_column_of_the_models_is_in_the_document():
    covered = {table.__tablename__ for table in TABLE_RECORDS}
    assert covered == set(SQLModel.metadata.tables) - APP_TABLES, "a table is missing from the export"
    for table, record in TABLE_RECORDS.items():
        fields = set(record.model_fields)
        for column in table.__table__.columns:
            name = column.name
            assert name in STRUCTURAL_COLUMNS or name in fields or name.removesuffix("_cents") in fields, (
                f"{table.__tablename__}.{name} is not exported"
            )


def test_an_import_gets_new_ids_and_never_touches_another_owners_rows(engine, exported):
    with unit_of_work(engine) as session:
        neighbour = seed_demo(session=session, owner="someone else", today=TODAY)
    before = export_text(engine, [neighbour], owner="someone else")

    new_ids = load(engine, exported, on_conflict=OnConflict.KEEP_BOTH, owner="someone else")
    assert neighbour not in new_ids
    assert export_text(engine, [neighbour], owner="someone else") == before
    with unit_of_work(engine) as session:
        case = get_case(session=session, owner="someone else", case_id=new_ids[0])
        assert case.title == "Home phone (sample) (2)"  # they already had a case of that name
        with pytest.raises(CaseNotFound):
            export_cases(session=session, owner="someone else", case_ids=[1])  # the local owner's case


def test_a_case_that_exists_asks_first_then_replaces_or_keeps_both(engine, sample, exported):
    before = row_counts(engine)
    with pytest.raises(CaseConflict) as conflict:
        load(engine, exported)
    assert conflict.value.titles == ["Home phone (sample)"]
    assert row_counts(engine) == before

    [kept] = load(engine, exported, on_conflict=OnConflict.KEEP_BOTH)
    after_keep = row_counts(engine)
    assert after_keep["case"] == before["case"] + 1
    assert after_keep["ledgerentry"] == 2 * before["ledgerentry"]

    [replaced] = load(engine, exported, on_conflict=OnConflict.REPLACE)
    assert row_counts(engine) == after_keep
    with unit_of_work(engine) as session:
        titles = session.exec(select(Case.title).where(Case.owner == LOCAL_OWNER)).all()
        assert sorted(titles) == ["Home phone (sample)", "Home phone (sample) (2)"]
        with pytest.raises(CaseNotFound):
            get_case(session=session, owner=LOCAL_OWNER, case_id=sample)  # the original was replaced
    assert replaced not in (sample, kept)


def test_a_renamed_case_is_still_recognised_as_the_same_case(engine, sample, exported):
    with unit_of_work(engine) as session:
        get_case(session=session, owner=LOCAL_OWNER, case_id=sample).title = "Renamed"
    with pytest.raises(CaseConflict):
        load(engine, exported)


def edit(path: str, value: Any) -> Callable[[dict], None]:
    """Set a value deep in the document: ``cases.0.events.3.stage``."""

    def apply(document: dict) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return apply


def drop(path: str) -> Callable[[dict], None]:
    def apply(document: dict) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        del target[last]

    return apply


BAD_DOCUMENTS = {
    "wrong format_version": (edit("format_version", 2), "format version 2; this app reads version 1"),
    "no format_version": (drop("format_version"), "it has no format_version"),
    "format_version as a decimal": (
        edit("format_version", 1.0),
        "format_version must be the whole number 1, without quotes or a decimal point (the file has 1.0)",
    ),
    "format_version as text": (edit("format_version", "1"), "format_version must be the whole number 1"),
    "format_version as true": (edit("format_version", True), "(the file has true)"),
    "audit end date that is not a date": (
        edit("cases.0.bill_uploads.0.report", {"context": {"end_date": "[x](http://evil.example)"}}),
        "report.context.end_date is not a date",
    ),
    "over-long bundled service": (
        edit("cases.0.accounts.0.bundled_services", ["x" * 5_000]),
        "cases.0.accounts.0.bundled_services.0: String should have at most 100 characters",
    ),
    "unknown stage name": (
        edit("cases.0.events.3.stage", "payroll"),
        "cases.0.events.3.stage: Input should be",
    ),
    "money as a number": (edit("cases.0.ledger.0.amount", 9.99), "money is written as a string"),
    "money with a dollar sign": (edit("cases.0.ledger.0.amount", "$9.99"), "cases.0.ledger.0.amount"),
    "absurd money": (edit("cases.0.ledger.0.amount", "99999999999.00"), "cases.0.ledger.0.amount"),
    "id as a string": (edit("cases.0.interactions.0.id", "1"), "cases.0.interactions.0.id"),
    "boolean as a string": (edit("cases.0.port.pin_obtained", "yes"), "cases.0.port.pin_obtained"),
    "date that is not a date": (edit("cases.0.end_date.confirmed_on", "30/11/2026"), "confirmed_on"),
    "timestamp without a zone": (edit("cases.0.events.0.at", "2026-11-26T15:41:00"), "timezone"),
    "huge string": (edit("cases.0.events.0.summary", "x" * 100_000), "at most 500 characters"),
    "huge title": (edit("cases.0.title", "x" * 201), "cases.0.title"),
    "too many accounts": (
        lambda d: d["cases"][0]["accounts"].extend(
            [{**d["cases"][0]["accounts"][0], "id": 100 + i} for i in range(10)]
        ),
        "at most 10 items",
    ),
    "unknown field": (edit("cases.0.owner", "someone else"), "cases.0.owner: Extra inputs are not permitted"),
    "missing field": (drop("cases.0.ledger.0.kind"), "cases.0.ledger.0.kind: Field required"),
    "unknown ledger kind": (edit("cases.0.ledger.0.kind", "bribe"), "cases.0.ledger.0.kind"),
    "reference to another case's row": (
        edit("cases.0.confirmed_account_id", 999),
        "not one of the case's accounts",
    ),
    "confirmation pointing nowhere": (
        edit("cases.0.confirmations.0.interaction_id", 99_999),
        "refers to a contact that is not in the case",
    ),
    "duplicate ids": (
        lambda d: d["cases"][0]["ledger"].append(d["cases"][0]["ledger"][0]),
        "two ledger have the same id",
    ),
    "statement date pointing nowhere": (
        edit("cases.0.charge_statements.0.line_id", 99_999),
        "a statement date refers to a bill line that is not in the case",
    ),
    "more than four card digits": (
        edit("cases.0.escalation.card_last4", "42424"),
        "cases.0.escalation.card_last4",
    ),
    "unknown payment method": (
        edit("cases.0.escalation.payment_method", "cash"),
        "escalation.payment_method",
    ),
    "unknown complaint place": (edit("cases.0.complaints.0.place", "nowhere"), "cases.0.complaints.0.place"),
    "absurd credit": (edit("cases.0.escalation.credited", "99999999999.00"), "cases.0.escalation.credited"),
    "no cases": (edit("cases", []), "cases: List should have at least 1 item"),
    "cases is not a list": (edit("cases", {"0": {}}), "cases: Input should be a valid array"),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_a_bad_document_is_refused_with_a_clear_message_and_nothing_changes(
    engine, demo_case, sample_document, name
):
    change, message = BAD_DOCUMENTS[name]
    document = json.loads(sample_document)
    change(document)
    before = row_counts(engine)
    with pytest.raises(ImportRefused) as refused:
        load(engine, json.dumps(document), on_conflict=OnConflict.KEEP_BOTH)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("cut", "it ends too early, so it is probably incomplete"),
        ("cut-in-a-string", "it ends too early, so it is probably incomplete"),
        (b"\xff\xfe\x00garbage", "not text (UTF-8)"),
        ("[1, 2, 3]", "it has no format_version"),
        ('{"format_version": 1, "cases": [NaN]}', "NaN"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (b" " * (MAX_DOCUMENT_BYTES + 1), "larger than 10 MB"),
        ('{"format_version": 1, "cases": [1] oops', "Expecting ',' delimiter at line 1"),
    ],
)
def test_a_file_that_is_not_a_complete_export_is_refused(engine, demo_case, sample_document, data, message):
    if data == "cut":
        data = sample_document[: len(sample_document) // 2]
    if data == "cut-in-a-string":
        data = sample_document[: sample_document.index('"description": "') + 20]
    before = row_counts(engine)
    with pytest.raises(ImportRefused) as refused:
        load(engine, data, on_conflict=OnConflict.KEEP_BOTH)
    assert message in str(refused.value)
    assert row_counts(engine) == before


def test_the_export_never_echoes_hostile_values_in_its_messages(sample_document):
    document = json.loads(sample_document)
    document["cases"][0]["events"][0]["stage"] = "[click me](https://evil.example)"
    with pytest.raises(ImportRefused) as refused:
        parse_document(json.dumps(document))
    assert "evil.example" not in str(refused.value)


@pytest.mark.parametrize(
    ("cents", "text"), [(0, "0.00"), (999, "9.99"), (-5, "-0.05"), (123456789, "1234567.89")]
)
def test_money_is_written_exactly(cents, text):
    assert cents_to_text(cents) == text
    assert text_to_cents(text) == cents


@pytest.mark.parametrize("text", ["9.9", "9", "1e3", "$1.00", "1,000.00", " 1.00", 100, None])
def test_money_in_any_other_shape_is_refused(text):
    with pytest.raises(ValueError, match="string of dollars and cents"):
        text_to_cents(text)


@pytest.mark.parametrize(
    ("url", "env", "mount", "ephemeral"),
    [
        ("sqlite:///data/ooma_cancel.db", {"HOSTNAME": "streamlit"}, False, True),
        ("sqlite:///data/ooma_cancel.db", {}, True, True),
        ("sqlite:////mount/src/app/data/ooma_cancel.db", {"HOSTNAME": "laptop"}, True, True),
        ("sqlite:///data/ooma_cancel.db", {"HOSTNAME": "laptop"}, False, False),
        ("postgresql+psycopg://u:p@db.example/ooma", {"HOSTNAME": "streamlit"}, True, False),
    ],
)
def test_storage_is_ephemeral_only_on_community_cloud_with_sqlite(url, env, mount, ephemeral):
    assert storage_is_ephemeral(url, env, mount_src_exists=mount) is ephemeral


def test_lists_are_exported_in_id_order(engine, sample, exported):
    ledger = json.loads(exported)["cases"][0]["ledger"]
    assert [row["id"] for row in ledger] == sorted(row["id"] for row in ledger)
    with unit_of_work(engine) as session:
        assert len(ledger) == len(session.exec(select(LedgerEntry.id)).all())
