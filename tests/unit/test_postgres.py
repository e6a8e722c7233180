"""The schema on both databases: migrations reach the newest revision, twice over, and match the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from ooma_cancel.db import alembic_config, make_engine, migrate


def test_migrations_run_on_every_database_and_match_the_models(any_engine):
    migrate(any_engine)  # a second start-up is a no-op (the fixture ran the first)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with any_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    assert {"case", "account", "event", "billline", "finding"} <= set(
        sa.inspect(any_engine).get_table_names()
    )


def test_a_postgresql_url_gets_a_pool_that_checks_connections(any_db):
    engine = make_engine(any_db)
    if engine.dialect.name == "postgresql":
        assert engine.pool._pre_ping  # a connection dropped by the server is replaced, not handed out
        assert engine.dialect.driver == "psycopg"
    engine.dispose()
