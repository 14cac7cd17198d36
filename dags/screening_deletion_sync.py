"""Honour upstream deletions: re-check stored Reddit items and purge text deleted or removed.

Reddit's data terms require it; each purged batch leaves an audit event.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import dag, task


@dag(
    dag_id="sync_deletions",
    description="Purge the text of Reddit items deleted or removed upstream",
    schedule="0 */6 * * *",
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "screening", "retries": 3, "retry_delay": timedelta(minutes=2),
                  "retry_exponential_backoff": 2.0, "max_retry_delay": timedelta(minutes=30)},
    tags=["screening", "purge", "reddit"],
)
def sync_deletions():
    @task
    def sync() -> dict:
        from screening.ingest.run import sync_deletions as run_sync
        from screening.settings import get_settings

        summary = run_sync(get_settings(), actor="airflow")
        print(summary)
        return summary.as_dict()

    sync()


sync_deletions()
