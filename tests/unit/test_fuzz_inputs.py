"""Any bytes in, a clear answer out: the bill reader, its column mapping, the audit and the case import.

Property tests over random bytes and valid files broken on purpose (tests/fuzz_strategies.py). Each input is
either read or refused with the documented error (``BillReadError``, ``ImportRefused``) in one sentence on one
line; a refused import writes nothing. Example counts come from the Hypothesis profile (tests/conftest.py):
``CI=true`` runs about 10,000 examples in all, a local run a twentieth of that.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from ooma_cancel.bill import AuditContext, BillReadError, ColumnMapping, audit, read_bill
from ooma_cancel.bill.cells import MAX_COLUMNS
from ooma_cancel.bill.mapping import COLUMN_ROLES, check_mapping, guess_mapping
from ooma_cancel.bill.reading import LINE_COLUMNS
from ooma_cancel.bill.sniff import find_table, to_utf8
from ooma_cancel.db import make_engine, migrate, unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.overrides import set_override
from ooma_cancel.transfer import ImportRefused, OnConflict, export_cases, import_document, parse_document
from tests.fuzz_strategies import (
    FREE_TEXT,
    Document,
    bill_files,
    mutated_bills,
    mutated_documents,
    odd_text_documents,
    valid_bills,
)
from tests.unit.test_transfer import add_bill

# CI's example counts take about a minute per property on a quiet machine; several on a busy one.
pytestmark = pytest.mark.timeout(900)

# The crash classes of issue 11, each once by name; they also run as @example of every bill property.
FIVE_MB_ONE_CELL = b"x" * (5 * 2**20)
FIVE_MB_OF_CELLS = b"1.00," * (2**20)
BARE_CR_IN_QUOTED_CELL = b'Date,Description,Amount\n12/01/2026,"Prem\rier",9.99\n12/02/2026,Telo,1.00\n'
UNTERMINATED_QUOTE = b'Date,Description,Amount\n12/01/2026,"Premier,9.99\n12/02/2026,Telo,1.00\n'
TEN_THOUSAND_COLUMNS = b",".join([b"Amount"] * 10_000) + b"\n" + b",".join([b"1.00"] * 10_000) + b"\n"
# Found by Hypothesis while building this: a UTF-8 mark followed by Windows-1252 text; a long cell where the
# csv module reads the file (after a quoted line break); a row of the wrong width with a quoted line break.
UTF8_MARK_THEN_CP1252 = codecs.BOM_UTF8 + 'Date,Description,Amount\n12/01/2026,"Équipe\nment",9.99\n'.encode(
    "cp1252"
)
LONG_CELL_AFTER_QUOTED_BREAK = (
    b'Date,Description,Amount\n12/01/2026,"two\nlines",9.99\n12/02/2026,' + b"y" * 200_000 + b",1.00\n"
)
WRONG_WIDTH_ROW_WITH_QUOTED_BREAK = (
    b'Date,Description,Amount\n12/01/2026,"Premier\nmonthly",9.99,x\n12/02/2026,Telo,1.00\n'
)
CRASHERS = (
    FIVE_MB_ONE_CELL,
    FIVE_MB_OF_CELLS,
    BARE_CR_IN_QUOTED_CELL,
    UNTERMINATED_QUOTE,
    TEN_THOUSAND_COLUMNS,
    UTF8_MARK_THEN_CP1252,
    LONG_CELL_AFTER_QUOTED_BREAK,
    WRONG_WIDTH_ROW_WITH_QUOTED_BREAK,
    b"",
    b"Date,Description,Amount\n",
)
CONTEXT = AuditContext(
    end_date=date(2026, 11, 30), fixed_term=True, equipment_returned_on=None, return_window_days=30
)


def examples(share: float) -> int:
    """This property's share of the profile's examples (the profile's max_examples is the unit)."""
    return max(1, round(settings.default.max_examples * share))


def with_crashers(test):
    for data in CRASHERS:
        test = example(data)(test)
    return test


def assert_one_sentence(error: Exception, *, longest: int = 300) -> None:
    """A message a person can act on: one line, a full stop, no internals."""
    message = str(error)
    assert message, "empty message"
    assert not re.search(r"[\x00-\x1f\x7f\u2028\u2029]", message), message
    assert message == message.strip(), message
    assert message.endswith("."), message
    assert len(message) <= longest, message
    assert not re.search(r"Traceback|_csv|pyarrow|Arrow|codec|Error\b", message), message


def assert_readable(reading) -> None:
    """What a person sees of a read bill holds together: line items with exact amounts on real lines."""
    lines = reading.lines
    assert list(lines.columns) == LINE_COLUMNS
    assert len(lines) > 0
    assert lines["amount_cents"].dtype == "int64"
    assert lines["line"].is_unique
    assert (lines["line"] > reading.header_line).all()
    assert len(reading.columns) <= MAX_COLUMNS


# --- The bill ----------------------------------------------------------------------------------------------


@settings(max_examples=examples(3.5))
@with_crashers
@given(bill_files())
def test_any_bytes_get_a_table_and_columns_or_one_sentence(data: bytes) -> None:
    """The steps the page takes before reading rows: encoding, table, guessed and checked columns."""
    try:
        utf8, encoding = to_utf8(data)
        shape = find_table(utf8, encoding)
        if len(shape.header) > MAX_COLUMNS:
            return  # read_bill refuses these before guessing (the property below)
        mapping = guess_mapping(shape.header, shape.sample)
        check_mapping(mapping, shape.header)
    except BillReadError as error:
        assert_one_sentence(error)
    else:
        assert set(mapping.columns().values()) <= set(shape.header)


@settings(max_examples=examples(1.2))
@with_crashers
@given(bill_files())
def test_any_bytes_are_read_and_audited_or_refused_in_one_sentence(data: bytes) -> None:
    try:
        reading = read_bill(data)
    except BillReadError as error:
        assert_one_sentence(error)
        return
    assert_readable(reading)
    result = audit(reading, CONTEXT)
    assert result.summary.lines == len(reading.lines)


@settings(max_examples=examples(0.4))
@given(st.one_of(valid_bills(), mutated_bills()), st.data())
def test_a_person_s_column_changes_are_read_or_refused_in_one_sentence(
    data: bytes, choices: st.DataObject
) -> None:
    """The page's column pickers: any column (or none) for any role, either date order, then read again."""
    try:
        first = read_bill(data)
    except BillReadError:
        return  # the property above covers refusals
    options = [None, *first.columns]
    changes = choices.draw(
        st.dictionaries(st.sampled_from(COLUMN_ROLES), st.sampled_from(options), max_size=3)
    )
    mapping = ColumnMapping(
        **{
            **first.mapping.__dict__,
            **changes,
            "dayfirst": choices.draw(st.booleans()),
            "decimal_comma": None,
        }
    )
    try:
        check_mapping(mapping, first.columns)
        reading = read_bill(data, mapping=mapping)
    except BillReadError as error:
        assert_one_sentence(error)
        return
    assert_readable(reading)
    audit(reading, CONTEXT)


def test_a_mapping_naming_a_hostile_column_is_refused_on_one_line() -> None:
    mapping = ColumnMapping(amount="Amount\r\n" + "x" * 500)
    with pytest.raises(BillReadError) as refused:
        check_mapping(mapping, ["Date", "Amount"])
    assert_one_sentence(refused.value)


# --- Each crash class of issue 11, by name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (FIVE_MB_ONE_CELL, "No table found"),
        (FIVE_MB_OF_CELLS, "more than 1,000 columns"),
        (TEN_THOUSAND_COLUMNS, "more than 1,000 columns"),
        (UNTERMINATED_QUOTE, "Line 2 opens a quote that is never closed"),
    ],
    ids=["5-MB-one-cell", "5-MB-of-cells", "10000-columns", "unterminated-quote"],
)
def test_a_crash_class_is_refused_with_its_reason(data: bytes, said: str) -> None:
    with pytest.raises(BillReadError, match=said) as refused:
        read_bill(data)
    assert_one_sentence(refused.value)


