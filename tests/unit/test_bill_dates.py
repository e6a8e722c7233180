"""Dates in bills: explicit formats per column, day-first decided from the values, service periods."""

import datetime as dt

import pyarrow as pa
import pytest

from ooma_cancel.bill import read_bill
from ooma_cancel.bill.dates import days_to_dates, decide_dayfirst, parse_dates, split_period


def dates(values: list[str], *, dayfirst: bool = False) -> list[dt.date | None]:
    return days_to_dates(parse_dates(pa.array(values), dayfirst=dayfirst).days).to_pylist()


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01",
        "2026/12/01",
        "12/01/2026",
        "12/1/2026",
        "12-01-2026",
        "12/01/26",
        "Dec 1, 2026",
        "December 1, 2026",
        "Dec. 1 2026",
        "1 Dec 2026",
        "01-Dec-2026",
        "2026-12-01T10:15:00",
        "12/01/2026 10:15",
    ],
)
def test_month_first_and_unambiguous_forms(text: str) -> None:
    assert dates([text]) == [dt.date(2026, 12, 1)]


def test_day_first_reads_the_first_number_as_the_day() -> None:
    assert dates(["01/12/2026", "13.01.2026", "2026-12-01"], dayfirst=True) == [
        dt.date(2026, 12, 1),
        dt.date(2026, 1, 13),
        dt.date(2026, 12, 1),
    ]


def test_leap_day_is_valid_only_in_a_leap_year() -> None:
    parsed = parse_dates(
        pa.array(["2028-02-29", "2026-02-29", "02/30/2026", "13/13/2026", "soon", ""]), dayfirst=False
    )
    assert days_to_dates(parsed.days).to_pylist()[0] == dt.date(2028, 2, 29)
    assert parsed.invalid.tolist() == [False, True, True, True, True, False]
    assert parsed.blank.tolist() == [False, False, False, False, False, True]


def test_day_first_is_decided_from_the_values() -> None:
    assert decide_dayfirst(pa.array(["01/02/2026", "13/02/2026"])) is True
    assert decide_dayfirst(pa.array(["01/02/2026", "02/13/2026"])) is False
    assert decide_dayfirst(pa.array(["01/02/2026", "03/04/2026"])) is None
    assert decide_dayfirst(pa.array(["2026-01-02"])) is False


@pytest.mark.parametrize(
    "text",
    [
        "12/01/2026 - 12/31/2026",
        "12/01/2026 – 12/31/2026",
        "12/01/2026-12/31/2026",
        "2026-12-01 - 2026-12-31",
        "2026-12-01–2026-12-31",
        "Dec 1, 2026 to Dec 31, 2026",
        "12/01/2026 through 12/31/2026",
    ],
)
def test_service_period_splits_into_start_and_end(text: str) -> None:
    starts, ends = split_period(pa.array([text]))
    assert dates(starts.to_pylist()) == [dt.date(2026, 12, 1)]
    assert dates(ends.to_pylist()) == [dt.date(2026, 12, 31)]


def write(tmp_path, text: str) -> bytes:
    path = tmp_path / "bill.csv"
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def test_ambiguous_column_reads_month_first_and_says_so(tmp_path) -> None:
    reading = read_bill(
        write(tmp_path, "Date,Description,Amount\n03/04/2026,Plan,9.99\n05/06/2026,Plan,9.99\n")
    )
    assert reading.lines["date"].tolist() == [dt.date(2026, 3, 4), dt.date(2026, 5, 6)]
    assert reading.notes == ["Dates in column 'Date' are ambiguous; read month-first."]
    assert reading.mapping.dayfirst is False


def test_day_first_column_is_detected_from_one_unambiguous_value(tmp_path) -> None:
    reading = read_bill(
        write(tmp_path, "Date,Description,Amount\n03/04/2026,Plan,9.99\n25/04/2026,Plan,9.99\n")
    )
    assert reading.lines["date"].tolist() == [dt.date(2026, 4, 3), dt.date(2026, 4, 25)]
    assert reading.notes == []
    assert reading.mapping.dayfirst is True


def test_dayfirst_argument_overrides_the_guess(tmp_path) -> None:
    reading = read_bill(write(tmp_path, "Date,Description,Amount\n03/04/2026,Plan,9.99\n"), dayfirst=True)
    assert reading.lines["date"].tolist() == [dt.date(2026, 4, 3)]
    assert reading.notes == []


def test_unreadable_date_is_reported_with_its_line(tmp_path) -> None:
    reading = read_bill(write(tmp_path, "Date,Description,Amount\n12/01/2026,Plan,9.99\nsoon,Plan,9.99\n"))
    assert [(e.line, e.message) for e in reading.errors] == [(3, "date 'soon' is not a date")]
    assert reading.lines["line"].tolist() == [2]


def test_month_name_dates_in_a_file(tmp_path) -> None:
    data = write(tmp_path, 'Date,Description,Amount\n"Dec 1, 2026",Plan,9.99\n"Nov 30, 2026",Plan,9.99\n')
    assert read_bill(data).lines["date"].tolist() == [dt.date(2026, 12, 1), dt.date(2026, 11, 30)]
