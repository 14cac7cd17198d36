"""The weekly audit-report DAG runs with dag.test() (real Airflow, in its own process) and
writes the report of the week before its run into var/reports/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import build_fixture_store

pytestmark = pytest.mark.airflow
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

RUNNER = """
import json, sys
from datetime import datetime, timezone
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
assert not bag.import_errors, bag.import_errors
dag = bag.get_dag("audit_report")
run = dag.test(logical_date=datetime(2026, 11, 15, tzinfo=timezone.utc))
print("RESULT " + json.dumps({"state": str(run.state),
      "tasks": {ti.task_id: str(ti.state) for ti in run.get_task_instances()}}))
"""


def test_weekly_dag_writes_the_report(sqlite_settings, tmp_path):
    build_fixture_store(sqlite_settings)
    home = tmp_path / "airflow"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "SCREENING_"))}
    env.update({
        "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "SCREENING_DATABASE_URL": sqlite_settings.database_url,
        "SCREENING_VAR_DIR": str(sqlite_settings.var_dir),
        "SCREENING_BENCH_DATA": str(tmp_path / "no-bench-data"),   # benchmark skipped, with a note
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    })
    migrated = subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=env, capture_output=True,
                              text=True, timeout=300)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    done = subprocess.run([sys.executable, "-c", RUNNER, str(ROOT / "dags" / "audit_report.py")],
                          env=env, capture_output=True, text=True, timeout=300, cwd=str(ROOT))
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(lines[-1][len("RESULT "):])
    assert result == {"state": "success", "tasks": {"write_report": "success"}}

    # the run at Sunday 2026-11-15 00:00 reports the 7 days before: L5, L6, L7 (see conftest)
    reports = sorted((sqlite_settings.var_dir / "reports").iterdir())
    assert [p.name for p in reports] == ["audit-20261108-20261115.html", "audit-20261108-20261115.json"]
    data = json.loads(reports[1].read_text())
    assert data["live"]["overall"]["raised"] == 3
    assert data["benchmark"] is None and "skipped" in data["benchmark_note"]
