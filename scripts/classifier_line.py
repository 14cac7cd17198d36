"""How classifier artifacts rank the project's own held-out sets, and how many negatives reach
the classifier-only line.

    .venv/bin/python scripts/classifier_line.py --model models/classifier [--model OTHER_DIR ...] \
        data/train/dev.jsonl data/probes/*.jsonl

For each JSON Lines file (text, label) and each model folder it prints ROC AUC, average precision
and the share of label-0 rows scored at or above ``classifier_only_threshold`` (the score at which
the classifier may raise a lead alone). The classifier alone, no rules. Used to compare models
trained with different C on the same data; reads only the project's own files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from screening.screen.classifier import ConcernClassifier
from screening.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="append", required=True, help="classifier folder (repeatable)")
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args()
    line = Settings().classifier_only_threshold
    models = [ConcernClassifier.load(m) for m in args.model]
    print(f"negatives at or above the classifier-only line ({line})")
    print(f"{'file':<24} {'model':<26} {'AUC':>6} {'AP':>6} {'neg>=line':>9}")
    for path in args.files:
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        texts = [r["text"] for r in rows]
        y = np.array([int(r["label"]) for r in rows])
        for m in models:
            p = m.predict_proba(texts)
            print(f"{path.name:<24} {m.version:<26} {roc_auc_score(y, p):>6.3f} "
                  f"{average_precision_score(y, p):>6.3f} {(p[y == 0] >= line).mean():>9.3f}")


if __name__ == "__main__":
    main()
