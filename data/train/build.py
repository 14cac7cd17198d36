"""Build the project's own labelled training and dev sets from hand-written phrase banks.

Run: .venv/bin/python data/train/build.py [--out-dir DIR] [--quiet]

Everything here is written by this project; no third-party text. The banks in
`data/train/banks/*.yaml` hold frames (template families) and slot lists. Each list is split
by a stable hash: about a quarter of the templates and slot values are held out and used only
for the dev set, so dev measures generalization to unseen phrasings and targets rather than
memorization. Train and dev use different seeds. Output is deterministic byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
BANKS = HERE / "banks"

INDICATORS = (
    "grievance", "violent_ideation", "planning", "preparation", "leakage",
    "direct_threat", "identification", "fixation", "last_resort", "self_harm",
)
CONTEXTS = (
    "negation", "hypothetical", "quotation", "reported_speech", "counter_speech", "fiction",
    "lyrics", "gaming", "sports", "idiom", "hyperbole", "news", "non_human_target",
)
GROUPS = ("positive", "hard_negative", "ordinary")

SLOT = re.compile(r"\{(\w+)\}")
# pronoun slots agree within one text (tip-line writers describe one person)
PRONOUNS = {"he": ("he", "she"), "his": ("his", "her"), "him": ("him", "her")}
ALT = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")


def held_out_set(values: list[str]) -> set[str]:
    """Every 4th value in sha1 order: a stable quarter that does not depend on list order or seed."""
    ranked = sorted(values, key=lambda v: hashlib.sha1(v.encode("utf-8")).hexdigest())
    return set(ranked[::4])


def split_list(values: list[str], split: str) -> list[str]:
    """Train sees ~75% of a list, dev only the held-out ~25%; lists under 4 values are shared."""
    if len(values) < 4:
        return list(values)
    dev = held_out_set(values)
    return [v for v in values if (v in dev) == (split == "dev")]


def load_banks(banks_dir: Path = BANKS) -> dict:
    slots: dict[str, list[str]] = {}
    frames: list[dict] = []
    plan: dict = {}
    transforms: dict = {}
    for path in sorted(banks_dir.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, values in (doc.get("slots") or {}).items():
            if name in slots:
                raise ValueError(f"{path.name}: slot {name!r} defined twice; rename one")
            slots[name] = [str(v) for v in values]
        for frame in doc.get("frames") or []:
            frame = dict(frame)
            frame["bank"] = path.stem
            frames.append(frame)
        plan.update(doc.get("plan") or {})
        transforms.update(doc.get("transforms") or {})
    names = set()
    for f in frames:
        if f["name"] in names:
            raise ValueError(f"frame {f['name']!r} defined twice")
        names.add(f["name"])
        if f["group"] not in GROUPS:
            raise ValueError(f"frame {f['name']}: group must be one of {GROUPS}")
        bad = set(f.get("indicators") or []) - set(INDICATORS)
        if bad:
            raise ValueError(f"frame {f['name']}: unknown indicators {sorted(bad)}")
        if f.get("context") is not None and f["context"] not in CONTEXTS:
            raise ValueError(f"frame {f['name']}: unknown context {f['context']!r}")
        if (f["group"] == "positive") != bool(f.get("indicators")):
            raise ValueError(f"frame {f['name']}: positives need indicators, others none")
        if (f["group"] == "hard_negative") != (f.get("context") is not None):
            raise ValueError(f"frame {f['name']}: hard negatives need a context, others none")
        for t in f["templates"]:
            for slot in SLOT.findall(t):
                if slot not in slots and slot not in PRONOUNS and slot != "rel":
                    raise ValueError(f"frame {f['name']}: unknown slot {{{slot}}} in {t!r}")
    for name, values in slots.items():
        for v in values:
            for slot in SLOT.findall(v):
                if slot not in slots and slot not in PRONOUNS:
                    raise ValueError(f"slot {name}: unknown slot {{{slot}}} in {v!r}")
    posts = load_posts(banks_dir / "posts")
    return {"slots": slots, "frames": frames, "plan": plan, "transforms": transforms, "posts": posts}


class Filler:
    def __init__(self, banks: dict, split: str, rng: random.Random):
        self.slots = {k: split_list(v, split) for k, v in banks["slots"].items()}
        self.rng = rng

    def fill(self, template: str, depth: int = 0) -> str:
        if depth > 6:
            raise ValueError(f"slot recursion too deep in {template!r}")
        # inline alternatives [a|b|c] first (innermost), then slots, repeat for nesting
        text = template
        while ALT.search(text):
            text = ALT.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
        text = SLOT.sub(lambda m: self.fill(self.rng.choice(self.slots[m.group(1)]), depth + 1), text)
        return text


def tidy(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text).strip()
    text = re.sub(r" ([,.!?])", r"\1", text)
    # keep the template's own casing: real posts are inconsistent
    return text


# ----- surface transforms (registers) -----

def _keyword_spans(text: str, keywords: list[str]) -> list[re.Match]:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, keywords)) + r")\w*", re.IGNORECASE)
    return list(pattern.finditer(text))


def _replace_span(text: str, m: re.Match, new: str) -> str:
    return text[: m.start()] + new + text[m.end():]


def t_leet(text, rng, cfg):
    spans = _keyword_spans(text, cfg["keywords"])
    if not spans:
        return None
    m = rng.choice(spans)
    table = cfg["leet"]
    word = m.group(0)
    out = "".join(table[c.lower()] if c.lower() in table and rng.random() < 0.7 else c for c in word)
    if out == word:
        out = "".join(table.get(c.lower(), c) for c in word)
    return _replace_span(text, m, out) if out != word else None


def t_elongation(text, rng, cfg):
    spans = _keyword_spans(text, cfg["keywords"])
    if not spans:
        return None
    m = rng.choice(spans)
    word = m.group(0)
    idx = [i for i, c in enumerate(word) if c.lower() in "aeiouy"]
    if not idx:
        return None
    i = rng.choice(idx)
    return _replace_span(text, m, word[: i + 1] + word[i] * rng.randint(2, 5) + word[i + 1:])


def t_spacing(text, rng, cfg):
    spans = _keyword_spans(text, cfg["keywords"])
    if not spans:
        return None
    m = rng.choice(spans)
    if rng.random() < 0.3 and m.start() > 0 and text[m.start() - 1] == " ":
        # the missing-space variant: "gonnakill", "tokill"
        return text[: m.start() - 1] + text[m.start():]
    sep = rng.choice([" ", ".", "-", "*"])
    return _replace_span(text, m, sep.join(m.group(0)))


def t_typo(text, rng, cfg):
    words = text.split(" ")
    cand = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not cand:
        return None
    for i in rng.sample(cand, min(len(cand), rng.randint(1, 3))):
        w = words[i]
        j = rng.randrange(1, len(w) - 1)
        op = rng.choice(["drop", "swap", "double"])
        if op == "drop":
            w = w[:j] + w[j + 1:]
        elif op == "swap":
            w = w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
        else:
            w = w[:j] + w[j] + w[j:]
        words[i] = w
    return " ".join(words)


def t_slang(text, rng, cfg):
    out = text.lower()
    for pattern, replacement in cfg["slang"]:
        out = re.sub(pattern, replacement, out)
    out = out.rstrip(".")
    return out if out != text else None


def t_all_caps(text, rng, cfg):
    return text.upper() + rng.choice(["", "!!", "!!!", ""])


def t_emoji(text, rng, cfg, group=None, context=None):
    pool = cfg["emoji"].get(context or group) or cfg["emoji"]["ordinary"]
    n = rng.randint(1, 3)
    return text.rstrip() + " " + "".join(rng.choice(pool) for _ in range(n))


def t_long(text, filler: Filler, rng):
    """Bury the item among ordinary sentences, as in a long rambling post."""
    pool = filler.slots["filler_sentence"]
    picked = rng.sample(pool, rng.randint(1, 4))
    cut = rng.randint(1, len(picked))
    core = text if text[-1] in ".!?)\"'" or not text[-1].isalnum() else text + "."
    return " ".join(picked[:cut] + [core] + picked[cut:])


TRANSFORMS = {
    "leetspeak": t_leet, "elongation": t_elongation, "spacing": t_spacing, "typo": t_typo,
    "slang": t_slang, "all_caps": t_all_caps,
}


def render(frame: dict, filler: Filler, rng: random.Random, cfg: dict, split: str) -> tuple[str, str]:
    templates = split_list(frame["templates"], split)
    template = rng.choice(templates)
    gender = rng.choice((0, 0, 1))
    for slot, forms in PRONOUNS.items():
        template = template.replace("{" + slot + "}", forms[gender])
    template = template.replace("{rel}", ("{rel_he}", "{rel_she}")[gender])
    text = tidy(filler.fill(template))
    register = frame.get("register", "casual")
    if rng.random() < frame.get("transform_rate", cfg["transform_rate"]):
        allowed = frame.get("registers") or cfg["registers"][frame["group"]]
        names = list(allowed)
        weights = [cfg["register_weights"][n] for n in names]
        name = rng.choices(names, weights)[0]
        if name == "long":
            new = t_long(text, filler, rng)
        elif name == "emoji":
            kind = "self_harm" if "self_harm" in (frame.get("indicators") or []) else frame.get("context")
            new = t_emoji(text, rng, cfg, frame["group"], kind)
        else:
            new = TRANSFORMS[name](text, rng, cfg)
        if new and new != text:
            text, register = tidy(new), name
    if frame.get("register") in ("tipline", "news"):
        # tip-line writers and reporters write in sentences
        text = re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text, register


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip()


def generate(banks: dict, split: str, total: int, seed: int, exclude: set[str] = frozenset()) -> list[dict]:
    rng = random.Random(seed)
    filler = Filler(banks, split, rng)
    cfg = banks["transforms"]
    shares = banks["plan"]["group_shares"]
    rows: list[dict] = []
    seen = set(exclude)
    prefix = {"train": "tr", "dev": "dv"}[split]
    for group in GROUPS:
        frames = [f for f in banks["frames"] if f["group"] == group]
        weight_sum = sum(f.get("weight", 1.0) for f in frames)
        group_n = round(total * shares[group])
        for frame in frames:
            want = max(1, round(group_n * frame.get("weight", 1.0) / weight_sum))
            got, tries = 0, 0
            while got < want and tries < want * 40:
                tries += 1
                text, register = render(frame, filler, rng, cfg, split)
                key = norm(text)
                if key in seen:
                    continue
                seen.add(key)
                got += 1
                rows.append({
                    "text": text,
                    "label": 1 if group == "positive" else 0,
                    "indicators": sorted(frame.get("indicators") or [], key=INDICATORS.index),
                    "context": frame.get("context"),
                    "register": register,
                    "frame": frame["name"],
                })
            if got < want:
                print(f"warning: {split} frame {frame['name']}: {got}/{want} unique texts", file=sys.stderr)
    rows += written_posts(banks.get("posts", []), split, seen)
    rng.shuffle(rows)
    for i, row in enumerate(rows):
        row_id = {"id": f"{prefix}-{i:05d}"}
        row_id.update(row)
        rows[i] = row_id
    return rows


def load_posts(posts_dir: Path) -> list[dict]:
    """Whole posts written by the project in the register of real forums (``banks/posts/*.jsonl``).

    Templates vary slots in a fixed frame; on unseen text the classifier learned that unfamiliar
    everyday words lean towards concern (scripts/length_bias.py). These posts, each used once,
    bring the open vocabulary of real talk: ordinary posts on many topics, and threats and their
    look-alikes written as people write them. A line is ``{"text", "label"?, "indicators"?,
    "context"?, "topic"?, "register"?}``; a line with no label is an ordinary post (label 0).
    """
    posts: list[dict] = []
    for path in sorted(posts_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not a JSON object ({exc})") from exc
            label = rec.get("label", 0)
            indicators = rec.get("indicators") or []
            context = rec.get("context")
            if not isinstance(rec.get("text"), str) or not rec["text"].strip():
                raise ValueError(f"{where}: text must be a non-empty string")
            if label not in (0, 1):
                raise ValueError(f"{where}: label must be 0 or 1")
            if set(indicators) - set(INDICATORS) or (context is not None and context not in CONTEXTS):
                raise ValueError(f"{where}: unknown indicator or context")
            if (label == 1) != bool(indicators) or (context is not None and label == 1):
                raise ValueError(f"{where}: label 1 needs indicators and no context; label 0 takes no indicators")
            indicators = sorted(indicators, key=INDICATORS.index)
            kind = indicators[0] if indicators else context or rec.get("topic") or "ordinary"
            posts.append({"text": tidy_post(rec["text"]), "label": label, "indicators": indicators,
                          "context": context, "register": "post", "frame": f"post:{kind}"})
    return posts


def tidy_post(text: str) -> str:
    # keep the writer's line breaks, drop stray spaces around them
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.strip().splitlines())


def written_posts(posts: list[dict], split: str, seen: set[str]) -> list[dict]:
    """The split's share of the written posts: dev gets a stable held-out quarter (by text).

    A post's side depends on its own text only (its SHA-1 modulo 4), so adding posts never moves an
    existing one from dev into train. (Until session 6 it was every fourth post in SHA-1 order,
    which reshuffled the quarter whenever posts were added.)"""
    out = []
    for post in posts:
        key = norm(post["text"])
        if _held_out_post(post["text"]) != (split == "dev") or key in seen:
            continue
        seen.add(key)
        out.append(dict(post))
    return out


def _held_out_post(text: str) -> bool:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 4 == 0


def write_jsonl(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def counts_table(rows: list[dict]) -> str:
    lines = []
    labels = Counter(r["label"] for r in rows)
    hard = sum(1 for r in rows if r["context"])
    lines.append(f"rows {len(rows)} | label=1 {labels[1]} | label=0 {labels[0]} "
                 f"(hard negatives {hard} = {hard / len(rows):.1%}, ordinary {labels[0] - hard})")
    ind = Counter(i for r in rows for i in r["indicators"])
    lines.append("indicators: " + ", ".join(f"{k} {ind[k]}" for k in INDICATORS))
    ctx = Counter(r["context"] for r in rows if r["context"])
    lines.append("contexts: " + ", ".join(f"{k} {ctx[k]}" for k in CONTEXTS))
    reg = Counter(r["register"] for r in rows)
    lines.append("registers: " + ", ".join(f"{k} {v}" for k, v in sorted(reg.items())))
    lines.append(f"frames: {len({r['frame'] for r in rows})}")
    return "\n".join(lines)


def build(out_dir: Path = HERE, banks_dir: Path = BANKS, quiet: bool = False) -> dict[str, list[dict]]:
    banks = load_banks(banks_dir)
    plan = banks["plan"]
    train = generate(banks, "train", plan["train_size"], plan["train_seed"])
    dev = generate(banks, "dev", plan["dev_size"], plan["dev_seed"], exclude={norm(r["text"]) for r in train})
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonl(train, out_dir / "train.jsonl")
    write_jsonl(dev, out_dir / "dev.jsonl")
    if not quiet:
        print("## train\n" + counts_table(train) + "\n\n## dev\n" + counts_table(dev))
    return {"train": train, "dev": dev}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", type=Path, default=HERE)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    build(args.out_dir, quiet=args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
