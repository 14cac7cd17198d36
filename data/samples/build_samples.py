"""Build the demo samples for `screening demo` from data/samples/source.yaml.

Run: .venv/bin/python data/samples/build_samples.py [--out-dir DIR]

Writes forum.jsonl (forum export, consent_basis platform_agreement), reddit.jsonl (public posts),
tips.jsonl (consented tip-line submissions) and answer_key.csv (source,external_id,expected).
All text is hand-written by this project (see source.yaml) and kept apart from the training
generator's banks; the builder refuses to write a sample whose text is also a training text.
Three deliberately malformed forum records show quarantine; they are not in the answer key.
Deterministic: a fixed seed, no clock.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TRAIN_DIR = HERE.parent / "train"
SEED = 4242
SIZES = {"forum": 200, "reddit": 120, "tips": 60}
EPOCH = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)

# a few openers and closers so posts assembled from the same topic lines read differently
OPENERS = ["", "", "", "", "Same here. ", "Update: ", "+1. ", "Honestly, ", "Ha, ", "Agreed. ", "Late reply but ",
           "For what it's worth, ", "Oh man. ", "Quick one: "]
CLOSERS = ["", "", "", "", " Thanks all!", " Just my two cents.", " Good luck!", " Anyone else?", " :)", " lol",
           " Hope that helps.", " Edit: typo."]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).casefold()).strip()


def training_texts() -> set[str]:
    texts: set[str] = set()
    for name in ("train.jsonl", "dev.jsonl"):
        path = TRAIN_DIR / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts.update(norm(json.loads(line)["text"]) for line in fh)
    return texts


def stamp(minutes: int) -> str:
    return (EPOCH + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def compose(rng: random.Random, lines: list[str], seen: set[str]) -> str:
    for _ in range(200):
        k = rng.choice((1, 1, 2, 2, 3))
        opener, body = rng.choice(OPENERS), " ".join(rng.sample(lines, min(k, len(lines))))
        if opener.endswith(", ") and not body.startswith(("I ", "I'")):
            body = body[0].lower() + body[1:]
        text = (opener + body + rng.choice(CLOSERS)).strip()
        if norm(text) not in seen:
            seen.add(norm(text))
            return text
    raise ValueError("ran out of unique ordinary posts; add lines to source.yaml")


def base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def build_forum(src: dict, rng: random.Random, seen: set[str]) -> list[dict]:
    topics = src["forum_topics"]
    authors = src["authors"]["forum"]
    weights = [6 if i < 5 else 1 for i in range(len(authors))]  # a few regulars post often
    items = [dict(x) for x in src["forum_items"]]
    n_malformed = 3
    n_ordinary = SIZES["forum"] - len(items) - n_malformed
    # two threads per topic, started on different days
    threads = []
    for t_i, topic in enumerate(topics):
        for k in range(2):
            threads.append({"id": f"{1800 + t_i * 2 + k}", "topic": topic, "start": rng.randint(0, 60 * 24 * 50),
                            "posts": 0, "title": topic["title"] + ("" if k == 0 else " (part 2)")})
    plan = [("ordinary", None)] * n_ordinary + [(x["kind"], x["text"]) for x in items]
    rng.shuffle(plan)
    rows = []
    for i, (kind, text) in enumerate(plan):
        thread = rng.choice(threads)
        if text is None:
            text = compose(rng, thread["topic"]["lines"], seen)
        else:
            seen.add(norm(text))
        thread["posts"] += 1
        post_no = thread["posts"]
        row = {
            "external_id": f"post-{50000 + i * 7}",
            "text": text,
            "consent_basis": "platform_agreement",
            "author": rng.choices(authors, weights)[0],
            "posted_at": stamp(thread["start"] + post_no * rng.randint(7, 240)),
            "url": f"https://forum.example.org/t/{thread['id']}/{post_no}",
            "thread_id": f"forum-{thread['id']}",
        }
        if post_no == 1:
            row["title"] = thread["title"]
        row["_expected"] = 1 if kind == "concerning" else 0
        rows.append(row)
    rows.sort(key=lambda r: (r["posted_at"], r["external_id"]))
    # the three malformed records: still valid JSON lines, placed among the others
    bad = [
        {"external_id": "post-bad-1", "text": "Does anyone know if the pool is open on holidays?", "author": "tomtom",
         "posted_at": stamp(61000), "url": "https://forum.example.org/t/1899/1", "thread_id": "forum-1899"},
        {"external_id": "post-bad-2", "text": "", "consent_basis": "platform_agreement", "author": "deskgoblin",
         "posted_at": stamp(62000), "url": "https://forum.example.org/t/1899/2", "thread_id": "forum-1899"},
        {"external_id": "post-bad-3", "text": 404, "consent_basis": "platform_agreement", "author": "ryo_k",
         "posted_at": stamp(63000), "url": "https://forum.example.org/t/1899/3", "thread_id": "forum-1899"},
    ]
    for j, b in enumerate(bad):
        rows.insert(40 + j * 60, b)
    return rows


def build_reddit(src: dict, rng: random.Random, seen: set[str]) -> list[dict]:
    threads = []
    for i, t in enumerate(src["reddit_threads"]):
        threads.append({"id": base36(1_200_000 + i * 977), "sub": t["subreddit"], "title": t["title"],
                        "lines": t["lines"], "start": rng.randint(0, 60 * 24 * 50), "posts": 0})
    items = [dict(x) for x in src["reddit_items"]]
    authors = src["authors"]["reddit"]
    weights = [5 if i < 4 else 1 for i in range(len(authors))]
    plan = [("ordinary", None, None)] * (SIZES["reddit"] - len(items))
    plan += [(x["kind"], x["text"], x["subreddit"]) for x in items]
    rng.shuffle(plan)
    rows = []
    for i, (kind, text, sub) in enumerate(plan):
        if text is None:
            thread = rng.choice(threads)
            text = compose(rng, thread["lines"], seen)
        else:
            seen.add(norm(text))
            # standalone items are their own submissions (title = first words), in their subreddit
            thread = {"id": base36(2_000_000 + i * 131), "sub": sub, "title": " ".join(text.split()[:6]) + "...",
                      "start": rng.randint(0, 60 * 24 * 50), "posts": 0}
        thread["posts"] += 1
        cid = base36(30_000_000 + i * 7919)
        row = {
            "external_id": f"t1_{cid}",
            "text": text,
            "consent_basis": "public_post",
            "author": rng.choices(authors, weights)[0],
            "posted_at": stamp(thread["start"] + thread["posts"] * rng.randint(3, 180)),
            "url": f"https://reddit.example.com/r/{thread['sub']}/comments/{thread['id']}/_/{cid}/",
            "thread_id": f"t3_{thread['id']}",
        }
        if thread["posts"] == 1:
            row["title"] = thread["title"]
        row["_expected"] = 1 if kind == "concerning" else 0
        rows.append(row)
    rows.sort(key=lambda r: (r["posted_at"], r["external_id"]))
    return rows


def build_tips(src: dict, rng: random.Random, seen: set[str]) -> list[dict]:
    plan = [("ordinary", t) for t in src["tip_ordinary"]] + [(x["kind"], x["text"]) for x in src["tip_items"]]
    if len(plan) != SIZES["tips"]:
        raise ValueError(f"source.yaml has {len(plan)} tips; {SIZES['tips']} expected")
    rng.shuffle(plan)
    rows = []
    minute = 0
    for i, (kind, text) in enumerate(plan):
        seen.add(norm(text))
        minute += rng.randint(60, 60 * 20)
        tid = f"TIP-2026-{1001 + i:04d}"
        rows.append({
            "external_id": tid,
            "text": text,
            "consent_basis": "consented_submission",
            "author": rng.choice(src["authors"]["tips"]),
            "posted_at": stamp(minute),
            "url": f"https://tips.example.com/submissions/{tid}",
            "thread_id": tid,
            "_expected": 1 if kind == "concerning" else 0,
        })
    return rows


def build(out_dir: Path = HERE, source: Path = HERE / "source.yaml") -> dict[str, list[dict]]:
    src = yaml.safe_load(source.read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    seen: set[str] = set()
    out = {
        "forum": build_forum(src, rng, seen),
        "reddit": build_reddit(src, rng, seen),
        "tips": build_tips(src, rng, seen),
    }
    clash = {norm(r["text"]) for rows in out.values() for r in rows if isinstance(r["text"], str) and r["text"]}
    clash &= training_texts()
    if clash:
        raise ValueError(f"sample texts also in the training data, rewrite them: {sorted(clash)[:5]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    key_rows = []
    for name, rows in out.items():
        with (out_dir / f"{name}.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
            for row in rows:
                expected = row.pop("_expected", None)
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                if expected is not None:
                    key_rows.append((name, row["external_id"], expected))
    with (out_dir / "answer_key.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["source", "external_id", "expected"])
        w.writerows(key_rows)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", type=Path, default=HERE)
    args = ap.parse_args(argv)
    out = build(args.out_dir)
    for name, rows in out.items():
        print(f"{name}: {len(rows)} records")
    with (args.out_dir / "answer_key.csv").open(encoding="utf-8") as fh:
        key = list(csv.DictReader(fh))
    pos = sum(r["expected"] == "1" for r in key)
    print(f"answer key: {len(key)} valid records, {pos} expected to reach review ({pos / len(key):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
