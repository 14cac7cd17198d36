"""Precision and recall of the screener on a labelled JSON Lines file (id, text, label).

    .venv/bin/python scripts/probe_eval.py data/probes/harm_probe.jsonl data/train/dev.jsonl
    .venv/bin/python scripts/probe_eval.py FILE --rules-only --show   # misses and false alarms
    .venv/bin/python scripts/probe_eval.py FILE --by kind             # and per value of a field

Prints flagged counts, precision, recall and false-alarm rate per file. For measuring own
probes and the project's dev set only (never the public evaluation sets).
"""

from __future__ import annotations

import argparse
import json

from screening.screen.screener import load_screener
from screening.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--show", action="store_true", help="print misses and false alarms")
    ap.add_argument("--rules-only", action="store_true", help="the rules without the classifier")
    ap.add_argument("--by", metavar="FIELD", help="also break the figures down by this field of the rows (e.g. kind)")
    args = ap.parse_args()
    scr = load_screener(Settings(), use_classifier=False) if args.rules_only else load_screener()
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
        if args.by:
            groups = sorted({str(r.get(args.by)) for r in rows})
            for g in groups:
                sel = [(r, s) for r, s in zip(rows, res, strict=True) if str(r.get(args.by)) == g]
                gp = sum(1 for r, _ in sel if r["label"])
                gn = len(sel) - gp
                gtp = sum(1 for r, s in sel if r["label"] and s.flagged)
                gfp = sum(1 for r, s in sel if not r["label"] and s.flagged)
                print(f"    {args.by}={g}: pos={gp} found={gtp} ({gtp / gp if gp else 0:.2f}) "
                      f"neg={gn} false alarms={gfp} ({gfp / gn if gn else 0:.2f})")
        if args.show:
            for r, s in zip(rows, res, strict=True):
                if bool(r["label"]) != s.flagged:
                    kind = "MISS" if r["label"] else "FA  "
                    ev = ",".join(sorted({e.rule for e in s.evidence}))
                    print(f"  {kind} {s.score:.2f} {r['text'][:110]!r} [{ev}]")
    scr.close()


if __name__ == "__main__":
    main()
