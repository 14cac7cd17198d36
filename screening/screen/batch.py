"""Score a stream of records (JSON Lines or CSV) into contract records, in order, lazily.

This is the library half of `screening score`; the CLI only opens files.
"""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from screening.screen.base import Screener
from screening.types import DISCLAIMER, ScreenResult, Status


class _Bad:
    """A line that could not be read: it becomes an error record at its place."""

    __slots__ = ("line", "why", "id")

    def __init__(self, line: int, why: str, id_: Any = None):
        self.line, self.why, self.id = line, why, id_


def error_record(line: int, why: str, doc_id: Any, model_version: str) -> dict[str, Any]:
    return {
        "id": doc_id, "flagged": False, "score": 0.0, "indicators": [], "evidence": [],
        "status": Status.ERROR.value, "model_version": model_version,
        "disclaimer": DISCLAIMER, "line": line, "detail": f"line {line}: {why}",
    }


def read_jsonl(stream: TextIO) -> Iterator[tuple[int, Any, str | None] | _Bad]:
    for n, raw in enumerate(stream, start=1):
        line = raw.strip()
        if not line:
            yield _Bad(n, "blank line (expected a JSON object with id and text)")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _Bad(n, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield _Bad(n, f"expected a JSON object, got {type(obj).__name__}")
            continue
        yield from _check(n, obj)


def read_csv(stream: TextIO) -> Iterator[tuple[int, Any, str | None] | _Bad]:
    reader = csv.DictReader(stream)
    fields = reader.fieldnames or []
    if "id" not in fields or "text" not in fields:
        yield _Bad(1, f"CSV header must have 'id' and 'text' columns; found {fields}")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _Bad(reader.line_num, f"unreadable CSV row ({exc})")
            continue
        if None in row:   # more fields than the header names
            yield _Bad(reader.line_num, "row has more fields than the header", row.get("id"))
            continue
        yield from _check(reader.line_num, row)


def _check(n: int, obj: dict[str, Any]) -> Iterator[tuple[int, Any, str | None] | _Bad]:
    if "id" not in obj:
        yield _Bad(n, "no 'id' field")
    elif "text" not in obj:
        yield _Bad(n, "no 'text' field", obj["id"])
    elif obj["text"] is not None and not isinstance(obj["text"], str):
        yield _Bad(n, f"'text' must be a string, got {type(obj['text']).__name__}", obj["id"])
    else:
        yield (n, obj["id"], obj["text"])


def detect_format(first_line: str) -> str:
    return "jsonl" if first_line.lstrip().startswith(("{", "[", '"')) or not first_line.strip() else "csv"


def score_records(
    items: Iterable[tuple[int, Any, str | None] | _Bad], screener: Screener
) -> Iterator[dict[str, Any]]:
    """Contract records, one per item, in order; errors stay at their place.

    The texts go to the screener as one lazy stream (it reads a few batches ahead, so that its
    batches can overlap); the items it has read wait here until their results come back."""
    it = iter(items)
    waiting: deque[tuple[int, Any, str | None] | _Bad] = deque()

    def texts() -> Iterator[str | None]:
        for item in it:
            waiting.append(item)
            if not isinstance(item, _Bad):
                yield item[2]

    def bad(c: _Bad) -> dict[str, Any]:
        return error_record(c.line, c.why, c.id, screener.model_version)

    results: Iterator[ScreenResult] = screener.screen_many(texts())
    for res in results:
        while isinstance(waiting[0], _Bad):
            yield bad(waiting.popleft())
        yield res.to_record(waiting.popleft()[1])
    while waiting:
        yield bad(waiting.popleft())
