"""Figures behind the speed work on `screening score`, part by part (prints, never asserts).

    .venv/bin/python scripts/speed_parts.py [-n 10000]

- the classifier's feature rows: scikit-learn's transform against the remembered char_wb rows
  (and whether they are the same numbers);
- loading the classifier artifact, and its size;
- the garbage collector in a fresh process that loads the screener and screens the posts:
  collections and their time with the default thresholds and with those `screening score` sets;
- the context cues: searching every sentence with IGNORECASE against the lowercase twins.

The posts are those of scripts/bench_throughput.py (the project's own texts, fixed seed).
"""

from __future__ import annotations

import argparse
import gc
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_throughput import corpus  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def classifier_rows(texts: list[str]) -> None:
    from screening.screen.classifier import ConcernClassifier, preprocess

    clf = ConcernClassifier.load(ROOT / "models" / "classifier")
    lows = [preprocess(t) for t in texts]
    slow, t_slow = timed(lambda: clf._features.transform(lows).tocsr())
    fast, t_fast = timed(lambda: clf._rows(lows))
    same = (np.array_equal(slow.indptr, fast.indptr) and np.array_equal(slow.indices, fast.indices)
            and np.array_equal(slow.data, fast.data))
    print(f"feature rows, {len(texts)} texts: scikit-learn {t_slow:.2f} s, remembered char_wb rows "
          f"{t_fast:.2f} s (first pass); same numbers: {same}")


def classifier_load() -> None:
    from screening.screen.classifier import ConcernClassifier

    ConcernClassifier.load(ROOT / "models" / "classifier")      # imports out of the way
    _, t = timed(lambda: ConcernClassifier.load(ROOT / "models" / "classifier"))
    size = (ROOT / "models" / "classifier" / "model.skops").stat().st_size
    print(f"classifier artifact: loads in {t:.3f} s, {size:,} bytes")


def collector(n: int) -> None:
    """Each threshold in a fresh process, as `screening score` runs: loading the pipeline and the
    classifier, then screening the posts in one process (the helper process left out)."""
    for label, thresholds in (("default", "700,10,10"), ("screening score", "20000,20,20")):
        out = subprocess.run([sys.executable, __file__, "-n", str(n), "--collector-child", thresholds],
                             capture_output=True, text=True, check=True).stdout.strip()
        print(f"collector, thresholds {label} ({thresholds}): {out}")


def _collector_child(n: int, thresholds: str) -> None:
    spent = [0.0, 0, 0.0]

    def watch(phase, info):
        if phase == "start":
            spent[2] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - spent[2]
            spent[1] += 1

    gc.set_threshold(*map(int, thresholds.split(",")))
    gc.callbacks.append(watch)
    cpu0 = time.process_time()
    from screening.screen.screener import load_screener
    from screening.settings import get_settings

    screener = load_screener(get_settings())
    screener.workers = 1
    list(screener.screen_many(_posts(n)))
    cpu = time.process_time() - cpu0
    print(f"{spent[1]} collections, {spent[0]:.2f} s of {cpu:.2f} s CPU (load and screen {n} posts, one process)")


def cues(texts: list[str]) -> None:
    from screening.screen.nlp.components import lowercase_twin, sentence_bounds
    from screening.screen.nlp.rules import PATTERNS_DIR, load_rules

    rules = load_rules(PATTERNS_DIR)
    ascii_texts = [t for t in texts if t.isascii()]
    windows = [(t, t.lower(), a, b) for t in ascii_texts for a, b in sentence_bounds(t)]
    plain = twin = 0.0
    pairs = [(c["compiled"], lowercase_twin(c["compiled"])) for c in rules.contexts["cues"].values()]
    for regex, low_twin in pairs:
        if low_twin is None:
            continue
        _, t = timed(lambda regex=regex: [regex.search(full, a, b) for full, _, a, b in windows])
        plain += t
        _, t = timed(lambda low_twin=low_twin: [low_twin.search(low, a, b) for _, low, a, b in windows])
        twin += t
    n = sum(1 for _, tw in pairs if tw is not None)
    print(f"context cues, {n} of {len(pairs)} with a twin, over {len(windows)} sentences of ASCII posts: "
          f"IGNORECASE {plain:.2f} s, lowercase twins {twin:.2f} s ({plain / max(twin, 1e-9):.1f}x)")


def _posts(n: int) -> list[str]:
    pool = sorted(set(corpus()))
    return random.Random(13).sample(pool, min(n, len(pool)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--collector-child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.collector_child:
        _collector_child(args.n, args.collector_child)
        return
    texts = _posts(args.n)
    classifier_rows(texts)
    classifier_load()
    cues(texts)
    collector(args.n)


if __name__ == "__main__":
    main()
