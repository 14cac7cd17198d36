"""Reading JSON, JSON Lines and CSV files record by record, keeping what cannot be read.

Shared by the tips drop folder and forum exports. Each record comes out as ``(line, dict)``
or as a ``ParseFailure`` naming the file and line, so one bad line never hides the rest.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from screening.ingest.sources.base import ParseFailure

FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
csv.field_size_limit(16 * 1024 * 1024)


def file_format(path: Path, declared: str | None = None) -> str:
    if declared and declared != "auto":
        return declared
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ParseFailure("unsupported_file", f"{path.name}: unknown extension; use .json, .jsonl or .csv",
                           {"file": path.name})
    return fmt


def read_records(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any]] | ParseFailure]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield ParseFailure("unreadable_file", f"{path.name}: {exc}", {"file": path.name})
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield ParseFailure("unreadable_file", f"{path.name} is not UTF-8: {exc}",
                           {"file": path.name, "content": raw.decode("utf-8", errors="replace")})
        return
    if fmt == "jsonl":
        yield from _jsonl(path, text)
    elif fmt == "json":
        yield from _json(path, text)
    elif fmt == "csv":
        yield from _csv(path, text)
    else:
        yield ParseFailure("unsupported_file", f"{path.name}: unknown format {fmt!r}", {"file": path.name})


def _jsonl(path: Path, text: str):
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ParseFailure("malformed", f"{path.name} line {n}: not JSON ({exc.msg})",
                               {"file": path.name, "line": n, "content": line})
            continue
        if not isinstance(obj, dict):
            yield ParseFailure("malformed", f"{path.name} line {n}: expected a JSON object",
                               {"file": path.name, "line": n, "content": line})
            continue
        yield n, obj


def _json(path: Path, text: str):
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        yield from _jsonl(path, text)    # maybe JSON Lines after all; bad lines are kept
        return
    items = obj if isinstance(obj, list) else [obj]
    for n, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield n, item
        else:
            yield ParseFailure("malformed", f"{path.name} item {n}: expected a JSON object",
                               {"file": path.name, "item": n, "content": item})


def _csv(path: Path, text: str):
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return
    header = [h.strip() for h in header]
    while True:
        line_no = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ParseFailure("malformed", f"{path.name} line {line_no}: {exc}",
                               {"file": path.name, "line": line_no})
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield ParseFailure("malformed", f"{path.name} line {line_no}: {len(row)} fields, "
                               f"the header has {len(header)}",
                               {"file": path.name, "line": line_no, "content": row})
            continue
        yield line_no, dict(zip(header, row, strict=True))
