"""The database: where it is, how to connect, and how its schema is kept up to date.

Reads and writes are told apart at the start of each transaction. A unit of work (``unit_of_work``) is a write:
on SQLite it takes the write lock up front (``BEGIN IMMEDIATE``), so two writers queue instead of deadlocking.
Every other transaction is a read: a plain deferred ``BEGIN``, which in WAL mode runs beside a writer and never
waits for one. A write that still finds the database busy is retried briefly (``run_writing``) and then
reported as ``DatabaseBusy``.
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

log = logging.getLogger(__name__)
T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent


def _where_relative_paths_start(package_dir: Path, cwd: Path) -> Path:
    """The checkout when the package runs from one (``app.py`` and ``pyproject.toml`` beside it), else ``cwd``.

    Installed with ``pip install .`` the package sits in site-packages, which is no place for a database: there
    a relative SQLite path (and the default ``data/ooma_cancel.db``) is taken from the working directory.
    """
    checkout = package_dir.parent
    if (checkout / "app.py").is_file() and (checkout / "pyproject.toml").is_file():
        return checkout
    return cwd


ROOT = _where_relative_paths_start(PACKAGE_DIR, Path.cwd())
DEFAULT_URL = "sqlite:///data/ooma_cancel.db"
ENV_VAR = "OOMA_CANCEL_DATABASE_URL"
# How long one write waits for a lock (SQLite's write lock, a PostgreSQL row lock) before the database gives
# up; run_writing then tries it again.
LOCK_WAIT_MS = 5_000
# A server that does not answer is reported after this long instead of hanging the page (PostgreSQL).
CONNECT_TIMEOUT_S = 5
# Pauses before the 2nd and 3rd attempt of a write that found the database busy.
BUSY_RETRY_PAUSES_S = (0.1, 0.4)
# PostgreSQL connections per server: kept open, and opened for a burst on top (30 at most, as before; two
# replicas then hold up to 60 of the server's default 100).
POOL_SIZE = 20
POOL_OVERFLOW = 10
WRITES = "ooma_writes"  # execution option and session info key of a unit of work
PRIVATE_MODE = 0o600


def resolve_url(env: Mapping[str, str], secrets: Mapping[str, Any] | None = None) -> str:
    """The database URL: the environment variable, then the Streamlit secret, then local SQLite."""
    if env.get(ENV_VAR, "").strip():
        return env[ENV_VAR].strip()
    try:
        url = secrets["connections"]["ooma_cancel"]["url"]  # type: ignore[index]
    except (KeyError, TypeError):
        url = None
    if isinstance(url, str) and url.strip():
        return url.strip()
    return DEFAULT_URL


def _absolute_sqlite(url: sa.URL) -> sa.URL:
    """Relative SQLite paths start at ``ROOT``: the checkout, not wherever the app was started (installed: the cwd)."""
    database = url.database or ""
    if not database or database == ":memory:" or Path(database).is_absolute():
        return url
    path = ROOT / database
    path.parent.mkdir(parents=True, exist_ok=True)
    return url.set(database=str(path))


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url``; SQLite connections get WAL, foreign keys and a busy timeout."""
    from ooma_cancel.guards import install_session_guards

    install_session_guards()  # NUL bytes never reach the database; writers to one case take turns
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql":
            if "connect_timeout" not in parsed.query:
                connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
            if "options" not in parsed.query:
                # A write waiting for another's row lock gives up like SQLite's (reads take no row locks).
                connect_args["options"] = f"-c lock_timeout={LOCK_WAIT_MS}"
        # hide_parameters: an error's text must not carry account or phone numbers into logs.
        # The pool holds a connection per page run in progress: dozens of visitors at once, not five. It keeps
        # up to POOL_SIZE open between runs: a connection opened beyond them is closed when it is returned,
        # and opening one costs ~6 ms of this process's CPU (SCRAM sign-in) and a new server process.
        return sa.create_engine(
            parsed,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args=connect_args,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
        )

    parsed = _absolute_sqlite(parsed)
    in_memory = parsed.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {
        "connect_args": {"check_same_thread": False, "timeout": LOCK_WAIT_MS / 1000},
        "hide_parameters": True,
    }
    if in_memory:
        kwargs["poolclass"] = sa.StaticPool
    else:
        # SQLite connections are cheap; every page run in progress may hold one while it reads.
        kwargs.update(pool_size=20, max_overflow=40)
        make_private(Path(parsed.database or ""))
    engine = sa.create_engine(parsed, **kwargs)

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so BEGIN IMMEDIATE below takes effect.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get(WRITES):
            # A write takes the write lock at the start: two writers never deadlock upgrading a read lock.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            # A read takes no lock until it reads, and in WAL mode never blocks or waits for a writer.
            connection.exec_driver_sql("BEGIN")

    if not in_memory:
        database = Path(parsed.database or "")

        @sa.event.listens_for(engine, "connect")
        def _private_companions(_dbapi_connection: Any, _record: Any) -> None:
            # SQLite creates -wal and -shm with the database file's mode; ones left by an older copy may not be.
            for suffix in ("-wal", "-shm"):
                make_private(database.with_name(database.name + suffix), create=False)

    return engine


