"""`screening demo`: the main job on the embedded default."""

from __future__ import annotations

import click

from screening.settings import get_settings


@click.command()
def demo() -> None:
    """Ingest the bundled samples into the default store, screen them, summarize the leads."""
    from screening.demo import format_report, run_demo

    click.echo(format_report(run_demo(get_settings())))
