"""Are two `screening score` outputs the same records, line by line, apart from model_version?

    .venv/bin/python scripts/same_records.py before.jsonl after.jsonl

A speed change must leave every record as it was; this says how many differ and shows the first.
Exit status 1 when any record differs.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    a_path, b_path = sys.argv[1:3]
    with open(a_path, encoding="utf-8") as fa, open(b_path, encoding="utf-8") as fb:
        a, b = fa.read().splitlines(), fb.read().splitlines()
    if len(a) != len(b):
        sys.exit(f"{len(a)} records against {len(b)}")
    differ = 0
    for n, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        rx, ry = json.loads(x), json.loads(y)
        rx.pop("model_version", None)
        ry.pop("model_version", None)
        if rx != ry:
            differ += 1
            if differ == 1:
                print(f"first difference, line {n}:\n  {json.dumps(rx)[:400]}\n  {json.dumps(ry)[:400]}")
    print(f"{len(a)} records, {differ} differ (model_version aside)")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
