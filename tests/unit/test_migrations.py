"""The schema upgrades in place: an empty database, and one at the previous revision that holds data."""

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from ooma_cancel.db import alembic_config, make_engine, migrate


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade_to(engine: sa.Engine, revision: str) -> None:
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_an_empty_database_is_upgraded_to_head(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(engine)
    with engine.connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == revisions()[-1]
        )


def test_data_at_the_previous_revision_survives_the_upgrade(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    previous = revisions()[-2]
    upgrade_to(engine, previous)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            'INSERT INTO "case" (id, owner, title, created_at, updated_at) '
            "VALUES (1, 'local', 'Old case', '2026-01-02 03:04:05', '2026-01-02 03:04:05')"
        )
        connection.exec_driver_sql(
            "INSERT INTO account (id, case_id, holder_name, account_number, phone_numbers, street, city, region, "
            "postal_code, country, email, plan, bundled_services, fixed_term, updated_at) VALUES (1, 1, 'Ann', "
            "'12345678', '[\"+16505550123\"]', '', '', '', '', 'US', '', 'Basic', '[]', 0, '2026-01-02 03:04:05')"
        )
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql('SELECT title FROM "case"').scalar() == "Old case"
        assert connection.exec_driver_sql("SELECT account_number FROM account").scalar() == "12345678"
        assert (
            connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == revisions()[-1]
        )
    # The tables the upgrade added work with the old rows (foreign keys included).
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO ledgerentry (case_id, entry_on, kind, description, amount_cents) "
            "VALUES (1, '2026-01-01', 'charge', 'Service', 999)"
        )


def test_the_models_and_the_migrations_agree(tmp_path: Path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    engine = make_engine(f"sqlite:///{tmp_path / 'cmp.db'}")
    migrate(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []
