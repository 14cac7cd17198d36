"""Precision and recall of the screener on a labelled JSON Lines file (id, text, label).

    .venv/bin/python scripts/probe_eval.py data/probes/harm_probe.jsonl data/train/dev.jsonl
    .venv/bin/python scripts/probe_eval.py FILE --rules-only --show   # misses and false alarms

Prints flagged counts, precision, recall and false-alarm rate per file. For measuring own
probes and the project's dev set only (never the public evaluation sets).
"""

from __future__ import annotations

import argparse
import json

from screening.screen.screener import load_screener


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--show", action="store_true", help="print misses and false alarms")
    args = ap.parse_args()
    scr = load_screener()
    for path in args.files:
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        res = list(scr.screen_many([r["text"] for r in rows]))
        tp = sum(1 for r, s in zip(rows, res, strict=True) if r["label"] and s.flagged)
        fp = sum(1 for r, s in zip(rows, res, strict=True) if not r["label"] and s.flagged)
        pos = sum(1 for r in rows if r["label"])
        neg = len(rows) - pos
        prec = tp / (tp + fp) if tp + fp else 0.0
        print(f"{path}: n={len(rows)} pos={pos} tp={tp} fp={fp} precision={prec:.3f} "
              f"recall={tp / pos if pos else 0:.3f} fpr={fp / neg if neg else 0:.3f}")
        if args.show:
            for r, s in zip(rows, res, strict=True):
                if bool(r["label"]) != s.flagged:
                    kind = "MISS" if r["label"] else "FA  "
                    ev = ",".join(sorted({e.rule for e in s.evidence}))
                    print(f"  {kind} {s.score:.2f} {r['text'][:110]!r} [{ev}]")
    scr.close()


if __name__ == "__main__":
    main()
