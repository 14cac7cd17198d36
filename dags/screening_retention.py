"""Retention: purge the text of unflagged documents older than the configured window.

The cut-off is computed from the data interval end, not the wall clock, so a rerun of the
same interval purges the same set (and then nothing more).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import dag, task


@dag(
    dag_id="purge_retention",
    description="Purge unflagged text older than SCREENING_RETENTION_DAYS",
    schedule="30 3 * * *",
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "screening", "retries": 2, "retry_delay": timedelta(minutes=5),
                  "retry_exponential_backoff": 2.0, "max_retry_delay": timedelta(hours=1)},
    tags=["screening", "purge", "retention"],
)
def purge_retention():
    @task
    def purge(data_interval_end=None) -> dict:
        from screening.settings import get_settings
        from screening.store.retention import purge_retention as run_purge

        summary = run_purge(get_settings(), as_of=data_interval_end, actor="airflow")
        print(summary)
        return summary.as_dict()

    purge()


purge_retention()
