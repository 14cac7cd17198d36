"""`screening score INPUT [-o OUTPUT]` (contract in DESIGN.md)."""

from __future__ import annotations

import io
import json
import sys

import click

from screening.settings import get_settings


@click.command()
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", "output_path", default="-", help="Output file (default stdout).")
@click.option("--format", "fmt", type=click.Choice(["auto", "jsonl", "csv"]), default="auto",
              help="Input format; auto uses the file extension, else sniffs the first line.")
def score(input_path: str, output_path: str, fmt: str) -> None:
    """Screen JSON Lines or CSV records (id, text); one JSON line out per input line.

    Exits 1 after writing everything if any line could not be read.
    """
    import gc
    import os

    from screening.screen.clfproc import lazy_classifier

    # a batch job that makes many short-lived objects (spaCy docs, spans): with the default
    # thresholds the collector runs about a thousand times while loading and screening 10,000
    # posts (scripts/speed_parts.py); the helper processes inherit this setting when forked
    gc.set_threshold(20_000, 20, 20)

    settings = get_settings()
    # the classifier is loaded and run in a process of its own, forked now: it imports
    # scikit-learn while this process loads spaCy and the rules (see screen/clfproc.py); with one
    # worker it loads here on first use
    clf = lazy_classifier(settings, None)
    if clf is not None and min(settings.screen_workers, os.cpu_count() or 1) >= 2:
        clf.start_process()

    from screening.screen.batch import detect_format, read_csv, read_jsonl, score_records
    from screening.screen.screener import load_screener

    screener = load_screener(settings, classifier=clf) if clf is not None else load_screener(settings, use_classifier=False)
    src = (io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
           if input_path == "-" else open(input_path, encoding="utf-8", errors="replace", newline=""))
    out = sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8")
    errors = 0
    try:
        if fmt == "auto":
            if input_path.lower().endswith(".csv"):
                fmt = "csv"
            elif input_path.lower().endswith((".jsonl", ".json", ".ndjson")):
                fmt = "jsonl"
            else:
                first = src.readline()
                fmt = detect_format(first)
                src = _Prepend(first, src)
        reader = read_csv(src) if fmt == "csv" else read_jsonl(src)
        for rec in score_records(reader, screener):
            errors += rec["status"] == "error"
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
        src.close()
    if errors:
        click.echo(f"{errors} line(s) could not be read; see their error records.", err=True)
        raise SystemExit(1)


class _Prepend(io.TextIOBase):
    """A text stream with one already-read line put back in front (for format sniffing)."""

    def __init__(self, first: str, rest):
        self._first, self._rest = first, rest

    def __iter__(self):
        if self._first:
            yield self._first
        yield from self._rest

    def readline(self, size: int = -1) -> str:  # used by csv via iteration only
        if self._first:
            first, self._first = self._first, ""
            return first
        return self._rest.readline()

    def read(self, size: int = -1) -> str:
        first, self._first = self._first, ""
        return first + self._rest.read()

    def close(self) -> None:
        self._rest.close()
