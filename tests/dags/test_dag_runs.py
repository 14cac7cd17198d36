"""dag.test(): the Reddit ingestion DAG against a fake Reddit (real PRAW, real HTTP), then the
screening DAG with dynamic task mapping; leads end up in the store. SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json

import pytest
import yaml
from fake_reddit import CLIENT_ID, CLIENT_SECRET, FakeReddit, comment, now, post
from sqlalchemy import select

from screening.store.db import session_scope
from screening.store.models import AuditEvent, Document, Lead, ScreeningRun

pytestmark = pytest.mark.airflow

CONCERNING = "I'm going to shoot up the school Friday. They will all pay for what they did to me."


@pytest.fixture
def fake_server():
    with FakeReddit(page_size=2) as fake:
        t = now()
        fake.add(post("testsub", "p1", t - 600, "Weekend plans", "Going hiking with the dog."))
        fake.add(post("testsub", "p2", t - 540, "Rant", "This homework is killing me lol"))
        fake.add(post("testsub", "p3", t - 480, "Nobody listens", CONCERNING))
        fake.add(comment("testsub", "c1", t - 420, "Try the ridge loop.", "p1"))
        fake.add(comment("testsub", "c2", t - 360, "We got destroyed, camp the sniper spot next time.", "p1"))
        yield fake


def test_ingest_then_screen_dags_put_leads_in_the_store(store_settings, fake_server, airflow_env,
                                                       run_airflow, tmp_path, request):
    cfg = tmp_path / "sources.yaml"
    cfg.write_text(yaml.safe_dump({"sources": [{
        "name": "testreddit", "kind": "reddit", "schedule": "@hourly",
        "options": {"subreddits": ["testsub"], "overlap_seconds": 30, "airflow_conn_id": "test_reddit"}}]}))
    env = dict(airflow_env, SCREENING_DATABASE_URL=store_settings.database_url,
               SCREENING_VAR_DIR=str(store_settings.var_dir), SCREENING_SOURCES_CONFIG=str(cfg),
               **fake_server.settings_env())
    via_connection = "postgres" in request.node.callspec.id
    if via_connection:   # credentials from an Airflow connection instead of SCREENING_ variables
        del env["SCREENING_REDDIT_CLIENT_ID"], env["SCREENING_REDDIT_CLIENT_SECRET"]
        env["AIRFLOW_CONN_TEST_REDDIT"] = json.dumps({"conn_type": "generic", "login": "conn-id",
                                                      "password": "conn-secret"})

    out = run_airflow(env, "test", "ingest_testreddit", "screen_documents", "ingest_testreddit")
    assert "import_errors" not in out, out
    states = [(r["dag_id"], r["state"]) for r in out["runs"]]
    assert states == [("ingest_testreddit", "success"), ("screen_documents", "success"),
                      ("ingest_testreddit", "success")], out
    screen_tasks = out["runs"][1]["tasks"]
    assert any(k.startswith("screen[") for k in screen_tasks), screen_tasks   # mapped
    assert set(screen_tasks.values()) == {"success"}

    with session_scope(store_settings) as s:
        stored = {d.external_id: d for d in s.execute(select(Document)).scalars()}
        leads = s.execute(select(Lead)).scalars().all()
        lead_docs = {s.get(Document, lead.document_id).external_id for lead in leads}
        runs = s.execute(select(ScreeningRun)).scalars().all()
        batches = [e.details["totals"] for e in s.execute(
            select(AuditEvent).where(AuditEvent.action == "ingest.batch").order_by(AuditEvent.id)).scalars()]
    assert len(stored) == 5
    assert "t3_p3" in lead_docs                      # the threat is a lead
    assert "t3_p2" not in lead_docs                  # hyperbole is not
    assert all(r.status == "done" and r.trigger.startswith("dag:") for r in runs)
    assert sum(r.n_documents for r in runs) == 5
    # PRAW authenticated with the credentials from where we put them
    expected = ("conn-id", "conn-secret") if via_connection else (CLIENT_ID, CLIENT_SECRET)
    assert {base64.b64decode(h.split()[1]).decode() for h in fake_server.auth_headers} == {":".join(expected)}
    # the second ingestion run of the same interval added nothing
    assert batches[-1]["accepted"] == 0 and batches[-1]["duplicate"] >= 1
