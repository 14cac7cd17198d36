"""The tip endpoint over real HTTP (uvicorn on a free 127.0.0.1 port, httpx)."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from screening.ingest.tips_api import create_app
from screening.store.db import session_scope
from screening.store.models import Document, Quarantine


@pytest.fixture
def tips_server(store_settings):
    settings = store_settings.model_copy(update={"tips_max_body_bytes": 4096, "max_document_chars": 1000})
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        yield client, settings
    server.should_exit = True
    thread.join(timeout=10)


def counts(settings):
    with session_scope(settings) as s:
        return (s.execute(select(func.count()).select_from(Document)).scalar_one(),
                s.execute(select(func.count()).select_from(Quarantine)).scalar_one())


GOOD = "A classmate said he is bringing his dad's gun to school on Friday."


@pytest.mark.parametrize("body, status, error, stored", [
    ({"text": GOOD}, 400, "consent_required", (0, 0)),
    ({"text": GOOD, "consent": False}, 400, "consent_required", (0, 0)),
    ({"text": GOOD, "consent": None}, 400, "consent_required", (0, 0)),
    ({"text": "", "consent": True}, 422, "invalid_tip", (0, 0)),
    ({"consent": True}, 422, "invalid_tip", (0, 0)),
    ({"text": GOOD, "consent": True, "ssn": "123"}, 422, "invalid_tip", (0, 0)),
    ({"text": "x" * 1500, "consent": True}, 422, "too_large", (0, 1)),   # under the body limit, over the text limit
    ({"text": GOOD, "consent": True}, 201, None, (1, 0)),
    ({"text": GOOD, "consent": True, "contact": "jo@example.org", "about": "school"}, 201, None, (1, 0)),
])
def test_submissions(tips_server, body, status, error, stored):
    client, settings = tips_server
    r = client.post("/tips", json=body)
    assert r.status_code == status, r.text
    if error:
        assert r.json()["error"] == error and r.json()["detail"]
    else:
        assert r.json()["receipt_id"].startswith("tip_")
    assert counts(settings) == stored


def test_accepted_tip_is_stored_with_consent_and_pseudonymous_contact(tips_server):
    client, settings = tips_server
    r = client.post("/tips", json={"text": GOOD, "consent": True, "contact": "jo@example.org",
                                   "about": "school"})
    receipt = r.json()["receipt_id"]
    with session_scope(settings) as s:
        doc = s.execute(select(Document).where(Document.external_id == receipt)).scalar_one()
        assert doc.text == GOOD and doc.consent_basis == "consented_submission"
        assert doc.author_pseudonym.startswith("p_")
        assert "jo@example.org" not in json.dumps(doc.extra) and doc.extra["about"] == "school"
    again = client.post("/tips", json={"text": GOOD, "consent": True})
    assert again.json()["receipt_id"] != receipt           # every submission gets its own receipt


@pytest.mark.parametrize("send", ["content-length", "chunked"])
def test_oversized_body_is_refused_and_the_server_survives(tips_server, send):
    client, settings = tips_server
    payload = json.dumps({"text": "y" * 10_000, "consent": True}).encode()
    if send == "chunked":
        r = client.post("/tips", content=(payload[i:i + 1000] for i in range(0, len(payload), 1000)),
                        headers={"Content-Type": "application/json"})
    else:
        r = client.post("/tips", content=payload, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    assert counts(settings) == (0, 0)
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"just a string"', b"\xff\xfe\x00"])
def test_malformed_bodies_get_a_clear_4xx(tips_server, raw):
    client, settings = tips_server
    r = client.post("/tips", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 422)
    assert r.json()["error"] in ("malformed_json", "invalid_tip", "malformed_body") and r.json()["detail"]
    assert counts(settings) == (0, 0)
    assert client.get("/healthz").status_code == 200


def test_openapi_documents_the_route(tips_server):
    client, _ = tips_server
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/tips"]["post"]
    assert "201" in op["responses"] and "400" in op["responses"] and "413" in op["responses"]
    schema_ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    tip_schema = spec["components"]["schemas"][schema_ref.rsplit("/", 1)[-1]]
    assert {"text", "consent", "contact", "about"} <= set(tip_schema["properties"])
