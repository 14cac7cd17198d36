"""The blind control sample: what the screener lets through.

A small random fraction of *unflagged* screened documents goes into the review queue as
ordinary-looking leads (``is_control=True``; no evidence, the document's own score, status
open, the usual disclaimer). Analysts review them like any lead; their decisions estimate
the miss rate among unflagged items — (escalated + needs-info) / reviewed controls — which,
times the number of unflagged items, estimates how many leads the screener missed.

Selection is a keyed hash of (model version, document), compared with the fraction: every
unflagged document has the same chance, the choice is stable (sampling the same run twice
adds nothing), and nobody without the key can tell which documents will be controls. The
``uq_leads_doc_model`` constraint guarantees at most one control per document and model.

**Blind first reads.** A control carries no evidence while every lead does, so a page that
showed evidence at once would give controls away. Every control therefore opens in the blind
first-read mode (``leads.blind_first_read``; see ``screening.review.first_read``), and so does
an equal-sized sample of the same scope's real leads, drawn with the same keyed hash (its own
purpose tag) — the lowest draws among open leads nobody has claimed or viewed yet. The miss
rate comes from the controls' first reads, made before the analyst could know what the item
was; the agreement between blind first reads of sampled leads and their later dispositions
says how much the evidence changes analysts' minds.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select, update
from sqlalchemy.orm import Session

from screening.audit.outcomes import POSITIVE_DECISIONS, LeadOutcome, Period, load_outcomes
from screening.audit.stats import Proportion, wilson
from screening.settings import Settings, get_settings
from screening.store import audit
from screening.store.models import AuditEvent, DocumentScreening, Lead, ScreeningRun
from screening.types import DISCLAIMER, Status

SAMPLER_VERSION = "controls/1"
LEAD_SAMPLER_VERSION = "blind-leads/1"   # the purpose tag of the draw for blind-read leads


def _draw(key: bytes, seed: int, model_version: str, document_id: int,
          purpose: str = SAMPLER_VERSION) -> float:
    """A uniform number in [0, 1) fixed by the key, the purpose, the seed, the model and the
    document."""
    msg = f"{purpose}|{seed}|{model_version}|{document_id}".encode()
    return int.from_bytes(hmac.new(key, msg, hashlib.sha256).digest()[:8], "big") / 2**64


@dataclass
class ControlSample:
    fraction: float
    seed: int
    candidates: int = 0          # unflagged screened documents considered
    created: int = 0             # new control leads
    already: int = 0             # selected, but a lead for (document, model) existed
    blind_leads: int = 0         # real leads newly set to open in the blind first-read mode
    blind_short: int = 0         # how many more were needed to match the controls, but none was eligible
    run_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"fraction": self.fraction, "seed": self.seed, "candidates": self.candidates,
                "created": self.created, "already": self.already, "blind_leads": self.blind_leads,
                "blind_short": self.blind_short, "run_ids": self.run_ids,
                "sampler": SAMPLER_VERSION, "lead_sampler": LEAD_SAMPLER_VERSION}

    def __str__(self) -> str:
        short = f", {self.blind_short} short: no other open unviewed lead" if self.blind_short else ""
        return (f"controls: {self.created} new of {self.candidates} unflagged documents "
                f"(fraction {self.fraction}, {self.already} already in the queue); "
                f"{self.blind_leads} real leads added to the blind first reads{short}")


def sample_controls(settings: Settings | None = None, *, run_id: int | None = None,
                    period: Period | None = None, fraction: float | None = None, seed: int = 0,
                    actor: str = "system") -> ControlSample:
    """Put a random ``fraction`` of the unflagged documents screened in one run (or in a
    period) into the review queue as blind controls. Idempotent.
    """
    from screening.store.db import session_scope

    settings = settings or get_settings()
    fraction = settings.control_fraction if fraction is None else fraction
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"control fraction must be in [0, 1], got {fraction}")
    if (run_id is None) == (period is None):
        raise ValueError("give exactly one of run_id or period")
    key = settings.pseudonym_key.get_secret_value().encode()
    result = ControlSample(fraction=fraction, seed=seed)
    with session_scope(settings) as session:
        q = (select(DocumentScreening, ScreeningRun.rules_version)
             .join(ScreeningRun, DocumentScreening.run_id == ScreeningRun.id)
             .where(DocumentScreening.flagged.is_(False),
                    DocumentScreening.status == Status.SCREENED.value)
             .order_by(DocumentScreening.id))
        if run_id is not None:
            q = q.where(DocumentScreening.run_id == run_id)
        else:
            q = q.where(DocumentScreening.screened_at >= period.since,
                        DocumentScreening.screened_at < period.until)
        rows = session.execute(q).all()
        result.candidates = len(rows)
        chosen = [(ds, rules) for ds, rules in rows
                  if _draw(key, seed, ds.model_version, ds.document_id) < fraction]
        from screening.store.repository import _insert

        for ds, rules_version in chosen:
            new_id = session.execute(
                _insert(session, Lead).values(
                    document_id=ds.document_id, run_id=ds.run_id, score=float(ds.score),
                    indicators=[], evidence=[], context=[], model_version=ds.model_version,
                    rules_version=rules_version, disclaimer=DISCLAIMER, status="open",
                    # raised "when screened", like the run's own leads: no tell-tale timestamp,
                    # and the control falls in the same period as the population it samples
                    is_control=True, blind_first_read=True, created_at=ds.screened_at,
                ).on_conflict_do_nothing(index_elements=["document_id", "model_version"])
                .returning(Lead.id)
            ).scalar_one_or_none()
            if new_id is None:
                result.already += 1
            else:
                result.created += 1
        result.run_ids = sorted({ds.run_id for ds, _ in rows})
        session.flush()
        _sample_blind_leads(session, key, seed, result, run_id=run_id, period=period)
        # counts only: the audit log must not become a list of which leads are controls
        audit.record(session, actor, "controls.sample", "screening_run",
                     run_id if run_id is not None else None, result.as_dict())
    return result


def _sample_blind_leads(session: Session, key: bytes, seed: int, result: ControlSample, *,
                        run_id: int | None, period: Period | None) -> None:
    """Match the scope's controls with as many real leads read blind: the lowest keyed draws
    among open leads that nobody holds or has opened yet (once seen, a lead cannot be read
    blind). Stable: the same store and seed give the same leads, and a rerun adds none."""
    def scope(q):
        if run_id is not None:
            return q.where(Lead.run_id == run_id)
        return q.where(Lead.created_at >= period.since, Lead.created_at < period.until)

    n_controls = session.execute(scope(select(func.count(Lead.id)).where(
        Lead.is_control.is_(True)))).scalar_one()
    n_blind = session.execute(scope(select(func.count(Lead.id)).where(
        Lead.is_control.is_(False), Lead.blind_first_read.is_(True)))).scalar_one()
    needed = n_controls - n_blind
    if needed <= 0:
        return
    viewed = (select(AuditEvent.entity_id)
              .where(AuditEvent.entity_type == "lead", AuditEvent.action.like("lead.%")))
    candidates = session.execute(scope(
        select(Lead.id, Lead.model_version, Lead.document_id)
        .where(Lead.is_control.is_(False), Lead.blind_first_read.is_(False),
               Lead.status == "open", Lead.claimed_by.is_(None),
               cast(Lead.id, String).not_in(viewed))
    )).all()
    ranked = sorted(candidates, key=lambda r: (_draw(key, seed, r.model_version, r.document_id,
                                                     LEAD_SAMPLER_VERSION), r.id))
    chosen = [r.id for r in ranked[:needed]]
    if chosen:
        session.execute(update(Lead).where(Lead.id.in_(chosen)).values(blind_first_read=True)
                        .execution_options(synchronize_session=False))
    result.blind_leads = len(chosen)
    result.blind_short = needed - len(chosen)


@dataclass
class ControlEstimate:
    sampled: int
    first_read: int              # controls with a blind first read
    first_read_concerning: int   # ... judged concerning at that read
    reviewed: int                # controls with a disposition (made after the item was disclosed)
    dismissed: int
    escalated: int
    needs_info: int
    unflagged: int               # unflagged screened documents in the period
    miss_rate: Proportion        # concerning first reads / first reads of controls
    after_disclosure: Proportion  # (escalated + needs_info) / reviewed controls

    def to_dict(self) -> dict[str, Any]:
        return {"sampled": self.sampled, "first_read": self.first_read,
                "first_read_concerning": self.first_read_concerning,
                "reviewed": self.reviewed, "dismissed": self.dismissed,
                "escalated": self.escalated, "needs_info": self.needs_info,
                "unflagged": self.unflagged, "miss_rate": self.miss_rate.to_dict(),
                "estimated_missed": self.miss_rate.scaled(self.unflagged),
                "after_disclosure": self.after_disclosure.to_dict()}


@dataclass
class BlindLeadReads:
    """Sampled real leads: the blind first read against the disposition made after the evidence
    was shown. ``table[first read][decision]`` counts pairs; positive = escalated or needs-info."""

    sampled: int
    first_read: int
    concerning: Proportion       # concerning first reads / first reads of sampled leads
    pairs: int                   # first read and disposition both made
    table: dict[str, dict[str, int]]
    agreement: Proportion        # pairs where the first read and the decision agree
    kappa: float | None          # Cohen's kappa over the pairs (None when undefined)

    def to_dict(self) -> dict[str, Any]:
        return {"sampled": self.sampled, "first_read": self.first_read,
                "concerning": self.concerning.to_dict(), "pairs": self.pairs, "table": self.table,
                "agreement": self.agreement.to_dict(), "kappa": self.kappa}


def blind_lead_reads(outcomes: list[LeadOutcome], confidence: float = 0.95) -> BlindLeadReads:
    """Agreement between blind first reads of sampled leads and their later dispositions."""
    sampled = [o for o in outcomes if o.blind and not o.is_control]
    read = [o for o in sampled if o.first_read is not None]
    pairs = [o for o in read if o.decision is not None]
    table = {fr: {"positive": 0, "dismissed": 0} for fr in ("concerning", "not_concerning")}
    for o in pairs:
        table["concerning" if o.first_read else "not_concerning"][
            "positive" if o.decision in POSITIVE_DECISIONS else "dismissed"] += 1
    a, b = table["concerning"]["positive"], table["concerning"]["dismissed"]
    c, d = table["not_concerning"]["positive"], table["not_concerning"]["dismissed"]
    n = len(pairs)
    kappa = None
    if n:
        po = (a + d) / n
        pe = ((a + b) * (a + c) + (c + d) * (b + d)) / n**2
        kappa = None if pe == 1 else (po - pe) / (1 - pe)
    return BlindLeadReads(
        sampled=len(sampled), first_read=len(read),
        concerning=wilson(sum(bool(o.first_read) for o in read), len(read), confidence),
        pairs=n, table=table, agreement=wilson(a + d, n, confidence), kappa=kappa)


@dataclass
class ControlFigures:
    overall: ControlEstimate
    by_model_version: dict[str, ControlEstimate]
    blind_leads: BlindLeadReads

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall.to_dict(),
                "by_model_version": {k: v.to_dict() for k, v in self.by_model_version.items()},
                "blind_leads": self.blind_leads.to_dict()}


def _unflagged_counts(session: Session, period: Period) -> dict[str, int]:
    q = (select(DocumentScreening.model_version, func.count())
         .where(DocumentScreening.flagged.is_(False),
                DocumentScreening.status == Status.SCREENED.value,
                DocumentScreening.screened_at >= period.since,
                DocumentScreening.screened_at < period.until)
         .group_by(DocumentScreening.model_version))
    return {mv: n for mv, n in session.execute(q).all()}


def control_figures(session: Session, period: Period, *, as_of: datetime | None = None,
                    confidence: float = 0.95) -> ControlFigures:
    """Miss-rate estimate from the blind first reads of the control leads created in
    ``period``, overall and per model version, scaled to the unflagged documents screened in
    the period; and the agreement of sampled leads' first reads with their dispositions.
    """
    everything = load_outcomes(session, period, as_of=as_of)
    outcomes = [o for o in everything if o.is_control]
    unflagged = _unflagged_counts(session, period)

    def estimate(items, population: int) -> ControlEstimate:
        reviewed = [o for o in items if o.reviewed]
        read = [o for o in items if o.first_read is not None]
        concerning = sum(bool(o.first_read) for o in read)
        by = {d: sum(o.decision == d for o in reviewed) for d in ("dismissed", "escalated", "needs_info")}
        return ControlEstimate(
            sampled=len(items), first_read=len(read), first_read_concerning=concerning,
            reviewed=len(reviewed), unflagged=population,
            miss_rate=wilson(concerning, len(read), confidence),
            after_disclosure=wilson(by["escalated"] + by["needs_info"], len(reviewed), confidence),
            **by)

    versions = sorted(set(unflagged) | {o.model_version for o in outcomes})
    return ControlFigures(
        overall=estimate(outcomes, sum(unflagged.values())),
        by_model_version={v: estimate([o for o in outcomes if o.model_version == v],
                                      unflagged.get(v, 0)) for v in versions},
        blind_leads=blind_lead_reads(everything, confidence),
    )


def sample_after_screening(settings: Settings | None, run_id: int, *, seed: int = 0,
                           actor: str = "system") -> ControlSample:
    """The hook the screening DAG and the demo call right after ``screen_pending``: sample
    that run's unflagged documents at ``settings.control_fraction``. Kept here, not in
    ``screen/run.py``, because the audit layer may use the screening layer but not the reverse.
    """
    return sample_controls(settings, run_id=run_id, seed=seed, actor=actor)
