"""What evaluators and admins see: review figures and the recent audit trail.

Neither view ever carries author pseudonyms or post text: figures are counts, and audit
details are shown with any author-like key removed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from screening.review.decisions import current_disposition
from screening.store.audit import ChainReport, verify_chain
from screening.store.models import AuditEvent, FirstRead, Lead

_HIDDEN_KEYS = ("author", "pseudonym", "text", "password")


@dataclass
class ReviewFigures:
    by_status: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    per_indicator: list[dict[str, Any]] = field(default_factory=list)
    controls_decided: int = 0
    first_reads_done: int = 0       # blind first reads recorded
    first_reads_waiting: int = 0    # items still waiting for one


def review_figures(session: Session) -> ReviewFigures:
    """Counts over leads; blind controls are counted apart so they do not skew the rates."""
    fig = ReviewFigures()
    fig.by_status = dict(session.execute(
        select(Lead.status, func.count()).where(Lead.is_control.is_(False)).group_by(Lead.status)
    ).all())
    decided: Counter[str] = Counter()
    dismissed: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for lead in session.execute(select(Lead).where(Lead.status != "open")).scalars():
        disp = current_disposition(session, lead.id)
        if disp is None:
            continue
        if lead.is_control:
            fig.controls_decided += 1
            continue
        if disp.reason_code:
            reasons[disp.reason_code] += 1
        for ind in lead.indicators or []:
            decided[ind] += 1
            dismissed[ind] += disp.decision == "dismissed"
    fig.reasons = dict(reasons.most_common())
    fig.first_reads_done = session.execute(select(func.count(FirstRead.id))).scalar_one()
    fig.first_reads_waiting = session.execute(select(func.count(Lead.id)).where(
        Lead.blind_first_read.is_(True), ~select(FirstRead.id).where(FirstRead.lead_id == Lead.id).exists()
    )).scalar_one()
    fig.per_indicator = [
        {"indicator": ind, "decided": n, "dismissed": dismissed[ind],
         "dismissed_share": dismissed[ind] / n}
        for ind, n in sorted(decided.items())
    ]
    return fig


def _scrub(details: Any) -> Any:
    if isinstance(details, dict):
        return {k: ("[hidden]" if any(h in k.lower() for h in _HIDDEN_KEYS) else _scrub(v))
                for k, v in details.items()}
    if isinstance(details, list):
        return [_scrub(v) for v in details]
    return details


def recent_events(session: Session, limit: int = 200, action: str = "") -> list[dict[str, Any]]:
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        q = q.where(AuditEvent.action.like(action.replace("%", "").replace("_", r"\_") + "%",
                                           escape="\\"))
    return [{"id": e.id, "ts": e.ts, "actor": e.actor, "action": e.action,
             "entity": f"{e.entity_type or ''} {e.entity_id or ''}".strip(),
             "details": _scrub(e.details)} for e in session.execute(q).scalars()]


def chain_status(session: Session) -> ChainReport:
    return verify_chain(session)


@dataclass
class RetentionOverview:
    retention_days: int
    documents: int
    purged: int
    due: int          # older than the retention period and not purged yet


def retention_overview(session: Session, retention_days: int) -> RetentionOverview:
    from datetime import timedelta

    from screening.store.models import Document, utcnow

    cutoff = utcnow() - timedelta(days=retention_days)
    total = session.execute(select(func.count(Document.id))).scalar_one()
    purged = session.execute(
        select(func.count(Document.id)).where(Document.purged_at.is_not(None))).scalar_one()
    due = session.execute(select(func.count(Document.id)).where(
        Document.purged_at.is_(None), Document.collected_at < cutoff)).scalar_one()
    return RetentionOverview(retention_days, total, purged, due)
