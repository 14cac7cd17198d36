"""Upserts and queries over the store. Callers own the transaction (pass a Session)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from screening.store.models import (
    Document,
    DocumentScreening,
    Lead,
    Quarantine,
    ScreeningRun,
    Source,
    utcnow,
)
from screening.types import DISCLAIMER, ScreenResult


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _insert(session: Session, model):
    """Dialect-specific INSERT that supports ON CONFLICT DO NOTHING on both backends."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def get_or_create_source(
    session: Session, name: str, kind: str, config: dict[str, Any] | None = None
) -> Source:
    src = session.execute(select(Source).where(Source.name == name)).scalar_one_or_none()
    if src is not None:
        return src
    stmt = _insert(session, Source).values(name=name, kind=kind, config=config or {},
                                           created_at=utcnow())
    session.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
    return session.execute(select(Source).where(Source.name == name)).scalar_one()


def upsert_document(session: Session, source: Source, **fields: Any) -> tuple[int, str]:
    """Insert a document keyed on (source, external_id).

    Returns ``(document_id, outcome)`` with outcome ``inserted``, ``duplicate`` (same key and
    text) or ``updated`` (same key, text edited upstream: the new text replaces the old).
    A rerun of the same batch therefore never duplicates.
    """
    text = fields["text"]
    h = content_hash(text)
    values = {"source_id": source.id, "content_hash": h, "collected_at": utcnow(),
              "extra": {}, **fields}
    stmt = _insert(session, Document).values(**values).on_conflict_do_nothing(
        index_elements=["source_id", "external_id"]
    ).returning(Document.id)
    inserted = session.execute(stmt).scalar_one_or_none() is not None
    doc = session.execute(
        select(Document).where(Document.source_id == source.id,
                               Document.external_id == fields["external_id"])
    ).scalar_one()
    if inserted:
        return doc.id, "inserted"
    if doc.content_hash == h or doc.purged_at is not None:
        # purged upstream stays purged: a re-fetch must not bring deleted text back
        return doc.id, "duplicate"
    doc.text = text
    doc.content_hash = h
    for key in ("title", "url", "posted_at"):
        if fields.get(key) is not None:
            setattr(doc, key, fields[key])
    return doc.id, "updated"


def quarantine(
    session: Session,
    source_name: str,
    payload: Any,
    reason: str,
    detail: str | None = None,
    external_id: str | None = None,
) -> bool:
    """Keep a record that failed validation, with its reason. Returns False if already kept."""
    if isinstance(payload, (bytes, bytearray)):
        raw = payload.decode("utf-8", errors="replace")
    elif isinstance(payload, str):
        raw = payload
    else:
        raw = json.dumps(payload, default=str, sort_keys=True, ensure_ascii=False)
    stmt = _insert(session, Quarantine).values(
        source_name=source_name, external_id=external_id, payload=raw,
        payload_hash=content_hash(raw), reason=reason, detail=detail, received_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["source_name", "payload_hash"]).returning(Quarantine.id)
    # RETURNING, not rowcount: psycopg reports -1 for ON CONFLICT inserts
    return session.execute(stmt).scalar_one_or_none() is not None


def start_run(session: Session, model_version: str, rules_version: str, settings_hash: str,
              trigger: str = "cli") -> ScreeningRun:
    run = ScreeningRun(model_version=model_version, rules_version=rules_version,
                       settings_hash=settings_hash, trigger=trigger, status="running")
    session.add(run)
    session.flush()
    return run


def finish_run(session: Session, run: ScreeningRun, status: str = "done") -> None:
    run.status = status
    run.finished_at = utcnow()


def pending_document_ids(session: Session, model_version: str, *, limit: int | None = None,
                         source_names: Sequence[str] | None = None) -> list[int]:
    """Documents with text that this model version has not screened yet, oldest first."""
    screened = select(DocumentScreening.document_id).where(
        DocumentScreening.model_version == model_version
    )
    q = select(Document.id).where(Document.text.is_not(None), Document.id.not_in(screened))
    if source_names:
        q = q.join(Source).where(Source.name.in_(list(source_names)))
    q = q.order_by(Document.id)
    if limit:
        q = q.limit(limit)
    return list(session.execute(q).scalars())


def record_screening(session: Session, run: ScreeningRun, doc: Document, result: ScreenResult,
                     rules_version: str) -> bool:
    """Store that ``doc`` was screened, and its lead if flagged. Returns True if a lead was made.

    Both inserts are keyed on (document, model version), so screening twice adds nothing.
    """
    session.execute(
        _insert(session, DocumentScreening).values(
            document_id=doc.id, run_id=run.id, model_version=result.model_version,
            status=result.status.value, flagged=result.flagged, score=float(result.score),
            screened_at=utcnow(),
        ).on_conflict_do_nothing(index_elements=["document_id", "model_version"])
    )
    if not result.flagged:
        return False
    res = session.execute(
        _insert(session, Lead).values(
            document_id=doc.id, run_id=run.id, score=float(result.score),
            indicators=list(result.indicators),
            evidence=[e.to_dict() for e in result.evidence],
            context=list(result.context), model_version=result.model_version,
            rules_version=rules_version, disclaimer=DISCLAIMER, status="open",
            is_control=False, created_at=utcnow(),
        ).on_conflict_do_nothing(index_elements=["document_id", "model_version"]).returning(Lead.id)
    ).scalar_one_or_none()
    return res is not None


def counts(session: Session) -> dict[str, int]:
    from screening.store.models import AuditEvent, Disposition

    out = {}
    for name, model in (("sources", Source), ("documents", Document), ("leads", Lead),
                        ("runs", ScreeningRun), ("quarantine", Quarantine),
                        ("dispositions", Disposition), ("audit_events", AuditEvent)):
        out[name] = session.execute(select(func.count()).select_from(model)).scalar_one()
    return out


def documents_by_ids(session: Session, ids: Iterable[int]) -> list[Document]:
    ids = list(ids)
    if not ids:
        return []
    return list(session.execute(select(Document).where(Document.id.in_(ids)).order_by(Document.id)).scalars())


def aware(dt: datetime | None) -> datetime | None:
    from datetime import UTC

    if dt is None or dt.tzinfo is not None:
        return dt
    return dt.replace(tzinfo=UTC)
