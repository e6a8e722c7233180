"""Reading real-world bill and statement CSVs: encodings, delimiters, preambles, columns, bad rows."""

import datetime as dt
from dataclasses import fields

import pytest

from ooma_cancel.bill import BillReadError, ColumnMapping, read_bill
from ooma_cancel.bill.mapping import COLUMN_ROLES

BILL = "Date,Description,Amount\n11/01/2026,Ooma Premier,$9.99\n12/01/2026,Ooma Premier,$9.99\n"


def write(tmp_path, text: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    path = tmp_path / "bill.csv"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path.read_bytes()


def amounts(reading) -> list[int]:
    return reading.lines["amount_cents"].tolist()


def test_plain_bill(tmp_path) -> None:
    reading = read_bill(write(tmp_path, BILL))
    assert reading.lines["line"].tolist() == [2, 3]
    assert reading.lines["description"].tolist() == ["Ooma Premier", "Ooma Premier"]
    assert reading.lines["date"].tolist() == [dt.date(2026, 11, 1), dt.date(2026, 12, 1)]
    assert amounts(reading) == [999, 999]
    assert reading.columns == ["Date", "Description", "Amount"]
    assert (reading.encoding, reading.delimiter, reading.errors) == ("utf-8", ",", [])


def test_utf8_with_bom(tmp_path) -> None:
    reading = read_bill(write(tmp_path, BILL, encoding="utf-8-sig"))
    assert reading.encoding == "utf-8-sig"
    assert reading.mapping.date == "Date"  # the BOM is not glued to the first header
    assert amounts(reading) == [999, 999]


def test_windows_1252(tmp_path) -> None:
    text = "Date;Libellé;Montant (€)\n01/12/2026;Téléphone – Premier;12,99 €\n02/12/2026;Crédit;-1,50 €\n"
    reading = read_bill(write(tmp_path, text, encoding="cp1252"))
    assert reading.encoding == "cp1252"
    assert reading.delimiter == ";"
    assert reading.lines["description"].tolist() == ["Téléphone – Premier", "Crédit"]
    assert amounts(reading) == [1299, -150]
    assert reading.mapping.decimal_comma is True


def test_semicolon_decimal_comma_and_thousands(tmp_path) -> None:
    text = "Datum;Beschreibung;Amount\n2026-12-01;Plan;1.234,56\n2026-12-02;Plan;12,99\n"
    assert amounts(read_bill(write(tmp_path, text))) == [123456, 1299]


def test_tab_delimited_with_crlf(tmp_path) -> None:
    reading = read_bill(write(tmp_path, BILL.replace(",", "\t"), newline="\r\n"))
    assert reading.delimiter == "\t"
    assert reading.lines["line"].tolist() == [2, 3]
    assert reading.lines["description"].tolist() == ["Ooma Premier", "Ooma Premier"]


def test_preamble_and_summary_rows_are_skipped_and_counted(tmp_path) -> None:
    text = (
        "Ooma Inc. final bill\n"
        "Account number: 4000-1234,Statement date: 12/15/2026\n"
        "\n"
        "Date,Description,Amount (CAD),Balance\n"
        "12/01/2026,Ooma Premier,$9.99,$9.99\n"
        "\n"
        "12/02/2026,911 fee,$1.50,$11.49\n"
        ",Subtotal,$11.49,\n"
        "Total,,$11.49,\n"
        "Balance due: $11.49\n"
    )
    reading = read_bill(write(tmp_path, text))
    assert reading.header_line == 4
    assert reading.mapping.amount == "Amount (CAD)"  # the unit does not hide the name, Balance is not it
    assert reading.lines["line"].tolist() == [5, 7]
    assert amounts(reading) == [999, 150]
    assert reading.ignored_summary_rows == 3
    assert reading.errors == []


def test_service_period_column_and_from_to_columns(tmp_path) -> None:
    one = "Service period,Item,Amount\n12/01/2026 - 12/31/2026,Premier,9.99\n"
    two = "From,To,Item,Amount\n12/01/2026,12/31/2026,Premier,9.99\n"
    for text in (one, two):
        lines = read_bill(write(tmp_path, text)).lines
        assert lines["period_start"].tolist() == [dt.date(2026, 12, 1)]
        assert lines["period_end"].tolist() == [dt.date(2026, 12, 31)]


def test_a_date_column_holding_periods_is_read_as_a_period(tmp_path) -> None:
    text = "Date,Description,Amount\n12/01/2026 - 12/31/2026,Premier,9.99\n11/01/2026 - 11/30/2026,Premier,9.99\n"
    reading = read_bill(write(tmp_path, text))
    assert reading.mapping.period == "Date"
    assert reading.lines["period_end"].tolist() == [dt.date(2026, 12, 31), dt.date(2026, 11, 30)]


def test_debit_and_credit_columns(tmp_path) -> None:
    text = "Posted,Details,Debit,Credit,Balance\n12/01/2026,OOMA INC,9.99,,90.01\n12/03/2026,OOMA REFUND,,5.00,95.01\n"
    reading = read_bill(write(tmp_path, text))
    assert (reading.mapping.debit, reading.mapping.credit) == ("Debit", "Credit")
    assert amounts(reading) == [999, -500]


def test_category_column_is_read_when_present(tmp_path) -> None:
    text = "Date,Type,Description,Amount\n12/01/2026,Fee,Late payment,5.00\n"
    reading = read_bill(write(tmp_path, text))
    assert reading.lines["category"].tolist() == ["Fee"]
    assert read_bill(write(tmp_path, BILL)).lines["category"].tolist() == ["", ""]


def test_columns_found_by_content_when_names_say_nothing(tmp_path) -> None:
    text = "A,B,C\n12/01/2026,OOMA *PREMIER,$9.99\n12/02/2026,COFFEE SHOP,$3.50\n"
    reading = read_bill(write(tmp_path, text))
    assert (reading.mapping.date, reading.mapping.description, reading.mapping.amount) == ("A", "B", "C")


def test_unreadable_rows_are_reported_and_the_rest_is_read(tmp_path) -> None:
    text = (
        "Date,Description,Amount\n"
        "12/01/2026,Premier,9.99\n"
        "12/02/2026,Premier,nine\n"
        "12/03/2026,Premier, with, extra cells,1.00\n"
        "12/04/2026,Premier,\n"
        "12/05/2026,Premier,1.50\n"
    )
    reading = read_bill(write(tmp_path, text))
    assert reading.lines["line"].tolist() == [2, 6]
    assert [(e.line, e.message) for e in reading.errors] == [
        (3, "amount 'nine' is not an amount of money"),
        (4, "has 5 cells where the header has 3"),
        (5, "no amount"),
    ]


def test_line_numbers_survive_quoted_line_breaks(tmp_path) -> None:
    text = 'Date,Description,Amount\n12/01/2026,"Premier\nmonthly",9.99\n12/02/2026,911 fee,1.50\n'
    reading = read_bill(write(tmp_path, text))
    assert reading.lines["line"].tolist() == [2, 4]
    assert amounts(reading) == [999, 150]


def test_a_changed_mapping_is_used(tmp_path) -> None:
    text = "Date,Memo,Note,Amount\n12/01/2026,Premier,paid,9.99\n"
    detected = read_bill(write(tmp_path, text)).mapping
    changed = ColumnMapping(**{**detected.__dict__, "description": "Note"})
    assert read_bill(write(tmp_path, text), mapping=changed).lines["description"].tolist() == ["paid"]


def test_a_mapping_naming_a_missing_column_is_rejected(tmp_path) -> None:
    with pytest.raises(BillReadError, match="'Price'"):
        read_bill(write(tmp_path, BILL), mapping=ColumnMapping(amount="Price"))


def test_progress_is_reported_a_few_times(tmp_path) -> None:
    calls: list[tuple[float, str]] = []
    read_bill(write(tmp_path, BILL), progress=lambda fraction, phase: calls.append((fraction, phase)))
    assert 2 <= len(calls) <= 10
    assert calls[0][0] == 0.0
    assert calls[-1][0] == 1.0
    assert [f for f, _ in calls] == sorted(f for f, _ in calls)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02binary\x00\xff" * 50, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\n", "PDF"),
        (b"Date,Description,Amount\n", "no readable line items"),
        (b"Date,Description,Amount\nTotal,,9.99\n", "no readable line items"),
        (b"Date,Description,Note\n12/01/2026,Premier,paid\n", "No amount column"),
        (b"just one line of text\n", "No table"),
    ],
)
def test_files_without_line_items_are_rejected_clearly(tmp_path, content: bytes, message: str) -> None:
    path = tmp_path / "bill.csv"
    path.write_bytes(content)
    with pytest.raises(BillReadError, match=message):
        read_bill(path.read_bytes())


