"""The blind first read: a judgment made before the screener's evidence is shown.

Blind controls (unflagged documents put into the queue to estimate misses) carry no evidence,
while every lead does; if the lead page showed evidence at once, an attentive analyst could
tell controls apart and the miss-rate estimate would be biased. So every control *and* an
equal-sized keyed sample of real leads (``leads.blind_first_read``, drawn by
``screening.audit.controls``) first open in a first-read mode: the text, its thread and its
provenance, but no evidence, no score, no indicators. The analyst records a first judgment
(concerning or not, an optional note); only then does the full page open. For a lead the
evidence is revealed; for a control the page says the screener did not flag it. The
disposition follows as usual.

``first_read_view`` is built from the document, the claim and the thread only: it never reads
the lead's score, indicators, evidence, context or control flag, so the first-read page of a
control and of a sampled lead cannot differ in anything but the post itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from screening.errors import ConflictError, NotFoundError, ReviewError
from screening.review.queue import claim_state, pending_first_read
from screening.review.users import Principal
from screening.settings import Settings
from screening.store import audit
from screening.store.models import Document, FirstRead, Lead, utcnow
from screening.types import DISCLAIMER, LeadStatus

JUDGMENTS: dict[str, str] = {
    "concerning": "Concerning: a reviewer should look at this closely",
    "not_concerning": "Not concerning",
}
MAX_NOTE_CHARS = 4000
FIRST_READ_EXPLANATION = (
    "Blind first read: read the text in its context and record your own judgment before "
    "anything the screener found is shown. Some items in the queue are read this way; your "
    "first judgment is kept beside your later decision, to measure the screening honestly."
)


def first_read_of(session: Session, lead_id: int) -> FirstRead | None:
    return session.execute(select(FirstRead).where(FirstRead.lead_id == lead_id)).scalar_one_or_none()


def is_pending(session: Session, lead: Lead) -> bool:
    """True while the lead must open in first-read mode."""
    return bool(lead.blind_first_read) and first_read_of(session, lead.id) is None


@dataclass
class ThreadPost:
    lead_id: int              # internal; the page links ``ref``
    ref: str
    posted_at: datetime | None
    status: str


@dataclass
class FirstReadView:
    """What the first-read page shows. Deliberately holds no lead score, indicators, evidence,
    context or control flag."""

    lead_id: int              # internal; the page shows and links ``ref``
    ref: str
    status: str
    doc: Document
    source_name: str
    link: str | None
    claim: str
    claim_until: datetime | None
    thread: list[ThreadPost]
    disclaimer: str = DISCLAIMER
    explanation: str = FIRST_READ_EXPLANATION


def _thread(session: Session, lead: Lead, doc: Document) -> list[ThreadPost]:
    """Earlier leads of the same source thread: links, times and review status only."""
    if not doc.thread_id:
        return []
    rows = session.execute(
        select(Lead.id, Lead.ref, Document.posted_at, Lead.status)
        .join(Document, Document.id == Lead.document_id)
        .where(and_(Document.source_id == doc.source_id, Document.thread_id == doc.thread_id,
                    Lead.id != lead.id, Lead.created_at <= lead.created_at))
        .order_by(Lead.created_at.desc(), Lead.ref).limit(20)   # ties by ref, never by id
    ).all()
    return [ThreadPost(lid, ref, posted, status) for lid, ref, posted, status in rows]


def first_read_view(session: Session, settings: Settings, lead: Lead, viewer: Principal, *,
                    now: datetime | None = None, record_view: bool = True) -> FirstReadView:
    from screening.review.leads import safe_link

    doc = lead.document
    claim, until = claim_state(lead, settings, viewer, now)
    if record_view:
        audit.record(session, viewer.username, "lead.view", "lead", lead.id, {"mode": "first_read"})
    return FirstReadView(lead_id=lead.id, ref=lead.ref, status=lead.status, doc=doc, source_name=doc.source.name,
                         link=safe_link(doc.url), claim=claim, claim_until=until,
                         thread=_thread(session, lead, doc))


def record_first_read(session: Session, user: Principal, lead_id: int, judgment: str,
                      note: str | None = None, *, now: datetime | None = None) -> FirstRead:
    """Record the analyst's blind first judgment; needs their claim on the open lead."""
    judgment = (judgment or "").strip()
    note = (note or "").strip() or None
    if judgment not in JUDGMENTS:
        raise ReviewError("choose a first judgment: concerning or not concerning.")
    if note and len(note) > MAX_NOTE_CHARS:
        raise ReviewError(f"the note is longer than {MAX_NOTE_CHARS} characters.")
    lead = session.execute(
        select(Lead).where(Lead.id == lead_id).with_for_update()
    ).scalar_one_or_none()
    if lead is None:
        raise NotFoundError(f"lead {lead_id} does not exist.")
    if not lead.blind_first_read:
        raise ConflictError("this lead is not read blind; decide it on its page.")
    if first_read_of(session, lead_id) is not None:
        raise ConflictError("the first read of this lead is already recorded.")
    if lead.status != LeadStatus.OPEN.value or lead.claimed_by != user.username:
        raise ConflictError("claim this lead before reading it; another analyst may hold it.")
    fr = FirstRead(lead_id=lead_id, concerning=judgment == "concerning", note=note,
                   read_by=user.username, read_at=now or utcnow())
    session.add(fr)
    session.flush()   # the unique constraint settles two racing readers
    # the judgment only: nothing here says whether the item was a control
    audit.record(session, user.username, "lead.first_read", "lead", lead_id,
                 {"judgment": judgment, "first_read_id": fr.id})
    return fr


__all__ = ["JUDGMENTS", "FirstReadView", "first_read_of", "first_read_view", "is_pending",
           "pending_first_read", "record_first_read"]
