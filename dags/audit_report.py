"""Weekly false-positive audit report: one task writing var/reports/audit-<start>-<end>.html
(+ .json) for the DAG run's data interval. The work is ``screening.audit.report``; nothing is
imported or queried here at parse time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import dag, task


@dag(
    dag_id="audit_report",
    description="Weekly false-positive audit: live dispositions, controls, benchmark audit",
    schedule="@weekly",
    start_date=datetime(2026, 1, 5, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "screening", "retries": 2, "retry_delay": timedelta(minutes=5),
                  "retry_exponential_backoff": 2.0, "max_retry_delay": timedelta(hours=1)},
    tags=["screening", "audit"],
)
def audit_report():
    @task
    def write_report(data_interval_start=None, data_interval_end=None) -> dict[str, str]:
        from screening.audit.report import scheduled_report

        paths = scheduled_report(None, data_interval_start, data_interval_end)
        print(paths)
        return paths

    write_report()


audit_report()
