"""The sources config: loaded, validated, every error names the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest_helpers import write_sources

from screening.errors import ConfigError
from screening.ingest.config import get_source, load_source_specs, load_sources
from screening.ingest.sources.base import known_kinds

ROOT = Path(__file__).resolve().parents[2]
REDDIT = {"name": "r1", "kind": "reddit", "options": {"subreddits": ["a"]}}
TIPS = {"name": "t1", "kind": "tips", "options": {"folder": "in"}}
FORUM = {"name": "f1", "kind": "forum_export",
         "options": {"path": "x.csv", "consent_basis": "platform_agreement",
                     "mapping": {"id": "a", "text": "b"}}}


@pytest.mark.parametrize("sources, message", [
    ([{"kind": "tips"}], "entry 0: name None"),
    ([{"name": "Has Space", "kind": "tips"}], "entry 0: name 'Has Space'"),
    ([TIPS, TIPS], "'t1' appears twice"),
    ([{"name": "x", "kind": "carrier_pigeon"}], "unknown source kind 'carrier_pigeon'"),
    ([{"name": "x", "kind": "tips", "schedual": "@daily", "options": {"folder": "i"}}], "source 'x': unknown keys ['schedual']"),
    ([{"name": "x", "kind": "tips", "schedule": 5, "options": {"folder": "i"}}], "source 'x': schedule"),
    ([{"name": "x", "kind": "tips"}], "source 'x' (tips): option 'folder' is required"),
    ([{"name": "x", "kind": "reddit", "options": {"subreddits": []}}], "source 'x' (reddit): subreddits"),
    ([{"name": "x", "kind": "reddit", "options": {"subreddits": "news"}}], "option 'subreddits' has the wrong type"),
    ([{**FORUM, "options": {**FORUM["options"], "consent_basis": "we_asked_nicely"}}], "consent_basis 'we_asked_nicely'"),
    ([{**FORUM, "options": {**FORUM["options"], "mapping": {"text": "b"}}}], "mapping must name the columns for ['id']"),
    ([{**FORUM, "options": {**FORUM["options"], "mapping": {"id": "a", "text": "b", "colour": "c"}}}], "unknown fields ['colour']"),
])
def test_bad_entries_fail_naming_the_entry(sqlite_settings, tmp_path, sources, message):
    cfg = write_sources(tmp_path / "sources.yaml", sources)
    with pytest.raises(ConfigError) as err:
        load_sources(sqlite_settings.model_copy(update={"sources_config": cfg}))
    assert message in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("sources: {a: 1}", "'sources:' list"),
    ("sources: [", "not valid YAML"),
])
def test_bad_files(tmp_path, text, message):
    p = tmp_path / "s.yaml"
    p.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_source_specs(p)


def test_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="sources.example.yaml"):
        load_source_specs(tmp_path / "nope.yaml")


def test_good_config_resolves_relative_paths_from_its_folder(sqlite_settings, tmp_path):
    cfg = write_sources(tmp_path / "sources.yaml", [REDDIT, TIPS, FORUM])
    settings = sqlite_settings.model_copy(update={"sources_config": cfg})
    specs = load_sources(settings)
    assert [(s.name, s.kind) for s in specs] == [("r1", "reddit"), ("t1", "tips"), ("f1", "forum_export")]
    assert get_source(settings, "t1").options["folder"] == str(tmp_path / "in")
    with pytest.raises(ConfigError, match="no source named 'zz'"):
        get_source(settings, "zz")


@pytest.mark.parametrize("path", ["config/sources.yaml", "config/sources.example.yaml"])
def test_shipped_configs_are_valid(sqlite_settings, path):
    specs = load_sources(sqlite_settings.model_copy(update={"sources_config": ROOT / path}))
    assert specs and {s.kind for s in specs} <= set(known_kinds())


def test_known_kinds():
    assert known_kinds() == ["forum_export", "reddit", "tips"]
