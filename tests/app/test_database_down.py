"""When the case database is down or busy, a visitor reads one plain sentence, never a database error, and the
app carries on by itself once the database is back."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from ooma_cancel import db, store
from ooma_cancel.db import ENV_VAR, make_engine, migrate, unit_of_work
from ooma_cancel.owner import LOCAL_OWNER, MODE_VAR
from ooma_cancel.store.cases import create_case
from ooma_cancel.ui.nav import PAGES
from ooma_cancel.ui.session import BUSY_MESSAGE, READ_FAILED_TEXT, UNREACHABLE_TEXT, UNREACHABLE_TITLE
from tests.conftest import APP, fresh_postgres_database, postgres_server_url

SECRET = "4815162342"  # an account number that must never reach the page or the log


def page_text(at: AppTest) -> str:
    """Everything a visitor reads on the page (titles, text, messages)."""
    parts = [
        e.value
        for kind in ("title", "markdown", "error", "warning", "info", "text")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(part) for part in parts)


def shows_the_plain_page(at: AppTest) -> bool:
    return (
        not at.exception
        and [t.value for t in at.title] == [UNREACHABLE_TITLE]
        and UNREACHABLE_TEXT in page_text(at)
        and not at.sidebar.selectbox  # no case switcher, no menu of pages that cannot open
    )


def run_app(url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(ENV_VAR, url)
    monkeypatch.setenv(MODE_VAR, "local")
    return AppTest.from_file(APP, default_timeout=30).run()


def test_every_page_shows_one_plain_page_while_the_database_cannot_be_opened(tmp_path, monkeypatch):
    blocker = tmp_path / "disk"
    blocker.write_text("a file where the database's folder should be")
    at = run_app(f"sqlite:///{blocker / 'cases.db'}", monkeypatch)
    assert shows_the_plain_page(at)
    for page in PAGES:
        at.switch_page(page.path).run()
        assert shows_the_plain_page(at), page.path

    # The disk comes back: the next run is the app again, nothing to restart.
    blocker.unlink()
    at.run()
    assert not at.exception
    assert UNREACHABLE_TITLE not in page_text(at)
    assert at.sidebar.button  # the app's sidebar is back


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def test_a_postgresql_server_that_refuses_connections_gets_the_plain_page(monkeypatch):
    at = run_app(f"postgresql+psycopg://ooma:secret@127.0.0.1:{closed_port()}/ooma", monkeypatch)
    assert shows_the_plain_page(at)
    at.switch_page("views/balance.py").run()
    assert shows_the_plain_page(at)
    assert "secret" not in page_text(at)
    assert "psycopg" not in page_text(at)


class Outage:
    """A TCP relay to the database server that can be cut (every connection dropped) and restored on the
    same port, as a server restart or a network cut would."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = closed_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        assert self.listener is not None
        # shutdown, not just close: another thread is blocked in accept() or recv() on each of them.
        for sock in (self.listener, *self.sockets):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def postgres_database():
    yield from fresh_postgres_database(postgres_server_url())


@pytest.mark.postgres
def test_a_postgresql_outage_shows_the_plain_page_and_the_app_comes_back_by_itself(
    postgres_database, monkeypatch
):
    real = sa.make_url(postgres_database)
    outage = Outage(real.host or "127.0.0.1", real.port or 5432)
    try:
        via_relay = real.set(host="127.0.0.1", port=outage.port).render_as_string(hide_password=False)
        at = run_app(via_relay, monkeypatch)
        assert not at.exception
        assert UNREACHABLE_TITLE not in page_text(at)

        outage.cut()  # the server goes away while the app is running
        at.switch_page("views/balance.py").run()
        assert shows_the_plain_page(at)

        outage.restore()  # and comes back
        at.switch_page("views/balance.py").run()
        assert not at.exception
        assert "Outstanding balance" in [t.value for t in at.title]
    finally:
        outage.cut()


def test_a_failed_read_in_the_middle_of_a_page_is_one_plain_sentence(app, monkeypatch, caplog):
    def case_titles_and_versions(
        **_: object,
    ) -> tuple:  # the sidebar's case switcher reads it first on every run
        raise sa.exc.OperationalError("SELECT * FROM case WHERE account = ?", (SECRET,), Exception(SECRET))

    at = app().run()
    monkeypatch.setattr(store, "case_titles_and_versions", case_titles_and_versions)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [f"{UNREACHABLE_TITLE}. {READ_FAILED_TEXT}"]
    assert SECRET not in page_text(at)
    assert SECRET not in caplog.text


# --- A busy database ----------------------------------------------------------------------------------------


def rename_page(case_id: int) -> None:
    """A page with one change: rename the case."""
    import streamlit as st

    from ooma_cancel.store.cases import rename_case
    from ooma_cancel.ui.session import change, engine, owner

    engine()  # the app's engine is ready before anyone presses a button
    if st.button("Save", key="busy.save"):
        result = change(
            lambda session: (
                rename_case(session=session, owner=owner(), case_id=case_id, title="Renamed").title
            ),
            success="Saved.",
        )
        st.text(f"result: {result}")


def test_a_save_that_meets_a_busy_database_is_retried_then_refused_in_words(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(db, "LOCK_WAIT_MS", 50)  # each attempt gives up quickly
    path = tmp_path / "busy.db"
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{path}")
    monkeypatch.setenv(MODE_VAR, "local")
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with unit_of_work(engine) as session:
        case_id = create_case(session=session, owner=LOCAL_OWNER, title="Home").id
    at = AppTest.from_function(rename_page, args=(case_id,), default_timeout=30).run()

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock throughout
    try:
        at.button(key="busy.save").click().run()
    finally:
        other.rollback()
        other.close()
    assert not at.exception
    assert [e.value for e in at.error] == [BUSY_MESSAGE]
    assert [t.value for t in at.text] == ["result: None"]
    assert not at.toast
    assert "locked" not in page_text(at)

    at.button(key="busy.save").click().run()  # the lock is gone: the same save goes through
    assert [t.value for t in at.text] == ["result: Renamed"]
    assert not at.error
    engine.dispose()
