"""`screening score` honours the DESIGN.md contract for good and bad input."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from screening.screen.batch import read_jsonl, score_records
from screening.types import DISCLAIMER

FIELDS = {"id", "flagged", "score", "indicators", "evidence", "status", "model_version", "disclaimer"}
THREAT = "I'm going to shoot up the school on Friday, everyone there deserves it."


def run_score(tmp_path: Path, name: str, content: str, *args: str, stdin: str | None = None):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    target = "-" if stdin is not None else str(path)
    proc = subprocess.run(
        [sys.executable, "-m", "screening.cli", "score", target, *args],
        input=stdin, capture_output=True, text=True, timeout=300,
    )
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    return proc, lines


def jl(*objs) -> str:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs)


def test_mixed_jsonl_keeps_order_and_reports_every_line(tmp_path):
    big = ("We met for coffee and talked about the garden. " * 22000)[:1_000_000]
    content = jl(
        {"id": "ok", "text": "Looking forward to the bake sale this weekend!"},
        {"id": "threat", "text": THREAT},
        {"id": "empty", "text": ""},
        {"id": "nul", "text": None},
        {"id": "es", "text": "Mañana vamos a la playa con mis amigos y después comemos paella en casa."},
        '{"id": "broken", "text": ',
        {"id": "notext"},
        {"id": "big", "text": big},
        {"id": 7, "text": "numbers are fine as ids", "source": "extra fields are ignored"},
    )
    proc, out = run_score(tmp_path, "in.jsonl", content)
    assert proc.returncode == 1, proc.stderr
    assert [r["id"] for r in out] == ["ok", "threat", "empty", "nul", "es", None, "notext", "big", 7]
    status = {r["id"]: r["status"] for r in out if r["id"] is not None}
    assert status == {"ok": "screened", "threat": "screened", "empty": "empty", "nul": "empty",
                      "es": "unsupported_language", "notext": "error", "big": "screened",
                      7: "screened"}
    for r in out:
        assert FIELDS <= r.keys()
        assert r["disclaimer"] == DISCLAIMER
        assert 0.0 <= r["score"] <= 1.0
    errors = [r for r in out if r["status"] == "error"]
    assert [e["line"] for e in errors] == [6, 7]
    assert all(f"line {e['line']}" in e["detail"] for e in errors)
    by_id = {r["id"]: r for r in out}
    assert by_id["threat"]["flagged"] is True and by_id["threat"]["evidence"]
    for ev in by_id["threat"]["evidence"]:
        assert THREAT[ev["start"]:ev["end"]] == ev["text"]
    # not-English and empty are declared, never scored as clean
    assert by_id["es"]["flagged"] is False and by_id["empty"]["flagged"] is False


def test_clean_input_exits_zero(tmp_path):
    proc, out = run_score(tmp_path, "in.jsonl", jl({"id": 1, "text": "See you at practice."}))
    assert proc.returncode == 0 and len(out) == 1 and out[0]["status"] == "screened"


@pytest.mark.parametrize("name, content, ids, code", [
    ("in.csv", 'id,text\na,"Great game, we killed it tonight"\nb,' + '"' + THREAT + '"\n', ["a", "b"], 0),
    ("in.csv", "id,text\na,hello there friends\nb,x,extra\n", ["a", "b"], 1),
    ("in.csv", "ident,body\na,hello\n", [None], 1),
    ("noext", "id,text\nq,\"Multi\nline text is fine\"\n", ["q"], 0),
])
def test_csv_input(tmp_path, name, content, ids, code):
    proc, out = run_score(tmp_path, name, content)
    assert [r["id"] for r in out] == ids
    assert proc.returncode == code, proc.stderr


def test_stdin_and_output_file(tmp_path):
    outfile = tmp_path / "out.jsonl"
    proc, _ = run_score(tmp_path, "unused", "", "-o", str(outfile),
                        stdin=jl({"id": "s", "text": THREAT}))
    assert proc.returncode == 0
    rec = json.loads(outfile.read_text())
    assert rec["id"] == "s" and rec["flagged"] is True


def test_scoring_is_lazy():
    """Memory must not grow with the input: results come out before the input ends."""
    from screening.screen.screener import load_screener
    from screening.settings import get_settings

    endless = (json.dumps({"id": i, "text": "just a normal post"}) + "\n" for i in itertools.count())
    out = score_records(read_jsonl(endless), load_screener(get_settings()))
    first = list(itertools.islice(out, 600))
    assert [r["id"] for r in first] == list(range(600))
