"""The shared ingestion pipeline: validation table, quarantine, pseudonyms, idempotence."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from screening.ingest.pipeline import ingest_records, pseudonymize
from screening.store.db import session_scope
from screening.store.models import AuditEvent, Document, Quarantine
from screening.types import IncomingDocument

GOOD = {"id": "g1", "text": "Anyone know a good bakery downtown?", "consent_basis": "public_post",
        "author": "BreadFan", "posted_at": "2026-03-01T10:00:00Z"}


class Unparseable(Exception):
    def __init__(self):
        super().__init__("line 7: invalid JSON")
        self.raw, self.reason = '{"id": 3, "text": ', "malformed"


@pytest.mark.parametrize(
    "record, reason",
    [
        (GOOD, None),
        ({**GOOD, "consent_basis": None}, "no_consent_basis"),
        ({k: v for k, v in GOOD.items() if k != "consent_basis"}, "no_consent_basis"),
        ({**GOOD, "consent_basis": "scraped"}, "bad_consent_basis"),
        ({**GOOD, "text": ""}, "empty_text"),
        ({**GOOD, "text": "   \n"}, "empty_text"),
        ({**GOOD, "text": 42}, "missing_text"),
        ({k: v for k, v in GOOD.items() if k != "text"}, "missing_text"),
        ({**GOOD, "id": None}, "missing_id"),
        ({**GOOD, "text": "x" * 50_001}, "too_large"),
        ({**GOOD, "posted_at": "last tuesday"}, "bad_timestamp"),
        ({**GOOD, "text": "nul\x00byte"}, "malformed"),
        (["not", "an", "object"], "malformed"),
        (Unparseable(), "malformed"),
    ],
)
def test_validation_table(sqlite_settings, record, reason):
    summary = ingest_records([record], "t", "forum_export", sqlite_settings)
    with session_scope(sqlite_settings) as s:
        docs = s.execute(select(Document)).scalars().all()
        quarantined = s.execute(select(Quarantine)).scalars().all()
    if reason is None:
        assert (summary.accepted, summary.quarantined, len(docs)) == (1, 0, 1)
    else:
        assert (summary.accepted, summary.quarantined, len(docs)) == (0, 1, 0)
        assert [q.reason for q in quarantined] == [reason]
        assert quarantined[0].payload  # the raw record is kept, never dropped


def test_rerun_adds_nothing_and_counts_duplicates(store_settings):
    batch = [GOOD, {**GOOD, "id": "g2", "text": "second"}, {**GOOD, "id": "bad", "text": ""}]
    first = ingest_records(batch, "forum", "forum_export", store_settings)
    second = ingest_records(batch, "forum", "forum_export", store_settings)
    assert (first.accepted, first.duplicate, first.quarantined) == (2, 0, 1)
    assert (second.accepted, second.duplicate, second.quarantined) == (0, 2, 1)
    with session_scope(store_settings) as s:
        assert len(s.execute(select(Document)).scalars().all()) == 2
        assert len(s.execute(select(Quarantine)).scalars().all()) == 1
        assert s.execute(select(AuditEvent.action)).scalars().all() == ["ingest.batch"] * 2


def test_authors_are_stored_only_as_keyed_pseudonyms(sqlite_settings):
    ingest_records([GOOD, {**GOOD, "id": "g2", "author": " breadfan "}], "f", "forum_export",
                   sqlite_settings)
    with session_scope(sqlite_settings) as s:
        pseudos = s.execute(select(Document.author_pseudonym)).scalars().all()
    assert pseudos[0] == pseudos[1]           # same person, same pseudonym
    assert "breadfan" not in pseudos[0].lower()
    assert pseudonymize("BreadFan", "key-a") != pseudonymize("BreadFan", "key-b")
    assert pseudonymize(None, "k") is None and pseudonymize("  ", "k") is None


def test_incoming_document_objects_and_batches(sqlite_settings):
    docs = [IncomingDocument(source="s", external_id=str(i), text=f"post {i}",
                             consent_basis="platform_agreement") for i in range(7)]
    summary = ingest_records(docs, "s", "forum_export", sqlite_settings, batch_size=3)
    assert summary.accepted == 7 and len(summary.document_ids) == 7
