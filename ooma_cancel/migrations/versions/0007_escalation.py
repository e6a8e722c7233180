"""escalation: card or bank dispute, statement dates of disputed charges, complaints filed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 15:00:00

Three new tables for stage 8b; they start empty and nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("payment_method", text(length=30), nullable=False),
        sa.Column("issuer_name", text(length=200), nullable=False),
        sa.Column("card_last4", text(length=4), nullable=False),
        sa.Column("ooma_disputed_on", sa.Date(), nullable=True),
        sa.Column("waiting_days", sa.Integer(), nullable=False),
        sa.Column("asked_now", sa.Boolean(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("outcome", text(length=20), nullable=False),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("credited_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_table(
        "chargestatement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("statement_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["line_id"], ["billline.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("line_id"),
    )
    op.create_index(op.f("ix_chargestatement_case_id"), "chargestatement", ["case_id"], unique=False)
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("place", text(length=20), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("reference", text(length=100), nullable=False),
        sa.Column("note", text(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_complaint_case_id"), "complaint", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_complaint_case_id"), table_name="complaint")
    op.drop_table("complaint")
    op.drop_index(op.f("ix_chargestatement_case_id"), table_name="chargestatement")
    op.drop_table("chargestatement")
    op.drop_table("escalation")
