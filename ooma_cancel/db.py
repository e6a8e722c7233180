"""The database: where it is, how to connect, and how its schema is kept up to date."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "sqlite:///data/ooma_cancel.db"
ENV_VAR = "OOMA_CANCEL_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000


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
    """Relative SQLite paths are relative to the project, not to wherever the app was started."""
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
        # hide_parameters: an error's text must not carry account or phone numbers into logs.
        return sa.create_engine(parsed, pool_pre_ping=True, hide_parameters=True)

    parsed = _absolute_sqlite(parsed)
    in_memory = parsed.database in (None, "", ":memory:")
    kwargs: dict[str, Any] = {
        "connect_args": {"check_same_thread": False, "timeout": 30},
        "hide_parameters": True,
    }
    if in_memory:
        kwargs["poolclass"] = sa.StaticPool
    else:
        _create_private_file(Path(parsed.database or ""))
    engine = sa.create_engine(parsed, **kwargs)

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so BEGIN IMMEDIATE below takes effect.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(connection: sa.Connection) -> None:
        # Take the write lock at the start: two writers never deadlock upgrading a read lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _create_private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (it holds account and phone numbers)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def migrate(engine: sa.Engine) -> None:
    """Create or upgrade the schema to the newest Alembic revision."""
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


@contextmanager
def unit_of_work(engine: sa.Engine) -> Iterator[Session]:
    """One transaction: commit when the block ends, roll back everything when it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
