"""How the classifier alone scores the public benchmark slices: mean and share >= 0.8 per slice.

    .venv/bin/python scripts/bench_score_bands.py [--slice edos/not_sexist ...] [--model DIR]

Then, for each positive slice beside its contrasts (EDOS threats against not-sexist posts,
HatemojiBuild threats against their contrasts), how well the scores rank them: ROC AUC, and
recall at the score that keeps 5% of the contrasts above it ("R@5", as in
scripts/encoder_experiment.py).

Aggregate figures only (no text is printed). It shows whether the classifier, trained on the
project's own short texts, is over-confident on real posts. Measuring only: nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np
from sklearn.metrics import roc_auc_score

from screening.audit.bench import load_slices
from screening.screen.classifier import ConcernClassifier
from screening.settings import Settings

PAIRS = (("edos/threats", "edos/not_sexist"), ("hatemoji_build/threats", "hatemoji_build/contrasts"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slice", action="append", help="slice name (default: the EDOS and HatemojiBuild slices)")
    ap.add_argument("--model", default=None, help="model folder (default: the settings' classifier)")
    args = ap.parse_args()
    want = set(args.slice or ["edos/threats", "edos/not_sexist", "hatemoji_build/threats", "hatemoji_build/contrasts"])
    settings = Settings()
    clf = ConcernClassifier.load(args.model or settings.model_dir / "classifier")
    print(f"model {clf.version}")
    print(f"{'slice':<28} {'n':>6} {'mean p':>7} {'p>=0.8':>7}")
    scores: dict[str, np.ndarray] = {}
    for sl in load_slices(settings):
        if sl.name in want | {a for pair in PAIRS for a in pair}:
            scores[sl.name] = p = clf.predict_proba(sl.texts)
        if sl.name in want:
            print(f"{sl.name:<28} {len(p):>6} {statistics.mean(p):>7.3f} {float(np.mean(p >= 0.8)):>7.3f}")
    print(f"{'positives vs contrasts':<50} {'AUC':>6} {'R@5':>6}")
    for pos, neg in PAIRS:
        if pos in scores and neg in scores:
            y = np.r_[np.ones(len(scores[pos])), np.zeros(len(scores[neg]))]
            line = float(np.quantile(scores[neg], 0.95))
            print(f"{pos + ' vs ' + neg:<50} {roc_auc_score(y, np.r_[scores[pos], scores[neg]]):>6.3f} "
                  f"{float(np.mean(scores[pos] > line)):>6.3f}")


if __name__ == "__main__":
    main()
