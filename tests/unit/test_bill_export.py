"""Findings leave the app as a spreadsheet-safe CSV and as the CLI's JSON object."""

import csv
import datetime as dt
import io

import pytest

from ooma_cancel.bill import AuditContext, audit, escape_csv_cell, findings_csv, read_bill, to_json_dict

CONTEXT = AuditContext(
    end_date=dt.date(2026, 11, 30), fixed_term=True, equipment_returned_on=None, return_window_days=30
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-credit", "'-credit"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Ooma Premier", "Ooma Premier"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_escape_csv_cell(value: str, expected: str) -> None:
    assert escape_csv_cell(value) == expected


def audited(tmp_path):
    path = tmp_path / "bill.csv"
    path.write_text(
        "Date,Description,Category,Amount\n"
        '12/01/2026,"=HYPERLINK(""http://evil"")",@risk,$9.99\n'
        "12/02/2026,Refund,Credit,-$5.00\n"
        "12/03/2026,Premier,Service,\n",
        encoding="utf-8",
    )
    reading = read_bill(path.read_bytes())
    return reading, audit(reading, CONTEXT)


def test_findings_csv_escapes_text_and_keeps_amounts_numeric(tmp_path) -> None:
    _, result = audited(tmp_path)
    data = findings_csv(result)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert list(rows[0]) == [
        "line",
        "date",
        "period_start",
        "period_end",
        "description",
        "category",
        "amount",
        "flags",
        "disputed",
        "reason",
    ]
    assert rows[0]["description"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["category"] == "'@risk"
    assert (rows[0]["amount"], rows[0]["disputed"], rows[0]["flags"]) == ("9.99", "9.99", "after_end_date")
    assert rows[0]["reason"].startswith("Dated Dec 1, 2026")
    assert (rows[1]["line"], rows[1]["amount"], rows[1]["disputed"], rows[1]["flags"]) == (
        "3",
        "-5.00",
        "0.00",
        "",
    )
    assert rows[1]["date"] == "2026-12-02"
    assert b"'-5.00" not in data


def test_json_dict_has_the_cli_shape(tmp_path) -> None:
    reading, result = audited(tmp_path)
    document = to_json_dict(reading, result)
    assert document["lines"][0] == {
        "line": 2,
        "date": "2026-12-01",
        "period_start": None,
        "period_end": None,
        "description": '=HYPERLINK("http://evil")',
        "amount": "9.99",
        "category": "@risk",
        "flags": ["after_end_date"],
        "disputed": "9.99",
    }
    assert document["errors"] == [{"line": 4, "message": "no amount"}]
    assert document["summary"] == {
        "lines": 2,
        "ignored_lines": 0,
        "charges_total": "9.99",
        "credits_total": "-5.00",
        "disputed_total": "9.99",
        "flag_counts": {
            "after_end_date": 1,
            "early_termination_fee": 0,
            "equipment_fee": 0,
            "late_fee": 0,
            "duplicate": 0,
        },
    }
