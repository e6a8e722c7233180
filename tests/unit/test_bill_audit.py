"""The audit rules, each on a small bill a person could have received."""

import datetime as dt

import pandas as pd
import pytest

from ooma_cancel.bill import AuditContext, audit, read_bill

END = dt.date(2026, 11, 30)


def context(**changes) -> AuditContext:
    values = {"end_date": END, "fixed_term": True, "equipment_returned_on": None, "return_window_days": 30}
    return AuditContext(**{**values, **changes})


def bill(
    tmp_path, rows: list[str], header: str = "Date,Service period,Description,Category,Amount"
) -> pd.DataFrame:
    path = tmp_path / "bill.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return read_bill(path.read_bytes())


def findings(result) -> list[tuple[int, list[str], int]]:
    lines = result.lines
    return list(zip(lines["line"], lines["flags"], lines["disputed_cents"], strict=True))


def test_period_straddling_the_end_date_is_prorated(tmp_path) -> None:
    reading = bill(tmp_path, ["11/15/2026,11/15/2026 - 12/14/2026,Call blocking add-on,Service,$4.99"])
    result = audit(reading, context())
    # 14 of the 30 days (12/01–12/14) are after 11/30: 4.99 × 14 / 30 = 2.3287 → 2.33
    assert findings(result) == [(2, ["after_end_date"], 233)]
    assert result.lines["reason"][0] == (
        "Charged for Nov 15 – Dec 14, 2026 but service ended Nov 30, 2026: 14 of 30 days after the end date."
    )


def test_reasons_write_dates_as_the_pages_do_and_a_period_across_new_year_names_both_years(tmp_path) -> None:
    reading = bill(
        tmp_path,
        [
            "12/15/2026,12/15/2026 - 01/14/2027,Ooma Premier,Service,$9.99",
            "01/05/2027,,Call to Canada,Usage,$0.80",
        ],
    )
    reasons = audit(reading, context(end_date=dt.date(2026, 12, 20))).lines["reason"].tolist()
    assert reasons == [
        "Charged for Dec 15, 2026 – Jan 14, 2027 but service ended Dec 20, 2026: 25 of 31 days after the end "
        "date.",
        "Dated Jan 5, 2027, after service ended Dec 20, 2026.",
    ]
    assert not any("/" in reason for reason in reasons)


def test_period_ending_on_the_end_date_is_not_flagged_and_one_after_is_whole(tmp_path) -> None:
    reading = bill(
        tmp_path,
        [
            "11/01/2026,11/01/2026 - 11/30/2026,Ooma Premier,Service,$9.99",
            "12/01/2026,12/01/2026 - 12/31/2026,Ooma Premier,Service,$9.99",
            "11/30/2026,,Call to Canada,Usage,$0.75",
            "12/01/2026,,Call to Canada,Usage,$0.80",
            "12/01/2026,,911 fee,Tax,$1.50",
        ],
    )
    assert findings(audit(reading, context())) == [
        (2, [], 0),
        (3, ["after_end_date"], 999),
        (4, [], 0),
        (5, ["after_end_date"], 80),
        (6, ["after_end_date"], 150),
    ]


def test_leap_day_counts_as_a_day(tmp_path) -> None:
    reading = bill(
        tmp_path,
        ["02/01/2028,02/01/2028 - 02/29/2028,Ooma Premier,Service,$29.00", "02/29/2028,,Call,Usage,$1.00"],
    )
    result = audit(reading, context(end_date=dt.date(2028, 2, 28)))
    assert findings(result) == [(2, ["after_end_date"], 100), (3, ["after_end_date"], 100)]
    assert "1 of 29 days" in result.lines["reason"][0]


def test_early_termination_fee_is_disputed_only_without_a_contract(tmp_path) -> None:
    reading = bill(tmp_path, ["12/10/2026,,Early termination fee,Fee,$59.99", "12/10/2026,,ETF,,$10.00"])
    assert findings(audit(reading, context(fixed_term=False))) == [
        (2, ["early_termination_fee"], 5999),
        (3, ["early_termination_fee"], 1000),
    ]
    with_contract = audit(reading, context(fixed_term=True))
    assert findings(with_contract) == [(2, ["early_termination_fee"], 0), (3, ["early_termination_fee"], 0)]
    assert "no fixed-term contract" not in with_contract.lines["reason"][0]


