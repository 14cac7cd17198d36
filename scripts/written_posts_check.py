"""How the screener reads the project's own written posts (data/train/banks/posts), in three counts.

    .venv/bin/python scripts/written_posts_check.py [--show N]

1. Look-alikes: every label-0 written post (the ordinary posts hold no violence words at all, so
   any rule that fires there is suspect). Prints how many are flagged and which rules leave
   counting evidence on them.
2. Classifier alone: the held-out written look-alikes in dev (register ``post``, label 0) that
   the classifier raises with no rule evidence.
3. Discounted threats: the written positives in train whose rule evidence context discounted
   entirely, per context (a reading that may be too broad).

The posts are the project's own (written for training); nothing here reads a public set.
``--show N`` prints up to N texts per count.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from screening.screen.combine import counts
from screening.screen.screener import load_screener

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "data" / "train" / "banks" / "posts"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="texts to print per count")
    args = ap.parse_args()
    screener = load_screener()

    looks = [r["text"] for p in sorted(POSTS.glob("*.jsonl")) for r in _rows(p) if not r.get("label")]
    by_rule: Counter[str] = Counter()
    flagged = []
    for text in looks:
        res = screener.screen(text)
        by_rule.update({e.rule for e in res.evidence if counts(e) and e.detector != "classifier"})
        if res.flagged:
            flagged.append(text)
    print(f"1. written look-alikes: {len(looks)}, flagged {len(flagged)}")
    for rule, n in by_rule.most_common(15):
        print(f"   {n:>4}  {rule}")
    for text in flagged[:args.show]:
        print("      ", text[:160].replace("\n", " "))

    dev = [r for r in _rows(ROOT / "data" / "train" / "dev.jsonl") if r["register"] == "post" and r["label"] == 0]
    alone = []
    for r in dev:
        res = screener.screen(r["text"])
        if res.flagged and all(e.detector == "classifier" for e in res.evidence if counts(e)):
            alone.append(r["text"])
    print(f"2. held-out written look-alikes in dev: {len(dev)}, raised by the classifier alone {len(alone)}")
    for text in alone[:args.show]:
        print("      ", text[:160].replace("\n", " "))

    pos = [r for r in _rows(ROOT / "data" / "train" / "train.jsonl") if r["register"] == "post" and r["label"] == 1]
    by_ctx: Counter[str] = Counter()
    discounted = []
    for r in pos:
        res = screener.screen(r["text"])
        rule_ev = [e for e in res.evidence if e.detector != "classifier" and e.weight > 0]
        if not res.flagged and rule_ev and not any(counts(e) for e in rule_ev):
            by_ctx.update({c for e in rule_ev for c in e.context})
            discounted.append(r["text"])
    print(f"3. written positives in train: {len(pos)}, all rule evidence discounted {len(discounted)}: "
          + ", ".join(f"{c} {n}" for c, n in by_ctx.most_common()))
    for text in discounted[:args.show]:
        print("      ", text[:160].replace("\n", " "))


if __name__ == "__main__":
    main()
