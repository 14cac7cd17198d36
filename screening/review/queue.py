"""The review queue and claims: two analysts can never hold the same lead.

A claim is ``leads.claimed_by`` / ``claimed_at``; it lapses after ``claim_ttl_minutes``.
Taking a claim is a guarded UPDATE whose WHERE clause repeats the "claimable" test, so only
one of several racing writers can match the row (checked by rowcount). On PostgreSQL the
candidate is also picked with ``FOR UPDATE SKIP LOCKED`` so that racing claimers skip each
other's rows instead of queueing behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, and_, case, cast, exists, func, or_, select, update
from sqlalchemy.orm import Session

from screening.errors import ConflictError, NotFoundError, ReviewError
from screening.review.users import Principal
from screening.settings import Settings
from screening.store import audit
from screening.store.models import LEAD_REF_RE, Document, FirstRead, Lead, Source, utcnow
from screening.types import Indicator, LeadStatus

# Score bands are half-open [low, high); labels are what the queue filter shows.
SCORE_BANDS: dict[str, tuple[float | None, float | None, str]] = {
    "high": (0.8, None, "0.80 and above"),
    "medium": (0.6, 0.8, "0.60 to 0.79"),
    "low": (None, 0.6, "below 0.60"),
}
# Waiting for a blind first read (screening.review.first_read): such an item's score and
# indicators are not shown yet, so no filter or order may reveal them either.
pending_first_read = and_(Lead.blind_first_read.is_(True),
                          ~exists().where(FirstRead.lead_id == Lead.id))
# Ties are broken by the opaque reference, never by the id: ids follow insertion order and
# blind controls are inserted after their run's leads, so an id tie-break would list them last.
SORTS = {
    "oldest": (Lead.created_at.asc(), Lead.ref.asc()),
    "newest": (Lead.created_at.desc(), Lead.ref.asc()),
    # items waiting for a blind first read come first, oldest first, whatever their score (their
    # score takes no part in the order at all: a control's low score would sink it among ties)
    "score": (case((pending_first_read, 0), else_=1), case((pending_first_read, Lead.created_at)),
              case((pending_first_read, 0.0), else_=Lead.score).desc(), Lead.ref.asc()),
}
STATUSES = tuple(s.value for s in LeadStatus)
PAGE_SIZE = 50


@dataclass
class QueueFilter:
    """What the analyst asked to see. Empty strings mean "any"."""

    source: str = ""
    indicator: str = ""
    band: str = ""
    since: date | None = None     # posted (or, lacking that, collected) on or after
    until: date | None = None     # ... on or before
    status: str = LeadStatus.OPEN.value
    sort: str = "oldest"

    def __post_init__(self) -> None:
        if self.indicator and self.indicator not in {i.value for i in Indicator}:
            raise ReviewError(f"unknown indicator {self.indicator!r}.")
        if self.band and self.band not in SCORE_BANDS:
            raise ReviewError(f"unknown score band {self.band!r}; use one of {', '.join(SCORE_BANDS)}.")
        if self.status not in STATUSES:
            raise ReviewError(f"unknown status {self.status!r}; use one of {', '.join(STATUSES)}.")
        if self.sort not in SORTS:
            raise ReviewError(f"unknown order {self.sort!r}; use one of {', '.join(SORTS)}.")

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> QueueFilter:
        def day(key: str) -> date | None:
            raw = (params.get(key) or "").strip()
            if not raw:
                return None
            try:
                return date.fromisoformat(raw)
            except ValueError as exc:
                raise ReviewError(f"{key} must be a date like 2026-01-31.") from exc

        return cls(source=(params.get("source") or "").strip(),
                   indicator=(params.get("indicator") or "").strip(),
                   band=(params.get("band") or "").strip(), since=day("since"), until=day("until"),
                   status=(params.get("status") or LeadStatus.OPEN.value).strip(),
                   sort=(params.get("sort") or "oldest").strip())

    def as_params(self) -> dict[str, str]:
        out = {"source": self.source, "indicator": self.indicator, "band": self.band,
               "since": self.since.isoformat() if self.since else "",
               "until": self.until.isoformat() if self.until else "",
               "status": self.status, "sort": self.sort}
        return {k: v for k, v in out.items() if v}


@dataclass
class QueueRow:
    id: int                        # internal; pages show and link ``ref``
    ref: str
    score: float | None            # None while the item waits for a blind first read
    indicators: list[str]
    source: str
    posted_at: datetime | None
    created_at: datetime
    status: str
    claim: str                     # "" | "you" | "another analyst"
    excerpt: str
    welfare: bool = False
    first_read: bool = False       # waiting for a blind first read: score and indicators hidden
    extra: dict[str, Any] = field(default_factory=dict)


def claim_cutoff(settings: Settings, now: datetime) -> datetime:
    return now - timedelta(minutes=settings.claim_ttl_minutes)


def _claimable(user: str, cutoff: datetime):
    return or_(Lead.claimed_by.is_(None), Lead.claimed_at < cutoff, Lead.claimed_by == user)


def _apply(q, f: QueueFilter, *, status: str):
    q = q.where(Lead.status == status)
    if f.source or f.since or f.until:
        q = q.join(Document, Document.id == Lead.document_id)
    if f.source:
        q = q.join(Source, Source.id == Document.source_id).where(Source.name == f.source)
    # Items waiting for a blind first read match every indicator and score-band filter: their
    # indicators and score are hidden, and a control has none to filter on.
    if f.indicator:
        # JSON list stored as text on both backends; names are enum-checked, so LIKE is exact.
        q = q.where(or_(pending_first_read,
                        cast(Lead.indicators, String).like(f'%"{f.indicator}"%')))
    if f.band:
        low, high, _ = SCORE_BANDS[f.band]
        conds = []
        if low is not None:
            conds.append(Lead.score >= low)
        if high is not None:
            conds.append(Lead.score < high)
        q = q.where(or_(pending_first_read, and_(*conds)))
    when = func.coalesce(Document.posted_at, Document.collected_at)
    if f.since:
        q = q.where(when >= datetime.combine(f.since, time.min, UTC))
    if f.until:
        q = q.where(when < datetime.combine(f.until + timedelta(days=1), time.min, UTC))
    return q


def list_queue(session: Session, settings: Settings, viewer: Principal, f: QueueFilter,
               *, now: datetime | None = None, limit: int = PAGE_SIZE,
               offset: int = 0) -> tuple[list[QueueRow], int]:
    """One page of the queue and the total matching count."""
    now = now or utcnow()
    cutoff = claim_cutoff(settings, now)
    total = session.execute(
        _apply(select(func.count(Lead.id)).select_from(Lead), f, status=f.status)
    ).scalar_one()
    ids = list(session.execute(
        _apply(select(Lead.id), f, status=f.status).order_by(*SORTS[f.sort]).limit(limit).offset(offset)
    ).scalars())
    rows: list[QueueRow] = []
    leads = {lead.id: lead for lead in session.execute(select(Lead).where(Lead.id.in_(ids))).scalars()}
    pending = set(session.execute(select(Lead.id).where(Lead.id.in_(ids), pending_first_read)).scalars())
    for lid in ids:
        lead = leads[lid]
        blind = lid in pending
        doc = lead.document
        claim = ""
        if lead.claimed_by and lead.claimed_at and lead.claimed_at >= cutoff:
            claim = "you" if lead.claimed_by == viewer.username else "another analyst"
        text = doc.text or ""
        indicators = [] if blind else list(lead.indicators or [])
        rows.append(QueueRow(
            id=lead.id, ref=lead.ref, score=None if blind else lead.score, indicators=indicators,
            source=doc.source.name, posted_at=doc.posted_at, created_at=lead.created_at,
            status=lead.status, claim=claim,
            excerpt=(text[:160] + "…") if len(text) > 160 else text,
            welfare=Indicator.SELF_HARM.value in indicators, first_read=blind,
        ))
    return rows, total


def source_names(session: Session) -> list[str]:
    return list(session.execute(select(Source.name).order_by(Source.name)).scalars())


def lead_by_ref(session: Session, ref: str) -> Lead:
    """The lead an analyst addresses by its reference; NotFoundError for anything else (integer
    ids included: they never match a reference)."""
    lead = None
    if isinstance(ref, str) and LEAD_REF_RE.match(ref):
        lead = session.execute(select(Lead).where(Lead.ref == ref)).scalar_one_or_none()
    if lead is None:
        raise NotFoundError("no such lead.")
    return lead


def ref_of(session: Session, lead_id: int | None) -> str | None:
    if lead_id is None:
        return None
    return session.execute(select(Lead.ref).where(Lead.id == lead_id)).scalar_one()


def held_claim(session: Session, settings: Settings, user: Principal,
               now: datetime | None = None) -> int | None:
    """The open lead this analyst already holds, if any (the oldest one)."""
    cutoff = claim_cutoff(settings, now or utcnow())
    return session.execute(
        select(Lead.id).where(Lead.status == LeadStatus.OPEN.value, Lead.claimed_by == user.username,
                              Lead.claimed_at >= cutoff).order_by(Lead.claimed_at, Lead.id).limit(1)
    ).scalar_one_or_none()


def _take(session: Session, lead_id: int, user: Principal, now: datetime, cutoff: datetime) -> bool:
    res = session.execute(
        update(Lead)
        .where(Lead.id == lead_id, Lead.status == LeadStatus.OPEN.value,
               _claimable(user.username, cutoff))
        .values(claimed_by=user.username, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return res.rowcount == 1


def claim_next(session: Session, settings: Settings, user: Principal,
               f: QueueFilter | None = None, *, now: datetime | None = None) -> int | None:
    """Claim the next open lead (oldest first unless ``f.sort`` says otherwise); None if none.

    An analyst who already holds an open lead gets that one back: "next" does not hoard.
    """
    now = now or utcnow()
    f = f or QueueFilter()
    cutoff = claim_cutoff(settings, now)
    held = held_claim(session, settings, user, now)
    if held is not None:
        return held
    base = _apply(select(Lead.id), f, status=LeadStatus.OPEN.value).where(
        or_(Lead.claimed_by.is_(None), Lead.claimed_at < cutoff)
    ).order_by(*SORTS[f.sort])
    postgres = session.get_bind().dialect.name == "postgresql"
    for _ in range(50):   # each round: the losers of a race simply look again
        if postgres:
            candidates = list(session.execute(
                base.limit(1).with_for_update(skip_locked=True, of=Lead)
            ).scalars())
        else:
            candidates = list(session.execute(base.limit(10)).scalars())
        if not candidates:
            return None
        for lead_id in candidates:
            if _take(session, lead_id, user, now, cutoff):
                audit.record(session, user.username, "lead.claim", "lead", lead_id, {"via": "next"})
                return lead_id
    raise ConflictError("could not claim a lead after many attempts; try again.")


def claim_lead(session: Session, settings: Settings, user: Principal, lead_id: int,
               *, now: datetime | None = None) -> None:
    """Claim one given lead; ConflictError if another analyst holds it or it is decided."""
    now = now or utcnow()
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFoundError(f"lead {lead_id} does not exist.")
    if lead.status != LeadStatus.OPEN.value:
        raise ConflictError(f"this lead is already decided ({lead.status}); revise it instead.")
    if not _take(session, lead_id, user, now, claim_cutoff(settings, now)):
        raise ConflictError("this lead is being reviewed by another analyst.")
    audit.record(session, user.username, "lead.claim", "lead", lead_id, {"via": "page"})


def release(session: Session, user: Principal, lead_id: int) -> bool:
    """Give a claim back so that someone else can take the lead."""
    res = session.execute(
        update(Lead).where(Lead.id == lead_id, Lead.claimed_by == user.username)
        .values(claimed_by=None, claimed_at=None).execution_options(synchronize_session=False)
    )
    if res.rowcount == 1:
        audit.record(session, user.username, "lead.release", "lead", lead_id, {})
        return True
    return False


def claim_state(lead: Lead, settings: Settings, viewer: Principal,
                now: datetime | None = None) -> tuple[str, datetime | None]:
    """("mine" | "other" | "none", when the claim lapses)."""
    now = now or utcnow()
    if lead.status != LeadStatus.OPEN.value or not lead.claimed_by or lead.claimed_at is None:
        return "none", None
    until = lead.claimed_at + timedelta(minutes=settings.claim_ttl_minutes)
    if until <= now:
        return "none", None
    return ("mine" if lead.claimed_by == viewer.username else "other"), until

