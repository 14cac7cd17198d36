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
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from screening.audit.outcomes import Period, load_outcomes
from screening.audit.stats import Proportion, wilson
from screening.settings import Settings, get_settings
from screening.store import audit
from screening.store.models import DocumentScreening, Lead, ScreeningRun
from screening.types import DISCLAIMER, Status

SAMPLER_VERSION = "controls/1"


def _draw(key: bytes, seed: int, model_version: str, document_id: int) -> float:
    """A uniform number in [0, 1) fixed by the key, the seed, the model and the document."""
    msg = f"{SAMPLER_VERSION}|{seed}|{model_version}|{document_id}".encode()
    return int.from_bytes(hmac.new(key, msg, hashlib.sha256).digest()[:8], "big") / 2**64


@dataclass
class ControlSample:
    fraction: float
    seed: int
    candidates: int = 0          # unflagged screened documents considered
    created: int = 0             # new control leads
    already: int = 0             # selected, but a lead for (document, model) existed
    run_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"fraction": self.fraction, "seed": self.seed, "candidates": self.candidates,
                "created": self.created, "already": self.already, "run_ids": self.run_ids,
                "sampler": SAMPLER_VERSION}

    def __str__(self) -> str:
        return (f"controls: {self.created} new of {self.candidates} unflagged documents "
                f"(fraction {self.fraction}, {self.already} already in the queue)")


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
                    is_control=True, created_at=ds.screened_at,
                ).on_conflict_do_nothing(index_elements=["document_id", "model_version"])
                .returning(Lead.id)
            ).scalar_one_or_none()
            if new_id is None:
                result.already += 1
            else:
                result.created += 1
        result.run_ids = sorted({ds.run_id for ds, _ in rows})
        # counts only: the audit log must not become a list of which leads are controls
        audit.record(session, actor, "controls.sample", "screening_run",
                     run_id if run_id is not None else None, result.as_dict())
    return result


@dataclass
class ControlEstimate:
    sampled: int
    reviewed: int
    dismissed: int
    escalated: int
    needs_info: int
    unflagged: int               # unflagged screened documents in the period
    miss_rate: Proportion        # (escalated + needs_info) / reviewed controls

    def to_dict(self) -> dict[str, Any]:
        return {"sampled": self.sampled, "reviewed": self.reviewed, "dismissed": self.dismissed,
                "escalated": self.escalated, "needs_info": self.needs_info,
                "unflagged": self.unflagged, "miss_rate": self.miss_rate.to_dict(),
                "estimated_missed": self.miss_rate.scaled(self.unflagged)}


@dataclass
class ControlFigures:
    overall: ControlEstimate
    by_model_version: dict[str, ControlEstimate]

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall.to_dict(),
                "by_model_version": {k: v.to_dict() for k, v in self.by_model_version.items()}}


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
    """Miss-rate estimate from the control leads created in ``period``, overall and per model
    version, scaled to the unflagged documents screened in the period.
    """
    outcomes = load_outcomes(session, period, as_of=as_of, controls=True)
    unflagged = _unflagged_counts(session, period)

    def estimate(items, population: int) -> ControlEstimate:
        reviewed = [o for o in items if o.reviewed]
        by = {d: sum(o.decision == d for o in reviewed) for d in ("dismissed", "escalated", "needs_info")}
        return ControlEstimate(
            sampled=len(items), reviewed=len(reviewed), unflagged=population,
            miss_rate=wilson(by["escalated"] + by["needs_info"], len(reviewed), confidence), **by)

    versions = sorted(set(unflagged) | {o.model_version for o in outcomes})
    return ControlFigures(
        overall=estimate(outcomes, sum(unflagged.values())),
        by_model_version={v: estimate([o for o in outcomes if o.model_version == v],
                                      unflagged.get(v, 0)) for v in versions},
    )


def sample_after_screening(settings: Settings | None, run_id: int, *, seed: int = 0,
                           actor: str = "system") -> ControlSample:
    """The hook the screening DAG and the demo call right after ``screen_pending``: sample
    that run's unflagged documents at ``settings.control_fraction``. Kept here, not in
    ``screen/run.py``, because the audit layer may use the screening layer but not the reverse.
    """
    return sample_controls(settings, run_id=run_id, seed=seed, actor=actor)
