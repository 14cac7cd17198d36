"""Purging text: what upstream deleted, and what is older than the retention window.

Purging keeps the row (provenance, hash, leads and dispositions stay explainable) and drops
the text: ``text`` becomes NULL, ``purged_at``/``purge_reason`` say when and why. Every purge
batch leaves one audit event listing the documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from screening.settings import Settings, get_settings
from screening.store import audit
from screening.store.db import session_scope
from screening.store.models import Document, DocumentScreening, Lead, utcnow


@dataclass
class PurgeSummary:
    what: str
    checked: int = 0
    purged: int = 0
    reasons: Counter = field(default_factory=Counter)
    document_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"what": self.what, "checked": self.checked, "purged": self.purged,
                "reasons": dict(self.reasons)}

    def __str__(self) -> str:
        reasons = ", ".join(f"{k}={v}" for k, v in sorted(self.reasons.items())) or "none"
        return f"purge {self.what}: {self.checked} checked, {self.purged} purged ({reasons})"


def purge_documents(session: Session, ids_by_reason: dict[str, list[int]], *, actor: str,
                    action: str, details: dict[str, Any] | None = None) -> int:
    """Drop the text of these documents (those not purged already); one audit event per call."""
    now = utcnow()
    done: dict[str, list[int]] = {}
    for reason, ids in ids_by_reason.items():
        if not ids:
            continue
        rows = session.execute(
            update(Document)
            .where(Document.id.in_(ids), Document.purged_at.is_(None))
            .values(text=None, purged_at=now, purge_reason=reason)
            .returning(Document.id)
        ).scalars().all()
        if rows:
            done[reason] = sorted(rows)
    total = sum(len(v) for v in done.values())
    if total:
        audit.record(session, actor, action, "documents", None,
                     {"purged": total, "by_reason": done, **(details or {})})
    return total


def purge_retention(settings: Settings | None = None, *, as_of: datetime | None = None,
                    days: int | None = None, actor: str = "system",
                    batch_size: int = 1000) -> PurgeSummary:
    """Purge the text of unflagged documents collected before ``as_of - retention_days``.

    Documents with a lead (of any status) keep their text: review and audit need it. So do
    documents never screened: purging them would hide a possible lead when screening lags.
    ``as_of`` defaults to now; a DAG passes its data interval end so reruns agree.
    """
    settings = settings or get_settings()
    days = settings.retention_days if days is None else days
    cutoff = (as_of or utcnow()) - timedelta(days=days)
    summary = PurgeSummary(what="retention")
    has_lead = exists().where(Lead.document_id == Document.id)
    was_screened = exists().where(DocumentScreening.document_id == Document.id)
    while True:
        with session_scope(settings) as session:
            ids = list(session.execute(
                select(Document.id).where(Document.purged_at.is_(None), Document.text.is_not(None),
                                          Document.collected_at < cutoff, ~has_lead, was_screened)
                .order_by(Document.id).limit(batch_size)).scalars())
            if not ids:
                break
            summary.checked += len(ids)
            n = purge_documents(session, {"retention": ids}, actor=actor, action="purge.retention",
                                details={"cutoff": cutoff.isoformat(), "retention_days": days})
            summary.purged += n
            summary.reasons["retention"] += n
            summary.document_ids.extend(ids)
    return summary
