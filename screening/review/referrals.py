"""Referrals to the threat assessment team: a JSON record for their case system.

The payload is frozen when the lead is escalated. An export adds, at export time, whether the
referral still stands (``active``) or a later decision on the lead replaced the escalation
(``withdrawn``): decisions are revised, never erased, so neither is the referral.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from screening.errors import NotFoundError
from screening.store import audit
from screening.store.models import Disposition, Lead, Referral, utcnow
from screening.types import Decision

SCHEMA = "screening.referral/2"   # /2: the lead is named by its reference, not its id


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def build_payload(lead: Lead, disposition: Disposition, now: datetime) -> dict[str, Any]:
    from screening.review.leads import SCORE_EXPLANATION

    doc = lead.document
    return {
        "schema": SCHEMA,
        "referred_at": _iso(now),
        "analyst": disposition.decided_by,
        "decision": {"disposition_id": disposition.id, "decision": disposition.decision,
                     "decided_at": _iso(disposition.decided_at), "note": disposition.note},
        "lead": {"ref": lead.ref, "score": lead.score, "indicators": list(lead.indicators or []),
                 "context": list(lead.context or []), "run_id": lead.run_id,
                 "model_version": lead.model_version, "rules_version": lead.rules_version,
                 "flagged_at": _iso(lead.created_at)},
        "document": {"source": doc.source.name, "source_kind": doc.source.kind,
                     "external_id": doc.external_id, "url": doc.url, "title": doc.title,
                     "thread_id": doc.thread_id, "author_pseudonym": doc.author_pseudonym,
                     "consent_basis": doc.consent_basis, "posted_at": _iso(doc.posted_at),
                     "collected_at": _iso(doc.collected_at), "text": doc.text},
        "evidence": list(lead.evidence or []),
        "score_explanation": SCORE_EXPLANATION,
        "disclaimer": lead.disclaimer,
    }


def create_referral(session: Session, lead: Lead, disposition: Disposition,
                    now: datetime | None = None) -> Referral:
    now = now or utcnow()
    ref = Referral(lead_id=lead.id, disposition_id=disposition.id,
                   payload=build_payload(lead, disposition, now), created_at=now)
    session.add(ref)
    session.flush()
    audit.record(session, disposition.decided_by, "referral.create", "referral", ref.id,
                 {"lead_id": lead.id, "disposition_id": disposition.id})
    return ref


def referral_status(session: Session, ref: Referral) -> str:
    """``active`` while the escalation is the lead's current decision, else ``withdrawn``."""
    newer = session.execute(
        select(Disposition.id).where(Disposition.supersedes_id == ref.disposition_id)
    ).first()
    lead = session.get(Lead, ref.lead_id)
    if newer is None and lead is not None and lead.status == Decision.ESCALATED.value:
        return "active"
    return "withdrawn"


def list_referrals(session: Session) -> list[tuple[Referral, str]]:
    refs = session.execute(select(Referral).order_by(Referral.id.desc())).scalars().all()
    return [(r, referral_status(session, r)) for r in refs]


def export_referrals(session: Session, actor: str, ids: list[int] | None = None, *,
                     include_exported: bool = False, now: datetime | None = None) -> list[dict[str, Any]]:
    """The referrals as JSON-ready dicts, marked exported; one audit event for the export.

    ``ids`` picks referrals (all of them are exported again if asked by id); otherwise those
    not exported yet, or every referral with ``include_exported``.
    """
    now = now or utcnow()
    q = select(Referral).order_by(Referral.id)
    if ids:
        q = q.where(Referral.id.in_(ids))
    elif not include_exported:
        q = q.where(Referral.exported_at.is_(None))
    refs = list(session.execute(q).scalars())
    if ids and len(refs) != len(set(ids)):
        missing = sorted(set(ids) - {r.id for r in refs})
        raise NotFoundError(f"no referral with id {', '.join(map(str, missing))}.")
    out = []
    for ref in refs:
        out.append({"referral_id": ref.id, "status": referral_status(session, ref),
                    "exported_at": now.isoformat(), **ref.payload})
        ref.exported_at = now
    audit.record(session, actor, "referral.export", "referral",
                 refs[0].id if len(refs) == 1 else None, {"referral_ids": [r.id for r in refs]})
    return out
