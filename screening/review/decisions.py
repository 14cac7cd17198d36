"""Dispositions: dismiss with a reason, escalate (a referral), or ask for more information.

A decision is a new ``Disposition`` row; a revision is another row that names the one it
replaces (``supersedes_id``). Nothing is updated in place or deleted, and ``lead.status``
always follows the latest decision.

Concurrency: the first decision needs the analyst's live claim (a guarded UPDATE on the lead);
a revision must name the current decision, so two people revising at once cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from screening.errors import ConflictError, NotFoundError, ReviewError
from screening.review.referrals import create_referral
from screening.review.users import Principal
from screening.store import audit
from screening.store.models import Disposition, FirstRead, Lead, Referral, utcnow
from screening.types import Decision, DismissReason, LeadStatus

MAX_NOTE_CHARS = 4000

DISMISS_REASONS: dict[str, str] = {
    DismissReason.HYPERBOLE.value: "Hyperbole or idiom",
    DismissReason.QUOTE.value: "Quote or counter-speech",
    DismissReason.FICTION.value: "Fiction, gaming or sports",
    DismissReason.NEWS.value: "News or reporting",
    DismissReason.NOT_CONCERNING.value: "Not concerning",
    DismissReason.OTHER.value: "Other (note required)",
}
DECISION_LABELS: dict[str, str] = {
    Decision.DISMISSED.value: "Dismissed",
    Decision.ESCALATED.value: "Escalated to the threat assessment team",
    Decision.NEEDS_INFO.value: "Needs more information",
}


@dataclass
class Outcome:
    disposition: Disposition
    referral: Referral | None


def validate(decision: str, reason: str | None, note: str | None) -> tuple[str, str | None, str | None]:
    """Normalize the form; say exactly what is missing."""
    reason = (reason or "").strip() or None
    note = (note or "").strip() or None
    if decision not in DECISION_LABELS:
        raise ReviewError(f"unknown decision {decision!r}; use one of {', '.join(DECISION_LABELS)}.")
    if decision == Decision.DISMISSED.value:
        if reason not in DISMISS_REASONS:
            raise ReviewError("a dismissal needs a reason code: " + ", ".join(DISMISS_REASONS) + ".")
        if reason == DismissReason.OTHER.value and not note:
            raise ReviewError("a dismissal for another reason needs a note saying why.")
    elif reason is not None:
        raise ReviewError("reason codes are for dismissals only; put the explanation in the note.")
    if note and len(note) > MAX_NOTE_CHARS:
        raise ReviewError(f"the note is longer than {MAX_NOTE_CHARS} characters.")
    return decision, reason, note


def current_disposition(session: Session, lead_id: int) -> Disposition | None:
    rows = list(session.execute(
        select(Disposition).where(Disposition.lead_id == lead_id).order_by(Disposition.id)
    ).scalars())
    superseded = {d.supersedes_id for d in rows if d.supersedes_id}
    live = [d for d in rows if d.id not in superseded]
    return live[-1] if live else None


def decide(session: Session, user: Principal, lead_id: int, decision: str,
           reason: str | None = None, note: str | None = None, *,
           supersedes_id: int | None = None, now: datetime | None = None) -> Outcome:
    """Record a decision (or, with ``supersedes_id``, a revision) on a lead."""
    now = now or utcnow()
    decision, reason, note = validate(decision, reason, note)
    # Touch the lead first: the write serializes concurrent deciders on both backends.
    touched = session.execute(
        update(Lead).where(Lead.id == lead_id).values(status=Lead.status)
        .execution_options(synchronize_session=False)
    ).rowcount
    if touched != 1:
        raise NotFoundError(f"lead {lead_id} does not exist.")
    current = current_disposition(session, lead_id)
    if current is None:
        blind = session.execute(select(Lead.blind_first_read).where(Lead.id == lead_id)).scalar_one()
        if blind and session.execute(
                select(FirstRead.id).where(FirstRead.lead_id == lead_id)).first() is None:
            raise ConflictError("record your blind first read of this lead before deciding it.")
        if supersedes_id is not None:
            raise ConflictError("this lead has no decision to revise yet.")
        taken = session.execute(
            update(Lead).where(Lead.id == lead_id, Lead.status == LeadStatus.OPEN.value,
                               Lead.claimed_by == user.username)
            .values(status=decision, claimed_by=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != 1:
            raise ConflictError("claim this lead before deciding it; another analyst may hold it.")
        action = "lead.decide"
    else:
        if supersedes_id != current.id:
            raise ConflictError(
                f"this lead was decided again meanwhile (decision {current.id}); reload the page."
            )
        session.execute(update(Lead).where(Lead.id == lead_id)
                        .values(status=decision, claimed_by=None, claimed_at=None)
                        .execution_options(synchronize_session=False))
        action = "lead.revise"
    disp = Disposition(lead_id=lead_id, decision=decision, reason_code=reason, note=note,
                       decided_by=user.username, decided_at=now,
                       supersedes_id=current.id if current else None)
    session.add(disp)
    session.flush()
    audit.record(session, user.username, action, "lead", lead_id,
                 {"decision": decision, "reason": reason, "disposition_id": disp.id,
                  "supersedes_id": disp.supersedes_id})
    lead = session.get(Lead, lead_id)
    session.refresh(lead)
    referral = None
    if decision == Decision.ESCALATED.value:
        referral = create_referral(session, lead, disp, now)
    return Outcome(disp, referral)


def revise(session: Session, user: Principal, lead_id: int, decision: str,
           reason: str | None = None, note: str | None = None, *, supersedes_id: int,
           now: datetime | None = None) -> Outcome:
    return decide(session, user, lead_id, decision, reason, note, supersedes_id=supersedes_id, now=now)
