"""Reddit ingestion with real PRAW against a fake Reddit on 127.0.0.1."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from screening.errors import ConfigError, SourceError
from screening.ingest.run import ingest_source, sync_deletions
from screening.ingest.sources.reddit import RateLimiter, upstream_state
from screening.store.db import session_scope
from screening.store.models import AuditEvent, Document, Quarantine, Source


def docs(settings):
    with session_scope(settings) as s:
        return {d.external_id: d for d in s.execute(select(Document)).scalars()}


def test_first_run_reads_posts_and_comments_across_pages(reddit_settings, fake_server):
    summary = ingest_source("testreddit", reddit_settings)
    assert (summary.accepted, summary.duplicate, summary.quarantined) == (5, 0, 0)
    stored = docs(reddit_settings)
    assert set(stored) == {"t3_p1", "t3_p2", "t3_p3", "t1_c1", "t1_c2"}
    d = stored["t3_p2"]
    assert d.text == "Rant\n\nThis homework is killing me lol"
    assert d.consent_basis == "public_post"
    assert d.author_pseudonym.startswith("p_") and "someone" not in d.author_pseudonym
    assert stored["t1_c1"].thread_id == "t3_p3"
    # page size 2: posts need 2 pages, comments 1 (paging followed `after`)
    assert fake_server.count("/r/testsub/new") == 2
    assert fake_server.count("/r/testsub/comments") == 1
    # the secret never reaches the logs or the audit log
    with session_scope(reddit_settings) as s:
        events = json.dumps([e.details for e in s.execute(select(AuditEvent)).scalars()])
        src = s.execute(select(Source).where(Source.name == "testreddit")).scalar_one()
    assert "fake-client-secret" not in events
    assert src.watermark is not None


def test_rerun_of_same_interval_adds_nothing(reddit_settings, fake_server):
    ingest_source("testreddit", reddit_settings)
    requests_before = len(fake_server.requests)
    again = ingest_source("testreddit", reddit_settings)
    assert again.accepted == 0 and again.quarantined == 0
    assert len(docs(reddit_settings)) == 5
    # the watermark stops paging early: one page per listing, not the whole history
    assert len(fake_server.requests) - requests_before <= 3


def test_new_items_after_the_watermark_are_picked_up(reddit_settings, fake_server):
    from fake_reddit import now, post

    ingest_source("testreddit", reddit_settings)
    fake_server.add(post("testsub", "p4", now(), "New one", "Fresh post"))
    summary = ingest_source("testreddit", reddit_settings)
    assert summary.accepted == 1
    assert "t3_p4" in docs(reddit_settings)


@pytest.mark.parametrize("failures", [[429], [429, 429], [503]])
def test_rate_limited_or_failing_then_success_is_retried(reddit_settings, fake_server, failures):
    fake_server.fail_next = list(failures)
    summary = ingest_source("testreddit", reddit_settings)
    assert summary.accepted == 5
    statuses = [s for _m, p, s in fake_server.requests if p == "/r/testsub/new"]
    assert statuses[: len(failures)] == failures and statuses[len(failures)] == 200


def test_retries_exhausted_is_a_source_error_and_keeps_the_watermark(reddit_settings, fake_server):
    fake_server.fail_next = [429] * 10
    with pytest.raises(SourceError, match="still failing after 3 retries"):
        ingest_source("testreddit", reddit_settings)
    with session_scope(reddit_settings) as s:
        src = s.execute(select(Source).where(Source.name == "testreddit")).scalar_one()
    assert src.watermark is None


def test_one_malformed_item_is_quarantined_and_the_rest_kept(reddit_settings, fake_server):
    fake_server.malformed = True
    summary = ingest_source("testreddit", reddit_settings)
    assert summary.accepted == 5
    assert summary.quarantined == 2          # one per listing's first page (posts, comments)
    assert summary.reasons == {"malformed": 2}
    with session_scope(reddit_settings) as s:
        q = s.execute(select(Quarantine)).scalars().all()
    assert {r.reason for r in q} == {"malformed"}
    assert all("no id or time" in r.payload for r in q)


@pytest.mark.parametrize("mark, reason", [("deleted", "deleted_upstream"), ("removed", "removed_upstream")])
def test_deleted_upstream_item_is_purged_with_audit_event(reddit_settings, fake_server, mark, reason):
    ingest_source("testreddit", reddit_settings)
    getattr(fake_server, mark).update({"t3_p2", "t1_c1"})
    summary = sync_deletions(reddit_settings)
    assert summary.checked == 5 and summary.purged == 2
    assert summary.reasons == {reason: 2}
    stored = docs(reddit_settings)
    for name in ("t3_p2", "t1_c1"):
        assert stored[name].text is None and stored[name].purge_reason == reason
        assert stored[name].purged_at is not None
    assert stored["t3_p1"].text is not None
    with session_scope(reddit_settings) as s:
        events = s.execute(select(AuditEvent).where(AuditEvent.action == "purge.deleted_upstream")).scalars().all()
    assert len(events) == 1 and events[0].details["purged"] == 2
    # a later fetch of the same items must not bring the text back, and a second sync finds nothing new
    assert ingest_source("testreddit", reddit_settings).accepted == 0
    assert docs(reddit_settings)["t3_p2"].text is None
    assert sync_deletions(reddit_settings).purged == 0


def test_items_missing_upstream_are_purged_as_unavailable(reddit_settings, fake_server):
    ingest_source("testreddit", reddit_settings)
    fake_server.items["r/testsub/comments"] = [t for t in fake_server.items["r/testsub/comments"]
                                               if t["data"]["id"] != "c2"]
    summary = sync_deletions(reddit_settings)
    assert summary.reasons == {"unavailable_upstream": 1}


def test_missing_credentials_is_a_config_error(reddit_settings, monkeypatch):
    monkeypatch.delenv("praw_client_id", raising=False)
    s = reddit_settings.model_copy(update={"reddit_client_id": None})
    with pytest.raises(ConfigError, match="SCREENING_REDDIT_CLIENT_ID"):
        ingest_source("testreddit", s)


def test_praw_environment_variables_are_honoured(reddit_settings, fake_server, monkeypatch):
    import base64

    monkeypatch.setenv("praw_client_id", "praw-env-id")
    monkeypatch.setenv("praw_client_secret", "praw-env-secret")
    s = reddit_settings.model_copy(update={"reddit_client_id": None, "reddit_client_secret": None})
    assert ingest_source("testreddit", s).accepted == 5
    assert base64.b64decode(fake_server.auth_headers[-1].split()[1]) == b"praw-env-id:praw-env-secret"


@pytest.mark.parametrize("data, expected", [
    ({"body": "hello", "author": "a"}, None),
    ({"body": "[deleted]", "author": None}, "deleted_upstream"),
    ({"body": "[removed]", "author": "a"}, "removed_upstream"),
    ({"selftext": "", "title": "t", "author": "a", "removed_by_category": "moderator"}, "removed_upstream"),
    ({"selftext": "", "title": "t", "author": None, "removed_by_category": "deleted"}, "deleted_upstream"),
    ({"selftext": "", "title": "link post", "author": "a", "removed_by_category": None}, None),
])
def test_upstream_state(data, expected):
    assert upstream_state(data) == expected


@pytest.mark.parametrize("per_minute, calls, expected_wait", [(3, 3, 0.0), (3, 4, 60.0), (2, 5, 120.0)])
def test_rate_limiter_never_exceeds_its_budget(per_minute, calls, expected_wait):
    t = [0.0]
    limiter = RateLimiter(per_minute, clock=lambda: t[0], sleep=lambda s: t.__setitem__(0, t[0] + s))
    stamps = []
    for _ in range(calls):
        limiter.acquire()
        stamps.append(t[0])
    assert limiter.waited == pytest.approx(expected_wait)
    for i in range(len(stamps)):
        assert sum(1 for s in stamps if stamps[i] <= s < stamps[i] + 60) <= per_minute
