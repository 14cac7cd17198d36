"""The store on SQLite and PostgreSQL: schema, upserts, quarantine, audit chain."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import select, text, update

from screening.store import audit, repository
from screening.store.db import get_engine, session_scope
from screening.store.models import AuditEvent, Document


def test_migrated_schema_matches_models(store_settings):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from screening.store.models import Base

    with get_engine(store_settings).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_twice_is_a_no_op(store_settings):
    from screening.store.db import migrate

    migrate(store_settings)
    with session_scope(store_settings) as s:
        assert s.execute(text("select count(*) from audit_head")).scalar_one() == 1


@pytest.mark.parametrize(
    "second_text, outcome",
    [
        ("first text", "duplicate"),
        ("edited upstream", "updated"),
    ],
)
def test_upsert_keyed_on_source_and_external_id(store_settings, second_text, outcome):
    with session_scope(store_settings) as s:
        src = repository.get_or_create_source(s, "forum", "forum_export")
        first = repository.upsert_document(s, src, external_id="a1", text="first text",
                                           consent_basis="public_post")
        again = repository.upsert_document(s, src, external_id="a1", text=second_text,
                                           consent_basis="public_post")
        assert first[1] == "inserted"
        assert again == (first[0], outcome)
        docs = s.execute(select(Document)).scalars().all()
        assert [d.text for d in docs] == [second_text]


def test_same_external_id_in_two_sources_are_two_documents(store_settings):
    with session_scope(store_settings) as s:
        a = repository.get_or_create_source(s, "a", "cli")
        b = repository.get_or_create_source(s, "b", "cli")
        ids = {repository.upsert_document(s, src, external_id="1", text="t",
                                          consent_basis="public_post")[0] for src in (a, b)}
        assert len(ids) == 2


def test_quarantine_keeps_payload_once(store_settings):
    with session_scope(store_settings) as s:
        assert repository.quarantine(s, "tips", {"text": None}, "missing_text") is True
        assert repository.quarantine(s, "tips", {"text": None}, "missing_text") is False
        assert repository.counts(s)["quarantine"] == 1


def test_datetimes_come_back_aware_utc(store_settings):
    posted = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    with session_scope(store_settings) as s:
        src = repository.get_or_create_source(s, "x", "cli")
        repository.upsert_document(s, src, external_id="1", text="t",
                                   consent_basis="public_post", posted_at=posted)
    with session_scope(store_settings) as s:
        doc = s.execute(select(Document)).scalar_one()
        assert doc.posted_at == posted and doc.posted_at.tzinfo is not None


def _three_events(settings):
    with session_scope(settings) as s:
        for i in range(3):
            audit.record(s, "alice", "lead.view", "lead", i, {"n": i, "when": datetime(2026, 1, 1, tzinfo=UTC)})


def test_audit_chain_verifies(store_settings):
    _three_events(store_settings)
    with session_scope(store_settings) as s:
        report = audit.verify_chain(s)
    assert report.ok and report.checked == 3


@pytest.mark.parametrize(
    "tamper, broken_at",
    [
        ("edit_details", 2),
        ("edit_actor", 1),
        ("delete_middle", 3),
        ("delete_last", 3),
    ],
)
def test_audit_tampering_is_caught(store_settings, tamper, broken_at):
    _three_events(store_settings)
    with session_scope(store_settings) as s:
        ids = s.execute(select(AuditEvent.id).order_by(AuditEvent.id)).scalars().all()
        if tamper == "edit_details":
            s.execute(update(AuditEvent).where(AuditEvent.id == ids[1]).values(details={"n": 99}))
        elif tamper == "edit_actor":
            s.execute(update(AuditEvent).where(AuditEvent.id == ids[0]).values(actor="mallory"))
        elif tamper == "delete_middle":
            s.execute(AuditEvent.__table__.delete().where(AuditEvent.id == ids[1]))
        elif tamper == "delete_last":
            s.execute(AuditEvent.__table__.delete().where(AuditEvent.id == ids[2]))
    with session_scope(store_settings) as s:
        report = audit.verify_chain(s)
    assert not report.ok
    assert report.broken_at == ids[broken_at - 1]


def test_migration_0002_reads_open_controls_blind_and_downgrades(store_settings):
    """Open controls become blind first-read items; decided controls and leads do not."""
    from alembic import command

    from screening.store.db import _alembic_config, migrate
    from screening.store.models import Lead

    command.downgrade(_alembic_config(store_settings), "0001")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with session_scope(store_settings) as s:
        src = repository.get_or_create_source(s, "forum", "cli")
        run = repository.start_run(s, "m1", "r1", "h", "test")
        rows = [("open", True), ("dismissed", True), ("open", False)]   # (status, is_control)
        for i, (status, is_control) in enumerate(rows):
            doc_id, _ = repository.upsert_document(s, src, external_id=f"m{i}", text="t",
                                                   consent_basis="public_post")
            s.execute(text(
                "INSERT INTO leads (document_id, run_id, score, indicators, evidence, context, "
                "model_version, rules_version, disclaimer, status, is_control, created_at) VALUES "
                "(:d, :r, 0.1, '[]', '[]', '[]', 'm1', 'r1', 'x', :st, :c, :t)"),
                {"d": doc_id, "r": run.id, "st": status, "c": is_control, "t": now})
    migrate(store_settings)
    with session_scope(store_settings) as s:
        got = s.execute(select(Lead.status, Lead.is_control, Lead.blind_first_read).order_by(Lead.id)).all()
    assert [tuple(r) for r in got] == [("open", True, True), ("dismissed", True, False), ("open", False, False)]


_LEADS_0002 = sa.table(
    "leads", sa.column("id", sa.Integer()), sa.column("document_id", sa.Integer()),
    sa.column("run_id", sa.Integer()), sa.column("score", sa.Float()),
    sa.column("indicators", sa.JSON()), sa.column("evidence", sa.JSON()), sa.column("context", sa.JSON()),
    sa.column("model_version", sa.String()), sa.column("rules_version", sa.String()),
    sa.column("disclaimer", sa.Text()), sa.column("status", sa.String()), sa.column("is_control", sa.Boolean()),
    sa.column("created_at", sa.DateTime(timezone=True)))
_DISPOSITIONS = sa.table(
    "dispositions", sa.column("id", sa.Integer()), sa.column("lead_id", sa.Integer()),
    sa.column("decision", sa.String()), sa.column("decided_by", sa.String()),
    sa.column("decided_at", sa.DateTime(timezone=True)))
_REFERRALS = sa.table(
    "referrals", sa.column("id", sa.Integer()), sa.column("lead_id", sa.Integer()),
    sa.column("disposition_id", sa.Integer()), sa.column("payload", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)))


@pytest.mark.parametrize("n_leads, n_controls, referred", [
    (0, 0, []),
    (1, 0, [0]),
    (12, 5, [3, 14]),     # controls come last, with the higher ids, as the sampler makes them
])
def test_migration_0003_backfills_unique_refs_and_names_referred_leads_by_ref(
        store_settings, n_leads, n_controls, referred):
    from alembic import command

    from screening.store.db import _alembic_config, migrate
    from screening.store.models import LEAD_REF_RE, Lead, Referral

    cfg = _alembic_config(store_settings)
    command.downgrade(cfg, "0002")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with session_scope(store_settings) as s:
        src = repository.get_or_create_source(s, "forum", "cli")
        run = repository.start_run(s, "m1", "r1", "h", "test")
        ids = []
        for i in range(n_leads + n_controls):
            doc_id, _ = repository.upsert_document(s, src, external_id=f"m{i}", text="t",
                                                   consent_basis="public_post")
            ids.append(s.execute(sa.insert(_LEADS_0002).values(
                document_id=doc_id, run_id=run.id, score=0.5, indicators=[], evidence=[], context=[],
                model_version="m1", rules_version="r1", disclaimer="x", status="open",
                is_control=i >= n_leads, created_at=now).returning(_LEADS_0002.c.id)).scalar_one())
        for n, i in enumerate(referred, 1):
            s.execute(sa.insert(_DISPOSITIONS).values(id=n, lead_id=ids[i], decision="escalated",
                                                      decided_by="ana", decided_at=now))
            s.execute(sa.insert(_REFERRALS).values(
                id=n, lead_id=ids[i], disposition_id=n, created_at=now,
                payload={"schema": "screening.referral/1", "lead": {"id": ids[i], "score": 0.5},
                         "analyst": "ana"}))
    migrate(store_settings)
    with session_scope(store_settings) as s:
        refs = dict(s.execute(select(Lead.id, Lead.ref)).all())
        payloads = {r.lead_id: r.payload for r in s.execute(select(Referral)).scalars()}
    assert sorted(refs) == sorted(ids)
    assert all(LEAD_REF_RE.match(r) for r in refs.values()) and len(set(refs.values())) == len(ids)
    assert payloads == {ids[i]: {"schema": "screening.referral/2", "lead": {"ref": refs[ids[i]], "score": 0.5},
                                 "analyst": "ana"} for i in referred}

    command.downgrade(cfg, "0002")    # the id comes back into the payload, the column goes
    with session_scope(store_settings) as s:
        back = {lid: p for lid, p in s.execute(sa.select(_REFERRALS.c.lead_id, _REFERRALS.c.payload)).all()}
        columns = {c["name"] for c in sa.inspect(s.connection()).get_columns("leads")}
    assert back == {ids[i]: {"schema": "screening.referral/1", "lead": {"id": ids[i], "score": 0.5},
                             "analyst": "ana"} for i in referred}
    assert "ref" not in columns
    migrate(store_settings)
