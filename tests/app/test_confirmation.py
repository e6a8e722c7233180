"""Confirmation numbers and the audit trail, driven like a person."""

from datetime import date, time, timedelta

from sqlmodel import Session, func, select

from ooma_cancel.models import Confirmation
from tests.tables import table_frame

PAGE = "views/confirmation.py"


def open_editor(at) -> None:
    """Open "Correct or remove a number" (its contents are drawn only while it is open)."""
    assert "confirmation.edit.choice" not in [w.key for w in at.selectbox]
    at.session_state["confirmation.edit.open"] = True
    at.run()


def open_page(app):
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def confirmations(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Confirmation)).one()


def trail(at):
    return table_frame(at.table[-1])


def test_the_primary_cancellation_number_is_shown_first(app, demo_case):
    at = open_page(app)
    assert at.code[0].value == "CX-118734"
    assert any(t.value.startswith("Received ") and "from Dana (ID 4471)" in t.value for t in at.text)
    listed = table_frame(at.table[0])
    assert list(listed["Number"]) == ["CX-118734"]
    assert list(listed["Confirms"]) == ["cancellation (primary)"]


def test_record_a_port_number_and_correct_it(app, demo_case, engine):
    at = open_page(app)
    at.text_input(key="confirmation.new0.number").input("  PORT-5521 ")
    at.selectbox(key="confirmation.new0.confirms").select("port")
    at.selectbox(key="confirmation.new0.channel").select("chat")
    at.date_input(key="confirmation.new0.day").set_value(date.today() - timedelta(days=1))
    at.time_input(key="confirmation.new0.time").set_value(time(10, 30))
    at.text_input(key="confirmation.new0.representative").input("Lee")
    at.button(key="confirmation.new0.save").click().run()
    assert not at.exception
    assert not at.error
    listed = table_frame(at.table[0])
    assert set(listed["Number"]) == {"CX-118734", "PORT-5521"}
    assert at.code[0].value == "CX-118734"  # a port number does not replace the cancellation number
    assert confirmations(engine) == 2

    open_editor(at)
    port_id = next(c for c in at.selectbox(key="confirmation.edit.choice").options if "PORT-5521" in c)
    at.selectbox(key="confirmation.edit.choice").select(port_id).run()
    chosen = at.selectbox(key="confirmation.edit.choice").value
    at.text_input(key=f"confirmation.edit{chosen}.number").input("PORT-5522")
    at.button(key=f"confirmation.edit{chosen}.save").click().run()
    assert "PORT-5522" in set(table_frame(at.table[0])["Number"])
    assert trail(at)["What changed"].iloc[0] == "Port confirmation number corrected."


def test_removing_a_number_asks_first_and_then_removes_only_that_one(app, demo_case, engine):
    at = open_page(app)
    at.text_input(key="confirmation.new0.number").input("WRONG-1")
    at.selectbox(key="confirmation.new0.confirms").select("refund")
    at.button(key="confirmation.new0.save").click().run()
    assert confirmations(engine) == 2
    open_editor(at)
    wrong = next(c for c in at.selectbox(key="confirmation.edit.choice").options if "WRONG-1" in c)
    at.selectbox(key="confirmation.edit.choice").select(wrong).run()
    # The remove button sits behind the confirmation, not beside the form's own save button.
    assert [b.label for b in at.button if b.key == "confirmation.edit.remove"] == ["Yes, remove it"]
    at.button(key="confirmation.edit.remove").click().run()
    assert not at.exception
    assert confirmations(engine) == 1
    assert list(table_frame(at.table[0])["Number"]) == ["CX-118734"]
    assert trail(at)["What changed"].iloc[0] == "Refund confirmation number removed."


def test_an_empty_number_is_refused_and_nothing_is_saved(app, demo_case, engine):
    at = open_page(app)
    at.text_input(key="confirmation.new0.number").input("   ")
    at.button(key="confirmation.new0.save").click().run()
    assert any("Enter the confirmation number" in e.value for e in at.error)
    assert confirmations(engine) == 1


def test_without_a_number_the_page_says_what_to_ask_for(app):
    at = app().run()
    at.text_input[0].input("Home")
    at.button[1].click().run()
    at.switch_page(PAGE).run()
    assert any("No cancellation confirmation number yet" in i.value for i in at.info)
    at.text_input(key="confirmation.new0.number").input("CX-1")
    at.button(key="confirmation.new0.save").click().run()
    assert at.code[0].value == "CX-1"
    assert at.text_input(key="confirmation.new1.number").value == ""  # a fresh form for the next number


def test_the_audit_trail_is_paged_and_filtered_by_stage(app, demo_case):
    at = open_page(app)
    first = trail(at)
    assert len(first) == 25  # a page, not the year of history
    assert at.button(key="confirmation.trail.newer").disabled
    at.button(key="confirmation.trail.older").click().run()
    second = trail(at)
    assert len(second) == 25
    assert not set(zip(second["When"], second["What changed"], strict=True)) & set(
        zip(first["When"], first["What changed"], strict=True)
    )
    assert any(c.value == "Events 26–50" for c in at.caption)

    at.selectbox(key="confirmation.trail.stage").select("equipment").run()
    equipment = trail(at)
    assert set(equipment["Stage"]) == {"Equipment return"}
    assert list(equipment["What changed"]) == ["Desk phone shipped with UPS."]
    assert any(c.value == "Events 1–1" for c in at.caption)  # back to the first page
    assert at.button(key="confirmation.trail.older").disabled
