"""`screening audit ...`: the audit log and false-positive audits."""

from __future__ import annotations

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
