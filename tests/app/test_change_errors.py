"""What a person sees when a change fails: their own mistake in the app's words, a bug as a generic apology."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from ooma_cancel.models import Case
from ooma_cancel.ui.session import BUG_MESSAGE
from tests.factories import local_app_case


def page(case_id: int, failure: str) -> None:
    """A page whose change renames the case and then fails the way ``failure`` says."""
    import streamlit as st

    from ooma_cancel.errors import UserError
    from ooma_cancel.store.cases import rename_case
    from ooma_cancel.ui.session import change, owner

    def rename_then_fail(session) -> str:  # (the script runs without this module's imports)
        rename_case(session=session, owner=owner(), case_id=case_id, title="Account 4815162342")
        if failure == "user":
            raise UserError("Between $5.00 and $10.00 is *not* accepted for 4815162342.")
        if failure == "key":
            return {"holder": "Jordan Rivera"}["4815162342"]  # a programming error
        if failure == "value":
            return int("account 4815162342")  # a ValueError that is a bug, not the person's input
        return "saved"

    if st.button("Save", key="fail.save"):
        st.text(f"result: {change(rename_then_fail, success='Saved.')}")


@pytest.fixture
def stored_case(db_url, monkeypatch):
    yield from local_app_case(db_url, monkeypatch)


def title(engine, case_id) -> str:
    with Session(engine) as session:
        return session.get(Case, case_id).title


def press(case_id: int, failure: str, caplog) -> AppTest:
    at = AppTest.from_function(page, args=(case_id, failure), default_timeout=30).run()
    with caplog.at_level(logging.DEBUG, logger="ooma_cancel"):
        at.button(key="fail.save").click().run()
    assert not at.exception
    return at


def test_a_user_error_shows_its_own_words_escaped_and_saves_nothing(stored_case, caplog):
    engine, case_id = stored_case
    at = press(case_id, "user", caplog)
    [error] = at.error
    # Both amounts stay literal (no maths between two $), the stars stay stars; the words are the person's.
    assert error.value == r"Between \$5.00 and \$10.00 is \*not\* accepted for 4815162342."
    assert [t.value for t in at.text] == ["result: None"]
    assert title(engine, case_id) == "Home"
    assert BUG_MESSAGE not in error.value
    assert "4815162342" not in caplog.text  # nothing to log: the person was told


@pytest.mark.parametrize("failure", ["key", "value"])
def test_a_programming_error_shows_the_generic_text_and_is_logged_without_the_data(
    stored_case, caplog, failure
):
    engine, case_id = stored_case
    at = press(case_id, failure, caplog)
    assert [e.value for e in at.error] == [BUG_MESSAGE]
    assert "nothing was saved" in BUG_MESSAGE
    assert [t.value for t in at.text] == ["result: None"]
    assert title(engine, case_id) == "Home"  # the rename before the bug was rolled back
    kind = {"key": "KeyError", "value": "ValueError"}[failure]
    assert f"unexpected {kind}" in caplog.text
    assert "in rename_then_fail" in caplog.text  # where it happened, for whoever fixes it
    assert "4815162342" not in caplog.text  # neither the message nor the values
    assert "Jordan" not in caplog.text


def test_a_change_that_works_is_saved(stored_case, caplog):
    engine, case_id = stored_case
    at = press(case_id, "none", caplog)
    assert [t.value for t in at.text] == ["result: saved"]
    assert not at.error
    assert title(engine, case_id) == "Account 4815162342"
