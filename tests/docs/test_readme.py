"""The README stays true: the two commands, every CLI command, files it points at."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from screening.cli import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from leaf_commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("path", sorted(leaf_commands(cli)), ids=" ".join)
def test_every_command_is_documented(path):
    head, *rest = path
    # "screening users add/list" style rows count for each sub-command
    pattern = rf"screening {re.escape(head)}\b" + (rf"[^\n|]*\b{re.escape(rest[-1])}\b" if rest else "")
    assert re.search(pattern, README), f"`screening {' '.join(path)}` is missing from README.md"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    first_block = README.split("```bash", 1)[1].split("```", 1)[0]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("rel", sorted(set(re.findall(r"`((?:docs|data|models|config)/[\w./-]+\.\w+)`", README))
                                       | set(re.findall(r"\]\((docs/[^)]+)\)", README))))
def test_files_the_readme_names_exist(rel):
    assert (ROOT / rel).exists(), rel
