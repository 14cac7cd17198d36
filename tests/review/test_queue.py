"""The queue: filters, order, claims that never overlap, claims that lapse."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from screening.errors import ConflictError, ReviewError
from screening.review import decisions, queue
from screening.review.users import Principal
from screening.store.audit import verify_chain
from screening.store.db import session_scope
from screening.store.models import Disposition, Lead, utcnow

from .conftest import at, ev, make_lead

ANA = Principal(1, "ana", "analyst")
BO = Principal(2, "bo", "analyst")


@pytest.fixture
def queue_store(store_settings):
    """Five leads over two sources, flagged in a known order."""
    rows = [
        # source, posted, score, text, phrase, indicator
        ("forum", at(day=1), 0.95, "I will make them all pay", "make them all pay", "violent_ideation"),
        ("tips", at(day=2), 0.65, "I know when the guard changes", "when the guard changes", "planning"),
        ("forum", at(day=3), 0.55, "nobody would miss me", "nobody would miss me", "self_harm"),
        ("forum", at(day=4), 0.85, "they ruined my life", "ruined my life", "grievance"),
        ("tips", None, 0.70, "bought the rifle today", "bought the rifle", "preparation"),
    ]
    ids = []
    with session_scope(store_settings) as s:
        for i, (src, posted, score, text, phrase, ind) in enumerate(rows):
            ids.append(make_lead(s, text, [ev(text, phrase, ind)], source=src, posted_at=posted,
                                 score=score, external_id=f"q{i}", collected_at=at(day=5 + i)))
            # created_at follows insertion order; make it strictly increasing
            s.get(Lead, ids[-1]).created_at = at(month=4, day=1 + i)
    return store_settings, ids


@pytest.mark.parametrize("params, expected", [
    ({}, [0, 1, 2, 3, 4]),
    ({"sort": "newest"}, [4, 3, 2, 1, 0]),
    ({"sort": "score"}, [0, 3, 4, 1, 2]),
    ({"source": "tips"}, [1, 4]),
    ({"indicator": "self_harm"}, [2]),
    ({"indicator": "planning", "source": "forum"}, []),
    ({"band": "high"}, [0, 3]),
    ({"band": "medium"}, [1, 4]),
    ({"band": "low"}, [2]),
    ({"since": "2026-03-02", "until": "2026-03-03"}, [1, 2]),
    ({"since": "2026-03-09"}, [4]),           # not posted: its collected date counts
    ({"status": "dismissed"}, []),
])
def test_filters_and_order(queue_store, params, expected):
    settings, ids = queue_store
    f = queue.QueueFilter.from_params(params)
    with session_scope(settings) as s:
        rows, total = queue.list_queue(s, settings, ANA, f)
    assert [r.id for r in rows] == [ids[i] for i in expected]
    assert total == len(expected)


@pytest.mark.parametrize("params", [
    {"indicator": "anger"}, {"band": "extreme"}, {"status": "closed"}, {"sort": "random"},
    {"since": "yesterday"},
])
def test_bad_filters_say_what_to_fix(params):
    with pytest.raises(ReviewError):
        queue.QueueFilter.from_params(params)


def test_next_takes_oldest_and_never_the_same_lead_twice(queue_store):
    settings, ids = queue_store
    with session_scope(settings) as s:
        a = queue.claim_next(s, settings, ANA)
        b = queue.claim_next(s, settings, BO)
        again = queue.claim_next(s, settings, ANA)   # still holding: the same one comes back
    assert (a, b, again) == (ids[0], ids[1], ids[0])


def test_next_honours_filters(queue_store):
    settings, ids = queue_store
    with session_scope(settings) as s:
        got = queue.claim_next(s, settings, ANA, queue.QueueFilter(source="tips", sort="score"))
        none = queue.claim_next(s, settings, BO, queue.QueueFilter(indicator="last_resort"))
    assert (got, none) == (ids[4], None)


def test_claims_lapse_after_the_ttl(queue_store):
    settings, ids = queue_store
    t0 = utcnow()
    with session_scope(settings) as s:
        assert queue.claim_next(s, settings, ANA, now=t0) == ids[0]
        with pytest.raises(ConflictError):
            queue.claim_lead(s, settings, BO, ids[0], now=t0 + timedelta(minutes=1))
        later = t0 + timedelta(minutes=settings.claim_ttl_minutes + 1)
        assert queue.claim_next(s, settings, BO, now=later) == ids[0]
    # ana's lapsed claim no longer lets her decide it
    with pytest.raises(ConflictError), session_scope(settings) as s:
        decisions.decide(s, ANA, ids[0], "dismissed", "news")


def test_release_puts_the_lead_back(queue_store):
    settings, ids = queue_store
    with session_scope(settings) as s:
        assert queue.claim_next(s, settings, ANA) == ids[0]
        assert queue.release(s, ANA, ids[0]) is True
        assert queue.release(s, BO, ids[0]) is False
        assert queue.claim_next(s, settings, BO) == ids[0]


def _claim_race(settings, n_leads: int, n_threads: int, pool_size: int) -> None:
    """Every thread claims and dismisses until the queue is empty; no lead may go twice."""
    with session_scope(settings) as s:
        for i in range(n_leads):
            make_lead(s, f"I will hurt them {i}", [ev(f"I will hurt them {i}", "hurt", "violent_ideation")],
                      external_id=f"race{i}")
        all_ids = set(s.execute(select(Lead.id)).scalars())
    url = settings.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, pool_size=pool_size, max_overflow=0,
                           connect_args={"timeout": 60} if url.startswith("sqlite") else {})
    make = sessionmaker(engine, expire_on_commit=False)
    claims: list[list[int]] = [[] for _ in range(n_threads)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(n_threads)

    def worker(k: int) -> None:
        me = Principal(100 + k, f"analyst{k}", "analyst")
        try:
            barrier.wait()
            while True:
                with make() as s, s.begin():
                    lead_id = queue.claim_next(s, settings, me)
                if lead_id is None:
                    return
                claims[k].append(lead_id)
                with make() as s, s.begin():
                    decisions.decide(s, me, lead_id, "dismissed", "not_concerning")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    engine.dispose()
    assert not errors, errors[:3]
    taken = Counter(i for c in claims for i in c)
    assert set(taken) == all_ids and max(taken.values()) == 1
    with session_scope(settings) as s:
        per_lead = Counter(s.execute(select(Disposition.lead_id)).scalars())
        assert set(per_lead) == all_ids and set(per_lead.values()) == {1}
        assert verify_chain(s).ok


def test_concurrent_claimers_sqlite(review_settings):
    _claim_race(review_settings, n_leads=40, n_threads=4, pool_size=4)


@pytest.mark.postgres
def test_twenty_concurrent_claimers_postgres(pg_settings):
    _claim_race(pg_settings, n_leads=200, n_threads=20, pool_size=20)


def test_filter_round_trip():
    f = queue.QueueFilter(source="forum", band="high", since=date(2026, 1, 2))
    assert queue.QueueFilter.from_params(f.as_params()) == f
