"""An amount above the app's limit, typed into a form, is refused with the limit in words and nothing is saved."""

from ooma_cancel.money import MAX_CENTS, format_dollars
from tests.app.test_balance import add, ledger_rows, open_page


def test_a_ledger_amount_above_the_limit_is_refused_with_the_limit_in_words(app, demo_case, engine):
    at = open_page(app)
    before = ledger_rows(engine)
    add(at, kind="charge", amount="999,999,999.99")
    errors = [e.value.replace("\\$", "$") for e in at.error]  # as read: the page escapes $ for Markdown
    assert any(f"The largest amount the app keeps is {format_dollars(MAX_CENTS)}" in e for e in errors), (
        errors
    )
    assert any("Not saved" in e for e in errors)
    assert ledger_rows(engine) == before
