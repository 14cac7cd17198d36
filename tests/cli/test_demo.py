"""`screening demo`: the main job runs end to end on SQLite and a rerun adds nothing."""

from __future__ import annotations

from screening.demo import format_report, run_demo
from screening.store import repository
from screening.store.audit import verify_chain
from screening.store.db import session_scope


def test_demo_twice_is_idempotent(sqlite_settings):
    first = run_demo(sqlite_settings)
    with session_scope(sqlite_settings) as s:
        after_first = repository.counts(s)
    second = run_demo(sqlite_settings)
    with session_scope(sqlite_settings) as s:
        after_second = repository.counts(s)
        chain = verify_chain(s)

    assert [i.accepted for i in first.ingested] == [197, 120, 60]
    assert [i.quarantined for i in first.ingested] == [3, 0, 0]
    assert first.run.documents == 377 and first.run.leads == first.totals["leads"] > 0
    assert [i.accepted for i in second.ingested] == [0, 0, 0]
    assert second.run.documents == 0 and second.run.leads == 0
    for table in ("documents", "leads", "quarantine", "sources", "dispositions"):
        assert after_second[table] == after_first[table], table
    assert chain.ok

    text = format_report(second)
    assert "377 documents, 3 quarantined records" in text
    assert "Not a prediction of violence" in text
    assert "screening review serve" in text
    # every example lead shows evidence that lies in its text
    assert first.examples
    for ex in first.examples:
        assert ex["evidence"]
        for ev in ex["evidence"]:
            assert ex["text"][ev["start"]:ev["end"]] == ev["text"]
