"""Screen the documents in the store that the current model has not seen yet."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from screening.screen.base import Screener
from screening.settings import Settings, get_settings
from screening.store import audit
from screening.store import repository as repo
from screening.store.db import session_scope
from screening.store.models import Document, ScreeningRun
from screening.types import Status


@dataclass
class RunSummary:
    run_id: int
    model_version: str
    documents: int = 0
    leads: int = 0
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    by_indicator: Counter = field(default_factory=Counter)
    lead_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "model_version": self.model_version,
                "documents": self.documents, "leads": self.leads, "errors": self.errors,
                "statuses": dict(self.statuses), "by_indicator": dict(self.by_indicator)}


def screen_pending(
    settings: Settings | None = None,
    screener: Screener | None = None,
    *,
    trigger: str = "cli",
    actor: str = "system",
    limit: int | None = None,
    partition: tuple[int, int] | None = None,
    source_names: list[str] | None = None,
    batch_size: int = 500,
) -> RunSummary:
    """One screening run over unscreened documents; idempotent (keyed on document + model).

    ``partition=(i, n)`` screens only documents whose id is ``i`` modulo ``n``, so that a DAG
    can fan out over partitions with dynamic task mapping.
    """
    settings = settings or get_settings()
    if screener is None:
        from screening.screen.screener import load_screener

        screener = load_screener(settings)
    with session_scope(settings) as session:
        ids = repo.pending_document_ids(session, screener.model_version, limit=limit,
                                        source_names=source_names)
        run = repo.start_run(session, screener.model_version, screener.rules_version,
                             settings.fingerprint(), trigger)
        run_id = run.id
        audit.record(session, actor, "screen.start", "screening_run", run_id,
                     {"model_version": screener.model_version,
                      "rules_version": screener.rules_version, "trigger": trigger,
                      "partition": list(partition) if partition else None})
    if partition:
        i, n = partition
        ids = [d for d in ids if d % n == i]
    summary = RunSummary(run_id=run_id, model_version=screener.model_version)
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        with session_scope(settings) as session:
            run = session.get(ScreeningRun, run_id)
            docs = list(session.execute(
                select(Document).where(Document.id.in_(chunk), Document.text.is_not(None))
                .order_by(Document.id)).scalars())
            for doc, result in zip(docs, screener.screen_many(d.text for d in docs), strict=True):
                summary.documents += 1
                summary.statuses[result.status.value] += 1
                if result.status is Status.ERROR:
                    summary.errors += 1
                if repo.record_screening(session, run, doc, result, screener.rules_version):
                    summary.leads += 1
                    summary.by_indicator.update(result.indicators)
    with session_scope(settings) as session:
        run = session.get(ScreeningRun, run_id)
        run.n_documents, run.n_leads, run.n_errors = summary.documents, summary.leads, summary.errors
        repo.finish_run(session, run)
        audit.record(session, actor, "screen.finish", "screening_run", run_id, summary.as_dict())
    return summary