@pytest.mark.parametrize(
    ("returned", "disputed"),
    [(dt.date(2026, 12, 8), 9999), (dt.date(2026, 12, 30), 9999), (dt.date(2026, 12, 31), 0), (None, 0)],
)
def test_equipment_fee_is_disputed_when_returned_by_the_deadline(tmp_path, returned, disputed) -> None:
    reading = bill(tmp_path, ["12/31/2026,,Unreturned equipment fee - Ooma Telo,Fee,$99.99"])
    result = audit(reading, context(equipment_returned_on=returned))
    # The fee is dated after the end date, but its own rule decides, not after_end_date.
    assert findings(result) == [(2, ["equipment_fee"], disputed)]
    # The deadline is the end date (Nov 30) + 30 days; the reason names it and the day Ooma received it.
    reason = result.lines["reason"][0]
    assert "deadline Dec 30, 2026" in reason
    if returned:
        assert f"received by Ooma on {returned:%b %-d, %Y}" in reason
    else:
        assert "no return of the equipment is recorded" in reason


def test_an_equipment_fee_charged_while_the_return_was_in_transit_names_the_shipping_day(tmp_path) -> None:
    reading = bill(tmp_path, ["01/10/2027,,Unreturned equipment fee - Ooma Telo,Fee,$99.99"])
    shipped = context(equipment_shipped_on=dt.date(2026, 12, 28))
    result = audit(reading, shipped)
    assert findings(result) == [(2, ["equipment_fee"], 9999)]
    assert result.lines["reason"][0] == (
        "Equipment fee charged while the equipment was on its way back (shipped on Dec 28, 2026)."
    )


def test_late_fee_is_flagged_for_review_not_disputed(tmp_path) -> None:
    reading = bill(tmp_path, ["12/05/2026,,Late payment fee,Fee,$5.00"])
    result = audit(reading, context())
    assert findings(result) == [(2, ["late_fee"], 0)]
    assert result.summary.disputed_total_cents == 0


def test_fee_wording_wins_over_the_category_and_the_category_counts_otherwise(tmp_path) -> None:
    reading = bill(
        tmp_path,
        [
            "12/10/2026,,Contract charge,Early termination,$50.00",
            "12/10/2026,,Equipment fee for new phone,Service,$20.00",
            "12/10/2026,,Non-return fee,,$80.00",
        ],
    )
    result = audit(reading, context(fixed_term=False, equipment_returned_on=dt.date(2026, 12, 1)))
    assert result.lines["kind"].tolist() == ["early_termination_fee", "equipment_fee", "equipment_fee"]
    assert findings(result) == [
        (2, ["early_termination_fee"], 5000),
        (3, ["equipment_fee"], 2000),
        (4, ["equipment_fee"], 8000),
    ]


def test_every_copy_after_the_first_is_a_duplicate_disputed_once(tmp_path) -> None:
    reading = bill(
        tmp_path,
        [
            "11/01/2026,11/01/2026 - 11/30/2026,Ooma Premier,Service,$9.99",
            "11/01/2026,11/01/2026 - 11/30/2026,ooma  premier,Service,$9.99",
            "11/01/2026,11/01/2026 - 11/30/2026,Ooma Premier,Service,$9.99",
            "11/02/2026,11/01/2026 - 11/30/2026,Ooma Premier,Service,$9.98",
            "12/01/2026,12/01/2026 - 12/31/2026,Ooma Premier,Service,$9.99",
            "12/01/2026,12/01/2026 - 12/31/2026,Ooma Premier,Service,$9.99",
        ],
    )
    result = audit(reading, context())
    assert findings(result) == [
        (2, [], 0),
        (3, ["duplicate"], 999),
        (4, ["duplicate"], 999),
        (5, [], 0),
        (6, ["after_end_date"], 999),
        # also after the end date: still disputed once, never more than the line's own amount
        (7, ["after_end_date", "duplicate"], 999),
    ]
    assert "as line 2" in result.lines["reason"][2]
    assert "as line 6" in result.lines["reason"][5]
    assert result.summary.disputed_total_cents == 4 * 999


def test_payments_and_credits_are_never_flagged(tmp_path) -> None:
    reading = bill(
        tmp_path,
        [
            "12/05/2026,,Payment - thank you,Payment,-$20.00",
            "12/05/2026,,Payment - thank you,Payment,-$20.00",
            "12/06/2026,12/01/2026 - 12/31/2026,Service credit,Credit,($9.99)",
            "12/06/2026,,Early termination fee reversal,Credit,-$59.99",
        ],
    )
    result = audit(reading, context(fixed_term=False))
    assert findings(result) == [(2, [], 0), (3, [], 0), (4, [], 0), (5, [], 0)]
    assert result.summary.credits_total_cents == -(2000 + 2000 + 999 + 5999)