def make_private(path: Path, *, create: bool = True) -> None:
    """Make ``path`` readable and writable by its owner only (it holds account and phone numbers).

    A missing file is created empty with that mode (its directory too) unless ``create`` is false; an
    existing one more open than that is narrowed, so an older, world-readable database is closed up too.
    """
    if not path.exists():
        if not create:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_MODE)
        os.close(fd)
    if stat.S_IMODE(path.stat().st_mode) & ~PRIVATE_MODE:
        path.chmod(PRIVATE_MODE)


SCHEMA_LOCK_KEY = 0x6F6F6D61  # "ooma": the advisory lock that schema upgrades on PostgreSQL take in turn


def migrate(engine: sa.Engine) -> None:
    """Create or upgrade the schema to the newest Alembic revision."""
    from alembic import command

    with schema_change(engine) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def schema_change(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in one write transaction for changing the schema (two servers starting at once take turns).

    SQLite changes a column by rebuilding its table and dropping the old one, and with foreign keys on, that
    drop deletes the rows that refer to it (a bill's lines). So on SQLite they are off during the change (it
    can only be switched outside a transaction) and every reference is checked before the change commits.
    """
    with engine.execution_options(**{WRITES: True}).connect() as connection:
        raw = connection.connection.dbapi_connection if connection.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Replicas starting together on a new database: the second waits here, then finds the
                    # schema at head (without the lock both create the tables and one fails).
                    connection.execute(
                        sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY}
                    )
                yield connection
                if raw is not None and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError(
                        "the schema upgrade would leave broken references; nothing was changed"
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(PACKAGE_DIR / "migrations"))
    return config


@contextmanager
def unit_of_work(engine: sa.Engine) -> Iterator[Session]:
    """One write transaction: commit when the block ends, roll back everything when it raises.

    It locks what it changes from its start (SQLite's write lock; on PostgreSQL the case row it loads), so
    changes to one case run one after another. Use a plain ``Session(engine)`` for reads: it never locks.
    """
    writer = engine.execution_options(**{WRITES: True})
    with Session(writer, expire_on_commit=False, info={WRITES: True}) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class DatabaseBusy(Exception):
    """A write found the database busy (locked by other writers) on every attempt; nothing was changed."""


# PostgreSQL: lock_not_available, serialization_failure, deadlock_detected.
_BUSY_SQLSTATES = {"55P03", "40001", "40P01"}
# SQLite: SQLITE_BUSY, SQLITE_LOCKED (primary result codes; extended codes keep them in the low byte).
_BUSY_SQLITE_CODES = {5, 6}


def is_busy(error: BaseException) -> bool:
    """True when ``error`` says the database is busy with other work (worth retrying), not broken or gone."""
    original = getattr(error, "orig", None)
    if original is None:
        return False
    if getattr(original, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_SQLITE_CODES
    return "database is locked" in str(original) or "database table is locked" in str(original)


def run_writing(
    engine: sa.Engine, action: Callable[[Session], T], *, pauses: tuple[float, ...] = BUSY_RETRY_PAUSES_S
) -> T:
    """Run ``action`` in one unit of work; when the database is busy, roll back and try again after each pause.

    Raises ``DatabaseBusy`` when every attempt found it busy; any other error as it comes. ``action`` must do
    nothing outside the session, since it may run more than once.
    """
    for attempt in range(len(pauses) + 1):
        try:
            with unit_of_work(engine) as session:
                return action(session)
        except sa.exc.OperationalError as error:
            if not is_busy(error):
                raise
            if attempt == len(pauses):
                raise DatabaseBusy("the database stayed busy; nothing was changed") from error
            log.info("database busy, trying the write again (attempt %d)", attempt + 2)
            time.sleep(pauses[attempt])
    raise AssertionError("unreachable")  # pragma: no cover
