"""Small helpers shared by ingestion tests (imported by name via conftest)."""

from __future__ import annotations

from pathlib import Path

import yaml


def write_sources(path: Path, sources: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"sources": sources}))
    return path
