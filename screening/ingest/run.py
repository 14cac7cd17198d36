"""Run configured sources through the pipeline; keep watermarks; sync upstream deletions.

These are the functions the CLI and the DAGs call; both stay thin.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from screening.ingest.config import get_source, load_sources
from screening.ingest.pipeline import IngestSummary, ingest_records
from screening.ingest.sources.base import FetchWindow
from screening.settings import Settings, get_settings
from screening.store import audit
from screening.store import repository as repo
from screening.store.db import ensure_schema, session_scope
from screening.store.models import Document, DocumentScreening, Source
from screening.store.retention import PurgeSummary, purge_documents

log = logging.getLogger(__name__)


def ingest_source(name: str, settings: Settings | None = None, *,
                  window_start: datetime | None = None, window_end: datetime | None = None,
                  actor: str = "system") -> IngestSummary:
    """Fetch one configured source and store what it yields.

    The watermark moves forward only after every record is stored, so a failed run is read
    again next time (upserts make the overlap harmless).
    """
    settings = settings or get_settings()
    ensure_schema(settings)
    spec = get_source(settings, name)
    source = spec.build(settings)
    with session_scope(settings) as session:
        row = repo.get_or_create_source(session, spec.name, spec.kind, spec.options)
        if row.kind != spec.kind:
            from screening.errors import ConfigError

            raise ConfigError(f"source {name!r} is stored as kind {row.kind!r} but configured as "
                              f"{spec.kind!r}; give the new source a new name")
        watermark = row.watermark
    window = FetchWindow(watermark=watermark, start=window_start, end=window_end)
    summary = ingest_records(source.fetch(window), spec.name, spec.kind, settings, actor=actor,
                             source_config=spec.options)
    if source.new_watermark is not None and source.new_watermark != watermark:
        with session_scope(settings) as session:
            row = session.execute(select(Source).where(Source.name == spec.name)).scalar_one()
            if row.watermark is None or _newer(source.new_watermark, row.watermark):
                audit.record(session, actor, "ingest.watermark", "source", row.id,
                             {"source": spec.name, "from": row.watermark, "to": source.new_watermark})
                row.watermark = source.new_watermark
    source.after_ingest()
    log.info("%s", summary)
    return summary


def _newer(a: str, b: str) -> bool:
    try:
        return float(a) > float(b)
    except ValueError:
        return a > b


def ingest_all(settings: Settings | None = None, *, actor: str = "system") -> list[IngestSummary]:
    settings = settings or get_settings()
    return [ingest_source(spec.name, settings, actor=actor)
            for spec in load_sources(settings) if spec.enabled]


@dataclass
class SyncSummary(PurgeSummary):
    sources: list[str] = field(default_factory=list)


def sync_deletions(settings: Settings | None = None, *, source_names: list[str] | None = None,
                   actor: str = "system", batch_size: int = 100) -> SyncSummary:
    """Re-check stored Reddit items upstream; purge the text of those deleted or removed.

    Reddit's data terms require honouring deletions. One audit event per purged batch.
    """
    settings = settings or get_settings()
    ensure_schema(settings)
    summary = SyncSummary(what="deleted")
    for spec in load_sources(settings):
        if spec.kind != "reddit" or (source_names and spec.name not in source_names):
            continue
        summary.sources.append(spec.name)
        source = spec.build(settings)
        last_id = 0
        while True:
            with session_scope(settings) as session:
                rows = session.execute(
                    select(Document.id, Document.external_id).join(Source)
                    .where(Source.name == spec.name, Document.purged_at.is_(None),
                           Document.id > last_id)
                    .order_by(Document.id).limit(batch_size)).all()
            if not rows:
                break
            last_id = rows[-1][0]
            states = source.upstream_states([ext for _id, ext in rows])
            by_reason: dict[str, list[int]] = {}
            for doc_id, ext in rows:
                reason = states.get(ext)
                if reason:
                    by_reason.setdefault(reason, []).append(doc_id)
            summary.checked += len(rows)
            if by_reason:
                with session_scope(settings) as session:
                    n = purge_documents(session, by_reason, actor=actor, action="purge.deleted_upstream",
                                        details={"source": spec.name})
                summary.purged += n
                for reason, ids in by_reason.items():
                    summary.reasons[reason] += len(ids)
                    summary.document_ids.extend(ids)
    return summary


def unscreened_count(settings: Settings | None = None) -> int:
    """Documents with text that no model has screened yet: a cheap size for planning partitions."""
    settings = settings or get_settings()
    with session_scope(settings) as session:
        screened = select(DocumentScreening.document_id)
        return session.execute(
            select(func.count()).select_from(Document)
            .where(Document.text.is_not(None), Document.id.not_in(screened))).scalar_one()


def plan_partitions(settings: Settings | None = None, *, per_partition: int = 500,
                    max_partitions: int = 8) -> list[list[int]]:
    """``[[0, n], [1, n], ...]`` for ``screen_pending(partition=(i, n))``; at least one."""
    pending = unscreened_count(settings)
    n = max(1, min(max_partitions, -(-pending // per_partition)))
    return [[i, n] for i in range(n)]


def summary_dict(summary: Any) -> dict[str, Any]:
    return summary.as_dict() if hasattr(summary, "as_dict") else dict(summary)
