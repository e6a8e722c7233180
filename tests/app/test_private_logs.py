"""The server's logs never hold an account number, a phone number or an address, whatever the visitor does."""

from __future__ import annotations

import logging
import re

import pytest

from ooma_cancel.ui.nav import PAGES
from tests.app.test_hostile_input import SAVE, press

SECRETS = ("4815162342", "6505550123", "650) 555-0123", "100 Example Street")


@pytest.fixture
def every_log_line():
    """Everything the app and Streamlit log, at every level (Streamlit's loggers do not propagate to root)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("ooma_cancel", "streamlit", "alembic", "")]
    levels = [logger.level for logger in loggers]
    for logger in loggers[:-1]:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    loggers[-1].addHandler(handler)  # root at its own level: SQL echo stays off, as deployed
    yield records
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def text_of(records: list[logging.LogRecord]) -> str:
    lines = []
    for record in records:
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def test_walking_the_sample_case_through_every_page_logs_nothing_private(app, demo_case, every_log_line):
    at = app().run()
    for page in PAGES:
        at.switch_page(page.path).run()
        assert not at.exception, page.path
        press(at, re.compile(r"^edit$", re.IGNORECASE), page.path)
        press(at, SAVE, page.path)  # saving the sample's own values again writes them through every store
    logged = text_of(every_log_line)
    assert [secret for secret in SECRETS if secret in logged] == []


def test_a_failed_write_logs_its_kind_not_its_values(app, demo_case, every_log_line, monkeypatch):
    """A rejected statement's text carries its parameters: change() logs only what kind of error it was."""
    import sqlalchemy as sa

    from ooma_cancel import store

    def refuse(**_kwargs):
        raise sa.exc.IntegrityError("UPDATE account SET account_number=?", ("4815162342",), Exception("boom"))

    monkeypatch.setattr(store, "save_account", refuse)  # what the account page calls
    at = app().run()
    at.switch_page("views/account.py").run()
    press(at, re.compile(r"^edit$", re.IGNORECASE), "account")
    press(at, re.compile(r"^save account$", re.IGNORECASE), "account")
    assert any("could not be saved" in e.value for e in at.error)
    logged = text_of(every_log_line)
    assert "database write failed: IntegrityError" in logged
    assert "4815162342" not in logged