def test_a_bare_cr_inside_a_quoted_cell_is_part_of_the_description() -> None:
    reading = read_bill(BARE_CR_IN_QUOTED_CELL)
    assert list(reading.lines["description"]) == ["Prem\rier", "Telo"]
    assert list(reading.lines["amount_cents"]) == [999, 100]


def test_a_utf8_mark_over_windows_1252_text_keeps_the_readable_rows() -> None:
    reading = read_bill(UTF8_MARK_THEN_CP1252)
    assert list(reading.lines["amount_cents"]) == [999]


def test_a_long_cell_is_read_where_the_csv_module_reads_the_file() -> None:
    reading = read_bill(LONG_CELL_AFTER_QUOTED_BREAK)
    assert list(reading.lines["amount_cents"]) == [999, 100]
    assert len(reading.lines["description"][1]) == 200_000


def test_a_cell_longer_than_the_limit_is_refused_in_one_sentence() -> None:
    limit = csv.field_size_limit(1_000)  # the real limit (16 MB) takes a file larger than any upload
    try:
        with pytest.raises(BillReadError, match="Line 4 has a cell longer than") as refused:
            read_bill(LONG_CELL_AFTER_QUOTED_BREAK)
    finally:
        csv.field_size_limit(limit)
    assert_one_sentence(refused.value)


