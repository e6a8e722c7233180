"""The schema upgrades in place: an empty database, and one at the previous revision that holds data."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from ooma_cancel.db import alembic_config, make_engine, migrate, schema_change
from tests.conftest import fresh_postgres_database, postgres_server_url


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade_to(engine: sa.Engine, revision: str) -> None:
    with schema_change(engine) as connection:
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


# Amounts just inside a 32-bit column, either way (2**31 - 1 and -2**31): the upgrade to 64-bit columns must
# keep them exactly.
NEAR_32_BIT = 2_147_483_647
MONEY_ROWS_AT_0004 = [
    'INSERT INTO "case" (id, owner, title, created_at, updated_at) '
    "VALUES (1, 'local', 'Old case', '2026-01-02 03:04:05', '2026-01-02 03:04:05')",
    "INSERT INTO equipmentitem (id, case_id, kind, serial, leased, return_required, non_return_fee_cents, "
    "label_received, carrier, tracking_number, proof_note) "
    "VALUES (1, 1, 'Telo', 'S1', TRUE, TRUE, 12999, FALSE, '', '', '')",
    "INSERT INTO ledgerentry (id, case_id, entry_on, kind, description, amount_cents) "
    "VALUES (1, 1, '2026-01-01', 'charge', 'Service', 2147483647), "
    "(2, 1, '2026-01-02', 'payment', 'Paid', -2147483648)",
    "INSERT INTO billupload (id, case_id, filename, sha256, uploaded_at, mapping, disputed_total_cents, report) "
    "VALUES (1, 1, 'bill.csv', 'abc', '2026-01-02 03:04:05', '{}', 2147483647, '{}')",
    "INSERT INTO billline (id, upload_id, line, description, amount_cents, category) "
    "VALUES (1, 1, 2, 'Service', 2147483647, ''), (2, 1, 3, 'Refund', -500, '')",
    "INSERT INTO finding (id, line_id, flags, disputed_cents, reason) VALUES (1, 1, 'after_end_date', 2147483647, '')",
]
MONEY_NOW = [
    "SELECT non_return_fee_cents FROM equipmentitem",
    "SELECT amount_cents FROM ledgerentry ORDER BY id",
    "SELECT disputed_total_cents FROM billupload",
    "SELECT amount_cents FROM billline ORDER BY id",
    "SELECT disputed_cents FROM finding",
]


def test_money_at_revision_0004_is_kept_exactly_by_the_64_bit_upgrade_on_every_database(any_db):
    engine = make_engine(any_db)
    upgrade_to(engine, "0004")
    with engine.begin() as connection:
        for statement in MONEY_ROWS_AT_0004:
            connection.exec_driver_sql(statement)
    migrate(engine)
    with engine.connect() as connection:
        assert [[row[0] for row in connection.exec_driver_sql(query)] for query in MONEY_NOW] == [
            [12999],
            [NEAR_32_BIT, -NEAR_32_BIT - 1],
            [NEAR_32_BIT],
            [NEAR_32_BIT, -500],  # the bill's lines survived their upload's table being rebuilt
            [NEAR_32_BIT],
        ]
    # Past $21,474,836.47 now fits: a disputed total of $50,000,000.00.
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE billupload SET disputed_total_cents = 5000000000")
    with engine.connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT disputed_total_cents FROM billupload").scalar()
            == 5_000_000_000
        )
    # The rebuilt tables still hang together: deleting the case deletes its bill, lines and findings.
    with engine.begin() as connection:
        connection.exec_driver_sql('DELETE FROM "case"')
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM billline").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM finding").scalar() == 0
    engine.dispose()


@pytest.fixture
def new_postgres_database() -> Iterator[str]:
    yield from fresh_postgres_database(postgres_server_url())


@pytest.mark.postgres
def test_two_servers_upgrading_a_new_postgresql_database_at_once_both_succeed(new_postgres_database: str):
    """Replicas whose first visitors arrive together: one creates the schema, the others wait and find it."""
    engines = [make_engine(new_postgres_database) for _ in range(4)]
    start = threading.Barrier(len(engines))
    failures: list[BaseException] = []

    def upgrade(engine: sa.Engine) -> None:
        start.wait()
        try:
            migrate(engine)
        except BaseException as error:  # collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=upgrade, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with engines[0].connect() as connection:
        assert (
            connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == revisions()[-1]
        )
    for engine in engines:
        engine.dispose()
