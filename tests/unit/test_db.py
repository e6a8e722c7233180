import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from ooma_cancel.db import DEFAULT_URL, ENV_VAR, LOCK_WAIT_MS, make_engine, migrate, resolve_url


def test_the_environment_variable_wins():
    secrets = {"connections": {"ooma_cancel": {"url": "postgresql+psycopg://secret/db"}}}
    assert resolve_url({ENV_VAR: "sqlite:///x.db"}, secrets) == "sqlite:///x.db"


def test_the_streamlit_secret_comes_next():
    secrets = {"connections": {"ooma_cancel": {"url": " postgresql+psycopg://u@h/db "}}}
    assert resolve_url({ENV_VAR: "  "}, secrets) == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    "secrets", [None, {}, {"connections": {}}, {"connections": {"ooma_cancel": {"url": ""}}}]
)
def test_local_sqlite_is_the_default(secrets):
    assert resolve_url({}, secrets) == DEFAULT_URL == "sqlite:///data/ooma_cancel.db"


def test_sqlite_connections_get_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == LOCK_WAIT_MS >= 1_000


def test_the_sqlite_file_is_readable_by_its_owner_only(tmp_path: Path):
    path = tmp_path / "private.db"
    migrate(make_engine(f"sqlite:///{path}"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_migrations_create_every_table(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    migrate(engine)
    migrate(engine)  # a second start-up is a no-op
    tables = set(sa.inspect(engine).get_table_names())
    assert {"case", "account", "event", "ledgerentry", "billline", "finding", "alembic_version"} <= tables


def test_an_existing_world_readable_database_and_its_companions_are_made_private(tmp_path: Path):
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.begin() as connection:  # leaves a -wal and a -shm next to the file
        connection.exec_driver_sql("CREATE TABLE note (text TEXT)")
    engine.dispose()
    companions = [path, path.with_name("old.db-wal"), path.with_name("old.db-shm")]
    for file in companions:
        file.touch()
        file.chmod(0o644)  # as an older copy of the app, or a copy made by hand, left them

    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    assert [stat.S_IMODE(file.stat().st_mode) for file in companions] == [0o600, 0o600, 0o600]
    engine.dispose()
