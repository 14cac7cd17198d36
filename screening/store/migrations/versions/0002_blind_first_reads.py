"""blind first reads: leads.blind_first_read and the first_reads table

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:10:00

Controls that are still open when this runs become blind first-read items (they were meant to
be blind; from now on the page also hides that they carry no evidence). Real leads are not
sampled here: ``screening audit controls sample --since ...`` tops up the equal-sized sample.
"""
import sqlalchemy as sa
from alembic import op

import screening.store.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blind_first_read', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table('first_reads',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('lead_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('concerning', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('read_by', sa.String(length=100), nullable=False),
    sa.Column('read_at', screening.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('lead_id', name='uq_first_reads_lead')
    )
    with op.batch_alter_table('first_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_first_reads_read_at'), ['read_at'], unique=False)
    leads = sa.table('leads', sa.column('blind_first_read', sa.Boolean()),
                     sa.column('is_control', sa.Boolean()), sa.column('status', sa.String()))
    op.execute(leads.update().where(leads.c.is_control.is_(True), leads.c.status == 'open')
               .values(blind_first_read=True))


def downgrade() -> None:
    with op.batch_alter_table('first_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_first_reads_read_at'))
    op.drop_table('first_reads')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_column('blind_first_read')
