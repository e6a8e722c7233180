"""finding: one row per flagged line, with all of its flags

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:30:00

A bill line can carry several flags (a duplicate charged after the end date); its disputed amount is one
number, so a finding holds the line's flags together instead of one flag per row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.alter_column(
            "flag",
            new_column_name="flags",
            existing_type=sa.String(length=40),
            type_=sa.String(length=200),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.alter_column(
            "flags",
            new_column_name="flag",
            existing_type=sa.String(length=200),
            type_=sa.String(length=40),
            existing_nullable=False,
        )
