"""identity sign-outs and app secrets

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:00:00

identitysignout: per signed-in identity, the moment before which its identity cookies are refused (set by
"Sign out" and "Delete everything of mine"). appsecret: secrets the app makes for itself once per database,
such as the key of the check that workspace links carry. Both start empty; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ooma_cancel.models

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "identitysignout",
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("cookies_before", ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner"),
    )
    op.create_table(
        "appsecret",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("appsecret")
    op.drop_table("identitysignout")
