"""Every DAG file imports cleanly, with no database work at parse time, and follows the rules
(explicit schedule, timezone-aware start, no catchup, tags, retries with backoff)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.airflow
ROOT = Path(__file__).resolve().parents[2]

# a screening database URL nothing listens on: any parse-time connection would fail loudly
UNREACHABLE = "postgresql://nobody@127.0.0.1:9/nothing"

TEST_SOURCES = {"sources": [
    {"name": "news_reddit", "kind": "reddit", "schedule": "@hourly",
     "options": {"subreddits": ["a", "b"]}},
    {"name": "tips_drop", "kind": "tips", "schedule": "*/10 * * * *", "options": {"folder": "inbox"}},
    {"name": "partner", "kind": "forum_export", "schedule": "@daily",
     "options": {"path": "dump.csv", "consent_basis": "platform_agreement",
                 "mapping": {"id": "post_id", "text": "body"}}},
    {"name": "off", "kind": "tips", "enabled": False, "options": {"folder": "x"}},
]}
FIXED = {"screen_documents", "sync_deletions", "purge_retention", "audit_report"}


def _parse(run_airflow, airflow_env, tmp_path, sources) -> dict:
    env = dict(airflow_env, SCREENING_DATABASE_URL=UNREACHABLE)
    if sources is not None:
        cfg = tmp_path / "sources.yaml"
        cfg.write_text(yaml.safe_dump(sources))
        env["SCREENING_SOURCES_CONFIG"] = str(cfg)
    return run_airflow(env, "parse")


@pytest.mark.parametrize("sources, ingest_ids", [
    (None, {"ingest_" + s["name"] for s in yaml.safe_load((ROOT / "config/sources.yaml").read_text())["sources"]
            if s.get("enabled", True)}),
    (TEST_SOURCES, {"ingest_news_reddit", "ingest_tips_drop", "ingest_partner"}),
], ids=["project-config", "three-sources"])
def test_dag_files_import_cleanly_without_queries(run_airflow, airflow_env, tmp_path, sources, ingest_ids):
    out = _parse(run_airflow, airflow_env, tmp_path, sources)
    assert out["import_errors"] == {}
    assert out["statements"] == []
    assert out["heavy_imports"] == []
    # other areas add their own DAG files; ingestion DAGs come only from the sources config
    assert FIXED | ingest_ids <= set(out["dags"])
    assert {d for d in out["dags"] if d.startswith("ingest_")} == ingest_ids
    for dag_id, dag in out["dags"].items():
        assert dag["catchup"] is False, dag_id
        assert dag["start_tz"] in ("UTC", "Timezone('UTC')"), dag_id
        assert "screening" in dag["tags"], dag_id
        assert dag["schedule"] not in (None, "None"), dag_id
        for task_id, task in dag["tasks"].items():
            assert task["retries"] >= 2 and task["backoff"] >= 2.0, (dag_id, task_id)
    for dag_id in ingest_ids:
        assert [t["outlets"] for t in out["dags"][dag_id]["tasks"].values()] == [["screening://documents/"]]
    assert out["dags"]["screen_documents"]["schedule"] == ["screening://documents/"]


def test_a_bad_sources_entry_is_an_import_error_naming_it(run_airflow, airflow_env, tmp_path):
    bad = {"sources": [{"name": "ok", "kind": "tips", "options": {"folder": "x"}},
                       {"name": "Bad Name!", "kind": "tips"}]}
    out = _parse(run_airflow, airflow_env, tmp_path, bad)
    (message,) = out["import_errors"].values()
    assert "entry 1" in message and "Bad Name!" in message
    assert FIXED <= set(out["dags"])          # one bad config does not take the other DAGs down
