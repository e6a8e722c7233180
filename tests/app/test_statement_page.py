"""Bank, card and payment exports on the final-bill page: what the person sees and what is disputed, per layout.

The layouts and their story are described in tests/cli/test_statements.py; here the same files go through the
page, with the case's end date set to 2026-11-30, no fixed-term contract and no equipment back.
"""

from datetime import date
from pathlib import Path

import pytest

from tests.tables import table_frame

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"
# (date, amount, disputed, why) of each flagged line
STORY = [
    ("Dec 1, 2026", "$32.07", "$32.07", "After the end date"),
    ("Dec 5, 2026", "$59.99", "$59.99", "Early termination fee"),
    ("Dec 17, 2026", "$32.07", "$32.07", "After the end date"),
    ("Dec 20, 2026", "$99.99", "$99.99", "Equipment fee"),
]
LAYOUTS = dict.fromkeys(
    (
        "chase_card.csv",
        "chase_checking.csv",
        "bank_of_america.csv",
        "wells_fargo.csv",
        "capital_one.csv",
        "amex.csv",
        "discover.csv",
        "citi.csv",
        "apple_card.csv",
        "us_bank.csv",
        "td_canada.csv",
        "rbc.csv",
        "excel_saved.csv",
    ),
    (STORY, "$256.19", "-$9.99", "$224.12"),
)
LAYOUTS["paypal.csv"] = ([STORY[0], STORY[2]], "$96.21", "-$9.99", "$64.14")
LAYOUTS["uk_monzo.csv"] = (
    [
        ("Dec 1, 2026", "$25.31", "$25.31", "After the end date"),
        ("Dec 5, 2026", "$47.34", "$47.34", "Early termination fee"),
        ("Dec 17, 2026", "$25.31", "$25.31", "After the end date"),
        ("Dec 20, 2026", "$78.90", "$78.90", "Equipment fee"),
    ],
    "$202.17",
    "-$7.88",
    "$176.86",
)
LAYOUTS["ooma_invoice.csv"] = (
    [
        ("Dec 1 – Dec 31, 2026", "$9.99", "$9.99", "After the end date"),
        ("Dec 1 – Dec 31, 2026", "$1.50", "$1.50", "After the end date"),
        ("", "$59.99", "$59.99", "Early termination fee"),
        ("", "$99.99", "$0.00", "Equipment fee"),
    ],
    "$181.46",
    "-$5.00",
    "$71.48",
)


@pytest.fixture
def statement_page(app, demo_case):
    def open_page(name: str):
        at = app().run()
        at.switch_page("views/final_bill.py").run()
        at.date_input(key="bill.end_date").set_value(date(2026, 11, 30))
        at.date_input(key="bill.returned_on").set_value(None)
        at.checkbox(key="bill.fixed_term").uncheck()
        at.file_uploader(key="bill.upload").upload(name, (DATA / name).read_bytes(), "text/csv").run()
        assert not at.exception
        return at

    return open_page


def texts(at) -> list[str]:
    return [t.value for t in at.text]


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_layout_shows_ooma_s_findings_line_by_line(statement_page, name: str):
    expected, billed, credits, disputed = LAYOUTS[name]
    at = statement_page(name)
    assert not at.warning
    at.button(key="bill.run").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Billed (charges)"], metrics["Payments and credits"], metrics["Disputed"]) == (
        billed,
        credits,
        disputed,
    )
    findings = table_frame(at.table[0])
    shown = list(
        zip(
            findings["Date or period"], findings["Amount"], findings["Disputed"], findings["Why"], strict=True
        )
    )
    assert sorted(shown) == sorted(expected)
    assert not at.warning
    assert not at.success  # flagged lines: no all-clear


def test_the_mapping_panel_says_how_charges_are_written_and_the_person_can_flip_it(statement_page):
    at = statement_page("chase_card.csv")
    assert "Charges are written as negative numbers (from the Type column)." in texts(at)
    sign = next(k for k in at.session_state if k.endswith(".charges_negative"))
    assert at.radio(key=sign).value is True
    at.radio(key=sign).set_value(False).run()
    assert "Charges are written as positive numbers (as you chose)." in texts(at)
    at.button(key="bill.run").click().run()
    assert {m.label: m.value for m in at.metric}["Disputed"] == "$0.00"
    warnings = " ".join(w.value for w in at.warning)
    assert "Every Ooma line in this file is a payment or credit" in warnings
    assert "(choose it under 'How the file was read')" in warnings  # the page's words, not the command's
    assert "--" not in warnings
    assert not at.success  # no green all-clear on a suspicious result


def test_a_file_without_a_header_row_says_so(statement_page):
    at = statement_page("wells_fargo.csv")
    assert any(t.endswith("· no header row") for t in texts(at))
    assert "Note: The file has no header row: its columns were recognised by their content." in texts(at)


def test_other_merchants_are_set_aside_and_the_match_text_next_to_the_uploader_changes_it(statement_page):
    at = statement_page("discover.csv")
    at.button(key="bill.run").click().run()
    assert any("3 other lines set aside (not Ooma's)" in c.value for c in at.caption)
    assert any(t.startswith("Ooma's lines found by: OOMA*") for t in texts(at))
    at.text_input(key="bill.merchant").input("SAFEWAY").run()
    at.button(key="bill.run").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Billed (charges)"] == "$84.12"
    assert metrics["Lines checked"] == "1"


def test_a_match_text_that_finds_nothing_warns_and_shows_the_typed_text_as_typed(statement_page):
    at = statement_page("discover.csv")
    at.text_input(key="bill.merchant").input("**vonage**").run()
    at.button(key="bill.run").click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Lines checked"] == "0"
    [warning] = [w.value for w in at.warning]
    assert r"No line's description contains '\*\*vonage\*\*'" in warning  # Markdown escaped: shown as typed
    assert not at.success


def test_the_audit_uses_the_sign_chosen_just_before_the_click_even_before_the_page_was_redrawn(
    statement_page,
):
    """A radio changed and "Run the audit" clicked while the page was still drawing reach the app in one run:
    the audit follows what the panel shows, not the values the button was drawn with (a browser test caught an
    audit of the old sign saved under a panel showing the new one)."""
    at = statement_page("chase_card.csv")
    sign = next(k for k in at.session_state if k.endswith(".charges_negative"))
    at.radio(key=sign).set_value(False)
    at.button(key="bill.run").click().run()
    assert not at.exception
    assert "Charges are written as positive numbers (as you chose)." in texts(at)
    assert {m.label: m.value for m in at.metric}["Disputed"] == "$0.00"
    assert "Charges are written as negative numbers (from the Type column)." not in texts(at)
    assert [toast.value.split(" · ")[0] for toast in at.toast] == ["Saved"]  # said across the page's rerun
