"""The append-only, hash-chained audit log.

Each event's hash covers its own fields and the previous event's hash, so editing or deleting
any row breaks every link after it; ``verify_chain`` finds the first broken one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from screening.store.models import AuditEvent, AuditHead, utcnow

GENESIS_HASH = "0" * 64


def _canonical(value: Any) -> Any:
    """JSON-safe copy, so what is hashed is exactly what the database gives back."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def event_hash(prev_hash: str, ev: AuditEvent) -> str:
    body = {
        "prev": prev_hash,
        "ts": ev.ts.isoformat(),
        "actor": ev.actor,
        "action": ev.action,
        "entity_type": ev.entity_type,
        "entity_id": ev.entity_id,
        "details": ev.details,
    }
    blob = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def record(
    session: Session,
    actor: str,
    action: str,
    entity_type: str | None = None,
    entity_id: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction."""
    # Touch the head first: on SQLite this takes the write lock before we read the tip, and
    # on PostgreSQL the row lock below serializes concurrent appenders.
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_id=AuditHead.last_id))
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_id=0, last_hash=GENESIS_HASH)
        session.add(head)
        session.flush()
    ts = utcnow()
    ev = AuditEvent(
        ts=ts,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=_canonical(details or {}),
        prev_hash=head.last_hash,
    )
    ev.hash = event_hash(head.last_hash, ev)
    session.add(ev)
    session.flush()
    head.last_id = ev.id
    head.last_hash = ev.hash
    return ev


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_at: int | None = None
    problem: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.checked} events verified"
        return f"audit chain BROKEN at event {self.broken_at}: {self.problem} ({self.checked} checked before it)"


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    """Recompute every link in id order; report the first one that does not hold."""
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = session.execute(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).scalars().all()
        if not rows:
            break
        for ev in rows:
            if ev.prev_hash != prev:
                return ChainReport(False, checked, ev.id, "prev_hash does not match the previous event (a row was removed or reordered)")
            if event_hash(prev, ev) != ev.hash:
                return ChainReport(False, checked, ev.id, "content does not match its hash (the row was edited)")
            prev = ev.hash
            checked += 1
            last_id = ev.id
        session.expunge_all()
    head = session.get(AuditHead, 1)
    if head is not None and head.last_hash != prev:
        return ChainReport(False, checked, head.last_id, "the chain's tip is missing (the last events were removed)")
    return ChainReport(True, checked)