def test_a_long_label_value_preamble_does_not_hide_a_short_table(tmp_path) -> None:
    preamble = "".join(
        f"{label},{value}\n"
        for label, value in [
            ("Account holder", "Jane Doe"),
            ("Account number", "4000-1234"),
            ("Phone", "555-0100"),
            ("Statement", "12/15/2026"),
            ("Plan", "Premier"),
        ]
    )
    reading = read_bill(write(tmp_path, preamble + "\n" + BILL))
    assert reading.header_line == 7
    assert reading.lines["line"].tolist() == [8, 9]
    assert amounts(reading) == [999, 999]


def test_a_file_without_a_header_keeps_its_first_row_and_never_reads_the_balance_as_the_amount() -> None:
    # Like a checking export with no header row: date, amount, "*", check number, description, running balance.
    data = (
        b'"11/28/2026","-32.07","*","","OOMA INC 888-711-6662 CA","17,563.72"\n'
        b'"12/01/2026","-84.12","*","","SAFEWAY #1234","17,479.60"\n'
        b'"12/03/2026","1,850.00","*","","ACME PAYROLL","19,329.60"\n'
    )
    reading = read_bill(data)
    assert reading.has_header is False
    assert reading.mapping.amount == "Column 2"
    assert reading.lines["line"].tolist() == [1, 2, 3]
    assert reading.lines["amount_cents"].tolist() == [3207, 8412, -185000]  # charges positive once read
    assert reading.charges_negative is True
    assert reading.warnings == []


