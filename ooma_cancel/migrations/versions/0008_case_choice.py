"""case choice: the case a person last chose, for a new tab opened without ``?case=``

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:00:00

casechoice: per owner, the case last chosen in the sidebar (or created, or imported); deleted with its case.
It starts empty (a person without a choice sees their newest case, as before); nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ooma_cancel.models

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "casechoice",
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("chosen_at", ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("owner"),
    )
    op.create_index(op.f("ix_casechoice_case_id"), "casechoice", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_casechoice_case_id"), table_name="casechoice")
    op.drop_table("casechoice")
