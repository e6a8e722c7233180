"""Account identification, driven like a person: type, save, come back later."""

import pytest


def fill(at, prefix="new", **values):
    for field, value in values.items():
        widget = (
            at.text_area(key=f"account.{prefix}.{field}")
            if field in ("phone_numbers", "bundled_services")
            else None
        )
        if widget is None:
            widget = at.text_input(key=f"account.{prefix}.{field}")
        widget.input(value)


VALID = {
    "holder_name": "Jordan Rivera",
    "account_number": "4815162342",
    "phone_numbers": "(650) 555-0123",
    "street": "100 Example Street",
    "city": "Sunnyvale",
    "region": "CA",
    "postal_code": "94086",
    "email": "jordan@example.com",
    "bundled_services": "Ooma Premier\nSecond line",
}


@pytest.fixture
def account_page(app):
    def open_page():
        at = app().run()
        at.text_input[0].input("Home")  # the overview is the landing page
        at.button[1].click().run()  # start a case
        at.switch_page("views/account.py").run()
        assert not at.exception
        return at

    return open_page


def test_a_valid_account_is_saved_and_still_there_after_a_reload(app, account_page):
    at = account_page()
    fill(at, **VALID)
    at.selectbox(key="account.new.plan").select("Premier")
    at.button(key="account.new.save").click().run()
    assert not at.exception
    assert not at.error

    fresh = app().run()
    fresh.switch_page("views/account.py").run()
    shown = [t.value for t in fresh.text]
    assert "Premier · •••• 2342" in shown
    assert "Holder: Jordan Rivera" in shown
    assert "Phone: (•••) •••-0123" in shown
    assert "Also ends: Ooma Premier, Second line" in shown
    assert "4815162342" not in " ".join(shown)  # masked outside the edit form
    assert not fresh.warning  # nothing Ooma needs is missing

    fresh.button(key=f"account.{1}.edit").click().run()
    assert fresh.text_input(key="account.1.account_number").value == "4815162342"
    assert fresh.text_area(key="account.1.phone_numbers").value == "(650) 555-0123"


def test_an_invalid_phone_number_is_refused_with_a_message_and_nothing_is_saved(app, account_page):
    at = account_page()
    fill(at, **{**VALID, "phone_numbers": "555-0123"})
    at.run()
    assert any(
        "This number cannot be a US phone number: check the digits." in e.value for e in at.error
    )  # shown as you type
    at.button(key="account.new.save").click().run()
    assert any("Not saved" in e.value for e in at.error)

    fresh = app().run()
    fresh.switch_page("views/account.py").run()
    assert fresh.text_input(key="account.new.holder_name").value == ""  # still the empty form: nothing saved


def test_what_ooma_still_needs_is_listed(account_page):
    at = account_page()
    fill(at, holder_name="Jordan Rivera", phone_numbers="650 555 0123")
    at.button(key="account.new.save").click().run()
    warning = " ".join(w.value for w in at.warning)
    assert "account number" in warning
    assert "service address" in warning
    assert "holder" not in warning


def test_with_two_accounts_the_one_to_cancel_is_confirmed_by_its_last_four_digits(app, account_page):
    at = account_page()
    fill(at, **VALID)
    at.button(key="account.new.save").click().run()
    fill(at, holder_name="Jordan Rivera", account_number="77770000", phone_numbers="408 555 0100")
    at.button(key="account.new.save").click().run()
    assert any("more than one account" in w.value for w in at.warning)

    at.selectbox(key="account.confirm.choice").select_index(0)
    at.text_input(key="account.confirm.last4").input("0000")
    at.button(key="account.confirm.button").click().run()
    assert any("not the last four" in e.value for e in at.error)

    at.text_input(key="account.confirm.last4").input("2342")
    at.button(key="account.confirm.button").click().run()
    assert [s.value for s in at.success] == ["Cancelling Basic account •••• 2342."]

    overview = app().run()
    assert "Basic •••• 2342" in [m.value for m in overview.metric]
