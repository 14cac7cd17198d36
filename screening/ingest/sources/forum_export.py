"""Dumps from forums that agreed to share: CSV or JSON Lines, with a column mapping.

Options: ``path`` (a file, or a folder read with ``pattern``), ``format`` (auto by extension),
``mapping`` from our fields to the export's columns (``id`` and ``text`` required; ``author``,
``posted_at``, ``url``, ``title``, ``thread_id`` optional), and ``consent_basis`` (usually
``platform_agreement``). Exports are read whole on every run; upserts make reruns duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from screening.errors import ConfigError
from screening.ingest.sources.base import FetchWindow, ParseFailure, Source, register
from screening.ingest.sources.files import file_format, read_records
from screening.types import ConsentBasis, IncomingDocument

FIELDS = {"id", "text", "author", "posted_at", "url", "title", "thread_id"}


@register
class ForumExport(Source):
    kind = "forum_export"
    version = "1.0"

    def check_options(self) -> None:
        where = f"source {self.name!r} (forum_export)"
        self.path = Path(self.option("path", types=str)).expanduser()
        self.pattern = self.option("pattern", "*", str)
        self.format = self.option("format", "auto", str)
        if self.format not in ("auto", "csv", "jsonl", "json"):
            raise ConfigError(f"{where}: format must be auto, csv, jsonl or json")
        mapping = self.option("mapping", types=dict)
        unknown = set(mapping) - FIELDS
        if unknown:
            raise ConfigError(f"{where}: mapping has unknown fields {sorted(unknown)}; "
                              f"map any of {sorted(FIELDS)} to your column names")
        missing = {"id", "text"} - set(mapping)
        if missing:
            raise ConfigError(f"{where}: mapping must name the columns for {sorted(missing)}")
        self.mapping = {k: str(v) for k, v in mapping.items()}
        basis = self.option("consent_basis", types=str)
        if basis not in {c.value for c in ConsentBasis}:
            raise ConfigError(f"{where}: consent_basis {basis!r} is not one of "
                              f"{[c.value for c in ConsentBasis]}")
        self.basis = basis

    def files(self) -> list[Path]:
        if self.path.is_file():
            return [self.path]
        if self.path.is_dir():
            return sorted(p for p in self.path.glob(self.pattern) if p.is_file() and not p.name.startswith("."))
        return []

    def fetch(self, window: FetchWindow) -> Iterator[IncomingDocument | Exception]:
        m = self.mapping
        for path in self.files():
            try:
                fmt = file_format(path, self.format)
            except ParseFailure as exc:
                yield exc
                continue
            for item in read_records(path, fmt):
                if isinstance(item, Exception):
                    yield item
                    continue
                line, rec = item

                def col(field: str, rec=rec):
                    value = rec.get(m[field]) if field in m else None
                    return None if value == "" else value

                ext = col("id")
                yield IncomingDocument(
                    source=self.name,
                    external_id=None if ext is None else str(ext),
                    text=col("text"),
                    consent_basis=self.basis,
                    url=col("url"),
                    author=col("author"),
                    title=col("title"),
                    thread_id=None if col("thread_id") is None else str(col("thread_id")),
                    posted_at=_epoch_or_text(col("posted_at")),
                    extra={"file": path.name, "line": line},
                    raw=rec,
                )


def _epoch_or_text(value):
    """Exports often give Unix seconds as text; the pipeline parses numbers and ISO 8601."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value