def test_merchant_filter_counts_the_other_lines_as_ignored(tmp_path) -> None:
    reading = bill(
        tmp_path,
        ["12/01/2026,OOMA INC PREMIER,$9.99", "12/02/2026,COFFEE SHOP,$3.50", "12/03/2026,GROCERY,$45.10"],
        header="Date,Description,Amount",
    )
    result = audit(reading, context(merchant="ooma"))
    assert result.lines["description"].tolist() == ["OOMA INC PREMIER"]
    assert result.ignored_lines == 2
    assert result.summary.ignored_lines == 2
    assert result.summary.charges_total_cents == 999


def test_summary_totals_and_flag_counts(tmp_path) -> None:
    reading = bill(
        tmp_path,
        [
            "11/01/2026,11/01/2026 - 11/30/2026,Ooma Premier,Service,$9.99",
            "12/01/2026,12/01/2026 - 12/31/2026,Ooma Premier,Service,$9.99",
            "12/05/2026,,Late fee,Fee,$5.00",
            "12/05/2026,,Payment,Payment,-$10.00",
        ],
    )
    summary = audit(reading, context()).summary
    assert summary.lines == 4
    assert summary.charges_total_cents == 2498
    assert summary.credits_total_cents == -1000
    assert summary.disputed_total_cents == 999
    assert summary.flag_counts == {
        "after_end_date": 1,
        "early_termination_fee": 0,
        "equipment_fee": 0,
        "late_fee": 1,
        "duplicate": 0,
    }


def test_audit_accepts_a_plain_dataframe_of_lines() -> None:
    lines = pd.DataFrame(
        {
            "line": [2, 3],
            "date": [dt.date(2026, 12, 1), None],
            "period_start": [None, dt.date(2026, 11, 1)],
            "period_end": [None, dt.date(2026, 12, 31)],
            "description": ["Call", "Premier"],
            "amount_cents": [100, 6100],
            "category": ["", ""],
        }
    )
    result = audit(lines, context())
    # 31 of 61 days after 11/30: 6100 × 31 / 61 = 3100
    assert findings(result) == [(2, ["after_end_date"], 100), (3, ["after_end_date"], 3100)]


def test_the_sample_bill_shipped_with_the_app(tmp_path) -> None:
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "final_bill.csv"
    reading = read_bill(sample.read_bytes())
    result = audit(reading, context(fixed_term=False, equipment_returned_on=dt.date(2026, 12, 8)))
    counts = result.summary.flag_counts
    assert all(counts[flag] >= 1 for flag in counts)
    assert reading.ignored_summary_rows >= 1
    assert 0 < result.summary.disputed_total_cents < result.summary.charges_total_cents


def test_progress_goes_from_zero_to_one(tmp_path) -> None:
    reading = bill(tmp_path, ["12/01/2026,,Call,Usage,$1.00"])
    calls: list[float] = []
    audit(reading, context(), progress=lambda fraction, _phase: calls.append(fraction))
    assert calls[0] == 0.0
    assert calls[-1] == 1.0
    assert len(calls) <= 10


def test_ooma_s_own_bill_naming_its_products_is_audited_whole_and_a_statement_is_narrowed(tmp_path) -> None:
    own = bill(
        tmp_path,
        ["12/17/2026,Ooma Premier monthly service,$32.07", "12/17/2026,911 fee,$1.50"],
        "Date,Description,Amount",
    )
    result = audit(own, context())
    assert result.lines["description"].tolist() == ["Ooma Premier monthly service", "911 fee"]
    assert (result.ignored_lines, result.matched) == (0, [])
    statement = bill(
        tmp_path,
        [
            "12/17/2026,OOMA*PREMIER 4411,$32.07",
            "12/18/2026,ZOOMAX CAMERAS,$80.00",
            '12/19/2026,"Ooma, Inc.",$1.50',
        ],
        "Date,Description,Amount",
    )
    result = audit(statement, context())
    assert result.lines["description"].tolist() == ["OOMA*PREMIER 4411", "Ooma, Inc."]
    assert (result.ignored_lines, result.matched) == (1, ["OOMA*PREMIER 4411", "Ooma, Inc."])


@pytest.mark.parametrize(
    ("command_line", "how", "wrong"),
    [
        (False, "give that text (in 'Ooma's lines contain').", "--merchant"),
        (True, "give that text (--merchant).", "Ooma's lines contain"),
    ],
)
def test_a_warning_names_the_fix_where_the_person_is_the_page_s_field_or_the_command_s_option(
    tmp_path, command_line: bool, how: str, wrong: str
) -> None:
    statement = bill(
        tmp_path,
        ["12/17/2026,12/17/2026,VOIP SERVICES 4411,Bills & Utilities,Sale,-32.07"],
        "Transaction Date,Post Date,Description,Category,Type,Amount",
    )
    result = audit(statement, context(command_line=command_line))
    [warning] = result.warnings
    assert warning.startswith("No line names Ooma")
    assert warning.endswith(how)
    assert wrong not in warning
