"""`screening audit ...`: the audit log and false-positive audits."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def audit() -> None:
    """The audit log and false-positive audits."""


@audit.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain; exit 1 and name the first broken link if any."""
    from screening.store.audit import verify_chain
    from screening.store.db import ensure_schema, session_scope

    ensure_schema()
    with session_scope() as session:
        report = verify_chain(session)
    click.echo(str(report))
    if not report.ok:
        raise SystemExit(1)


# --- false-positive audits (screening.audit) ------------------------------------------------

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _period(since, until):
    from screening.audit.outcomes import Period

    try:
        return Period.from_dates(since.date(), until.date() if until else None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since/--until") from exc


@audit.command("report")
@click.option("--since", type=_DATE, required=True, help="First day (UTC) of the period, YYYY-MM-DD.")
@click.option("--until", type=_DATE, default=None, help="Last day (UTC), inclusive [default: today].")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True, help="HTML report to write.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON of every figure [default: the --out path with .json].")
@click.option("--no-bench", is_flag=True, help="Skip the benchmark audit (fast).")
@click.option("--bench-limit", type=int, default=None, help="Score at most this many cases per benchmark set.")
@click.option("--previous", "previous", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model folder of the previous version, shown beside the current one.")
def audit_report(since, until, out, json_out, no_bench, bench_limit, previous) -> None:
    """Write the false-positive audit report (HTML) and a JSON of every figure."""
    from screening.audit.report import summary_markdown, write_report

    written = write_report(None, _period(since, until), out, json_out, bench=not no_bench,
                           bench_limit=bench_limit, previous_model=previous, actor="cli")
    click.echo(summary_markdown(written.report))
    if written.report.get("benchmark_note"):
        click.echo(written.report["benchmark_note"])
    click.echo(f"wrote {written.html} and {written.json}")


@audit.group("controls")
def audit_controls() -> None:
    """The blind control sample of unflagged documents."""


@audit_controls.command("sample")
@click.option("--run-id", type=int, default=None, help="Sample the unflagged documents of this screening run.")
@click.option("--since", type=_DATE, default=None, help="... or of the runs screened from this day (UTC).")
@click.option("--until", type=_DATE, default=None, help="Last day (UTC), inclusive [default: today].")
@click.option("--fraction", type=click.FloatRange(0, 1), default=None,
              help="Share of unflagged documents to review blind [default: SCREENING_CONTROL_FRACTION].")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Keep it fixed: the same seed re-selects the same documents, so reruns add nothing.")
def audit_controls_sample(run_id, since, until, fraction, seed) -> None:
    """Put a random fraction of unflagged screened documents into the review queue as controls
    (and as many real leads into the blind first read)."""
    from screening.audit.controls import sample_controls
    from screening.store.db import ensure_schema

    if (run_id is None) == (since is None):
        raise click.UsageError("give exactly one of --run-id or --since")
    ensure_schema()
    period = _period(since, until) if since else None
    click.echo(str(sample_controls(run_id=run_id, period=period, fraction=fraction, seed=seed,
                                   actor="cli")))
