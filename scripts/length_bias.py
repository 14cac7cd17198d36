"""Length bias of the classifier: does joining ordinary posts into one longer post raise its score?

    PYTHONPATH=$PWD .venv/bin/python scripts/length_bias.py [--dev data/train/dev.jsonl] [--model DIR]

Joins k ordinary dev posts (label 0, no context, not already in the long register) into one
post, 300 times per k, and prints the mean classifier score and the share scoring >= 0.8. A
classifier without length bias keeps both flat as k grows. Also prints the same for dev
positives, long dev rows per label, and (a check of the features themselves) one ordinary post
repeated k times. Measures the project's own dev set only.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics

import numpy as np

from screening.screen.classifier import ConcernClassifier
from screening.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default="data/train/dev.jsonl")
    ap.add_argument("--model", default=None, help="model folder (default: the settings' classifier)")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    clf = ConcernClassifier.load(args.model or Settings().model_dir / "classifier")
    rows = [json.loads(line) for line in open(args.dev, encoding="utf-8") if line.strip()]
    neg = [r["text"] for r in rows if r["label"] == 0 and r.get("context") is None
           and r.get("register") != "long"]
    pos = [r["text"] for r in rows if r["label"] == 1]
    rng = random.Random(args.seed)
    print(f"model {clf.card_.get('model_version', '?')}  dev {args.dev}  short ordinary {len(neg)}")
    print(f"{'sample':<22}{'n':>5}{'avg len':>9}{'mean p':>8}{'p>=0.8':>8}")

    def line(name: str, texts: list[str]) -> None:
        if not texts:
            return
        p = np.asarray(clf.predict_proba(texts))
        print(f"{name:<22}{len(texts):>5}{statistics.mean(map(len, texts)):>9.0f}"
              f"{p.mean():>8.3f}{(p >= 0.8).mean():>8.3f}")

    for k in (1, 2, 4, 8):
        line(f"ordinary joined x{k}", [" ".join(rng.sample(neg, k)) for _ in range(args.n)])
    # construction check of the vectoriser alone: the same post repeated k times has the same
    # words in the same proportions, so with l2-normalised sublinear tf-idf its score should
    # barely move; a rise here would be length bias built into the features, not learned
    base = rng.sample(neg, args.n)
    for k in (1, 2, 8):
        line(f"ordinary repeated x{k}", [" ".join([t] * k) for t in base])
    line("dev positives", pos[: args.n])
    for label in (0, 1):
        long_rows = [r["text"] for r in rows if r["label"] == label and len(r["text"]) > 200]
        line(f"dev >200 chars y={label}", long_rows)


if __name__ == "__main__":
    main()
