"""Throughput of `screening score`: docs per second and peak memory on 10,000 mixed posts.

Builds N posts (default 10,000) from the project's own texts (data/samples/*.jsonl and
data/train/*.jsonl, shuffled with a fixed seed), writes them as JSON Lines, runs
`screening score` on them in a subprocess and prints the figures. Prints, never asserts: speed
depends on the machine (the issue's target is >= 1,000 docs/s and < 1.5 GB peak RSS on the
2-core reference machine).

    .venv/bin/python scripts/bench_throughput.py [-n 10000] [--runs 5] [--spacy-model blank]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "data" / "samples").glob("*.jsonl")) + sorted((ROOT / "data" / "train").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                t = json.loads(line).get("text")
            except (json.JSONDecodeError, AttributeError):
                continue
            if isinstance(t, str) and t.strip():
                texts.append(t)
    if not texts:
        sys.exit("no texts found under data/samples or data/train")
    return texts


def _watch_tree_rss(pid: int) -> list[int]:
    """Sample the summed RSS of a process and its descendants (the screener forks a helper)
    until it exits; returns a one-item list holding the peak, filled in by a daemon thread."""
    peak = [0]
    try:
        import psutil
    except ImportError:            # the figure is then the single-process one only
        return peak

    def run() -> None:
        try:
            root = psutil.Process(pid)
            while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
                total = 0
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total)
                time.sleep(0.02)
        except psutil.Error:
            pass

    threading.Thread(target=run, daemon=True).start()
    return peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="number of posts (default 10000)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--spacy-model", default=None, help="override SCREENING_SPACY_MODEL (e.g. blank)")
    ap.add_argument("--runs", type=int, default=1, help="timed runs of the same posts (prints the median)")
    ap.add_argument("--repeats", action="store_true",
                    help="draw posts with replacement (duplicates hit the screener's result cache)")
    args = ap.parse_args()

    pool = sorted(set(corpus()))
    rng = random.Random(args.seed)
    if args.repeats:
        posts = [pool[rng.randrange(len(pool))] for _ in range(args.n)]
    else:
        # every post distinct, as real feeds are: the cache must not flatter the figure. Past the
        # pool's size, a post is two different pool texts written as one longer post.
        posts = rng.sample(pool, min(args.n, len(pool)))
        while len(posts) < args.n:
            a, b = rng.sample(pool, 2)
            posts.append(f"{a} {b}")
    env = dict(os.environ)
    if args.spacy_model:
        env["SCREENING_SPACY_MODEL"] = args.spacy_model
    screening = ROOT / ".venv" / "bin" / "screening"
    cmd = [str(screening) if screening.exists() else "screening", "score"]
    print(f"command        : {' '.join(cmd)} <{args.n} posts>.jsonl -o out.jsonl")
    print(f"posts          : {args.n} ({len(set(posts))} distinct texts, {sum(map(len, posts)) / args.n:.0f} chars avg)")
    rates = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "posts.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for i, t in enumerate(posts):
                f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        for run in range(1, args.runs + 1):
            rates.append(_one_run(cmd, env, src, Path(tmp), run if args.runs > 1 else None, args.n))
    if args.runs > 1:
        # a shared machine's speed wanders from run to run; the median and the range say how much
        rates.sort()
        print(f"over {args.runs} runs : median {statistics.median(rates):,.0f} docs/s end to end "
              f"(range {rates[0]:,.0f}-{rates[-1]:,.0f})")


def _one_run(cmd: list[str], env: dict, src: Path, tmp: Path, run: int | None, n: int) -> float:
    """One timed `screening score` over ``src``; prints its figures and returns docs/s end to end."""
    out = tmp / "scored.jsonl"
    # startup (imports, model load) measured apart from the scoring itself
    t0 = time.perf_counter()
    subprocess.run(cmd + ["-", "-o", str(tmp / "empty.jsonl")], input=b"", env=env, check=False)
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd + [str(src), "-o", str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    tree_peak = _watch_tree_rss(proc.pid)
    _, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss    # largest child so far
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    flagged = sum(1 for ln in lines if json.loads(ln).get("flagged"))
    model = json.loads(lines[0])["model_version"] if lines else "?"
    if proc.returncode != 0:
        print(stderr[-2000:], file=sys.stderr)
    if run is not None:
        print(f"-- run {run}")
    print(f"model_version  : {model}")
    print(f"output lines   : {len(lines)} ({flagged} flagged)")
    print(f"wall time      : {wall:.2f} s (process start-up alone: {startup:.2f} s)")
    print(f"throughput     : {n / wall:,.0f} docs/s end to end; "
          f"{n / max(wall - startup, 1e-9):,.0f} docs/s excluding start-up")
    print(f"peak RSS       : {peak_kb / 1024:,.0f} MB (largest single process); "
          f"{tree_peak[0] / 2**20:,.0f} MB all processes together (sum of RSS, sampled every 20 ms; "
          "forked pages shared with the parent are counted twice, so this is an upper bound)")
    return n / wall


if __name__ == "__main__":
    main()
