"""What the lead page shows: highlighted evidence, context, provenance, score, history.

Posted text is hostile input. ``highlight_html`` cuts the text at every evidence boundary and
escapes each piece before wrapping it, so no character of the post is ever markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from screening.errors import NotFoundError
from screening.review.queue import claim_state, pending_first_read
from screening.review.users import Principal
from screening.screen.combine import VEILED
from screening.settings import Settings
from screening.store import audit
from screening.store.models import Disposition, Document, FirstRead, Lead, Referral, utcnow
from screening.types import DISCLAIMER, Evidence, Indicator

SCORE_EXPLANATION = (
    "This is a screening score between 0 and 1 for \"a reviewer would want to see this item\". "
    "It ranks items for human reading. It is not a probability of violence and it says nothing "
    "about the person who wrote the text."
)
UNFLAGGED_NOTE = (
    "The screener did not flag this item. It is a blind control: a random unflagged item read "
    "blind, so that analysts' judgments estimate what the screener misses. It has no evidence "
    "and no indicators; the number below is the screener's own score for it. Decide it as you "
    "would any item."
)
WELFARE_NOTE = (
    "Welfare concern: this item may be about self-harm. Follow the welfare protocol; "
    "it is not a threat indicator."
)
_CSS_NAME = re.compile(r"[^a-z_]")


def indicator_label(indicator: str) -> str:
    if indicator == Indicator.SELF_HARM.value:
        return "welfare: self harm"
    return indicator.replace("_", " ")


def _css(indicator: str) -> str:
    return "ind-" + (_CSS_NAME.sub("", indicator.lower()) or "other")


@dataclass
class EvidenceRow:
    n: int                   # 1-based, matches the mark's id "ev-n"
    ev: Evidence
    matches: bool            # the stored span still reads the same in the text
    in_text: bool            # the span lies inside the text at all
    welfare: bool

    @property
    def discounted(self) -> bool:
        return self.ev.discounted

    @property
    def veiled(self) -> bool:
        """Raised by the classifier alone with no word that names violence (its heaviest words shown)."""
        return self.ev.rule.startswith(VEILED)

    @property
    def label(self) -> str:
        return indicator_label(self.ev.indicator)


def evidence_rows(text: str, evidence: list[Evidence]) -> list[EvidenceRow]:
    rows = []
    for n, ev in enumerate(evidence, 1):
        in_text = 0 <= ev.start < ev.end <= len(text)
        rows.append(EvidenceRow(n, ev, in_text and text[ev.start:ev.end] == ev.text, in_text,
                                ev.indicator == Indicator.SELF_HARM.value))
    return rows


def highlight_html(text: str, evidence: list[Evidence]) -> Markup:
    """The text as HTML with each evidence span in a labelled ``<mark>``.

    Overlapping spans are cut into pieces at every boundary; a piece covered by several spans
    gets one ``<mark>`` with all their labels in its title and the ``overlap`` class. Each
    span's visible label follows the piece where it ends. Spans outside the text are skipped
    here (the evidence table still lists them).
    """
    spans = [(i, ev) for i, ev in enumerate(evidence, 1) if 0 <= ev.start < ev.end <= len(text)]
    cuts = sorted({0, len(text), *(ev.start for _, ev in spans), *(ev.end for _, ev in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[a:b])
        covering = [(i, ev) for i, ev in spans if ev.start <= a and b <= ev.end]
        if not covering:
            out.append(piece)
        else:
            first = covering[0][1]
            classes = ["ev", _css(first.indicator)]
            if all(ev.discounted for _, ev in covering):
                classes.append("discounted")
            if len(covering) > 1:
                classes.append("overlap")
            title = "; ".join(
                indicator_label(ev.indicator)
                + (f" (discounted: {', '.join(ev.context)})" if ev.discounted
                   else f" (context considered: {', '.join(ev.context)})" if ev.context else "")
                for _, ev in covering
            )
            starts_here = [i for i, ev in covering if ev.start == a]
            id_attr = Markup(' id="ev-{}"').format(starts_here[0]) if starts_here else ""
            out.append(Markup('<mark class="{}"{} title="{}">{}</mark>').format(
                " ".join(classes), id_attr, title, piece))
        for i, ev in spans:
            if ev.end == b:
                out.append(Markup('<span class="ev-label {}">{}<sup>{}</sup></span>').format(
                    _css(ev.indicator), indicator_label(ev.indicator), i))
    return Markup("").join(out)


@dataclass
class ThreadItem:
    lead_id: int              # internal; the page links ``ref``
    ref: str
    posted_at: datetime | None
    score: float | None       # None while that item waits for a blind first read
    indicators: list[str]
    status: str


@dataclass
class LeadView:
    lead: Lead
    doc: Document
    source_name: str
    text_html: Markup
    evidence: list[EvidenceRow]
    contexts: list[str]
    welfare: bool
    link: str | None          # only http(s) links become clickable
    claim: str
    claim_until: datetime | None
    history: list[Disposition]
    current: Disposition | None
    referrals: list[Referral]
    thread: list[ThreadItem]
    first_read: FirstRead | None = None   # the blind first judgment, when the lead had one
    unflagged: bool = False               # a blind control: the screener did not flag it
    score_explanation: str = SCORE_EXPLANATION
    disclaimer: str = DISCLAIMER
    welfare_note: str = WELFARE_NOTE
    unflagged_note: str = UNFLAGGED_NOTE
    extra: dict[str, Any] = field(default_factory=dict)


def read_evidence(raw: Any) -> tuple[list[Evidence], int]:
    """The stored evidence list; entries that do not parse are counted, not fatal."""
    out, bad = [], 0
    for item in raw if isinstance(raw, list) else []:
        try:
            out.append(Evidence.from_dict(item))
        except (KeyError, TypeError, ValueError):
            bad += 1
    return out, bad


def safe_link(url: str | None) -> str | None:
    """A link the page may render as <a href>: plain http(s) only (no javascript:, data:)."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE):
        return url
    return None


