"""The sources config file (``settings.sources_config``): which sources exist and how to read them.

Loaded and validated at start; a bad entry fails with a ConfigError that names it. This module
imports no database code, so the DAG files can read it at parse time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from screening.errors import ConfigError
from screening.ingest.sources.base import SourceSpec
from screening.settings import Settings

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
ENTRY_KEYS = {"name", "kind", "schedule", "enabled", "options", "description"}


def load_source_specs(path: Path | str) -> list[SourceSpec]:
    """Read and check the sources file; every problem names the entry it is in."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"sources config {p} does not exist; copy config/sources.example.yaml "
                          "there or point SCREENING_SOURCES_CONFIG at your file")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"sources config {p} is not valid YAML: {exc}") from exc
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"sources config {p} must hold a mapping with a 'sources:' list")
    specs: list[SourceSpec] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        specs.append(_spec(entry, i, p))
        _resolve_paths(specs[-1], p.parent)
        if specs[-1].name in seen:
            raise ConfigError(f"sources config {p}: source name {specs[-1].name!r} appears twice")
        seen.add(specs[-1].name)
    return specs


def _spec(entry: Any, index: int, path: Path) -> SourceSpec:
    where = f"sources config {path}, entry {index}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: each source must be a mapping with name and kind")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ConfigError(f"{where}: name {name!r} must be lower-case letters, digits and '_' "
                          "(it becomes the DAG id ingest_<name>)")
    where = f"sources config {path}, source {name!r}"
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(ENTRY_KEYS)}")
    kind = entry.get("kind")
    if not isinstance(kind, str):
        raise ConfigError(f"{where}: 'kind' is required (reddit, tips or forum_export)")
    schedule = entry.get("schedule")
    if schedule is not None and not isinstance(schedule, str):
        raise ConfigError(f"{where}: schedule must be a cron string, a preset like '@hourly', or null")
    options = entry.get("options") or {}
    if not isinstance(options, dict):
        raise ConfigError(f"{where}: options must be a mapping")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where}: enabled must be true or false")
    return SourceSpec(name=name, kind=kind, schedule=schedule, enabled=enabled, options=options)


PATH_OPTIONS = ("folder", "path")


def _resolve_paths(spec: SourceSpec, base: Path) -> None:
    """Relative folders and paths are read from the config file's directory, not the cwd
    (an Airflow worker's cwd is not the project)."""
    for key in PATH_OPTIONS:
        value = spec.options.get(key)
        if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
            spec.options[key] = str((base / value).resolve())


def load_sources(settings: Settings, *, check: bool = True) -> list[SourceSpec]:
    """The configured sources; with ``check`` each one is built once so bad options fail now."""
    specs = load_source_specs(settings.sources_config)
    if check:
        for spec in specs:
            spec.build(settings)
    return specs


def get_source(settings: Settings, name: str) -> SourceSpec:
    specs = load_sources(settings)
    for spec in specs:
        if spec.name == name:
            return spec
    raise ConfigError(f"no source named {name!r} in {settings.sources_config}; "
                      f"configured: {[s.name for s in specs]}")
