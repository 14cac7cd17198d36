"""`screening db ...` and `screening audit verify`."""

from __future__ import annotations

import json

import click

from screening.settings import get_settings


@click.group()
def db() -> None:
    """The store: migrate, counts."""


@db.command("migrate")
def db_migrate() -> None:
    """Create or upgrade the schema (idempotent)."""
    from screening.store.db import migrate, safe_url

    s = get_settings()
    migrate(s)
    click.echo(f"schema up to date at {safe_url(s.database_url)}")


@db.command("counts")
def db_counts() -> None:
    """Rows per table, as JSON."""
    from screening.store import repository
    from screening.store.db import ensure_schema, session_scope

    ensure_schema()
    with session_scope() as session:
        click.echo(json.dumps(repository.counts(session), indent=2))
