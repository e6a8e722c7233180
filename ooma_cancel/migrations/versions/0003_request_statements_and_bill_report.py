"""request statements, billing day, bill report and dispute follow-up

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:13:17.454036

Existing rows get defaults: nothing stated yet, an empty report.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import ooma_cancel.models


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('billupload', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('dispute_follow_up_on', sa.Date(), nullable=True))

    with op.batch_alter_table('cancellationrequest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('states_intent', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('asks_written_confirmation', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('asks_final_bill_and_equipment', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('enddate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('billing_day', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('enddate', schema=None) as batch_op:
        batch_op.drop_column('billing_day')

    with op.batch_alter_table('cancellationrequest', schema=None) as batch_op:
        batch_op.drop_column('asks_final_bill_and_equipment')
        batch_op.drop_column('asks_written_confirmation')
        batch_op.drop_column('states_intent')

    with op.batch_alter_table('billupload', schema=None) as batch_op:
        batch_op.drop_column('dispute_follow_up_on')
        batch_op.drop_column('report')

