"""initial schema: cases, accounts, audit trail

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 11:58:50.893928
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ooma_cancel.models


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('confirmed_account_id', sa.Integer(), nullable=True),
    sa.Column('created_at', ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_owner'), ['owner'], unique=False)
    op.create_table('account',
    sa.Column('holder_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('account_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('phone_numbers', sa.JSON(), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('plan', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('bundled_services', sa.JSON(), nullable=False),
    sa.Column('fixed_term', sa.Boolean(), nullable=False),
    sa.Column('term_ends_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_case_id'), ['case_id'], unique=False)
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_event_case_id', table_name='event')
    op.drop_table('event')
    op.drop_index('ix_account_case_id', table_name='account')
    op.drop_table('account')
    op.drop_index('ix_case_owner', table_name='case')
    op.drop_table('case')
