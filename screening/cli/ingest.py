"""`screening ingest`, `screening purge deleted|retention`, `screening serve-tips`: thin faces
over ``screening.ingest`` and ``screening.store.retention``."""

from __future__ import annotations

import json

import click

from screening.settings import get_settings


@click.command()
@click.argument("source_name", required=False)
@click.option("--all", "all_sources", is_flag=True, help="Every enabled source in the sources config.")
@click.option("--list", "list_sources", is_flag=True, help="List the configured sources and exit.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(source_name: str | None, all_sources: bool, list_sources: bool, as_json: bool) -> None:
    """Fetch SOURCE_NAME (from the sources config) and store what it yields.

    Prints accepted / updated / duplicate / quarantined counts. Reruns add nothing.
    """
    from screening.ingest.config import load_sources
    from screening.ingest.run import ingest_all, ingest_source

    settings = get_settings()
    if list_sources:
        for spec in load_sources(settings):
            state = "enabled" if spec.enabled else "disabled"
            click.echo(f"{spec.name}\t{spec.kind}\t{spec.schedule or 'manual'}\t{state}")
        return
    if bool(source_name) == all_sources:
        raise click.UsageError("give one SOURCE_NAME or --all (see --list)")
    summaries = ingest_all(settings, actor="cli") if all_sources else [
        ingest_source(source_name, settings, actor="cli")]
    for summary in summaries:
        click.echo(json.dumps(summary.as_dict()) if as_json else str(summary))


@click.group()
def purge() -> None:
    """Drop text: deleted upstream, or past the retention window. Rows and audit stay."""


@purge.command("deleted")
@click.option("--source", "sources", multiple=True, help="Only these reddit sources (default all).")
def purge_deleted(sources: tuple[str, ...]) -> None:
    """Re-check stored Reddit items upstream and purge those deleted or removed."""
    from screening.ingest.run import sync_deletions

    click.echo(str(sync_deletions(get_settings(), source_names=list(sources) or None, actor="cli")))


@purge.command("retention")
@click.option("--days", type=int, default=None, help="Override SCREENING_RETENTION_DAYS.")
def purge_retention(days: int | None) -> None:
    """Purge the text of unflagged documents collected more than the retention window ago."""
    from screening.store.retention import purge_retention as run

    click.echo(str(run(get_settings(), days=days, actor="cli")))


@click.command("serve-tips")
@click.option("--host", default=None, help="Default SCREENING_TIPS_HOST (127.0.0.1).")
@click.option("--port", type=int, default=None, help="Default SCREENING_TIPS_PORT (8090).")
def serve_tips(host: str | None, port: int | None) -> None:
    """Serve the tip-line endpoint (POST /tips; OpenAPI at /docs)."""
    import uvicorn

    from screening.ingest.tips_api import create_app
    from screening.store.db import ensure_schema

    settings = get_settings()
    ensure_schema(settings)
    uvicorn.run(create_app(settings), host=host or settings.tips_host, port=port or settings.tips_port)


def register(cli: click.Group) -> None:
    for command in (ingest, purge, serve_tips):
        cli.add_command(command)
