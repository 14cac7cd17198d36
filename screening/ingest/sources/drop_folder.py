"""Tip-line submissions dropped as files (JSON, JSON Lines or CSV) into a folder.

Each record: ``text``, ``consent`` (must be true), optional ``id``, ``contact``, ``about``,
``submitted_at``. Writers should write to a temporary name and rename, so a half-written
file is never read. Once its records are stored, a file moves to ``processed/``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from screening.ingest.sources.base import FetchWindow, ParseFailure, Source, register
from screening.ingest.sources.files import file_format, read_records
from screening.types import ConsentBasis, IncomingDocument

TRUE = {True, "true", "True", "TRUE", "yes", "1"}  # CSV gives text


def tip_document(source: str, record: dict[str, Any], external_id: str | None = None) -> IncomingDocument:
    """One tip as a document. Without an explicit true consent there is no consent basis,
    and the pipeline quarantines it (no basis, no ingestion). The contact is kept only as
    the keyed pseudonym, so repeat tips from one person link without storing who they are.
    """
    consent = record.get("consent") in TRUE
    ext = external_id or (str(record["id"]) if record.get("id") not in (None, "") else None)
    if ext is None:
        blob = json.dumps(record, sort_keys=True, default=str, ensure_ascii=False)
        ext = "h_" + hashlib.sha256(blob.encode()).hexdigest()[:24]
    contact = record.get("contact")
    return IncomingDocument(
        source=source,
        external_id=ext,
        text=record.get("text"),
        consent_basis=ConsentBasis.CONSENTED_SUBMISSION.value if consent else None,
        author=str(contact) if contact not in (None, "") else None,
        title=None,
        posted_at=record.get("submitted_at") or None,
        extra={k: record[k] for k in ("about",) if record.get(k) not in (None, "")}
        | {"has_contact": contact not in (None, "")},
        raw={k: v for k, v in record.items() if k != "contact"},
    )


@register
class TipsDropFolder(Source):
    kind = "tips"
    version = "1.0"
    consent_basis = ConsentBasis.CONSENTED_SUBMISSION.value

    def check_options(self) -> None:
        self.folder = Path(self.option("folder", types=str)).expanduser()
        self.patterns = self.option("patterns", ["*.json", "*.jsonl", "*.csv"], list)
        self._done: list[Path] = []

    def files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        found = {p for pat in self.patterns for p in self.folder.glob(pat) if p.is_file()}
        return sorted(p for p in found if not p.name.startswith("."))

    def fetch(self, window: FetchWindow) -> Iterator[IncomingDocument | Exception]:
        self._done = []
        for path in self.files():
            try:
                fmt = file_format(path)
            except ParseFailure as exc:
                yield exc
                self._done.append(path)
                continue
            for item in read_records(path, fmt):
                if isinstance(item, Exception):
                    yield item
                    continue
                _line, record = item
                yield tip_document(self.name, record)
            self._done.append(path)

    def after_ingest(self) -> None:
        """Move read files aside; a name already in processed/ gets a numbered suffix."""
        target = self.folder / "processed"
        target.mkdir(exist_ok=True)
        for path in self._done:
            dest = target / path.name
            n = 1
            while dest.exists():
                dest = target / f"{path.stem}.{n}{path.suffix}"
                n += 1
            shutil.move(str(path), dest)
        self._done = []