def earlier_in_thread(session: Session, lead: Lead, doc: Document) -> list[ThreadItem]:
    """Earlier leads from the same source thread (a thread is per source)."""
    if not doc.thread_id:
        return []
    rows = session.execute(
        select(Lead, Document).join(Document, Document.id == Lead.document_id)
        .where(Document.source_id == doc.source_id, Document.thread_id == doc.thread_id,
               Lead.id != lead.id, Lead.created_at <= lead.created_at)
        .order_by(Lead.created_at.desc(), Lead.ref).limit(20)   # ties by ref, never by id
    ).all()
    # an earlier item still waiting for its blind first read keeps its score and indicators hidden
    ids = [ld.id for ld, _ in rows]
    pending = set(session.execute(select(Lead.id).where(Lead.id.in_(ids), pending_first_read)).scalars())
    return [ThreadItem(ld.id, ld.ref, d.posted_at, None if ld.id in pending else ld.score,
                       [] if ld.id in pending else list(ld.indicators or []), ld.status)
            for ld, d in rows]


def lead_view(session: Session, settings: Settings, lead_id: int, viewer: Principal,
              *, now: datetime | None = None, record_view: bool = True) -> LeadView:
    """Everything the full lead page needs; records a ``lead.view`` audit event. A lead still
    waiting for its blind first read opens with ``first_read.first_read_view`` instead."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFoundError(f"lead {lead_id} does not exist.")
    doc = lead.document
    text = doc.text or ""
    evidence, unreadable = read_evidence(lead.evidence)
    history = list(session.execute(
        select(Disposition).where(Disposition.lead_id == lead.id).order_by(Disposition.id)
    ).scalars())
    superseded = {d.supersedes_id for d in history if d.supersedes_id}
    current = next((d for d in reversed(history) if d.id not in superseded), None)
    referrals = list(session.execute(
        select(Referral).where(Referral.lead_id == lead.id).order_by(Referral.id)
    ).scalars())
    claim, until = claim_state(lead, settings, viewer, now)
    contexts = sorted({*(lead.context or []), *(c for ev in evidence for c in ev.context)})
    if record_view:
        audit.record(session, viewer.username, "lead.view", "lead", lead.id, {})
    return LeadView(
        lead=lead, doc=doc, source_name=doc.source.name,
        text_html=highlight_html(text, evidence), evidence=evidence_rows(text, evidence),
        contexts=contexts, welfare=Indicator.SELF_HARM.value in (lead.indicators or []),
        link=safe_link(doc.url), claim=claim, claim_until=until, history=history, current=current,
        referrals=referrals, thread=earlier_in_thread(session, lead, doc),
        first_read=session.execute(select(FirstRead).where(FirstRead.lead_id == lead.id)).scalar_one_or_none(),
        unflagged=bool(lead.is_control),
        extra={"now": now or utcnow(), "unreadable_evidence": unreadable},
    )