def test_a_wrong_width_row_with_a_quoted_line_break_is_reported_with_its_real_cell_count() -> None:
    data = b'Date,Description,Amount\n12/01/2026,"two\nlines",9.99\n12/02/2026,"Telo, returned",1.00,x\n'
    reading = read_bill(data)
    assert [(e.line, e.message) for e in reading.errors] == [(4, "has 4 cells where the header has 3")]
    assert list(reading.lines["amount_cents"]) == [999]


# --- The case import -------------------------------------------------------------------------------------------


def _demo_export() -> Document:
    """The sample case with a bill upload, its lists cut to three rows each: small enough to break quickly."""
    engine = make_engine("sqlite://")
    migrate(engine)
    with unit_of_work(engine) as session:
        case_id = seed_demo(session=session, owner=LOCAL_OWNER, today=date(2026, 11, 27))
        add_bill(session, case_id)
        # Ooma's mailing address typed on the request page: free text printed on the letter, fuzzed like the rest.
        set_override(
            session=session,
            owner=LOCAL_OWNER,
            case_id=case_id,
            key="mailing_address",
            value="Ooma, Inc.\n100 Example Way\nSunnyvale, CA 94085",
        )
        document = export_cases(session=session, owner=LOCAL_OWNER, case_ids=[case_id])
    engine.dispose()
    case = document["cases"][0]
    for key, rows in case.items():
        if isinstance(rows, list) and key != "accounts":
            case[key] = rows[:3]
    kept = {contact["id"] for contact in case["interactions"]}
    for confirmation in case["confirmations"]:
        if confirmation["interaction_id"] not in kept:
            confirmation["interaction_id"] = None
    parse_document(json.dumps(document))  # still valid
    return Document(document)


DEMO_EXPORT = _demo_export()


def test_the_odd_text_reaches_ooma_s_mailing_address() -> None:
    """The fuzzed export holds the mailing address, and its value is one of the free-text fields fuzzed."""
    overrides = DEMO_EXPORT.value["cases"][0]["profile_overrides"]
    assert "mailing_address" in [o["key"] for o in overrides]
    assert "value" in FREE_TEXT


def test_an_imported_override_is_checked_like_a_typed_one() -> None:
    """A file cannot store a setting the app does not have, or a return window the form would refuse."""
    for key, value, said in (
        ("[x](http://evil.example)", "1", "no provider setting"),
        ("return_window_days", "thirty", "whole number of days"),
    ):
        document = json.loads(json.dumps(DEMO_EXPORT.value))
        document["cases"][0]["profile_overrides"][0].update(key=key, value=value)
        with pytest.raises(ImportRefused, match=said):
            parse_document(json.dumps(document))


@settings(max_examples=examples(4.0))
@example(b"")
@example(b'{"format_version": "1\\n2"}')
@example(b'{"format_version": 1, "cases": [{"\\r\\nkey": 1}]}')
@given(st.one_of(st.binary(max_size=500), mutated_documents(DEMO_EXPORT), odd_text_documents(DEMO_EXPORT)))
def test_any_bytes_are_a_valid_export_or_refused_on_one_line(data: bytes) -> None:
    try:
        parse_document(data)
    except ImportRefused as error:
        assert_one_sentence(error, longest=1_500)


@pytest.fixture(scope="module")
def import_engine():
    engine = make_engine("sqlite://")
    migrate(engine)
    yield engine
    engine.dispose()


def row_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


@settings(max_examples=examples(0.9))
@given(
    st.one_of(odd_text_documents(DEMO_EXPORT), mutated_documents(DEMO_EXPORT)),
    st.sampled_from(list(OnConflict)),
)
def test_an_import_writes_the_whole_case_or_nothing(
    import_engine, data: bytes, on_conflict: OnConflict
) -> None:
    before = row_counts(import_engine)
    try:
        document = parse_document(data)
        with unit_of_work(import_engine) as session:
            new_ids = import_document(
                session=session, owner=LOCAL_OWNER, document=document, on_conflict=on_conflict
            )
    except ImportRefused as error:
        assert_one_sentence(error, longest=1_500)
        assert row_counts(import_engine) == before
        return
    after = row_counts(import_engine)
    assert len(new_ids) == len(document.cases)
    if on_conflict is not OnConflict.REPLACE:
        assert after["case"] == before["case"] + len(document.cases)
