"""Accounts: argon2 hashes, name/role/password checks, lock-out, the `screening users` CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from screening.errors import ConflictError, ReviewError
from screening.review import users
from screening.store.db import session_scope
from screening.store.models import AuditEvent, User, utcnow


@pytest.fixture
def cli_env(review_settings):
    """Point the CLI (which reads settings from the environment) at the test store."""
    from screening.settings import get_settings

    get_settings.cache_clear()
    yield {"SCREENING_DATABASE_URL": review_settings.database_url,
           "SCREENING_VAR_DIR": str(review_settings.var_dir)}
    get_settings.cache_clear()


def actions(settings) -> list[tuple[str, str]]:
    with session_scope(settings) as s:
        return [(e.actor, e.action) for e in s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]


def test_password_is_stored_as_argon2_and_checked(review_settings):
    with session_scope(review_settings) as s:
        users.create_user(s, "Ana", "analyst", "correct horse battery", actor="test")
    with session_scope(review_settings) as s:
        u = s.execute(select(User)).scalar_one()
        assert u.username == "ana" and u.password_hash.startswith("$argon2id$")
        assert "correct horse" not in u.password_hash
        ok = users.authenticate(s, review_settings, "ANA ", "correct horse battery")
        bad = users.authenticate(s, review_settings, "ana", "wrong horse battery")
    assert ok.ok and ok.principal.role == "analyst" and not bad.ok
    assert actions(review_settings)[-2:] == [("ana", "auth.login"), ("ana", "auth.login_failed")]


@pytest.mark.parametrize("name, role, password, error", [
    ("x", "analyst", "long-enough-pass", ReviewError),            # name too short
    ("bad name", "analyst", "long-enough-pass", ReviewError),
    ("<b>ana</b>", "analyst", "long-enough-pass", ReviewError),
    ("ana", "superuser", "long-enough-pass", ReviewError),
    ("ana", "analyst", "short", ReviewError),
    ("dup", "analyst", "long-enough-pass", ConflictError),        # exists already
])
def test_create_user_refuses(review_settings, name, role, password, error):
    with session_scope(review_settings) as s:
        users.create_user(s, "dup", "analyst", "long-enough-pass")
    with pytest.raises(error), session_scope(review_settings) as s:
        users.create_user(s, name, role, password)


def test_lockout_after_max_failures_then_release(review_settings):
    settings = review_settings.model_copy(update={"max_failed_logins": 3, "lockout_minutes": 10})
    with session_scope(settings) as s:
        users.create_user(s, "ana", "analyst", "right-password-1")
    outcomes = []
    for pw in ["wrong-1", "wrong-2", "wrong-3", "right-password-1"]:
        with session_scope(settings) as s:
            outcomes.append(users.authenticate(s, settings, "ana", pw).reason)
    assert outcomes == ["bad_credentials", "bad_credentials", "bad_credentials", "locked"]
    assert ("ana", "auth.lockout") in actions(settings)
    later = utcnow() + timedelta(minutes=11)
    with session_scope(settings) as s:
        assert users.authenticate(s, settings, "ana", "right-password-1", now=later).ok


@pytest.mark.parametrize("disabled, expected", [(True, "disabled"), (False, "")])
def test_disabled_accounts_cannot_sign_in(review_settings, disabled, expected):
    with session_scope(review_settings) as s:
        users.create_user(s, "ana", "analyst", "right-password-1")
        users.set_disabled(s, "adm", "ana", disabled)
    with session_scope(review_settings) as s:
        assert users.authenticate(s, review_settings, "ana", "right-password-1").reason == expected


def test_unknown_user_fails_like_a_wrong_password(review_settings):
    with session_scope(review_settings) as s:
        out = users.authenticate(s, review_settings, "nobody", "whatever-password")
    assert (out.ok, out.reason) == (False, "bad_credentials")
    assert actions(review_settings)[-1] == ("anonymous", "auth.login_failed")


@pytest.mark.parametrize("args, stdin, expected, listed", [
    (["--password-stdin"], "a-long-password-1\n", None, "ana\tanalyst\tactive"),
    ([], "a-long-password-1\na-long-password-1\n", None, "ana\tanalyst\tactive"),   # prompted twice
    ([], "a-long-password-1\nsomething-else-22\n", SystemExit, None),             # mismatch, then EOF
    (["--password-stdin"], "short\n", ReviewError, None),
])
def test_users_add_cli(cli_env, args, stdin, expected, listed):
    from screening.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["users", "add", "ana", "--role", "analyst", *args], env=cli_env, input=stdin)
    if expected is None:
        assert result.exit_code == 0, result.output
        assert "a-long-password" not in result.output
    else:
        assert isinstance(result.exception, expected), result.output
    out = runner.invoke(cli, ["users", "list"], env=cli_env).output
    if listed:
        assert listed in out and "$argon2" not in out
    else:
        assert "ana" not in out
