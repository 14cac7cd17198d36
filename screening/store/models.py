"""SQLAlchemy 2 typed models: the same schema on SQLite and PostgreSQL.

Schema changes go through Alembic migrations in ``store/migrations``; a test compares the
migrated database with these models so that the two never drift.
"""

from __future__ import annotations

import base64
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both backends (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# BigInteger autoincrement ids that still work on SQLite (INTEGER PRIMARY KEY).
BigId = BigInteger().with_variant(Integer(), "sqlite")


# A lead's public reference: 60 random bits as three groups of four base32 letters/digits
# (e.g. "k7qm-2xrd-a4fz"). Analysts see and address leads only by it; it carries no order, so
# a blind control added after its run cannot be told apart by a higher number.
LEAD_REF_RE = re.compile(r"^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$")


def new_lead_ref() -> str:
    raw = base64.b32encode(secrets.token_bytes(8)).decode().lower()[:12]
    return "-".join(raw[i:i + 4] for i in (0, 4, 8))


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime}


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40))        # reddit | tips | forum_export | cli
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    watermark: Mapped[str | None] = mapped_column(String(200))   # incremental ingestion
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id", name="uq_documents_source_external"),
        Index("ix_documents_thread", "source_id", "thread_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(500))
    thread_id: Mapped[str | None] = mapped_column(String(200))
    author_pseudonym: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)       # None once purged
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    consent_basis: Mapped[str] = mapped_column(String(40))
    posted_at: Mapped[datetime | None] = mapped_column()
    collected_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    purged_at: Mapped[datetime | None] = mapped_column()
    purge_reason: Mapped[str | None] = mapped_column(String(100))

    source: Mapped[Source] = relationship()


class ScreeningRun(Base):
    __tablename__ = "screening_runs"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    model_version: Mapped[str] = mapped_column(String(100))
    rules_version: Mapped[str] = mapped_column(String(100))
    settings_hash: Mapped[str] = mapped_column(String(64))
    trigger: Mapped[str] = mapped_column(String(100), default="cli")   # cli | demo | dag:<run id>
    status: Mapped[str] = mapped_column(String(20), default="running")  # running | done | failed
    n_documents: Mapped[int] = mapped_column(default=0)
    n_leads: Mapped[int] = mapped_column(default=0)
    n_errors: Mapped[int] = mapped_column(default=0)


class DocumentScreening(Base):
    """That a document was screened by a model version, flagged or not (so reruns skip it)."""

    __tablename__ = "document_screenings"
    __table_args__ = (
        UniqueConstraint("document_id", "model_version", name="uq_screenings_doc_model"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_runs.id"), index=True)
    model_version: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(30))
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    screened_at: Mapped[datetime] = mapped_column(default=utcnow)


class Lead(Base):
    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("document_id", "model_version", name="uq_leads_doc_model"),
        UniqueConstraint("ref", name="uq_leads_ref"),
        Index("ix_leads_status_created", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)   # internal: never shown to analysts
    ref: Mapped[str] = mapped_column(String(14), default=new_lead_ref)   # what analysts see
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_runs.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    indicators: Mapped[list[Any]] = mapped_column(default=list)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    context: Mapped[list[Any]] = mapped_column(default=list)
    model_version: Mapped[str] = mapped_column(String(100))
    rules_version: Mapped[str] = mapped_column(String(100))
    disclaimer: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    is_control: Mapped[bool] = mapped_column(Boolean, default=False)  # blind control sample
    # Opens in the blind first-read mode (no evidence, score or indicators) until a FirstRead
    # is recorded: every control, and an equal-sized keyed sample of real leads.
    blind_first_read: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship()
    dispositions: Mapped[list[Disposition]] = relationship(
        back_populates="lead", order_by="Disposition.id"
    )


class Disposition(Base):
    """An analyst's decision. Revisions are new rows; nothing is erased."""

    __tablename__ = "dispositions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    decision: Mapped[str] = mapped_column(String(20))     # dismissed | escalated | needs_info
    reason_code: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("dispositions.id"))

    lead: Mapped[Lead] = relationship(back_populates="dispositions")


class FirstRead(Base):
    """An analyst's blind first judgment of a lead, recorded before evidence is shown. One per
    lead; never edited (the later disposition is the considered decision)."""

    __tablename__ = "first_reads"
    __table_args__ = (UniqueConstraint("lead_id", name="uq_first_reads_lead"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"))
    concerning: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    read_by: Mapped[str] = mapped_column(String(100))
    read_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Referral(Base):
    """An escalation to the threat assessment team, exportable as JSON."""

    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    disposition_id: Mapped[int] = mapped_column(ForeignKey("dispositions.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    exported_at: Mapped[datetime | None] = mapped_column()

    lead: Mapped[Lead] = relationship()


class Quarantine(Base):
    """Records that failed validation: kept with the reason, never dropped."""

    __tablename__ = "quarantine"
    __table_args__ = (
        UniqueConstraint("source_name", "payload_hash", name="uq_quarantine_source_payload"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_name: Mapped[str] = mapped_column(String(100))
    external_id: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))          # analyst | evaluator | admin
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only, hash-chained: each event carries the hash of the previous one."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ts: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """One row holding the chain's tip; locked while appending so the chain stays linear."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
