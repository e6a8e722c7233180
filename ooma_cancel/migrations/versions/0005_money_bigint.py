"""money: 64-bit cent columns

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 11:45:00

A 32-bit column holds at most $21,474,836.47: a bill's disputed total can pass that, and PostgreSQL refused
the save where SQLite (whose integers are always 64-bit) kept it. Every money column becomes BIGINT; the values
are kept as they are. On SQLite each table is rebuilt (copied, then swapped in); ``ooma_cancel.db.migrate``
turns foreign keys off around the upgrade so that dropping the old table does not cascade into its children.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column) of every amount of money, in integer cents.
MONEY_COLUMNS = (
    ("equipmentitem", "non_return_fee_cents"),
    ("ledgerentry", "amount_cents"),
    ("billupload", "disputed_total_cents"),
    ("billline", "amount_cents"),
    ("finding", "disputed_cents"),
)


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    for table, column in MONEY_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=old, type_=new, existing_nullable=False)


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    # Values above $21,474,836.47 do not fit back: PostgreSQL refuses the downgrade rather than lose them.
    _retype(sa.BigInteger(), sa.Integer())