def test_an_amount_column_chosen_by_hand_that_behaves_like_a_balance_is_warned_about() -> None:
    data = (
        b"Date,Description,Amount,Balance\n"
        b"12/01/2026,OOMA INC,-32.07,967.93\n12/02/2026,SAFEWAY,-84.12,883.81\n12/03/2026,PAY,100.00,983.81\n"
    )
    assert read_bill(data).warnings == []
    by_hand = ColumnMapping(date="Date", description="Description", amount="Balance")
    [warning] = read_bill(data, mapping=by_hand).warnings
    assert "changes like a running balance" in warning


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Details,Transaction ID,Description,Amount", "Description"),  # exact name beats a word inside one
        ("Item,Description,Amount", "Description"),
        ("Date2,Memo,Amount", "Memo"),
    ],
)
def test_a_column_named_exactly_like_the_role_wins(header: str, expected: str) -> None:
    rows = {
        "Details,Transaction ID,Description,Amount": "DEBIT,9TX00001,OOMA INC,-32.07\nDEBIT,9TX00002,SAFEWAY,-8.00",
        "Item,Description,Amount": "Premier,Ooma Premier monthly service,9.99\nTaxes,911 service fee,1.50",
        "Date2,Memo,Amount": "12/01/2026,OOMA INC,9.99\n12/02/2026,SAFEWAY,1.50",
    }[header]
    reading = read_bill(
        f"Date,{header}\n".encode()
        + "\n".join(f"12/0{i + 1}/2026,{r}" for i, r in enumerate(rows.splitlines())).encode()
    )
    assert reading.mapping.description == expected


def test_rows_with_a_trailing_delimiter_are_read_normally() -> None:
    data = b"Date,Description,Amount\n12/01/2026,OOMA INC,9.99,\n12/02/2026,OOMA INC,1.50,\n"
    reading = read_bill(data)
    assert reading.errors == []
    assert reading.lines["amount_cents"].tolist() == [999, 150]


@pytest.mark.parametrize(
    "label", ["Subtotal", "Total", "Total Due", "Balance forward", "Beginning balance", "Ending balance"]
)
@pytest.mark.parametrize("where", ["label column", "description"])
def test_summary_rows_are_never_line_items_wherever_they_sit(label: str, where: str) -> None:
    row = f"{label},,,$45.00" if where == "label column" else f",,{label},$45.00"
    data = f"Item,Date,Description,Amount\nPremier,12/01/2026,Ooma Premier,$9.99\n{row}\n".encode()
    reading = read_bill(data)
    assert reading.lines["amount_cents"].tolist() == [999]
    assert reading.ignored_summary_rows == 1


def test_the_mapping_panel_offers_every_column_role_of_a_mapping():
    settings = {"decimal_comma", "dayfirst", "charges_negative"}
    assert set(COLUMN_ROLES) == {f.name for f in fields(ColumnMapping)} - settings
    assert len(COLUMN_ROLES) == len(set(COLUMN_ROLES))
