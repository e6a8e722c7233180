"""Alembic environment: the schema is SQLModel's metadata; SQLite gets batch mode for ALTER TABLE."""

from alembic import context
from sqlmodel import SQLModel

import ooma_cancel.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from ooma_cancel.db import make_engine, resolve_url, schema_change

target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    import os

    with schema_change(make_engine(resolve_url(os.environ))) as fresh:
        run_migrations(fresh)
