"""The ingestion pipeline every source goes through: validate, consent check, pseudonymize,
dedup (upsert), quarantine the malformed, count, audit.

Sources only yield records (``IncomingDocument`` or plain dicts); they never write.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from screening.errors import ConsentError, ValidationError
from screening.settings import Settings, get_settings
from screening.store import audit
from screening.store import repository as repo
from screening.store.db import session_scope
from screening.types import ConsentBasis, IncomingDocument

CONSENT_VALUES = {c.value for c in ConsentBasis}


def pseudonymize(author: str | None, key: str) -> str | None:
    """Keyed pseudonym (HMAC-SHA256): stable per author, not reversible without the key."""
    if author is None or not str(author).strip():
        return None
    digest = hmac.new(key.encode(), str(author).strip().lower().encode(), hashlib.sha256)
    return "p_" + digest.hexdigest()[:24]


def _parse_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value), tz=UTC)
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError("bad_timestamp", f"posted_at {value!r} is not an ISO 8601 time") from exc
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def coerce(record: IncomingDocument | dict[str, Any], source_name: str) -> IncomingDocument:
    """Turn a plain mapping into an IncomingDocument, or raise ValidationError."""
    if isinstance(record, IncomingDocument):
        return record
    if not isinstance(record, dict):
        raise ValidationError("malformed", f"expected a JSON object, got {type(record).__name__}")
    ext = record.get("external_id", record.get("id"))
    return IncomingDocument(
        source=source_name,
        external_id=None if ext is None else str(ext),
        text=record.get("text"),
        consent_basis=record.get("consent_basis"),
        url=record.get("url"),
        author=record.get("author"),
        title=record.get("title"),
        thread_id=None if record.get("thread_id") is None else str(record.get("thread_id")),
        posted_at=record.get("posted_at"),
        extra={k: v for k, v in record.items() if k not in {
            "external_id", "id", "text", "consent_basis", "url", "author", "title",
            "thread_id", "posted_at"}},
        raw=record,
    )


def validate(doc: IncomingDocument, settings: Settings) -> dict[str, Any]:
    """Check one record and return the fields to store. Raises ValidationError with a reason."""
    if not doc.external_id or not str(doc.external_id).strip():
        raise ValidationError("missing_id", "record has no external id; sources must give one")
    if doc.consent_basis is None or str(doc.consent_basis).strip() == "":
        raise ConsentError("no_consent_basis", "record has no consent basis: no basis, no ingestion")
    if doc.consent_basis not in CONSENT_VALUES:
        raise ConsentError("bad_consent_basis",
                           f"consent basis {doc.consent_basis!r} is not one of {sorted(CONSENT_VALUES)}")
    if not isinstance(doc.text, str):
        raise ValidationError("missing_text", "record has no text field (or it is not a string)")
    if not doc.text.strip():
        raise ValidationError("empty_text", "record text is empty")
    if len(doc.text) > settings.max_document_chars:
        raise ValidationError("too_large",
                              f"text has {len(doc.text)} characters; the limit is "
                              f"{settings.max_document_chars} (SCREENING_MAX_DOCUMENT_CHARS)")
    if "\x00" in doc.text:
        raise ValidationError("malformed", "text contains NUL bytes")
    return {
        "external_id": str(doc.external_id)[:200],
        "text": doc.text,
        "consent_basis": doc.consent_basis,
        "url": doc.url,
        "title": (doc.title or None) and str(doc.title)[:500],
        "thread_id": doc.thread_id,
        "posted_at": _parse_time(doc.posted_at),
        "author_pseudonym": pseudonymize(doc.author, settings.pseudonym_key.get_secret_value()),
        "extra": _json_safe(doc.extra),
    }


def _json_safe(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value, default=str))


@dataclass
class IngestSummary:
    source: str
    accepted: int = 0       # newly stored
    updated: int = 0        # same id, text edited upstream
    duplicate: int = 0      # already stored, unchanged
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    document_ids: list[int] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.accepted + self.updated + self.duplicate + self.quarantined

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("document_ids")
        d["seen"] = self.seen
        return d

    def __str__(self) -> str:
        reasons = ", ".join(f"{k}={v}" for k, v in sorted(self.reasons.items())) or "none"
        return (f"{self.source}: {self.seen} seen, {self.accepted} accepted, {self.updated} updated, "
                f"{self.duplicate} duplicate, {self.quarantined} quarantined ({reasons})")


def ingest_records(
    records: Iterable[IncomingDocument | dict[str, Any] | Exception],
    source_name: str,
    source_kind: str,
    settings: Settings | None = None,
    *,
    actor: str = "system",
    source_config: dict[str, Any] | None = None,
    batch_size: int = 500,
) -> IngestSummary:
    """Validate and store records from one source; quarantine what fails, never drop it.

    A source may yield an ``Exception`` carrying ``.raw`` and ``.reason`` for a record it could
    not even parse (for example a malformed JSON line); it is quarantined like the rest.
    Committed in batches so a long feed does not hold one huge transaction.
    """
    settings = settings or get_settings()
    summary = IngestSummary(source=source_name)
    batch: list[Any] = []

    def flush(items: list[Any]) -> None:
        with session_scope(settings) as session:
            source = repo.get_or_create_source(session, source_name, source_kind, source_config)
            for item in items:
                _ingest_one(session, source, item, settings, summary)
            audit.record(session, actor, "ingest.batch", "source", source.id,
                         {"source": source_name, **summary_delta(items, summary)})

    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            flush(batch)
            batch = []
    if batch or summary.seen == 0:
        flush(batch)
    return summary


def summary_delta(items: list[Any], summary: IngestSummary) -> dict[str, Any]:
    return {"batch_size": len(items), "totals": summary.as_dict()}


def _ingest_one(session, source, item, settings: Settings, summary: IngestSummary) -> None:
    if isinstance(item, Exception):
        reason = getattr(item, "reason", "malformed")
        raw = getattr(item, "raw", repr(item))
        repo.quarantine(session, source.name, raw, reason, str(item))
        summary.quarantined += 1
        summary.reasons[reason] = summary.reasons.get(reason, 0) + 1
        return
    try:
        doc = coerce(item, source.name)
        fields = validate(doc, settings)
    except ValidationError as exc:
        raw = item.raw if isinstance(item, IncomingDocument) and item.raw is not None else (
            asdict(item) if isinstance(item, IncomingDocument) else item)
        ext = getattr(item, "external_id", None) if isinstance(item, IncomingDocument) else (
            item.get("external_id", item.get("id")) if isinstance(item, dict) else None)
        repo.quarantine(session, source.name, raw, exc.reason, exc.message,
                        None if ext is None else str(ext)[:200])
        summary.quarantined += 1
        summary.reasons[exc.reason] = summary.reasons.get(exc.reason, 0) + 1
        return
    doc_id, outcome = repo.upsert_document(session, source, **fields)
    summary.document_ids.append(doc_id)
    if outcome == "inserted":
        summary.accepted += 1
    elif outcome == "updated":
        summary.updated += 1
    else:
        summary.duplicate += 1
