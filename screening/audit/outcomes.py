"""Leads raised in a period, each with the decision that counts for it now.

Dispositions are append-only revisions: a correction is a new row that names the one it
supersedes. The decision that counts for a lead is its latest revision — the one no other row
supersedes, latest ``decided_at`` (then id) if a lead has several such rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from screening.store.models import Disposition, Document, FirstRead, Lead, Source

POSITIVE_DECISIONS = frozenset({"escalated", "needs_info"})   # "a reviewer wanted to see this"


@dataclass(frozen=True)
class Period:
    """``[since, until)`` in UTC."""

    since: datetime
    until: datetime

    def __post_init__(self) -> None:
        if self.since.tzinfo is None or self.until.tzinfo is None:
            raise ValueError("period bounds must be timezone-aware (UTC)")
        if self.until <= self.since:
            raise ValueError(f"empty period: until ({self.until}) is not after since ({self.since})")

    @classmethod
    def from_dates(cls, since: date, until: date | None = None) -> Period:
        """Whole UTC days from ``since`` through ``until`` inclusive (default: through today)."""
        until = until or datetime.now(UTC).date()
        return cls(datetime.combine(since, time.min, UTC),
                   datetime.combine(until + timedelta(days=1), time.min, UTC))

    def weeks(self) -> list[date]:
        """Mondays of the ISO weeks that overlap the period, in order."""
        monday = self.since.date() - timedelta(days=self.since.weekday())
        out = []
        while datetime.combine(monday, time.min, UTC) < self.until:
            out.append(monday)
            monday += timedelta(days=7)
        return out

    def to_dict(self) -> dict[str, str]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat()}


def week_of(ts: datetime) -> date:
    d = ts.astimezone(UTC).date()
    return d - timedelta(days=d.weekday())


@dataclass(frozen=True)
class LeadOutcome:
    lead_id: int
    document_id: int
    source: str
    indicators: tuple[str, ...]
    score: float
    model_version: str
    created_at: datetime
    is_control: bool
    decision: str | None        # None: not reviewed yet
    reason_code: str | None
    blind: bool = False         # opened in the blind first-read mode (every control, sampled leads)
    first_read: bool | None = None   # the blind first judgment: True concerning; None not yet read

    @property
    def reviewed(self) -> bool:
        return self.decision is not None

    @property
    def positive(self) -> bool:
        return self.decision in POSITIVE_DECISIONS


def latest_dispositions(rows: list[Disposition]) -> dict[int, Disposition]:
    """The disposition that counts for each lead among ``rows``."""
    superseded = {r.supersedes_id for r in rows if r.supersedes_id is not None}
    latest: dict[int, Disposition] = {}
    for r in rows:
        if r.id in superseded:
            continue
        cur = latest.get(r.lead_id)
        if cur is None or (r.decided_at, r.id) > (cur.decided_at, cur.id):
            latest[r.lead_id] = r
    return latest


def load_outcomes(session: Session, period: Period, *, as_of: datetime | None = None,
                  controls: bool | None = None) -> list[LeadOutcome]:
    """Leads created in ``period`` with their counting decision.

    ``as_of`` ignores dispositions decided after it (default: every disposition so far), so a
    report on a past period can be reproduced. ``controls`` True/False keeps only control /
    only screener leads; None keeps both.
    """
    q = (select(Lead.id, Lead.document_id, Source.name, Lead.indicators, Lead.score,
                Lead.model_version, Lead.created_at, Lead.is_control, Lead.blind_first_read)
         .join(Document, Lead.document_id == Document.id)
         .join(Source, Document.source_id == Source.id)
         .where(Lead.created_at >= period.since, Lead.created_at < period.until)
         .order_by(Lead.id))
    if controls is not None:
        q = q.where(Lead.is_control.is_(controls))
    leads = session.execute(q).all()
    if not leads:
        return []
    dq = (select(Disposition).join(Lead, Disposition.lead_id == Lead.id)
          .where(Lead.created_at >= period.since, Lead.created_at < period.until))
    if as_of is not None:
        dq = dq.where(Disposition.decided_at <= as_of)
    latest = latest_dispositions(list(session.execute(dq).scalars()))
    fq = (select(FirstRead.lead_id, FirstRead.concerning).join(Lead, FirstRead.lead_id == Lead.id)
          .where(Lead.created_at >= period.since, Lead.created_at < period.until))
    if as_of is not None:
        fq = fq.where(FirstRead.read_at <= as_of)
    first_reads = {lid: bool(c) for lid, c in session.execute(fq).all()}
    out = []
    for lead_id, doc_id, source, indicators, score, model_version, created_at, is_control, blind in leads:
        d = latest.get(lead_id)
        out.append(LeadOutcome(
            lead_id=lead_id, document_id=doc_id, source=source,
            indicators=tuple(indicators or ()), score=float(score),
            model_version=model_version, created_at=created_at, is_control=bool(is_control),
            decision=d.decision if d else None, reason_code=d.reason_code if d else None,
            blind=bool(blind), first_read=first_reads.get(lead_id)))
    return out
