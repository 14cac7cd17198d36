"""The `screening` command: a thin face over the library.

Each area registers its own command group here; domain errors become one clean message and
exit code 2 in one place (``main``).
"""

from __future__ import annotations

import sys

import click

from screening.errors import ScreeningError


@click.group()
@click.version_option(package_name="screening")
def cli() -> None:
    """Screen public and consented text for concerning language.

    Every flag is a non-determinative lead for trained human review.
    """


def _register() -> None:
    from screening.cli import audit as audit_cmds
    from screening.cli import db as db_cmds
    from screening.cli import demo as demo_cmds
    from screening.cli import ingest as ingest_cmds
    from screening.cli import model as model_cmds
    from screening.cli import models as models_cmds
    from screening.cli import review as review_cmds
    from screening.cli import score as score_cmds

    cli.add_command(db_cmds.db)
    cli.add_command(audit_cmds.audit)
    cli.add_command(score_cmds.score)
    cli.add_command(demo_cmds.demo)
    cli.add_command(model_cmds.train)
    cli.add_command(model_cmds.bench)
    cli.add_command(review_cmds.review)
    cli.add_command(review_cmds.users)
    cli.add_command(review_cmds.referrals)
    cli.add_command(models_cmds.models)
    ingest_cmds.register(cli)   # ingest, purge, serve-tips


_register()


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except ScreeningError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
