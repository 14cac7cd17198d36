"""Retention purge: unflagged text older than the window goes; leads keep theirs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from screening.ingest.pipeline import ingest_records
from screening.store import repository as repo
from screening.store.db import session_scope
from screening.store.models import AuditEvent, Document
from screening.store.retention import purge_retention
from screening.types import Evidence, ScreenResult, Status


def _setup(settings, ages_days: dict[str, int], flagged: set[str], unscreened: set[str]):
    now = datetime.now(UTC)
    ingest_records([{"id": k, "text": f"text {k}", "consent_basis": "public_post"} for k in ages_days],
                   "s", "cli", settings)
    with session_scope(settings) as s:
        run = repo.start_run(s, "m1", "r1", "h")
        for doc in s.execute(select(Document)).scalars():
            doc.collected_at = now - timedelta(days=ages_days[doc.external_id])
            if doc.external_id in unscreened:
                continue
            result = ScreenResult(status=Status.SCREENED, flagged=doc.external_id in flagged, score=0.9,
                                  indicators=["violent_ideation"], model_version="m1",
                                  evidence=[Evidence(0, 4, "text", "violent_ideation", "d", "r")])
            repo.record_screening(s, run, doc, result, "r1")
    return now


@pytest.mark.parametrize("ages, flagged, unscreened, days, purged", [
    ({"old": 200, "new": 10}, set(), set(), 180, {"old"}),
    ({"old": 200, "old_lead": 300}, {"old_lead"}, set(), 180, {"old"}),
    ({"a": 5, "b": 6}, set(), set(), 180, set()),
    ({"a": 5, "b": 40}, set(), set(), 30, {"b"}),
    # never screened: keep the text until the screener has seen it
    ({"old": 200, "old_unscreened": 300}, set(), {"old_unscreened"}, 180, {"old"}),
])
def test_retention(store_settings, ages, flagged, unscreened, days, purged):
    now = _setup(store_settings, ages, flagged, unscreened)
    summary = purge_retention(store_settings, as_of=now, days=days)
    assert summary.purged == len(purged)
    with session_scope(store_settings) as s:
        docs = {d.external_id: d for d in s.execute(select(Document)).scalars()}
        events = s.execute(select(AuditEvent).where(AuditEvent.action == "purge.retention")).scalars().all()
    assert {k for k, d in docs.items() if d.text is None} == purged
    assert all(docs[k].purge_reason == "retention" and docs[k].purged_at for k in purged)
    assert len(events) == (1 if purged else 0)
    # same interval again: nothing more
    assert purge_retention(store_settings, as_of=now, days=days).purged == 0
