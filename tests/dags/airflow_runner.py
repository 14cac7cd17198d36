"""Run Airflow in a fresh process (its settings are read at import, from the environment).

    python airflow_runner.py parse              -> JSON: dag ids, import errors, SQL run while parsing
    python airflow_runner.py test DAG_ID [...]  -> JSON: the state of each DAG run, in order

The calling test sets AIRFLOW_HOME, AIRFLOW__CORE__DAGS_FOLDER, the metadata DB and the
SCREENING_* variables before starting this script.
"""

from __future__ import annotations

import json
import os
import sys

# modules a DAG file must not import while being parsed (they belong inside tasks)
HEAVY = ("spacy", "praw", "sklearn", "skops", "screening.store.db", "screening.screen.screener",
         "screening.ingest.run", "screening.ingest.pipeline")


def parse() -> dict:
    import airflow  # noqa: F401 - configures Airflow's own engine first
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(f"{conn.engine.url.render_as_string()}: {statement[:200]}")

    event.listen(Engine, "before_cursor_execute", count)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    event.remove(Engine, "before_cursor_execute", count)
    dags = {}
    for dag_id, dag in bag.dags.items():
        dags[dag_id] = {
            "fileloc": os.path.basename(dag.fileloc),
            "schedule": str(dag.schedule) if not isinstance(dag.schedule, (list, tuple))
            else [getattr(a, "uri", str(a)) for a in dag.schedule],
            "catchup": dag.catchup,
            "tags": sorted(dag.tags),
            "start_tz": str(dag.start_date.tzinfo) if dag.start_date else None,
            "tasks": {t.task_id: {"retries": t.retries,
                                  "backoff": float(t.retry_exponential_backoff or 0),
                                  "outlets": [getattr(o, "uri", str(o)) for o in t.outlets]}
                      for t in dag.tasks},
        }
    return {"dags": dags, "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
            "statements": statements,
            "heavy_imports": [m for m in HEAVY if m in sys.modules], "files": sorted(s.file for s in bag.dagbag_stats)}


def test(dag_ids: list[str]) -> dict:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    if bag.import_errors:
        return {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}}
    out = []
    for dag_id in dag_ids:
        dag = bag.get_dag(dag_id)
        run = dag.test()
        tis = {ti.task_id + ("" if ti.map_index < 0 else f"[{ti.map_index}]"): str(ti.state)
               for ti in run.get_task_instances()} if hasattr(run, "get_task_instances") else {}
        out.append({"dag_id": dag_id, "state": str(run.state), "tasks": tis})
    return {"runs": out}


if __name__ == "__main__":
    cmd = sys.argv[1]
    result = parse() if cmd == "parse" else test(sys.argv[2:])
    print("RESULT " + json.dumps(result, default=str))
