"""A form whose messages come after it names the field each message is about, in words, as an alert."""

from tests.app.test_balance import add, ledger_rows
from tests.app.test_balance import open_page as open_balance


def test_a_refused_ledger_entry_names_the_field_that_is_wrong(app, demo_case, engine):
    at = open_balance(app)
    before = ledger_rows(engine)
    add(at, kind="charge", amount="0")
    messages = [e.value for e in at.error]
    assert "**Amount (\\$):** Enter an amount above zero." in messages
    assert messages[-1] == "Not saved: fix the fields above."
    assert ledger_rows(engine) == before


def test_a_refused_device_names_the_field_that_is_wrong(app, demo_case):
    at = app().run()
    at.switch_page("views/equipment_return.py").run()
    prefix = next(b.key for b in at.button if b.key and b.key.endswith(".save") and ".new" in b.key)[:-5]
    at.text_input(key=f"{prefix}.fee").input("lots")
    at.button(key=f"{prefix}.save").click().run()
    assert not at.exception
    assert any(e.value.startswith("**Non-return fee (\\$):** ") for e in at.error)
