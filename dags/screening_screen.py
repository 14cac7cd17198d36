"""Screen newly stored documents: triggered by the ``screening://documents`` asset.

``plan`` sizes the work and ``screen`` fans out over partitions with dynamic task mapping,
each calling ``screen_pending(partition=(i, n))``. Screening is keyed on (document, model
version), so a retried or rerun partition adds nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import Asset, dag, task

DOCUMENTS = Asset("screening://documents")
DEFAULT_ARGS = {
    "owner": "screening",
    "retries": 2,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=20),
}


@dag(
    dag_id="screen_documents",
    description="Screen unscreened documents in partitions; leads go to the review queue",
    schedule=[DOCUMENTS],
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["screening", "screen"],
)
def screen_documents():
    @task
    def plan() -> list[list[int]]:
        from screening.ingest.run import plan_partitions

        return plan_partitions(per_partition=500, max_partitions=8)

    @task(max_active_tis_per_dag=4)
    def screen(partition: list[int], run_id=None) -> dict:
        from screening.audit.controls import sample_after_screening
        from screening.screen.run import screen_pending

        i, n = partition
        summary = screen_pending(partition=(i, n), trigger=f"dag:{run_id}:{i}/{n}"[:100], actor="airflow")
        # blind controls from this partition's unflagged documents (settings.control_fraction),
        # and as many of its leads into the blind first read
        controls = sample_after_screening(None, summary.run_id, actor="airflow")
        print(summary.as_dict(), controls)
        return {**summary.as_dict(), "controls": controls.created, "blind_leads": controls.blind_leads}

    @task
    def report(results) -> dict:
        results = list(results)
        totals = {"partitions": len(results),
                  "documents": sum(r["documents"] for r in results),
                  "leads": sum(r["leads"] for r in results),
                  "errors": sum(r["errors"] for r in results)}
        print(totals)
        return totals

    report(screen.expand(partition=plan()))


screen_documents()
