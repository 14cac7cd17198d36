"""How the classifier alone scores the public benchmark slices: mean and share >= 0.8 per slice.

    .venv/bin/python scripts/bench_score_bands.py [--slice edos/not_sexist ...]

Aggregate figures only (no text is printed). It shows whether the classifier, trained on the
project's own short texts, is over-confident on real posts. Measuring only: nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import statistics

from screening.audit.bench import load_slices
from screening.screen.classifier import ConcernClassifier
from screening.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slice", action="append", help="slice name (default: the EDOS and HatemojiBuild slices)")
    args = ap.parse_args()
    want = set(args.slice or ["edos/threats", "edos/not_sexist", "hatemoji_build/threats", "hatemoji_build/contrasts"])
    settings = Settings()
    clf = ConcernClassifier.load(settings.model_dir / "classifier")
    print(f"model {clf.version}")
    print(f"{'slice':<28} {'n':>6} {'mean p':>7} {'p>=0.8':>7}")
    for sl in load_slices(settings):
        if sl.name in want:
            p = [float(x) for x in clf.predict_proba(sl.texts)]
            print(f"{sl.name:<28} {len(p):>6} {statistics.mean(p):>7.3f} {sum(x >= 0.8 for x in p) / len(p):>7.3f}")


if __name__ == "__main__":
    main()
