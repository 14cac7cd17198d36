"""Fixtures for the review app: real leads in a real store, users, a live server on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from screening.store import repository
from screening.store.db import session_scope
from screening.store.models import Document, Lead
from screening.types import Evidence, ScreenResult, Status

PASSWORDS = {"ana": "analyst-pass-0001", "bo": "analyst-pass-0002",
             "eve": "evaluator-pass-01", "adm": "admin-pass-000001"}
ROLES = {"ana": "analyst", "bo": "analyst", "eve": "evaluator", "adm": "admin"}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def ev(text: str, phrase: str, indicator: str, context: Sequence[str] = (), *,
       detector: str = "rules", rule: str = "test_rule", nth: int = 0) -> Evidence:
    """Evidence for the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Evidence(start, start + len(phrase), phrase, indicator, detector, rule, tuple(context))


def make_lead(session, text: str, evidence: Sequence[Evidence] = (), *, source: str = "forum",
              external_id: str | None = None, thread_id: str | None = None, score: float = 0.7,
              indicators: Sequence[str] | None = None, context: Sequence[str] = (),
              posted_at: datetime | None = None, collected_at: datetime | None = None,
              author: str = "p-7f3a91", url: str | None = "https://forum.example/t/1",
              model_version: str = "test-model/1", is_control: bool = False) -> int:
    """A lead made the way the screener makes one: document, run, record_screening."""
    src = repository.get_or_create_source(session, source, "forum_export")
    fields = dict(external_id=external_id or f"x{time.perf_counter_ns()}", text=text,
                  consent_basis="public_post", url=url, thread_id=thread_id,
                  author_pseudonym=author, posted_at=posted_at)
    if collected_at:
        fields["collected_at"] = collected_at
    doc_id, _ = repository.upsert_document(session, src, **fields)
    doc = session.get(Document, doc_id)
    run = repository.start_run(session, model_version, "test-rules/1", "0" * 16, trigger="test")
    result = ScreenResult(
        status=Status.SCREENED, flagged=True, score=score,
        indicators=list(indicators) if indicators is not None else sorted({e.indicator for e in evidence}),
        evidence=list(evidence), context=list(context), model_version=model_version)
    assert repository.record_screening(session, run, doc, result, "test-rules/1")
    lead = session.execute(
        select(Lead).where(Lead.document_id == doc_id, Lead.model_version == model_version)
    ).scalar_one()
    lead.is_control = is_control
    session.flush()
    return lead.id


def ref_of(settings, lead_id: int) -> str:
    """The opaque reference analysts see for a lead (pages and URLs never carry the id)."""
    with session_scope(settings) as s:
        return s.get(Lead, lead_id).ref


def make_users(settings, names: Sequence[str] = tuple(PASSWORDS)) -> None:
    from screening.review.users import create_user

    with session_scope(settings) as s:
        for name in names:
            create_user(s, name, ROLES[name], PASSWORDS[name], actor="test")


def principal(settings, name: str):
    from screening.review.users import Principal
    from screening.store.models import User

    with session_scope(settings) as s:
        u = s.execute(select(User).where(User.username == name)).scalar_one()
        return Principal(u.id, u.username, u.role)


@contextmanager
def live_server(settings) -> Iterator[str]:
    """The review app under uvicorn on a free 127.0.0.1 port, in a thread; stopped after."""
    import uvicorn

    from screening.review.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="critical", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def csrf_of(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, follow_redirects=False, timeout=30)


def sign_in(c: httpx.Client, name: str, password: str | None = None) -> httpx.Response:
    token = csrf_of(c.get("/login").text)
    return c.post("/login", data={"username": name, "password": password or PASSWORDS[name],
                                  "csrf_token": token})


def page_token(c: httpx.Client, path: str = "/") -> str:
    """The CSRF token of the signed-in session (any page carrying a form)."""
    r = c.get(path, follow_redirects=True)
    return csrf_of(r.text)


@pytest.fixture
def review_settings(sqlite_settings):
    return sqlite_settings


@pytest.fixture(scope="session")
def store_with_people(tmp_path_factory):
    from screening.settings import Settings
    from screening.store.db import get_engine, migrate

    folder = tmp_path_factory.mktemp("review-people")
    s = Settings(database_url=f"sqlite:///{folder / 'screening.db'}", var_dir=folder / "var")
    migrate(s)
    make_users(s)
    get_engine(s).dispose()   # closes the connections, so the WAL is folded into the file
    return folder / "screening.db"


@pytest.fixture
def people(tmp_path, store_with_people):
    """A fresh store (a copy of the one above) with users ana, bo (analysts), eve, adm."""
    from screening.settings import Settings

    shutil.copyfile(store_with_people, tmp_path / "screening.db")
    return Settings(database_url=f"sqlite:///{tmp_path / 'screening.db'}", var_dir=tmp_path / "var")


@pytest.fixture
def server(people) -> Iterator[str]:
    with live_server(people) as url:
        yield url


def at(year=2026, month=3, day=1, hour=12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)
