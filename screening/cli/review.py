"""`screening review serve`, `screening users ...`, `screening referrals export`."""

from __future__ import annotations

import ipaddress
import json
import sys
from pathlib import Path

import click

from screening.settings import get_settings

DEV_SECRET = "dev-only-session-secret-change-me"


@click.group()
def review() -> None:
    """The analysts' review web app."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@review.command("serve")
@click.option("--host", default=None, help="Interface to listen on (default: the review_host setting).")
@click.option("--port", default=None, type=int, help="Port (default: the review_port setting).")
def review_serve(host: str | None, port: int | None) -> None:
    """Serve the review app (sign in with an account from `screening users add`)."""
    import uvicorn

    from screening.errors import ConfigError
    from screening.review.web.app import create_app

    s = get_settings()
    host = host or s.review_host
    port = port or s.review_port
    if s.secret_key.get_secret_value() == DEV_SECRET and not _is_loopback(host):
        raise ConfigError("set SCREENING_SECRET_KEY to a long random value before serving "
                          f"beyond this machine (asked to listen on {host}).")
    app = create_app(s)
    click.echo(f"review app on http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False,
                server_header=False)


@click.group()
def users() -> None:
    """Review accounts: analyst, evaluator, admin."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["analyst", "evaluator", "admin"]))
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def users_add(name: str, role: str, password_stdin: bool) -> None:
    """Add an account; the password is asked twice (hidden) unless --password-stdin."""
    from screening.review.users import create_user
    from screening.store.db import ensure_schema, session_scope

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    ensure_schema()
    with session_scope() as s:
        p = create_user(s, name, role, password, actor="cli")
    click.echo(f"added {p.username} ({p.role})")


@users.command("list")
def users_list() -> None:
    """Accounts with role and state (never hashes)."""
    from screening.review.users import list_users
    from screening.store.db import ensure_schema, session_scope

    ensure_schema()
    with session_scope() as s:
        for u in list_users(s):
            state = "disabled" if u.disabled else ("locked" if u.locked_until else "active")
            click.echo(f"{u.username}\t{u.role}\t{state}\t{u.created_at:%Y-%m-%d}")


@users.command("disable")
@click.argument("name")
def users_disable(name: str) -> None:
    """Disable an account (its sessions end at once)."""
    _set_disabled(name, True)


@users.command("enable")
@click.argument("name")
def users_enable(name: str) -> None:
    """Enable an account again and clear its lock-out."""
    _set_disabled(name, False)


def _set_disabled(name: str, disabled: bool) -> None:
    from screening.review.users import set_disabled
    from screening.store.db import ensure_schema, session_scope

    ensure_schema()
    with session_scope() as s:
        p = set_disabled(s, "cli", name, disabled)
    click.echo(f"{p.username} {'disabled' if disabled else 'enabled'}")


@click.group()
def referrals() -> None:
    """Referrals to the threat assessment team."""


@referrals.command("export")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON here instead of stdout.")
@click.option("--all", "include_exported", is_flag=True, help="Include referrals exported before.")
@click.option("--id", "ids", type=int, multiple=True, help="Only this referral (repeatable).")
def referrals_export(out: Path | None, include_exported: bool, ids: tuple[int, ...]) -> None:
    """Export referrals as a JSON list (by default those not exported yet) and mark them exported."""
    from screening.review.referrals import export_referrals
    from screening.store.db import ensure_schema, session_scope

    ensure_schema()
    with session_scope() as s:
        data = export_referrals(s, "cli", list(ids) or None, include_exported=include_exported)
    blob = json.dumps(data, indent=2, ensure_ascii=False)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(blob + "\n", encoding="utf-8")
        click.echo(f"{len(data)} referral(s) written to {out}", err=True)
    else:
        click.echo(blob)
