"""opaque lead references: leads.ref (unique), back-filled; referrals name the lead by it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:45:00

Integer lead ids follow insertion order, and blind controls are inserted after the run that
screened them, so their ids sit above that run's leads: an analyst who saw ids could tell
controls apart. Every lead gets a random reference (``screening.store.models.new_lead_ref``)
that carries no order; analysts see and address leads only by it. Existing rows are back-filled
here, one random draw per row. Stored referral payloads name the lead by its reference from now
on (schema ``screening.referral/2``); the downgrade puts the integer id back.
"""
import sqlalchemy as sa
from alembic import op

from screening.store.models import new_lead_ref

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_leads = sa.table('leads', sa.column('id', sa.Integer()), sa.column('ref', sa.String()))
_referrals = sa.table('referrals', sa.column('id', sa.Integer()), sa.column('lead_id', sa.Integer()),
                      sa.column('payload', sa.JSON()))


def upgrade() -> None:
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref', sa.String(length=14), nullable=True))
    conn = op.get_bind()
    ids = conn.execute(sa.select(_leads.c.id).order_by(_leads.c.id)).scalars().all()
    refs: dict[int, str] = {}
    taken: set[str] = set()
    for lead_id in ids:
        ref = new_lead_ref()
        while ref in taken:   # 60 random bits: a repeat is only theoretical
            ref = new_lead_ref()
        refs[lead_id] = ref
        taken.add(ref)
        conn.execute(_leads.update().where(_leads.c.id == lead_id).values(ref=ref))
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.alter_column('ref', existing_type=sa.String(length=14), nullable=False)
        batch_op.create_unique_constraint('uq_leads_ref', ['ref'])
    _rewrite_referrals(conn, lambda lead_id, lead: {
        "ref": refs[lead_id], **{k: v for k, v in lead.items() if k not in ("id", "ref")}},
        "screening.referral/2")


def downgrade() -> None:
    conn = op.get_bind()
    _rewrite_referrals(conn, lambda lead_id, lead: {
        "id": lead_id, **{k: v for k, v in lead.items() if k not in ("id", "ref")}},
        "screening.referral/1")
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_constraint('uq_leads_ref', type_='unique')
        batch_op.drop_column('ref')


def _rewrite_referrals(conn, lead_part, schema: str) -> None:
    rows = conn.execute(sa.select(_referrals.c.id, _referrals.c.lead_id, _referrals.c.payload)).all()
    for rid, lead_id, payload in rows:
        payload = dict(payload or {})
        if isinstance(payload.get("lead"), dict):
            payload["lead"] = lead_part(lead_id, payload["lead"])
        if "schema" in payload:
            payload["schema"] = schema
        conn.execute(_referrals.update().where(_referrals.c.id == rid).values(payload=payload))
