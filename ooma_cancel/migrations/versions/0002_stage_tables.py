"""stage tables: port, support, request, equipment, ledger, confirmations, end date, bill, profile overrides

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 11:58:50.893928
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ooma_cancel.models


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('billupload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('uploaded_at', ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('disputed_total_cents', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'sha256')
    )
    with op.batch_alter_table('billupload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_billupload_case_id'), ['case_id'], unique=False)
    op.create_table('cancellationrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('requested_end_on', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('tracking_number', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('rejected_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('letter_text', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    op.create_table('enddate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('gap_plan', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    op.create_table('equipmentitem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('serial', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('leased', sa.Boolean(), nullable=False),
    sa.Column('return_required', sa.Boolean(), nullable=False),
    sa.Column('non_return_fee_cents', sa.Integer(), nullable=False),
    sa.Column('return_window_days', sa.Integer(), nullable=True),
    sa.Column('label_received', sa.Boolean(), nullable=False),
    sa.Column('shipped_on', sa.Date(), nullable=True),
    sa.Column('carrier', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('tracking_number', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('proof_note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('equipmentitem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipmentitem_case_id'), ['case_id'], unique=False)
    op.create_table('interaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('representative', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_case_id'), ['case_id'], unique=False)
    op.create_table('ledgerentry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('entry_on', sa.Date(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledgerentry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledgerentry_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledgerentry_entry_on'), ['entry_on'], unique=False)
    op.create_table('portrecord',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('keep_number', sa.Boolean(), nullable=True),
    sa.Column('new_carrier', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('numbers', sa.JSON(), nullable=False),
    sa.Column('account_number_ready', sa.Boolean(), nullable=False),
    sa.Column('pin_obtained', sa.Boolean(), nullable=False),
    sa.Column('name_address_match', sa.Boolean(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.Column('foc_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )
    op.create_table('profileoverride',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'key')
    )
    with op.batch_alter_table('profileoverride', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profileoverride_case_id'), ['case_id'], unique=False)
    op.create_table('billline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('line_on', sa.Date(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['upload_id'], ['billupload.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('billline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_billline_upload_id'), ['upload_id'], unique=False)
    op.create_table('confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('received_at', ooma_cancel.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('representative', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('confirms', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interaction.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('confirmation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_confirmation_case_id'), ['case_id'], unique=False)
    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('flag', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('disputed_cents', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['billline.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_line_id'), ['line_id'], unique=False)
    op.create_index('ix_ledgerentry_case_day', 'ledgerentry', ['case_id', 'entry_on'])
    op.create_index('ix_event_case_at', 'event', ['case_id', 'at'])


def downgrade() -> None:
    op.drop_index('ix_event_case_at', table_name='event')
    op.drop_index('ix_ledgerentry_case_day', table_name='ledgerentry')
    op.drop_index('ix_finding_line_id', table_name='finding')
    op.drop_table('finding')
    op.drop_index('ix_confirmation_case_id', table_name='confirmation')
    op.drop_table('confirmation')
    op.drop_index('ix_billline_upload_id', table_name='billline')
    op.drop_table('billline')
    op.drop_index('ix_profileoverride_case_id', table_name='profileoverride')
    op.drop_table('profileoverride')
    op.drop_table('portrecord')
    op.drop_index('ix_ledgerentry_case_id', table_name='ledgerentry')
    op.drop_index('ix_ledgerentry_entry_on', table_name='ledgerentry')
    op.drop_table('ledgerentry')
    op.drop_index('ix_interaction_case_id', table_name='interaction')
    op.drop_table('interaction')
    op.drop_index('ix_equipmentitem_case_id', table_name='equipmentitem')
    op.drop_table('equipmentitem')
    op.drop_table('enddate')
    op.drop_table('cancellationrequest')
    op.drop_index('ix_billupload_case_id', table_name='billupload')
    op.drop_table('billupload')
