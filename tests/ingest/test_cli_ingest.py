"""`screening ingest`, `screening purge ...` through the real click commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest_helpers import write_sources

from screening.cli import cli
from screening.errors import ConfigError
from screening.settings import get_settings


@pytest.fixture
def cli_env(sqlite_settings, tmp_path, monkeypatch):
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"pid": 1, "body": "first"}, {"pid": 2, "body": "second"}, {"pid": 3}]) + "\n")
    cfg = write_sources(tmp_path / "sources.yaml", [
        {"name": "partner", "kind": "forum_export", "schedule": "@daily",
         "options": {"path": "dump.jsonl", "consent_basis": "platform_agreement",
                     "mapping": {"id": "pid", "text": "body"}}},
        {"name": "inbox", "kind": "tips", "enabled": False, "options": {"folder": "inbox"}},
    ])
    monkeypatch.setenv("SCREENING_DATABASE_URL", sqlite_settings.database_url)
    monkeypatch.setenv("SCREENING_SOURCES_CONFIG", str(cfg))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.mark.parametrize("args, exit_code, expected", [
    (["ingest", "partner"], 0, "partner: 3 seen, 2 accepted, 0 updated, 0 duplicate, 1 quarantined (missing_text=1)"),
    (["ingest", "--all"], 0, "partner: 3 seen, 2 accepted"),
    (["ingest", "--list"], 0, "partner\tforum_export\t@daily\tenabled\ninbox\ttips\tmanual\tdisabled"),
    (["ingest"], 2, "give one SOURCE_NAME or --all"),
    (["ingest", "partner", "--all"], 2, "give one SOURCE_NAME or --all"),
    (["purge", "retention"], 0, "purge retention: 0 checked, 0 purged"),
    (["purge", "deleted"], 0, "purge deleted: 0 checked, 0 purged"),
])
def test_commands(cli_env, args, exit_code, expected):
    result = cli_env.invoke(cli, args)
    assert result.exit_code == exit_code, result.output
    assert expected in result.output


def test_rerun_prints_duplicates_and_json(cli_env):
    cli_env.invoke(cli, ["ingest", "partner"])
    out = json.loads(cli_env.invoke(cli, ["ingest", "partner", "--json"]).output)
    assert (out["accepted"], out["duplicate"], out["quarantined"]) == (0, 2, 1)


def test_unknown_source_is_a_config_error(cli_env):
    result = cli_env.invoke(cli, ["ingest", "nope"])
    assert isinstance(result.exception, ConfigError) and "no source named 'nope'" in str(result.exception)
