"""Ingestion DAGs, one per enabled source in the sources config: ``ingest_<name>``.

Thin over ``screening.ingest.run.ingest_source``. Each run reads its data interval (from the
source's watermark, or from the interval start when an old interval is rerun) and upserts, so
a rerun adds nothing. Success emits the ``screening://documents`` asset, which triggers the
screening DAG. Parse time only reads the small YAML config: no database, no heavy imports.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import Asset, dag, task

DOCUMENTS = Asset("screening://documents")
START = datetime(2026, 1, 1, tzinfo=UTC)
DEFAULT_ARGS = {
    "owner": "screening",
    "retries": 3,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": 2.0,     # 1, 2, 4 minutes
    "max_retry_delay": timedelta(minutes=30),
}


def _reddit_settings(settings, conn_id: str):
    """Credentials from an Airflow connection when one exists (login = client id, password =
    client secret, extra ``user_agent``); otherwise the SCREENING_REDDIT_* settings stand."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException
    from pydantic import SecretStr

    try:
        conn = Connection.get(conn_id)
    except AirflowNotFoundException:
        return settings
    update = {"reddit_client_id": SecretStr(conn.login or ""),
              "reddit_client_secret": SecretStr(conn.password or "")}
    if conn.extra_dejson.get("user_agent"):
        update["reddit_user_agent"] = conn.extra_dejson["user_agent"]
    return settings.model_copy(update=update)


def build_ingest_dag(spec):
    @dag(
        dag_id=f"ingest_{spec.name}",
        description=f"Ingest source {spec.name} ({spec.kind}) into the screening store",
        schedule=spec.schedule,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        tags=["screening", "ingest", spec.kind],
    )
    def ingest_dag():
        # sources sharing one API budget (several reddit sources, one app) can share a pool
        @task(outlets=[DOCUMENTS], **({"pool": spec.options["airflow_pool"]}
                                     if spec.options.get("airflow_pool") else {}))
        def ingest(data_interval_start=None, data_interval_end=None) -> dict:
            from screening.ingest.run import ingest_source
            from screening.settings import get_settings

            settings = get_settings()
            if spec.kind == "reddit":
                settings = _reddit_settings(settings, spec.options.get("airflow_conn_id", "screening_reddit"))
            summary = ingest_source(spec.name, settings, window_start=data_interval_start,
                                    window_end=data_interval_end, actor="airflow")
            print(summary)
            return summary.as_dict()

        ingest()

    return ingest_dag()


def _enabled_specs():
    from screening.ingest.config import load_source_specs
    from screening.settings import get_settings

    return [s for s in load_source_specs(get_settings().sources_config) if s.enabled]


for _spec in _enabled_specs():
    globals()[f"ingest_{_spec.name}"] = build_ingest_dag(_spec)
